"""Detect date lines ("24 Feb, 2016 12:18", "Updated 1:39 am EST, ...") and move them to metadata."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import dates
from ..model import Label
from .base import Hit, View, has_digit

DATELINE = Label("generic/dateline", "dateline", "date line (moved to published)")

MAX_DATELINE_CHARS = 120

_MODIFIED = re.compile(r"\b(?:updated|modified|last edited|edited)\b", re.IGNORECASE)
_PUBLISHED = re.compile(r"\b(?:published|posted|first published)\b", re.IGNORECASE)


@lru_cache(maxsize=1 << 16)
def dateline_meta(text: str) -> tuple[tuple[str, str], ...] | None:
    """Metadata of a line that is only a date: published, or modified when labelled "Updated"."""
    if len(text) > MAX_DATELINE_CHARS or not has_digit(text):
        return None
    found = dates.search_dates(text) if dates.is_dateline(text) else []
    if not found:
        return None
    if len(found) > 1 and _PUBLISHED.search(text) and _MODIFIED.search(text):
        return (("published", found[0].iso), ("modified", found[1].iso))
    field = "modified" if _MODIFIED.search(text[: found[0].start]) else "published"
    return ((field, found[0].iso),)


def detect_dateline(view: View) -> list[Hit]:
    units = view.units
    out = []
    for i in view.free_among(view.features.containing(*dates.YEAR_STARTS)):  # every date holds a year
        meta = dateline_meta(units[i].text)
        if meta:
            out.append(Hit(i, DATELINE, meta))
    return out
