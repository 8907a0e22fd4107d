"""The library API: clean(), Article, a shareable Cleaner (threads, pickling), never inventing text."""
from __future__ import annotations

import dataclasses
import pickle
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from cleaner import Article, Cleaner, Config, clean

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def test_clean_returns_a_frozen_article() -> None:
    art = clean((ROOT / "seeds" / "001_ed2a4b26c1c64592.txt").read_text("utf-8"))
    assert isinstance(art, Article)
    with pytest.raises(dataclasses.FrozenInstanceError):
        art.text = "x"  # type: ignore[misc]
    d = art.to_dict()
    assert d["authors"] == ["John Beck"] and d["outlet"] == "VICE News" and d["word_count"] == art.word_count
    assert "removed" not in d and "removed" in art.to_dict(explain=True)


def test_url_picks_the_outlet() -> None:
    text = "A long enough first sentence of an article about the harvest and the weather.\n\nPlease let us know if you're having issues with commenting."
    assert clean(text, url="https://www.breitbart.com/politics/2019/x/").outlet == "Breitbart"


def test_cleaner_is_shared_across_threads() -> None:
    c = Cleaner()
    texts = [p.read_text("utf-8") for p in SEEDS] * 20
    want = [c.clean(t) for t in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(c.clean, texts))
    assert got == want


PAGES = sorted((Path(__file__).resolve().parent.parent / "fixtures" / "html").glob("*/*.html"))


def test_cleaner_is_shared_across_threads_on_html() -> None:
    c = Cleaner()
    pages = [p.read_bytes() for p in PAGES] * 4
    want = [c.clean_html(p) for p in pages]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(c.clean_html, pages))
    assert got == want


def test_cleaner_pickles_for_process_pools() -> None:
    c = Cleaner(Config(disable=frozenset({"navigation"})))
    c2 = pickle.loads(pickle.dumps(c))
    assert c2.config == c.config
    for p in SEEDS:
        assert c2.clean(p.read_text("utf-8")) == c.clean(p.read_text("utf-8"))
    for p in PAGES:  # outlet XPath rules survive the trip
        assert c2.clean_html(p.read_bytes()) == c.clean_html(p.read_bytes())


def test_config_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Config().generic = False  # type: ignore[misc]


@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem for s in SEEDS])
def test_every_removal_is_recorded_and_text_is_accounted_for(seed: Path) -> None:
    """Kept paragraphs plus removed spans plus metadata lines cover the whole input."""
    raw = seed.read_text("utf-8")
    art = clean(raw)
    pieces = art.paragraphs + [r.text for r in art.removed]
    # the same characters (white space aside): nothing invented, nothing lost without a record
    assert Counter("".join("".join(pieces).split())) == Counter("".join(raw.split()))
    for r in art.removed:
        assert r.rule and "/" in r.rule and r.category and r.reason and r.start_line <= r.end_line
