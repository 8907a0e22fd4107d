"""Segment raw text into normalised units: one per line, split where boilerplate is glued on."""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache
from itertools import compress, repeat
from operator import ne

from . import dates, linescan
from . import phrases
from .model import Unit
from .speedups import shapes as _c

# Characters that carry no text: zero-width space, BOM, soft hyphen, word joiner.
# (ZWNJ/ZWJ are kept: they change how Persian, Indic and emoji text reads.)
_INVISIBLE_CHARS = "\u200b\ufeff\u00ad\u2060"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")

# A letter or closing punctuation directly followed by a capital or digit: the
# only places where a scraper glues two page elements together (the glue point
# is between the two characters).
_GLUE_POINT = re.compile(r"[a-z\u00e0-\u00ff’'\"”.?!)][A-Z0-9©]")


_DIGIT = re.compile(r"\d")


def normalise(text: str) -> str:
    """Fold every run of whitespace (NBSP, thin spaces, tabs...) to one space and drop invisibles."""
    if not text.isascii() and _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    return " ".join(text.split())


def glue_points(text: str) -> list[int]:
    """Offsets where a timestamp or a footer phrase is glued to the text before it."""
    if _GLUE_POINT.search(text) is None:
        return []
    glued = _GLUE_POINT.match  # (glued(text, p - 1): p is a glue point)
    cuts: set[int] = set()
    for marker in phrases.load("glue_markers"):  # (each found by str.find, then tested where it is)
        pos = text.find(marker, 1)
        while pos > 0:
            if glued(text, pos - 1):
                cuts.add(pos)
            pos = text.find(marker, pos + 1)
    if _DIGIT.search(text):
        for m in dates.search_dates(text):
            if m.start > 0 and glued(text, m.start - 1):
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


_OPEN_END = re.compile(r"[^.!?:;…。！？\"”’)\]]\s+$")


def soft_wrapped(line: str, nxt: str) -> bool:
    """A line broken inside a sentence: the break kept its space, and the sentence goes on below."""
    if not (line[-1:].isspace() or nxt[:1].isspace()) or not nxt.strip():
        return False
    return bool(_OPEN_END.search(line)) or (nxt[:1].isspace() and nxt.lstrip()[:1].islower() and bool(line.strip()))


def logical_lines(raw: str) -> list[tuple[int, int, str]]:
    """(first line number, last line number, text) of each input line, soft-wrapped ones joined."""
    out: list[tuple[int, int, str]] = []
    lines = raw.split("\n")
    last = len(lines) - 1
    start = 0
    for i, line in enumerate(lines):
        # (a soft wrap needs a space at the break: most lines are tested no further)
        if i < last and (line[-1:].isspace() or lines[i + 1][:1].isspace()) and line.strip() and soft_wrapped(line, lines[i + 1]):
            continue
        out.append((start + 1, i + 1, line if start == i else " ".join(lines[start : i + 1])))
        start = i + 1
    return out


def lines_that_may_be_glued(raw: str) -> set[int] | None:
    """Numbers of the input lines where split_glued may cut (None: any line).

    It cuts only before a glue marker or at a date, and every date holds a year:
    a line with neither a marker's first word nor the start of a year has no
    cut. (An invisible character could join two pieces of one once dropped:
    then every line is tried.)"""
    needles = _glue_needles()
    if needles is None or has_invisible(raw):
        return None
    if linescan.ONE_PASS:  # (the same lines, or a few more: see _glue_literals)
        return {i + 1 for i in linescan.lines_holding_any(raw, _glue_literals())}
    return _lines_matching(raw, needles)


def _lines_matching(raw: str, needles: re.Pattern[str]) -> set[int]:
    """Numbers of the input lines of raw where needles (_glue_needles) matches: the reference that
    lines_that_may_be_glued finds in C, one pass for all of _glue_literals, where there is C."""
    found: set[int] = set()
    lineno, prev = 1, 0
    for m in needles.finditer(raw):  # line numbers: the newlines before each hit, counted once in all
        pos = m.start()
        lineno += raw.count("\n", prev, pos)
        found.add(lineno)
        prev = pos
    return found


@cache
def _glue_needles() -> re.Pattern[str] | None:
    """Any glue marker's first word, or what may be a year (None: a marker has no word)."""
    markers = phrases.load("glue_markers")
    if not all(m.split() for m in markers):
        return None
    words = sorted({m.split()[0] for m in markers}, key=len, reverse=True)
    # (each alternative opens with a literal, which keeps the search a fast scan for their first
    # characters: dates.YEAR_HINT's look-behind would make it try every position)
    return re.compile("|".join([*map(re.escape, words), *dates.YEAR_LITERALS]))


