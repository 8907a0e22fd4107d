"""Features.families finds the lines holding a guard key in its one pass over the folded document (keyed), where
families.line_families would search the stripped lines again: the same family for every line as without it."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import families, lines
from cleaner.heuristics.features import Features

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted([*ROOT.glob("seeds/*.txt"), *ROOT.glob("fixtures/**/*.txt")])

# lines that fit (or nearly fit) the alternatives found by their literals, some with the key in the edge
# punctuation that stripping takes off ("... [", "@"), and others
LINES = [
    "Jane Doe may be reached at jane@example.com", "Email John Smith at js@example.org.", "Follow us @paper on twitter",
    "Follow @jdoe on Instagram and Facebook", "Reporters Ann Lee and Bo Kim contributed reporting to this report",
    "AP Photo / John Doe", "Photo: Getty Images", "John Doe / Getty Images", "Foto: Archivo", "Image 3 of 12",
    "2 / 7 photos", "News delivered straight to your inbox", "Get our newsletter in your inbox every day",
    "Why the deal fell apart [ANALYSIS]", "Why the deal fell apart [", "[", " [", "@", "/", "a/b", "Share [email]",
    "The story goes on, as stories do.", "", "Comments", "This article is more than 5 years old", "“@”", "(/)",
    "Follow him on Twitter @jdoe.", "x" * 410 + " @ /", "İstanbul / AFP", "KEY / Reuters",
]


def _reference(units_text: str) -> tuple[list[str | None], list[str | None]]:
    """Features.families (keys found in the one pass) and line_families with each line searched, caches cold."""
    units = lines.segment(units_text)
    families._known_families.clear()
    fast = Features(units).families
    families._known_families.clear()
    feats = Features(units)
    slow = families.line_families(feats.texts, feats._folded_lines, list(feats._first_words))
    families._known_families.clear()
    return fast, slow


def test_there_are_guard_keys() -> None:
    keys = families.guard_keys()
    assert keys and not any("\n" in k or k != k.lower() for k in keys)


def test_the_listed_lines() -> None:
    fast, slow = _reference("\n".join(LINES))
    assert fast == slow
    assert {"social", "contributors", "credits", "promo", "related"} <= set(fast)  # (the guarded ones were asked)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_seeds_and_fixtures(path: Path) -> None:
    fast, slow = _reference(path.read_text("utf-8"))
    assert fast == slow


def test_only_unknown_lines_asked() -> None:
    """Lines already known keep their family, the others found with the keys given."""
    families._known_families.clear()
    units = lines.segment("\n".join(LINES[:10]))
    first = Features(units).families
    units = lines.segment("\n".join(LINES))
    fast = Features(units).families
    families._known_families.clear()
    feats = Features(units)
    assert fast == families.line_families(feats.texts, feats._folded_lines, list(feats._first_words))
    assert fast[:len(first)] == first
    families._known_families.clear()


@settings(max_examples=300, deadline=None)
@given(picked=st.lists(st.sampled_from(LINES) | st.text(alphabet="aZ @/[]().:İ-", max_size=12), max_size=12))
def test_generated(picked: list[str]) -> None:
    fast, slow = _reference("\n".join(picked))
    assert fast == slow
