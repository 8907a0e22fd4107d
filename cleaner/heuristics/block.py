"""Find the article block (the densest run of prose) and drop what lies outside it."""
from __future__ import annotations

import re
from functools import lru_cache, partial
from bisect import bisect_right
from itertools import accumulate, chain, compress, groupby
from operator import is_not
from typing import TYPE_CHECKING, Sequence

from ..model import Label
from ..speedups import shapes as _c
from .base import Hit, View, ends_sentence, hits, is_body_like, is_bulleted, is_figure_item, is_headline_like, is_title_case, words

if TYPE_CHECKING:
    from .features import Features

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
    best, first, last = 0.0, 0, -1
    total, start = 0.0, 0
    for i, s in enumerate(scores):
        if total <= 0.0:  # (float to float: the interpreter compares these fastest)
            total = s
            start = i
        else:
            total += s
        if total > best:
            best = total
            first = start
            last = i
    return (first, last) if last >= 0 else None


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
    bar = _bar(scores, share, span, taken)
    if _alone(scores, span, bar):
        return [span]  # (not prose enough outside the block for another: most documents stop here)
    return _rescued(scores, gap, span, bar)


def _bar(scores: list[float], share: float, span: tuple[int, int], taken: int) -> float:
    """What a block rescued beside span must score: share of span's score, its taken units' gaps not counted."""
    return share * (sum(scores[span[0]:span[1] + 1]) + REMOVED_COST * taken)


def _alone(scores: list[float], span: tuple[int, int], bar: float) -> bool:
    """Whether the prose outside span, all of it, scores under bar: no block beside span can be rescued."""
    return sum(filter(_POSITIVE, scores)) - sum(filter(_POSITIVE, scores[span[0]:span[1] + 1])) < bar


def _alone_exact(scores: list[float], span: tuple[int, int], bar: float) -> bool:
    """_alone, for scores whose sums are exact (_EXACT: unit scores, taken units, walls): the prose before span and
    after it summed, the same sum as all prose less span's when no sum rounds."""
    head, tail = scores[:span[0]], scores[span[1] + 1:]
    return sum([s for s in head if s > 0.0]) + sum([s for s in tail if s > 0.0]) < bar  # (float compares: fastest)


def _rescued(scores: list[float], gap: float, span: tuple[int, int], bar: float) -> list[tuple[int, int]]:
    """span, and the blocks beside it that score bar or more with gaps weighing gap of their cost (prose_blocks)."""
    soft = [s if s >= 0.0 else s * gap for s in scores]
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


_WRAP_START = re.compile(r"[a-z]+[ ,]")  # _HARD_WRAP's lookahead, at a unit's start


def _wrap_starts(texts: Sequence[str], joined: str | None = None) -> list[int] | None:
    """Indices of the units that may go on a hard-wrapped line above them: of WRAPPED_WORDS or more words, starting
    in lower-case words as _HARD_WRAP's lookahead asks. None when a unit holds a newline (there hard_wrapped also
    breaks lines inside units: only hard_wrapped itself says which). Found as hard_wrapped finds its lines: the
    joined text's newlines, all of them joins when there are as many as joins, where the lookahead matches.
    joined: the texts joined by newlines, if known, and known to hold no newline but the joins."""
    if joined is None:
        joined = "\n".join(texts)
        if joined.count("\n") != max(len(texts) - 1, 0):
            return None
    found = [0] if texts and _WRAP_START.match(texts[0]) else []
    unit, at = 0, 0
    for m in _HARD_WRAP.finditer(joined):
        unit += joined.count("\n", at, m.end())  # (the unit after the join: as many as the joins up to it)
        at = m.end()
        found.append(unit)
    return [i for i in found if words(texts[i]) >= WRAPPED_WORDS]


def _wrapped_pairs(texts: Sequence[str], starts: list[int]) -> list[int]:
    """hard_wrapped(texts) when no unit holds a newline, found from each unit's own start and end: starts,
    _wrap_starts(texts). (Joined, the newlines are the joins alone; the character before the one ahead of unit i
    is unit i - 1's last, so the match there is: unit i starts as the lookahead asks, unit i - 1 ends on a letter,
    digit or comma; and both are of WRAPPED_WORDS or more words, which an empty unit, whose join's character
    before would be a newline or, for unit 0, the joined text's last, is not.)"""
    found: set[int] = set()
    for i in starts:
        if i:
            last = texts[i - 1][-1:]
            if (last.isalnum() or last == ",") and words(texts[i - 1]) >= WRAPPED_WORDS:
                found.update((i - 1, i))
    return sorted(found)


