"""Detect share buttons and follow lines; "Follow <author> on Twitter" yields the author."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import families
from ..model import Label
from .base import Hit, View, words
from .features import merged

SOCIAL = Label("generic/social", "social", "share button or follow-us line")
FOLLOW_AUTHOR = Label("generic/follow-author", "byline", "follow-the-author line (moved to authors)")

MAX_SOCIAL_WORDS = 60  # contact lines ("Have a tip? ... may be reached at ...") run long

_FOLLOW = re.compile(
    r"^(?:you can )?follow (?P<who>.{2,60}?) on (?:twitter|x|facebook|instagram|threads|bluesky|mastodon|linkedin)"
    r"(?:\s*(?:at|:|here)?\s*@?[\w.]+)?\.?$",
    re.IGNORECASE,
)
_PERSON = re.compile(r"^[A-Z][\w'’.-]*(?: (?:[A-Z][\w'’.-]*|de|da|van|von|al|el|bin|ibn|le|la)){1,3}$")


def follow_author(text: str) -> str | None:
    """The person in "Follow <Name> on Twitter: @handle", or None (also for "Follow us ...")."""
    m = _FOLLOW.match(text)
    if not m:
        return None
    who = m.group("who").strip()
    return who if _PERSON.match(who) else None


def is_social(text: str) -> bool:
    return words(text) <= MAX_SOCIAL_WORDS and families.line_family(text) == "social"


@lru_cache(maxsize=1 << 16)
def social_hit(text: str) -> tuple[Label, tuple[tuple[str, str], ...]] | None:
    """(label, metadata) when the line is a follow or share line, else None."""
    author = follow_author(text) if len(text) < 140 else None
    if author:
        return FOLLOW_AUTHOR, (("authors", author),)
    if (len(text) < 140 and _FOLLOW.match(text)) or is_social(text):
        return SOCIAL, ()
    return None


def detect_social(view: View) -> list[Hit]:
    units = view.units
    candidates = merged(view.features.in_family("social"), view.features.matched_at_start(_FOLLOW))
    out = []
    for i in view.free_among(candidates):
        hit = social_hit(units[i].text)
        if hit:
            out.append(Hit(i, *hit))
    return out
