"""Learn an outlet's boilerplate: lines that recur across many of its documents, as drop and cut
rules and text signatures, written as a rule file a person can review."""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Sequence

from . import dates, families, lines, phrases
from .heuristics.base import ends_sentence, words
from .model import Label
from .rules import LineRule, Outlet

if TYPE_CHECKING:
    from .batch import Document
    from .pipeline import Cleaner

MIN_DOCS = 4  # a group smaller than this teaches nothing
MIN_SHARE = 0.3  # a line must recur in this share of the documents...
MIN_SUPPORT = 3  # ...and in at least this many
PROSE_SHARE = 0.6  # a line that reads like an article sentence must recur in this share
PROSE_WORDS = 12
CUT_SHARE = 0.8  # a cut marker: in this share of the documents it is in, all that follows it recurs
MAX_LINE_CHARS = 300
SIGNATURES = 2

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|fri|sat|sun"
_MONTH = re.compile(rf"\b(?:{_MONTHS})\b", re.IGNORECASE)
_DAY = re.compile(rf"\b(?:{_DAYS})\b", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")


def line_key(text: str) -> str:
    """A line with what changes from page to page (digits, month and day names) made generic."""
    key = _DIGITS.sub("0", text)
    key = _MONTH.sub("<month>", key)
    return _DAY.sub("<day>", key)


def key_pattern(key: str) -> str:
    """The regular expression matching every line with this key (anchored at both ends)."""
    out = []
    for piece in re.split(r"(<month>|<day>|0)", key):
        if piece == "0":
            out.append(r"\d+")
        elif piece == "<month>":
            out.append(f"(?i:{_MONTHS})")
        elif piece == "<day>":
            out.append(f"(?i:{_DAYS})")
        elif piece:
            out.append(re.escape(piece).replace("\\ ", " "))
    return "^" + "".join(out) + "$"


@dataclass(frozen=True)
class Learned:
    """A recurring line: its key, in how many documents it was seen, and an example."""

    key: str
    support: int
    example: str


@dataclass
class Group:
    """Line statistics over one outlet's documents, gathered one document at a time."""

    documents: int = 0
    support: Counter = field(default_factory=Counter)  # key -> documents it is in
    examples: dict[str, str] = field(default_factory=dict)
    sequences: list[list[str]] = field(default_factory=list)  # kept only to judge cut markers

    def add(self, text: str) -> None:
        self.documents += 1
        seq = []
        for u in lines.segment(text):
            if len(u.text) > MAX_LINE_CHARS:
                seq.append("")
                continue
            k = line_key(u.text)
            seq.append(k)
            self.examples.setdefault(k, u.text)
        for k in set(seq) - {""}:
            self.support[k] += 1
        self.sequences.append(seq)

    def threshold(self) -> int:
        return max(MIN_SUPPORT, math.ceil(MIN_SHARE * self.documents))

    def recurring(self) -> list[Learned]:
        """Lines seen in enough documents to be the outlet's, not an article's; most frequent first."""
        if self.documents < MIN_DOCS:
            return []
        need = self.threshold()
        prose_need = max(need, math.ceil(PROSE_SHARE * self.documents))
        out = []
        for k, n in self.support.items():
            ex = self.examples[k]
            if not phrases.key(ex):
                continue  # punctuation alone
            if words(ex) >= PROSE_WORDS and ends_sentence(ex) and n < prose_need:
                continue  # reads like an article sentence: a quote two stories share is not boilerplate
            if n >= need:
                out.append(Learned(k, n, ex))
        return sorted(out, key=lambda r: (-r.support, r.key))

    def cut_markers(self, recurring: Sequence[Learned]) -> list[Learned]:
        """Recurring lines after which, in most documents that have them, every line recurs too."""
        rec = {r.key for r in recurring}
        tails: Counter = Counter()
        for seq in self.sequences:
            # from which position on does every line recur?
            start = len(seq)
            while start > 0 and seq[start - 1] in rec:
                start -= 1
            first: dict[str, int] = {}
            for pos, k in enumerate(seq):
                first.setdefault(k, pos)
            for k, pos in first.items():
                if k in rec and pos >= start:  # all that follows its first occurrence recurs
                    tails[k] += 1
        out = []
        for r in recurring:
            if tails[r.key] >= CUT_SHARE * r.support and r.support >= self.threshold():
                out.append(r)
        return out


_CATEGORY_OF_FAMILY = {"notice": "notice", "comment_headers": "comments", "comments": "comments", "social": "social",
                       "contributors": "byline", "credits": "credit", "media": "media", "promo": "promo",
                       "related": "related"}


def guess_category(text: str) -> str:
    family = families.line_family(text)
    if family in _CATEGORY_OF_FAMILY:
        return _CATEGORY_OF_FAMILY[family]
    if "©" in text or re.search(r"\ball rights reserved\b|\bcopyright\b", text, re.IGNORECASE):
        return "footer"
    if re.match(r"(?i:by) [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}$", text):
        return "byline"
    return "navigation" if words(text) <= 6 else "promo"


def slug(text: str, taken: set[str]) -> str:
    base = "-".join(re.findall(r"[a-z0-9]+", phrases.key(text).lower())[:6])[:40].strip("-") or "line"
    rid, n = base, 2
    while rid in taken:
        rid, n = f"{base}-{n}", n + 1
    taken.add(rid)
    return rid


@dataclass(frozen=True)
class Draft:
    """The rules learned for one outlet."""

    outlet: str
    documents: int
    drops: tuple[Learned, ...]
    cut: Learned | None
    signatures: tuple[Learned, ...]
    domains: tuple[str, ...] = ()


_FOLLOW = re.compile(r"^Follow [A-Z].{0,60} on (?:Twitter|X|Facebook|Instagram)\b")


def carries_metadata(text: str) -> bool:
    """A date line or a byline: the generic heuristics take it and keep what it says (published,
    authors), which a drop rule, running first, would lose."""
    return (dates.is_dateline(text) or guess_category(text) == "byline" or _FOLLOW.match(text) is not None)


def draft(group: Group, outlet: str, domains: Iterable[str] = ()) -> Draft:
    """Drop rules for the recurring lines (not those that carry metadata), a cut at the earliest
    line after which all recurs, signatures."""
    rec = [r for r in group.recurring() if not carries_metadata(r.example)]
    cuts = group.cut_markers(rec)
    cut = None
    if cuts:  # the best-supported marker, and of those the one that stands earliest (most of the tail)
        first_pos: dict[str, list[float]] = {}
        for seq in group.sequences:
            seen: set[str] = set()
            for pos, k in enumerate(seq):
                if k not in seen:
                    seen.add(k)
                    first_pos.setdefault(k, []).append(pos / max(1, len(seq)))
        cut = min(cuts, key=lambda c: (-c.support, sum(first_pos[c.key]) / len(first_pos[c.key]), c.key))
    after_cut: set[str] = set()
    if cut is not None:
        for seq in group.sequences:
            if cut.key in seq:
                after_cut |= set(seq[seq.index(cut.key):])
    drops = tuple(r for r in rec if r.key not in after_cut)
    specific = [r for r in rec if words(r.example) >= 3 and r.support >= CUT_SHARE * group.documents]
    signatures = tuple(sorted(specific, key=lambda r: (-r.support, -len(r.example), r.key))[:SIGNATURES])
    return Draft(outlet, group.documents, drops, cut, signatures, tuple(sorted(set(domains))))


def _toml_str(s: str) -> str:
    """A TOML literal string when it can be one (regex backslashes stay as they are), else basic."""
    if "'" not in s and "\n" not in s:
        return f"'{s}'"
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(d: Draft) -> str:
    """The draft as a rule file, each rule with its support as a comment, for a person to review."""
    n = d.documents
    key = re.sub(r"[^a-z0-9]+", "-", d.outlet.lower()).strip("-") or "outlet"
    out = [f"# Drafted by `cleaner learn` from {n} documents of {d.outlet}: review before use.",
           "# Each rule says in how many of the documents its line was seen.",
           "schema = 1", f"name = {_toml_str(d.outlet)}",
           f"domains = [{', '.join(_toml_str(x) for x in d.domains)}]"]
    sigs = [key_pattern(s.key) for s in d.signatures]
    out.append(f"signatures = [{', '.join(_toml_str(s) for s in sigs)}]")
    taken: set[str] = set()
    for r in d.drops:
        out += ["", f"# seen in {r.support} of {n} pages: {r.example[:80]}", "[[drop]]", f'id = "{slug(r.example, taken)}"',
                f'category = "{guess_category(r.example)}"', f"pattern = {_toml_str(key_pattern(r.key))}",
                f'reason = "recurs across {key} pages ({r.support} of {n})"']
    if d.cut is not None:
        r = d.cut
        out += ["", f"# seen in {r.support} of {n} pages, and everything after it recurs too: {r.example[:80]}",
                "[[cut]]", f'id = "{slug(r.example, taken)}"', f'category = "{guess_category(r.example)}"',
                f"pattern = {_toml_str(key_pattern(r.key))}",
                f'reason = "start of the boilerplate that closes {key} pages ({r.support} of {n})"']
    return "\n".join(out) + "\n"


def as_outlet(d: Draft, group_key: str) -> Outlet:
    """The draft as rules to apply at once (clean --learn): rule ids learned/<group>/<id>."""
    import regex

    taken: set[str] = set()
    mk = lambda r: LineRule(  # noqa: E731
        Label(f"learned/{group_key}/{slug(r.example, taken)}", guess_category(r.example),
              f"recurs across the group's documents ({r.support} of {d.documents})"),
        regex.compile(key_pattern(r.key), regex.VERSION0))
    return Outlet(f"learned/{group_key}", d.outlet, "<learned>", (), (), tuple(mk(r) for r in d.drops),
                  (mk(d.cut),) if d.cut else (), (), frozenset())


MAX_GROUP_DOCS = 1000  # a group learns from its first this many documents: enough, and memory stays bounded


def text_and_group(cleaner: "Cleaner", doc: "Document") -> tuple[str, str | None]:
    """The text the line stage would see, and the document's group (as Cleaner.clean computes it)."""
    from .pipeline import group_of

    if doc.html is not None:
        page = cleaner.read_page(doc.html, doc.url)
        return page.text, group_of(doc.url or page.meta.canonical_url, page.outlet)
    return doc.text, group_of(doc.url, cleaner.rules.detect(doc.url, doc.text))


def learn_groups(cleaner: "Cleaner", docs: Iterable["Document"]) -> dict[str, Group]:
    """First pass of clean --learn: line statistics per group."""
    groups: dict[str, Group] = {}
    for doc in docs:
        try:
            text, key = text_and_group(cleaner, doc)
        except Exception:  # an unreadable document is reported by the cleaning pass
            continue
        if key is None:
            continue
        group = groups.setdefault(key, Group())
        if group.documents < MAX_GROUP_DOCS:
            group.add(text)
    return groups


def learned_outlets(groups: dict[str, Group]) -> dict[str, Outlet]:
    """Rules per group big enough to learn from (MIN_DOCS), as outlets the Cleaner applies."""
    out = {}
    for key in sorted(groups):
        g = groups[key]
        if g.documents >= MIN_DOCS:
            d = draft(g, key)
            if d.drops or d.cut:
                out[key] = as_outlet(d, key)
    return out
