"""Detect related-headline tickers: headlines alternating with timestamps (often glued, split earlier)."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import dates
from ..model import Label
from .base import Hit, View, has_digit, is_headline_like, words
from .features import merged

TICKER = Label("generic/ticker", "ticker", "related-headline ticker with timestamps of other stories")

MIN_STAMPS = 2
MAX_HEADLINE_WORDS = 30

_RELATIVE = re.compile(
    r"(?:updated |posted )?(?:\d+|an?|one) ?(?:s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|weeks?|months?) ago",
    re.IGNORECASE,
)


@lru_cache(maxsize=1 << 16)
def is_stamp(text: str) -> bool:
    """A line that is only a time reference: a dateline or a relative time ("3 hours ago")."""
    if len(text) > 80:
        return False
    return bool(_RELATIVE.fullmatch(text)) or dates.is_dateline(text) is not None


def _may_be_stamps(view: View) -> list[int]:
    """The units is_stamp can accept: a relative time ends in "ago", a date holds a year."""
    return merged(view.features.ending("ago"), view.features.containing(*dates.YEAR_STARTS))


def _is_ticker_headline(text: str) -> bool:
    return words(text) <= MAX_HEADLINE_WORDS and (is_headline_like(text) or not text.endswith("."))


def detect_ticker(view: View) -> list[Hit]:
    units = view.units
    # stamps: free time-only lines, and lines an outlet rule already took as ticker stamps
    stamps = merged(
        (i for i in _may_be_stamps(view) if view.labels[i] is None and has_digit(units[i].text) and is_stamp(units[i].text)),
        view.taken_as("ticker"),
    )
    out: list[Hit] = []
    run: list[int] = []

    def close_run() -> None:
        if len(run) < MIN_STAMPS:
            return
        taken = set(run)
        for a, b in zip(run, run[1:]):
            taken.update(range(a + 1, b))
        # stamp-headline or headline-stamp: one headline sits outside the stamps, at the open end
        before, after = run[0] - 1, run[-1] + 1
        before_ok = view.free(before) and _is_ticker_headline(units[before].text)
        after_ok = view.free(after) and _is_ticker_headline(units[after].text)
        if after_ok:
            taken.add(after)
        elif before_ok:
            taken.add(before)
        out.extend(Hit(i, TICKER) for i in sorted(taken) if view.free(i))

    for i in stamps:
        # between two stamps of one ticker: at most two headlines (lines already removed do not count)
        gap = [j for j in range(run[-1] + 1, i) if view.free(j)] if run else []
        if run and (len(gap) > 2 or not all(_is_ticker_headline(units[j].text) for j in gap)):
            close_run()
            run = []
        run.append(i)
    close_run()
    return out
