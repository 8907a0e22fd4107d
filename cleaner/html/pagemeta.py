"""The page's metadata record (PageMeta), filled once per field by the first source that gives a usable value, and the value cleaning all sources share."""
from __future__ import annotations

import html as html_entities
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..dates import plausible


@dataclass
class PageMeta:
    """Metadata read from the page; `sources` says where each field came from."""

    title: str | None = None
    description: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    modified: str | None = None
    outlet: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    language: str | None = None
    canonical_url: str | None = None
    image: str | None = None
    site_name: str | None = None  # og:site_name as written: how an outlet's rule file is found by name
    sources: dict[str, str] = field(default_factory=dict)
    # author names as each source gives them, most trusted first; read_metadata keeps the first
    # source whose names survive tidy_authors
    author_candidates: list[tuple[str, tuple[str, ...]]] = field(default_factory=list, repr=False)
    outlet_candidates: list[tuple[str, str]] = field(default_factory=list, repr=False)  # (source, name), read order
    agency: str | None = None  # a wire service the page names as its publisher or site (AP, Reuters)
    now: datetime | None = field(default=None, repr=False)  # dates after this are rejected (default: the clock)

    def set(self, name: str, value: Any, source: str) -> None:
        """Fill a field once: the first source to give a usable value wins; impossible dates are skipped."""
        if name in self.sources or value in (None, "", ()):
            return
        if name in ("published", "modified") and not plausible(value, self.now):
            return
        setattr(self, name, value)
        self.sources[name] = source


_SPACE = re.compile(r"\s+")


def clean_value(value: Any) -> str | None:
    """A metadata string with entities decoded ("&#163;" -> "£") and whitespace collapsed."""
    if not isinstance(value, str):
        return None
    if "&" in value:
        value = html_entities.unescape(value)
    value = _SPACE.sub(" ", value).strip()
    return value or None


MAX_AUTHOR_CANDIDATES = 50  # author values read from one source; more is not a byline


def squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).casefold()
