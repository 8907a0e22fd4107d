"""lines.lines_that_may_be_glued found by a str scan for _glue_literals (in C) in place of the _glue_needles
expression: a superset of the lines the expression matches in, and segment() the same with it as with every
line tried (None, the reference)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import dates, lines, linescan

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted([*ROOT.glob("seeds/*.txt"), *ROOT.glob("fixtures/**/*.txt")])

# what glued pages hold: markers, years and near-years, glue points, invisibles, odd spaces, soft wraps
PIECES = ["All rights reserved", "Maintained by", "Developed", "Copyright ©", "©", "GMT ", "UTC ", "2019", "1989",
          "2100", "21000", "120050", "$200m", "1999.", "20", "19", "herMaintained", "storyGMT 15:21 2018 Friday",
          "12 December 2019", "Posted 3 hours ago", "\n", "\n\n", " ", "  ", "\t", "\u200b", "\xa0", "a", "Word",
          ".", "é", "—", "\u212a"]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=40).map("".join)


def test_every_year_starts_with_a_year_head() -> None:
    """Every four digits a YEAR_LITERALS alternative matches (each is four digits wide) start with a _YEAR_HEADS
    entry, and each head starts some year (none is there for nothing)."""
    years = re.compile("|".join(dates.YEAR_LITERALS))
    assert all(re._parser.parse(e).getwidth() == (4, 4) for e in dates.YEAR_LITERALS)  # type: ignore[attr-defined]
    matched = [y for y in map("{:04d}".format, range(10000)) if years.fullmatch(y)]
    assert matched and all(y.startswith(lines._YEAR_HEADS) for y in matched)
    assert all(any(y.startswith(head) for y in matched) for head in lines._YEAR_HEADS)


def test_the_literals_hold_every_marker_word() -> None:
    literals = lines._glue_literals()
    assert {m.split()[0] for m in lines.phrases.load("glue_markers")} <= set(literals)
    assert not any("\n" in lit for lit in literals)


def _agrees(raw: str) -> None:
    needles = lines._glue_needles()
    found = lines.lines_that_may_be_glued(raw)
    if found is None:  # (an invisible character: every line is tried, as before)
        assert lines.has_invisible(raw)
        return
    assert lines._lines_matching(raw, needles) <= found  # type: ignore[arg-type]
    assert found <= set(range(1, raw.count("\n") + 2))


def _segment_as_reference(raw: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = lines.segment(raw)
    with monkeypatch.context() as mp:
        mp.setattr(lines, "lines_that_may_be_glued", lambda raw: None)  # every line tried by split_glued
        assert lines.segment(raw) == fast


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_seeds_and_fixtures(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = path.read_text("utf-8")
    _agrees(raw)
    _segment_as_reference(raw, monkeypatch)


@pytest.mark.parametrize("raw", [
    "", "\n", "Story text.All rights reserved", "Price: $200m\nA line 2005x\nend 120050",
    "Posted by X 2019\n\nherMaintained and developed by Y", "a\nb\nstoryGMT 15:21 2018 Friday ,14 December",
    "no year 20 19 here\nCopyright", "ünïcode 2019 — Copyright ©", "x" * 300 + "2100",
], ids=repr)
def test_cases(raw: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _agrees(raw)
    _segment_as_reference(raw, monkeypatch)


@settings(max_examples=400, deadline=None)
@given(raw=TEXT)
def test_generated_text(raw: str) -> None:
    _agrees(raw)
    fast = lines.segment(raw)
    saved = lines.lines_that_may_be_glued
    try:
        lines.lines_that_may_be_glued = lambda raw: None  # type: ignore[assignment]
        assert lines.segment(raw) == fast
    finally:
        lines.lines_that_may_be_glued = saved


@settings(max_examples=200, deadline=None)
@given(raw=TEXT, needles=st.lists(st.sampled_from(["All", "20", "2019", "©", "GMT", "é", "a"]), min_size=1,
                                  max_size=5).map(tuple))
def test_lines_holding_any_as_each_line_searched(raw: str, needles: tuple[str, ...]) -> None:
    want = {i for i, line in enumerate(raw.split("\n")) if any(n in line for n in needles)}
    assert linescan.lines_holding_any(raw, needles) == want
