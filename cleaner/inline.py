"""Cut boilerplate glued inside a sentence (a name's hover card) before the text is split into lines."""
from __future__ import annotations

import re

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


def cut_hover_cards(text: str) -> tuple[str, list[Removal]]:
    """The text without hover cards, and one Removal per card (its line number in the text)."""
    if " MORE" not in text:
        return text, []
    removed: list[Removal] = []
    pieces: list[str] = []
    pos = 0
    for m in _HOVER_CARD.finditer(text):
        lineno = text.count("\n", 0, m.start()) + 1
        removed.append(Removal(HOVER_CARD.rule, HOVER_CARD.category, HOVER_CARD.reason, lineno, lineno, m.group("card")))
        pieces.append(text[pos:m.start("card")])
        pos = m.end("card")
    if not removed:
        return text, []
    pieces.append(text[pos:])
    return "".join(pieces), removed
