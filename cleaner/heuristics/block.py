"""Find the article block (the densest run of prose) and drop what lies outside it."""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain

from ..model import Label
from ..speedups import shapes as _c
from .base import Hit, View, ends_sentence, hits, is_body_like, is_bulleted, is_figure_item, is_headline_like, is_title_case, words

OUTSIDE = Label("generic/outside", "outside", "outside the article block")

MAX_BODY_GAIN = 120  # a single long unit cannot outweigh everything else
LIST_ITEM_GAIN = 1.0  # list items neither make nor break a block
HEADLINE_COST, HEADLINE_WORD_COST = 4.0, 1.5
SHORT_SENTENCE_WORDS = 3
REMOVED_COST = 0.5  # units already removed still count as a (weak) gap


_BARE_URL = re.compile(r"(?:https?://|www\.)\S+")


@lru_cache(maxsize=1 << 16)
def unit_score(text: str) -> float:
    """Positive for prose, about zero for list items and bare links, negative for menus, headlines and the like."""
    n = words(text)
    if is_bulleted(text):  # even a long bullet is a list item: teaser lists must not outweigh a gap
        return LIST_ITEM_GAIN
    if is_body_like(text, n):
        return float(min(n, MAX_BODY_GAIN))
    if is_figure_item(text, n) or (n >= SHORT_SENTENCE_WORDS and ends_sentence(text)):  # (not bulleted: see above)
        return LIST_ITEM_GAIN  # list items and short sentences neither make nor break a block
    if _BARE_URL.fullmatch(text):
        return 0.0
    if n >= 4 and is_headline_like(text, n) and is_title_case(text):
        return -(HEADLINE_COST + HEADLINE_WORD_COST * n)  # other stories' headlines mark the block's edge
    return -(2.0 + 0.5 * n)


unit_score_py = unit_score
if _c is not None:  # the same score in C (cleaner/_shapes.c; the tests compare the two)
    unit_score = _c.unit_scorer(MAX_BODY_GAIN, LIST_ITEM_GAIN, HEADLINE_COST, HEADLINE_WORD_COST, SHORT_SENTENCE_WORDS)  # type: ignore[assignment]


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


def article_block(view: View) -> tuple[int, int] | None:
    """(first, last) unit index of the article block, or None when there is no prose at all."""
    texts = view.features.texts
    return best_block([unit_score(t) if lab is None else -REMOVED_COST for t, lab in zip(texts, view.labels)])


def detect_outside(view: View) -> list[Hit]:
    span = article_block(view)
    if span is None:
        return []
    start, end = span
    outside = chain(range(start), range(end + 1, len(view.units)))
    return hits(view.free_among(outside), OUTSIDE)
