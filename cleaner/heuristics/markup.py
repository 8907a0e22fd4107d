"""Detect markup a scraper left as text: CMS shortcodes and runs of CSS class names."""
from __future__ import annotations

import re
from itertools import groupby
from operator import methodcaller

from ..model import Label
from .base import Hit, View

MARKUP = Label("generic/markup", "icons", "CMS shortcode or CSS class names dumped as text")

MIN_SLUG_RUN = 5  # lines in a row: a short list of hyphenated words ("- long-term") is not enough

# "[button link="..." type="big"] Send us YOUR kit review[/button]", "[automerge]1574096160[/automerge]"
_SHORTCODE = re.compile(r"\[(?P<tag>[a-z_]{2,20})\b[^\]]*\].{0,200}\[/(?P=tag)\]|\[[a-z_]{2,20}(?: [a-z_]+=[\"”'][^\]]*)+\].{0,200}")
# "- medium-browser-and-portrait-tablet": a CSS class or breakpoint name, maybe bulleted
_SLUG = re.compile(r"(?:[-•*] )?[a-z0-9]+(?:[-_][a-z0-9]+)+")


_STARTS_BRACKET = methodcaller("startswith", "[")


def is_shortcode(text: str) -> bool:
    return text.startswith("[") and _SHORTCODE.fullmatch(text) is not None


def is_slug(text: str) -> bool:
    return len(text) < 80 and _SLUG.fullmatch(text) is not None


def slug_runs(view: View) -> list[int]:
    """Indices in runs of at least MIN_SLUG_RUN consecutive slug lines, half of them with two hyphens or more."""
    # (a slug has a hyphen or an underscore: only those units are tested)
    slugs = [i for i in view.free_among(view.features.containing("-", "_")) if is_slug(view.units[i].text)]
    out: list[int] = []
    for _, numbered in groupby(enumerate(slugs), key=lambda k_i: k_i[1] - k_i[0]):  # runs of consecutive units
        run = [i for _, i in numbered]
        if len(run) >= MIN_SLUG_RUN and sum(view.units[j].text.lstrip("-•* ").count("-") >= 2 for j in run) * 2 >= len(run):
            out.extend(run)
    return out


def detect_markup(view: View) -> list[Hit]:
    opening = view.features.where(_STARTS_BRACKET)  # a shortcode starts with "["
    shortcodes = [i for i in view.free_among(opening) if is_shortcode(view.units[i].text)]
    return [Hit(i, MARKUP) for i in sorted({*shortcodes, *slug_runs(view)})]
