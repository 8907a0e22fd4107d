"""Parse a page's text into an lxml element tree, refusing what the parser would silently cut (PageError)."""
from __future__ import annotations

import re
from typing import Any

from lxml import etree, html as lxml_html


PARSER_OPTIONS = dict(collect_ids=False, default_doctype=False, encoding="utf-8",
                      remove_comments=True, remove_pis=True, huge_tree=False)


class PageError(ValueError):
    """A page that cannot be read as HTML; the message says what is wrong."""


def parse(text: str, source: str = "page") -> etree._Element:
    """The page's element tree; PageError when there is no HTML in it."""
    if not text.strip():
        raise PageError("empty page")
    body = re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1).encode("utf-8", "surrogatepass")
    root, errors = _parse(body, huge=False)
    if any(e.type == _RESOURCE_LIMIT for e in errors) and not any("Excessive depth" in e.message for e in errors):
        # a text node or attribute over libxml2's 10 MB limit (a large inline script): the parser
        # stopped there. The page is bounded upstream (--max-mb), so it is parsed again without
        # that limit, and the depth limit the huge mode lifts is checked here instead.
        root, errors = _parse(body, huge=True)
        if any(e.type == _RESOURCE_LIMIT for e in errors):
            raise PageError("a text or attribute too large for the HTML parser: the article would be cut there")
        if root is not None and _deeper_than(root, MAX_DEPTH):
            errors.append(_DEPTH)
    if any(e is _DEPTH or "Excessive depth" in e.message for e in errors):
        raise PageError(f"elements nested more than {MAX_DEPTH} deep: the parser stops there, and the article "
                        "would lose what lies below")
    if root is None or len(root) == 0:
        raise PageError("no HTML elements in the page")
    return root


MAX_DEPTH = 256  # libxml2's nesting limit outside its huge mode
_RESOURCE_LIMIT = etree.ErrorTypes.ERR_RESOURCE_LIMIT
_DEPTH = object()  # stands for the depth error in an error list


# lxml.html's parser picks each element's class in Python (form and input elements get classes of their
# own), once for every element object made while the tree is read: some 3,700 calls a page, by us, htmldate
# and trafilatura, a tenth of the HTML stage. Nobody here uses those form classes: every element is an
# HtmlElement (text_content, drop_tree and the rest), looked up in C.
_ELEMENT_CLASSES = etree.ElementDefaultClassLookup(element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment,
                                                   pi=lxml_html.HtmlProcessingInstruction, entity=lxml_html.HtmlEntity)


def _parse(body: bytes, huge: bool) -> tuple[etree._Element | None, list[Any]]:
    """The parsed root and the parser's errors (one parser per page: its log is this page's alone)."""
    parser = lxml_html.HTMLParser(**{**PARSER_OPTIONS, "huge_tree": huge})
    parser.set_element_class_lookup(_ELEMENT_CLASSES)
    try:
        root = lxml_html.document_fromstring(body, parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise PageError(f"not parseable as HTML: {e}") from None
    return root, list(parser.error_log)


def _deeper_than(root: etree._Element, limit: int) -> bool:
    depth = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > limit:
            return True
    return False
