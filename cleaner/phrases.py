"""Load the word and phrase lists that live as data files under cleaner/data/, and the line key they are looked up by."""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


def entries(name: str) -> list[str]:
    """The lines of data/<name>.txt, blank lines and # comments skipped (read anew: see load)."""
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
    return tuple(entries(name))


@cache
def folded(name: str) -> frozenset[str]:
    """The entries of data/<name>.txt case-folded, for whole-line lookups (see `key`)."""
    return frozenset(key(e) for e in entries(name))


@cache
def pattern(name: str) -> re.Pattern[str]:
    """data/<name>.txt holds one regular expression a line; use .fullmatch: any of them over the whole line."""
    alternatives = "|".join(f"(?:{e})" for e in entries(name))
    return re.compile(alternatives, re.IGNORECASE)


@cache
def mapping(name: str) -> dict[str, str]:
    """data/<name>.txt holds `Canonical = variant, variant`; map each folded variant to its canonical name."""
    out: dict[str, str] = {}
    for entry in entries(name):
        canonical, _, variants = entry.partition("=")
        canonical = canonical.strip()
        for v in [canonical, *variants.split(",")]:
            if v.strip():
                out[key(v)] = canonical
    return out


_EDGE = " .:;,!?-–—|•·>»«()[]{}\"'“”‘’*"
EDGE = _EDGE  # what key() strips off both ends of a line


def key(text: str) -> str:
    """A line reduced to what a whole-line phrase lookup compares: case-folded, edge punctuation off."""
    return text.strip(_EDGE).casefold()
