"""Horizontal bar charts as inline SVG, drawn from (label, value, CSS class) rows: no charting library, no script."""
from __future__ import annotations

from typing import NamedTuple

from .style import esc

ROW = 20  # px per bar
LABEL_CHARS = 34  # longer labels are shortened; the full label is in the bar's tooltip


class Bar(NamedTuple):
    label: str
    value: int
    css_class: str = ""


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "\u2026"


def bar_chart(bars: list[Bar], title: str, width: int = 760, label_width: int = 250) -> str:
    """One SVG: a labelled bar per row, scaled to the largest value, with the value written after the bar."""
    if not bars:
        return '<p class="muted">none</p>'
    top = max(b.value for b in bars) or 1
    value_width = 70
    span = width - label_width - value_width
    height = ROW * len(bars) + 4
    rows = []
    for i, b in enumerate(bars):
        y = 2 + i * ROW
        w = max(1.0, span * b.value / top) if b.value else 0.0
        rows.append(
            f'<g class="row"><title>{esc(b.label)}: {b.value}</title>'
            f'<text x="{label_width - 6}" y="{y + 14}" text-anchor="end">{esc(_short(b.label))}</text>'
            f'<rect class="track" x="{label_width}" y="{y + 2}" width="{span}" height="{ROW - 5}"/>'
            f'<rect class="bar {esc(b.css_class)}" data-label="{esc(b.label)}" data-value="{b.value}" '
            f'x="{label_width}" y="{y + 2}" width="{w:.1f}" height="{ROW - 5}"/>'
            f'<text x="{label_width + w + 5:.1f}" y="{y + 14}">{b.value:,}</text></g>')
    return (f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" aria-label="{esc(title)}"><title>{esc(title)}</title>'
            + "".join(rows) + "</svg>")
