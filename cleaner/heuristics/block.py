"""Find the article block (the densest run of prose) and drop what lies outside it."""
from __future__ import annotations

import re
from functools import lru_cache
from bisect import bisect_right
from itertools import accumulate, chain
from typing import Sequence

from ..model import Label
from ..speedups import shapes as _c
from .base import Hit, View, ends_sentence, hits, is_body_like, is_bulleted, is_figure_item, is_headline_like, is_title_case, words

OUTSIDE = Label("generic/outside", "outside", "outside the article block")

MAX_BODY_GAIN = 120  # a single long unit cannot outweigh everything else
LIST_ITEM_GAIN = 1.0  # list items neither make nor break a block
HEADLINE_COST, HEADLINE_WORD_COST = 4.0, 1.5
SHORT_SENTENCE_WORDS = 3
# units another rule already removed (menus, share bars, notices) count as a gap: the evidence that the article
# stops there is good. Measured on both devsets (bench/quality.py): 0.5 -> 4.0 gave dumps devset .907 -> .920,
# devset-wcxb .907 -> .913, firstpass and HTML level or up on both; 5.0 cost the devset's dumps recall.
REMOVED_COST = 4.0
# No single-block gamble: a run of prose elsewhere on the page, its gaps weighing RESCUE_GAP of their
# cost, whose score is at least SECOND_BLOCK_SHARE of the article block's is kept too (an article cut
# by a long list, a code listing or subheadings). Measured on both devsets (bench/quality.py).
SECOND_BLOCK_SHARE = 0.5
RESCUE_GAP = 0.5
# on text an extractor picked as a page's main content (HTML input) the evidence that a gap ends the
# article is weaker still: the extractor already left the page's menus and footers out
EXTRACTED_SHARE, EXTRACTED_GAP = 0.1, 0.05
EXTRACTED_LEAD = 1  # the best block starting at most this many units in
WRAPPED_WORDS = 6  # a hard-wrapped prose line holds at least this many words


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


_POSITIVE = (0.0).__lt__


def prose_blocks(scores: list[float], share: float = SECOND_BLOCK_SHARE, gap: float = RESCUE_GAP,
                 span: tuple[int, int] | None = None, taken: int = 0) -> list[tuple[int, int]]:
    """The best block (span, if known: best_block's); then, on either side of it and recursively, the best
    block found with gaps weighing gap of their cost (the evidence that a code listing, a list or
    subheadings end the article is weak), kept while it scores at least share of the best's; in order.
    taken: how many units of span other rules removed; their gaps do not lower the bar (cleaning the output
    again, without them, sets the same bar)."""
    span = span or best_block(scores)
    if span is None:
        return []
    bar = share * (sum(scores[span[0]:span[1] + 1]) + REMOVED_COST * taken)
    if sum(filter(_POSITIVE, scores)) - sum(filter(_POSITIVE, scores[span[0]:span[1] + 1])) < bar:
        return [span]  # (not prose enough outside the block for another: most documents stop here)
    soft = [s if s >= 0 else s * gap for s in scores]
    out = [span]
    todo = [(0, span[0]), (span[1] + 1, len(scores))]
    while todo:
        lo, hi = todo.pop()
        sub = best_block(soft[lo:hi])
        if sub is None:
            continue
        a, b = sub[0] + lo, sub[1] + lo
        if sum(soft[a:b + 1]) >= bar:
            out.append((a, b))
            todo += [(lo, a), (b + 1, hi)]
    return sorted(out)


# a line that stops mid-sentence (on a letter, digit or comma) and a next line that goes on in lower-case words
_HARD_WRAP = re.compile(r"\n(?=[a-z]+[ ,])")  # (then the character before the break is checked: a literal first scans fast)


