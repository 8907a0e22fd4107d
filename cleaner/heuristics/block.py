"""Find the article block (the densest run of prose) and drop what lies outside it."""
from __future__ import annotations

import re
from functools import lru_cache, partial
from bisect import bisect_right
from itertools import accumulate, chain, compress, groupby, repeat
from operator import attrgetter, is_not
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
# On a whole page's text (not an extractor's pick), the article's end: a run of units with no prose that holds
# WALL_REMOVED or more units other rules removed as page furniture (WALL_CATEGORIES: share bars, related lists,
# comment forms, promos, footers; not navigation, captions or credits, which other rules also find inside
# articles) is a wall no block reaches across; what lies beyond is kept only as a second block of its own.
# Then up to ISLAND_CUTS lone prose units at the block's end, each after a gap of ISLAND_GAP or more units
# with no prose, one of them removed by another rule, go (an author bio, a disclaimer, a teaser after the
# share bar), while ISLAND_BODY prose units stay before them (more than a few such units in a row are a list
# the article holds; one paragraph after a lone share bar is still the article's). Measured on both devsets
# (bench/quality.py): walls: dumps devset .924 -> .932, devset-wcxb .915 -> .918; islands: .932 and .920;
# firstpass level or up on both.
WALL_REMOVED = 3
WALL_COST = 1000.0
WALL_CATEGORIES = frozenset({"social", "related", "comments", "promo", "footer"})
ISLAND_CUTS, ISLAND_GAP, ISLAND_BODY = 4, 2, 3


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
    """(first, last) unit index of each article block, in order; [] when there is no prose at all.
    The headline rule asks for them, then the outside rule, after the headline rule took the title above
    the first block: the blocks found first still hold when _still_the_blocks says so (not found again)."""
    features = view.features
    extracted = view.first("page_title") is not None
    found = features.blocks_found
    if found is not None and found[0] == extracted and _still_the_blocks(*found[1:], view.labels):
        return found[3]
    scores: list[float] = []
    blocks = blocks_of(features.texts, view.labels, extracted, features.of_all(free_scores), scores)
    features.blocks_found = (extracted, tuple(view.labels), scores, blocks)
    return blocks


def _still_the_blocks(labels: Sequence[Label | None], scores: list[float], blocks: list[tuple[int, int]],
                      now: Sequence[Label | None]) -> bool:
    """Whether the blocks found from labels (with these final scores) are the blocks of the labels now: the
    same labels, or labels taken since only above the first block by units that scored -REMOVED_COST or more.
    Such a unit's score can only fall (to -REMOVED_COST, or a wall's), and only above the first block (a wall
    ends at the prose unit every block starts with): no block gains, none loses, none is found anew."""
    changed = list(compress(range(len(now)), map(is_not, labels, now)))  # (labels are only ever added)
    if not changed:
        return True
    return bool(blocks) and changed[-1] < blocks[0][0] and min(map(scores.__getitem__, changed)) >= -REMOVED_COST


def free_scores(texts: Sequence[str]) -> list[float]:
    """Each unit's score with no unit taken yet: unit_score, and hard-wrapped prose lines as prose."""
    scores = list(map(unit_score, texts))
    for i in hard_wrapped(texts):  # type: ignore[arg-type]
        scores[i] = float(words(texts[i]))
    return scores


def blocks_of(texts: Sequence[str], labels: Sequence[Label | None] | None, extracted: bool,
              free: list[float] | None = None, final: list[float] | None = None) -> list[tuple[int, int]]:
    """article_blocks of units with these texts and labels (None: no unit taken yet); extracted: the text is an
    extractor's pick of a page's main content (HTML input); free: free_scores(texts), if known; final, if given,
    gets each unit's score as the blocks were chosen by it."""
    scores = list(free) if free is not None else free_scores(texts)
    taken = list(compress(range(len(labels)), map(is_not, labels, repeat(None)))) if labels is not None else []
    for i in taken:
        scores[i] = -REMOVED_COST
    page = labels is not None and not extracted  # (a second cleaning sees no removed units: neither applies)
    if page:
        _walls(scores, labels, taken)  # type: ignore[arg-type]
    blocks = _choose(texts, scores, labels, extracted)
    if page:
        for _ in range(ISLAND_CUTS):
            if not (blocks and _trim_island(blocks, scores, labels)):  # type: ignore[arg-type]
                break
    if final is not None:
        final[:] = scores
    return blocks


def _choose(texts: Sequence[str], scores: list[float], labels: Sequence[Label | None] | None,
            extracted: bool) -> list[tuple[int, int]]:
    """The article blocks by these scores: the best block, and the prose blocks rescued beside it."""
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