def article_blocks(view: View) -> list[tuple[int, int]]:
    """(first, last) unit index of each article block, in order; [] when there is no prose at all.
    The headline rule asks for them, then the outside rule, after the headline rule took the title above
    the first block: the blocks found first still hold when _still_the_blocks or _raised_above says so (not
    found again)."""
    features = view.features
    extracted = view.first("page_title") is not None
    found = features.blocks_found
    if found is not None and found[0] == extracted:
        now = view.labels
        changed = _taken_since(found[1], now)
        if _fell_above(changed, found[2], found[3]):
            return found[3]
        final = _raised(changed, now, *found[2:])
        if final is not None:
            features.blocks_found = (extracted, tuple(now), final, found[3], found[4])
            return found[3]
    scores: list[float] = []
    trace: list = []
    blocks = blocks_of(features.texts, view.labels, extracted, features.of_features(_facts)[2], scores,
                       among=features.repeated, trace=trace)
    features.blocks_found = (extracted, tuple(view.labels), scores, blocks, tuple(trace))
    return blocks


def _taken_since(labels: Sequence[Label | None], now: Sequence[Label | None]) -> list[int]:
    """The indices of the units taken since labels were (labels are only ever added), in order (in C)."""
    return list(compress(range(len(now)), map(is_not, labels, now)))


def _still_the_blocks(labels: Sequence[Label | None], scores: list[float], blocks: list[tuple[int, int]],
                      now: Sequence[Label | None]) -> bool:
    """Whether the blocks found from labels (with these final scores) are the blocks of the labels now: the
    same labels, or labels taken since only above the first block by units that scored -REMOVED_COST or more.
    Such a unit's score can only fall (to -REMOVED_COST, or a wall's), and only above the first block (a wall
    ends at the prose unit every block starts with): no block gains, none loses, none is found anew."""
    return _fell_above(_taken_since(labels, now), scores, blocks)


def _fell_above(changed: list[int], scores: list[float], blocks: list[tuple[int, int]]) -> bool:
    """_still_the_blocks, the units taken since (changed) known."""
    if not changed:
        return True
    return bool(blocks) and changed[-1] < blocks[0][0] and min(map(scores.__getitem__, changed)) >= -REMOVED_COST


# Every score is a multiple of a quarter (unit_score's costs and gains, REMOVED_COST, WALL_COST are): their sums
# are exact, in any order, as _still_best, _one_block and _alone_exact ask (else they are not used).
_EXACT = all(float(4 * c).is_integer() for c in (MAX_BODY_GAIN, LIST_ITEM_GAIN, HEADLINE_COST, HEADLINE_WORD_COST,
                                            REMOVED_COST, WALL_COST, 2.0, 0.5))


def _raised_above(labels: Sequence[Label | None], scores: list[float], blocks: list[tuple[int, int]],
                  trace: tuple, now: Sequence[Label | None]) -> list[float] | None:
    """The final scores of the labels now when the blocks found from labels (with these final scores, and trace:
    blocks_of's) are theirs too, by _raised's test; else None."""
    return _raised(_taken_since(labels, now), now, scores, blocks, trace)


