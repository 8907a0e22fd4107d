"""Keep rule files honest: list the outlets and the generic heuristics, validate every file, run
each outlet's fixtures and write the expected results of new ones."""
from __future__ import annotations

import inspect
import json
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from .config import Config
from .model import Label
from .pipeline import Cleaner
from .rules import Outlet, RuleError, RuleSet, load_outlet, rule_files


def outlet_counts(o: Outlet) -> dict[str, int]:
    return {"domains": len(o.domains), "signatures": len(o.signatures), "drop": len(o.drops), "cut": len(o.cuts),
            "strip": len(o.strips), "metadata": len(o.metadata) + len(o.html_metadata)}


def list_outlets(rules: RuleSet) -> list[str]:
    """One line per outlet: key, display name, rule counts, file."""
    lines = []
    for key in sorted(rules.outlets):
        o = rules.outlets[key]
        counts = ", ".join(f"{v} {k}" for k, v in outlet_counts(o).items())
        lines.append(f"{key:<16} {o.name:<24} {counts}  ({o.path})")
    return lines


def labels_of(detect: Callable[..., Any], seen: set[Any] | None = None) -> dict[str, Label]:
    """The Labels (by rule id) a detector can give: those its code names, and those of the
    functions of its own module that it calls, read from their compiled code."""
    seen = set() if seen is None else seen
    fn = inspect.unwrap(detect)
    if not isinstance(fn, types.FunctionType) or fn in seen:
        return {}
    seen.add(fn)
    names: set[str] = set()
    codes = [fn.__code__]
    while codes:
        code = codes.pop()
        names |= set(code.co_names)
        codes += [c for c in code.co_consts if isinstance(c, types.CodeType)]
    out: dict[str, Label] = {}
    for name in sorted(names):
        value = fn.__globals__.get(name)
        if isinstance(value, Label):
            out[value.rule] = value
        elif callable(value) and getattr(inspect.unwrap(value), "__module__", None) == fn.__module__:
            out.update(labels_of(value, seen))
    return out


def generic_families() -> list[tuple[str, list[Label]]]:
    """(name --disable takes, the Labels it gives), per generic heuristic in the order they run;
    the mojibake repair and the hover-card cut (made before the text is split into lines) first."""
    from .heuristics import DETECTORS
    from .inline import HOVER_CARD
    from .mojibake import MOJIBAKE

    return [(lab.rule.removeprefix("generic/"), [lab]) for lab in (MOJIBAKE, HOVER_CARD)] + [
        (name, sorted(labels_of(detect).values(), key=lambda lab: lab.rule)) for name, detect in DETECTORS.items()]


def list_generic() -> list[str]:
    """The generic heuristics: per family the name --disable takes, then each rule id it gives
    (which --disable takes too), with its category and what it removes."""
    families = generic_families()
    width = max(16, *(len(name) for name, _ in families))
    lines = ["# --disable NAME takes a family (left) or one of its rule ids (right), with or without generic/",
             f"{'family':<{width}} {'rule id':<26} {'category':<12} removes"]
    for name, labels in families:
        for k, lab in enumerate(labels):
            lines.append(f"{name if k == 0 else '':<{width}} {lab.rule:<26} {lab.category:<12} {lab.reason}")
    return lines


def check_files(dirs: Iterable[Path], builtin: bool) -> tuple[int, list[str]]:
    """Validate every rule file on its own (one bad file does not hide the next); (files, problems)."""
    files = rule_files(dirs, builtin)
    problems = []
    for path in files.values():
        try:
            load_outlet(path)
        except RuleError as e:
            problems.append(str(e))
    return len(files), problems


@dataclass
class FixtureReport:
    outlet: str
    fixtures: list[str] = field(default_factory=list)
    # "<fixture>: <field> differs: expected ..., got ...", or why the fixture has nothing to compare with
    mismatches: list[str] = field(default_factory=list)
    never_fired: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.fixtures) and not self.mismatches and not self.never_fired


COMPARED = ("outlet", "title", "authors", "published", "text")
SHOWN = 200  # characters of a differing value shown in a mismatch


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= SHOWN else f"{text[:SHOWN]}... ({len(text)} characters)"


