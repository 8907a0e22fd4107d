"""Published dates (issue 13): a markup date the page shows as an update, time zones, ambiguous <time> values."""
from __future__ import annotations

import pytest

from cleaner import dates
from cleaner.html.published import same_moment_elsewhere
from test_metadata_gold import ld, make_page, meta_of


def test_a_markup_date_shown_as_an_update_gives_way_to_the_shown_publication() -> None:
    # the CMS wrote its update time as datePublished: the page shows it as "Updated"
    head = ld({"@type": "BlogPosting", "datePublished": "2024-08-21", "dateModified": "2024-08-20"})
    meta = meta_of(make_page(head, "<p>Published Apr 26, 2023</p><p>Updated Aug 21, 2024</p>"))
    assert (meta.published, meta.sources["published"]) == ("2023-04-26", "visible-date")


MARKUP_KEPT = {
    # the markup's date shown as the publication too: it stays
    "shown-as-published-too": "<p>Published Aug 21, 2024</p><p>Updated Aug 21, 2024</p><p>Apr 26, 2023</p>",
    # the other shown date is later: an update shown as the markup's published is no publication date
    "other-date-later": "<p>Updated Aug 21, 2024</p><p>Sep 26, 2024</p>",
    # the other shown date is itself an update
    "other-date-an-update-too": "<p>Updated Aug 21, 2024</p><p>Revised Apr 26, 2023</p>",
}


@pytest.mark.parametrize("top", MARKUP_KEPT.values(), ids=MARKUP_KEPT.keys())
def test_a_markup_date_shown_as_an_update_is_kept_otherwise(top: str) -> None:
    head = ld({"@type": "BlogPosting", "datePublished": "2024-08-21"})
    meta = meta_of(make_page(head, top))
    assert (meta.published, meta.sources["published"]) == ("2024-08-21", "json-ld")


@pytest.mark.parametrize("timestamp,day,same", [
    ("2025-12-19T22:02:58+00:00", "2025-12-20", True),   # already the 20th east of UTC+2
    ("2025-12-19T22:02:58+00:00", "2025-12-18", False),  # the 18th nowhere
    ("2025-12-19T02:00:00Z", "2025-12-18", True),        # still the 18th in the Americas
    ("2025-12-19T14:00:00-05:00", "2025-12-18", False),  # 19:00 UTC: the 18th nowhere
    ("2025-12-19T09:00:00", "2025-12-18", True),         # no zone: either way
    ("2025-12-19", "2025-12-18", False),                 # a day, not a timestamp
    ("2025-12-19T22:02:58+00:00", "2025-12-22", False),  # days apart
], ids=["utc-late-next-day", "utc-late-day-before", "utc-early-day-before", "offset-early-day-before",
        "no-zone", "no-time", "days-apart"])
def test_same_moment_elsewhere(timestamp: str, day: str, same: bool) -> None:
    assert same_moment_elsewhere(timestamp, day) is same


def test_a_shown_date_no_time_zone_can_explain_replaces_the_timestamp() -> None:
    # 22:02 UTC on the 19th is the 19th or the 20th in every time zone: a page showing the 18th
    # beside its headline dates itself so (the old rule took any day off a timestamp for a zone)
    head = ld({"@type": "NewsArticle", "datePublished": "2024-12-19T22:02:58Z"})
    meta = meta_of(make_page(head, "<p>Dec 18, 2024</p>"))
    assert (meta.published, meta.sources["published"]) == ("2024-12-18", "visible-date")


def test_a_shown_date_a_time_zone_explains_keeps_the_timestamp() -> None:
    head = ld({"@type": "NewsArticle", "datePublished": "2024-12-19T22:02:58Z"})
    meta = meta_of(make_page(head, "<p>Dec 20, 2024</p>"))
    assert (meta.published, meta.sources["published"]) == ("2024-12-19T22:02:58+00:00", "json-ld")


def test_a_utc_timestamp_the_urls_day_cannot_be_is_kept() -> None:
    # 19:00 UTC on the 6th is the 6th or the 7th everywhere: the URL's 5th is another day
    head = '<meta property="article:published_time" content="2024-03-06T14:00:00-05:00">'
    meta = meta_of(make_page(head), "https://example.com/2024/03/05/plan/")
    assert (meta.published, meta.sources["published"]) == ("2024-03-06T14:00:00-05:00", "meta")


def test_an_ambiguous_time_datetime_is_not_read() -> None:
    # <time datetime="03-10-2023">: March or October; the shown date says which
    meta = meta_of(make_page(top='<p><time datetime="03-10-2023">3 October 2023</time></p>'))
    assert (meta.published, meta.sources["published"]) == ("2023-10-03", "visible-date")


@pytest.mark.parametrize("text,want", [("03/10/2023", True), ("03-10-2023", True), ("13/10/2023", False),
                                       ("10/10/2023", False), ("2023-10-03", False), ("Oct 3, 2023", False)],
                         ids=["slash", "dash", "day-over-12", "same-number", "iso", "written"])
def test_ambiguous(text: str, want: bool) -> None:
    assert dates.ambiguous(text) is want