def _raised(changed: list[int], now: Sequence[Label | None], scores: list[float], blocks: list[tuple[int, int]],
            trace: tuple) -> list[float] | None:
    """_raised_above, the units taken since (changed) known. It holds the case _still_the_blocks does not: the
    headline rule took a title scored under -REMOVED_COST above the first block, and taking it raised its score.
    The test: one block, found alone (prose_blocks' first test: no block beside it could be rescued); every unit
    taken since lies above it (before its start a; and before the best block found before repeated prose was
    marked, if it was; and none of the prose marked), scored -REMOVED_COST or less, under a label of no wall's
    category. Then
    - walls: each such unit scored no more than 0 before and after (REMOVED_COST, or a wall's), so the prose
      units and the furniture, hence the walls, are the same; its score rose from s to -REMOVED_COST by
      -REMOVED_COST - s (by 0 inside a wall); let D be the sum of the rises;
    - best_block, by _still_best, finds the same best block before the repeated prose is marked (so the same
      branch of _choose), the same repeated prose (no prose changed), and the same best block after;
    - the rest: no unit of the span was taken since, its taken count and bar are the same, no prose changed
      (prose_blocks' first test is the same), and _trim_island reads the block alone."""
    if not (_EXACT and changed and len(blocks) == 1 and len(trace) == 3):
        return None
    span, marked, alone = trace
    if not alone or changed[-1] >= span[0]:
        return None
    rise = 0.0
    for c in changed:
        s, label = scores[c], now[c]
        if s > -REMOVED_COST or label is None or label.category in WALL_CATEGORIES:  # (labels are only added)
            return None
        if s != -WALL_COST:  # (no unit scores that but a wall's: the lowest score of a unit is a headline's)
            rise += -REMOVED_COST - s
    if not _still_best(scores, span, changed[-1], rise):
        return None
    if marked:  # (the best block before the repeated prose was marked, and the scores then)
        first, units, were = marked
        if not set(units).isdisjoint(changed):
            return None  # (a repeat marked, prose before: taking it may change the walls)
        before = list(scores)
        for i, s in zip(units, were):
            before[i] = s
        if changed[-1] >= first[0] or not _still_best(before, first, changed[-1], rise):
            return None
    final = list(scores)
    for c in changed:
        if final[c] != -WALL_COST:
            final[c] = -REMOVED_COST
    return final


def _still_best(scores: list[float], span: tuple[int, int], last: int, rise: float) -> bool:
    """Whether best_block still finds span (its answer on scores) once units up to last, all before span, rise by
    rise in all. Kadane, P the prefix sums: span (a, e) starts at a, the last minimum of P[0..a]. The rises add
    rise or less to P[j] for j <= a, exactly rise to P[a] and after; so a stays the last minimum when every run
    from j <= last to a - 1 sums to -rise or less (then P'[j] >= P[j] >= P[a] + rise = P'[a]), and every run
    ending at or after a totals what it did. A run ending before a totals at most what it did plus rise, at
    most the prose before a plus rise: when that is under span's total, span is still the first best. (The
    sums are exact: _EXACT.)"""
    a, e = span
    head = scores[:a]
    runs = list(accumulate(reversed(head)))  # runs[k]: the sum of the run from a - 1 - k to a - 1
    if max(runs[a - 1 - last:]) > -rise:
        return False
    return sum([s for s in head if s > 0.0]) + rise < sum(scores[a:e + 1])


def _facts(features: Features) -> tuple[list[float], list[int] | None, list[float]]:
    """Per document (Features.of_features): each unit's unit_score; _wrap_starts; and free_scores of the texts."""
    texts = features.texts
    units = list(map(unit_score, texts))
    starts = None if features.newline_inside else _wrap_starts(texts, features.joined)
    return units, starts, units if starts == [] else _with_wrapped(list(units), texts, starts)  # (neither is changed)


def _with_wrapped(scores: list[float], texts: Sequence[str], starts: list[int] | None) -> list[float]:
    """scores (each unit's unit_score) with the hard-wrapped prose lines scored as prose (starts: _wrap_starts)."""
    for i in (hard_wrapped(texts) if starts is None else _wrapped_pairs(texts, starts) if starts else ()):  # type: ignore[arg-type]
        scores[i] = float(words(texts[i]))
    return scores


def _free_among(texts: Sequence[str], kept: list[int], units: list[float], starts: list[int] | None) -> list[float]:
    """free_scores of the texts of the units kept (in order) of a document with these texts, whose units score
    units (unit_score) and whose _wrap_starts are starts: from each unit's own facts, not worked out again."""
    scores = list(map(units.__getitem__, kept))
    if starts is not None and not starts:
        return scores  # (no unit may go on a wrapped line: most documents)
    sub = list(map(texts.__getitem__, kept))
    sub_starts = None if starts is None else list(compress(range(len(kept)), map(set(starts).__contains__, kept)))
    return _with_wrapped(scores, sub, sub_starts)


def free_scores(texts: Sequence[str]) -> list[float]:
    """Each unit's score with no unit taken yet: unit_score, and hard-wrapped prose lines as prose."""
    scores = list(map(unit_score, texts))
    for i in hard_wrapped(texts):  # type: ignore[arg-type]
        scores[i] = float(words(texts[i]))
    return scores


