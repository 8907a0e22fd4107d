"""Load the word and phrase lists that live as data files under cleaner/data/."""
from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


def _entries(name: str) -> list[str]:
    path = DATA_DIR / f"{name}.txt"
    out = []
    for raw in path.read_text("utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


@cache
def load(name: str) -> tuple[str, ...]:
    """The entries of data/<name>.txt: one per line, blank lines and # comments skipped."""
    return tuple(_entries(name))


@cache
def folded(name: str) -> frozenset[str]:
    """The entries of data/<name>.txt case-folded, for whole-line lookups (see `key`)."""
    return frozenset(key(e) for e in _entries(name))


@cache
def pattern(name: str) -> re.Pattern[str]:
    """data/<name>.txt holds one regular expression a line; use .fullmatch: any of them over the whole line."""
    alternatives = "|".join(f"(?:{e})" for e in _entries(name))
    return re.compile(alternatives, re.IGNORECASE)


@cache
def mapping(name: str) -> dict[str, str]:
    """data/<name>.txt holds `Canonical = variant, variant`; map each folded variant to its canonical name."""
    out: dict[str, str] = {}
    for entry in _entries(name):
        canonical, _, variants = entry.partition("=")
        canonical = canonical.strip()
        for v in [canonical, *variants.split(",")]:
            if v.strip():
                out[key(v)] = canonical
    return out


_EDGE = " .:;,!?-–—|•·>»«()[]{}\"'“”‘’*"


# Whole-line phrase lists that the detectors ask about every short line. They
# are matched together, once per distinct line, by one combined expression;
# where a line fits several, the first family in this order names it.
LINE_FAMILIES = ("notice", "comment_headers", "comments", "social", "contributors", "credits", "media", "promo", "related")
MAX_FAMILY_CHARS = 400


@cache
def _families() -> re.Pattern[str]:
    groups = "|".join(f"(?P<{name}>{pattern(name).pattern})" for name in LINE_FAMILIES)
    return re.compile(groups, re.IGNORECASE)


@lru_cache(maxsize=1 << 16)
def line_family(text: str) -> str | None:
    """Which of LINE_FAMILIES the whole line (edge punctuation off) belongs to, if any."""
    if len(text) > MAX_FAMILY_CHARS:
        return None
    m = _families().fullmatch(text.strip(_EDGE))
    return m.lastgroup if m else None


def key(text: str) -> str:
    """A line reduced to what a whole-line phrase lookup compares: case-folded, edge punctuation off."""
    return text.strip(_EDGE).casefold()
