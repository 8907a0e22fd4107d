"""The HTML stage: the outlet's strips and article container, then candidate main-content texts (trafilatura's, the densest prose element's, jusText's)."""
from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any, Iterator, NamedTuple

from lxml import etree, html as lxml_html

from ..model import Removal
from ..rules import Outlet, XPathExpr
from .justext_pick import justext_text
from .tree import TEXT_LENGTH, element_text

# trafilatura settings, chosen by measurement on the devset html/ pages (bench/quality.py --mode html):
# - fast: no fallback to readability/jusText. It is the single largest cost of
#   trafilatura's default; without it the devset F1 goes up (.947 -> .955), since
#   the line stage after it removes what the fallback would have let in. (jusText
#   is asked on its own, as the third candidate, where the evidence calls for it.)
# - include_comments off: comments are not article text, and extracting them costs time.
# - favor_precision off: with the line stage after it, precision is ours to win;
#   favor_precision loses recall (.973 -> .961 with fast) that we cannot win back.
# - tables on, formatting/links/images off: plain paragraphs, one a line.
EXTRACT_OPTIONS: dict[str, Any] = {
    "fast": True,
    "include_comments": False,
    "favor_precision": False,
    "include_tables": True,
    "include_formatting": False,
    "include_links": False,
    "include_images": False,
    "deduplicate": False,
    "with_metadata": False,
    "output_format": "txt",
}


def _last_line(el: etree._Element) -> int:
    return max((e.sourceline or 0 for e in el.iter()), default=el.sourceline or 0)


def apply_strips(root: etree._Element, outlet: Outlet) -> list[Removal]:
    """Remove the elements the outlet's [[strip]] rules name, each recorded as an html-stage Removal."""
    removed: list[Removal] = []
    for rule in outlet.strips:
        matched = [el for el in rule.xpath(root) if isinstance(el, etree._Element)]
        chosen = set(matched)
        for el in matched:
            if el.getparent() is None or any(a in chosen for a in el.iterancestors()):
                continue  # the root, or inside an element this rule strips anyway
            if el.getroottree().getroot() is not root:
                continue  # inside an element an earlier rule stripped
            lab = rule.label
            removed.append(Removal(lab.rule, lab.category, lab.reason, el.sourceline or 0, _last_line(el),
                                   element_text(el), stage="html"))
            el.drop_tree()  # its tail text stays in place
    return removed


def container(root: etree._Element, outlet: Outlet | None) -> etree._Element:
    """The page cut down to the outlet's article container, when it names one and the page has it."""
    if outlet is None or outlet.article is None:
        return root
    found = [el for el in outlet.article(root) if isinstance(el, etree._Element)]
    if not found:
        return root
    # trafilatura expects a whole document, not a fragment: wrap the container in one
    doc = lxml_html.document_fromstring("<html><body></body></html>")
    body = doc.find("body")
    for el in found:
        body.append(copy.deepcopy(el))
    return doc


# Embedded posts quote what people said, so news gold standards keep them; trafilatura
# drops them by their class names and those of their wrappers ("social-media-embed",
# "article-tweet"). They are lifted out of their wrappers, class off, as plain quotes.
_EMBEDDED_POSTS = XPathExpr(
    "//blockquote[contains(@class, 'twitter-tweet') or contains(@class, 'twitter-video') "
    "or contains(@class, 'instagram-media') or contains(@class, 'tiktok-embed')]"
)


_WRAPPER_TAGS = {"div", "figure", "section", "span", "aside", "p"}


def unmark_embedded_posts(root: etree._Element) -> None:
    for post in _EMBEDDED_POSTS(root):
        post.attrib.pop("class", None)
        own = "".join(post.text_content().split())
        top = post
        while (parent := top.getparent()) is not None and parent.tag in _WRAPPER_TAGS \
                and "".join(parent.text_content().split()) == own:
            top = parent
        if top is not post and top.getparent() is not None:
            post.tail = top.tail
            top.getparent().replace(top, post)


class Candidate(NamedTuple):
    """One extractor's pick of the page's main content: who picked it, and its text (one block a line)."""

    name: str
    text: str
    # the densest-prose candidate's: characters in the page's <p> paragraphs (of MIN_PARAGRAPH_CHARS or more),
    # how much prose the whole page holds, counted as that finder reads them
    page_chars: int = 0