def blocks_of(texts: Sequence[str], labels: Sequence[Label | None] | None, extracted: bool,
              free: list[float] | None = None, final: list[float] | None = None, *,
              among: Sequence[int] | None = None, trace: list | None = None) -> list[tuple[int, int]]:
    """article_blocks of units with these texts and labels (None: no unit taken yet); extracted: the text is an
    extractor's pick of a page's main content (HTML input); free: free_scores(texts), if known; final, if given,
    gets each unit's score as the blocks were chosen by it; among: the units whose text may repeat (all whose
    text does among them), if known; trace, if given, gets how the blocks were chosen (_choose)."""
    if final is not None:  # (the scores are worked on there)
        final[:] = free if free is not None else free_scores(texts)
        scores = final
    else:
        scores = list(free) if free is not None else free_scores(texts)
    taken = [i for i, label in enumerate(labels) if label is not None] if labels is not None else []
    for i in taken:
        scores[i] = -REMOVED_COST
    page = labels is not None and not extracted  # (a second cleaning sees no removed units: neither applies)
    if page:
        _walls(scores, labels, taken)  # type: ignore[arg-type]
    blocks = _choose(texts, scores, labels, extracted, among, trace)
    if page:
        for _ in range(ISLAND_CUTS):
            if not (blocks and _trim_island(blocks, scores, labels)):  # type: ignore[arg-type]
                break
    return blocks


def _choose(texts: Sequence[str], scores: list[float], labels: Sequence[Label | None] | None,
            extracted: bool, among: Sequence[int] | None = None, trace: list | None = None) -> list[tuple[int, int]]:
    """The article blocks by these scores: the best block, and the prose blocks rescued beside it. trace, if
    given, gets the best block; the best block before repeated prose was marked, the units marked and their
    scores before, if any was; and whether no block beside it could be rescued (prose_blocks' first test)."""
    span = best_block(scores)
    if span is None:
        return []
    marked: tuple = ()
    # an extractor's pick of a page's main content (HTML input), or a text the article opens
    if extracted or span[0] <= EXTRACTED_LEAD:
        share, gap = EXTRACTED_SHARE, EXTRACTED_GAP
    else:
        share, gap = SECOND_BLOCK_SHARE, RESCUE_GAP
        repeats = _repeated_prose(texts, scores, among)  # type: ignore[arg-type]
        if repeats:
            marked = (span, repeats, [scores[i] for i in repeats])
            for i in repeats:
                scores[i] = -REMOVED_COST
            span = best_block(scores)
            if span is None:
                return []
    bar = _bar(scores, share, span, _taken(labels, span))
    alone = (_alone_exact if _EXACT else _alone)(scores, span, bar)
    if trace is not None:
        trace[:] = [span, marked, alone]
    return [span] if alone else _rescued(scores, gap, span, bar)


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
    while gap >= first and scores[gap] <= 0.0:
        removed = removed or labels[gap] is not None
        gap -= 1
    if end - 1 - gap < ISLAND_GAP or not removed or gap < first or sum(map(LIST_ITEM_GAIN.__lt__, scores[first:gap + 1])) < ISLAND_BODY:
        return False
    blocks[-1] = (first, gap)
    return True


def _walls(scores: list[float], labels: Sequence[Label | None], taken: list[int]) -> None:
    """A run of units with no prose holding WALL_REMOVED or more units other rules removed (a share bar, a
    related list, a comment form) is a wall: each of its units weighs WALL_COST, so no block reaches across it.
    taken: the indices of the units other rules removed, in order."""
    furniture = [i for i in taken if labels[i].category in WALL_CATEGORIES]  # type: ignore[union-attr]  # (faster than maps)
    if len(furniture) < WALL_REMOVED:
        return
    prose = [i for i, s in enumerate(scores) if s > 0.0]  # (a float compared with a float: faster than map(gt))
    for after, run in groupby(furniture, partial(bisect_right, prose)):  # (after: how many prose units come before)
        if len(list(run)) >= WALL_REMOVED:
            start, end = prose[after - 1] + 1 if after else 0, prose[after] if after < len(prose) else len(scores)
            scores[start:end] = [-WALL_COST] * (end - start)


