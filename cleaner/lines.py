"""Segment raw text into normalised units: one per line, split where boilerplate is glued on."""
from __future__ import annotations

import re

from . import dates
from . import phrases
from .model import Unit

# Characters that carry no text: zero-width space, BOM, soft hyphen, word joiner.
# (ZWNJ/ZWJ are kept: they change how Persian, Indic and emoji text reads.)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\ufeff\u00ad\u2060"), None)

# A letter or closing punctuation directly followed by a capital or digit: the
# only places where a scraper glues two page elements together.
_GLUE_POINT = re.compile(r"(?<=[a-z\u00e0-\u00ff’'\"”.?!)])(?=[A-Z0-9©])")


def normalise(text: str) -> str:
    """Fold every run of whitespace (NBSP, thin spaces, tabs...) to one space and drop invisibles."""
    if not text.isascii():
        text = text.translate(_INVISIBLE)
    return " ".join(text.split())


def glue_points(text: str) -> list[int]:
    """Offsets where a timestamp or a footer phrase is glued to the text before it."""
    candidates = [m.start() for m in _GLUE_POINT.finditer(text)]
    if not candidates:
        return []
    cuts: set[int] = set()
    markers = phrases.load("glue_markers")
    for pos in candidates:
        if text.startswith(markers, pos):
            cuts.add(pos)
    if any(c.isdigit() for c in text):
        starts = set(candidates)
        for m in dates.search_dates(text):
            if m.start in starts:
                cuts.add(m.start)
            if m.end < len(text) and not text[m.end].isspace() and text[m.end].isalpha():
                cuts.add(m.end)
    return sorted(cuts)


def split_glued(text: str) -> list[str]:
    """Split a line at its glue points; a line with none comes back whole."""
    points = glue_points(text)
    if not points:
        return [text]
    parts, prev = [], 0
    for p in points:
        if p > prev:
            parts.append(text[prev:p].strip())
        prev = p
    parts.append(text[prev:].strip())
    return [p for p in parts if p]


def segment(raw: str) -> list[Unit]:
    """Turn raw text into units: one per non-blank line, glued pieces apart, text normalised."""
    units: list[Unit] = []
    for lineno, line in enumerate(raw.split("\n"), 1):
        text = normalise(line)
        if not text:
            continue
        for piece in split_glued(text):
            units.append(Unit(len(units), lineno, piece))
    return units
