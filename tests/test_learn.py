"""Learning an outlet's boilerplate from several of its pages: drafted rule files and clean --learn."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner import cli, learn
from cleaner.rules import parse_outlet

ROOT = Path(__file__).resolve().parent.parent
CORPORA = sorted((ROOT / "fixtures" / "learn").glob("*.jsonl"))
QUOTE = "the minister told reporters after the meeting"  # a sentence two stories share


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def group_of(path: Path) -> learn.Group:
    g = learn.Group()
    for r in records(path):
        g.add(r["text"])
    return g


@pytest.mark.parametrize("corpus", CORPORA, ids=[p.stem for p in CORPORA])
def test_clean_learn_removes_repeated_boilerplate_and_keeps_every_sentence(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert cli.main(["clean", "-q", str(corpus), "--learn", "--no-builtin-rules", "--explain", "-o", str(out)]) == cli.EXIT_OK
    for rec, src in zip(records(out), records(corpus)):
        assert rec["text"].split("\n\n") == src["gold"].split("\n\n"), rec["id"]
        learned = [r for r in rec["removed"] if r["rule"].startswith("learned/")]
        assert learned, "the learned rules take the boilerplate the generic heuristics left"
        assert all(r["rule"].startswith(f"learned/{src['url'].split('/')[2].removeprefix('www.')}/") for r in learned)


@pytest.mark.parametrize("corpus", CORPORA, ids=[p.stem for p in CORPORA])
def test_drafted_rule_file_loads_and_says_its_support(corpus: Path) -> None:
    d = learn.draft(group_of(corpus), "Example Outlet", ["example.com"])
    toml = learn.render(d)
    outlet = parse_outlet(Path("example.toml"), toml)
    assert outlet.drops and outlet.signatures and outlet.domains == ("example.com",)
    assert "# seen in 6 of 6 pages" in toml
    assert QUOTE not in toml, "a sentence two stories quote is article text"
    assert learn.render(learn.draft(group_of(corpus), "Example Outlet", ["example.com"])) == toml, "deterministic"


def test_cut_marker_is_where_everything_after_recurs() -> None:
    d = learn.draft(group_of(ROOT / "fixtures" / "learn" / "arabstoday.jsonl"), "Arabs Today")
    assert d.cut is not None and d.cut.example == "Send your comments"
    assert "Maintained and developed by Arabs Today Group SAL." not in {r.example for r in d.drops}, "under the cut"


def test_dates_and_numbers_are_generalised() -> None:
    assert learn.line_key("GMT 12:41 2016 Monday ,11 March") == learn.line_key("GMT 09:05 2017 Friday ,03 June")
    pattern = learn.key_pattern(learn.line_key("Updated 5 March 2016"))
    import re
    assert re.match(pattern, "Updated 12 November 2019")


SENTENCE = "The council voted on Tuesday to approve a new plan for the riverside district after months of debate."


@pytest.mark.parametrize("line, copies, learned", [
    ("Subscribe to our newsletter", 3, True),    # 3 of 6: boilerplate
    ("Subscribe to our newsletter", 2, False),   # 2 of 6: below the share and the minimum support
    (SENTENCE, 3, False),                        # prose in half of the pages: a shared quote, not boilerplate
    (SENTENCE, 4, True),                         # prose in most pages: boilerplate all the same
])
def test_thresholds(line: str, copies: int, learned: bool) -> None:
    g = learn.Group()
    for i in range(6):
        body = [f"Story {i} sentence {j} about local matters that differ from page to page number {i * 10 + j}." for j in range(4)]
        g.add("\n\n".join(body + ([line] if i < copies else [])))
    assert (line in {r.example for r in g.recurring()}) is learned


def test_small_groups_learn_nothing(tmp_path: Path, capsys) -> None:
    corpus = ROOT / "fixtures" / "learn" / "vice.jsonl"
    small = tmp_path / "small.jsonl"
    small.write_text("\n".join(corpus.read_text("utf-8").splitlines()[:3]) + "\n", "utf-8")
    out = tmp_path / "out.jsonl"
    assert cli.main(["clean", str(small), "--learn", "--no-builtin-rules", "--explain", "-o", str(out)]) == cli.EXIT_OK
    assert not [r for rec in records(out) for r in rec["removed"] if r["rule"].startswith("learned/")]
    assert cli.main(["learn", str(small), "--outlet", "VICE News"]) == cli.EXIT_USAGE
    assert "at least 4 documents" in capsys.readouterr().err


def test_learn_command_writes_a_rule_file(tmp_path: Path) -> None:
    target = tmp_path / "arabstoday.toml"
    corpus = ROOT / "fixtures" / "learn" / "arabstoday.jsonl"
    assert cli.main(["learn", str(corpus), "--outlet", "Arabs Today", "-o", str(target)]) == cli.EXIT_OK
    outlet = parse_outlet(target, target.read_text("utf-8"))
    assert outlet.name == "Arabs Today" and outlet.domains == ("arabstoday.net",)
    assert any(r.pattern.search("Arabs Today continues to follow the developments of this story as they unfold.")
               for r in outlet.drops)
