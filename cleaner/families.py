"""Say which line family (notice, comments, social, credits, promo, related ...) a whole line belongs to, by one index over the families' phrase lists, and remember the lines seen."""
from __future__ import annotations

import re
from functools import cache
from typing import Callable, Iterable
from itertools import compress, repeat
from operator import and_, is_, is_not, le, not_, or_

from .folding import LEADING_LETTERS, first_word, fold
from .linescan import line_starts, lines_holding_each
from .phrases import EDGE, entries
from .regex_shape import ASCII, first_chars, first_words, required_literals, start_literals


# Whole-line phrase lists that the detectors ask about every short line. They
# are matched together, once per distinct line, by one combined expression;
# where a line fits several, the first family in this order names it.
LINE_FAMILIES = ("notice", "comment_headers", "comments", "social", "contributors", "credits", "media", "promo", "related")


_RANK = {name: rank for rank, name in enumerate(LINE_FAMILIES)}
MAX_FAMILY_CHARS = 400


def _combined(alternatives: list[tuple[str, str]]) -> re.Pattern[str] | None:
    """(family, expression) pairs as one expression with a named group per family, in LINE_FAMILIES order."""
    groups = []
    for name in LINE_FAMILIES:
        exprs = [f"(?:{e})" for family, e in alternatives if family == name]
        if exprs:
            groups.append(f"(?P<{name}>{'|'.join(exprs)})")
    return re.compile("|".join(groups), re.IGNORECASE) if groups else None


@cache
def _families() -> re.Pattern[str]:
    full = _combined([(name, e) for name in LINE_FAMILIES for e in entries(name)])
    assert full is not None
    return full


def line_family(text: str) -> str | None:
    """Which of LINE_FAMILIES the whole line (edge punctuation off) belongs to, if any."""
    try:
        return _known_families[text]
    except KeyError:
        family = _line_family(text)
        _remember_families({text: family})
        return family


def line_families(texts: list[str], folded: list[str] | None = None, first: list[str] | None = None,
                  keyed: Callable[[], Iterable[int]] | None = None) -> list[str | None]:
    """line_family of each of texts, in order (the lines already known looked up in C).

    folded: fold() of each text, and first: first_word() of each folded text, where the caller
    already has them (each made here otherwise); keyed, with folded: gives the indices of the texts
    whose folded text holds one of guard_keys(), where the caller finds them (asked only when a
    text is not known; each line searched here otherwise)."""
    known = list(map(_known_families.get, texts, repeat(_UNKNOWN)))
    unknown = list(map(is_, known, repeat(_UNKNOWN)))
    if any(unknown):
        lines = list(compress(texts, unknown))
        folds = list(compress(folded, unknown)) if folded is not None else list(map(fold, lines))
        firsts = list(compress(first, unknown)) if first is not None else list(map(first_word, folds))
        held = None
        if keyed is not None and folded is not None:
            holding = [False] * len(texts)
            for i in keyed():
                holding[i] = True
            held = list(compress(holding, unknown))
        new = _family_index().families(lines, folds, firsts, held)
        _remember_families(new)
        known = list(map(new.get, texts, known))  # (a text not new keeps its known family)
    return known  # type: ignore[return-value]


def _line_family(text: str) -> str | None:
    if len(text) > MAX_FAMILY_CHARS:
        return None
    return _family_index().family(text.strip(EDGE))


# Lines seen, and their families: a bounded cache shared by line_family and line_families
# (emptied when full; plain dict reads and writes are safe from several threads).
_known_families: dict[str, str | None] = {}


_MAX_KNOWN_FAMILIES = 1 << 16
_UNKNOWN = object()


def _remember_families(found: dict[str, str | None]) -> None:
    if len(_known_families) + len(found) > _MAX_KNOWN_FAMILIES:
        _known_families.clear()
    _known_families.update(found)