def _trim_island(blocks: list[tuple[int, int]], scores: list[float], labels: Sequence[Label | None]) -> bool:
    """Drop the last block's last prose unit when it stands alone after a gap (ISLAND_GAP or more units with no
    prose) that holds a unit another rule removed, with ISLAND_BODY prose units before the gap in that block;
    True when it did."""
    first, last = blocks[-1]
    end = last
    while end >= first and scores[end] <= LIST_ITEM_GAIN:
        end -= 1
    if end <= first or scores[end - 1] > LIST_ITEM_GAIN:
        return False  # (no prose, or more than one prose unit in a row: the article's own end)
    gap, removed = end - 1, False
    while gap >= first and scores[gap] <= 0:
        removed = removed or labels[gap] is not None
        gap -= 1
    if end - 1 - gap < ISLAND_GAP or not removed or gap < first or sum(map(LIST_ITEM_GAIN.__lt__, scores[first:gap + 1])) < ISLAND_BODY:
        return False
    blocks[-1] = (first, gap)
    return True


_CATEGORY = attrgetter("category")


def _walls(scores: list[float], labels: Sequence[Label | None], taken: list[int]) -> None:
    """A run of units with no prose holding WALL_REMOVED or more units other rules removed (a share bar, a
    related list, a comment form) is a wall: each of its units weighs WALL_COST, so no block reaches across it.
    taken: the indices of the units other rules removed, in order."""
    categories = map(_CATEGORY, map(labels.__getitem__, taken))
    furniture = list(compress(taken, map(WALL_CATEGORIES.__contains__, categories)))  # (the loops run in C)
    if len(furniture) < WALL_REMOVED:
        return
    prose = list(compress(range(len(scores)), map(_POSITIVE, scores)))
    for after, run in groupby(furniture, partial(bisect_right, prose)):  # (after: how many prose units come before)
        if len(list(run)) >= WALL_REMOVED:
            start, end = prose[after - 1] + 1 if after else 0, prose[after] if after < len(prose) else len(scores)
            scores[start:end] = [-WALL_COST] * (end - start)


def _taken(labels: Sequence[Label | None] | None, span: tuple[int, int]) -> int:
    """How many units of span other rules took."""
    return 0 if labels is None else span[1] + 1 - span[0] - list(labels[span[0]:span[1] + 1]).count(None)  # (in C)


def kept_span(view: View) -> tuple[int, int] | None:
    """(first, last) unit index of what the article blocks keep, made a fixed point: the units it keeps that no
    other rule took, read alone (as cleaning the output again reads them, without the gaps the removed units
    made), must find the same blocks keep them all; else what they would drop is dropped now (until none is).
    None when there is no prose at all."""
    texts = view.features.texts
    extracted = view.first("page_title") is not None
    blocks = article_blocks(view)
    # (no block with the removed units: the free units alone may still hold one, as a second cleaning finds)
    kept = list(view.free_among(range(blocks[0][0], blocks[-1][1] + 1) if blocks else range(len(texts))))
    while kept:
        again = blocks_of([texts[i] for i in kept], None, extracted)
        if not again or (again[0][0] == 0 and again[-1][1] == len(kept) - 1):
            break  # (no prose read alone: a second cleaning keeps them all too)
        kept = kept[again[0][0]:again[-1][1] + 1]
    return (kept[0], kept[-1]) if kept else None


def _repeated_prose_as_gaps(texts: list[str], scores: list[float]) -> bool:
    """On a whole page's text: a prose unit that repeats an earlier one word for word is a teaser shown twice
    (a page repeats its summaries, not its article's paragraphs), so it scores as a removed unit, a gap; True
    when one did. (Code listings and list items repeat within articles: only prose counts. Measured on both
    devsets: dumps devset .920 -> .924, devset-wcxb .913 -> .915, firstpass level on both.)"""
    first = dict(zip(reversed(texts), range(len(texts) - 1, -1, -1)))  # each text's first index (in C)
    if len(first) == len(texts):
        return False  # (no text repeats: most documents stop here)
    repeats = [i for i in compress(range(len(texts)), map(LIST_ITEM_GAIN.__lt__, scores)) if first[texts[i]] != i]
    for i in repeats:
        scores[i] = -REMOVED_COST
    return bool(repeats)


def detect_outside(view: View) -> list[Hit]:
    span = kept_span(view)
    if span is None:
        return []
    # what lies between the blocks stays: it joined them (cleaning the output again finds the same)
    outside = chain(range(span[0]), range(span[1] + 1, len(view.units)))
    return hits(view.free_among(outside), OUTSIDE)
