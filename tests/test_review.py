"""HTML review pages: one document (explain --format html) and a batch report, read back with an HTML parser."""
from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cleaner import Cleaner, clean_html, cli, explain
from cleaner.model import CATEGORIES, Article, Removal
from cleaner.review import batch_report, document_page
from cleaner.review import report as report_mod

ROOT = Path(__file__).resolve().parent.parent
TEXT_INPUTS = sorted([*(ROOT / "seeds").glob("*.txt"), *(ROOT / "fixtures" / "rules").glob("*/*.txt"),
                      *(ROOT / "fixtures" / "negative").glob("*.txt")])
PAGE_INPUTS = sorted((ROOT / "fixtures" / "html").glob("*/*.html"))
HOSTILE_TEXT = ("Breaking: <script>alert(1)</script> in the headline\n\n"
                "<img src=x onerror=alert(2)> A reader pasted this markup into the comment box, the site said on Monday.\n\n"
                "The article goes on with a long enough sentence to be kept as body text by the cleaner, officials said.\n\n"
                "Share on Facebook\n\nShare on Twitter\n\n\"><a href=\"javascript:alert(3)\">click</a>\n")
HOSTILE_PAGE = ("<html><head><title>Fire &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; at the docks</title>"
                "<meta property='og:image' content='javascript:alert(2)'></head><body><article>"
                "<h1>Fire &lt;script&gt;alert(1)&lt;/script&gt; at the docks</h1>"
                "<p>A fire broke out at the old docks on Tuesday night, and &lt;script&gt;alert(4)&lt;/script&gt; "
                "was painted on the wall beside it, the fire brigade said in a statement on Wednesday.</p>"
                "<p>Nobody was hurt, but the warehouse and two boats were destroyed before crews could put out the "
                "flames, a spokesman for the brigade said.</p></article></body></html>")


def _id(p: Path) -> str:
    return f"{p.parent.name}/{p.stem}"


