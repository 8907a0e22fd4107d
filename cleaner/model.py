"""Frozen data types that flow through the pipeline: units of text, removals, the Article."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

# The one vocabulary of removal categories. Rule files are validated against
# it, the batch summary counts by it, and the explain view colours by it.
CATEGORIES: dict[str, str] = {
    "metadata": "line lifted into a metadata field (title, standfirst)",
    "byline": "author line (moved to authors)",
    "dateline": "date line (moved to published)",
    "agency": "wire-agency credit line (moved to agency)",
    "icons": "icon-font glyph names",
    "ticker": "related-headline ticker with timestamps",
    "related": "related or recommended links, read-more prompts",
    "footer": "copyright, all-rights-reserved, maintained-by, site footer",
    "comments": "comment prompts and comment-section debris",
    "social": "share buttons, follow-us lines",
    "caption": "photo or video caption",
    "credit": "photo credit",
    "breadcrumb": "breadcrumb trail",
    "duplicate": "repeated title or paragraph",
    "media": "media-player labels and timestamps",
    "notice": "archive or notice banner",
    "promo": "newsletter, subscribe, cookie, advert prompts",
    "navigation": "menus and runs of short link-like lines",
    "outside": "text outside the article block",
}


class Unit(NamedTuple):
    """One paragraph-sized piece of input: a line, or part of a line split at a glue point.
    (A named tuple, not a frozen dataclass: documents make thousands, and a tuple is made in C.)"""

    index: int  # position in the unit list
    lineno: int  # 1-based input line it starts on
    text: str  # normalised text
    end_lineno: int = 0  # last input line (a soft-wrapped sentence spans several); 0: same as lineno

    @property
    def last_line(self) -> int:
        """The last input line this unit covers (its first, unless it spans several)."""
        return self.end_lineno or self.lineno


@dataclass(frozen=True, slots=True)
class Label:
    """Why a unit is not article body: the rule that took it."""

    rule: str
    category: str
    reason: str


@dataclass(frozen=True, slots=True)
class Removal:
    """A removed span of input: consecutive units taken by the same rule."""

    rule: str
    category: str
    reason: str
    start_line: int
    end_line: int
    text: str
    stage: str = "text"  # "text": lines of the text cleaned; "html": source lines of the page

    def to_dict(self) -> dict[str, Any]:
        """The removal as the `removed` entry of a JSONL record: rule, category, reason, stage,
        lines [first, last] and the text removed (a new dict; raises nothing)."""
        return {
            "rule": self.rule,
            "category": self.category,
            "reason": self.reason,
            "stage": self.stage,
            "lines": [self.start_line, self.end_line],
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Article:
    """The cleaned article: body text, metadata, and every removal with its rule."""

    id: str | None = None
    source: str | None = None
    url: str | None = None
    text: str = ""
    title: str | None = None
    description: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    modified: str | None = None
    outlet: str | None = None
    agency: str | None = None
    credits: tuple[str, ...] = ()
    # read from an HTML page (None / empty for text input)
    section: str | None = None
    tags: tuple[str, ...] = ()
    language: str | None = None
    canonical_url: str | None = None
    image: str | None = None
    # where each metadata field came from: json-ld, meta, url, time-element, text, outlet-rule
    sources: dict[str, str] = field(default_factory=dict, compare=False)
    removed: tuple[Removal, ...] = ()
    warnings: tuple[str, ...] = ()  # events worth a look that did not stop cleaning (a rule that timed out)
    # HTML input: which extractor's candidate the text stage cleaned, and why (None for text input)
    extraction: str | None = field(default=None, compare=False)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def word_count(self) -> int:
        """The number of words (runs of non-space characters) in `text`."""
        return len(self.text.split())

    @property
    def paragraphs(self) -> list[str]:
        """The article's paragraphs: `text` split at its blank lines (an empty list for no text)."""
        return self.text.split("\n\n") if self.text else []

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        """The Article as the fields of its JSONL record (a new dict, JSON-ready: lists, not
        tuples): `extra` fields first, then id, source, url, text, the metadata fields, sources,
        word_count, `warnings` when there are any, and with explain=True `removed` (each removal's
        to_dict). The command line adds the input's passthrough fields and its `cleaner` stamp.
        Raises nothing."""
        out: dict[str, Any] = dict(self.extra)
        out.update(
            id=self.id,
            source=self.source,
            url=self.url,
            text=self.text,
            title=self.title,
            description=self.description,
            authors=list(self.authors),
            published=self.published,
            modified=self.modified,
            outlet=self.outlet,
            agency=self.agency,
            credits=list(self.credits),
            section=self.section,
            tags=list(self.tags),
            language=self.language,
            canonical_url=self.canonical_url,
            image=self.image,
            sources=dict(self.sources),
            word_count=self.word_count,
        )
        if self.warnings:
            out["warnings"] = list(self.warnings)
        if explain:
            out["removed"] = [r.to_dict() for r in self.removed]
            if self.extraction:
                out["extraction"] = self.extraction
        return out

