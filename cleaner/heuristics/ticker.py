"""Detect related-headline tickers: headlines alternating with timestamps (often glued, split earlier)."""
from __future__ import annotations

import re

from .. import dates
from ..model import Label
from .base import Hit, View, has_digit, is_headline_like, words

TICKER = Label("generic/ticker", "ticker", "related-headline ticker with timestamps of other stories")

MIN_STAMPS = 2
MAX_HEADLINE_WORDS = 30

_RELATIVE = re.compile(
    r"(?:updated |posted )?(?:\d+|an?|one) ?(?:s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|weeks?|months?) ago",
    re.IGNORECASE,
)


def is_stamp(text: str) -> bool:
    """A line that is only a time reference: a dateline or a relative time ("3 hours ago")."""
    if len(text) > 80:
        return False
    return bool(_RELATIVE.fullmatch(text)) or dates.is_dateline(text) is not None


def _is_ticker_headline(text: str) -> bool:
    return words(text) <= MAX_HEADLINE_WORDS and (is_headline_like(text) or not text.endswith("."))


def detect_ticker(view: View) -> list[Hit]:
    units = view.units
    # stamps: free time-only lines, and lines an outlet rule already took as ticker stamps
    stamps = [
        i for i, lab in enumerate(view.labels)
        if (lab is None and has_digit(units[i].text) and is_stamp(units[i].text))
        or (lab is not None and lab.category == "ticker")
    ]
    out: list[Hit] = []
    run: list[int] = []

    def close_run() -> None:
        if len(run) < MIN_STAMPS:
            return
        taken = set(run)
        for a, b in zip(run, run[1:]):
            taken.update(range(a + 1, b))
        first, last = run[0], run[-1]
        # the pattern is stamp-headline or headline-stamp: take the headline at the open end
        stamp_first = view.free(first + 1) and _is_ticker_headline(units[first + 1].text)
        edge = last + 1 if stamp_first else first - 1
        if view.free(edge) and _is_ticker_headline(units[edge].text):
            taken.add(edge)
        out.extend(Hit(i, TICKER) for i in sorted(taken) if view.free(i))

    for i in stamps:
        if run and (i - run[-1] > 2 or not all(
            _is_ticker_headline(units[j].text) for j in range(run[-1] + 1, i)
        )):
            close_run()
            run = []
        run.append(i)
    close_run()
    return out
