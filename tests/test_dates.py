"""Tests for cleaner.dates: finding and parsing publication dates in scraped news text."""

import pytest

from cleaner.dates import DateMatch, is_dateline, parse_date, search_dates

# (id, input, expected ISO of the first date)
POSITIVE = [
    ("rt", "24 Feb, 2016 12:18", "2016-02-24T12:18:00"),
    ("at-pm-et-winter", "Nov 18, 2019 at 9:24 pm ET", "2019-11-18T21:24:00-05:00"),
    ("time-before-date", "Updated 1:39 am EST, Wednesday, November 20, 2019", "2019-11-20T01:39:00-05:00"),
    ("arabs-today", "GMT 18:44 2018 Friday ,14 December", "2018-12-14T18:44:00+00:00"),
    ("mdy-long", "November 20, 2019", "2019-11-20"),
    ("dmy-long", "20 November 2019", "2019-11-20"),
    ("guardian-dot-time", "Wednesday 20 November 2019 10.15 GMT", "2019-11-20T10:15:00+00:00"),
    ("guardian-bst", "Sun 14 Jul 2019 21.30 BST", "2019-07-14T21:30:00+01:00"),
    ("dotted-dmy", "20.11.2019", "2019-11-20"),
    ("iso-date", "2019-11-20", "2019-11-20"),
    ("iso-zulu", "2019-11-20T10:15:00Z", "2019-11-20T10:15:00+00:00"),
    ("iso-offset-fraction", "2019-11-20T10:15:00.123-05:00", "2019-11-20T10:15:00-05:00"),
    ("iso-space-time", "2019-11-20 10:15", "2019-11-20T10:15:00"),
    ("ymd-slash", "2019/11/20", "2019-11-20"),
    ("us-slash", "11/20/2019", "2019-11-20"),
    ("eu-slash-day-over-12", "20/11/2019", "2019-11-20"),
    ("ambiguous-slash-is-us", "05/06/2019", "2019-05-06"),
    ("us-dash", "11-20-2019", "2019-11-20"),
    ("dotted-us-when-forced", "11.20.2019", "2019-11-20"),
    ("abbr-dot-pm-dots", "Nov. 20, 2019 7:05 p.m.", "2019-11-20T19:05:00"),
    ("posted-slash-pm-est", "Posted: Nov 20, 2019 / 07:05 PM EST", "2019-11-20T19:05:00-05:00"),
    ("time-first-no-comma-year", "12:18 PM, Feb 24 2016", "2016-02-24T12:18:00"),
    ("sept", "Sept. 3, 2019", "2019-09-03"),
    ("upper-case", "NOV 20, 2019", "2019-11-20"),
    ("lower-case", "november 20 2019 23:59:59", "2019-11-20T23:59:59"),
    ("ordinal-of", "Wednesday, 20th of November, 2019", "2019-11-20"),
    ("ordinal-mdy", "Tuesday, November 19th, 2019 at 10:05 AM CT", "2019-11-19T10:05:00-06:00"),
    ("dmy-dashes", "20-Nov-2019", "2019-11-20"),
    ("bare-hour-pm", "Nov 20, 2019 at 9 pm", "2019-11-20T21:00:00"),
    ("midnight-am", "Nov 20, 2019 12:00 am", "2019-11-20T00:00:00"),
    ("noon-pm", "Nov 20, 2019 12:30 PM", "2019-11-20T12:30:00"),
    ("utc-plus-hours", "Sept. 3, 2019 10:00 UTC+3", "2019-09-03T10:00:00+03:00"),
    ("gmt-minus-hhmm", "3 Sep 2019 10:00 GMT-03:30", "2019-09-03T10:00:00-03:30"),
    ("numeric-offset", "3 Sept 2019 10:00 +0200", "2019-09-03T10:00:00+02:00"),
    ("numeric-offset-colon", "3 Sept 2019 10:00 +02:00", "2019-09-03T10:00:00+02:00"),
    ("rfc-2822", "Sun, 20 Nov 2019 10:15:00 +0000", "2019-11-20T10:15:00+00:00"),
    ("ist-india", "Nov 20, 2019 10:00 IST", "2019-11-20T10:00:00+05:30"),
    ("cet", "20.11.2019 10:00 CET", "2019-11-20T10:00:00+01:00"),
    ("cest", "20.07.2019 10:00 CEST", "2019-07-20T10:00:00+02:00"),
    ("utc-word", "20 November 2019 10:15 UTC", "2019-11-20T10:15:00+00:00"),
    ("pt-summer", "Jul 4, 2021 10:00 PDT", "2021-07-04T10:00:00-07:00"),
    ("pst-winter", "Jan 4, 2021 10:00 PST", "2021-01-04T10:00:00-08:00"),
    ("mt", "Jan 4, 2021 10:00 MT", "2021-01-04T10:00:00-07:00"),
    ("zone-before-time-offset", "GMT+3 18:44 2018 Friday ,14 December", "2018-12-14T18:44:00+03:00"),
    ("time-zone-before-date", "10:00 +0200 Nov 20, 2019", "2019-11-20T10:00:00+02:00"),
    ("leap-day", "Feb 29, 2016", "2016-02-29"),
    ("date-in-sentence", "The meeting on November 20, 2019 was cancelled.", "2019-11-20"),
    ("year-bounds-low", "1990-01-01", "1990-01-01"),
    ("year-bounds-high", "2100-12-31", "2100-12-31"),
    # other languages' month names (data/months.txt)
    ("de-dotted-day", "publiziert am 30. Juli 2018", "2018-07-30"),
    ("de-umlaut-upper", "2. MÄRZ 2022, 10:15", "2022-03-02T10:15:00"),
    ("fr-premier", "le 1er janvier 2020", "2020-01-01"),
    ("fr-accent", "Publié le 15 août 2021", "2021-08-15"),
    ("es-de", "30 de julio de 2018", "2018-07-30"),
    ("pt-de-cedilla", "Publicado em 5 de março de 2021", "2021-03-05"),
    ("it", "12 luglio 2019", "2019-07-12"),
    ("nl", "14 mei 2019", "2019-05-14"),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in POSITIVE], ids=[c[0] for c in POSITIVE])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


