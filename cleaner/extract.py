"""The HTML stage: the outlet's strips and article container, then trafilatura's main-content text."""
from __future__ import annotations

import copy
from typing import Any

from lxml import etree, html as lxml_html

from .model import Removal
from .rules import Outlet, XPathExpr

# trafilatura settings, chosen by measurement on the devset html/ pages (bench/quality.py --mode html):
# - fast: no fallback to readability/jusText. It is the single largest cost of
#   trafilatura's default; without it the devset F1 goes up (.947 -> .955), since
#   the line stage after it removes what the fallback would have let in.
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


def element_text(el: etree._Element) -> str:
    """An element's text, its pieces (links, buttons) kept apart by spaces."""
    return " ".join(" ".join(el.itertext()).split())


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


def main_text(root: etree._Element, outlet: Outlet | None, url: str | None) -> str:
    """The article's text as trafilatura extracts it: one paragraph, heading or list item a line."""
    import trafilatura  # imported on first use: text-only users do not pay its import time

    unmark_embedded_posts(root)
    return trafilatura.extract(container(root, outlet), url=url, **EXTRACT_OPTIONS) or ""
