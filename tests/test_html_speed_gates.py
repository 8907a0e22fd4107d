"""The HTML stage's costly work is done only when the evidence calls for it: the third candidate (jusText)
only when the page holds the prose it would need to win (html.choose.choose's page_text), and a parse whose
elements are all plain HtmlElements (html.parse). No timings here: speed is measured by bench/quality.py."""
from __future__ import annotations

import random
from typing import Iterator

import pytest
from lxml import html as lxml_html

from cleaner.html import extract
from cleaner.html.choose import choose, prose_words
from cleaner.html.parse import parse

SENTENCE = ("The council voted on Tuesday to expand the city's bus network, adding three routes, "
            "longer evening hours and a new depot near the harbour, officials said.")
SHORT_ARTICLE = "\n".join(f"{SENTENCE} Its paragraph {w} adds more." for w in ("one", "two", "three"))
TOPICS = ["buses", "trams", "ferries", "bicycles", "taxis", "trains", "roads", "bridges", "parking", "tickets",
          "depots", "drivers", "lanes", "stops", "fares", "timetables", "signals", "ramps", "shelters", "routes"]
LONG_ARTICLE = "\n".join(
    f"The plan for {t} was debated for {i + 2} hours, and members of the {t} committee asked how the "
    f"money for {t} would be found before the next budget, which falls due in spring." for i, t in enumerate(TOPICS))
MENU = "\n".join(["Home", "World", "Business", "Sport", "Culture", "Opinion"] * 3)


def _candidates(third: str, asked: list[str]) -> Iterator[tuple[str, str]]:
    yield "trafilatura", SHORT_ARTICLE
    yield "densest-prose", SHORT_ARTICLE
    asked.append("justext")
    yield "justext", third


@pytest.mark.parametrize("page, asks", [
    (SHORT_ARTICLE + "\n" + MENU, False),   # the page holds no more prose than the pick: nothing to look for
    (SHORT_ARTICLE + "\n" + LONG_ARTICLE, True),  # it holds far more: the third candidate is asked, and wins
], ids=["short-page-skips-third", "long-page-asks-third"])
def test_third_candidate_asked_only_when_the_page_holds_enough_prose(page: str, asks: bool) -> None:
    assert prose_words(SHORT_ARTICLE) < 150  # the first pick reads as no article
    asked: list[str] = []
    choice = choose(_candidates(LONG_ARTICLE, asked), page_text=lambda: page)
    assert bool(asked) is asks
    assert choice.name == ("justext" if asks else "trafilatura")
    if not asks:
        assert "the page holds" in choice.reason


# a short article's remaining paragraphs: fewer prose words than outweigh the first pick, more than extend it
REST = "\n".join(LONG_ARTICLE.splitlines()[:6])


@pytest.mark.parametrize("page, asks, wins", [
    (SHORT_ARTICLE + "\n" + REST, True, True),  # the page holds the rest: the third is asked, holds the pick, wins
    (SHORT_ARTICLE + "\n" + "\n".join(REST.splitlines()[:2]), False, False),  # not enough more to extend it
], ids=["rest-of-short-article", "too-little-more"])
def test_weak_pick_extended_by_the_third(page: str, asks: bool, wins: bool) -> None:
    """A first pick that reads as no article, which no candidate outweighs (the page holds too little prose for
    that), is still extended by the third when it holds the pick and adds prose; the third is made only when
    the page holds that much more prose than the pick."""
    first = prose_words(SHORT_ARTICLE)
    assert first < 150 and prose_words(page) < 3 * first + 300  # no candidate could outweigh the pick
    asked: list[str] = []

    def candidates() -> Iterator[tuple[str, str]]:
        yield "trafilatura", SHORT_ARTICLE
        yield "densest-prose", MENU
        asked.append("justext")
        yield "justext", page

    choice = choose(candidates(), page_text=lambda: page)
    assert bool(asked) is asks
    assert choice.name == ("justext" if wins else "trafilatura")
    if wins:
        assert choice.reason.startswith("justext: holds trafilatura's pick")


def test_page_text_read_once_and_not_for_an_article() -> None:
    calls: list[int] = []

    def page() -> str:
        calls.append(1)
        return SHORT_ARTICLE

    choose([("trafilatura", SHORT_ARTICLE), ("densest-prose", MENU), ("justext", MENU),
            ("other", MENU)], page_text=page)
    assert calls == [1]
    calls.clear()
    choose([("trafilatura", LONG_ARTICLE), ("densest-prose", LONG_ARTICLE)], page_text=page)
    assert calls == []


def test_page_text_keeps_what_a_reader_sees() -> None:
    """An unclosed <aside> or a <header> around the article still counts (an extractor may take it);
    scripts and styles do not."""
    root = lxml_html.document_fromstring(
        "<html><head><title>T</title><style>p{}</style></head><body><header>Top</header>"
        "<aside><p>Inside the aside.</p><script>var x = 1;</script><p>More text.</p></aside></body></html>")
    assert extract.page_text(root) == "Top\nInside the aside.\nMore text."


