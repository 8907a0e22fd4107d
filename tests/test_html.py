"""HTML input: outlet fixtures, negative pages, decoding, outlet detection, page metadata, batch and explain."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from cleaner import Cleaner, PageError
from cleaner.html.decode import decode
from cleaner.html.metadata import read_metadata, strip_site_name
from cleaner.html.parse import parse
from cleaner import cli
from cleaner.lines import normalise

ROOT = Path(__file__).resolve().parent.parent
HTML_FIXTURES = sorted(p for p in (ROOT / "fixtures" / "html").glob("*/*.html") if p.parent.name != "negative")
NEGATIVE = sorted((ROOT / "fixtures" / "html" / "negative").glob("*.html"))
FIELDS = ("outlet", "title", "description", "authors", "published", "modified", "agency", "credits",
          "section", "tags", "language", "canonical_url", "image", "sources", "text")

BODY = ("The city council voted on Tuesday to approve a new plan for the riverside district, "
        "ending months of debate over housing, traffic and the future of the old docks.")
BODY2 = ("Residents who spoke at the meeting were divided, with several saying they feared rising rents "
         "would push long-time families out of the neighbourhood.")


def _id(p: Path) -> str:
    return f"{p.parent.name}/{p.stem}"


def make_page(head: str = "", body: str = "") -> str:
    return (f"<!DOCTYPE html><html><head>{head}</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
            f"<article>{body or f'<p>{BODY}</p><p>{BODY2}</p>'}</article></body></html>")


# --------------------------------------------------------------------------- fixtures


def test_every_outlet_has_an_html_fixture() -> None:
    outlets = sorted(p.stem for p in (ROOT / "rules").glob("*.toml"))
    assert outlets == sorted({p.parent.name for p in HTML_FIXTURES})


@pytest.mark.parametrize("fixture", HTML_FIXTURES, ids=[_id(p) for p in HTML_FIXTURES])
def test_html_fixture(fixture: Path, full: Cleaner) -> None:
    want = json.loads(fixture.with_suffix(".json").read_text("utf-8"))
    art = full.clean_html(fixture.read_bytes())
    got = art.to_dict()
    for field in FIELDS:
        assert got[field] == want[field], field
    assert [[r.stage, r.rule] for r in art.removed] == want["removed"]


@pytest.mark.parametrize("fixture", HTML_FIXTURES, ids=[_id(p) for p in HTML_FIXTURES])
def test_html_fixture_outlet_rules_alone(fixture: Path, rules_only: Cleaner) -> None:
    """With the generic heuristics off, the outlet's strips and line rules still give the article."""
    want = json.loads(fixture.with_suffix(".json").read_text("utf-8"))
    art = rules_only.clean_html(fixture.read_bytes())
    assert art.text == want["text"]
    assert all(r.rule.startswith(fixture.parent.name + "/") for r in art.removed)
    assert any(r.stage == "html" for r in art.removed)


@pytest.mark.parametrize("fixture", NEGATIVE, ids=[p.stem for p in NEGATIVE])
def test_negative_page_keeps_the_whole_article(fixture: Path, full: Cleaner) -> None:
    text = (ROOT / "fixtures" / "negative" / f"{fixture.stem}.txt").read_text("utf-8")
    want = [normalise(line) for line in text.split("\n") if line.strip()]
    art = full.clean_html(fixture.read_bytes())
    assert art.paragraphs == want
    assert art.removed == ()


def test_html_strip_records_source_lines(full: Cleaner) -> None:
    fixture = ROOT / "fixtures" / "html" / "vice" / "is-camps-libya.html"
    lines = fixture.read_text("utf-8").split("\n")
    (banner,) = [r for r in full.clean_html(fixture.read_bytes()).removed if r.rule == "vice/archive-banner"]
    assert banner.stage == "html" and banner.category == "notice"
    assert "This story is over 5 years old." in lines[banner.start_line - 1]
    assert banner.text == "This story is over 5 years old."


