"""Order the stages: segment, detect the outlet, outlet rules, generic heuristics, metadata, Article."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import compress, repeat
from operator import attrgetter, is_, is_not
from typing import TYPE_CHECKING, Any, Mapping, Sequence
from urllib.parse import urlsplit

from . import dates, inline, lines, metadata, mojibake, phrases
from .config import Config
from .heuristics import DETECTORS, Detector, View, check_disable
from .html.choose import choose
from .heuristics.features import Features
from .log import logger
from .model import Article, Label, Removal, Unit
from .rules import PATTERN_TIMEOUT, Outlet, PatternTimeout, RuleSet

if TYPE_CHECKING:  # the HTML stage (lxml, trafilatura) is imported when a page is read, not for text
    from .html.pagemeta import PageMeta


_TEXT = attrgetter("text")  # a Unit's text, read in C


def group_of(url: str | None, outlet: Outlet | None) -> str | None:
    """Which documents learn together (clean --learn): those of one URL host, else of one outlet."""
    if url:
        host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower().removeprefix("www.")
        if host:
            return host
    return outlet.key if outlet is not None else None


class PatternGuard:
    """Searches with a rule's pattern under the per-pattern timeout; a rule that times out is
    skipped for the rest of the document, and the event is kept as a warning."""

    def __init__(self) -> None:
        self.dead: set[str] = set()
        self.warnings: list[str] = []

    def search(self, rule: str, pattern: Any, unit: Unit) -> Any:
        if rule in self.dead:
            return None
        try:
            return pattern.search(unit.text, timeout=PATTERN_TIMEOUT)
        except TimeoutError:
            self.dead.add(rule)
            self.warnings.append(str(PatternTimeout(rule, unit.lineno)))
            return None


def apply_outlet(outlet: Outlet, units: Sequence[Unit], labels: list[Label | None], found: dict[str, list[str]],
                 guard: PatternGuard | None = None) -> None:
    """The outlet's declarative rules: metadata captures, line drops, then cut-to-end markers."""
    guard = guard or PatternGuard()
    for field, pattern in outlet.metadata:
        rid = f"{outlet.key}/metadata.{field}"
        for u in units:
            m = guard.search(rid, pattern, u)
            if m:
                value = m.group(field) if field in pattern.groupindex else m.group(1) if pattern.groups else m.group(0)
                found[field].append(value)
                if field not in ("authors", "credits"):
                    break
    for i, u in enumerate(units):
        if labels[i] is None:
            for rule in outlet.drops:
                if guard.search(rule.label.rule, rule.pattern, u):
                    labels[i] = rule.label
                    break
    for rule in outlet.cuts:
        start = next((i for i, u in enumerate(units) if guard.search(rule.label.rule, rule.pattern, u)), None)
        if start is not None:
            for i in range(start, len(units)):
                if labels[i] is None:
                    labels[i] = rule.label


def run_generic(config: Config, outlet: Outlet | None, units: Sequence[Unit], labels: list[Label | None], found: dict[str, list[str]],
                features: Features | None = None) -> None:
    """Each enabled detector in order; a hit labels a unit only if no earlier rule took it.
    features: the units' Features, where the caller made them (made here otherwise)."""
    off = outlet.disable if outlet else frozenset()
    allowed: dict[str, bool] = {}  # rule id -> may it take units (asked once per rule, not per hit)
    view: View | None = None  # one view for all detectors, remade when the metadata found grows
    for detect in _detectors(config, frozenset(off), tuple(DETECTORS.items())):
        if view is None:
            view = View(units, labels, {k: tuple(v) for k, v in found.items()}, features)  # type: ignore[arg-type]
            features = view.features
        for hit in detect(view):
            rule = hit.label.rule
            if rule not in allowed:
                allowed[rule] = config.enabled(rule) and rule.removeprefix("generic/") not in off
            if labels[hit.index] is not None or not allowed[rule]:
                continue
            labels[hit.index] = hit.label
            for key, value in hit.meta:
                found[key].append(value)
                view = None


@lru_cache(maxsize=256)
def _detectors(config: Config, off: frozenset[str], detectors: tuple[tuple[str, Detector], ...]) -> tuple[Detector, ...]:
    """Those of detectors (DETECTORS' items, in order) that config enables and an outlet's rules (off) do not switch off."""
    return tuple(detect for name, detect in detectors if config.enabled(name) and name not in off)


def removals(units: Sequence[Unit], labels: Sequence[Label | None]) -> tuple[Removal, ...]:
    """Consecutive units taken by the same rule, as one Removal each."""
    n = min(len(units), len(labels))
    if not n:
        return ()
    labels = labels[:n]
    out: list[Removal] = []
    # where the label changes: found by identity in C (each rule has one Label), then confirmed by
    # equality only there (an outlet built by hand may hold equal Labels that are separate objects)
    changed = compress(range(1, n), map(is_not, labels[1:], labels[:-1]))
    starts = [0, *(i for i in changed if labels[i] != labels[i - 1])]
    ends = [*starts[1:], n]
    for start, end in zip(starts, ends):
        label = labels[start]
        if label is not None:
            out.append(Removal(label.rule, label.category, label.reason, units[start].lineno, units[end - 1].last_line,
                               "\n".join(map(_TEXT, units[start:end]))))
    return tuple(out)


