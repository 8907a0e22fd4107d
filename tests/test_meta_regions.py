"""The headline the byline and shown dates sit beside, excluded regions judged once per page, and dates read far from the headline (issue 13)."""
from __future__ import annotations

import random

import pytest

from cleaner.html.parse import parse
from cleaner.html.regions import PageRegions
from test_metadata_gold import BODY, FILLER, make_page, meta_of


def test_a_menu_h1_in_the_navigation_is_not_the_headline() -> None:
    html = make_page(top="<p>March 5, 2024</p><p>By Jane Doe</p>").replace(
        "<nav>", "<nav><h1><button>Open Menu</button></h1>" + FILLER)
    meta = meta_of(html)
    assert (meta.published, meta.sources["published"]) == ("2024-03-05", "visible-date")
    assert (meta.authors, meta.sources["authors"]) == (("Jane Doe",), "by-line")


def test_a_page_without_h1_has_its_title_for_headline() -> None:
    html = ("<html><head><title>Council backs riverside plan | Gazette</title></head><body>"
            + FILLER + f"<div><p>Council backs riverside plan</p><p>March 5, 2024</p><p>{BODY}</p></div></body></html>")
    meta = meta_of(html)
    assert (meta.published, meta.sources["published"]) == ("2024-03-05", "visible-date")


LABELLED_FAR = {
    "label-and-date-in-one-element": "<p>Last updated: March 5, 2024</p>",
    "label-and-date-in-siblings": "<div><span>Posted on</span> <span>March 5, 2024</span></div>",
}


@pytest.mark.parametrize("after", LABELLED_FAR.values(), ids=LABELLED_FAR.keys())
def test_a_labelled_date_line_far_from_the_headline(after: str) -> None:
    meta = meta_of(make_page(after=FILLER + after))
    assert (meta.published, meta.sources["published"]) == ("2024-03-05", "visible-date")


NOT_LABELLED_FAR = {
    "in-the-footer": "<footer><p>Last updated: March 5, 2024</p></footer>",
    "in-comments": '<div class="comments"><p>Posted on March 5, 2024</p></div>',
    "no-label": "<p>March 5, 2024</p>",
    "in-a-sentence": "<p>The plan was last updated on March 5, 2024 by the council's planning office staff.</p>",
}


@pytest.mark.parametrize("after", NOT_LABELLED_FAR.values(), ids=NOT_LABELLED_FAR.keys())
def test_no_labelled_date_line(after: str) -> None:
    html = make_page(after=FILLER).replace("</body>", after + "</body>")
    meta = meta_of(html)
    assert meta.sources.get("published") != "visible-date"


def test_a_published_meta_tag() -> None:
    meta = meta_of(make_page('<meta name="published" content="March 5, 2024">'))
    assert (meta.published, meta.sources["published"]) == ("2024-03-05", "meta")


REGIONS_PAGE = ("<html><body><nav><ul><li><a>Home</a></li></ul></nav><div class='related-stories'><ul><li><p>x</p>"
                "</li></ul></div><article><h1>Head</h1><div><p class='author-bio'>bio</p><p><span>By Jane</span></p>"
                "</div><footer><p><a rel='author'>Jane</a></p></footer><aside><div><p>side</p></div></aside>"
                "<div id='comments'><div><p><time>1</time></p></div></div></article></body></html>")


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("tags", [("aside", "nav", "footer"), ("aside", "nav")], ids=["default", "marked"])
def test_the_memo_answers_as_a_fresh_walk_does(seed: int, tags: tuple[str, ...]) -> None:
    root = parse(REGIONS_PAGE)
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    random.Random(seed).shuffle(elements)
    memo = PageRegions(root)
    got = [memo.excluded(e, tags) for e in elements]
    fresh = [PageRegions(root).excluded(e, tags) for e in elements]
    assert got == fresh
    assert any(got) and not all(got)


def test_fresh_walk_answers() -> None:
    root = parse(REGIONS_PAGE)
    regions = PageRegions(root)
    tags = {e.text: regions.excluded(e) for e in root.iter("p", "a", "span", "time") if e.text}
    assert tags == {"Home": True, "x": True, "bio": True, "By Jane": False, "Jane": True, "side": True, "1": True}
    marked = next(e for e in root.iter("a") if e.get("rel") == "author")
    assert regions.excluded(marked, ("aside", "nav")) is False


def test_an_element_holding_the_title_before_the_first_h1_is_the_headline() -> None:
    html = ("<html><head><title>Council backs riverside plan | Gazette</title></head><body><div>"
            "<h2>Council backs riverside plan</h2>\n<p>March 5, 2024</p></div>\n" + FILLER
            + f"\n<h1>What the plan means for renters</h1><p>{BODY}</p></body></html>")
    meta = meta_of(html)
    assert (meta.published, meta.sources["published"]) == ("2024-03-05", "visible-date")
