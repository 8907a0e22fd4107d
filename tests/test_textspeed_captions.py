"""credits._may_end_shaped, the str tests is_caption_shaped makes before the end shapes' search: True wherever the
search finds one, so is_caption_shaped answers as with the search alone."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.heuristics import credits

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted([*ROOT.glob("seeds/*.txt"), *ROOT.glob("fixtures/**/*.txt")])

PIECES = ["(AP Photo/John Doe)", "(Reuters)", "(", ")", "Photo: ", "photograph: ", "IMAGE: ", "Credit: ", ": ", ".",
          " less", " more", " More", " LESS", " leſs", " ... more", "... more", "”", "\"", "!", "?", "\n", "He said: ",
          "The minister", " spoke", " a", "(file", "ſ", "K", "İ", "x" * 70, "Getty Images"]
TEXT = st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=16).map("".join)


def _reference(text: str, monkeypatch: pytest.MonkeyPatch) -> bool:
    with monkeypatch.context() as mp:
        mp.setattr(credits, "_ends_known", lambda: False)  # the search alone
        return credits.is_caption_shaped.__wrapped__(text)


def test_the_shortcut_is_taken() -> None:
    """The end shapes in data/captions.txt are those _may_end_shaped knows (else it is not asked: then this
    fails, to have it looked at)."""
    assert credits._ends_known()


@pytest.mark.parametrize("text", [
    "The minister speaks at a rally in Paris (AP Photo/John Doe)", "Crowds gather outside (Getty Images)\n",
    "Crowds gather outside the court. Photo: John Doe", "A view of the city. Photograph: Jane Roe, Reuters.",
    "He said: “We will win this time.”", "The scene after the storm. More", "The scene after the storm. leſs",
    "The scene after the storm ... more", "Dogs and cats: a guide for owners", "Caption: a long enough line",
    "He said: yes. The scene after the storm. leſs", "He said: yes. The scene after the storm. MORE\n",
    "He said: yes. Then (AP Photo by J. Doe)\n", "Note: the end. Photo: John Doe\n",
], ids=repr)
def test_cases(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert credits.is_caption_shaped.__wrapped__(text) == _reference(text, monkeypatch)


def test_seed_and_fixture_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    for path in FILES:
        for line in path.read_text("utf-8").split("\n"):
            assert credits.is_caption_shaped.__wrapped__(line) == _reference(line, monkeypatch), line


@settings(max_examples=500, deadline=None)
@given(text=TEXT)
def test_generated(text: str) -> None:
    ends, _ = credits._caption_shapes()
    reach = text[-credits._end_shape_reach() - 1:]
    if ends.search(reach) is not None:
        assert credits._may_end_shaped(reach)
