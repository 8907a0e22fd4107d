"""Outlet rule files: each fixture cleans to its expected result, every rule fires, bad files are refused."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner import Cleaner, Config, RuleError
from cleaner.rules import RuleSet, builtin_rule_files, load_outlet, parse_outlet

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted((ROOT / "fixtures" / "rules").glob("*/*.txt"))
OUTLETS = sorted(p.stem for p in builtin_rule_files())


def _id(p: Path) -> str:
    return f"{p.parent.name}/{p.stem}"


def test_every_outlet_has_fixtures() -> None:
    assert OUTLETS == sorted({p.parent.name for p in FIXTURES})


@pytest.mark.parametrize("fixture", FIXTURES, ids=[_id(p) for p in FIXTURES])
def test_outlet_fixture(fixture: Path, full: Cleaner) -> None:
    want = json.loads(fixture.with_suffix(".json").read_text("utf-8"))
    art = full.clean(fixture.read_text("utf-8"))
    got = art.to_dict()
    for field in ("outlet", "title", "description", "authors", "published", "agency", "credits", "text"):
        assert got[field] == want[field], field
    assert [[r.start_line, r.end_line, r.rule] for r in art.removed] == want["removed"]


@pytest.mark.parametrize("fixture", FIXTURES, ids=[_id(p) for p in FIXTURES])
def test_outlet_rules_alone(fixture: Path, rules_only: Cleaner) -> None:
    """With the generic heuristics off, the outlet's own rules are what fires."""
    want = json.loads(fixture.with_suffix(".json").read_text("utf-8"))
    art = rules_only.clean(fixture.read_text("utf-8"))
    assert art.outlet is not None
    assert sorted({r.rule for r in art.removed}) == want["rules_alone"]
    assert all(r.rule.startswith(fixture.parent.name + "/") for r in art.removed)


@pytest.mark.parametrize("outlet", OUTLETS)
def test_every_rule_fires_on_some_fixture(outlet: str, rules_only: Cleaner) -> None:
    rules = rules_only.rules.outlets[outlet]
    fired = set()
    for fixture in (ROOT / "fixtures" / "rules" / outlet).glob("*.txt"):
        fired |= {r.rule for r in rules_only.clean(fixture.read_text("utf-8")).removed}
    for fixture in (ROOT / "fixtures" / "html" / outlet).glob("*.html"):
        fired |= {r.rule for r in rules_only.clean_html(fixture.read_bytes()).removed}
    assert set(rules.rule_ids) - fired == set(), "rules that never fire on the outlet's fixtures"


@pytest.mark.parametrize("outlet", OUTLETS)
def test_outlet_found_from_url(outlet: str) -> None:
    rs = RuleSet.load()
    o = rs.outlets[outlet]
    assert rs.by_url(f"https://www.{o.domains[0]}/news/some-story-123") is o
    assert rs.by_url("https://example.org/x") is None


GOOD = """schema = 1
name = "Example News"
domains = ["example.com"]
signatures = ['^Example footer$']
[[drop]]
id = "archive-notice"
category = "notice"
pattern = '^This story is over \\d+ years? old\\.$'
reason = "archive banner"
"""

