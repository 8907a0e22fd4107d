"""The shared look of review pages: the page shell with its Content-Security-Policy, the CSS, and one colour and border style per removal category."""
from __future__ import annotations

from functools import cache
from html import escape
from importlib.resources import files

from ..model import CATEGORIES

# Okabe-Ito: eight colours told apart with any common colour-vision deficiency.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999")
# the border (chip) and outline (chart bar) style repeats the category a second way, beside its written name
BORDERS = (("solid", "none"), ("dashed", "6 3"), ("dotted", "2 2"))
UNKNOWN_CLASS = "cat-other"

# No network, no script, no plugin, no form, no base: the page is inert whatever text it shows.
CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'none'; base-uri 'none'; form-action 'none'"


def esc(value: object) -> str:
    """Text for an element's content or a quoted attribute value: &, <, >, " and ' escaped."""
    return escape(str(value), quote=True)


def category_class(category: str) -> str:
    """The CSS class of a category in the vocabulary; one shared class for any other name."""
    return f"cat-{category}" if category in CATEGORIES else UNKNOWN_CLASS


def category_style(category: str) -> tuple[str, str, str]:
    """(colour, border style, chart dash pattern) of a category: distinct for each of the vocabulary."""
    if category not in CATEGORIES:
        return "#555555", "double", "1 3"
    i = list(CATEGORIES).index(category)
    border, dash = BORDERS[i // len(PALETTE) % len(BORDERS)]
    return PALETTE[i % len(PALETTE)], border, dash


@cache
def stylesheet() -> str:
    rules = []
    for category in (*CATEGORIES, None):
        colour, border, dash = category_style(category or "")
        cls = category_class(category) if category else UNKNOWN_CLASS
        rules.append(f".{cls}{{--c:{colour};--b:{border};--d:{dash}}}")
    return files(__package__).joinpath("review.css").read_text("utf-8") + "\n".join(rules) + "\n"


def page(title: str, body: str) -> str:
    """A whole self-contained HTML document: title and body given as HTML already escaped."""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n"
        "<meta name=\"referrer\" content=\"no-referrer\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{title}</title>\n<style>\n{stylesheet()}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def chip(rule: str, category: str, reason: str = "", line: int | None = None, stage: str | None = None) -> str:
    """A removal's label: rule id and category written out, its reason shown on hover (title) and on click (details)."""
    attrs = f' data-rule="{esc(rule)}" data-category="{esc(category)}"'
    if line is not None:
        attrs += f' data-line="{line}"'
    if stage:
        attrs += f' data-stage="{esc(stage)}"'
    why = f'<span class="why">{esc(reason)}</span>' if reason else ""
    return (f'<details class="chip {category_class(category)}"{attrs} title="{esc(reason)}">'
            f'<summary><code>{esc(rule)}</code> <span class="cat">[{esc(category)}]</span></summary>{why}</details>')


def legend(categories: list[str]) -> str:
    """One chip per category shown, with the category's description."""
    items = "".join(
        f'<span class="chip {category_class(c)}" title="{esc(CATEGORIES.get(c, "not in the category vocabulary"))}">'
        f'<span class="cat">{esc(c)}</span></span>' for c in categories)
    return f'<div class="legend">{items}</div>'