# Matching only what can fit: one pass of the combined expression tries every one of its ~110
# alternatives on every line. But most can only start with a few letters ("share ...", "\d+
# comments"), and the few that start with "any text" (".{0,120} may be reached at ...") need
# literals such as "@" or " contributed ". Both are read from the parsed expressions once
# (regex_shape); a line is then matched against the alternatives it can fit only. Same answer
# (the first family that fits), a fraction of the work.
_BROAD = 64  # an alternative that may start with this many characters is keyed by its literals instead


class _FamilyIndex:
    """The LINE_FAMILIES alternatives sorted by what a line must have to fit them.

    Each alternative is found by the first words it can start with; failing that (it can start
    with any word), by its first characters and the literals it starts with; failing that (any
    character), by literals it needs.
    """

    def __init__(self) -> None:
        by_word: dict[str, list[tuple[int, str]]] = {}  # first word -> (rank, expression), by rank
        headed: list[tuple[int, re.Pattern[str], tuple[str, ...], frozenset[str]]] = []  # (rank, expr, starts, first chars)
        self.guarded: list[tuple[int, tuple[str, ...], re.Pattern[str]]] = []  # (rank, literals, expression)
        for rank, name in enumerate(LINE_FAMILIES):
            for e in entries(name):
                words = first_words(e)
                if words is not None:
                    for word in words:
                        by_word.setdefault(word, []).append((rank, e))
                    continue
                first = first_chars(e)
                literals = required_literals(e) if len(first) >= _BROAD else ()
                if literals:  # (rarest first: those with a symbol such as "@", then the longest)
                    literals = tuple(sorted(literals, key=lambda r: (r.replace(" ", "").isalnum(), -len(r))))
                    self.guarded.append((rank, literals, re.compile(e, re.IGNORECASE)))
                else:
                    headed.append((rank, re.compile(e, re.IGNORECASE), start_literals(e) or ("",), first))
        # the headed alternatives a line starting with each ASCII character can fit (any other: all)
        self._by_char = {c: tuple(h[:3] for h in headed if c in h[3]) for c in ASCII}
        self.any_start = tuple(h[:3] for h in headed)
        # every guarded alternative needs all its literals: a line holding none of their first
        # (rarest) literals, one per alternative, fits none of them (one search, in C)
        keys = sorted({literals[0] for _, literals, _ in self.guarded})
        self.guard_keys = tuple(keys) if keys else None
        self._guard_search = re.compile("|".join(map(re.escape, keys))).search if keys else None
        # what every headed alternative's line starts with, once folded: its first word, or a word
        # that word starts with (where the literal ends in a letter); None when one has no letters
        starts = {start for h in headed for start in h[2]}
        words_of = {start: LEADING_LETTERS.match(start).group() for start in starts}  # type: ignore[union-attr]
        self.head_words: frozenset[str] | None = None
        self.head_prefixes: tuple[str, ...] = ()
        if all(words_of.values()):
            self.head_words = frozenset(w for start, w in words_of.items() if w != start)
            self.head_prefixes = tuple(w for start, w in words_of.items() if w == start)
        self.head_starts = tuple(starts)
        # each word's alternatives as one expression, a group per family in rank order: one
        # fullmatch finds the first that fits (what trying them in turn would find)
        self.word_expr = {word: _combined([(LINE_FAMILIES[rank], e) for rank, e in exprs])
                          for word, exprs in by_word.items()}

    def families(self, lines: list[str], folded: list[str], first: list[str],
                 held: list[bool] | None = None) -> dict[str, str | None]:
        """The family of each of lines, by family(), asked only of those may_fit lets through (the
        others fit none). folded: fold() of each line; first: first_word() of each folded line;
        held: whether each folded line holds a guard key, if known (see may_fit)."""
        out: dict[str, str | None] = dict.fromkeys(lines)
        stripped = list(map(str.strip, folded, repeat(EDGE)))
        keyed: set[int] = set()  # the lines holding a guard key (may_fit finds them)
        fits = self.may_fit(lines, stripped, folded, first, keyed, held)  # (first: now of the stripped lines)
        for i in compress(range(len(lines)), fits):
            line = lines[i]
            if out[line] is None and len(line) <= MAX_FAMILY_CHARS:
                out[line] = self.family(line.strip(EDGE), stripped[i], first[i], i in keyed)
        return out

    def may_fit(self, lines: list[str], stripped: list[str], folded: list[str], first: list[str],
                keyed: set[int] | None = None, held: list[bool] | None = None) -> list[bool]:
        """For each of lines, False where family() is sure to find none (the others may fit one):
        the tests family() makes first, made on all the lines at once, each mapped in C.
        stripped: folded with edge punctuation off; folded: fold() of each line; first:
        first_word() of each folded line (made that of each stripped line here); keyed: given,
        gets the indices of the lines holding a guard key. held: whether each folded line (not
        stripped) holds a guard key, where the caller knows: a stripped line is part of its folded
        line, so those are the lines holding one and maybe more (a key in the stripped edge, " ["),
        which family() then tries in full: each guarded alternative needs its key in the stripped
        line (its first literal), so it finds the same family as without the key."""
        # (edge punctuation is no letter: only a line without a first word that stripping changed -
        # str.strip gives back the same string when it strips nothing - can have another now)
        for i in compress(range(len(first)), map(and_, map(not_, first), map(is_not, stripped, folded))):
            first[i] = LEADING_LETTERS.match(stripped[i]).group()  # type: ignore[union-attr]
        fits = list(map(self.word_expr.__contains__, first))
        if self.head_words is None:
            fits = list(map(or_, fits, map(str.startswith, stripped, repeat(self.head_starts))))
        elif self.head_starts:
            fits = list(map(or_, fits, map(self.head_words.__contains__, first)))
            if self.head_prefixes:
                fits = list(map(or_, fits, map(str.startswith, first, repeat(self.head_prefixes))))
        if self.guard_keys is not None and held is not None:  # (found by the caller, in its pass)
            for i in compress(range(len(held)), held):
                fits[i] = True
                if keyed is not None:
                    keyed.add(i)
        elif self.guard_keys is not None:  # each guarded alternative needs one of the keys
            doc, starts = "\n".join(stripped), line_starts(stripped)
            for holding in lines_holding_each(doc, starts, self.guard_keys):
                for i in holding:
                    fits[i] = True
                    if keyed is not None:
                        keyed.add(i)
        return list(map(and_, fits, map(le, map(len, lines), repeat(MAX_FAMILY_CHARS))))

    def family(self, line: str, folded: str | None = None, first: str | None = None, keyed: bool | None = None) -> str | None:
        """The first family with an alternative that matches the whole of line.
        folded: fold(line), first: first_word(folded), and keyed: whether folded holds a guard
        key, where the caller has them."""
        if folded is None:
            folded = fold(line)
        if first is None:
            first = LEADING_LETTERS.match(folded).group()  # type: ignore[union-attr]
        best = len(LINE_FAMILIES)
        for rank, compiled, starts in self._by_char.get(line[:1], self.any_start):
            if folded.startswith(starts) and compiled.fullmatch(line):
                best = rank
                break
        expr = self.word_expr.get(first)
        if expr is not None:
            m = expr.fullmatch(line)
            if m is not None and _RANK[m.lastgroup] < best:  # type: ignore[index]
                best = _RANK[m.lastgroup]  # type: ignore[index]
        if keyed is None:
            keyed = self._guard_search is not None and self._guard_search(folded) is not None
        if not keyed:
            return LINE_FAMILIES[best] if best < len(LINE_FAMILIES) else None
        for rank, literals, compiled in self.guarded:
            if rank >= best:
                continue
            for literal in literals:
                if literal not in folded:
                    break
            else:
                if compiled.fullmatch(line):
                    best = rank
        return LINE_FAMILIES[best] if best < len(LINE_FAMILIES) else None


def guard_keys() -> tuple[str, ...] | None:
    """The strings (lower-case) one of which a line's folded text must hold to fit an alternative
    found by its literals (None: there is no such alternative)."""
    return _family_index().guard_keys


@cache
def _family_index() -> _FamilyIndex:
    return _FamilyIndex()
