"""The five seeds clean exactly to ../shared/seeds-expected (copied into fixtures/seeds/)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner import Cleaner

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
FIELDS = ("text", "title", "description", "authors", "published", "outlet", "agency")

# which rule takes each removed line: the seeds' reasons (seeds-expected/README.md) made checkable
EXPECTED_RULES = {
    "000_44d0141c41302c00": {17: "arabstoday/source-credit", 18: "arabstoday/ticker-stamp", 19: "generic/ticker",
                             26: "generic/ticker", 27: "arabstoday/all-rights", 30: "arabstoday/comment-form"},
    "001_ed2a4b26c1c64592": {1: "vice/archive-notice", 7: "generic/credit", 35: "vice/follow-author"},
    "002_4e9f6fdf3983f584": {1: "rt/icon-font", 2: "rt/dateline", 6: "generic/duplicate", 14: "rt/self-credit",
                             40: "rt/podcast-player", 44: "rt/podcast-player"},
    "003_6468969cf345fb6d": {1: "generic/breadcrumb"},
    "004_7e1e6eb906015e66": {3: "generic/caption", 4: "breitbart/photo-credit", 31: "breitbart/commenting-help"},
}


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner()


def expected(seed: Path) -> dict:
    return json.loads((ROOT / "fixtures" / "seeds" / f"{seed.stem}.json").read_text("utf-8"))


def rules_by_line(article) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for r in article.removed:
        for line in range(r.start_line, r.end_line + 1):
            out.setdefault(line, set()).add(r.rule)
    return out


@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem for s in SEEDS])
def test_seed_cleans_exactly(seed: Path, cleaner: Cleaner) -> None:
    want = expected(seed)
    art = cleaner.clean(seed.read_text("utf-8"))
    got = art.to_dict()
    for field in FIELDS:
        assert got[field] == want[field], field


@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem for s in SEEDS])
def test_seed_removes_exactly_the_expected_lines(seed: Path, cleaner: Cleaner) -> None:
    art = cleaner.clean(seed.read_text("utf-8"))
    # title and standfirst lines become metadata: neither kept nor listed as removed
    removed = {line for line, rules in rules_by_line(art).items()
               if not rules <= {"generic/title", "generic/standfirst"}}
    assert sorted(removed) == expected(seed)["removed_lines"]


@pytest.mark.parametrize("seed", SEEDS, ids=[s.stem for s in SEEDS])
def test_seed_lines_are_taken_by_the_expected_rules(seed: Path, cleaner: Cleaner) -> None:
    by_line = rules_by_line(cleaner.clean(seed.read_text("utf-8")))
    for line, rule in EXPECTED_RULES[seed.stem].items():
        assert rule in by_line.get(line, set()), (line, by_line.get(line))


def test_seed_ticker_dates_are_not_the_published_date(cleaner: Cleaner) -> None:
    art = cleaner.clean((ROOT / "seeds" / "000_44d0141c41302c00.txt").read_text("utf-8"))
    assert art.published is None


def test_seeds_are_copied_unchanged() -> None:
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds not beside the project")
    for seed in SEEDS:
        assert seed.read_bytes() == (shared / seed.name).read_bytes()