# --------------------------------------------------------------------------- decoding


@pytest.mark.parametrize("data, encoding", [
    ("\ufeff<p>café</p>".encode("utf-8"), "utf-8"),
    ("<p>café</p>".encode("utf-16"), "utf-16-le"),
    ('<meta charset="windows-1252"><p>café – “x”</p>'.encode("cp1252"), "cp1252"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><p>Привет</p>'.encode("koi8-r"), "koi8-r"),
    ("<p>café</p>".encode("utf-8"), "utf-8"),
])
def test_decode_honours_bom_and_declared_charset(data: bytes, encoding: str) -> None:
    text, used = decode(data)
    assert used == encoding
    assert "café" in text or "Привет" in text


def test_decode_ignores_a_wrong_declaration() -> None:
    data = '<meta charset="utf-8"><p>Déjà vu à la française, été après été, à Orléans.</p>'.encode("latin-1")
    text, used = decode(data)
    assert "Déjà vu à la française" in text and used != "utf-8"


def test_decode_detects_an_undeclared_encoding() -> None:
    data = ("<p>" + "Москва — столица России, крупнейший по численности населения город страны. " * 5 + "</p>").encode("cp1251")
    text, _ = decode(data)
    assert "Москва — столица России" in text


def test_decode_never_raises_on_undecodable_bytes() -> None:
    text, _ = decode(b"<p>caf\xe9 \xff\xfe\x00\x81 ok</p>" + bytes(range(256)))
    assert "ok" in text


@pytest.mark.parametrize("data", [b"", b"   \n ", "  "])
def test_empty_page_is_a_clear_error(data, full: Cleaner) -> None:
    with pytest.raises(PageError, match="empty page"):
        full.clean_html(data)


# --------------------------------------------------------------------------- outlet detection


def test_outlet_from_record_url_first(full: Cleaner) -> None:
    html = make_page('<link rel="canonical" href="https://news.vice.com/article/x">')
    assert full.clean_html(html, url="https://www.rt.com/news/1-x/").outlet == "RT"


def test_outlet_from_canonical_link(full: Cleaner) -> None:
    assert full.clean_html(make_page('<link rel="canonical" href="https://news.vice.com/article/x">')).outlet == "VICE News"


def test_outlet_from_og_url(full: Cleaner) -> None:
    assert full.clean_html(make_page('<meta property="og:url" content="https://www.breitbart.com/x/">')).outlet == "Breitbart"


def test_outlet_from_og_site_name(full: Cleaner) -> None:
    assert full.clean_html(make_page('<meta property="og:site_name" content="Arabs Today">')).outlet == "Arabs Today"


def test_outlet_from_text_signature(full: Cleaner) -> None:
    body = f"<p>{BODY}</p><p>{BODY2}</p><p>Please let us know if you're having issues with commenting.</p>"
    art = full.clean_html(make_page(body=body))
    assert art.outlet == "Breitbart"
    assert "breitbart/commenting-help" in {r.rule for r in art.removed}


def test_unknown_outlet_takes_the_site_name(full: Cleaner) -> None:
    art = full.clean_html(make_page('<meta property="og:site_name" content="The Riverside Gazette">'))
    assert art.outlet == "The Riverside Gazette" and art.sources["outlet"] == "meta"


# --------------------------------------------------------------------------- page metadata


JSONLD = {
    "@context": "https://schema.org", "@type": "NewsArticle", "headline": "Council approves riverside plan",
    "datePublished": "2024-03-05T09:30:00+01:00", "dateModified": "2024-03-05T11:00:00+01:00",
    "author": [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Person", "name": "John Roe"}],
    "publisher": {"@type": "Organization", "name": "Riverside Gazette"},
    "articleSection": "Local", "keywords": ["housing", "council"], "inLanguage": "en-GB",
    "image": {"@type": "ImageObject", "url": "https://example.com/lead.jpg"},
}


def test_json_ld_wins_over_meta_tags(full: Cleaner) -> None:
    head = (f'<script type="application/ld+json">{json.dumps(JSONLD)}</script>'
            '<meta property="og:title" content="Other title"><meta name="author" content="Someone Else">'
            '<meta property="article:published_time" content="2024-01-01T00:00:00Z">')
    art = full.clean_html(make_page(head))
    assert (art.title, art.authors, art.published, art.modified) == (
        "Council approves riverside plan", ("Jane Doe", "John Roe"), "2024-03-05T09:30:00+01:00", "2024-03-05T11:00:00+01:00")
    assert (art.section, art.tags, art.language, art.image) == ("Local", ("housing", "council"), "en-GB", "https://example.com/lead.jpg")
    assert art.outlet == "Riverside Gazette"
    assert {art.sources[k] for k in ("title", "authors", "published", "section")} == {"json-ld"}


def test_meta_tags_and_document(full: Cleaner) -> None:
    head = ('<title>Council approves plan | Riverside Gazette</title><meta property="og:site_name" content="Riverside Gazette">'
            '<meta name="author" content="By JANE DOE"><meta property="article:published_time" content="2024-03-05T09:30:00Z">'
            '<meta property="og:locale" content="en_GB"><link rel="canonical" href="https://example.com/2024/03/05/plan">')
    art = full.clean_html(make_page(head).replace("<html>", '<html lang="en">'))
    assert (art.title, art.authors, art.published) == ("Council approves plan", ("Jane Doe",), "2024-03-05T09:30:00+00:00")
    assert art.canonical_url == "https://example.com/2024/03/05/plan"
    assert art.language == "en-GB" and art.sources["language"] == "meta"
    assert art.sources["title"] == "title-element" and art.sources["published"] == "meta"


def test_date_from_url_when_the_page_gives_none(full: Cleaner) -> None:
    art = full.clean_html(make_page(), url="https://example.com/news/2019/11/20/council-plan/")
    assert art.published == "2019-11-20" and art.sources["published"] == "url"


def test_future_date_is_rejected_for_the_next_source() -> None:
    root = parse(make_page('<meta property="article:published_time" content="2031-01-01T00:00:00Z">'
                                '<meta name="date" content="2024-03-05">'))
    meta = read_metadata(root, now=datetime(2025, 1, 1, tzinfo=timezone.utc))
    assert meta.published == "2024-03-05" and meta.sources["published"] == "meta"


def test_page_title_line_is_removed_from_the_text(full: Cleaner) -> None:
    body = f"<h1>Council approves riverside plan</h1><p>{BODY}</p><p>{BODY2}</p>"
    art = full.clean_html(make_page("<title>Council approves riverside plan</title>", body))
    assert art.paragraphs == [BODY, BODY2]
    assert [r.rule for r in art.removed] == ["generic/title"]


def test_embedded_tweet_is_kept_as_a_quote(full: Cleaner) -> None:
    tweet = ('<div class="social-media-embed"><blockquote class="twitter-tweet"><p>The plan is a disgrace and '
             'we will fight it in court.</p>— Riverside Tenants (@rtenants) March 5, 2024</blockquote></div>')
    art = full.clean_html(make_page(body=f"<p>{BODY}</p>{tweet}<p>{BODY2}</p>"))
    assert any("we will fight it in court" in p for p in art.paragraphs)


# --------------------------------------------------------------------------- batch and explain


def test_batch_reads_html_files_and_html_records(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.html").write_bytes(make_page("<title>Plan</title>").encode("utf-16"))
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "r1", "url": "https://www.rt.com/news/1-x/", "html": make_page(),
                                                  "lang": "en"}) + "\n" + json.dumps({"id": "r2", "html": ""}) + "\n")
    (tmp_path / "c.htm").write_bytes(b"")
    out = tmp_path / "out.jsonl"
    assert cli.main(["clean", str(tmp_path), "-o", str(out)]) == cli.EXIT_SOME_FAILED
    recs = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in recs] == ["a", "r1", "r2", "c"]
    assert recs[0]["text"] == f"{BODY}\n\n{BODY2}" and recs[0]["title"] == "Plan"
    assert recs[1]["outlet"] == "RT" and recs[1]["lang"] == "en" and "html" not in recs[1]
    assert "empty page" in recs[2]["error"] and "empty page" in recs[3]["error"]
    assert str(tmp_path / "c.htm") == recs[3]["source"]