def candidates(root: etree._Element, outlet: Outlet | None, url: str | None) -> Iterator[Candidate]:
    """The main content as each extractor picks it, trafilatura's first; made as they are asked for (the
    text stage judges them, and asks for the others only when the first reads as no article). An
    outlet's article container is trusted alone. (trafilatura works on a copy: root stays whole.)"""
    import trafilatura  # imported on first use: text-only users do not pay its import time

    unmark_embedded_posts(root)
    if outlet is not None and outlet.article is not None:
        yield Candidate("outlet-container", trafilatura.extract(container(root, outlet), url=url, **EXTRACT_OPTIONS) or "")
        return
    yield Candidate("trafilatura", trafilatura.extract(root, url=url, **EXTRACT_OPTIONS) or "")
    # (always made, even empty: the text stage reads the second candidate to see whether it extends the
    # first, and that must not be the costly third, jusText)
    elements, page_chars = densest(root)
    yield Candidate("densest-prose", _joined_text(elements), page_chars)
    # jusText's paragraphs: the costliest, so asked for last
    yield Candidate("justext", justext_text(root))


# --------------------------------------------------------------------------- the densest prose element
# A readability-style finder (Arc90's readability; boilerpipe's text and link density): each
# paragraph of some length scores its parent (and half that its grandparent) by its length and
# commas; class and id names that say "article" or "comment" weigh in; the element whose score,
# discounted by its share of link text, is highest holds the article.

# paragraphs: their tags, and elements that hold a sentence's worth of text directly (pages that write
# paragraphs as <div>text<br>text</div>)
# (those of fewer than MIN_PARAGRAPH_CHARS characters left out by the XPath, in C: a third of them; /descendant::
# rather than //, which libxml2 walks as descendant-or-self::node()/child::, a fifth faster, the same nodes)
_OWN_TEXT = "[text()[string-length(normalize-space(.)) > 25]]"
_PARAGRAPHS = etree.XPath(
    "(/descendant::p | /descendant::pre | /descendant::td | /descendant::li | /descendant::dd | /descendant::blockquote"
    f" | /descendant::div{_OWN_TEXT} | /descendant::span{_OWN_TEXT} | /descendant::section{_OWN_TEXT}"
    f" | /descendant::article{_OWN_TEXT})[string-length(.) >= 25]")
_SKIP_TAGS = frozenset({"script", "style", "noscript", "nav", "aside", "footer", "form", "button", "select",
                        "iframe", "svg", "template", "header", "menu", "figure", "label", "input", "textarea"})
_BLOCK_TAGS = frozenset({"p", "div", "section", "article", "main", "pre", "li", "ul", "ol", "dl", "dt", "dd",
                         "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "tr", "br", "hr",
                         "figcaption", "details", "summary", "address"})
# (substrings of the lowercased names: a tuple of `in` tests is several times faster than a regex alternation)
_POSITIVE = ("article", "body", "content", "entry", "main", "page", "post", "text", "blog", "story", "prose", "hentry")
_NEGATIVE = ("comment", "combx", "contact", "foot", "masthead", "outbrain", "promo", "related", "shoutbox",
             "sidebar", "sponsor", "shopping", "tags", "tool", "widget", "share", "social", "menu", "nav", "breadcrumb",
             "cookie", "banner", "newsletter", "subscribe", "popup", "modal", "disqus", "reply", "respond")
# (a page may leave an <aside> unclosed around everything: such tags weigh against an element, they do not rule it out)
_TAG_WEIGHT = {"div": 5.0, "article": 5.0, "main": 5.0, "section": 5.0,
               "nav": -25.0, "aside": -25.0, "footer": -25.0, "header": -10.0, "menu": -25.0, "form": -10.0}
MIN_PARAGRAPH_CHARS = 25
TOP_CANDIDATES = 10
SIBLING_SCORE, SIBLING_SHARE = 10.0, 0.2  # a sibling joins the best element from this score and share of its score
CLASS_WEIGHT = 25.0


def _class_weight(el: etree._Element) -> float:
    cls, ident = el.get("class"), el.get("id")
    return _names_weight(f"{cls} {ident}".lower()) if cls or ident else 0.0


