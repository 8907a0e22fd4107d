"""The HTML stage's fast paths give what the code they replace gave: a short element's text read only up to
its limit (tree.short_text), the elements around a headline walked only as far as the window reaches
(tree.following/preceding, for XPath's following::/preceding:: axes), a byline class searched in the class
and the id apart (authors._byline_named), and shown_dates asking where an element sits only when it has
text. Each is checked against the old way on the fixture pages and on hand-made edge cases."""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from lxml import etree, html as lxml_html

from cleaner.html import authors, published
from cleaner.html.decode import decode
from cleaner.html.parse import parse
from cleaner.html.regions import PageRegions, own_class
from cleaner.html.tree import element_text, following, preceding, short_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"
PAGES = sorted(FIXTURES.glob("*/*.html"))

# edge cases: text split over inline elements, tails, whitespace runs and no-break spaces, comments (kept
# by lxml.html.fromstring, unlike cleaner's parser), an element nested deep, a page with a <head>
EDGE = """<html><head><title>T</title><meta name="a" content="b"></head><body>
<div id="top"><p>One <b>two</b>three<i> four </i>  five</p><!-- a comment -->tail text
<span>\u00a0spaced\u00a0 out\t\n</span></div>
<ul><li>a</li><li><a href="#">b</a> c</li></ul>
<div><div><div><div><h1>The headline</h1><p>By Jane Doe</p></div></div></div></div>
<section><p>after one</p><p>after two</p><!-- c2 --><p>after three</p></section>
<footer><p>Updated May 1, 2024</p></footer></body></html>"""


def _trees() -> list[tuple[str, etree._Element]]:
    trees = [(p.parent.name + "/" + p.stem, parse(decode(p.read_bytes())[0])) for p in PAGES]
    return trees + [("edge", lxml_html.fromstring(EDGE)), ("edge-parsed", parse(EDGE))]


TREES = _trees()
TREE_IDS = [name for name, _ in TREES]


def test_fixture_pages_found() -> None:
    assert len(PAGES) >= 4  # the checks below would pass vacuously without them


# ----------------------------------------------------------------------------- short_text

@pytest.mark.parametrize("name, root", TREES, ids=TREE_IDS)
def test_short_text_is_element_text_within_the_limit(name: str, root: etree._Element) -> None:
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        full = element_text(el)
        for limit in (0, 1, 5, 40, 80, 120, len(full) - 1, len(full)):
            got = short_text(el, limit)
            assert got == (full if len(full) <= limit else None), (el.tag, limit, full[:60])


@pytest.mark.parametrize("markup, limit, expected", [
    ("<p>One <b>two</b>three</p>", 13, "One two three"),      # exactly the limit: kept
    ("<p>One <b>two</b>three</p>", 12, None),                 # one over: None
    ("<p>  \n </p>", 0, ""),                                   # no words at all
    ("<p>a\u00a0b</p>", 3, "a b"),                             # a no-break space splits as element_text splits
    ("<div><p>x</p>tail</div>", 6, "x tail"),                  # a child's tail is the element's text
    ("<div><p>x</p></div>", 1, "x"),
], ids=["at-limit", "over-limit", "blank", "nbsp", "child-tail", "nested"])
def test_short_text_edges(markup: str, limit: int, expected: str | None) -> None:
    el = lxml_html.fragment_fromstring(markup)
    el.tail = "the element's own tail is not its text"
    assert short_text(el, limit) == expected
    if expected is not None:
        assert expected == element_text(el)


# ----------------------------------------------------------------------------- following / preceding

_FOLLOWING = {n: etree.XPath(f"following::*[position() <= {n}]") for n in (1, 2, 30, 40, 80, 100000)}
_PRECEDING = {n: etree.XPath(f"preceding::*[position() <= {n}]") for n in (1, 2, 30, 40, 80, 100000)}


