"""Read text out of a parsed page: an element's visible text with its pieces spaced, and the element a text node belongs to."""
from __future__ import annotations

from typing import Any

from lxml import etree


def element_text(el: etree._Element) -> str:
    """An element's text, its pieces (links, buttons) kept apart by spaces, whitespace collapsed."""
    return " ".join(" ".join(el.itertext()).split())


def text_holder(text: Any) -> etree._Element | None:
    """The element an XPath text() result is written in: its parent's for a tail (the text after an
    element belongs to that element's parent), else its own."""
    return text.getparent().getparent() if text.is_tail else text.getparent()