class Parsed(HTMLParser):
    """Tags with their attributes, element ids, links and the page's text, as a browser would read them."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.data: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        self.data.append(data)

    @property
    def text(self) -> str:
        return "".join(self.data)

    @property
    def ids(self) -> set[str]:
        return {a["id"] for _, a in self.tags if "id" in a}

    def having(self, attr: str) -> list[dict[str, str]]:
        return [a for _, a in self.tags if attr in a]


def assert_inert_and_self_contained(doc: Parsed) -> None:
    """No script, no event handler, nothing fetched: every link is an anchor in the page, and the CSP forbids the rest."""
    names = [t for t, _ in doc.tags]
    for tag in ("script", "iframe", "object", "embed", "img", "link", "base", "form", "frame"):
        assert tag not in names, tag
    assert not [k for _, a in doc.tags for k in a if k.startswith("on")]
    assert not doc.having("src")
    assert all(a["href"].startswith("#") for a in doc.having("href"))
    csp = [a["content"] for t, a in doc.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0] and "script-src 'none'" in csp[0]
    assert "url(" not in doc.text and "@import" not in doc.text


def review(cleaner: Cleaner, path: Path) -> tuple[Article, str]:
    """What cleaner explain cleans: the text, or for a page the text extracted from it."""
    if path.suffix == ".html":
        result = cleaner.read_page(path.read_bytes())
        return cleaner.clean_page(result), result.text
    raw = path.read_text("utf-8")
    return cleaner.clean(raw), raw


def chips(doc: Parsed) -> list[dict[str, str]]:
    return [a for t, a in doc.tags if t == "details" and "chip" in a.get("class", "").split()]


def check_document_page(article: Article, raw: str, markup: str) -> Parsed:
    doc = Parsed(markup)
    assert_inert_and_self_contained(doc)
    labelled = chips(doc)
    for r in article.removed:
        assert any(c["data-rule"] == r.rule and c["data-category"] == r.category and c["data-stage"] == r.stage
                   and r.start_line <= int(c["data-line"]) <= r.end_line and c["title"] == r.reason for c in labelled), r
    assert {c["data-rule"] for c in labelled} == {r.rule for r in article.removed}
    removed_lines = {n for r in article.removed if r.stage == "text" for n in range(r.start_line, r.end_line + 1)}
    line_class = {a["id"]: a["class"].split() for t, a in doc.tags if t == "li" and a.get("id", "").startswith("L")}
    for n, line in enumerate(raw.split("\n"), 1):
        if line.strip():
            assert ("removed" in line_class[f"L{n}"]) == (n in removed_lines), n
    rows = {a["data-field"] for a in doc.having("data-field")}
    for name in ("title", "description", "published", "outlet", "agency", "language", "canonical_url"):
        assert (name in rows) == bool(getattr(article, name)), name
        if getattr(article, name) and name in article.sources:
            assert article.sources[name] in doc.text
    return doc


@pytest.mark.parametrize("path", TEXT_INPUTS + PAGE_INPUTS, ids=_id)
def test_document_page_labels_every_removal_and_strikes_only_removed_lines(full: Cleaner, path: Path) -> None:
    article, raw = review(full, path)
    doc = check_document_page(article, raw, document_page(article, raw, str(path)))
    stripped = [a for t, a in doc.tags if t == "li" and "data-rule" in a]
    assert [a["data-rule"] for a in stripped] == [r.rule for r in article.removed if r.stage == "html"]


def test_page_fixture_shows_the_elements_its_html_stage_stripped(full: Cleaner) -> None:
    path = ROOT / "fixtures/html/rt/isis-recruitment.html"
    article, raw = review(full, path)
    doc = Parsed(document_page(article, raw, str(path)))
    assert "html-stage" in doc.ids
    assert {a["data-rule"] for a in chips(doc) if a["data-stage"] == "html"} >= {"rt/share-bar", "rt/read-more-box"}


def test_text_holding_markup_is_shown_as_text(full: Cleaner, tmp_path: Path) -> None:
    (tmp_path / "hostile.txt").write_text(HOSTILE_TEXT, "utf-8")
    article, raw = review(full, tmp_path / "hostile.txt")
    doc = check_document_page(article, raw, document_page(article, raw, "<b>hostile</b>.txt"))
    assert "<script>alert(1)</script>" in doc.text
    assert "<img src=x onerror=alert(2)>" in doc.text
    assert "<b>hostile</b>.txt" in doc.text
    assert any(r.rule == "generic/outside" for r in article.removed)  # the javascript: link line, as struck text
    assert '"><a href="javascript:alert(3)">click</a>' in doc.text


def test_a_line_cut_inside_strikes_only_the_removed_piece(full: Cleaner) -> None:
    raw = ("Gov. Kristi NoemKristi Lynn NoemSouth Dakota governor doubles down on claims MORE (R) is defending her "
           "decision to keep the state open during the pandemic, her office said on Monday.\n")
    article = full.clean(raw)
    assert [r.rule for r in article.removed] == ["generic/hover-card"]
    markup = document_page(article, raw)
    check_document_page(article, raw, markup)
    line = markup.split('<li id="L1" ', 1)[1].split("</li>", 1)[0]
    assert 'class="removed partly' in line and "+ kept" in line
    assert '<span class="text">Gov. Kristi Noem<del>Kristi Lynn NoemSouth Dakota governor doubles down on claims MORE</del> (R) is' in line


def test_page_holding_markup_in_title_text_and_image_url_is_shown_as_text(full: Cleaner, tmp_path: Path) -> None:
    (tmp_path / "hostile.html").write_text(HOSTILE_PAGE, "utf-8")
    article, raw = review(full, tmp_path / "hostile.html")
    assert "<script>" in (article.title or "") + article.text
    doc = check_document_page(article, raw, document_page(article, raw))
    assert "<script>alert(4)</script>" in doc.text
    assert article.image is None or article.image in doc.text


def test_every_field_of_a_removal_is_escaped_even_outside_the_vocabulary() -> None:
    bad = '"><script>alert(1)</script>'
    article = Article(text="Body text.", title=bad, removed=(Removal(bad, bad, bad, 1, 1, bad), Removal("r", bad, bad, 2, 2, "x", "html")))
    markup = document_page(article, f"{bad}\nBody text.", bad)
    doc = Parsed(markup)
    assert_inert_and_self_contained(doc)
    assert [c["data-rule"] for c in chips(doc)] == ["r", bad]
    assert "cat-other" in chips(doc)[1]["class"].split()  # unknown category: a class of its own, its name written out


def test_chosen_candidate_is_shown_when_the_article_carries_one() -> None:
    plain = Parsed(document_page(Article(text="Body."), "Body."))
    assert "selection" not in plain.ids
    markup = document_page(Article(text="Body.", extraction="trafilatura-fast: <b>most prose</b>"), "Body.")
    doc = Parsed(markup)
    assert "selection" in doc.ids
    assert "<b>most prose</b>" in doc.text and "<b>most" not in markup


def test_a_page_review_says_which_candidate_the_html_stage_chose() -> None:
    page = b"<html><body><article><h1>A headline</h1>" + b"".join(
        b"<p>Paragraph %d of an article that reads as prose, with enough words to count as a sentence.</p>" % i
        for i in range(8)) + b"</article></body></html>"
    article = clean_html(page)
    assert article.extraction
    doc = Parsed(document_page(article, article.text))
    assert "selection" in doc.ids and article.extraction in doc.text


def test_category_styles_are_distinct_and_named() -> None:
    from cleaner.review.style import category_style, stylesheet

    styles = [category_style(c) for c in CATEGORIES]
    assert len(set(styles)) == len(styles)
    for c in CATEGORIES:
        assert f".cat-{c}{{" in stylesheet()


# --------------------------------------------------------------------------- the command line


def test_explain_format_html_writes_the_page_to_the_output(full: Cleaner, tmp_path: Path, capsys) -> None:
    path = ROOT / "fixtures/html/vice/is-camps-libya.html"
    out = tmp_path / "review.html"
    assert cli.main(["explain", str(path), "--format", "html", "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    article, raw = review(full, path)
    assert out.read_text("utf-8") == document_page(article, raw, str(path))


def test_explain_output_option_writes_the_text_view_without_colour(full: Cleaner, tmp_path: Path) -> None:
    path = ROOT / "seeds/002_4e9f6fdf3983f584.txt"
    out = tmp_path / "explain.txt"
    assert cli.main(["explain", str(path), "-o", str(out), "--color", "always"]) == 0
    article, raw = review(full, path)
    assert out.read_text("utf-8") == explain.render(article, raw)


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> dict:
    """A clean --explain run over seeds, HTML and negative fixtures, a hostile text and a binary file, and its report."""
    tmp = tmp_path_factory.mktemp("batch")
    (tmp / "hostile.txt").write_text(HOSTILE_TEXT, "utf-8")
    (tmp / "binary.txt").write_bytes(b"\x00\x01binary\xff" * 10)
    out, stats, report = tmp / "batch.jsonl", tmp / "stats.json", tmp / "report.html"
    code = cli.main(["clean", "--explain", "-q", "-j", "1", "-o", str(out), "--stats", str(stats), str(ROOT / "seeds"),
                     str(ROOT / "fixtures/html"), str(ROOT / "fixtures/negative"), str(tmp / "hostile.txt"), str(tmp / "binary.txt")])
    assert code == 1  # the binary file is an error record
    assert cli.main(["report", str(out), "--stats", str(stats), "-o", str(report)]) == 0
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    return {"records": records, "stats": json.loads(stats.read_text("utf-8")), "doc": Parsed(report.read_text("utf-8")),
            "markup": report.read_text("utf-8"), "path": out}


def _chart_bars(doc: Parsed, section: str) -> list[dict[str, str]]:
    """The bars of the first chart after the element with this id."""
    start = next(i for i, (_, a) in enumerate(doc.tags) if a.get("id") == section)
    bars, seen_svg = [], False
    for tag, a in doc.tags[start + 1:]:
        if tag == "svg":
            if seen_svg:
                break
            seen_svg = True
        elif tag == "section":
            break
        elif tag == "rect" and "bar" in a.get("class", "").split():
            bars.append(a)
    return bars


def test_report_is_inert_and_self_contained(batch: dict) -> None:
    assert_inert_and_self_contained(batch["doc"])
    assert "<script>alert(1)</script>" not in batch["markup"]


def test_report_has_a_bar_per_category_and_per_rule(batch: dict) -> None:
    removed = [r for rec in batch["records"] for r in rec.get("removed", [])]
    per_category = {c: sum(r["category"] == c for r in removed) for c in {r["category"] for r in removed}}
    bars = _chart_bars(batch["doc"], "categories")
    assert {b["data-label"]: int(b["data-value"]) for b in bars} == per_category
    assert all(f"cat-{b['data-label']}" in b["class"].split() for b in bars)
    per_rule = {rule: sum(r["rule"] == rule for r in removed) for rule in {r["rule"] for r in removed}}
    rule_bars = _chart_bars(batch["doc"], "rules")
    assert len(rule_bars) == min(len(per_rule), report_mod.CHART_RULES)
    assert all(per_rule[b["data-label"]] == int(b["data-value"]) for b in rule_bars)
    assert [int(b["data-value"]) for b in rule_bars] == sorted(per_rule.values(), reverse=True)[: len(rule_bars)]


def test_report_links_resolve_and_each_listed_document_shows_its_removals(batch: dict) -> None:
    doc = batch["doc"]
    links = [a["href"][1:] for a in doc.having("href")]
    assert links and set(links) <= doc.ids
    by_anchor = {f"doc-{i}": rec for i, rec in enumerate(batch["records"], 1)}
    listed = {a for a in links if a.startswith("doc-")}
    assert listed == {a["id"] for t, a in doc.tags if t == "section" and "doc" in a.get("class", "").split()}
    sections = batch["markup"].split('<section class="doc" id="')[1:]
    for part in sections:
        anchor, body = part.split('"', 1)
        rec = by_anchor[anchor]
        rules = [a["data-rule"] for a in Parsed(body.split("</section>", 1)[0]).having("data-rule")]
        assert rules == [r["rule"] for r in rec.get("removed", [])], anchor
        if "error" in rec:
            assert rec["error"] in doc.text


def test_report_lists_the_documents_worth_a_look(batch: dict) -> None:
    records, doc = batch["records"], batch["doc"]
    cleaned = [r for r in records if "error" not in r]
    fewest = min(cleaned, key=lambda r: r["word_count"])
    assert fewest["id"] == "hostile"
    errors = [r for r in records if "error" in r]
    assert [r["id"] for r in errors] == ["binary"]
    look = batch["markup"].split('id="look"', 1)[1]
    assert look.index(f'href="#doc-{records.index(fewest) + 1}"') < look.index('id="most-removed"')
    assert f'href="#doc-{records.index(errors[0]) + 1}"' in look.split('id="errors"', 1)[1]
    assert f"{len(records):,}" in doc.text and "error records" in doc.text


def test_report_shows_outlets_and_the_rules_that_never_fired(batch: dict) -> None:
    text = batch["doc"].text
    for outlet in {r.get("outlet") for r in batch["records"] if r.get("outlet")}:
        assert outlet in text
    assert batch["stats"]["rules_never_fired"] == [] and "Every outlet rule fired at least once." in text
    never = ["rt/old-banner", "vice/<b>gone</b>", "rt/old-footer"]
    lines = batch["path"].read_text("utf-8").splitlines()
    markup = batch_report(lines, {**batch["stats"], "rules_never_fired": never}, "batch")
    doc = Parsed(markup)
    assert all(rid in doc.text for rid in never) and "<b>gone" not in markup
    assert "Outlet rules that never fired (3)" in doc.text and "rt (2)" in doc.text and "vice (1)" in doc.text
    assert "from another run?" not in doc.text
    assert "from another run?" in Parsed(batch_report(lines[:3], batch["stats"], "part")).text


def _synthetic(n: int) -> list[str]:
    lines = []
    for i in range(n):
        if i % 50 == 7:
            lines.append(json.dumps({"id": f"e{i}", "source": f"in:{i}", "error": "binary file, not text"}))
            continue
        removed = [{"rule": f"generic/r{j}", "category": list(CATEGORIES)[j], "reason": "why", "stage": "text",
                    "lines": [j + 1, j + 1], "text": "gone " * (i % 13)} for j in range(i % 4)]
        lines.append(json.dumps({"id": f"d{i}", "source": f"in:{i}", "outlet": f"O{i % 3}", "text": "word " * ((i * 37) % 101),
                                 "word_count": (i * 37) % 101, "removed": removed}))
    return lines


def test_report_keeps_only_the_top_documents_and_orders_them() -> None:
    lines = _synthetic(400)
    t = report_mod.tally(lines, top=5)
    recs = [(i, json.loads(line)) for i, line in enumerate(lines, 1)]
    cleaned = [(i, r) for i, r in recs if "error" not in r]
    want_fewest = [i for i, _ in sorted(cleaned, key=lambda ir: (ir[1]["word_count"], ir[0]))[:5]]
    assert [d.index for d in t.fewest_kept.best_first()] == want_fewest
    gone = {i: sum(len(x["text"].split()) for x in r["removed"]) for i, r in cleaned}
    want_most = [i for i in sorted((i for i in gone if gone[i]), key=lambda i: (-gone[i], i))[:5]]
    assert [d.index for d in t.most_removed.best_first()] == want_most
    assert t.documents == 400 and t.error_count == 8 and t.words_removed == sum(gone.values())
    doc = Parsed(batch_report(lines, None, "synthetic", top=5))
    sections = [a["id"] for t_, a in doc.tags if t_ == "section" and "doc" in a.get("class", "").split()]
    assert len(sections) <= 5 + 5 + 8


def test_report_counts_lines_that_are_not_records_and_goes_on() -> None:
    lines = _synthetic(3) + ["not json", "[1, 2]", ""]
    doc = Parsed(batch_report(lines, None, "mixed"))
    assert "unreadable" in doc.ids
    assert "not valid JSON" in doc.text and "not a JSON object" in doc.text
    assert "pass --stats" in doc.text


@pytest.mark.parametrize("content, problem", [("{", "not a JSON stats file"), ("[]", "expected an object"),
                                              ('{"rules_never_fired": "x"}', "rules_never_fired")],
                         ids=["not-json", "not-object", "never-fired-not-list"])
def test_report_rejects_a_bad_stats_file_naming_it(batch: dict, tmp_path: Path, capsys, content: str, problem: str) -> None:
    stats, out = tmp_path / "stats.json", tmp_path / "report.html"
    stats.write_text(content, "utf-8")
    assert cli.main(["report", str(batch["path"]), "--stats", str(stats), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert str(stats) in err and problem in err
    assert not out.exists()


def test_report_on_a_missing_batch_is_a_usage_error_and_writes_nothing(tmp_path: Path, capsys) -> None:
    out = tmp_path / "report.html"
    assert cli.main(["report", str(tmp_path / "nope.jsonl"), "-o", str(out)]) == 2
    assert "nope.jsonl" in capsys.readouterr().err
    assert not out.exists()
