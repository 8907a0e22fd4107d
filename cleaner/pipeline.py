"""Order the stages: segment, detect the outlet, outlet rules, generic heuristics, metadata, Article."""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Mapping, Sequence

from . import inline, lines, metadata
from .config import Config
from .heuristics import DETECTORS, View
from .model import Article, Label, Removal, Unit
from .rules import Outlet, RuleSet


def apply_outlet(outlet: Outlet, units: Sequence[Unit], labels: list[Label | None], found: dict[str, list[str]]) -> None:
    """The outlet's declarative rules: metadata captures, line drops, then cut-to-end markers."""
    for field, pattern in outlet.metadata:
        for u in units:
            m = pattern.search(u.text)
            if m:
                value = m.group(field) if field in pattern.groupindex else m.group(1) if pattern.groups else m.group(0)
                found[field].append(value)
                if field not in ("authors", "credits"):
                    break
    for i, u in enumerate(units):
        if labels[i] is None:
            for rule in outlet.drops:
                if rule.pattern.search(u.text):
                    labels[i] = rule.label
                    break
    for rule in outlet.cuts:
        start = next((i for i, u in enumerate(units) if rule.pattern.search(u.text)), None)
        if start is not None:
            for i in range(start, len(units)):
                if labels[i] is None:
                    labels[i] = rule.label


def run_generic(config: Config, outlet: Outlet | None, units: Sequence[Unit], labels: list[Label | None], found: dict[str, list[str]]) -> None:
    """Each enabled detector in order; a hit labels a unit only if no earlier rule took it."""
    off = outlet.disable if outlet else frozenset()
    for name, detect in DETECTORS.items():
        if not config.enabled(name) or name in off:
            continue
        view = View(units, labels, {k: tuple(v) for k, v in found.items()})
        for hit in detect(view):
            rule = hit.label.rule
            if labels[hit.index] is not None or not config.enabled(rule) or rule.removeprefix("generic/") in off:
                continue
            labels[hit.index] = hit.label
            for key, value in hit.meta:
                found[key].append(value)


def removals(units: Sequence[Unit], labels: Sequence[Label | None]) -> tuple[Removal, ...]:
    """Consecutive units taken by the same rule, as one Removal each."""
    out: list[Removal] = []
    group: list[Unit] = []
    group_label: Label | None = None

    def flush() -> None:
        if group and group_label is not None:
            out.append(Removal(group_label.rule, group_label.category, group_label.reason,
                               group[0].lineno, group[-1].last_line, "\n".join(u.text for u in group)))

    for u, lab in zip(units, labels):
        if lab is None or lab != group_label:
            flush()
            group, group_label = [], lab
        if lab is not None:
            group.append(u)
    flush()
    return tuple(out)


class Cleaner:
    """Built once from a Config (rules loaded once); clean() is safe to call from many threads."""

    def __init__(self, config: Config | None = None, rules: RuleSet | None = None) -> None:
        self.config = config or Config()
        self.rules = rules if rules is not None else RuleSet.load(self.config.rules_dirs, self.config.builtin_rules)

    def clean(self, text: str, url: str | None = None, *, id: str | None = None, source: str | None = None,
              extra: Mapping[str, Any] | None = None, outlet: Outlet | None = None) -> Article:
        """Clean scraped article text into an Article (body, metadata, removals)."""
        glued: list[Removal] = []
        if self.config.enabled(inline.HOVER_CARD.rule):
            text, glued = inline.cut_hover_cards(text)
        units = lines.segment(text)
        if outlet is None:
            outlet = self.rules.detect(url, "\n".join(u.text for u in units))
        labels: list[Label | None] = [None] * len(units)
        found: dict[str, list[str]] = defaultdict(list)
        if outlet is not None:
            apply_outlet(outlet, units, labels, found)
        run_generic(self.config, outlet, units, labels, found)
        paragraphs = [u.text for u, lab in zip(units, labels) if lab is None]
        meta = metadata.fields(found, paragraphs)
        return Article(
            id=id, source=source, url=url,
            text="\n\n".join(paragraphs),
            outlet=outlet.name if outlet else None,
            removed=tuple(sorted((*glued, *removals(units, labels)), key=lambda r: r.start_line)),
            extra=dict(extra or {}),
            **meta,  # type: ignore[arg-type]
        )


_DEFAULT: Cleaner | None = None


def clean(text: str, url: str | None = None) -> Article:
    """Clean one article with the built-in rules (the Cleaner is built on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Cleaner()
    return _DEFAULT.clean(text, url)
