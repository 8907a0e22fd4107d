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


BODY_SENTENCE = ("The city council met on Tuesday evening to discuss the new metro line, its route through "
                 "the old town and what it will cost the taxpayers of the region over the next ten years.")


def _hand_built_outlet(**fields):
    import regex

    from cleaner.rules import LineRule, Outlet

    values = dict(key="my", name="My", path="<code>", domains=(), signatures=(), drops=(), cuts=(), metadata=(),
                  disable=frozenset())
    values.update(fields)
    values["drops"] = tuple(LineRule(label, regex.compile(p)) for label, p in values["drops"])
    return Outlet(**values)


def test_equal_labels_of_a_hand_built_outlet_make_one_removal() -> None:
    from cleaner.model import Label
    from cleaner.rules import RuleSet

    # two Label objects, equal: consecutive lines they take are one removal, as for one rule
    outlet = _hand_built_outlet(drops=[(Label("my/ads", "promo", "ad lines"), "^Advert one$"),
                                       (Label("my/ads", "promo", "ad lines"), "^Advert two$")])
    article = Cleaner(rules=RuleSet([])).clean(f"Advert one\nAdvert two\n{BODY_SENTENCE}", outlet=outlet)
    assert [(r.rule, r.start_line, r.end_line) for r in article.removed] == [("my/ads", 1, 2)]


def test_an_outlet_may_switch_detectors_off_with_any_collection() -> None:
    from cleaner.rules import RuleSet

    for disable in (frozenset({"outside"}), {"outside"}, ["outside"]):
        article = Cleaner(rules=RuleSet([])).clean(f"Home\n{BODY_SENTENCE}", outlet=_hand_built_outlet(disable=disable))
        assert "generic/outside" not in {r.rule for r in article.removed}, disable


def test_detectors_added_after_a_clean_run(monkeypatch) -> None:
    from cleaner import heuristics
    from cleaner.heuristics.base import Hit
    from cleaner.model import Label

    cleaner = Cleaner(Config(builtin_rules=False))
    cleaner.clean(BODY_SENTENCE)
    foo = Label("generic/foo", "promo", "test detector")
    detectors = {"foo": lambda view: [Hit(i, foo) for i, u in enumerate(view.units) if u.text == "FOO"],
                 **heuristics.DETECTORS}
    monkeypatch.setattr(heuristics, "DETECTORS", detectors)
    monkeypatch.setattr("cleaner.pipeline.DETECTORS", detectors)
    article = cleaner.clean(f"FOO\n{BODY_SENTENCE}")
    assert [r.rule for r in article.removed] == ["generic/foo"]


def test_removal_is_a_frozen_dataclass() -> None:
    (removal,) = clean(f"Share this article\n{BODY_SENTENCE}").removed
    assert dataclasses.is_dataclass(removal) and dataclasses.replace(removal, stage="html").stage == "html"
    with pytest.raises(dataclasses.FrozenInstanceError):
        removal.rule = "x"  # type: ignore[misc]
