"""Detect newsletter, subscribe, cookie, advert and read-more prompts."""
from __future__ import annotations

from .. import phrases
from ..model import Label
from .base import Hit, View, words

PROMO = Label("generic/promo", "promo", "newsletter, subscribe, cookie or advert prompt")
RELATED = Label("generic/related", "related", "related-links or read-more prompt")

MAX_PROMO_WORDS = 45
MAX_RELATED_WORDS = 30


def is_promo(text: str) -> bool:
    return words(text) <= MAX_PROMO_WORDS and phrases.line_family(text) == "promo"


def is_related_prompt(text: str) -> bool:
    return words(text) <= MAX_RELATED_WORDS and phrases.line_family(text) == "related"


def detect_promo(view: View) -> list[Hit]:
    out = []
    for i in view.free_indices():
        text = view.units[i].text
        if is_promo(text):
            out.append(Hit(i, PROMO))
        elif is_related_prompt(text):
            out.append(Hit(i, RELATED))
    return out
