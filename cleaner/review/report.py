"""A batch's review report, read as a stream from `clean --explain` JSONL: totals, removals per category and rule as charts, outlets, and the documents worth a look."""
from __future__ import annotations

import heapq
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .style import category_class, chip, esc, legend, page
from .svg import Bar, bar_chart

TOP_DOCS = 25  # documents per "worth a look" list
MAX_ERRORS = 200  # error records (and unreadable lines) listed one by one; the rest are counted
CHART_RULES = 30  # rules drawn in the chart; all rules are in the table beneath it
OUTLET_RULES = 50  # rules listed per outlet, most hits first
MAX_SPANS = 60  # removed spans shown per listed document
SPAN_CHARS = 400  # characters shown of one removed span
KEPT_CHARS = 1200  # characters shown of a listed document's kept text
NO_OUTLET = "(no outlet recognised)"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


@dataclass(frozen=True, slots=True)
class DocDetail:
    """What a listed document's review section shows: a bounded excerpt of its record."""

    index: int  # line number in the batch file: its anchor
    id: str
    source: str
    outlet: str | None
    words_kept: int
    words_removed: int
    spans: int
    removed: tuple[dict[str, Any], ...]  # at most MAX_SPANS, texts clipped
    kept: str  # the first KEPT_CHARS of the text
    error: str | None = None

    @property
    def anchor(self) -> str:
        return f"doc-{self.index}"


def _detail(index: int, record: dict[str, Any], words_kept: int, words_removed: int, removed: list[dict[str, Any]]) -> DocDetail:
    spans = tuple({"rule": str(r.get("rule", "")), "category": str(r.get("category", "")), "reason": str(r.get("reason", "")),
                   "stage": str(r.get("stage", "text")), "lines": r.get("lines") or [0, 0],
                   "text": _clip(str(r.get("text", "")), SPAN_CHARS)} for r in removed[:MAX_SPANS])
    return DocDetail(index, str(record.get("id", index)), str(record.get("source", "")), record.get("outlet") or None,
                     words_kept, words_removed, len(removed), spans, _clip(str(record.get("text") or ""), KEPT_CHARS),
                     str(record["error"]) if "error" in record else None)