def test_explain_page_shows_the_html_stage(capsys) -> None:
    fixture = ROOT / "fixtures" / "html" / "breitbart" / "libya-regroup.html"
    assert cli.main(["explain", str(fixture), "--color", "never"]) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert "HTML stage" in out and "breitbart/email-signup [promo]" in out
    assert "Get the Breitbart Newsletter" in out


# --------------------------------------------------------------------------- review cases


@pytest.mark.parametrize("declared, data, want", [
    ("iso-8859-1", "“It’s a deal,” – €5m".encode("cp1252"), "“It’s a deal,” – €5m"),  # read as browsers do
    ("utf-16", "Hello, café".encode("utf-8"), "Hello, café"),  # a UTF-16 label in ASCII markup cannot be true
    ("punycode", "Hello, world".encode("utf-8"), "Hello, world"),  # not a text encoding: ignored
])
def test_declared_charset_read_as_browsers_read_it(declared: str, data: bytes, want: str) -> None:
    text, _ = decode(f'<meta charset="{declared}"><p>'.encode() + data + b"</p>")
    assert want in text


def test_organisation_author_and_video_object_are_not_the_article(full: Cleaner) -> None:
    video = {"@context": "https://schema.org", "@type": "VideoObject", "name": "Watch: council chamber erupts",
             "description": "Video of the session", "uploadDate": "2024-03-05"}
    article = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Council approves riverside plan",
               "author": {"@type": "Organization", "name": "Gazette Staff"}}
    head = "".join(f'<script type="application/ld+json">{json.dumps(x)}</script>' for x in (video, article))
    art = full.clean_html(make_page(head + '<meta name="author" content="Jane Doe">'))
    assert art.title == "Council approves riverside plan"
    assert art.authors == ("Jane Doe",) and art.sources["authors"] == "meta"
    assert art.description != "Video of the session"


