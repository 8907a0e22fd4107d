"""Load the word and phrase lists that live as data files under cleaner/data/."""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache
from itertools import accumulate, compress, repeat
from operator import add, and_, is_, is_not, le, not_, or_
from pathlib import Path
from typing import Iterable

from .speedups import shapes as _c

try:  # the standard library's own regular-expression parser, read only (see first_chars)
    import re._parser as _sre
except ImportError:  # pragma: no cover - a Python without it: every line tries every alternative
    _sre = None  # type: ignore[assignment]

DATA_DIR = Path(__file__).parent / "data"


def _entries(name: str) -> list[str]:
    path = DATA_DIR / f"{name}.txt"
    out = []
    for raw in path.read_text("utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


@cache
def load(name: str) -> tuple[str, ...]:
    """The entries of data/<name>.txt: one per line, blank lines and # comments skipped."""
    return tuple(_entries(name))


@cache
def folded(name: str) -> frozenset[str]:
    """The entries of data/<name>.txt case-folded, for whole-line lookups (see `key`)."""
    return frozenset(key(e) for e in _entries(name))


@cache
def pattern(name: str) -> re.Pattern[str]:
    """data/<name>.txt holds one regular expression a line; use .fullmatch: any of them over the whole line."""
    alternatives = "|".join(f"(?:{e})" for e in _entries(name))
    return re.compile(alternatives, re.IGNORECASE)


@cache
def mapping(name: str) -> dict[str, str]:
    """data/<name>.txt holds `Canonical = variant, variant`; map each folded variant to its canonical name."""
    out: dict[str, str] = {}
    for entry in _entries(name):
        canonical, _, variants = entry.partition("=")
        canonical = canonical.strip()
        for v in [canonical, *variants.split(",")]:
            if v.strip():
                out[key(v)] = canonical
    return out


_EDGE = " .:;,!?-–—|•·>»«()[]{}\"'“”‘’*"
EDGE = _EDGE  # what key() strips off both ends of a line


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
    full = _combined([(name, e) for name in LINE_FAMILIES for e in _entries(name)])
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


def line_families(texts: list[str], folded: list[str] | None = None, first: list[str] | None = None) -> list[str | None]:
    """line_family of each of texts, in order (the lines already known looked up in C).

    folded: fold() of each text, and first: first_word() of each folded text, where the caller
    already has them (each made here otherwise)."""
    known = list(map(_known_families.get, texts, repeat(_UNKNOWN)))
    unknown = list(map(is_, known, repeat(_UNKNOWN)))
    if any(unknown):
        lines = list(compress(texts, unknown))
        folds = list(compress(folded, unknown)) if folded is not None else list(map(fold, lines))
        firsts = list(compress(first, unknown)) if first is not None else list(map(first_word, folds))
        new = _family_index().families(lines, folds, firsts)
        _remember_families(new)
        known = list(map(new.get, texts, known))  # (a text not new keeps its known family)
    return known  # type: ignore[return-value]


def _line_family(text: str) -> str | None:
    if len(text) > MAX_FAMILY_CHARS:
        return None
    return _family_index().family(text.strip(_EDGE))


# Lines seen, and their families: a bounded cache shared by line_family and line_families
# (emptied when full; plain dict reads and writes are safe from several threads).
_known_families: dict[str, str | None] = {}
_MAX_KNOWN_FAMILIES = 1 << 16
_UNKNOWN = object()


def _remember_families(found: dict[str, str | None]) -> None:
    if len(_known_families) + len(found) > _MAX_KNOWN_FAMILIES:
        _known_families.clear()
    _known_families.update(found)


# --------------------------------------------------------------------------- matching only what can fit
# One pass of the combined expression tries every one of its ~110 alternatives
# on every line. But most can only start with a few letters ("share ...", "\d+
# comments"), and the few that start with "any text" (".{0,120} may be reached
# at ...") need literals such as "@" or " contributed ". Both are read from the
# parsed expressions once; a line is then matched against the alternatives it
# can fit only. Same answer (the first family that fits), a fraction of the work.

_ASCII = tuple(map(chr, range(128)))
_ALL_ASCII = frozenset(_ASCII)
_BROAD = 64  # an alternative that may start with this many characters is keyed by its literals instead
# The only non-ASCII characters that match an ASCII letter case-insensitively
# (tests/test_phrases.py checks this against the regex engine).
_ASCII_LOOKALIKES = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_LOOKALIKES = "\u0130\u0131\u017f\u212a"
_LOOKALIKE = re.compile(f"[{_LOOKALIKES}]")  # (faster than four `in` on a line, slower on a document)


@cache
def _categories() -> dict[object, str]:
    return {
        _sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_NOT_DIGIT: r"\D", _sre.CATEGORY_SPACE: r"\s",
        _sre.CATEGORY_NOT_SPACE: r"\S", _sre.CATEGORY_WORD: r"\w", _sre.CATEGORY_NOT_WORD: r"\W",
    }


def _class_of(op: object, av: object) -> str | None:
    """A parsed one-character item as a character-class expression; None if it is not one."""
    if op is _sre.LITERAL:
        return re.escape(chr(av))  # type: ignore[arg-type]
    if op is _sre.NOT_LITERAL:
        return f"[^{re.escape(chr(av))}]"  # type: ignore[arg-type]
    if op is not _sre.IN:
        return None
    parts = []
    for item, value in av:  # type: ignore[attr-defined]
        if item is _sre.NEGATE:
            parts.insert(0, "^")
        elif item is _sre.LITERAL:
            parts.append(re.escape(chr(value)))
        elif item is _sre.RANGE:
            parts.append(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
        elif item is _sre.CATEGORY and value in _categories():
            parts.append(_categories()[value])
        else:
            return None
    return f"[{''.join(parts)}]"


@cache
def _ascii_matching(cls: str, flags: int) -> frozenset[str]:
    """The ASCII characters a one-character expression matches, as the regex engine itself decides."""
    compiled = re.compile(cls, flags & (re.IGNORECASE | re.ASCII | re.DOTALL))
    return frozenset(c for c in _ASCII if compiled.fullmatch(c))


def _first_of(items: Iterable[tuple[object, object]], flags: int) -> tuple[frozenset[str], bool]:
    """The ASCII characters a match of the parsed items may start with, and whether it may be empty.

    Errs on the safe side: any construct not understood may start with anything.
    """
    chars: set[str] = set()
    for op, av in items:
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):  # zero-width: the next item starts the match
            continue
        if op is _sre.SUBPATTERN:
            _group, added, removed, sub = av  # type: ignore[misc]
            first, empty = _first_of(sub, (flags | added) & ~removed)
        elif op is _sre.ATOMIC_GROUP:
            first, empty = _first_of(av, flags)  # type: ignore[arg-type]
        elif op is _sre.BRANCH:
            first, empty = frozenset(), False
            for branch in av[1]:  # type: ignore[index]
                f, e = _first_of(branch, flags)
                first, empty = first | f, empty or e
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            low, _high, sub = av  # type: ignore[misc]
            first, empty = _first_of(sub, flags)
            empty = empty or low == 0
        else:
            cls = _class_of(op, av)
            if cls is None:
                return _ALL_ASCII, True
            first, empty = _ascii_matching(cls, flags), False
        chars |= first
        if not empty:
            return frozenset(chars), False
    return frozenset(chars), True


def first_chars(expr: str) -> frozenset[str]:
    """The ASCII characters a case-insensitive match of expr can start with (all of them when unsure)."""
    try:
        parsed = _sre.parse(expr, re.IGNORECASE)
        return _first_of(parsed, parsed.state.flags)[0]
    except Exception:  # an internal parser that changed shape: no shortcut, just slower
        return _ALL_ASCII


def max_width(expr: str) -> int | None:
    """The most characters a match of expr can span (None: unbounded, or unknown)."""
    try:
        width = _sre.parse(expr, re.IGNORECASE).getwidth()[1]
    except Exception:  # an internal parser that changed shape: unknown
        return None
    return width if width < _sre.MAXREPEAT else None


def required_literals(expr: str) -> tuple[str, ...]:
    """Lower-cased ASCII runs that every case-insensitive match of expr contains (its top-level literals)."""
    try:
        parsed = _sre.parse(expr, re.IGNORECASE)
    except Exception:
        return ()
    runs, run = [], ""
    for op, av in parsed:
        if op is _sre.LITERAL and av < 128:  # type: ignore[operator]
            run += chr(av)  # type: ignore[arg-type]
            continue
        if run:
            runs.append(run.lower())
        run = ""
    if run:
        runs.append(run.lower())
    return tuple(runs)


def start_literals(expr: str) -> tuple[str, ...] | None:
    """Lower-cased ASCII literals one of which every case-insensitive match of expr starts with: its
    leading literal run, or the leading runs of the alternatives of its leading group (None: unknown)."""
    try:
        items = [item for item in _sre.parse(expr, re.IGNORECASE) if item[0] is not _sre.AT]
    except Exception:
        return None
    if not items:
        return None
    op, av = items[0]
    if op is _sre.SUBPATTERN and len(av[3]) == 1 and av[3][0][0] is _sre.BRANCH:  # type: ignore[index]
        starts = tuple(_leading_literal(branch) for branch in av[3][0][1][1])  # type: ignore[index]
    elif op is _sre.BRANCH:  # a non-capturing group of alternatives, inlined by the parser
        starts = tuple(_leading_literal(branch) for branch in av[1])  # type: ignore[index]
    else:
        starts = (_leading_literal(items),)
    return starts if all(starts) else None


def _leading_literal(items: Iterable[tuple[object, object]]) -> str:
    """The ASCII literals a parsed sequence starts with, lower-cased ("" if none)."""
    run = ""
    for op, av in items:
        if not (op is _sre.LITERAL and av < 128):  # type: ignore[operator]
            break
        run += chr(av).lower()  # type: ignore[arg-type]
    return run


# First words: most alternatives start with one of a few words ("(share|tweet|email) this"), so
# a line whose first word is none of them cannot fit. A first word is the run of ASCII letters a
# line starts with, once folded; an alternative's first words are read from its parsed form.

_MAX_FIRST_WORDS = 400
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_LEADING_LETTERS = re.compile("[a-z]*")
_Prefixes = frozenset[tuple[str, bool]]  # (letters so far, word ended)


class _Open(Exception):
    """The first words of an expression cannot be listed (a class of letters, say)."""


_MAX_CLASS_LETTERS = 4


def _class_letters(op: object, av: object, flags: int) -> tuple[frozenset[str], bool] | None:
    """The letters (folded) a parsed one-character item can match, and whether it can also match a
    character that ends a word; None when unknown, or when it matches many letters."""
    cls = _class_of(op, av)
    if cls is None:
        return None
    ascii_chars = _ascii_matching(cls, flags)
    compiled = re.compile(cls, flags & (re.IGNORECASE | re.ASCII | re.DOTALL))
    letters = {c.lower() for c in ascii_chars & _LETTERS} | {fold(c) for c in _LOOKALIKES if compiled.fullmatch(c)}
    if len(letters) > _MAX_CLASS_LETTERS:
        return None
    # anything but an ASCII letter (or a look-alike of one) ends a word; a class of letters only,
    # and a literal letter, cannot match one
    only_letters = (op is _sre.LITERAL and chr(av) in _LETTERS) or (  # type: ignore[arg-type]
        op is _sre.IN and all(  # type: ignore[attr-defined]
            (item is _sre.LITERAL and chr(value) in _LETTERS)
            or (item is _sre.RANGE and all(chr(c) in _LETTERS for c in range(value[0], value[1] + 1)))
            for item, value in av))  # type: ignore[attr-defined]
    return frozenset(letters), not only_letters


def _words_of(items: Iterable[tuple[object, object]], flags: int, states: _Prefixes) -> _Prefixes:
    """The (letters, ended) states after the parsed items, from each of states."""
    for op, av in items:
        if all(ended for _, ended in states):
            return states
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):  # zero-width
            continue
        if op is _sre.SUBPATTERN:
            _group, added, removed, sub = av  # type: ignore[misc]
            states = _words_of(sub, (flags | added) & ~removed, states)
        elif op is _sre.BRANCH:
            states = frozenset().union(*(_words_of(branch, flags, states) for branch in av[1]))  # type: ignore[index]
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            low, high, sub = av  # type: ignore[misc]
            reached, step = set(states) if low == 0 else set(), states
            for k in range(1, 8):  # apply the item again until nothing new comes of it
                step = _words_of(sub, flags, step)
                if k >= low:
                    if step <= reached and k >= low:
                        break
                    reached |= step
                if k == high:
                    break
            else:
                raise _Open
            states = frozenset(reached)
        elif op is _sre.LITERAL and chr(av) in _LETTERS:  # type: ignore[arg-type]
            letter = chr(av).lower()  # type: ignore[arg-type]
            states = frozenset((w + letter, ended) if not ended else (w, ended) for w, ended in states)
        else:  # one character: a letter goes on the word (each a class may match), another ends it
            found = _class_letters(op, av, flags)
            if found is None:
                raise _Open
            letters, ends = found
            grown: set[tuple[str, bool]] = set()
            for w, ended in states:
                if ended:
                    grown.add((w, True))
                    continue
                grown.update((w + letter, False) for letter in letters)
                if ends:
                    grown.add((w, True))
            states = frozenset(grown)
        if len(states) > _MAX_FIRST_WORDS:
            raise _Open
    return states