def _taken(labels: Sequence[Label | None] | None, span: tuple[int, int]) -> int:
    """How many units of span other rules took."""
    return 0 if labels is None else span[1] + 1 - span[0] - labels[span[0]:span[1] + 1].count(None)  # (in C)


def kept_span(view: View) -> tuple[int, int] | None:
    """(first, last) unit index of what the article blocks keep, made a fixed point: the units it keeps that no
    other rule took, read alone (as cleaning the output again reads them, without the gaps the removed units
    made), must find the same blocks keep them all; else what they would drop is dropped now (until none is).
    None when there is no prose at all."""
    features = view.features
    texts = features.texts
    extracted = view.first("page_title") is not None
    blocks = article_blocks(view)
    # (no block with the removed units: the free units alone may still hold one, as a second cleaning finds)
    lo, hi = (blocks[0][0], blocks[-1][1] + 1) if blocks else (0, len(texts))
    labels = view.labels
    kept = [i for i in range(lo, hi) if labels[i] is None]
    facts = features.of_features(_facts)
    while kept:
        free = _free_among(texts, kept, *facts[:2])
        if _EXACT and _one_block(free):
            break  # (read alone, they are one block: most documents stop here)
        repeated = set(features.repeated)
        among = list(compress(range(len(kept)), map(repeated.__contains__, kept))) if repeated else []
        again = blocks_of(list(map(texts.__getitem__, kept)), None, extracted, free, among=among)
        if not again or (again[0][0] == 0 and again[-1][1] == len(kept) - 1):
            break  # (no prose read alone: a second cleaning keeps them all too)
        kept = kept[again[0][0]:again[-1][1] + 1]
    return (kept[0], kept[-1]) if kept else None


def _one_block(scores: list[float]) -> bool:
    """Whether blocks_of units scoring scores, no unit taken, is one block of them all, by this test: every run
    from the first unit, and every run to the last, sums over 0. Then best_block never starts anew (a total
    over 0 goes on) and the total of them all is the first best (each run after a unit adds over 0): its span is
    them all; it starts at 0, so prose_blocks is asked with the extractor's share, and finds no unit outside it.
    No unit taken, there are no walls nor islands. (The sums are exact: _EXACT.)"""
    return bool(scores) and min(accumulate(scores)) > 0 and min(accumulate(reversed(scores))) > 0


def _repeated_prose_as_gaps(texts: list[str], scores: list[float], among: Sequence[int] | None = None) -> bool:
    """On a whole page's text: a prose unit that repeats an earlier one word for word is a teaser shown twice
    (a page repeats its summaries, not its article's paragraphs), so it scores as a removed unit, a gap; True
    when one did. (Code listings and list items repeat within articles: only prose counts. Measured on both
    devsets: dumps devset .920 -> .924, devset-wcxb .913 -> .915, firstpass level on both.)
    among: the units whose text may repeat, in order (every unit whose text occurs more than once among them:
    the first copy of a repeated text is then among them too), if known (Features.repeated)."""
    repeats = _repeated_prose(texts, scores, among)
    for i in repeats:
        scores[i] = -REMOVED_COST
    return bool(repeats)


def _repeated_prose(texts: list[str], scores: list[float], among: Sequence[int] | None = None) -> list[int]:
    """The prose units _repeated_prose_as_gaps scores as gaps, in order."""
    if among is not None:
        prose = [i for i in among if scores[i] > LIST_ITEM_GAIN]
        if not prose:
            return []  # (no prose repeats: most documents stop here)
        first: dict[str, int] = {}
        for i in among:
            first.setdefault(texts[i], i)
        return [i for i in prose if first[texts[i]] != i]
    first = dict(zip(reversed(texts), range(len(texts) - 1, -1, -1)))  # each text's first index (in C)
    if len(first) == len(texts):
        return []  # (no text repeats: most documents stop here)
    return [i for i in compress(range(len(texts)), map(LIST_ITEM_GAIN.__lt__, scores)) if first[texts[i]] != i]


def detect_outside(view: View) -> list[Hit]:
    span = kept_span(view)
    if span is None:
        return []
    # what lies between the blocks stays: it joined them (cleaning the output again finds the same)
    outside = chain(range(span[0]), range(span[1] + 1, len(view.units)))
    return hits(view.free_among(outside), OUTSIDE)
