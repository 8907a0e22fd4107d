"""Render an Article's removal records against its input, line by line, for a terminal."""
from __future__ import annotations

from collections import Counter
from typing import Iterator

from . import mojibake
from .lines import normalise
from .model import Article, Removal

_COLOURS = {"keep": "32", "metadata": "36", "outside": "90", "navigation": "90"}
_DEFAULT_REMOVED = "31"


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


def removals_by_line(removed: tuple[Removal, ...]) -> dict[int, list[Removal]]:
    """The text-stage removals touching each input line, by line number."""
    out: dict[int, list[Removal]] = {}
    for r in removed:
        if r.stage != "text":
            continue
        for line in range(r.start_line, r.end_line + 1):
            out.setdefault(line, []).append(r)
    return out


def line_rows(raw: str, removed: tuple[Removal, ...]) -> Iterator[tuple[int, str, list[Removal]]]:
    """Each non-blank input line, normalised, with its number and the removals on it (none: kept).
    The terminal view and the HTML review page both read the lines this way."""
    by_line = removals_by_line(removed)
    for lineno, line in enumerate(raw.split("\n"), 1):
        text = normalise(line)
        if text:
            yield lineno, text, by_line.get(lineno, [])


def as_read(article: Article, raw: str) -> str:
    """raw as the text stage read it: repaired where it did so (mojibake: the article says so, and raw is encoded
    twice; a page's extracted text came repaired already, and is not read again)."""
    if mojibake.WARNING in article.warnings and mojibake.is_double_encoded(raw):
        return mojibake.repair_runs(raw)
    return raw


def partly_kept(text: str, rules: list[Removal]) -> bool:
    """True when the removals on a line do not cover all of it (an inline cut): the view's "+ kept"."""
    covered = "".join("".join(r.text.split()) for r in rules)
    return "".join(text.split()) not in covered


def render(article: Article, raw: str, colour: bool = False) -> str:
    """Every non-blank input line as kept or removed (rule id and category), then counts per category."""
    width = max(len(r.rule) + len(r.category) + 3 for r in article.removed) if article.removed else 4
    width = max(width, 12)
    out = []
    meta = [
        ("title", article.title), ("description", article.description),
        ("authors", ", ".join(article.authors) or None), ("published", article.published),
        ("outlet", article.outlet), ("agency", article.agency), ("credits", "; ".join(article.credits) or None),
    ]
    for name, value in meta:
        if value:
            out.append(_paint(f"{name:>12}: {value}", "1", colour))
    for warning in article.warnings:
        out.append(_paint(f"{'warning':>12}: {warning}", "33", colour))
    if out:
        out.append("")
    raw = as_read(article, raw)
    if article.extraction:
        out.append(_paint(f"main content: {article.extraction}", "1", colour))
        out.append("")
    page_removed = [r for r in article.removed if r.stage == "html"]
    if page_removed:
        out.append(_paint("HTML stage (page source lines), before extraction:", "1", colour))
        for r in page_removed:
            excerpt = r.text if len(r.text) <= 100 else r.text[:97] + "..."
            tag = f"{r.rule} [{r.category}]"
            out.append(f"{r.start_line:>5} {_paint(f'{tag:<{width}}', _COLOURS.get(r.category, _DEFAULT_REMOVED), colour)} {excerpt}")
        out.append("")
        out.append(_paint("Text stage (lines of the extracted text):", "1", colour))
    for lineno, text, rules in line_rows(raw, article.removed):
        if not rules:
            tag, code = "kept", _COLOURS["keep"]
        else:
            tag = ", ".join(dict.fromkeys(f"{r.rule} [{r.category}]" for r in rules))
            if partly_kept(text, rules):
                tag += " + kept"
            code = _COLOURS.get(rules[0].category, _DEFAULT_REMOVED)
        out.append(f"{lineno:>5} {_paint(f'{tag:<{width}}', code, colour)} {text}")
    counts = Counter(r.category for r in article.removed)
    out.append("")
    out.append(f"kept {len(article.paragraphs)} paragraphs, {article.word_count} words; removed {len(article.removed)} spans")
    for cat, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        out.append(f"  {cat:<12} {n}")
    return "\n".join(out) + "\n"
