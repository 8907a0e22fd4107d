"""Read what a regular expression can match first (its first characters, first words, leading and required literals, widest match) from CPython's own parser, re._parser."""
from __future__ import annotations

import re
from functools import cache
from typing import Iterable

from .folding import LOOKALIKES, fold

try:  # the standard library's own regular-expression parser, read only (see first_chars)
    import re._parser as _sre
except ImportError:  # pragma: no cover - a Python without it: every line tries every alternative
    _sre = None  # type: ignore[assignment]


ASCII = tuple(map(chr, range(128)))
_ALL_ASCII = frozenset(ASCII)


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
    return frozenset(c for c in ASCII if compiled.fullmatch(c))


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
    letters = {c.lower() for c in ascii_chars & _LETTERS} | {fold(c) for c in LOOKALIKES if compiled.fullmatch(c)}
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