def hard_wrapped(texts: list[str]) -> list[int]:
    """Indices of the units that are lines of prose hard-wrapped at a fixed width (each line short of a
    sentence, so read alone as menu items): a line that breaks off mid-sentence with the next going on in
    lower case, both of some length, and that next line. Found in one pass over the joined text."""
    joined = "\n".join(texts)
    found: set[int] = set()
    if "\n" not in joined:
        return []
    starts = None
    for m in _HARD_WRAP.finditer(joined):
        before = joined[m.start() - 1]
        if not (before.isalnum() or before == ","):
            continue
        if starts is None:
            starts = list(accumulate(map((1).__add__, map(len, texts)), initial=0))  # (in C)
        i = bisect_right(starts, m.start()) - 1
        if i + 1 < len(texts) and words(texts[i]) >= WRAPPED_WORDS and words(texts[i + 1]) >= WRAPPED_WORDS:
            found.update((i, i + 1))
    return sorted(found)


def article_blocks(view: View) -> list[tuple[int, int]]:
    """(first, last) unit index of each article block, in order; [] when there is no prose at all."""
    return blocks_of(view.features.texts, view.labels, view.first("page_title") is not None)


def blocks_of(texts: Sequence[str], labels: Sequence[Label | None] | None, extracted: bool) -> list[tuple[int, int]]:
    """article_blocks of units with these texts and labels (None: no unit taken yet); extracted: the text is an
    extractor's pick of a page's main content (HTML input)."""
    if labels is None:
        scores = list(map(unit_score, texts))
    else:
        scores = [unit_score(t) if lab is None else -REMOVED_COST for t, lab in zip(texts, labels)]
    for i in hard_wrapped(texts):
        if labels is None or labels[i] is None:
            scores[i] = float(words(texts[i]))
    span = best_block(scores)
    if span is None:
        return []
    # an extractor's pick of a page's main content (HTML input), or a text the article opens
    if extracted or span[0] <= EXTRACTED_LEAD:
        return prose_blocks(scores, EXTRACTED_SHARE, EXTRACTED_GAP, span, _taken(labels, span))
    if _repeated_prose_as_gaps(texts, scores):
        span = best_block(scores)
        if span is None:
            return []
    return prose_blocks(scores, SECOND_BLOCK_SHARE, RESCUE_GAP, span, _taken(labels, span))


def _taken(labels: Sequence[Label | None] | None, span: tuple[int, int]) -> int:
    """How many units of span other rules took."""
    return 0 if labels is None else sum(lab is not None for lab in labels[span[0]:span[1] + 1])


def kept_span(view: View) -> tuple[int, int] | None:
    """(first, last) unit index of what the article blocks keep, made a fixed point: the units it keeps that no
    other rule took, read alone (as cleaning the output again reads them, without the gaps the removed units
    made), must find the same blocks keep them all; else what they would drop is dropped now (until none is).
    None when there is no prose at all."""
    texts = view.features.texts
    extracted = view.first("page_title") is not None
    blocks = blocks_of(texts, view.labels, extracted)
    if not blocks:
        return None
    first, last = blocks[0][0], blocks[-1][1]
    kept = list(view.free_among(range(first, last + 1)))
    while kept:
        again = blocks_of([texts[i] for i in kept], None, extracted)
        if not again or (again[0][0] == 0 and again[-1][1] == len(kept) - 1):
            break  # (no prose read alone: a second cleaning keeps them all too)
        kept = kept[again[0][0]:again[-1][1] + 1]
    return (kept[0], kept[-1]) if kept else (first, last)


def _repeated_prose_as_gaps(texts: list[str], scores: list[float]) -> bool:
    """On a whole page's text: a prose unit that repeats an earlier one word for word is a teaser shown twice
    (a page repeats its summaries, not its article's paragraphs), so it scores as a removed unit, a gap; True
    when one did. (Code listings and list items repeat within articles: only prose counts. Measured on both
    devsets: dumps devset .920 -> .924, devset-wcxb .913 -> .915, firstpass level on both.)"""
    seen: set[str] = set()
    changed = False
    for i, t in enumerate(texts):
        if t in seen and scores[i] > LIST_ITEM_GAIN:
            scores[i] = -REMOVED_COST
            changed = True
        seen.add(t)
    return changed


def detect_outside(view: View) -> list[Hit]:
    span = kept_span(view)
    if span is None:
        return []
    # what lies between the blocks stays: it joined them (cleaning the output again finds the same)
    outside = chain(range(span[0]), range(span[1] + 1, len(view.units)))
    return hits(view.free_among(outside), OUTSIDE)