@pytest.mark.parametrize("name, root", TREES, ids=TREE_IDS)
def test_following_and_preceding_are_the_xpath_axes(name: str, root: etree._Element) -> None:
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    step = max(1, len(elements) // 300)  # some 300 elements a page, the first, the last and the headlines
    picked = elements[::step] + [elements[-1]] + list(root.iter("h1"))
    for el in picked:
        for n in _FOLLOWING:
            assert following(el, n) == _FOLLOWING[n](el), (el.tag, n)
            assert preceding(el, n) == _PRECEDING[n](el), (el.tag, n)


def test_following_and_preceding_edges() -> None:
    root = lxml_html.fromstring(EDGE)
    h1 = next(root.iter("h1"))
    after = following(h1, 3)
    assert [e.tag for e in after] == ["p", "section", "p"]  # not into the headline, past its wrappers' ends
    before = preceding(h1, 100000)
    assert before[0].tag == "head" and all(isinstance(e.tag, str) for e in before)  # no comments
    assert not any(e in before for e in h1.iterancestors())  # ancestors are not preceding elements
    assert following(root, 5) == [] and preceding(root, 5) == []
    deep = root
    for _ in range(1500):  # deeper than Python's recursion limit: walked by a loop
        deep = etree.SubElement(deep, "div")
    tail = etree.SubElement(root, "p")
    assert preceding(tail, 3) == list(_PRECEDING[100000](tail))[-3:] == [deep.getparent().getparent(), deep.getparent(), deep]


# ----------------------------------------------------------------------------- the byline class

def _old_byline_named(el: etree._Element) -> bool:
    return bool(authors._BYLINE_CLASS.search(own_class(el)))


@pytest.mark.parametrize("cls, ident, named", [
    ("author", None, True),
    (None, "Author-Name", True),
    ("post-byline", None, True),
    ("by-line", "x", True),
    ("entry writer", None, True),
    ("authority", None, False),          # not "author" when "ity" follows
    ("authorize", None, False),
    ("ghostwriter", None, False),        # a letter before: not the word
    ("writers", None, False),
    ("x", "writer", True),
    ("wr\u0130ter", None, True),         # re.IGNORECASE takes the dotted capital I for "i"
    ("", "", False),
    (None, None, False),
    ("author", "ity", True),             # own_class joins them with a space: "author ity"
    ("by", "line", False),               # "by line" is no "byline"
], ids=lambda v: repr(v))
def test_byline_named_is_the_old_search(cls: str | None, ident: str | None, named: bool) -> None:
    el = etree.Element("div")
    if cls is not None:
        el.set("class", cls)
    if ident is not None:
        el.set("id", ident)
    assert authors._byline_named(el) is named
    assert _old_byline_named(el) is named


@pytest.mark.parametrize("name, root", TREES, ids=TREE_IDS)
def test_byline_named_on_pages(name: str, root: etree._Element) -> None:
    for el in root.iter():
        if isinstance(el.tag, str):
            assert authors._byline_named(el) == _old_byline_named(el)


# ----------------------------------------------------------------------------- shown_dates

def _old_shown_dates(regions: PageRegions, h1: etree._Element | None) -> list[published.ShownDate]:
    """shown_dates as it was: the XPath windows, and every element asked whether it is excluded."""
    if h1 is None:
        return []
    before_x = etree.XPath(f"preceding::*[position() <= {published.SHOWN_BEFORE}]")
    after_x = etree.XPath(f"following::*[position() <= {published.SHOWN_AFTER}]")
    out, before = [], ""
    window = itertools.chain(((e, i - published.SHOWN_BEFORE) for i, e in enumerate(before_x(h1))),
                             ((h1, 0),), ((e, i + 1) for i, e in enumerate(after_x(h1))))
    for el, offset in window:
        if not isinstance(el.tag, str) or (el.tag in published._NOT_SHOWN and el is not h1) or regions.excluded(el):
            continue
        for piece in published._pieces(el, own_text=el is not h1):
            if len(piece) <= published.SHOWN_CHARS and any(y in piece for y in published.dates.YEAR_STARTS):
                for d in published.dates.search_dates(piece):
                    lead = piece[:d.start]
                    label = lead if published._LETTERS.search(lead) else f"{before} {lead}"
                    out.append(published.ShownDate(d.iso, offset, label[-published._LABEL_CHARS:].strip().casefold(),
                                                   published.dates.ambiguous(piece[d.start:d.end])))
            before = piece[-published._LABEL_CHARS:]
    return out


DATED = """<html><body><nav><span>Posted</span> <span>March 3, 2024</span></nav>
<div class="meta"><span>Published</span><div></div><span>May 2, 2024</span></div>
<h1>A headline here</h1><div class="related-posts"><p>June 1, 2024</p></div>
<div><div></div><p>Updated: June 9, 2024</p><aside>July 1, 2024</aside></div></body></html>"""


@pytest.mark.parametrize("name, root", TREES + [("dated", parse(DATED))], ids=TREE_IDS + ["dated"])
def test_shown_dates_as_before(name: str, root: etree._Element) -> None:
    h1 = next(root.iter("h1"), None)
    assert published.shown_dates(PageRegions(root), h1) == _old_shown_dates(PageRegions(root), h1)


def test_shown_dates_reads_the_dates_and_asks_only_about_elements_with_text() -> None:
    root = parse(DATED)
    regions = PageRegions(root)
    asked: list[etree._Element] = []
    excluded = regions.excluded
    regions.excluded = lambda el, *a: asked.append(el) or excluded(el, *a)  # type: ignore[method-assign]
    shown = published.shown_dates(regions, next(root.iter("h1")))
    # (the <nav>'s date, the related list's and the <aside>'s are not read: excluded as before)
    assert [(s.iso, s.label) for s in shown] == [("2024-05-02", "published"), ("2024-06-09", "updated:")]
    assert asked and all((el.text and el.text.strip()) or (el.tail and el.tail.strip()) for el in asked)


def test_by_line_found_after_a_long_container() -> None:
    body = "<p>" + "A long paragraph of the article that is no byline at all. " * 5 + "</p>"
    root = parse(f"<html><body><h1>The headline</h1><div>{body}</div><p>By Jane Doe</p></body></html>")
    regions = PageRegions(root)
    assert authors._by_line(regions, next(root.iter("h1"))) == ["Jane Doe"]
