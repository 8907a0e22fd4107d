"""Detect navigation: runs of short link-like lines (menus, section lists, numbered most-read lists)."""
from __future__ import annotations

from functools import lru_cache
from itertools import groupby

from ..model import Label
from ..speedups import shapes as _c
from .base import Hit, View, hits, words
from .headline import DUPLICATE, STANDFIRST, TITLE

NAVIGATION = Label("generic/navigation", "navigation", "run of short link-like lines (menu)")

MIN_RUN = 4
# On an extractor's pick of a page's main content (HTML input) the page's menus are already left out: a run of
# four or five short lines there is more often the article's own list (pros and cons, services, specifications)
# than a menu. Measured on both devsets (bench/quality.py, HTML): devset .9745 -> .9749, devset-wcxb .9409 -> .9411,
# precision level; longer runs still go.
MIN_RUN_EXTRACTED = 6
MAX_LINK_WORDS = 4


@lru_cache(maxsize=1 << 16)
def is_link_like(text: str) -> bool:
    """A menu entry: a few words, starting with a capital, no sentence punctuation; or a bare list number."""
    if text.isdigit() and len(text) <= 3:
        return True
    if words(text) > MAX_LINK_WORDS or text.endswith((".", "!", "?", ",", ";", ":", '"', "”")):
        return False
    return text[:1].isupper() or text[:1] in "#@&+"


is_link_like_py = is_link_like
if _c is not None:  # the same test in C (cleaner/_shapes.c; the tests compare the two)
    is_link_like = _c.link_test(MAX_LINK_WORDS)  # type: ignore[assignment]


def detect_navigation(view: View) -> list[Hit]:
    """Runs of link-like free units; units already removed do not break a menu."""
    min_run = MIN_RUN_EXTRACTED if view.first("page_title") is not None else MIN_RUN
    free = view.free_indices()  # (only these are asked: most units are taken by the time menus are looked for)
    texts = view.features.texts
    link_like = dict(zip(free, map(is_link_like, map(texts.__getitem__, free))))
    out: list[Hit] = []
    for is_link, run in groupby(free, key=link_like.__getitem__):
        if is_link:
            run = list(run)
            if len(run) >= min_run:
                out.extend(hits(run, NAVIGATION))
    return out


# the rules after this one that take units inside the article: a copy of the title, the standfirst, a repeated paragraph
_LATER = frozenset({TITLE.rule, STANDFIRST.rule, DUPLICATE.rule})


def detect_rejoined_navigation(view: View) -> list[Hit]:
    """Menus again, once the rules after the first look have taken their units: a run of link-like units broken
    only by a unit a later rule took (a copy of the title between menu entries) is one run, as cleaning the output
    again (without that unit) finds it. Asked only where such a unit has link-like free units on both sides."""
    labels, texts = view.labels, view.features.texts
    for i in [i for i, label in enumerate(labels) if label is not None and label.rule in _LATER]:
        before = next((j for j in range(i - 1, -1, -1) if labels[j] is None), None)
        after = next((j for j in range(i + 1, len(labels)) if labels[j] is None), None)
        if before is not None and after is not None and is_link_like(texts[before]) and is_link_like(texts[after]):
            return detect_navigation(view)
    return []
