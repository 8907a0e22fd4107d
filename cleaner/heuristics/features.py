"""What the detectors ask of every unit, worked out once per document and shared by all of them.

Twenty detectors each looping over every unit in Python, each calling the same
helpers, was most of the cost of cleaning. Instead, facts several detectors
need (the phrase family of each line, ...) are kept once per document, and a
detector asks for the few units worth its full test: those holding some text
its lines must hold ("icon", a year, "newsletter"), found in the whole (folded)
document (all such needles in one pass, where the C speed-ups are built); those its expression can start with, found by their
first word; those ending in one of its words - each found by str methods or
dict lookups mapped over all units, the loop running in C. A detector still
applies all of its own logic to each unit it is given, in order, so what it
finds is unchanged; it only no longer looks at the others.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import cached_property, lru_cache
from itertools import compress, repeat
from operator import attrgetter, getitem, gt, methodcaller, or_
from typing import Any, Callable, Iterable, Sequence, TypeVar

from .. import families, folding, linescan, phrases, regex_shape
from ..model import Unit

T = TypeVar("T")
ENDING_CHARS = 200  # the longest line ending_in looks at (a byline; an agency credit is shorter)
_LEADING_LETTERS = re.compile("[a-z]*")  # folding.first_word
_LETTERS = re.compile("[a-z]+")
_GROUP = methodcaller("group")
_start_words = lru_cache(maxsize=64)(regex_shape.start_words)


@lru_cache(maxsize=64)
def _tails(words: Iterable[str]) -> tuple[int, frozenset[str], tuple[str, ...]]:
    """What ending_in compares (kept per word set: detectors ask with the same frozenset for every
    document): words with edge punctuation off their ends, each once; the last k characters of
    each, k as long as the shortest allows, up to 2 (0: one is empty)."""
    tails = tuple({w.rstrip(phrases.EDGE) for w in words})
    k = min(2, min(map(len, tails), default=0))
    return k, frozenset(t[-k:] for t in tails) if k else frozenset(), tails


MAX_ASKED_NEEDLES = 512  # (needles past these are searched for alone)
_asked: dict[str, None] = {}  # every needle asked of a document so far, in the order first asked


def _asked_needles(needle: str) -> tuple[str, ...]:
    """The needles asked of documents so far, needle among them. (A dict keeps them: adding a key
    is atomic, so threads cleaning at once may each add theirs.)"""
    if needle not in _asked and len(_asked) < MAX_ASKED_NEEDLES:
        _asked[needle] = None
    return (*_asked, needle) if needle not in _asked else tuple(_asked)


class Features:
    """Facts about the units of one document; each computed on first use."""

    def __init__(self, units: Sequence[Unit]) -> None:
        self.texts = list(map(attrgetter("text"), units))
        self._each: dict[Callable[[str], Any], list[Any]] = {}
        self._all: dict[Callable[[list[str]], Any], Any] = {}
        self._where: dict[Callable[[str], Any], list[int]] = {}
        self._found: dict[str, list[int]] = {}
        self._lasts: dict[int, list[str]] = {}
        # the last article blocks found, with the labels and scores they were found from (block.article_blocks)
        self.blocks_found: Any = None

    def each(self, test: Callable[[str], T]) -> list[T]:
        """test (a pure function of a line) of every unit, in order; once per document."""
        try:
            return self._each[test]
        except KeyError:
            out = self._each[test] = list(map(test, self.texts))
            return out

    def of_all(self, fn: Callable[[list[str]], T]) -> T:
        """fn (a pure function of the units' texts, all of them) once per document."""
        try:
            return self._all[fn]
        except KeyError:
            out = self._all[fn] = fn(self.texts)
            return out

    def of_features(self, fn: Callable[[Features], T]) -> T:
        """fn (a pure function of these facts: the units' texts and what is worked out from them) once per document."""
        try:
            return self._all[fn]
        except KeyError:
            out = self._all[fn] = fn(self)
            return out

    @cached_property
    def joined(self) -> str:
        """The units' texts, one a line (a unit holding a newline spans more than one: newline_inside says)."""
        return "\n".join(self.texts)

    @cached_property
    def newline_inside(self) -> bool:
        """Whether a unit's text holds a newline (segmented units hold none; others might)."""
        return self.joined.count("\n") != max(len(self.texts) - 1, 0)

    def where(self, test: Callable[[str], Any]) -> list[int]:
        """Indices of the units whose text passes test (a pure function of a line), in order."""
        try:
            return self._where[test]
        except KeyError:
            out = self._where[test] = list(compress(range(len(self.texts)), map(test, self.texts)))
            return out

    def ending_in(self, words: Iterable[str]) -> list[int]:
        """Indices of the units of at most ENDING_CHARS that may end in one of words: whose text, edge
        punctuation (phrases.EDGE) off its end and case-folded, ends in one of them so stripped.

        (A word that ends a line once some of the edge characters are off - "Reuters.com)." -
        ends it once all of them are.) str methods mapped over the units: the loop runs in C."""
        indices, endings = self._endings
        k, lasts, tails = _tails(words) if isinstance(words, frozenset) else _tails.__wrapped__(words)
        if not k:
            return list(compress(indices, map(str.endswith, endings, repeat(tails))))
        # the lines whose last k characters end one of the words, looked up in a set; then endswith
        maybe = compress(range(len(endings)), map(lasts.__contains__, self._last_chars(k)))
        return [indices[j] for j in maybe if endings[j].endswith(tails)]

    def _last_chars(self, k: int) -> list[str]:
        """The last k characters of each of _endings (made once a document for each k)."""
        try:
            return self._lasts[k]
        except KeyError:
            out = self._lasts[k] = list(map(getitem, self._endings[1], repeat(slice(-k, None))))
            return out

    @cached_property
    def _endings(self) -> tuple[list[int], list[str]]:
        """The units of at most ENDING_CHARS, and their texts with edge punctuation off the end, case-folded."""
        short = [i for i, text in enumerate(self.texts) if len(text) <= ENDING_CHARS]  # (faster than mapped tests)
        texts = map(self.texts.__getitem__, short)
        return short, list(map(str.casefold, map(str.rstrip, texts, repeat(phrases.EDGE))))

    @cached_property
    def families(self) -> list[str | None]:
        """families.line_family of each unit. (The lines holding a guard key: found with the other needles, in
        the one pass over the folded document, where families would search the lines again.)"""
        keys = families.guard_keys()
        keyed = (lambda: self.containing(*keys)) if keys else None
        return families.line_families(self.texts, self._folded_lines, self._first_words, keyed)

    @cached_property
    def _by_family(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for i in compress(range(len(self.texts)), self.families):
            out.setdefault(self.families[i], []).append(i)  # type: ignore[arg-type]
        return out

    def in_family(self, *names: str) -> list[int]:
        """Indices of the units whose line_family is one of names, in order."""
        if len(names) == 1:
            return self._by_family.get(names[0], [])
        return sorted(i for name in names for i in self._by_family.get(name, ()))

    # ------------------------------------------------------------------ searching the whole document
    # The folded document: every unit folded (folding.fold: lower-cased, the few
    # non-ASCII look-alikes of ASCII letters mapped to them), one a line. A
    # lower-case ASCII needle is in it wherever the unit contains the needle by
    # text.lower(), or matches it by a case-insensitive regex.

    @cached_property
    def _folded(self) -> tuple[str, list[int]]:
        """The folded document and the offset where each unit starts in it."""
        lines = self._folded_lines
        # (folding keeps each character one character: the units start where they did)
        return "\n".join(lines), linescan.line_starts(lines)

    def containing(self, *needles: str) -> list[int]:
        """Indices of the units whose folded text contains one of needles (lower-case), in order."""
        if len(needles) == 1:
            return self._containing(needles[0])
        found: set[int] = set()
        for needle in needles:
            found.update(self._containing(needle))
        return sorted(found)

    def _containing(self, needle: str) -> list[int]:
        try:
            return self._found[needle]
        except KeyError:
            pass
        if not linescan.ONE_PASS:  # (one str.find scan: the batched path below costs this build 2.6% more)
            out = self._found[needle] = linescan.lines_holding(*self._folded, needle)
            return out
        # the detectors ask every document for the same needles: the first one asked of a document
        # has it searched for all of them, in one pass (a needle never asked before is added)
        asked = _asked_needles(needle)
        todo = tuple(n for n in asked if n not in self._found)
        self._found.update(zip(todo, linescan.lines_holding_each(*self._folded, todo)))
        return self._found[needle]

    @property
    def folded_text(self) -> str:
        """The folded document: each unit folded (folding.fold), one a line."""
        return self._folded[0]

    @cached_property
    def _folded_lines(self) -> list[str]:
        """Each unit's folded text (folding.fold; newlines in a unit made spaces). Folded line by
        line: lower() is fast on the ASCII ones, where the document as a whole may not be ASCII."""
        texts = self.texts
        if self.newline_inside:
            texts = [t.replace("\n", " ") for t in texts]
        if folding.has_lookalike(self.joined):  # (the units' newlines and the joins' are no look-alikes)
            return list(map(folding.fold, texts))
        return list(map(str.lower, texts))

    @cached_property
    def _first_words(self) -> list[str]:
        """folding.first_word of each unit's folded text, found in one pass over the document."""
        return list(map(_GROUP, map(_LEADING_LETTERS.match, self._folded_lines)))

    def matched_at_start(self, pattern: re.Pattern[str]) -> list[int]:
        """Indices of the units pattern may match at their start (re.match: a superset), in order.

        Found by their first words (regex_shape.start_words of the pattern): map() over the units' first
        words in C, where pattern.match on every unit would run the whole expression each time."""
        starts = _start_words(pattern.pattern)
        if starts is None:
            return self.where(pattern.match)
        exact, prefixes = starts
        words = self._first_words
        if prefixes and all(map(_LETTERS.fullmatch, prefixes)):
            return self._starting(exact, prefixes)
        passed = map(exact.__contains__, words)
        if prefixes:
            passed = map(or_, passed, map(str.startswith, words, repeat(tuple(prefixes))))
        return list(compress(range(len(words)), passed))

    def _starting(self, exact: frozenset[str], prefixes: frozenset[str]) -> list[int]:
        """Indices of the units whose first word is one of exact or begins with one of prefixes (each of letters
        a-z, one or more). A first word is the folded line's leading letters a-z: it begins with such a prefix
        where the folded line does, where the folded document holds a newline and the prefix, at the end of the
        line before (searched for with the other needles, in one pass), or the first line begins with it."""
        found: set[int] = set()
        for prefix in prefixes:
            found.update(map((1).__add__, self._containing("\n" + prefix)))
        lines = self._folded_lines
        if lines and lines[0].startswith(tuple(prefixes)):
            found.add(0)
        if exact:
            found.update(compress(range(len(lines)), map(exact.__contains__, self._first_words)))
        return sorted(found)

    def ending(self, *suffixes: str) -> list[int]:
        """Indices of the units whose folded text ends with one of suffixes (lower-case), in order."""
        doc = self.folded_text
        found: set[int] = set()
        for suffix in suffixes:
            if self.texts and doc.endswith(suffix):
                found.add(len(self.texts) - 1)
            found.update(self._containing(suffix + "\n"))  # (the newline ends the line)
        return sorted(found)

    @cached_property
    def repeated(self) -> list[int]:
        """Indices of the units whose text occurs more than once in the document."""
        counts = Counter(self.texts)
        if len(counts) == len(self.texts):
            return []
        return list(compress(range(len(self.texts)), map(gt, map(counts.__getitem__, self.texts), repeat(1))))


def merged(*indices: Iterable[int]) -> list[int]:
    """Several lists of unit indices as one, in order, each index once."""
    return sorted(set().union(*indices))
