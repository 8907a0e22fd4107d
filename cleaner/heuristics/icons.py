"""Detect runs of icon-font glyph names that a scraper dumped as text."""
from __future__ import annotations

from functools import lru_cache

from ..model import Label
from .base import Hit, View

ICONS = Label("generic/icons", "icons", "icon-font glyph names dumped as text")

MIN_ICON_TOKENS = 3
MIN_ICON_SHARE = 0.25


@lru_cache(maxsize=1 << 16)
def is_icon_run(text: str) -> bool:
    """A line where many tokens are glyph names such as `bookmarkicon` or `icon-share`."""
    if "icon" not in text.lower():
        return False
    tokens = text.split()
    n = sum("icon" in t.lower() for t in tokens)
    return n >= MIN_ICON_TOKENS and n / len(tokens) >= MIN_ICON_SHARE


def detect_icons(view: View) -> list[Hit]:
    units = view.units
    return [Hit(i, ICONS) for i in view.free_among(view.features.containing("icon")) if is_icon_run(units[i].text)]
