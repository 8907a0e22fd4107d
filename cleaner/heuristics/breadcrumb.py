"""Detect breadcrumb trails ("Home > News > World", "Home Reports <the title>")."""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Label
from .base import Hit, View, words
from .features import merged

BREADCRUMB = Label("generic/breadcrumb", "breadcrumb", "breadcrumb trail")

MAX_CRUMB_WORDS = 4
MAX_TRAIL_CHARS = 300
LOOKAHEAD = 3

_SEPARATORS = re.compile(r"\s+(?:>|»|›|/|\||::|→|•)\s+")
_SEPARATOR_MARKS = (">", "»", "›", "/", "|", "::", "→", "•")  # one is in every separator
_HOME = re.compile(r"^(?:home|start|main|homepage)\b", re.IGNORECASE)
_TABLE_RULE = re.compile(r"\|\s*:?-{3,}")  # a pipe table's header rule: |---|, | :--- |


def is_table_row(text: str) -> bool:
    """A row of a pipe table (`| Plan | Price |`, as extractors write an article's tables), a table's header with
    its rule (`| Plan | Price | |---|---|`), or rows run together (`| Swift | 308ms | | Python | 417ms |`, the
    paragraph after the table sometimes glued on): the article's own data, not a trail, however short its cells."""
    t = text.strip()
    return t.startswith("|") and (t.endswith("|") or "| |" in t or _TABLE_RULE.search(t) is not None)


def is_separated_trail(text: str) -> bool:
    """Two or more separators between short capitalised segments: `Home > News > World`."""
    parts = _SEPARATORS.split(text)
    if len(parts) < 3:
        return False
    return all(0 < words(p) <= MAX_CRUMB_WORDS and not p.endswith(".") for p in parts[:-1])


@lru_cache(maxsize=1 << 16)
def may_be_breadcrumb(text: str) -> bool:
    """A trail, or the start of one that ends in the line below."""
    return len(text) <= MAX_TRAIL_CHARS and not is_table_row(text) \
        and (is_separated_trail(text) or _HOME.match(text) is not None)


def detect_breadcrumb(view: View) -> list[Hit]:
    units = view.units
    out = []
    candidates = merged(view.features.containing(*_SEPARATOR_MARKS), view.features.matched_at_start(_HOME))
    for i in view.free_among(candidates):
        if not may_be_breadcrumb(units[i].text):
            continue
        text = units[i].text
        if is_separated_trail(text):
            out.append(Hit(i, BREADCRUMB))
            continue
        if not _HOME.match(text):
            continue
        # "Home Reports <title>": the trail ends with a line that follows it
        for j in range(i + 1, min(i + 1 + LOOKAHEAD, len(units))):
            nxt = units[j].text
            if len(nxt) < len(text) and text.endswith(nxt) and words(text[: -len(nxt)]) <= MAX_CRUMB_WORDS:
                out.append(Hit(i, BREADCRUMB))
                break
    return out