NEGATIVE = [
    ("relative-hours", "Published 3 hours ago"),
    ("relative-days", "2 days ago"),
    ("no-year-mdy", "November 20"),
    ("no-year-dmy", "Wednesday 20 November at 10:15"),
    ("feb-30", "Feb 30, 2019"),
    ("feb-29-non-leap", "29 February 2019"),
    ("month-13-slash", "13/13/2019"),
    ("month-13-iso", "2019-13-01"),
    ("april-31-dotted", "31.04.2019"),
    ("year-too-old", "1989-12-31"),
    ("year-too-new", "2101-01-01"),
    ("thousands", "5,000"),
    ("engine-size", "a 2.5-liter engine"),
    ("phone", "Call 020 7123 4567 now"),
    ("phone-dashed", "555-123-4567"),
    ("version-like", "20.11.2019.5"),
    ("plain-year", "In 2019 the company grew"),
    ("month-year-only", "November 2019"),
    ("other-language-month-year-only", "Mars 2020 mission"),
    ("other-language-no-year", "30. Juli"),
    ("empty", ""),
]


@pytest.mark.parametrize("text", [c[1] for c in NEGATIVE], ids=[c[0] for c in NEGATIVE])
def test_not_a_date(text):
    assert search_dates(text) == []
    assert parse_date(text) is None
    assert is_dateline(text) is None


def test_no_time_zone_invented():
    assert parse_date("Nov 20, 2019 10:15") == "2019-11-20T10:15:00"
    assert parse_date("Nov 20, 2019") == "2019-11-20"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Jul 18, 2019 at 9:24 pm ET", "2019-07-18T21:24:00-04:00"),
        ("Nov 18, 2019 at 9:24 pm ET", "2019-11-18T21:24:00-05:00"),
        ("Mar 10, 2019 at 1:30 am ET", "2019-03-10T01:30:00-05:00"),  # just before the switch
        ("Mar 10, 2019 at 3:30 am ET", "2019-03-10T03:30:00-04:00"),  # just after it
        ("Jul 18, 2019 at 9:24 pm EST", "2019-07-18T21:24:00-04:00"),  # sites misuse EST in summer
        ("Jul 18, 2019 at 9:24 pm CT", "2019-07-18T21:24:00-05:00"),
    ],
    ids=["et-july", "et-november", "et-before-dst", "et-after-dst", "est-in-summer", "ct-july"],
)
def test_dst_aware_us_zones(text, expected):
    assert parse_date(text) == expected


