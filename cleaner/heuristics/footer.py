"""Detect copyright, all-rights-reserved and maintained/developed-by footers."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import phrases
from ..model import Label
from .base import Hit, View, words

FOOTER = Label("generic/footer", "footer", "copyright or site footer")

MAX_FOOTER_WORDS = 25
MAX_SHORT_FOOTER_WORDS = 8


# every footer expression needs one of these (lower-cased): a cheap test before the regex
_HINTS = ("©", "(c)", "copyright", "reserved", " by", "privacy", "terms", "cookie", "contact", "about",
          "site", "accessibility", "careers", "advertise")
_ANY_HINT = re.compile("|".join(map(re.escape, _HINTS)))


@lru_cache(maxsize=1 << 16)
def is_footer(text: str) -> bool:
    if len(text) > 250:
        return False
    if _ANY_HINT.search(text.lower()) is None:
        return False
    n = words(text)
    if n <= MAX_SHORT_FOOTER_WORDS and phrases.pattern("footer_short").search(text) is not None:
        return True
    return n <= MAX_FOOTER_WORDS and phrases.pattern("footer").search(text) is not None


def detect_footer(view: View) -> list[Hit]:
    units = view.units
    return [Hit(i, FOOTER) for i in view.free_among(view.features.containing(*_HINTS)) if is_footer(units[i].text)]
