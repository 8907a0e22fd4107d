"""What every detector shares: the Hit it returns, the read-only view it reads, and text-shape tests."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from ..model import Label, Unit


@dataclass(frozen=True, slots=True)
class Hit:
    """A detector's verdict on one unit: the rule that takes it, and metadata it yields."""

    index: int
    label: Label
    meta: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class View:
    """What a detector sees: the units, the labels given so far (None = still body), found metadata."""

    units: Sequence[Unit]
    labels: Sequence[Label | None]
    meta: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def free(self, i: int) -> bool:
        return 0 <= i < len(self.units) and self.labels[i] is None

    def free_indices(self) -> list[int]:
        return [i for i, lab in enumerate(self.labels) if lab is None]

    def first(self, name: str) -> str | None:
        vals = self.meta.get(name)
        return vals[0] if vals else None


Detector = Callable[[View], Iterable[Hit]]

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?…:;)\"”’'»]$")
_LETTER = re.compile(r"[^\W\d_]")


def words(text: str) -> int:
    """Number of words (runs of word characters), as the scoring metric counts them."""
    return len(_WORD.findall(text))


def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))


def has_letters(text: str) -> bool:
    return bool(_LETTER.search(text))


def is_body_like(text: str) -> bool:
    """Reads like article prose: a sentence of some length, or a long run of words."""
    n = words(text)
    if n >= 20:
        return True
    return n >= 8 and ends_sentence(text) and not text.isupper()


def is_headline_like(text: str) -> bool:
    """Reads like a headline: a few words, starts with a capital or digit, no full stop at the end."""
    n = words(text)
    if not 3 <= n <= 30:
        return False
    first = text.lstrip("\"'“‘«(")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    return not text.endswith((".", ",", ";", ":")) or text.endswith("...")


def hits(indices: Iterable[int], label: Label) -> list[Hit]:
    return [Hit(i, label) for i in indices]
