"""Find which lines of a document hold a string: one search over the lines joined by newlines (in C for many strings at once)."""
from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
from operator import add

from .speedups import shapes as _c


def line_starts(lines: list[str]) -> list[int]:
    """Where each of lines starts in "\\n".join(lines), and where a line after the last would."""
    return list(map(add, accumulate(map(len, lines), initial=0), range(len(lines) + 1)))


def lines_holding(doc: str, starts: list[int], needle: str) -> list[int]:
    """Indices of the lines of doc (lines joined by newlines, starting at starts: line_starts) that
    hold needle, in order: one str.find over the document, on to the next line after each hit."""
    out = []
    pos = doc.find(needle)
    while pos >= 0:
        i = bisect_right(starts, pos) - 1
        out.append(i)
        pos = doc.find(needle, starts[i + 1])  # (after the last line: past the end, found nowhere)
    return out


# whether lines_holding_each makes one pass over a document for all its needles (in C), or one for each
ONE_PASS = _c is not None


def lines_holding_each(doc: str, starts: list[int], needles: tuple[str, ...]) -> list[list[int]]:
    """lines_holding(doc, starts, needle) of each of needles: in C, one pass over doc for all of them
    (which counts lines by their newlines: where a line holds one, lines_holding serves)."""
    if _c is not None and doc.count("\n") == len(starts) - 2:
        return _c.lines_holding_each(doc, needles)
    return [lines_holding(doc, starts, needle) for needle in needles]


def lines_holding_any(doc: str, needles: tuple[str, ...]) -> set[int]:
    """Indices of the lines of doc (split at every newline) that hold one of needles (none holding a newline):
    in C, one pass over doc for all of them; else each line searched for each needle."""
    if _c is not None:
        return set().union(*_c.lines_holding_each(doc, needles))
    return {i for i, line in enumerate(doc.split("\n")) if any(needle in line for needle in needles)}