def difference(name: str, want: object, got: object) -> str:
    """How a field differs from what a fixture expects: both values, or for text of several lines
    the first paragraph (non-blank line) that differs; each cut to SHOWN characters."""
    if isinstance(want, str) and isinstance(got, str) and ("\n" in want or "\n" in got):
        a, b = ([p for p in t.split("\n") if p.strip()] for t in (want, got))
        i = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        end = "the end of the text"
        return (f"{name} differs at paragraph {i + 1}: expected {_shown(a[i]) if i < len(a) else end}, "
                f"got {_shown(b[i]) if i < len(b) else end}")
    return f"{name} differs: expected {_shown(want)}, got {_shown(got)}"


def expected_of(path: Path) -> tuple[dict | None, str | None]:
    """A fixture's expected result (its .json beside it), or why there is none to compare with."""
    expected = path.with_suffix(".json")
    try:
        want = json.loads(expected.read_text("utf-8"))
    except FileNotFoundError:
        return None, f"{path.name}: nothing to compare with ({expected.name} missing)"
    except (OSError, UnicodeDecodeError, ValueError) as e:
        return None, f"{path.name}: cannot read {expected.name}: {e}"
    if not isinstance(want, dict) or not any(k in want for k in COMPARED):
        return None, f"{path.name}: nothing to compare with ({expected.name} gives none of {', '.join(COMPARED)})"
    return want, None


def fixtures_of(root: Path, outlet: str) -> list[Path]:
    """An outlet's fixtures: <root>/rules/<outlet>/*.txt and <root>/html/<outlet>/*.html."""
    return sorted((root / "rules" / outlet).glob("*.txt")) + sorted((root / "html" / outlet).glob("*.html"))


def _clean_fixture(cleaner: Cleaner, rules: RuleSet, outlet: str, path: Path) -> Any:
    if path.suffix == ".html":
        return cleaner.clean_html(path.read_bytes())
    return cleaner.clean(path.read_text("utf-8"), outlet=rules.outlets[outlet])


def update_expected(config: Config, rules: RuleSet, outlet: str, root: Path, force: bool = False) -> list[Path]:
    """Write the expected .json (the COMPARED fields and the other metadata fields the shipped
    fixtures keep) of each of the outlet's fixtures that has none, or of every one with `force`,
    from what cleaner gives now; the paths written. The author reviews the diff and commits it."""
    full = Cleaner(config, rules)
    written = []
    for path in fixtures_of(root, outlet):
        expected = path.with_suffix(".json")
        if expected.exists() and not force:
            continue
        got = _clean_fixture(full, rules, outlet, path).to_dict()
        want = {k: got.get(k) for k in EXPECTED_FIELDS}
        expected.write_text(json.dumps(want, indent=1, ensure_ascii=False) + "\n", "utf-8")
        written.append(expected)
    return written


EXPECTED_FIELDS = ("outlet", "title", "description", "authors", "published", "agency", "credits", "text")


def run_fixtures(config: Config, rules: RuleSet, outlet: str, root: Path) -> FixtureReport:
    """Run an outlet's fixtures with its rules alone (generic heuristics off) to see which rules fire,
    and with everything on to compare with each fixture's expected .json."""
    report = FixtureReport(outlet)
    alone = Cleaner(Config(rules_dirs=config.rules_dirs, builtin_rules=config.builtin_rules, generic=False), rules)
    full = Cleaner(config, rules)
    fired: set[str] = set()
    for path in fixtures_of(root, outlet):
        report.fixtures.append(str(path))
        run = lambda c: _clean_fixture(c, rules, outlet, path)  # noqa: E731
        fired |= {r.rule for r in run(alone).removed}
        want, problem = expected_of(path)
        if want is None:
            report.mismatches.append(str(problem))
            continue
        got = run(full).to_dict()
        report.mismatches += [f"{path.name}: {difference(k, want[k], got.get(k))}"
                              for k in COMPARED if k in want and got.get(k) != want[k]]
    report.never_fired = sorted(set(rules.outlets[outlet].rule_ids) - fired)
    return report
