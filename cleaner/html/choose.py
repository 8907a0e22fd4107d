"""Choose the page's main content among the extractors' candidates, by how much of each reads as prose."""
from __future__ import annotations

from collections import Counter
from itertools import chain
from typing import Callable, Iterable, NamedTuple

from ..heuristics.base import is_body_like, words

# The first candidate (trafilatura's pick) stands unless it reads as no article - a menu, a list of
# links, a teaser, a sign-up box: under LITTLE_PROSE words of prose - while another holds far more
# prose (MORE_PROSE times as much, plus MORE_PROSE_WORDS): then the first such other, in the order
# given (the cheaper extractors first; the costly ones are not even run when an earlier one wins). Measured on both devsets (bench/quality.py):
# a candidate that wins merely by holding more prose, or by holding the first's prose and more,
# brings comment threads and other stories' summaries in as often as it brings article text back.
LITTLE_PROSE = 150
MORE_PROSE = 3.0
MORE_PROSE_WORDS = 300
# ... and the next candidate (the cheap one: the costly ones are not made for this) takes over a first pick
# that holds only part of the article - trafilatura's fast pick often stops at the first section - when it
# holds at least HOLDS_FIRST of the first's text (4-word shingles) and adds prose of its own: at least
# MORE_NEW_PROSE_WORDS words and MORE_NEW_PROSE_SHARE of the first's prose, counting neither lines the first
# already has nor a line twice (a page that repeats its article). A candidate in which some line comes back
# REPEATED_LINE times or more ("Reply", "Share on WhatsApp" under each item) is a list of teasers or comments,
# not an article: it never takes over. Measured on both devsets (bench/quality.py): devset-wcxb .9335 -> .938,
# devset unchanged; looser (HOLDS_FIRST .4) cost the devset a page. (Only a line with letters counts: a table's
# "15%", one cell a line in jusText's text, is no sign of teasers; measured, devset-wcxb .9436 -> .9443, pages
# under .5 10 -> 9, devset unchanged.)
# ... and the third (costly) is asked whether it holds a first pick of an article's worth and more also when
# the page's paragraphs hold far more text than that pick (PAGE_CHARS_SHARE times its characters plus
# PAGE_CHARS_MORE: the second candidate's page_chars): trafilatura's fast pick stops at an article's
# introduction on pages of many sections (a list of sixty brands, each a heading and paragraphs) that its
# fallbacks (and jusText, the third candidate now) read whole. Asked on some 3 pages in 100; measured on both
# devsets (bench/quality.py): devset-wcxb .939 -> .941 and 19 -> 16 pages under .5, devset unchanged (the
# third never extends there).
# ... and a first pick that reads as no article, which no candidate outweighs, is extended by the third as by
# the second: when it holds the first pick and adds prose of its own (the third made for this only when the
# page holds that much more prose than the pick). A short article's page (150-300 words) whose fast pick is
# its first paragraph: measured on both devsets (bench/quality.py), devset-wcxb .9430 -> .9436 and 12 -> 10
# pages under .5 (0781, 4715), devset unchanged; some 1 page in 100 more asks for the third.
PAGE_CHARS_SHARE = 2.0
PAGE_CHARS_MORE = 1000
HOLDS_FIRST = 0.5
MORE_NEW_PROSE_WORDS = 100
MORE_NEW_PROSE_SHARE = 0.25
REPEATED_LINE = 3


class Choice(NamedTuple):
    """The chosen candidate's index, name and text, and a line saying why."""

    index: int
    name: str
    text: str
    reason: str


def prose_words(text: str) -> int:
    """Words in the lines of text that read as article prose (a sentence of some length, or a long run of words)."""
    return sum(words(ln) for ln in text.splitlines() if is_body_like(ln))


def shingles(text: str, n: int = 4) -> set[tuple[str, ...]]:
    """The runs of n consecutive words (spaced tokens, punctuation on: several times faster than a word regex,
    and candidates of one page tokenize alike) in text (the whole text as one when it is shorter)."""
    toks = text.split()
    if len(toks) <= n:
        return {tuple(toks)} if toks else set()
    return set(zip(*(toks[i:] for i in range(n))))


def new_prose_words(first: str, other: str, need: int = 0) -> int | None:
    """Prose words other adds to first: in its prose lines that first does not hold, each counted once; None
    when other does not hold first (HOLDS_FIRST of its shingles) or repeats some line REPEATED_LINE times.
    A count under need is returned without asking whether other holds first (whoever needs that many
    turns other down either way; the shingles of the whole of other are the costly part)."""
    lines = [ln.strip() for ln in other.splitlines() if ln.strip()]
    if max(Counter(filter(_has_letters, lines)).values(), default=0) >= REPEATED_LINE:
        return None
    held = shingles(first)
    if not held:
        return None
    new = _added_prose_words(lines, held)
    if new < need:
        return new
    if len(held.intersection(shingles(other))) < HOLDS_FIRST * len(held):
        return None
    return new


def _has_letters(line: str) -> bool:
    """Whether line holds a letter: a table's figures ("15%", "$3.00") come back line after line in jusText's
    text, one cell a line, and are no sign of a list of teasers or comments."""
    return any(map(str.isalpha, line))


