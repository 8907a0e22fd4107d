"""Cut boilerplate glued inside a sentence (a name's hover card) before the text is split into lines."""
from __future__ import annotations

import re
from typing import Iterator

from .model import Label, Removal

HOVER_CARD = Label("generic/hover-card", "related",
                   "a name's hover card (full name and related headlines, up to MORE) glued into the sentence")

# "Gov. Kristi NoemKristi Lynn NoemSouth Dakota governor doubles down ... MORE (R) is defending":
# the name, then glued to it the full name ending in the same surname, then the
# card's headlines glued to that, up to the card's closing "MORE".
_HOVER_CARD = re.compile(
    r"\b(?P<last>[A-Z][\w'’.-]{1,40})"
    r"(?P<card>[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3} ?(?P=last)(?=[A-Z0-9'‘“\"]).{0,800}? MORE\b)"
)


def _cards(text: str) -> Iterator[re.Match[str]]:
    """_HOVER_CARD's matches in text, in order. A card never spans lines (nothing in it matches a
    newline) and ends in " MORE": only the lines holding that are searched."""
    at = text.find(" MORE")
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        yield from _HOVER_CARD.finditer(text, start, end)  # (\b and the look-ahead see the text around)
        at = text.find(" MORE", end)


def cut_hover_cards(text: str) -> tuple[str, list[Removal]]:
    """The text without hover cards, and one Removal per card (its line number in the text)."""
    removed: list[Removal] = []
    pieces: list[str] = []
    pos = 0
    for m in _cards(text):
        lineno = text.count("\n", 0, m.start()) + 1
        removed.append(Removal(HOVER_CARD.rule, HOVER_CARD.category, HOVER_CARD.reason, lineno, lineno, m.group("card")))
        pieces.append(text[pos:m.start("card")])
        pos = m.end("card")
    if not removed:
        return text, []
    pieces.append(text[pos:])
    return "".join(pieces), removed