BAD = {
    "invalid-toml": ("schema = 1\nname = \"x\"\n[[drop]\n", "invalid TOML"),
    "unknown-top-key": (GOOD + "colour = 'red'\n", "unknown key(s) colour"),
    "bad-regex": (GOOD.replace("'^This story", "'^(This story"), "rule 'archive-notice': bad regular expression"),
    "bad-category": (GOOD.replace('"notice"', '"nonsense"'), "rule 'archive-notice': unknown category 'nonsense'"),
    "missing-reason": (GOOD.replace('reason = "archive banner"\n', ""), "rule 'archive-notice': missing or empty 'reason'"),
    "unknown-rule-key": (GOOD + 'colour = "red"\n', "rule 'archive-notice': unknown key(s) colour"),
    "bad-schema": (GOOD.replace("schema = 1", "schema = 9"), "'schema' must be 1"),
    "bad-metadata-field": (GOOD + "[metadata]\nmood = '^(x)$'\n", "unknown field 'mood'"),
    "duplicate-id": (GOOD + GOOD[GOOD.index("[[drop]]"):], "rule 'archive-notice': duplicate rule id"),
    "bad-xpath": (GOOD + '[[strip]]\nid = "box"\ncategory = "promo"\nreason = "r"\nxpath = "//div[@class="\n',
                  "rule 'box': bad XPath in xpath"),
    "strip-both-ways": (GOOD + '[[strip]]\nid = "box"\ncategory = "promo"\nreason = "r"\nxpath = "//aside"\ncontains = "box"\n',
                        "rule 'box': give exactly one of 'xpath' or 'contains'"),
    "strip-contains-not-a-word": (GOOD + '[[strip]]\nid = "box"\ncategory = "promo"\nreason = "r"\ncontains = "a b"\n',
                                  "rule 'box': 'contains' must be one word"),
    "unknown-html-key": (GOOD + "[html]\ncontainer = '//article'\n", "[html] unknown key(s) container"),
    "bad-html-metadata-field": (GOOD + "[html.metadata]\nmood = '//h1'\n", "[html.metadata] unknown field 'mood'"),
    "bad-article-xpath": (GOOD + "[html]\narticle = '//div[@class='\n", "bad XPath in [html] article"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_rule_file_is_refused_with_path_rule_and_problem(case: str, tmp_path: Path) -> None:
    text, message = BAD[case]
    path = tmp_path / "example.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(RuleError) as e:
        load_outlet(path)
    assert str(path) in str(e.value)
    assert message in str(e.value)


def test_good_rule_file_loads() -> None:
    o = parse_outlet(Path("example.toml"), GOOD)
    assert o.name == "Example News" and o.rule_ids == ["example/archive-notice"]


def test_user_rules_folder_overrides_builtin_outlet(tmp_path: Path) -> None:
    (tmp_path / "vice.toml").write_text(GOOD.replace("Example News", "My VICE").replace("example.com", "vice.com"), "utf-8")
    c = Cleaner(Config(rules_dirs=(tmp_path,)))
    assert c.rules.outlets["vice"].name == "My VICE"
    art = c.clean("This story is over 5 years old.\n\nA sentence that is long enough to be the body of an article here.", url="https://vice.com/x")
    assert art.outlet == "My VICE"
    assert art.removed[0].rule == "vice/archive-notice"


def test_outlet_can_switch_off_a_generic_heuristic(tmp_path: Path) -> None:
    (tmp_path / "quiet.toml").write_text(GOOD.replace('domains = ["example.com"]', 'domains = ["quiet.example"]\ndisable = ["generic/footer"]'), "utf-8")
    c = Cleaner(Config(rules_dirs=(tmp_path,), builtin_rules=False))
    para = "A long enough sentence of the article, about the weather and the harvest."
    text = f"{para}\n\nAll rights reserved\n\n{para.replace('weather', 'rain')}"
    assert "All rights reserved" in c.clean(text, url="https://quiet.example/a").text
    assert [r.rule for r in c.clean(text).removed] == ["generic/footer"]


# --------------------------------------------------------------------------- cleaner rules list | check | test


def test_rules_list(capsys) -> None:
    from cleaner import cli

    assert cli.main(["rules", "list"]) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert "rt" in out and "3 drop, 1 cut, 3 strip" in out and "VICE News" in out


def test_rules_check_reports_every_bad_file(tmp_path: Path, capsys) -> None:
    from cleaner import cli

    (tmp_path / "one.toml").write_text(BAD["bad-regex"][0], "utf-8")
    (tmp_path / "two.toml").write_text(BAD["bad-category"][0], "utf-8")
    assert cli.main(["rules", "check", "--rules", str(tmp_path)]) == cli.EXIT_SOME_FAILED
    captured = capsys.readouterr()
    assert "one.toml: rule 'archive-notice': bad regular expression" in captured.err
    assert "two.toml: rule 'archive-notice': unknown category" in captured.err
    assert "6 rule files, 2 with problems" in captured.out


def test_rules_test_passes_on_the_shipped_fixtures(capsys) -> None:
    from cleaner import cli

    assert cli.main(["rules", "test", "--fixtures", str(ROOT / "fixtures")]) == cli.EXIT_OK
    assert "vice: ok, 3 fixtures" in capsys.readouterr().out


def test_rules_test_reports_a_rule_that_never_fires_and_a_changed_result(tmp_path: Path, capsys) -> None:
    from cleaner import cli

    rules = tmp_path / "rules"
    rules.mkdir()
    vice = (ROOT / "rules" / "vice.toml").read_text("utf-8")
    vice += '\n[[drop]]\nid = "old-layout"\ncategory = "promo"\npattern = \'^Subscribe to VICE News$\'\nreason = "gone since the redesign"\n'
    (rules / "vice.toml").write_text(vice, "utf-8")
    fixtures = tmp_path / "fixtures" / "rules" / "vice"
    fixtures.mkdir(parents=True)
    for p in (ROOT / "fixtures" / "rules" / "vice").iterdir():
        (fixtures / p.name).write_bytes(p.read_bytes())
    want = json.loads((fixtures / "seed-001.json").read_text("utf-8"))
    want["title"] = "Some other title"
    (fixtures / "seed-001.json").write_text(json.dumps(want), "utf-8")
    assert cli.main(["rules", "test", "vice", "--rules", str(rules), "--fixtures", str(tmp_path / "fixtures")]) == cli.EXIT_SOME_FAILED
    out = capsys.readouterr().out
    assert "never fires on its fixtures: vice/old-layout" in out
    assert "seed-001.txt: title differs" in out


def test_case_insensitive_signature_finds_look_alike_letters(tmp_path: Path) -> None:
    # the signature prefilter folds the text as the regex engine matches it case-insensitively:
    # "İ" (dotted capital I) is an "i" to a case-insensitive pattern, and to the prefilter
    (tmp_path / "istanbul.toml").write_text(
        'schema = 1\nname = "Istanbul Daily"\ndomains = ["istanbul.example"]\n'
        "signatures = ['(?i)^istanbul daily$']\n", "utf-8")
    cleaner = Cleaner(Config(rules_dirs=(tmp_path,), builtin_rules=False))
    body = "The city council met on Tuesday to discuss the new metro line and its cost to taxpayers."
    assert cleaner.clean(f"İSTANBUL DAILY\n{body}").outlet == "Istanbul Daily"
    assert cleaner.clean(f"ISTANBUL DAILY\n{body}").outlet == "Istanbul Daily"
