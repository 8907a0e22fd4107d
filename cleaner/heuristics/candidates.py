"""Choose the page's main content among the extractors' candidates, by how much of each reads as prose."""
from __future__ import annotations

from typing import NamedTuple, Sequence

from .base import is_body_like, words

# The first candidate (trafilatura's pick) stands unless it reads as no article - a menu, a list of
# links, a teaser, a sign-up box: under LITTLE_PROSE words of prose - while another holds far more
# prose (MORE_PROSE times as much, plus MORE_PROSE_WORDS). Measured on both devsets (bench/quality.py):
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


def choose(candidates: Sequence[tuple[str, str]]) -> Choice:
    """candidates: (name, text) pairs, the default pick first. The first, unless it reads as no article
    while another holds far more prose: then the one with the most prose."""
    name, text = candidates[0]
    if len(candidates) == 1:
        return Choice(0, name, text, f"{name}: the only candidate")
    first = prose_words(text)
    best = Choice(0, name, text, f"{name}: {first} prose words; no other candidate holds far more")
    if first >= LITTLE_PROSE:
        best = best._replace(reason=f"{name}: {first} prose words, an article's worth")
        return best
    best_prose = MORE_PROSE * first + MORE_PROSE_WORDS
    for i, (other_name, other) in enumerate(candidates[1:], 1):
        prose = prose_words(other)
        if prose >= best_prose:
            best = Choice(i, other_name, other,
                          f"{other_name}: {prose} prose words where {name}'s pick holds {first}, too few for an article")
            best_prose = prose
    return best
