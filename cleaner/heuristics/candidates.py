"""Choose the page's main content among the extractors' candidates, by how much of each reads as prose."""
from __future__ import annotations

from typing import Iterable, NamedTuple

from .base import is_body_like, words

# The first candidate (trafilatura's pick) stands unless it reads as no article - a menu, a list of
# links, a teaser, a sign-up box: under LITTLE_PROSE words of prose - while another holds far more
# prose (MORE_PROSE times as much, plus MORE_PROSE_WORDS): then the first such other, in the order
# given (the cheaper extractors first; the costly ones are not even run when an earlier one wins). Measured on both devsets (bench/quality.py):
# a candidate that wins merely by holding more prose, or by holding the first's prose and more,
# brings comment threads and other stories' summaries in as often as it brings article text back.
LITTLE_PROSE = 150
MORE_PROSE = 3.0
MORE_PROSE_WORDS = 300


class Choice(NamedTuple):
    """The chosen candidate's index, name and text, and a line saying why."""

    index: int
    name: str
    text: str
    reason: str


def prose_words(text: str) -> int:
    """Words in the lines of text that read as article prose (a sentence of some length, or a long run of words)."""
    return sum(words(ln) for ln in text.splitlines() if is_body_like(ln))


def choose(candidates: Iterable[tuple[str, str]]) -> Choice:
    """candidates: (name, text) pairs, the default pick first (at least one; the others are read only when
    needed, so they may come from a generator that makes them on demand). The first, unless it reads as
    no article while another holds far more prose: then the first such other."""
    each = iter(candidates)
    name, text = next(each)
    first = prose_words(text)
    if first >= LITTLE_PROSE:
        return Choice(0, name, text, f"{name}: {first} prose words, an article's worth")
    best = Choice(0, name, text, f"{name}: {first} prose words; no other candidate holds far more")
    enough = MORE_PROSE * first + MORE_PROSE_WORDS
    seen = 1
    for i, (other_name, other) in enumerate(each, 1):
        seen += 1
        prose = prose_words(other)
        if prose >= enough:
            return Choice(i, other_name, other,
                          f"{other_name}: {prose} prose words where {name}'s pick holds {first}, too few for an article")
    if seen == 1:
        return best._replace(reason=f"{name}: the only candidate")
    return best