@dataclass(frozen=True)
class PageResult:
    """What the HTML stage made of a page: its metadata, outlet, stripped elements and extracted text."""

    meta: PageMeta
    outlet: Outlet | None
    removed: tuple[Removal, ...]
    text: str
    encoding: str
    chosen: str = ""  # which extractor's candidate the text is, and why (html.extract.candidates, html.choose.choose)
    warnings: tuple[str, ...] = ()  # e.g. a text signature that timed out while the outlet was looked for


def merge_page(article: Article, meta: PageMeta, outlet: Outlet | None, html_removed: Sequence[Removal]) -> Article:
    """The page's structured metadata wins over what the text stage guessed; the text fills the gaps."""
    sources = {k: v for k, v in article.sources.items()}
    values: dict[str, Any] = {}
    for name in ("title", "description", "authors", "published", "modified"):
        if name in meta.sources:
            values[name] = getattr(meta, name)
            sources[name] = meta.sources[name]
    for name in ("section", "tags", "language", "canonical_url", "image"):
        values[name] = getattr(meta, name)
        if name in meta.sources:
            sources[name] = meta.sources[name]
    agencies = phrases.mapping("agencies")
    if "authors" in values:  # a wire agency named as the author is the agency, not a person
        wire = [a for a in values["authors"] if phrases.key(a) in agencies]
        values["authors"] = tuple(a for a in values["authors"] if a not in wire)
        if wire and not article.agency:
            values["agency"] = agencies[phrases.key(wire[0])]
            sources["agency"] = meta.sources["authors"]
        if not values["authors"]:
            del values["authors"]
            sources.pop("authors", None)
    if meta.agency and not article.agency and "agency" not in values:  # the page names a wire service as publisher
        values["agency"] = meta.agency
        sources["agency"] = meta.sources.get("agency", "meta")
    if outlet is None and meta.outlet:
        values["outlet"] = meta.outlet
        sources["outlet"] = meta.sources["outlet"]
    removed = (*html_removed, *article.removed)
    return replace(article, sources=sources, removed=removed, **values)