class _Top:
    """The n documents with the highest score, kept in a bounded heap (ties: the earlier document)."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.heap: list[tuple[int, int, DocDetail]] = []

    def wants(self, score: int, index: int) -> bool:
        return len(self.heap) < self.n or (score, -index) > self.heap[0][:2]

    def add(self, score: int, index: int, detail: DocDetail) -> None:
        item = (score, -index, detail)
        if len(self.heap) < self.n:
            heapq.heappush(self.heap, item)
        else:
            heapq.heappushpop(self.heap, item)

    def best_first(self) -> list[DocDetail]:
        return [d for _, _, d in sorted(self.heap, key=lambda t: (-t[0], -t[1]))]


@dataclass
class BatchTally:
    """Per-batch aggregates and the bounded lists of documents worth a look; fed one record at a time."""

    top: int = TOP_DOCS
    documents: int = 0
    cleaned: int = 0
    empty: int = 0  # cleaned documents that kept no words
    words_kept: int = 0
    words_removed: int = 0
    spans: int = 0
    by_category: Counter = field(default_factory=Counter)
    by_rule: Counter = field(default_factory=Counter)
    rule_category: dict[str, str] = field(default_factory=dict)
    outlet_docs: Counter = field(default_factory=Counter)
    outlet_rules: defaultdict = field(default_factory=lambda: defaultdict(Counter))
    errors: list[DocDetail] = field(default_factory=list)
    error_count: int = 0
    unreadable: list[tuple[int, str]] = field(default_factory=list)
    unreadable_count: int = 0

    def __post_init__(self) -> None:
        self.fewest_kept = _Top(self.top)  # score: -words kept
        self.most_removed = _Top(self.top)  # score: words removed

    def add_line(self, index: int, line: str) -> None:
        """One line of the batch file: a record, an error record, or an unreadable line (counted, never fatal)."""
        if not line.strip():
            return
        try:
            record = json.loads(line)
        except ValueError as e:
            return self._unreadable(index, f"not valid JSON ({e})")
        if not isinstance(record, dict):
            return self._unreadable(index, "not a JSON object")
        self.add(index, record)

    def _unreadable(self, index: int, problem: str) -> None:
        self.unreadable_count += 1
        if len(self.unreadable) < MAX_ERRORS:
            self.unreadable.append((index, problem))

    def add(self, index: int, record: dict[str, Any]) -> None:
        self.documents += 1
        if "error" in record:
            self.error_count += 1
            if len(self.errors) < MAX_ERRORS:
                self.errors.append(_detail(index, record, 0, 0, []))
            return
        self.cleaned += 1
        removed = [r for r in record.get("removed") or [] if isinstance(r, dict)]
        text = record.get("text") or ""
        kept = record["word_count"] if isinstance(record.get("word_count"), int) else len(str(text).split())
        gone = sum(len(str(r.get("text", "")).split()) for r in removed)
        self.words_kept += kept
        self.words_removed += gone
        self.spans += len(removed)
        self.empty += kept == 0
        outlet = record.get("outlet") or NO_OUTLET
        self.outlet_docs[outlet] += 1
        hits = self.outlet_rules[outlet]
        for r in removed:
            rule, category = str(r.get("rule", "")), str(r.get("category", ""))
            self.by_rule[rule] += 1
            self.by_category[category] += 1
            self.rule_category.setdefault(rule, category)
            hits[rule] += 1
        for top, score in ((self.fewest_kept, -kept), (self.most_removed, gone if gone else None)):
            if score is not None and top.wants(score, index):
                top.add(score, index, _detail(index, record, kept, gone, removed))


def tally(lines: Iterable[str], top: int = TOP_DOCS) -> BatchTally:
    """Read a `clean --explain` JSONL stream line by line (line numbers from 1)."""
    t = BatchTally(top=top)
    for index, line in enumerate(lines, 1):
        t.add_line(index, line)
    return t


def load_stats(path: Path) -> dict[str, Any]:
    """A `clean --stats` JSON file; ValueError naming the file and the problem when it is not one."""
    try:
        stats = json.loads(path.read_text("utf-8"))
    except ValueError as e:
        raise ValueError(f"{path}: not a JSON stats file ({e})") from None
    if not isinstance(stats, dict):
        raise ValueError(f"{path}: not a JSON stats file (expected an object)")
    never = stats.get("rules_never_fired", [])
    if not isinstance(never, list) or not all(isinstance(r, str) for r in never):
        raise ValueError(f"{path}: rules_never_fired should be a list of rule ids")
    return stats


# ---- rendering ---------------------------------------------------------------------------------

def _doc_link(d: DocDetail) -> str:
    return f'<a href="#{d.anchor}">{esc(d.id)}</a>'


def _doc_table(docs: list[DocDetail], empty: str) -> str:
    if not docs:
        return f'<p class="muted">{esc(empty)}</p>'
    rows = "".join(
        f'<tr><td class="num">{i}</td><td>{_doc_link(d)}</td><td>{esc(d.outlet or "")}</td>'
        f'<td class="num">{d.words_kept:,}</td><td class="num">{d.words_removed:,}</td><td class="num">{d.spans:,}</td></tr>'
        for i, d in enumerate(docs, 1))
    return ('<table><thead><tr><th class="num">#</th><th>document</th><th>outlet</th><th class="num">words kept</th>'
            f'<th class="num">words removed</th><th class="num">spans</th></tr></thead><tbody>{rows}</tbody></table>')


def _error_table(t: BatchTally) -> str:
    if not t.error_count:
        return '<p class="muted">No error records.</p>'
    rows = "".join(f'<tr><td>{_doc_link(d)}</td><td>{esc(d.source)}</td><td class="err">{esc(_clip(d.error or "", 300))}</td></tr>'
                   for d in t.errors)
    more = (f'<p class="muted">and {t.error_count - len(t.errors):,} more error records (not listed)</p>'
            if t.error_count > len(t.errors) else "")
    table = f'<table><thead><tr><th>document</th><th>source</th><th>error</th></tr></thead><tbody>{rows}</tbody></table>{more}'
    return _collapsed(table, f"{t.error_count:,} error records", len(t.errors) > 10)


def _collapsed(inner: str, summary: str, collapse: bool) -> str:
    return f'<details class="more"{"" if collapse else " open"}><summary>{esc(summary)}</summary>{inner}</details>'


def _spans_list(d: DocDetail) -> str:
    items = []
    for r in d.removed:
        lines = r["lines"] if isinstance(r["lines"], list) and len(r["lines"]) == 2 else [0, 0]
        where = f"line {lines[0]}" if lines[0] == lines[1] else f"lines {lines[0]}\u2013{lines[1]}"
        where = ("page " if r["stage"] == "html" else "") + where
        items.append(f'<li>{chip(r["rule"], r["category"], r["reason"], stage=r["stage"])} '
                     f'<span class="muted">{esc(where)}</span> <del>{esc(r["text"])}</del></li>')
    more = f'<p class="muted">and {d.spans - len(d.removed):,} more spans</p>' if d.spans > len(d.removed) else ""
    return f'<ol class="spans">{"".join(items)}</ol>{more}'


def _doc_section(d: DocDetail) -> str:
    head = f'<section class="doc" id="{d.anchor}"><h3>{esc(d.id)}</h3><p class="muted">{esc(d.source)}'
    if d.error is not None:
        return head + f'</p><p class="err">{esc(d.error)}</p></section>'
    dot = " \u00b7 "
    outlet = dot + esc(d.outlet) if d.outlet else ""
    spans = (_collapsed(_spans_list(d), f"removed spans ({d.spans:,})", d.spans > 12) if d.spans
             else '<p class="muted">Nothing removed.</p>')
    return (head + f"{outlet}{dot}kept {d.words_kept:,} words{dot}removed {d.words_removed:,} words in {d.spans:,} spans</p>"
            + spans + _collapsed(f'<pre class="kept">{esc(d.kept) or "(no text kept)"}</pre>', "kept text (start)", True)
            + "</section>")


def _rules_section(t: BatchTally) -> str:
    ranked = t.by_rule.most_common()
    bars = [Bar(rule, n, category_class(t.rule_category.get(rule, ""))) for rule, n in ranked[:CHART_RULES]]
    shown = f"the {len(bars)} most frequent of {len(ranked):,} rules" if len(ranked) > len(bars) else f"all {len(ranked):,} rules"
    rows = "".join(f'<tr><td><code>{esc(rule)}</code></td><td>{esc(t.rule_category.get(rule, ""))}</td><td class="num">{n:,}</td></tr>'
                   for rule, n in ranked)
    table = f'<table><thead><tr><th>rule</th><th>category</th><th class="num">spans</th></tr></thead><tbody>{rows}</tbody></table>'
    return (f'<section id="rules"><h2>Removals per rule</h2><p class="sub">Chart: {shown}; bars coloured by the rule\'s category.</p>'
            + bar_chart(bars, "removed spans per rule") + _collapsed(table, f"every rule that fired ({len(ranked):,})", True)
            + "</section>")


def _outlets_section(t: BatchTally, stats: dict[str, Any] | None) -> str:
    rows = []
    for outlet, docs in sorted(t.outlet_docs.items(), key=lambda kv: (-kv[1], kv[0])):
        hits = t.outlet_rules[outlet]
        top = ", ".join(f"{rule} {n:,}" for rule, n in hits.most_common(3))
        detail = "".join(f'<tr><td><code>{esc(rule)}</code></td><td class="num">{n:,}</td></tr>' for rule, n in hits.most_common(OUTLET_RULES))
        if len(hits) > OUTLET_RULES:
            detail += f'<tr><td class="muted">and {len(hits) - OUTLET_RULES:,} more rules</td><td></td></tr>'
        cell = (_collapsed(f"<table>{detail}</table>", f"{len(hits):,} rules: {top}", True) if hits
                else '<span class="muted">no rule fired</span>')
        rows.append(f'<tr><td>{esc(outlet)}</td><td class="num">{docs:,}</td><td class="num">{sum(hits.values()):,}</td><td>{cell}</td></tr>')
    table = ('<table><thead><tr><th>outlet</th><th class="num">documents</th><th class="num">rule hits</th><th>rules (hits)</th></tr>'
             f'</thead><tbody>{"".join(rows)}</tbody></table>')
    if stats is None:
        never = '<p class="muted">Rules that never fired: pass <code>--stats</code> (from <code>cleaner clean --stats</code>) to list them.</p>'
    else:
        ids = stats.get("rules_never_fired", [])
        groups: dict[str, list[str]] = defaultdict(list)
        for rid in ids:
            groups[rid.split("/", 1)[0] if "/" in rid else ""].append(rid)
        items = "".join(f'<li><b>{esc(g or "(no outlet)")}</b> ({len(r)}): ' + ", ".join(f"<code>{esc(x)}</code>" for x in r) + "</li>"
                        for g, r in sorted(groups.items()))
        never = (f'<h3 id="never-fired">Outlet rules that never fired ({len(ids):,})</h3>'
                 '<p class="sub">A rule that never fires on a batch of its outlet may mean the site changed its layout.</p>'
                 + (_collapsed(f"<ul>{items}</ul>", f"{len(ids):,} rules in {len(groups):,} outlets", len(ids) > 30)
                    if ids else '<p class="muted">Every outlet rule fired at least once.</p>'))
    return f'<section id="outlets"><h2>Outlets seen</h2>{table}{never}</section>'


def render(lines: Iterable[str], stats: dict[str, Any] | None = None, source: str = "batch", top: int = TOP_DOCS) -> str:
    """The whole report page for a `clean --explain` JSONL stream (and optionally its `--stats` JSON)."""
    t = tally(lines, top)
    return render_tally(t, stats, source)


def render_tally(t: BatchTally, stats: dict[str, Any] | None, source: str) -> str:
    fewest, most = t.fewest_kept.best_first(), t.most_removed.best_first()
    listed = {d.index: d for d in (*fewest, *most, *t.errors)}
    figures = [("documents", t.documents), ("cleaned", t.cleaned), ("error records", t.error_count),
               ("words kept", t.words_kept), ("words in removed spans", t.words_removed), ("spans removed", t.spans),
               ("kept no text", t.empty)]
    if t.unreadable_count:
        figures.append(("unreadable lines", t.unreadable_count))
    share = t.words_removed / (t.words_kept + t.words_removed) if t.words_kept + t.words_removed else 0.0
    run = ""
    if stats and isinstance(stats.get("seconds"), (int, float)):
        run = f'<p class="sub">The run: {esc(stats.get("documents", "?"))} documents in {stats["seconds"]:.1f} s.'
        if stats.get("documents") != t.documents:
            run += f' The stats file counts {esc(stats.get("documents"))} documents and this batch {t.documents:,}: from another run?'
        run += "</p>"
    cats = sorted(t.by_category.items(), key=lambda kv: (-kv[1], kv[0]))
    unreadable = ""
    if t.unreadable_count:
        rows = "".join(f'<tr><td class="num">{i:,}</td><td class="err">{esc(_clip(p, 300))}</td></tr>' for i, p in t.unreadable)
        unreadable = ('<h3 id="unreadable">Lines that are not records</h3>' + _collapsed(
            f'<table><thead><tr><th class="num">line</th><th>problem</th></tr></thead><tbody>{rows}</tbody></table>',
            f"{t.unreadable_count:,} lines", t.unreadable_count > 10))
    body = (
        f'<header><h1>Batch report: {esc(source)}</h1>'
        '<ul class="figures">' + "".join(f"<li><b>{n:,}</b>{esc(label)}</li>" for label, n in figures) + "</ul>"
        f'<p class="sub">{share:.1%} of the words read were removed.</p>{run}'
        '<nav class="toc"><a href="#categories">categories</a><a href="#rules">rules</a><a href="#outlets">outlets</a>'
        '<a href="#look">worth a look</a><a href="#documents">document sections</a></nav></header>'
        '<section id="categories"><h2>Removals per category</h2>'
        + legend([c for c, _ in cats])
        + bar_chart([Bar(c, n, category_class(c)) for c, n in cats], "removed spans per category") + "</section>"
        + _rules_section(t) + _outlets_section(t, stats)
        + '<section id="look"><h2>Documents worth a look</h2>'
        f'<h3 id="fewest-kept">Fewest words kept ({len(fewest)})</h3>'
        + _collapsed(_doc_table(fewest, "No cleaned documents."), f"{len(fewest)} documents", False)
        + f'<h3 id="most-removed">Most words removed ({len(most)})</h3>'
        + _collapsed(_doc_table(most, "Nothing was removed."), f"{len(most)} documents", False)
        + '<h3 id="errors">Error records</h3>' + _error_table(t) + unreadable + "</section>"
        + f'<section id="documents"><h2>Document sections ({len(listed):,})</h2>'
        '<p class="sub">Each document listed above, with its removed spans.</p>'
        + "".join(_doc_section(listed[i]) for i in sorted(listed)) + "</section>"
    )
    return page(f"cleaner report: {esc(source)}", body)
