"""Read text out of a parsed page: an element's visible text with its pieces spaced, and the element a text node belongs to."""
from __future__ import annotations

from typing import Any

from lxml import etree


# an element's text length, its descendants' included, whitespace collapsed (in C: no string is made)
TEXT_LENGTH = etree.XPath("string-length(normalize-space())")


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
    return " ".join(words) if limit >= 0 else None


def text_holder(text: Any) -> etree._Element | None:
    """The element an XPath text() result is written in: its parent's for a tail (the text after an
    element belongs to that element's parent), else its own."""
    return text.getparent().getparent() if text.is_tail else text.getparent()


def following(el: etree._Element, n: int) -> list[etree._Element]:
    """The first n elements after el in document order, its descendants not counted: XPath's
    following::*[position() <= n], walked only that far (libxml2 walks the whole rest of the page)."""
    out: list[etree._Element] = []
    node: etree._Element | None = el
    while node is not None:
        for sib in node.itersiblings():
            for e in sib.iter():
                if isinstance(e.tag, str):
                    out.append(e)
                    if len(out) >= n:
                        return out
        node = node.getparent()
    return out


def preceding(el: etree._Element, n: int) -> list[etree._Element]:
    """The n elements nearest before el, its ancestors not counted, in document order: XPath's
    preceding::*[position() <= n], walked back only that far (libxml2 walks the whole page before it)."""
    out: list[etree._Element] = []  # nearest first

    def back(sub: etree._Element) -> bool:
        """sub's elements in reverse document order (the last descendant first, sub itself last) onto out;
        True when n are found (a loop, not recursion: any depth)."""
        stack = [(sub, reversed(sub))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is not None:
                stack.append((child, reversed(child)))
                continue
            stack.pop()
            if isinstance(node.tag, str):
                out.append(node)
                if len(out) >= n:
                    return True
        return False

    node: etree._Element | None = el
    while node is not None:
        for sib in node.itersiblings(preceding=True):
            if back(sib):
                return out[::-1]
        node = node.getparent()
    return out[::-1]
