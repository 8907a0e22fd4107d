"""Read text out of a parsed page: an element's visible text with its pieces spaced, and the element a text node belongs to."""
from __future__ import annotations

from typing import Any

from lxml import etree


def element_text(el: etree._Element) -> str:
    """An element's text, its pieces (links, buttons) kept apart by spaces, whitespace collapsed."""
    return " ".join(" ".join(el.itertext()).split())


def short_text(el: etree._Element, limit: int) -> str | None:
    """element_text(el) when it is at most `limit` characters long, else None: a long element's text
    (the article's container after a headline) is read only up to the piece that passes the limit.
    (element_text's words are each piece's words in turn: the pieces are joined by spaces.)"""
    words: list[str] = []
    size = -1  # len(" ".join(words))
    for piece in el.itertext():
        if toks := piece.split():
            words += toks
            size += len(toks) + sum(map(len, toks))
            if size > limit:
                return None
    return " ".join(words)


def text_holder(text: Any) -> etree._Element | None:
    """The element an XPath text() result is written in: its parent's for a tail (the text after an
    element belongs to that element's parent), else its own."""
    return text.getparent().getparent() if text.is_tail else text.getparent()
