"""Page metadata by source (issue 13): each source's value and its `sources` entry, with negative fixtures."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from cleaner import Cleaner
from cleaner.html.metadata import read_metadata
from cleaner.html.pagemeta import PageMeta
from cleaner.html.parse import parse

BODY = ("The city council voted on Tuesday to approve a new plan for the riverside district, "
        "ending months of debate over housing, traffic and the future of the old docks.")
BODY2 = ("Residents who spoke at the meeting were divided, with several saying they feared rising rents "
         "would push long-time families out of the neighbourhood.")
NOW = datetime(2025, 6, 1, tzinfo=timezone.utc)


def make_page(head: str = "", top: str = "", after: str = "", h1: str = "Council backs riverside plan") -> str:
    return (f"<!DOCTYPE html><html><head>{head}</head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>{h1}</h1>{top}<p>{BODY}</p><p>{BODY2}</p>{after}</article></body></html>")


def ld(data: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def meta_of(html: str, url: str | None = None) -> PageMeta:
    return read_metadata(parse(html), url, now=NOW)


# --------------------------------------------------------------------------- authors

AUTHOR_CASES = {
    "json-ld-person": (ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Jane Doe"}}),
                       "", ("Jane Doe",), "json-ld"),
    "json-ld-person-by-id": (ld({"@graph": [{"@type": "NewsArticle", "author": {"@id": "#jd"}},
                                            {"@type": "Person", "@id": "#jd", "name": "Jane Doe"}]}),
                             "", ("Jane Doe",), "json-ld"),
    "json-ld-organisation-then-meta": (ld({"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Gazette"}})
                                       + '<meta name="author" content="John Roe">', "", ("John Roe",), "meta"),
    "meta-author": ('<meta name="author" content="By Jane Doe and John Roe">', "", ("Jane Doe", "John Roe"), "meta"),
    "article-author-url-skipped": ('<meta property="article:author" content="https://facebook.com/janedoe">',
                                   '<p class="byline">By Jane Doe</p>', ("Jane Doe",), "byline-element"),
    "twitter-written-by": ('<meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Jane Doe">',
                           "", ("Jane Doe",), "meta"),
    "itemprop-author-name": ("", '<div itemprop="author"><span itemprop="name">Jane Doe</span></div>', ("Jane Doe",), "itemprop"),
    "rel-author": ("", '<p>Posted in News by <a rel="author" href="/a/jd">Jane Doe</a></p>', ("Jane Doe",), "rel-author"),
    "byline-class-with-role-and-date": ("", '<div class="article-byline">By Jane Doe, Staff Writer | May 1, 2025</div>',
                                        ("Jane Doe",), "byline-element"),
    "author-name-class-first": ("", '<div class="author-block"><span class="author-label">Written by:</span>'
                                    '<span class="author-name">Jane Doe</span><span class="author-title">Gardener</span></div>',
                                ("Jane Doe",), "byline-element"),
    "name-after-updated-date": ("", '<div class="author">Updated May 1, 2025 Written by Jane Doe</div>',
                                ("Jane Doe",), "byline-element"),
    "visible-by-line": ("", "<p>By Jane Doe and John Roe</p>", ("Jane Doe", "John Roe"), "by-line"),
    "json-ld-team-byline": (ld({"@type": "BlogPosting", "author": {"@type": "Person", "name": "Riverside Editorial Team"}}),
                            "", ("Riverside Editorial Team",), "json-ld"),
    "meta-staff-byline": ('<meta name="author" content="Gazette Staff">', "", ("Gazette Staff",), "meta"),
    "outlet-after-the-name": ('<meta property="og:site_name" content="Riverside Gazette">',
                              '<div class="byline"><span>Jane Doe</span> <span>Riverside Gazette</span></div>',
                              ("Jane Doe",), "byline-element"),
    "outlet-is-the-surname": ('<meta property="og:site_name" content="Bloomberg">', '<p class="byline">By Michael Bloomberg</p>',
                              ("Michael Bloomberg",), "byline-element"),
    "email-and-follow-removed": ("", '<div class="byline">By Jane Doe jane@example.com Follow</div>', ("Jane Doe",), "byline-element"),
}


@pytest.mark.parametrize("head,top,want,source", AUTHOR_CASES.values(), ids=AUTHOR_CASES.keys())
def test_author_from_each_source(head: str, top: str, want: tuple[str, ...], source: str) -> None:
    meta = meta_of(make_page(head, top))
    assert (meta.authors, meta.sources.get("authors")) == (want, source)


NO_AUTHOR_CASES = {
    "organisation-only": ld({"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Riverside Gazette"}}),
    "outlet-as-meta-author": '<meta property="og:site_name" content="EcoFlow"><meta name="author" content="EcoFlow">',
    "organisation-word": '<meta name="author" content="Clemson News">',
    "facebook-id": '<meta name="author" content="262588213843476">',
    "user-handle": '<meta name="author" content="andrew.keaveney">',
    "bare-team-word": '<meta name="author" content="Team">',
    "organisation-then-team": '<meta name="author" content="Riverside Foundation Team Inc">',
}


@pytest.mark.parametrize("head", NO_AUTHOR_CASES.values(), ids=NO_AUTHOR_CASES.keys())
def test_not_an_author(head: str) -> None:
    meta = meta_of(make_page(head))
    assert meta.authors == () and "authors" not in meta.sources


NOT_A_BYLINE = {
    "reviewed-by": '<p class="byline">Reviewed by Jane Doe</p>',
    "photo-by": "<p>Photo by Jane Doe</p>",
    "comment-author": '<div class="comments"><span class="comment-author">Jane Doe</span></div>',
    "related-story-author": '<ul class="related-posts"><li><span class="author">Jane Doe</span></li></ul>',
    "author-bio-paragraph": '<div class="author-bio">Jane Doe has covered the city council for ten years and '
                            'writes about housing, transport and local politics for the paper.</div>',
    "read-more-link": '<a class="author-link">Read more</a>',
    "team-in-a-byline-element": '<p class="byline">By Gazette Staff</p>',  # only an author field names a team
}


@pytest.mark.parametrize("after", NOT_A_BYLINE.values(), ids=NOT_A_BYLINE.keys())
def test_not_a_byline(after: str) -> None:
    meta = meta_of(make_page(after=after))
    assert meta.authors == ()


def test_a_json_ld_person_who_is_also_the_publisher_stays() -> None:
    head = ld({"@type": "BlogPosting", "author": {"@type": "Person", "name": "Sam Bossley"},
               "publisher": {"@type": "Person", "name": "Sam Bossley"}})
    meta = meta_of(make_page(head + '<meta property="og:site_name" content="Sam Bossley">'))
    assert (meta.authors, meta.sources["authors"]) == (("Sam Bossley",), "json-ld")


# --------------------------------------------------------------------------- dates

FILLER = "".join(f"<p>Paragraph {i} of the story goes on.</p>" for i in range(45))  # past the shown-date window

DATE_CASES = {
    "json-ld": (ld({"@type": "NewsArticle", "datePublished": "2024-03-05T09:30:00Z"}), "", None, "2024-03-05", "json-ld"),
    "meta": ('<meta property="article:published_time" content="2024-03-05T09:30:00Z">', "", None, "2024-03-05", "meta"),
    "time-element": ("", '<time datetime="2024-03-05">5 March</time>', None, "2024-03-05", "time-element"),
    "url": ("", "", "https://example.com/2024/03/05/plan/", "2024-03-05", "url"),
    "visible-date": ("", "<p class='date'>Published: March 5, 2024</p>", None, "2024-03-05", "visible-date"),
    "htmldate-far-from-headline": ("", FILLER + "<p class='date'>Published: March 5, 2024</p>", None, "2024-03-05",
                                   "htmldate"),
}


@pytest.mark.parametrize("head,top,url,want,source", DATE_CASES.values(), ids=DATE_CASES.keys())
def test_published_from_each_source(head: str, top: str, url: str | None, want: str, source: str) -> None:
    meta = meta_of(make_page(head, top), url)
    assert (meta.published[:10], meta.sources["published"]) == (want, source)


def test_a_date_shown_above_the_headline() -> None:
    html = make_page().replace("<h1>", "<div class='meta'><a href='/news'>News</a> <span>March 5, 2024</span></div><h1>")
    meta = meta_of(html)
    assert (meta.published, meta.sources["published"]) == ("2024-03-05", "visible-date")


OLD_LD = ld({"@type": "NewsArticle", "datePublished": "2021-01-04T10:00:00Z"})

# a date shown beside the headline replaces the markup's published date (JSON-LD or meta) ...
SHOWN_REPLACES = {
    "json-ld": (OLD_LD, "<p class='byline'>By Jane Doe</p><p>March 5, 2024</p>"),
    "meta": ('<meta property="article:published_time" content="2021-01-04T10:00:00Z">', "<span>Mar 5, 2024</span>"),
    "published-label": (OLD_LD, "<div><span>Published</span> <span>5 March 2024</span></div>"),
}


@pytest.mark.parametrize("head,top", SHOWN_REPLACES.values(), ids=SHOWN_REPLACES.keys())
def test_a_date_shown_beside_the_headline_replaces_the_markups(head: str, top: str) -> None:
    meta = meta_of(make_page(head, top))
    assert (meta.published, meta.sources["published"]) == ("2024-03-05", "visible-date")


# ... but not when it is an update, the markup's date is shown too, it is the same moment in
# another time zone, it could be read either way, it is in a sentence, a related list or a
# comment, it is far from the headline, or it is in the future
SHOWN_KEPT = {
    "updated-label": (OLD_LD, "<p>Updated March 5, 2024</p>"),
    "updated-label-in-line-before": (OLD_LD, "<p><span>Last updated:</span> <span>March 5, 2024</span></p>"),
    "markup-date-shown-too": (OLD_LD, "<p>March 5, 2024</p><p>First published January 4, 2021</p>"),
    "one-day-off-a-timestamp": (ld({"@type": "NewsArticle", "datePublished": "2021-01-04T02:00:00Z"}),
                                "<p>January 3, 2021</p>"),
    "ambiguous-numeric": (ld({"@type": "NewsArticle", "datePublished": "2021-01-04T10:00:00Z"}), "<p>04/01/2021</p>"),
    "in-a-sentence": (OLD_LD, "<p>The plan, first drafted in secret by the planning office, was approved on March 5, "
                              "2024 after a long and bitter debate.</p>"),
    "related-list": (OLD_LD, '<ul class="related-stories"><li>Other story <span>March 5, 2024</span></li></ul>'),
    "comment": (OLD_LD, '<div class="comments"><p>Reader wrote on <span>March 5, 2024</span></p></div>'),
    "far-from-headline": (OLD_LD, FILLER + "<p>March 5, 2024</p>"),
    "future": (OLD_LD, "<p>March 5, 2031</p>"),
}


@pytest.mark.parametrize("head,top", SHOWN_KEPT.values(), ids=SHOWN_KEPT.keys())
def test_a_shown_date_that_does_not_replace_the_markups(head: str, top: str) -> None:
    meta = meta_of(make_page(head, top))
    assert (meta.published[:10], meta.sources["published"]) == ("2021-01-04", "json-ld")


def test_a_time_element_date_is_not_replaced_by_a_shown_date() -> None:
    meta = meta_of(make_page(top='<p>March 5, 2024</p>', after='<time datetime="2021-01-04">4 January</time>'))
    assert (meta.published, meta.sources["published"]) == ("2021-01-04", "time-element")


def test_a_shown_update_date_fills_modified_when_the_markup_gives_none() -> None:
    meta = meta_of(make_page(OLD_LD, "<p>Updated March 5, 2024</p>"))
    assert (meta.modified, meta.sources["modified"]) == ("2024-03-05", "visible-date")


def test_a_page_showing_only_an_update_date_dates_itself_so() -> None:
    meta = meta_of(make_page(top="<p>Updated March 5, 2024</p><p>Photo: 12/05/2019</p>"))
    assert (meta.published, meta.sources["published"]) == ("2024-03-05", "visible-date")


def test_published_and_modified_kept_apart() -> None:
    meta = meta_of(make_page(ld({"@type": "NewsArticle", "datePublished": "2024-03-05", "dateModified": "2024-04-01"})))
    assert (meta.published, meta.modified) == ("2024-03-05", "2024-04-01")


def test_a_future_date_is_rejected_for_the_next_source() -> None:
    head = (ld({"@type": "NewsArticle", "datePublished": "2031-01-01T00:00:00Z"})
            + '<meta property="article:published_time" content="2024-03-05T09:30:00Z">')
    meta = meta_of(make_page(head))
    assert (meta.published[:10], meta.sources["published"]) == ("2024-03-05", "meta")


@pytest.mark.parametrize("container", ['<ul class="related-stories">{}</ul>', '<aside>{}</aside>',
                                       '<div class="ticker">{}</div>', '<div class="comments">{}</div>'],
                         ids=["related", "aside", "ticker", "comments"])
def test_a_date_in_a_ticker_related_list_or_comment_is_not_the_article_date(container: str) -> None:
    other = container.format('<li><a href="/x">Other story</a> <time datetime="2019-01-02">2 Jan</time></li>')
    meta = meta_of(make_page(top=other, after='<time datetime="2024-03-05">5 March</time>'))
    assert (meta.published, meta.sources["published"]) == ("2024-03-05", "time-element")


# --------------------------------------------------------------------------- title, outlet, agency


def test_visible_headline_wins_over_an_seo_title() -> None:
    head = '<meta property="og:title" content="Riverside plan: council vote | Gazette">'
    meta = meta_of(make_page(head, h1="Council backs riverside plan after long debate"))
    assert (meta.title, meta.sources["title"]) == ("Council backs riverside plan after long debate", "h1")


def test_an_h1_unlike_the_title_is_not_taken() -> None:
    meta = meta_of(make_page('<meta property="og:title" content="Council backs riverside plan">', h1="Newsletter sign-up"))
    assert (meta.title, meta.sources["title"]) == ("Council backs riverside plan", "meta")


def test_ap_story_on_a_newspaper_site_keeps_the_paper_as_outlet(full: Cleaner) -> None:
    head = (ld({"@type": "NewsArticle", "headline": "Council backs riverside plan",
                "publisher": {"@type": "Organization", "name": "Associated Press"}})
            + '<meta property="og:site_name" content="Riverside Gazette">')
    art = full.clean_html(make_page(head))
    assert (art.outlet, art.sources["outlet"], art.agency, art.sources["agency"]) == (
        "Riverside Gazette", "meta", "AP", "json-ld")


def test_a_section_label_is_not_the_outlet(full: Cleaner) -> None:
    art = full.clean_html(make_page('<meta property="og:site_name" content="U.S.">'),
                          url="https://www.riverside-gazette.example/news/plan")
    assert (art.outlet, art.sources["outlet"]) == ("riverside-gazette.example", "url-host")


def test_text_dateline_sets_the_agency(full: Cleaner) -> None:
    art = full.clean(f"WASHINGTON (Reuters) - {BODY}\n\n{BODY2}")
    assert (art.agency, art.sources["agency"]) == ("Reuters", "text")


def test_a_utc_timestamp_past_midnight_gives_way_to_the_urls_day() -> None:
    head = '<meta property="article:published_time" content="2024-03-06T02:41:00+00:00">'
    meta = meta_of(make_page(head), "https://example.com/2024/03/05/plan/")
    assert (meta.published, meta.sources["published"]) == ("2024-03-05", "url")


def test_a_timestamp_days_off_the_url_date_is_kept() -> None:
    head = '<meta property="article:published_time" content="2024-03-09T02:41:00+00:00">'
    meta = meta_of(make_page(head), "https://example.com/2024/03/05/plan/")
    assert (meta.published, meta.sources["published"]) == ("2024-03-09T02:41:00+00:00", "meta")