@lru_cache(maxsize=4096)
def _names_weight(names: str) -> float:
    """(a page repeats its class names: each is weighed once)"""
    return (CLASS_WEIGHT if any(map(names.__contains__, _POSITIVE)) else 0.0) \
        - (CLASS_WEIGHT if any(map(names.__contains__, _NEGATIVE)) else 0.0)




def _text(el: etree._Element) -> str:
    """el's text, its descendants' included (XPath string(), a third of the time of an XPath call)."""
    return etree.tostring(el, method="text", encoding="unicode", with_tail=False)

_LINKS = etree.XPath(".//a")


def _link_density(el: etree._Element) -> float:
    """The share of el's text (characters, spaces folded) inside links; 1.0 when it has none."""
    total = TEXT_LENGTH(el)
    if not total:
        return 1.0
    linked = sum(TEXT_LENGTH(a) for a in _LINKS(el))
    return min(1.0, linked / total)


def densest_elements(root: etree._Element) -> list[etree._Element]:
    """The element holding the most paragraph text with the least link text, with those of its siblings
    that hold a good share of such text too (an article cut into sections), in page order; [] when no
    paragraph has some length."""
    return densest(root)[0]


def densest(root: etree._Element) -> tuple[list[etree._Element], int]:
    """densest_elements, and the characters in the page's <p> paragraphs it read (Candidate.page_chars)."""
    scores: dict[etree._Element, float] = {}
    page_chars = 0
    for para in _PARAGRAPHS(root):
        text = _text(para)
        if len(text) < MIN_PARAGRAPH_CHARS or len(text.strip()) < MIN_PARAGRAPH_CHARS:
            continue
        if para.tag == "p":
            page_chars += len(text)
        parent = para.getparent()
        if parent is None:
            continue
        score = 1.0 + text.count(",") + min(len(text) / 100.0, 3.0)
        for el, share in ((parent, 1.0), (parent.getparent(), 0.5)):
            if el is None or not isinstance(el.tag, str):
                continue
            if el not in scores:
                scores[el] = _class_weight(el) + _TAG_WEIGHT.get(el.tag, 0.0)
            scores[el] += score * share
    # (link density, the costly part, only of the best few by paragraph score)
    top = sorted((el for el, score in scores.items() if score > 0), key=scores.__getitem__, reverse=True)[:TOP_CANDIDATES]
    final = {el: scores[el] * (1.0 - _link_density(el)) for el in top}
    if not final:
        return [], page_chars
    best = max(final, key=final.__getitem__)
    parent = best.getparent()
    if parent is None:
        return [best], page_chars
    bar = max(SIBLING_SCORE, SIBLING_SHARE * final[best])
    return [sib for sib in parent if sib is best
            or scores.get(sib, 0.0) >= bar and final.get(sib, scores[sib] * (1.0 - _link_density(sib))) >= bar], page_chars


def block_text(el: etree._Element, skip: frozenset[str] = _SKIP_TAGS) -> str:
    """An element's text, one block (paragraph, heading, list item) a line; menus, forms and scripts (the
    skip tags) left out."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = " ".join(" ".join(current).split())
        if line:
            lines.append(line)
        current.clear()

    def walk(node: etree._Element) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in skip or not tag:
            if node.tail:
                current.append(node.tail)
            return
        block = tag in _BLOCK_TAGS
        if block:
            flush()
        if node.text:
            current.append(node.text)
        for child in node:
            walk(child)
        if block:
            flush()
        if node.tail:
            current.append(node.tail)

    tail, el.tail = el.tail, None
    try:
        walk(el)
    finally:
        el.tail = tail
    flush()
    return "\n".join(lines)


# what a reader never sees as text: the whole page's text leaves out only these (a page may leave an
# <aside> or a <header> unclosed around its article)
_UNSEEN_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "title"})


def page_text(root: etree._Element) -> str:
    """The whole page's visible text, one block a line: what any extractor's pick is taken from."""
    body = root.find("body")
    return block_text(root if body is None else body, skip=_UNSEEN_TAGS)


def densest_text(root: etree._Element) -> str:
    """The text of the densest prose elements (densest_elements), or "" when there are none."""
    return _joined_text(densest_elements(root))


def _joined_text(elements: list[etree._Element]) -> str:
    return "\n".join(filter(None, map(block_text, elements)))
