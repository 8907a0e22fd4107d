"""One document's review page: its input line by line, removed lines struck through and labelled with rule and category, its metadata with sources."""
from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping
from typing import Any

from ..explain import as_read, line_rows, partly_kept
from ..model import Article, Removal
from .style import category_class, chip, esc, legend, page
from .svg import Bar, bar_chart

# (field, label) in the order the page lists them
METADATA_FIELDS = (
    ("title", "title"), ("description", "description"), ("authors", "authors"), ("published", "published"),
    ("modified", "modified"), ("outlet", "outlet"), ("agency", "agency"), ("credits", "credits"),
    ("section", "section"), ("tags", "tags"), ("language", "language"), ("canonical_url", "canonical URL"),
    ("image", "image"),
)


def _field_text(value: Any) -> str:
    if isinstance(value, (tuple, list)):
        return "; ".join(map(str, value))
    return "" if value is None else str(value)


def metadata_table(article: Article) -> str:
    """Every metadata field found, with where it came from (Article.sources); URLs are shown as text, never linked."""
    rows = []
    for name, label in METADATA_FIELDS:
        value = _field_text(getattr(article, name, None))
        if value:
            source = article.sources.get(name, "")
            rows.append(f'<tr data-field="{esc(name)}"><th>{esc(label)}</th><td>{esc(value)}</td>'
                        f'<td class="muted">{esc(source)}</td></tr>')
    if not rows:
        return '<p class="muted">No metadata found.</p>'
    return "<table><thead><tr><th>field</th><th>value</th><th>source</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"


def _value_html(value: Any, depth: int = 0) -> str:
    """Any plain value (text, number, mapping, sequence, dataclass) as escaped nested HTML."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    elif hasattr(value, "_asdict"):
        value = value._asdict()
    if isinstance(value, Mapping) and depth < 4:
        items = "".join(f"<tr><th>{esc(k)}</th><td>{_value_html(v, depth + 1)}</td></tr>" for k, v in value.items())
        return f"<table>{items}</table>"
    if isinstance(value, (list, tuple)) and depth < 4:
        return "<ol>" + "".join(f"<li>{_value_html(v, depth + 1)}</li>" for v in value) + "</ol>"
    return esc(value)


def selection_section(article: Article) -> str:
    """Which content candidate the HTML stage chose and why (Article.extraction; None for a text)."""
    selection = article.extraction
    if not selection:
        return ""
    return f'<section id="selection"><h2>Content candidate chosen</h2>{_value_html(selection)}</section>'


def _line_range(start: int, end: int) -> str:
    return f"line {start}" if start == end else f"lines {start}\u2013{end}"


def html_stage_section(removed: list[Removal]) -> str:
    """The elements the HTML stage stripped from the page, with their source lines."""
    if not removed:
        return ""
    items = "".join(
        f'<li data-rule="{esc(r.rule)}" data-line="{r.start_line}">{chip(r.rule, r.category, r.reason, r.start_line, r.stage)} '
        f'<span class="muted">page {_line_range(r.start_line, r.end_line)}</span> <del>{esc(r.text)}</del></li>'
        for r in removed)
    return (f'<section id="html-stage"><h2>Stripped from the page (HTML stage, before extraction)</h2>'
            f'<ol class="spans">{items}</ol></section>')


def _mark_removed(text: str, rules: list[Removal]) -> str:
    """A partly kept line with the removed pieces struck through, the rest plain; all of it escaped."""
    spans = []
    for r in rules:
        for piece in r.text.split("\n"):
            piece = piece.strip()
            at = text.find(piece) if piece else -1
            if at >= 0:
                spans.append((at, at + len(piece)))
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            start = pos
        if start >= end:
            continue
        out.append(esc(text[pos:start]) + f"<del>{esc(text[start:end])}</del>")
        pos = end
    return "".join(out) + esc(text[pos:])


def line_list(raw: str, removed: tuple[Removal, ...]) -> str:
    """Every non-blank input line: kept lines plain; removed ones greyed, struck through and labelled."""
    items = []
    for lineno, text, rules in line_rows(raw, removed):
        if not rules:
            items.append(f'<li id="L{lineno}" class="kept"><span class="no">{lineno}</span><div></div>'
                         f'<span class="text">{esc(text)}</span></li>')
            continue
        unique = list({(r.rule, r.start_line): r for r in rules}.values())
        chips = "".join(chip(r.rule, r.category, r.reason, lineno, r.stage) for r in unique)
        if partly_kept(text, rules):
            cls, body = "removed partly", _mark_removed(text, rules)
            chips += '<span class="chip kept"><span class="cat">+ kept</span></span>'
        else:
            cls, body = "removed", f"<del>{esc(text)}</del>"
        items.append(f'<li id="L{lineno}" class="{cls} {category_class(rules[0].category)}">'
                     f'<span class="no">{lineno}</span><div class="chips">{chips}</div>'
                     f'<span class="text">{body}</span></li>')
    return '<ol class="lines">' + "".join(items) + "</ol>"


def category_chart(removed: tuple[Removal, ...] | list[Removal], title: str) -> str:
    counts = Counter(r.category for r in removed)
    bars = [Bar(c, n, category_class(c)) for c, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return bar_chart(bars, title)


def render(article: Article, raw: str, source: str | None = None) -> str:
    """The whole review page of one document: `raw` is the text the text stage read (for a page, its extracted text)."""
    name = source or article.source or article.id or "document"
    page_removed = [r for r in article.removed if r.stage == "html"]
    text_removed = tuple(r for r in article.removed if r.stage != "html")
    categories = sorted({r.category for r in article.removed})
    removed_words = sum(len(r.text.split()) for r in article.removed)
    figures = (f'<ul class="figures"><li><b>{len(article.paragraphs):,}</b>paragraphs kept</li>'
               f'<li><b>{article.word_count:,}</b>words kept</li><li><b>{len(article.removed):,}</b>spans removed</li>'
               f'<li><b>{removed_words:,}</b>words in removed spans</li></ul>')
    title_line = f'<p class="sub">{esc(article.title)}</p>' if article.title else ""
    warnings = "".join(f'<p class="err">warning: {esc(w)}</p>' for w in article.warnings)
    body = (
        f'<header><h1>Review: {esc(name)}</h1>{title_line}{figures}{warnings}</header>'
        f'<section id="metadata"><h2>Metadata found</h2>{metadata_table(article)}</section>'
        + selection_section(article)
        + (f'<section id="categories"><h2>Removed spans per category</h2>{legend(categories)}'
           f'{category_chart(article.removed, "removed spans per category")}</section>' if article.removed else "")
        + html_stage_section(page_removed)
        + '<section id="lines"><h2>Text cleaned, line by line</h2>'
          '<p class="sub">Kept lines are plain; removed lines are struck through with their rule and category '
          '(click a label for the reason). For a page, this is the text extracted from it.</p>'
        + line_list(as_read(article, raw), text_removed) + "</section>"
    )
    return page(f"cleaner review: {esc(name)}", body)
