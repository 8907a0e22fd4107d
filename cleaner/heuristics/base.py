"""What every detector shares: the Hit it returns, the read-only view it reads, and text-shape tests."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from typing import NamedTuple, TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

from ..model import Label, Unit

from ..speedups import shapes as _c  # the shape tests below in C, where the install built them (see the end)

if TYPE_CHECKING:
    from .features import Features


class Hit(NamedTuple):
    """A detector's verdict on one unit: the rule that takes it, and metadata it yields.
    (A named tuple: detectors make thousands per document.)"""

    index: int
    label: Label
    meta: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class View:
    """What a detector sees: the units, the labels given so far (None = still body), found metadata,
    and facts about the units that all detectors share (computed once per document)."""

    units: Sequence[Unit]
    labels: Sequence[Label | None]
    meta: dict[str, tuple[str, ...]] = field(default_factory=dict)
    features: Features = None  # type: ignore[assignment]  # None: made here from the units

    def __post_init__(self) -> None:
        if self.features is None:
            from .features import Features  # features builds on the shape tests below

            object.__setattr__(self, "features", Features(self.units))

    def free(self, i: int) -> bool:
        return 0 <= i < len(self.units) and self.labels[i] is None

    # (list comprehensions: with this interpreter's specialised loops, faster than compress over mapped tests)
    def free_indices(self) -> list[int]:
        return [i for i, label in enumerate(self.labels) if label is None]

    def free_among(self, indices: Iterable[int]) -> Iterator[int]:
        """Those of indices (valid unit indices) that no rule took yet, in their order."""
        labels = self.labels
        return iter([i for i in indices if labels[i] is None])

    def taken_as(self, category: str) -> list[int]:
        """Indices of the units an earlier rule took, with a label of category."""
        return [i for i, label in enumerate(self.labels) if label is not None and label.category == category]

    def first(self, name: str) -> str | None:
        vals = self.meta.get(name)
        return vals[0] if vals else None


Detector = Callable[[View], Iterable[Hit]]

_WORD = re.compile(r"\w+")
_ASCII_WORD_BYTES = bytes(b if _WORD.match(chr(b)) else ord(" ") for b in range(256))
_DIGIT = re.compile(r"\d")
# words() is asked of the same line by most detectors: in Python, cache it (bounded, thread-safe).
# The other shape tests are mostly asked once a line, by block.unit_score (which is cached): a
# cache would only cost them time.
_shape_cache = lru_cache(maxsize=1 << 16)
# Chinese and Japanese write no spaces: count two of their characters as a word
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_NON_ASCII_WORD = re.compile(r"[^\x00-\x7f\W]")
# a sentence ends in . ! ? … or : (which opens a list or quote), maybe inside closing quotes or brackets
_SENTENCE_END = re.compile(r"[.!?…:。！？．][)\]\"”’'»」』）]*$")
_ENDERS, _CLOSERS = frozenset(".!?…:。！？．"), ")]\"”’'»」』）"  # _SENTENCE_END's two classes
_ITEM_SEPARATOR = re.compile(r" [-–—@|] |--|: |, ")
_BULLET = re.compile(r"^(?:[-•*–·▪►✓]|\d{1,2}[.)])\s+\S")
_LETTER = re.compile(r"[^\W\d_]")


def has_digit(text: str) -> bool:
    return _DIGIT.search(text) is not None


@_shape_cache
def words(text: str) -> int:
    """Number of words: runs of word characters, and every two Chinese or Japanese characters."""
    if text.isascii() or (_NON_ASCII_WORD.search(text) is None and _CJK.search(text) is None):
        # the same count, three times faster: word bytes kept, the others (and each non-ASCII
        # character, here never part of a word) made spaces
        return len(text.encode("ascii", "replace").translate(_ASCII_WORD_BYTES).split())
    n = len(_WORD.findall(text))
    cjk = len(_CJK.findall(text))
    if cjk:
        n += cjk // 2
    return n


def ends_sentence(text: str) -> bool:
    """_SENTENCE_END found, without scanning the line: the last character before any closers ends a sentence."""
    if text.endswith("\n"):  # like $, which also matches before a final newline
        text = text[:-1]
    return text.rstrip(_CLOSERS)[-1:] in _ENDERS


def has_letters(text: str) -> bool:
    return bool(_LETTER.search(text))


def is_body_like(text: str, n: int | None = None) -> bool:
    """Reads like article prose: a sentence of some length, or a long run of words. (n: words(text), if known.)"""
    if n is None:
        n = words(text)
    if n >= 20:
        return True
    return n >= 8 and ends_sentence(text) and not text.isupper()


def is_bulleted(text: str) -> bool:
    """Starts with a bullet or an item number: "- ", "• ", "3. ", "12) "."""
    return _BULLET.match(text) is not None


def is_list_item(text: str) -> bool:
    """A bulleted or numbered item, or a short phrase with figures as tables and schedules hold them."""
    return is_bulleted(text) or is_figure_item(text)


def is_figure_item(text: str, n: int | None = None) -> bool:
    """A short phrase with figures, as tables and schedules hold them ("Arsenal 2 - 1 Chelsea"). (n: words(text), if known.)"""
    if n is None:
        n = words(text)
    return 3 <= n < 25 and has_digit(text) and has_letters(text) and bool(_ITEM_SEPARATOR.search(text))


def is_title_case(text: str) -> bool:
    """Most words capitalised, as in menus and headlines (short function words do not count)."""
    toks = [t for t in text.split() if len(t) > 3 and t[0].isalpha()]
    if not toks:
        return True
    return len([t for t in toks if t[0].isupper()]) >= 0.6 * len(toks)


def is_headline_like(text: str, n: int | None = None) -> bool:
    """Reads like a headline: a few words, starts with a capital or digit, no full stop at the end. (n: words(text), if known.)"""
    if n is None:
        n = words(text)
    if not 3 <= n <= 30:
        return False
    first = text.lstrip("\"'“‘«(")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    return not text.endswith((".", ",", ";", ":")) or text.endswith("...")


def hits(indices: Iterable[int], label: Label) -> list[Hit]:
    """A Hit of label for each of indices (made in C: a menu or the text outside the block makes thousands)."""
    return list(map(tuple.__new__, repeat(Hit), zip(indices, repeat(label), repeat(()))))


# The Python shape tests are the reference: cleaner/_shapes.c gives the same answers, several times
# faster (tests/test_shapes.py compares them on edge cases, every seed and fixture line, and
# generated text).
words_py, ends_sentence_py, is_body_like_py, is_headline_like_py = words, ends_sentence, is_body_like, is_headline_like
if _c is not None:
    words = _c.words  # type: ignore[assignment]  # (uncached: counting is cheaper than a lookup)
    ends_sentence = _c.ends_sentence
    is_body_like = _c.is_body_like
    is_headline_like = _c.is_headline_like