def test_parse_gives_plain_html_elements() -> None:
    """Form controls are HtmlElements like the rest (lxml.html's per-element class lookup runs in Python)."""
    root = parse("<html><body><form><label>Name</label><input name=a><select><option>x</option></select>"
                 "<textarea>t</textarea></form><p>Text</p></body></html>")
    assert {type(el) for el in root.iter()} == {lxml_html.HtmlElement}
    assert root.find(".//form").text_content() == "Namext"


# unshared_prose_words bounds new_prose_words from above, so choose may skip the shingles when it is too low
OTHER_STORY = "\n".join(
    f"A second story about {t} ran beside it, with {i + 3} readers writing in to say that the {t} in their "
    f"street had not changed in years, whatever the council promised." for i, t in enumerate(TOPICS[:8]))


@pytest.mark.parametrize("first, other, unshared", [
    (LONG_ARTICLE, LONG_ARTICLE, 0),                                    # the same text: nothing new
    (LONG_ARTICLE, LONG_ARTICLE.replace("\n", " "), 0),                 # its lines run together: still held
    (LONG_ARTICLE, " ".join(LONG_ARTICLE.split("\n")[:3]) + "\n" + OTHER_STORY, prose_words(OTHER_STORY)),
    (LONG_ARTICLE, MENU, 0),                                            # no prose at all
], ids=["same", "lines-joined", "adds-a-story", "menu"])
def test_unshared_prose_bounds_new_prose(first: str, other: str, unshared: int) -> None:
    from cleaner.html.choose import new_prose_words, unshared_prose_words
    assert unshared_prose_words(first, other) == unshared
    new = new_prose_words(first, other)
    assert new is None or new <= unshared


def test_new_prose_skips_the_holding_test_under_need() -> None:
    """new_prose_words with a need it cannot meet gives its count (which choose turns down either way) without
    the shingles of the whole of other; without one, a candidate that does not hold the first is None."""
    from cleaner.html.choose import new_prose_words
    assert new_prose_words(LONG_ARTICLE, OTHER_STORY) is None  # holds none of the first
    count = new_prose_words(LONG_ARTICLE, OTHER_STORY, 10 ** 6)
    assert count is not None and 0 < count <= prose_words(OTHER_STORY)
    assert new_prose_words(LONG_ARTICLE, OTHER_STORY, count) is None  # met: the holding test runs, and fails


def test_extension_still_found_past_the_bound() -> None:
    """A second candidate holding the first pick and another story's prose still takes over (the bound lets it by)."""
    first = "\n".join(LONG_ARTICLE.split("\n")[:10])
    choice = choose([("trafilatura", first), ("densest-prose", LONG_ARTICLE + "\n" + OTHER_STORY)])
    assert choice.name == "densest-prose" and "prose words more" in choice.reason


INTRO = "\n".join(LONG_ARTICLE.splitlines()[:8])  # an article's worth of prose: the fast pick's introduction
VOCABULARY = ("labour record materials pay survey answered question owners workers cotton factory audit wages "
              "supplier carbon water chemicals leather wool shipping packaging repairs resale dyes harbour").split()
SECTIONS = "\n".join(f"The {t} section " + " ".join(random.Random(i).sample(VOCABULARY, 20)) + "."
                      for i, t in enumerate(TOPICS))  # (each its own words: no two share their shingles)


@pytest.mark.parametrize("page_chars, asks", [
    (0, False),  # a plain tuple (no count): as before, the second agrees with the first, so nothing more is asked
    (len(INTRO) + 100, False),  # the page's paragraphs hold little more than the pick
    (3 * len(INTRO) + 2000, True),  # they hold far more: the third candidate is asked whether it holds the pick and more
], ids=["no-count", "page-holds-little-more", "page-holds-far-more"])
def test_third_candidate_asked_when_the_page_holds_far_more_than_an_articles_worth(page_chars: int, asks: bool) -> None:
    assert prose_words(INTRO) >= 150  # the first pick holds an article's worth
    asked: list[str] = []

    def candidates() -> Iterator[tuple]:
        yield "trafilatura", INTRO
        yield ("densest-prose", INTRO, page_chars) if page_chars else ("densest-prose", INTRO)
        asked.append("justext")
        yield "justext", INTRO + "\n" + SECTIONS

    choice = choose(candidates())
    assert bool(asked) is asks
    assert choice.name == ("justext" if asks else "trafilatura")


def test_densest_counts_the_pages_paragraph_characters() -> None:
    paragraphs = [f"<p>{line}</p>" for line in LONG_ARTICLE.splitlines()]
    root = lxml_html.document_fromstring("<html><body><nav><li>Home of the site, all its news</li></nav>"
                                         f"<article>{''.join(paragraphs)}<p>Too short.</p></article></body></html>")
    elements, chars = extract.densest(root)
    assert chars == sum(len(line) for line in LONG_ARTICLE.splitlines())  # <p> only; short ones left out
    assert elements and extract.densest_elements(root) == elements
    (candidate,) = [c for c in extract.candidates(root, None, None) if c.name == "densest-prose"]
    assert candidate.page_chars == chars
