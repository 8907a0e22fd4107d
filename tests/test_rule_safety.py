"""Rule files that load but would fail later are refused at load (or degrade with a warning), and the
library checks its Config as the command line checks its arguments."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree, html as lxml_html

from cleaner import Cleaner, Config, RuleError
from cleaner.rules import XPATH_FUNCTIONS, load_outlet, xpath_problem

from test_rules import GOOD  # a valid rule file, the one test_rules starts from



def _strip(xpath: str) -> str:
    return GOOD + f'[[strip]]\nid = "box"\ncategory = "promo"\nreason = "r"\nxpath = """{xpath}"""\n'


def _load(tmp_path: Path, text: str, name: str = "example.toml") -> object:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return load_outlet(path)


# --------------------------------------------------------------------------- 1. XPaths lxml fails on only when evaluating

# A page on which every predicate below is reached, so lxml gets as far as the bad name.
PAGE = lxml_html.fromstring("<html><body><div class='a' id='x' lang='en'><p>hi</p></div></body></html>")

BAD_XPATHS = {
    "xpath2-function": ("//div[ends-with(@class, 'a')]", "unknown function ends-with()"),
    "xpath2-function-spaced": ("//div[lower-case (@class) = 'a']", "unknown function lower-case()"),
    "xslt-function": ("//div[generate-id() = 'x']", "unknown function generate-id()"),
    "variable": ("//div[@class = $cls]", "variable $cls is never bound"),
    "variable-at-start": ("$root//div", "variable $root is never bound"),
    "prefixed-element": ("//h:div", "namespace prefix 'h' is not bound"),
    "prefixed-wildcard": ("//div/h:*", "namespace prefix 'h' is not bound"),
    "prefixed-after-axis": ("//p/ancestor::h:div", "namespace prefix 'h' is not bound"),
    "exslt-regexp": ("//div[re:test(@class, '^a$')]", "namespace prefix 're' is not bound"),
    "xpath2-prefix": ("//div[fn:contains(@class, 'a')]", "namespace prefix 'fn' is not bound"),
}

GOOD_XPATHS = {
    "names-in-literals": "//div[contains(@class, 'ends-with($x)') or @id = \"h:div\"]",
    "operator-names": "//div[position() div 1 = 1 and count(p) mod 2 = 1 or false()]",
    "multiply-and-wildcard": "//*[1 * 1 = 1]/*",
    "axes-and-node-types": "//p/ancestor::div[1]/child::node()/self::p/text() | //comment() | //processing-instruction('x')",
    "xml-prefix": "//div[@xml:lang or lang('en')]",
    "hyphenated-names": "//div[string-length(normalize-space(substring-before(@class, ' '))) - 1 >= -1]",
    "spaced-call": "//div [ count ( p ) > 0 ]",
}


@pytest.mark.parametrize("case", sorted(BAD_XPATHS))
def test_xpath_that_only_fails_when_evaluated_is_refused_at_load(case: str, tmp_path: Path) -> None:
    xpath, problem = BAD_XPATHS[case]
    with pytest.raises(etree.XPathEvalError):  # what every page of the outlet would get
        etree.XPath(xpath)(PAGE)
    with pytest.raises(RuleError) as e:
        _load(tmp_path, _strip(xpath))
    assert str(tmp_path / "example.toml") in str(e.value)
    assert "rule 'box': bad XPath in xpath" in str(e.value)
    assert problem in str(e.value)


@pytest.mark.parametrize("case", sorted(GOOD_XPATHS))
def test_xpath_that_evaluates_loads(case: str, tmp_path: Path) -> None:
    xpath = GOOD_XPATHS[case]
    etree.XPath(xpath)(PAGE)
    assert xpath_problem(xpath) is None
    assert _load(tmp_path, _strip(xpath)).strips[0].xpath.source == xpath


@pytest.mark.parametrize("where", ["article", "metadata"])
def test_html_section_xpaths_are_checked_too(where: str, tmp_path: Path) -> None:
    section = "[html]\narticle = '//h:article'\n" if where == "article" else "[html.metadata]\ntitle = '//h1[$x]'\n"
    with pytest.raises(RuleError) as e:
        _load(tmp_path, GOOD + section)
    assert str(tmp_path / "example.toml") in str(e.value)
    assert ("[html] article" if where == "article" else "[html.metadata] title") in str(e.value)


@pytest.mark.parametrize("function", sorted(XPATH_FUNCTIONS))
def test_every_allowed_function_evaluates_in_lxml(function: str) -> None:
    args = {"concat": "'a', 'b'", "starts-with": "'a', 'b'", "contains": "'a', 'b'", "substring-before": "'a', 'b'",
            "substring-after": "'a', 'b'", "substring": "'a', 1", "translate": "'a', 'b', 'c'", "id": "'x'",
            "lang": "'en'", "count": ".", "sum": ".", "boolean": "1", "not": "1", "floor": "1", "ceiling": "1", "round": "1"}
    xpath = f"//div[{function}({args.get(function, '')}) or true()]"
    assert xpath_problem(xpath) is None
    assert etree.XPath(xpath)(PAGE)


def test_rules_check_reports_the_bad_xpath(tmp_path: Path) -> None:
    from cleaner import ruletools

    (tmp_path / "example.toml").write_text(_strip("//div[ends-with(@class, 'a')]"), "utf-8")
    n, problems = ruletools.check_files([tmp_path], builtin=False)
    assert n == 1 and len(problems) == 1 and "unknown function ends-with()" in problems[0]


# --------------------------------------------------------------------------- 3. signatures that refer to their groups

REFERRING_SIGNATURES = {
    "backreference": (r"^(ab)(cd)\2$", r"(\2)"),
    "backreference-g": (r"^(ab)\g<1>$", r"(\g<1>)"),
    "group-call": (r"^(ab)(?1)$", "((?1)"),
    "recursion": (r"^a(?R)?b$", "((?R))"),
    "conditional": (r"^(a)?(?(1)b|c)$", "((?()"),
}


@pytest.mark.parametrize("case", sorted(REFERRING_SIGNATURES))
def test_signature_referring_to_a_group_is_refused(case: str, tmp_path: Path) -> None:
    """Signatures are searched as one merged pattern, which renumbers groups: \\2 would match another group."""
    sig, shown = REFERRING_SIGNATURES[case]
    with pytest.raises(RuleError) as e:
        _load(tmp_path, GOOD.replace("'^Example footer$'", f"'^Example footer$', '{sig}'"))
    assert str(tmp_path / "example.toml") in str(e.value)
    assert f"signature {sig!r} refers to a group {shown}" in str(e.value)


@pytest.mark.parametrize("sig", [r"^(ab|cd)+ \d{2}$", r"^[\1\2] x$", r"^\\1 y$", r"^[]\1] z$", r"(?i)^(?-i:A)b$"])
def test_signature_without_group_references_loads(sig: str, tmp_path: Path) -> None:
    o = _load(tmp_path, GOOD.replace("'^Example footer$'", f"'{sig}'"))
    assert [s.pattern for s in o.signatures] == [sig]


# --------------------------------------------------------------------------- 2. a signature that backtracks catastrophically

CATASTROPHIC = "^(a|a)*$"
STUCK_LINE = "a" * 40 + "b"  # (a|a)* tries 2**40 ways before giving up on the b


def _outlets(tmp_path: Path) -> Path:
    """Two outlets: 'bad' (first, by name) with a catastrophic signature, 'good' with a plain one."""
    (tmp_path / "bad.toml").write_text(f"schema = 1\nname = \"Bad\"\nsignatures = ['{CATASTROPHIC}']\n", "utf-8")
    (tmp_path / "good.toml").write_text("schema = 1\nname = \"Good\"\nsignatures = ['^Good News footer$']\n", "utf-8")
    return tmp_path


def test_catastrophic_signature_is_skipped_and_reported_and_others_still_recognised(tmp_path: Path) -> None:
    from cleaner.rules import RuleSet

    rules = RuleSet.load([_outlets(tmp_path)], builtin=False)
    warnings: list[str] = []
    assert rules.by_signature(f"{STUCK_LINE}\nGood News footer", warnings=warnings) is rules.outlets["good"]
    assert len(warnings) == 1
    assert str(tmp_path / "bad.toml") in warnings[0] and repr(CATASTROPHIC) in warnings[0]
    assert "gave up after" in warnings[0]


def test_signature_timeout_reaches_the_articles_warnings(tmp_path: Path) -> None:
    c = Cleaner(Config(rules_dirs=(_outlets(tmp_path),), builtin_rules=False))
    para = "A long enough sentence of the article, about the weather and the harvest this year."
    art = c.clean(f"{para}\n\n{STUCK_LINE}\n\nGood News footer")
    assert art.outlet == "Good"
    assert [w for w in art.warnings if "bad.toml" in w and repr(CATASTROPHIC) in w]


def test_signature_timeout_on_a_page_reaches_the_articles_warnings(tmp_path: Path) -> None:
    c = Cleaner(Config(rules_dirs=(_outlets(tmp_path),), builtin_rules=False))
    para = "A long enough sentence of the article, about the weather and the harvest this year."
    page = f"<html><body><article><p>{para}</p><p>{STUCK_LINE}</p><p>Good News footer</p></article></body></html>"
    art = c.clean_html(page)
    assert [w for w in art.warnings if "bad.toml" in w and repr(CATASTROPHIC) in w]


def test_catastrophic_signature_that_is_not_reached_costs_no_warning(tmp_path: Path) -> None:
    from cleaner.rules import RuleSet

    rules = RuleSet.load([_outlets(tmp_path)], builtin=False)
    warnings: list[str] = []
    assert rules.by_signature("Some text\nGood News footer", warnings=warnings) is rules.outlets["good"]
    assert rules.by_signature("aaaa\nGood News footer", warnings=warnings) is rules.outlets["bad"]
    assert warnings == []


# --------------------------------------------------------------------------- 4. disable names and Config types

def test_rule_file_disabling_an_unknown_heuristic_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RuleError) as e:
        _load(tmp_path, GOOD.replace("signatures", "disable = [\"generic/footer\", \"no-such-heuristic\"]\nsignatures"), "quiet.toml")
    assert str(tmp_path / "quiet.toml") in str(e.value)
    assert "no generic heuristic or rule named 'no-such-heuristic'" in str(e.value)
    assert "'generic/footer'" not in str(e.value)  # the known name is not blamed


@pytest.mark.parametrize("names", [["navigation"], ["generic/navigation"], ["caption", "generic/credit", "hover-card"]])
def test_rule_file_disabling_known_names_loads(names: list[str], tmp_path: Path) -> None:
    o = _load(tmp_path, GOOD.replace("signatures", f"disable = {names!r}\nsignatures"))
    assert o.disable == {n.removeprefix("generic/") for n in names}


def test_cleaner_refuses_config_disabling_an_unknown_heuristic() -> None:
    config = Config(disable={"nosuch", "navigation"})
    with pytest.raises(ValueError) as e:
        Cleaner(config)
    assert "Config.disable: no generic heuristic or rule named 'nosuch'" in str(e.value)


BAD_CONFIGS = {
    "disable-str": (dict(disable="navigation"), "Config.disable must be a collection (tuple, list, set) of str, not one str"),
    "disable-item": (dict(disable={"navigation", 3}), "Config.disable: each item must be a str, not 3"),
    "disable-none": (dict(disable=None), "Config.disable must be a collection (tuple, list, set) of str, not None"),
    "rules-dirs-str": (dict(rules_dirs="my_rules"), "write rules_dirs=('my_rules',)"),
    "rules-dirs-path": (dict(rules_dirs=Path("my_rules")), "Config.rules_dirs must be a collection (tuple, list, set) of str or Path, not one PosixPath"),
    "rules-dirs-bytes": (dict(rules_dirs=b"my_rules"), "not one bytes"),
    "rules-dirs-item": (dict(rules_dirs=["a", None]), "Config.rules_dirs: each item must be a str or Path, not None"),
    "builtin-rules-str": (dict(builtin_rules="no"), "Config.builtin_rules must be True or False, not 'no'"),
    "generic-int": (dict(generic=0), "Config.generic must be True or False, not 0"),
}


@pytest.mark.parametrize("case", sorted(BAD_CONFIGS))
def test_config_of_the_wrong_type_is_refused(case: str) -> None:
    kwargs, message = BAD_CONFIGS[case]
    with pytest.raises(TypeError) as e:
        Config(**kwargs)
    assert message in str(e.value)


def test_config_takes_any_collection_of_the_right_items(tmp_path: Path) -> None:
    config = Config(rules_dirs=[str(tmp_path), tmp_path], disable=["navigation", "generic/caption"], generic=False)
    assert config.rules_dirs == (tmp_path, tmp_path)
    assert config.disable == {"navigation", "generic/caption"}
    assert not config.enabled("caption")


# --------------------------------------------------------------------------- 5. cleaner rules test: nothing to compare, and how it differs

FIXTURE_TEXT = ("This story is over 5 years old.\n\nHarvest Rains Return\n\n"
                + "\n\n".join(f"Paragraph {n} of the article, a sentence long enough to be body text about the harvest."
                              for n in range(1, 6)))


def _fixture(tmp_path: Path, expected: str | None) -> object:
    """run_fixtures on one text fixture of outlet 'example' whose .json holds `expected` (None: no .json)."""
    from cleaner import ruletools
    from cleaner.rules import RuleSet

    rules_dir = tmp_path / "rules-dir"
    rules_dir.mkdir()
    (rules_dir / "example.toml").write_text(GOOD, "utf-8")
    folder = tmp_path / "fixtures" / "rules" / "example"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text(FIXTURE_TEXT, "utf-8")
    if expected is not None:
        (folder / "a.json").write_text(expected, "utf-8")
    config = Config(rules_dirs=(rules_dir,), builtin_rules=False)
    return ruletools.run_fixtures(config, RuleSet.load(config.rules_dirs, False), "example", tmp_path / "fixtures")


def _got(tmp_path: Path) -> dict:
    from cleaner.rules import parse_outlet

    outlet = parse_outlet(tmp_path / "example.toml", GOOD)
    return Cleaner(Config(builtin_rules=False)).clean(FIXTURE_TEXT, outlet=outlet).to_dict()


@pytest.mark.parametrize("expected, problem", [
    (None, "a.txt: nothing to compare with (a.json missing)"),
    ("{}", "a.txt: nothing to compare with (a.json gives none of outlet, title, authors, published, text)"),
    ('{"colour": "red"}', "a.txt: nothing to compare with (a.json gives none of"),
    ("[1, 2]", "a.txt: nothing to compare with (a.json gives none of"),
    ("{not json", "a.txt: cannot read a.json: "),
], ids=["missing", "empty", "no-compared-field", "not-a-table", "not-json"])
def test_fixture_with_nothing_to_compare_fails(expected: str | None, problem: str, tmp_path: Path) -> None:
    rep = _fixture(tmp_path, expected)
    assert not rep.ok
    assert len(rep.mismatches) == 1 and rep.mismatches[0].startswith(problem)
    assert rep.never_fired == []  # the rules still ran


def test_fixture_that_matches_passes(tmp_path: Path) -> None:
    got = _got(tmp_path)
    rep = _fixture(tmp_path, json.dumps({k: got[k] for k in ("outlet", "title", "text")}))
    assert rep.ok and rep.mismatches == []


def test_differing_field_shows_expected_and_got(tmp_path: Path) -> None:
    got = _got(tmp_path)
    rep = _fixture(tmp_path, json.dumps({"title": "Some other title", "outlet": got["outlet"]}))
    assert rep.mismatches == [f"a.txt: title differs: expected 'Some other title', got {got['title']!r}"]


def test_differing_text_shows_its_first_differing_line_cut_short(tmp_path: Path) -> None:
    got = _got(tmp_path)
    paragraphs = got["text"].split("\n\n")
    changed = "x" * 500
    want = "\n\n".join([*paragraphs[:2], changed, *paragraphs[3:]])
    rep = _fixture(tmp_path, json.dumps({"text": want}))
    [m] = rep.mismatches
    assert m == f"a.txt: text differs at paragraph 3: expected {changed!r:.200}... (502 characters), got {paragraphs[2]!r}"


def test_text_that_ends_early_says_so(tmp_path: Path) -> None:
    got = _got(tmp_path)
    rep = _fixture(tmp_path, json.dumps({"text": got["text"] + "\n\nOne more paragraph"}))
    n = got["text"].count("\n\n") + 2
    assert rep.mismatches == [f"a.txt: text differs at paragraph {n}: expected 'One more paragraph', got the end of the text"]


def test_rules_test_command_fails_an_outlet_whose_fixture_has_no_expected_output(tmp_path: Path, capsys) -> None:
    from cleaner import cli

    _fixture(tmp_path, "{}")
    argv = ["rules", "test", "example", "--no-builtin-rules", "--rules", str(tmp_path / "rules-dir"),
            "--fixtures", str(tmp_path / "fixtures")]
    assert cli.main(argv) == cli.EXIT_SOME_FAILED
    out = capsys.readouterr().out
    assert "example: FAIL, 1 fixture" in out
    assert "differs from expected: a.txt: nothing to compare with (a.json gives none of" in out
