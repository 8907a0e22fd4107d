"""Turn what the rules and detectors found into the Article's metadata fields."""
from __future__ import annotations

import re
from typing import Iterable, Mapping, Sequence

from . import dates, phrases

# "WASHINGTON (AP) — ...", "LONDON (Reuters) - ...": the wire credit at the head of the lead.
_LEAD_CREDIT = re.compile(r"^[^()]{0,60}\((?P<agency>[A-Za-z .-]{2,30})\)\s*[—–-]")
LEAD_PARAGRAPHS = 2


def unique(values: Iterable[str]) -> tuple[str, ...]:
    """The values without blanks or repeats (case ignored), first spelling kept; linear."""
    seen: dict[str, str] = {}
    for v in values:
        v = v.strip()
        if v:
            seen.setdefault(v.casefold(), v)
    return tuple(seen.values())


def agency_from_lead(paragraphs: Sequence[str]) -> str | None:
    """The agency credited in a wire dateline at the start of the first paragraphs."""
    known = phrases.mapping("agencies")
    for text in paragraphs[:LEAD_PARAGRAPHS]:
        m = _LEAD_CREDIT.match(text)
        if m:
            return known.get(phrases.key(m.group("agency")))
    return None


def as_iso(value: str) -> str | None:
    """A captured date as ISO 8601 (captures may be ISO already or a written date)."""
    return dates.parse_date(value)


def fields(found: Mapping[str, Sequence[str]], paragraphs: Sequence[str]) -> dict[str, object]:
    """The Article's metadata from values found in document order (outlet captures first)."""

    def first(name: str) -> str | None:
        vals = [v for v in found.get(name, ()) if v]
        return vals[0] if vals else None

    published = next((iso for v in found.get("published", ()) if (iso := as_iso(v)) and dates.plausible(iso)), None)
    agency = first("agency") or agency_from_lead(paragraphs)
    return {
        "title": first("title"),
        "description": first("description"),
        "authors": unique(found.get("authors", ())),
        "published": published,
        "agency": agency,
        "credits": unique(found.get("credits", ())),
        "modified": next((iso for v in found.get("modified", ()) if (iso := as_iso(v)) and dates.plausible(iso)), None),
    }