class Cleaner:
    """Built once from a Config (rules loaded once); clean() is safe to call from many threads."""

    def __init__(self, config: Config | None = None, rules: RuleSet | None = None,
                 learned: Mapping[str, Outlet] | None = None) -> None:
        self.config = config or Config()
        check_disable(self.config.disable, "Config.disable")
        self.rules = rules if rules is not None else RuleSet.load(self.config.rules_dirs, self.config.builtin_rules)
        # rules learned from a batch (clean --learn), by group (URL host, else outlet); they run
        # after the generic heuristics and take only what those left
        self.learned = dict(learned or {})

    def clean(self, text: str, url: str | None = None, *, id: str | None = None, source: str | None = None,
              extra: Mapping[str, Any] | None = None, outlet: Outlet | None = None,
              page_title: str | None = None, detect_outlet: bool = True) -> Article:
        """Clean scraped article text into an Article (body, metadata, removals).

        page_title: the title the page itself gives (HTML input); the text stage
        then removes that line instead of guessing which line is the headline.
        detect_outlet: look for the outlet when none is given (off when the caller already did).
        """
        if not isinstance(text, str):
            raise TypeError(f"Cleaner.clean: the text must be a str, not {type(text).__name__} "
                            "(cleaner.clean also takes bytes, decoded as a .txt file is)")
        repaired = self.config.enabled(mojibake.MOJIBAKE.rule) and mojibake.is_double_encoded(text)
        if repaired:  # (before anything reads the text: its lines stay the input's lines)
            text = mojibake.repair_runs(text)
            page_title = page_title and mojibake.repair_runs(page_title)
        glued: list[Removal] = []
        if self.config.enabled(inline.HOVER_CARD.rule):
            text, glued = inline.cut_hover_cards(text)
        units = lines.segment(text)
        features = Features(units)  # facts about the units that the outlet lookup and the detectors share
        guard = PatternGuard()
        if outlet is None and detect_outlet:
            outlet = self.rules.detect(url, "\n".join(features.texts), features.folded_text, guard.warnings)
        labels: list[Label | None] = [None] * len(units)
        found: dict[str, list[str]] = defaultdict(list)
        if page_title:
            found["page_title"].append(page_title)
        if outlet is not None:
            apply_outlet(outlet, units, labels, found, guard)
        run_generic(self.config, outlet, units, labels, found, features)
        learned = self.learned.get(group_of(url, outlet) or "") if self.learned else None
        if learned is not None:
            apply_outlet(learned, units, labels, found, guard)
        paragraphs = list(compress(map(_TEXT, units), map(is_, labels, repeat(None))))
        for warning in guard.warnings:  # also in Article.warnings; logged so that a pipeline can route it
            logger.warning("%s: %s", source or id or "document", warning)
        meta = metadata.fields(found, paragraphs)
        return Article(
            id=id, source=source, url=url,
            text="\n\n".join(paragraphs),
            outlet=outlet.name if outlet else None,
            removed=tuple(sorted((*glued, *removals(units, labels)), key=lambda r: r.start_line)),
            extra=dict(extra or {}),
            sources={k: "text" for k, v in meta.items() if v} | ({"outlet": "outlet-rule"} if outlet else {}),
            warnings=(*((mojibake.WARNING,) if repaired else ()), *guard.warnings),
            **meta,  # type: ignore[arg-type]
        )

    def read_page(self, html: bytes | str, url: str | None = None) -> PageResult:
        """The HTML stage: decode, parse, page metadata, outlet, the outlet's strips, then the main content: the
        extractors' candidates (html.extract.candidates), one chosen by how it reads (html.choose.choose)."""
        from .html import extract
        from .html.decode import decode
        from .html.metadata import read_metadata
        from .html.parse import parse

        if isinstance(html, (bytearray, memoryview)):
            html = bytes(html)
        elif not isinstance(html, (str, bytes)):
            raise TypeError(f"Cleaner.read_page: the page must be bytes or a str, not {type(html).__name__}")
        text, encoding = decode(html)
        warnings: list[str] = []
        if self.config.enabled(mojibake.MOJIBAKE.rule) and mojibake.is_double_encoded(text):
            # (on the whole page, before the extractors: they drop the C1 controls Latin-1 makes of bytes
            # 80-9F, and what is left of a character then cannot be made right)
            text = mojibake.repair_runs(text)
            warnings.append(mojibake.WARNING)
        root = parse(text)
        meta = read_metadata(root, url)
        outlet = (self.rules.by_url(url) or self.rules.by_url(meta.canonical_url)
                  or self.rules.by_name(meta.site_name) or self.rules.by_name(meta.outlet))
        removed: list[Removal] = []
        if outlet is not None:
            read_outlet_metadata(root, outlet, meta)
            removed = extract.apply_strips(root, outlet)
        choice = choose(extract.candidates(root, outlet, url or meta.canonical_url), page_text=lambda: extract.page_text(root))
        if outlet is None:
            outlet = self.rules.by_signature(choice.text, warnings=warnings)
        return PageResult(meta, outlet, tuple(removed), choice.text, encoding, choice.reason, tuple(warnings))

    def clean_html(self, html: bytes | str, url: str | None = None, *, id: str | None = None,
                   source: str | None = None, extra: Mapping[str, Any] | None = None) -> Article:
        """Clean an HTML page (bytes in any encoding, or text) into an Article."""
        return self.clean_page(self.read_page(html, url), url, id=id, source=source, extra=extra)

    def clean_page(self, result: PageResult, url: str | None = None, *, id: str | None = None,
                   source: str | None = None, extra: Mapping[str, Any] | None = None) -> Article:
        """The text stage on what the HTML stage extracted, then the page's metadata merged in."""
        article = self.clean(result.text, url or result.meta.canonical_url, id=id, source=source, extra=extra,
                             outlet=result.outlet, page_title=result.meta.title,
                             detect_outlet=False)  # the HTML stage already looked (URL, page, text)
        article = replace(article, url=url, extraction=result.chosen or None,  # (each warning once: see mojibake)
                          warnings=tuple(dict.fromkeys((*result.warnings, *article.warnings))))
        return merge_page(article, result.meta, result.outlet,
                          result.removed)


def read_outlet_metadata(root: Any, outlet: Outlet, meta: PageMeta) -> None:
    """The outlet's [html.metadata] XPaths: they win over the page's generic metadata."""
    for name, xpath in outlet.html_metadata:
        values = [v for v in (_xpath_text(r) for r in xpath(root)) if v]
        if not values:
            continue
        if name in ("published", "modified"):
            value: Any = next((iso for v in values if (iso := dates.parse_date(v)) and dates.plausible(iso, meta.now)), None)
        elif name in ("authors", "tags"):
            value = tuple(dict.fromkeys(values))
        else:
            value = values[0]
        if value:
            meta.sources.pop(name, None)
            meta.set(name, value, "outlet-rule")


def _xpath_text(result: Any) -> str | None:
    text = result.text_content() if hasattr(result, "text_content") else str(result)
    return " ".join(text.split()) or None


_DEFAULT: Cleaner | None = None


def clean(text: str, url: str | None = None) -> Article:
    """Clean one article with the built-in rules (the Cleaner is built on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Cleaner()
    return _DEFAULT.clean(text, url)


def clean_html(html: bytes | str, url: str | None = None) -> Article:
    """Clean one HTML page with the built-in rules (the Cleaner is built on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Cleaner()
    return _DEFAULT.clean_html(html, url)
