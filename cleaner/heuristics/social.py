"""Detect share buttons and follow lines; "Follow <author> on Twitter" yields the author."""
from __future__ import annotations

import re

from .. import phrases
from ..model import Label
from .base import Hit, View, words

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
    return words(text) <= MAX_SOCIAL_WORDS and phrases.line_family(text) == "social"


def detect_social(view: View) -> list[Hit]:
    out = []
    for i in view.free_indices():
        text = view.units[i].text
        author = follow_author(text) if len(text) < 140 else None
        if author:
            out.append(Hit(i, FOLLOW_AUTHOR, (("authors", author),)))
        elif (len(text) < 140 and _FOLLOW.match(text)) or is_social(text):
            out.append(Hit(i, SOCIAL))
    return out