@pytest.mark.parametrize("title, site, url, want", [
    ("Covid-19 vaccine - what you need to know", "BBC News", "https://www.bbc.co.uk/news/1", "Covid-19 vaccine - what you need to know"),
    ("Budget approved | The Springfield Gazette", "Springfield Gazette", None, "Budget approved"),
    ("Brexit deal agreed - BBC News", None, "https://www.bbc.co.uk/news/1", "Brexit deal agreed"),
])
def test_site_name_off_the_title_only(title: str, site: str | None, url: str | None, want: str) -> None:
    assert strip_site_name(title, (site,), url) == want


def test_og_site_name_picks_the_outlet_before_the_publisher(full: Cleaner) -> None:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "x",
          "publisher": {"@type": "Organization", "name": "VICE Media Group"}}
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script><meta property="og:site_name" content="VICE News">'
    assert full.clean_html(make_page(head)).outlet == "VICE News"


def test_future_dates_from_the_text_or_an_outlet_rule_are_rejected(full: Cleaner) -> None:
    body = f"<p>Published 1 January 2099</p><p>{BODY}</p><p>{BODY2}</p>"
    assert full.clean_html(make_page(body=body)).published is None
    rt = (ROOT / "fixtures" / "html" / "rt" / "isis-recruitment.html").read_text("utf-8")
    rt = rt.replace('datetime="2016-02-24T12:18:00+00:00"', 'datetime="2099-02-24T12:18:00+00:00"')
    rt = rt.replace("</head>", '<meta property="article:published_time" content="2016-02-24T12:18:00Z"></head>')
    art = full.clean_html(rt.encode())
    assert art.published == "2016-02-24T12:18:00+00:00" and art.sources["published"] == "meta"
