"""Detect byline lines ("By Jane Doe and John Roe", "Tom Krisher, AP Auto Writer") and move them to authors."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import families, phrases
from ..model import Label
from .base import Hit, View, words
from .features import merged
from .dateline import dateline_meta

BYLINE = Label("generic/byline", "byline", "byline (moved to authors)")
CONTRIBUTORS = Label("generic/contributors", "byline", "production credits: reporting, writing and editing by")

MAX_BYLINE_WORDS = 24
MAX_BYLINE_CHARS = 200
MAX_CONTRIBUTOR_WORDS = 60

_PREFIX = re.compile(
    r"^(?:by|written by|words by|story by|text by|reporting by|reported by|posted by|author|authors|words|byline)\s*:?\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_NAME_ROLE = re.compile(r"^(?P<name>[^,|]{3,60}?)\s*[,|–—-]\s*(?P<role>[^,|]{3,60})$")
_PARTS = re.compile(r"\s*(?:,|;|&|\band\b|\|)\s*")
_TAIL = re.compile(r"\s+(?:\||–|—|-|•|·|/)\s+|\s+(?:on|at|updated|published|posted)\s+(?=[A-Z0-9])")
_NAME_WORD = r"(?:[A-Z][\w'’.-]*|[A-Z]\.)"
_PERSON = re.compile(
    rf"^{_NAME_WORD}(?: (?:{_NAME_WORD}|de|da|di|del|der|van|von|al|el|bin|ibn|le|la|du|dos|das|y)){{1,4}}$"
)


def is_person(name: str) -> bool:
    return bool(_PERSON.match(name)) and words(name) <= 6


def _is_role(text: str) -> bool:
    roles = phrases.folded("byline_roles")
    t = phrases.key(text)
    return any(t == r or t.endswith(" " + r) for r in roles)


def parse_byline(text: str) -> tuple[list[str], list[str], tuple[tuple[str, str], ...]] | None:
    """(authors, agencies, date metadata) when the line is a byline, else None."""
    if words(text) > MAX_BYLINE_WORDS or text.endswith((".", "?", "!")) and not text.endswith(("Jr.", "Sr.")):
        return None
    date_meta: tuple[tuple[str, str], ...] = ()
    m = _PREFIX.match(text)
    if m:
        rest = m.group("rest")
    else:
        m2 = _NAME_ROLE.match(text)
        if not m2 or not _is_role(m2.group("role")) or not is_person(m2.group("name")):
            return None
        rest = text
    pieces = _TAIL.split(rest, maxsplit=1)
    names_part = pieces[0]
    if len(pieces) > 1:
        date_meta = dateline_meta(pieces[1]) or ()
    agencies_map = phrases.mapping("agencies")
    authors, agencies = [], []
    for part in _PARTS.split(names_part):
        part = part.strip(" ()")
        if not part:
            continue
        agency = agencies_map.get(phrases.key(part))
        if agency:
            agencies.append(agency)
        elif _is_role(part):  # before the name test: "AP Auto Writer" is capitalised too
            first = phrases.key(part).split()[0]
            if first in agencies_map:
                agencies.append(agencies_map[first])
        elif is_person(part):
            authors.append(part)
        else:
            return None
    if not authors and not agencies:
        return None
    return authors, agencies, date_meta


@lru_cache(maxsize=1 << 16)
def byline_meta(text: str) -> tuple[tuple[str, str], ...] | None:
    """The metadata a byline line yields (authors, agencies, dates), or None when it is not one."""
    parsed = parse_byline(text) if len(text) <= MAX_BYLINE_CHARS else None
    if not parsed:
        return None
    authors, agencies, date_meta = parsed
    return tuple(("authors", a) for a in authors) + tuple(("agency", a) for a in agencies) + date_meta


def detect_byline(view: View) -> list[Hit]:
    units = view.units
    # every byline starts with a prefix ("By ...") or ends in a role ("..., AP Auto Writer")
    candidates = merged(view.features.matched_at_start(_PREFIX), view.features.ending_in(phrases.folded("byline_roles")))
    out = []
    for i in view.free_among(candidates):
        meta = byline_meta(units[i].text)
        if meta is not None:
            out.append(Hit(i, BYLINE, meta))
    return out


def is_contributor_credit(text: str) -> bool:
    return words(text) <= MAX_CONTRIBUTOR_WORDS and families.line_family(text) == "contributors"


def detect_contributors(view: View) -> list[Hit]:
    units = view.units
    candidates = view.features.in_family("contributors")
    return [Hit(i, CONTRIBUTORS) for i in view.free_among(candidates) if is_contributor_credit(units[i].text)]
