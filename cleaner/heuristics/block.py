"""Find the article block (the densest run of prose) and drop what lies outside it."""
from __future__ import annotations

from ..model import Label
from .base import Hit, View, is_body_like, words

OUTSIDE = Label("generic/outside", "outside", "outside the article block")

MAX_BODY_GAIN = 120  # a single long unit cannot outweigh everything else
REMOVED_COST = 0.5  # units already removed still count as a (weak) gap
MIN_DOC_UNITS = 3  # too short a document has no boilerplate worth guessing at


def unit_score(text: str) -> float:
    """Positive for prose, negative for everything else, scaled by length."""
    n = words(text)
    if is_body_like(text):
        return float(min(n, MAX_BODY_GAIN))
    return -(2.0 + 0.5 * n)


def best_block(scores: list[float]) -> tuple[int, int] | None:
    """The contiguous run with the largest total score (Kadane); (start, end) inclusive."""
    best, best_span = 0.0, None
    total, start = 0.0, 0
    for i, s in enumerate(scores):
        if total <= 0:
            total, start = s, i
        else:
            total += s
        if total > best:
            best, best_span = total, (start, i)
    return best_span


def detect_outside(view: View) -> list[Hit]:
    units = view.units
    free = view.free_indices()
    if len(free) < MIN_DOC_UNITS:
        return []
    scores = [unit_score(u.text) if view.labels[i] is None else -REMOVED_COST for i, u in enumerate(units)]
    span = best_block(scores)
    if span is None:
        return []
    start, end = span
    return [Hit(i, OUTSIDE) for i in free if i < start or i > end]