def first_words(expr: str) -> frozenset[str] | None:
    """The first words (see above) of the lines that expr matches case-insensitively; None when open."""
    starts = start_words(expr)
    return None if starts is None else starts[0] | starts[1]


def start_words(expr: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """For lines that expr matches at their start (re.match): (the first words they can have, the
    words their first word can begin with - where the match may end inside a word); None when open."""
    try:
        parsed = _sre.parse(expr, re.IGNORECASE)
        states = _words_of(parsed, parsed.state.flags, frozenset({("", False)}))
    except Exception:  # _Open, or an internal parser that changed shape
        return None
    return frozenset(w for w, ended in states if ended), frozenset(w for w, ended in states if not ended)


def first_word(line: str) -> str:
    """The run of ASCII letters a folded line starts with."""
    return _LEADING_LETTERS.match(line).group()  # type: ignore[union-attr]


def has_lookalike(text: str) -> bool:
    """Whether text holds one of the non-ASCII characters that fold() maps to an ASCII letter."""
    if text.isascii():
        return False
    return _LOOKALIKE.search(text) is not None if len(text) < 1000 else any(c in text for c in _LOOKALIKES)


def line_starts(lines: list[str]) -> list[int]:
    """Where each of lines starts in "\\n".join(lines), and where a line after the last would."""
    return list(map(add, accumulate(map(len, lines), initial=0), range(len(lines) + 1)))


def lines_holding(doc: str, starts: list[int], needle: str) -> list[int]:
    """Indices of the lines of doc (lines joined by newlines, starting at starts: line_starts) that
    hold needle, in order: one str.find over the document, on to the next line after each hit."""
    out = []
    pos = doc.find(needle)
    while pos >= 0:
        i = bisect_right(starts, pos) - 1
        out.append(i)
        pos = doc.find(needle, starts[i + 1])  # (after the last line: past the end, found nowhere)
    return out


# whether lines_holding_each makes one pass over a document for all its needles (in C), or one for each
ONE_PASS = _c is not None


def lines_holding_each(doc: str, starts: list[int], needles: tuple[str, ...]) -> list[list[int]]:
    """lines_holding(doc, starts, needle) of each of needles: in C, one pass over doc for all of them
    (which counts lines by their newlines: where a line holds one, lines_holding serves)."""
    if _c is not None and doc.count("\n") == len(starts) - 2:
        return _c.lines_holding_each(doc, needles)
    return [lines_holding(doc, starts, needle) for needle in needles]


def fold(text: str) -> str:
    """Lower-cased so that a lower-case ASCII literal is `in` it wherever it matches text case-insensitively."""
    if has_lookalike(text):
        text = text.translate(_ASCII_LOOKALIKES)
    return text.lower()


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
            for e in _entries(name):
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
        self._by_char = {c: tuple(h[:3] for h in headed if c in h[3]) for c in _ASCII}
        self.any_start = tuple(h[:3] for h in headed)
        # every guarded alternative needs all its literals: a line holding none of their first
        # (rarest) literals, one per alternative, fits none of them (one search, in C)
        keys = sorted({literals[0] for _, literals, _ in self.guarded})
        self.guard_keys = tuple(keys) if keys else None
        self._guard_search = re.compile("|".join(map(re.escape, keys))).search if keys else None
        # what every headed alternative's line starts with, once folded: its first word, or a word
        # that word starts with (where the literal ends in a letter); None when one has no letters
        starts = {start for h in headed for start in h[2]}
        words_of = {start: _LEADING_LETTERS.match(start).group() for start in starts}  # type: ignore[union-attr]
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

    def families(self, lines: list[str], folded: list[str], first: list[str]) -> dict[str, str | None]:
        """The family of each of lines, by family(), asked only of those may_fit lets through (the
        others fit none). folded: fold() of each line; first: first_word() of each folded line."""
        out: dict[str, str | None] = dict.fromkeys(lines)
        stripped = list(map(str.strip, folded, repeat(_EDGE)))
        keyed: set[int] = set()  # the lines holding a guard key (may_fit finds them)
        fits = self.may_fit(lines, stripped, folded, first, keyed)  # (first: now of the stripped lines)
        for i in compress(range(len(lines)), fits):
            line = lines[i]
            if out[line] is None and len(line) <= MAX_FAMILY_CHARS:
                out[line] = self.family(line.strip(_EDGE), stripped[i], first[i], i in keyed)
        return out

    def may_fit(self, lines: list[str], stripped: list[str], folded: list[str], first: list[str],
                keyed: set[int] | None = None) -> list[bool]:
        """For each of lines, False where family() is sure to find none (the others may fit one):
        the tests family() makes first, made on all the lines at once, each mapped in C.
        stripped: folded with edge punctuation off; folded: fold() of each line; first:
        first_word() of each folded line (made that of each stripped line here); keyed: given,
        gets the indices of the lines holding a guard key."""
        # (edge punctuation is no letter: only a line without a first word that stripping changed -
        # str.strip gives back the same string when it strips nothing - can have another now)
        for i in compress(range(len(first)), map(and_, map(not_, first), map(is_not, stripped, folded))):
            first[i] = _LEADING_LETTERS.match(stripped[i]).group()  # type: ignore[union-attr]
        fits = list(map(self.word_expr.__contains__, first))
        if self.head_words is None:
            fits = list(map(or_, fits, map(str.startswith, stripped, repeat(self.head_starts))))
        elif self.head_starts:
            fits = list(map(or_, fits, map(self.head_words.__contains__, first)))
            if self.head_prefixes:
                fits = list(map(or_, fits, map(str.startswith, first, repeat(self.head_prefixes))))
        if self.guard_keys is not None:  # each guarded alternative needs one of the keys
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
            first = _LEADING_LETTERS.match(folded).group()  # type: ignore[union-attr]
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


@cache
def _family_index() -> _FamilyIndex:
    return _FamilyIndex()


def key(text: str) -> str:
    """A line reduced to what a whole-line phrase lookup compares: case-folded, edge punctuation off."""
    return text.strip(_EDGE).casefold()