def _added_prose_words(lines: list[str], held: set[tuple[str, ...]]) -> int:
    """Words in the prose lines whose shingles are not mostly in held nor in an earlier such line."""
    seen: set[tuple[str, ...]] = set()
    new = 0
    for ln in lines:
        n = words(ln)
        if not is_body_like(ln, n):
            continue
        own = shingles(ln)
        if len(own & held) * 2 >= len(own) or len(own & seen) * 2 >= len(own):
            continue
        seen |= own
        new += n
    return new


def unshared_prose_words(first: str, other: str) -> int:
    """Words in other's prose lines whose words first does not hold in a row: at least the prose words other
    adds (new_prose_words: such a line of four tokens or more has all its shingles in first's), counted
    without shingles, in a fraction of the time."""
    lines = {ln.strip() for ln in first.splitlines()}
    joined: str | None = None
    total = 0
    for ln in other.splitlines():
        ln = ln.strip()
        if not ln:
            continue
        n = words(ln)
        if not is_body_like(ln, n):
            continue
        toks = ln.split()
        if len(toks) >= 4:
            if ln in lines:
                continue
            if joined is None:
                joined = f" {' '.join(first.split())} "
            if f" {' '.join(toks)} " in joined:
                continue
        total += n
    return total


def _needed(first_prose: int) -> float:
    """The prose words a candidate must add to a first pick of first_prose to take over from it."""
    return max(MORE_NEW_PROSE_WORDS, MORE_NEW_PROSE_SHARE * first_prose)


def _extends(first: tuple[str, str], first_prose: int, other: tuple[str, str] | None, index: int) -> Choice | None:
    """other, as a Choice, when it holds first and adds enough prose of its own; else None."""
    if other is None:
        return None
    need = _needed(first_prose)
    if unshared_prose_words(first[1], other[1]) < need:
        return None  # (it cannot add that much: the shingles are not counted)
    new = new_prose_words(first[1], other[1], need)
    if new is None or new < need:
        return None
    return Choice(index, other[0], other[1],
                  f"{other[0]}: holds {first[0]}'s pick ({first_prose} prose words) and {new} prose words more")


def _page_chars(candidate: tuple[str, ...]) -> int:
    """The characters of the page's paragraphs a candidate counted (extract.Candidate.page_chars), else 0."""
    return candidate[2] if len(candidate) > 2 else 0  # type: ignore[return-value]


def choose(candidates: Iterable[tuple[str, str]], page_text: Callable[[], str] | None = None) -> Choice:
    """candidates: (name, text) pairs, the default pick first (at least one; the others are read only when
    needed, so they may come from a generator that makes them on demand). The first, unless it reads as
    no article while another holds far more prose: then the first such other; or unless the second holds
    the first and more article prose besides (the first took only part of the article): then the second;
    or, when the second holds far more prose but not the first's, the third if it holds the first and more;
    a first that reads as no article and that no other outweighs, the second or third that holds it and more.
    page_text: the whole page's text, one block a line, asked for at most once: a candidate after the second
    (the costly ones) is not made to stand in for a first pick that reads as no article when the whole page
    holds less prose than it would need to win (no extractor finds prose the page does not hold: on a short
    article's page, trafilatura's fallbacks cost three times its fast pick to give the same text back, and
    jusText, the third candidate now, costs about as much as that pick)."""
    each = iter(candidates)
    name, text = next(each)[:2]
    first = prose_words(text)
    second = next(each, None)
    enough = MORE_PROSE * first + MORE_PROSE_WORDS
    if first >= LITTLE_PROSE:
        extended = _extends((name, text), first, second, 1)
        if extended is None and second is not None and (
                prose_words(second[1]) >= enough or _page_chars(second) >= PAGE_CHARS_SHARE * len(text) + PAGE_CHARS_MORE):
            # the second holds far more prose, not the first's: the two disagree, so the third (costly) is
            # asked whether it holds the first and more (measured: some 1 page in 80 asks for it); so too
            # when the page's paragraphs hold far more than the first pick (see PAGE_CHARS_SHARE)
            extended = _extends((name, text), first, next(each, None), 2)
        return extended or Choice(0, name, text, f"{name}: {first} prose words, an article's worth")
    if second is None:
        return Choice(0, name, text, f"{name}: the only candidate")
    page_prose: int | None = None
    third = None
    for i, candidate in enumerate(chain([second], each), 1):
        if i == 2:
            third = candidate
        other_name, other = candidate[:2]
        prose = prose_words(other)
        if prose >= enough:
            return Choice(i, other_name, other,
                          f"{other_name}: {prose} prose words where {name}'s pick holds {first}, too few for an article")
        if page_text is not None:
            if page_prose is None:
                page_prose = prose_words(page_text())
            if page_prose < enough:
                break  # (the next candidate, not yet made, could not hold enough prose to win)
    reason = f"{name}: {first} prose words; " + (
        "no other candidate holds far more" if page_prose is None or page_prose >= enough
        else f"the page holds {page_prose}, too few for another pick to win")
    extended = _extends((name, text), first, second, 1)
    if extended is None:
        # ... nor holds the first and more (see above PAGE_CHARS_SHARE): the third is asked whether it does,
        # made now when the page holds that much more prose than the first pick
        if third is None and page_prose is not None and page_prose >= first + _needed(first):
            third = next(each, None)
        extended = _extends((name, text), first, third, 2)
    return extended or Choice(0, name, text, reason)
