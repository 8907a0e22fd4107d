"""Detect newsletter, subscribe, cookie, advert and read-more prompts."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import families
from ..model import Label
from .base import Hit, View, is_bulleted, words

PROMO = Label("generic/promo", "promo", "newsletter, subscribe, cookie or advert prompt")
NEWSLETTER_BOX = Label("generic/newsletter-box", "promo", "newsletter sign-up box: its heading and short lines")
RELATED = Label("generic/related", "related", "related-links or read-more prompt")

MAX_PROMO_WORDS = 45
MAX_BOX_HEADING_WORDS = 6
MAX_BOX_LINE_WORDS = 25
BOX_LINES = 4  # a sign-up box: its heading and at most this many short lines under it
MAX_RELATED_WORDS = 30


def is_promo(text: str) -> bool:
    return words(text) <= MAX_PROMO_WORDS and families.line_family(text) == "promo"


def is_related_prompt(text: str) -> bool:
    return words(text) <= MAX_RELATED_WORDS and families.line_family(text) == "related"


def detect_promo(view: View) -> list[Hit]:
    out = []
    for i in view.free_among(view.features.in_family("promo", "related")):
        text = view.units[i].text
        if is_promo(text):
            out.append(Hit(i, PROMO))
        elif is_related_prompt(text):
            out.append(Hit(i, RELATED))
    return out


_NEWSLETTER_HEADING = re.compile(r"\bnewsletters?\b", re.IGNORECASE)


@lru_cache(maxsize=1 << 16)
def is_newsletter_heading(text: str) -> bool:
    """A short line naming a newsletter ("Newsletter", "The Morning Briefing newsletter"); not a list item (an
    article about newsletters lists its steps: "- Rate newsletters by length")."""
    return len(text) < 80 and words(text) <= MAX_BOX_HEADING_WORDS and _NEWSLETTER_HEADING.search(text) is not None \
        and not is_bulleted(text)


def detect_newsletter_box(view: View) -> list[Hit]:
    """A "... Newsletter" heading and the short lines of its sign-up box (pitch, thanks, error)."""
    out: list[Hit] = []
    for i in view.free_among(view.features.containing("newsletter")):  # every heading has the word
        if not is_newsletter_heading(view.units[i].text):
            continue
        out.append(Hit(i, NEWSLETTER_BOX))
        for j in range(i + 1, min(i + 1 + BOX_LINES, len(view.units))):
            if not view.free(j):
                continue
            if words(view.units[j].text) > MAX_BOX_LINE_WORDS:
                break
            out.append(Hit(j, NEWSLETTER_BOX))
    return out
