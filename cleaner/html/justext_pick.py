"""jusText's pick of a page's main content: its paragraphs classed by length, link density and stopword density, on a copy of the page without comment threads, pop-ups and cookie notices."""
from __future__ import annotations

import copy
import pkgutil
from functools import cache
from typing import Any, NamedTuple

from lxml import etree

from .regions import own_class
from .tree import TEXT_LENGTH

# jusText (Pomikálek, 2011) classes each block of text by its length, its share of link text and its share
# of stopwords, then revises short and middling blocks by their good and bad neighbours. It reads a page
# whole, so where trafilatura's fast pick stops at an article's first section or introduction, it finds the
# rest; it is also cheap beside trafilatura's own fallbacks, which repeat the fast extraction and run
# readability before it (asked on a few pages in a hundred, those cost 60-240 ms a page; this, a fifth of
# that). Measured on both devsets (bench/quality.py) as the third candidate in place of trafilatura's
# fallbacks: devset .975 -> .980, devset-wcxb .941 -> .943, pages under .5 there 16 -> 12.


class Settings(NamedTuple):
    """jusText's thresholds, as trafilatura runs it (its own defaults are tuned for whole pages in one language)."""

    length_low: int = 50
    length_high: int = 150
    stopwords_low: float = 0.1
    stopwords_high: float = 0.2
    max_link_density: float = 0.25
    no_headings: bool = True
    max_heading_distance: int = 150


SETTINGS = Settings()

# elements that never hold the article, left out of the copy jusText reads
# (the <head> too, as jusText's own preprocessing does: its <title> would read as the first paragraph)
_DROP_TAGS = frozenset({"head", "script", "style", "noscript", "template", "svg", "nav", "footer", "form", "aside",
                        "iframe", "button", "select", "textarea"})
# ... and elements whose class or id names one of these (substrings of the lowercased names): comment threads,
# pop-ups and cookie or newsletter boxes. jusText keeps any run of sentences, so a comment thread under an
# article reads to it as more article. (Kept narrow on purpose: "widget", "related", "sidebar" or "promo" also
# name the wrappers of whole articles on some sites - measured, devset-wcxb lost four pages with them.)
_NOT_ARTICLE_NAMES = ("comment", "disqus", "respond", "modal", "popup", "cookie", "consent", "newsletter")
_NOT_COMMENTS = "commentary"
# the article's own wrappers are never left out, whatever they are named. (A <div> named with a modifier
# - "box article modal-enabled" - around a whole article is left out, and this candidate is then empty or
# short and never chosen: a rescue missed, not an article lost. Keeping what holds most of the page's text
# instead kept comment threads longer than their article and cookie boxes beside short ones, which then
# won: measured, devset .9804 -> .9777.)
_KEEP_TAGS = frozenset({"html", "body", "main", "article"})
# jusText's revision of the classes walks the neighbours of each short paragraph: time that grows with the square
# of a long run of short ones (6,000 paragraphs, 1.4 s). A page of more than MAX_PARAGRAPHS is not read: that
# candidate stays empty, and the others are chosen among as before.
MAX_PARAGRAPHS = 5000


@cache
def stoplist() -> frozenset[str]:
    """Every language's stopwords that jusText ships, lowercased, in one set (the page's language is not
    asked: a page's declared language is often wrong, and articles quote other languages). Built once a
    process, from the lists read in one piece (two thirds of the time of jusText's get_stoplist a language
    at a time, the same words)."""
    import justext

    texts = (pkgutil.get_data("justext", f"stoplists/{language}.txt") or b"" for language in sorted(justext.get_stoplists()))
    return frozenset(b"\n".join(texts).decode("utf-8").lower().splitlines()) - {""}


def _left_out(el: etree._Element) -> bool:
    """Whether el is left out of what jusText reads by its tag: one that never holds the article, or no element
    (a comment, a processing instruction)."""
    return not isinstance(el.tag, str) or el.tag in _DROP_TAGS


def _named_not_article(el: etree._Element) -> bool:
    """Whether el's class or id names a comment thread, a pop-up or a cookie or newsletter box."""
    if not isinstance(el.tag, str) or el.tag in _KEEP_TAGS:
        return False
    names = own_class(el).lower()
    return any(map(names.__contains__, _NOT_ARTICLE_NAMES)) and _NOT_COMMENTS not in names


def readable_copy(root: etree._Element) -> etree._Element:
    """A copy of the page without what is left out of jusText's reading: the tags that never hold the article
    (_left_out) and the elements named as no article (_named_not_article); root stays whole."""
    page = copy.deepcopy(root)
    for el in [el for el in page.iter() if _left_out(el) or _named_not_article(el)] + _inner_posts(page):
        if el.getparent() is not None:
            el.drop_tree()  # its tail text stays in place
    return page


_INNER_ARTICLES = etree.XPath("descendant::article[ancestor::article]")


def _inner_posts(page: etree._Element) -> list[etree._Element]:
    """The <article> elements inside another, when there are two or more: other posts (teasers of the site's
    other stories, embedded posts, comments), as HTML means a nested <article>; but not one that holds another
    (the story around its comments), nor one that holds more text than all the others together (the story in
    a page-wide <article>, beside its teasers). One alone may wrap the article itself."""
    inner = [el for el in _INNER_ARTICLES(page) if el.find(".//article") is None]
    if len(inner) < 2:
        return []
    sizes = [TEXT_LENGTH(el) for el in inner]
    total = sum(sizes)
    return [el for el, size in zip(inner, sizes) if size * 2 <= total]


def classify(paragraphs: list[Any], settings: Settings = SETTINGS) -> None:
    """jusText's context-free classing of each paragraph (its classify_paragraphs, the same tests in the same
    order), with the stoplist already lowercased: jusText lowercases the list it is given anew in each process,
    90 ms for all languages' words, more than its whole reading of most pages."""
    stopwords = stoplist()
    for paragraph in paragraphs:
        length = len(paragraph)
        text = paragraph.text
        paragraph.heading = bool(not settings.no_headings and paragraph.is_heading)
        if paragraph.links_density() > settings.max_link_density:
            paragraph.cf_class = "bad"
        elif "\xa9" in text or "&copy" in text:
            paragraph.cf_class = "bad"
        elif "select" in paragraph.dom_path:  # (never, as readable_copy leaves <select> out: kept to stay jusText's)
            paragraph.cf_class = "bad"
        elif length < settings.length_low:
            paragraph.cf_class = "bad" if paragraph.chars_count_in_links > 0 else "short"
        else:
            density = paragraph.stopwords_density(stopwords)
            if density >= settings.stopwords_high:
                paragraph.cf_class = "good" if length > settings.length_high else "neargood"
            elif density >= settings.stopwords_low:
                paragraph.cf_class = "neargood"
            else:
                paragraph.cf_class = "bad"


def justext_text(root: etree._Element, settings: Settings = SETTINGS) -> str:
    """The page's paragraphs that jusText classes as article text, one a line, in page order ("" when none, or
    when the page has more than MAX_PARAGRAPHS)."""
    from justext.core import ParagraphMaker, revise_paragraph_classification

    paragraphs = ParagraphMaker.make_paragraphs(readable_copy(root))
    if len(paragraphs) > MAX_PARAGRAPHS:
        return ""
    classify(paragraphs, settings)
    revise_paragraph_classification(paragraphs, settings.max_heading_distance)
    return "\n".join(" ".join(p.text.split()) for p in paragraphs if not p.is_boilerplate)
