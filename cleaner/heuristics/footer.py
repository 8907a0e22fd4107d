"""Detect copyright, all-rights-reserved and maintained/developed-by footers."""
from __future__ import annotations

from .. import phrases
from ..model import Label
from .base import Hit, View, words

FOOTER = Label("generic/footer", "footer", "copyright or site footer")

MAX_FOOTER_WORDS = 25


def is_footer(text: str) -> bool:
    return words(text) <= MAX_FOOTER_WORDS and bool(phrases.pattern("footer").search(text))


def detect_footer(view: View) -> list[Hit]:
    return [Hit(i, FOOTER) for i in view.free_indices() if is_footer(view.units[i].text)]