def test_spans_and_has_time():
    text = "Posted: Nov 20, 2019 / 07:05 PM EST"
    (m,) = search_dates(text)
    assert text[m.start:m.end] == "Nov 20, 2019 / 07:05 PM EST"
    assert m == DateMatch(8, 35, "2019-11-20T19:05:00-05:00", True)

    text = "Updated 1:39 am EST, Wednesday, November 20, 2019"
    (m,) = search_dates(text)
    assert text[m.start:m.end] == "1:39 am EST, Wednesday, November 20, 2019"

    text = "The meeting on November 20, 2019 was cancelled."
    (m,) = search_dates(text)
    assert text[m.start:m.end] == "November 20, 2019"
    assert m.has_time is False


def test_multiple_dates_left_to_right_without_overlap():
    text = "From Nov 19, 2019 10:00 to 20.11.2019 and 2019-11-21T08:00:00Z."
    got = search_dates(text)
    assert [m.iso for m in got] == ["2019-11-19T10:00:00", "2019-11-20", "2019-11-21T08:00:00+00:00"]
    assert [text[m.start:m.end] for m in got] == ["Nov 19, 2019 10:00", "20.11.2019", "2019-11-21T08:00:00Z"]
    assert all(a.end <= b.start for a, b in zip(got, got[1:]))


def test_time_belongs_to_one_date_only():
    text = "Nov 19, 2019 10:00 Nov 20, 2019"
    first, second = search_dates(text)
    assert first.iso == "2019-11-19T10:00:00"
    assert second.iso == "2019-11-20" and not second.has_time


def test_numbers_after_date_are_not_times():
    assert parse_date("On Nov 20, 2019, 12 people died") == "2019-11-20"
    assert parse_date("20 November 2019, 3.45 million viewers") == "2019-11-20"
    assert parse_date("Nov 20, 2019 10:00 - 12:00") == "2019-11-20T10:00:00"


def test_dot_time_at_end_of_line():
    assert parse_date("Wednesday 20 November 2019 10.15") == "2019-11-20T10:15:00"


@pytest.mark.parametrize(
    "line,expected",
    [
        ("Published: 11:20 AM EST, Wed November 20, 2019 | Updated: 12:00 PM", "2019-11-20T11:20:00-05:00"),
        ("Published: Nov 20, 2019 | Updated: Nov 21, 2019", "2019-11-20"),
        ("Last updated: Nov 20, 2019", "2019-11-20"),
        ("First published on Wed 20 Nov 2019 10.15 GMT", "2019-11-20T10:15:00+00:00"),
        ("Posted on November 20, 2019 at 9:24 pm ET", "2019-11-20T21:24:00-05:00"),
        ("Originally published · 20.11.2019", "2019-11-20"),
        ("Date: 2019-11-20", "2019-11-20"),
        ("Modified • Wednesday | 20 November 2019 - 10:15", "2019-11-20T10:15:00"),
        ("  November 20, 2019  ", "2019-11-20"),
        ("GMT 18:44 2018 Friday ,14 December", "2018-12-14T18:44:00+00:00"),
    ],
    ids=["two-labels", "two-dates", "last-updated", "first-published-on", "posted-on-at",
         "originally-dot", "date-colon", "modified-separators", "padded", "arabs-today"],
)
def test_is_dateline(line, expected):
    m = is_dateline(line)
    assert m is not None and m.iso == expected


@pytest.mark.parametrize(
    "line",
    [
        "The meeting on November 20, 2019 was cancelled.",
        "By John Smith | Nov 20, 2019",
        "Trump impeachment hearing: November 20, 2019",
        "Nov 20, 2019 | Updated 3 hours ago",
        "Published 3 hours ago",
        "Published: " + "x" * 300 + " Nov 20, 2019",
    ],
    ids=["sentence", "byline", "headline", "relative-tail", "relative", "too-long"],
)
def test_is_dateline_rejects(line):
    assert is_dateline(line) is None


def test_is_dateline_returns_first_match_span():
    line = "Published: 11:20 AM EST, Wed November 20, 2019 | Updated: 12:00 PM"
    m = is_dateline(line)
    assert line[m.start:m.end] == "11:20 AM EST, Wed November 20, 2019"
    assert m.has_time
