"""Segmentation: its shortcuts give what normalising every line would."""
from __future__ import annotations

import pytest

from cleaner import lines


def test_odd_spaces_are_all_the_whitespace_but_space_and_newline():
    every = {chr(c) for c in range(0x110000) if chr(c).isspace()}
    assert set(lines._ODD_SPACES) == every - {" ", "\n"}


@pytest.mark.parametrize("raw", [
    "Plain line.\nAnother one.", "two  spaces", "trailing \nx", "x\n leading", " start", "end ",
    "tab\there", "cr\r\nlf", "nbsp\u00a0here", "ideographic\u3000space", "thin\u2009space", "line\u2028sep",
    "naïve café\nZürich", "", "\n\n", "“quoted”\n— dash",
])
def test_is_normalised_says_whether_normalising_changes_a_line(raw):
    assert lines.is_normalised(raw) == all(line == lines.normalise(line) for line in raw.split("\n"))


@pytest.mark.parametrize("raw, want", [
    ("Title\n\nBody text here.\n", [(1, "Title"), (3, "Body text here.")]),
    ("Title\u00a0with  nbsp\n  Indented line\nwrapped \nline goes on", [(1, "Title with nbsp"), (2, "Indented line"), (3, "wrapped line goes on")]),
    ("Title\n  continued here", [(1, "Title continued here")]),
    ("Police said on MondayAll rights reserved", [(1, "Police said on Monday"), (1, "All rights reserved")]),
    ("zero\u200bwidth\nsecond", [(1, "zerowidth"), (2, "second")]),
])
def test_segment_makes_units(raw, want):
    units = lines.segment(raw)
    assert [(u.lineno, u.text) for u in units] == want
    assert all(type(u) is lines.Unit and u.index == i for i, u in enumerate(units))