# Every year _glue_needles matches (dates.YEAR_LITERALS: 19[89]d, 20dd, 2100, four digits) starts with one of
# these (tests/test_textspeed_segment.py checks it against the expressions, on every four digits).
_YEAR_HEADS = ("198", "199", *(f"20{d}" for d in range(10)), "2100")


@cache
def _glue_literals() -> tuple[str, ...]:
    """Strings one of which every match of _glue_needles starts with (where that is not None): each marker's first
    word, and _YEAR_HEADS. The lines holding one are the lines it matches in and a few more (a "200" in "$200m"):
    split_glued, asked of any line, cuts only where it would (None, every line, is the reference). Found in C by
    one str scan, where the expression tries its alternatives wherever a capital or a digit is."""
    return (*sorted({m.split()[0] for m in phrases.load("glue_markers")}), *_YEAR_HEADS)


# Whitespace that str.split() folds, less the plain space and the newline (str.isspace; the tests
# check the list against it). A document holding none of them, nor two spaces in a row, nor a
# space at the start or end of a line, has only normalised lines.
_ODD_SPACES = ("\t", "\x0b", "\x0c", "\r", "\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\xa0", "\u1680",
               *map(chr, range(0x2000, 0x200B)), "\u2028", "\u2029", "\u202f", "\u205f", "\u3000")
_ODD_ASCII_SPACES = tuple(c for c in _ODD_SPACES if c.isascii())


def is_normalised(raw: str) -> bool:
    """Whether every line of raw already is as normalise() makes it (each test a fast substring search)."""
    if "  " in raw or " \n" in raw or "\n " in raw or raw[:1] == " " or raw[-1:] == " ":
        return False
    odd = _ODD_ASCII_SPACES if raw.isascii() else _ODD_SPACES
    return not any(c in raw for c in odd)


is_normalised_py = is_normalised
if _c is not None:  # the same test in C, one pass (cleaner/_shapes.c; the tests compare the two)
    is_normalised = _c.is_normalised  # type: ignore[assignment]


def has_invisible(text: str) -> bool:
    return not text.isascii() and any(c in text for c in _INVISIBLE_CHARS)


def may_be_soft_wrapped(lines: list[str], normalised: list[str]) -> bool:
    """Whether logical_lines could join any of lines: a soft wrap needs a space at the break, and a
    line that starts or ends with a space is one that normalising changed."""
    changed = compress(range(len(lines)), map(ne, lines, normalised))
    last = len(lines) - 1
    for i in {j for i in changed for j in (i - 1, i) if 0 <= j < last}:
        line, nxt = lines[i], lines[i + 1]
        if (line[-1:].isspace() or nxt[:1].isspace()) and line.strip() and soft_wrapped(line, nxt):
            return True
    return False


def segment(raw: str) -> list[Unit]:
    """Turn raw text into units: one per non-blank line, glued pieces apart, text normalised."""
    units: list[Unit] = []
    add = units.append
    invisible = has_invisible(raw)
    may_be_glued = lines_that_may_be_glued(raw)
    if not invisible:
        # the usual case, in C where it can be: each line is a logical line, normalised by map()
        lines = raw.split("\n")
        if is_normalised(raw):  # (then no line can be soft-wrapped either: that needs a space at the break)
            normalised = lines
        else:
            normalised = list(map(" ".join, map(str.split, lines)))
        if normalised is lines or not may_be_soft_wrapped(lines, normalised):
            linenos = list(compress(range(1, len(normalised) + 1), normalised))  # the non-blank lines
            texts = list(compress(normalised, normalised))
            glued = linenos if may_be_glued is None else sorted(may_be_glued.intersection(linenos))
            for lineno in reversed(glued):  # (from the end: the positions before stay where they are)
                at = bisect_left(linenos, lineno)
                pieces = split_glued(texts[at])
                if pieces != [texts[at]]:
                    texts[at : at + 1] = pieces
                    linenos[at : at + 1] = [lineno] * len(pieces)
            # (tuple.__new__ makes each Unit in C; Unit(...) would run the named tuple's __new__ in Python)
            return list(map(tuple.__new__, repeat(Unit), zip(range(len(texts)), linenos, texts, linenos)))
    for first, last, line in logical_lines(raw):
        text = normalise(line) if invisible else " ".join(line.split())  # (normalise: there is nothing to drop)
        if not text:
            continue
        if may_be_glued is None or first in may_be_glued or (last > first and not may_be_glued.isdisjoint(range(first, last + 1))):
            for piece in split_glued(text):
                add(Unit(len(units), first, piece, last))
        else:
            add(Unit(len(units), first, text, last))
    return units
