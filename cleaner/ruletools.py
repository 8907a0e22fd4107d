"""Keep rule files honest: list the outlets, validate every file, run each outlet's fixtures."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .config import Config
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


def run_fixtures(config: Config, rules: RuleSet, outlet: str, root: Path) -> FixtureReport:
    """Run an outlet's fixtures with its rules alone (generic heuristics off) to see which rules fire,
    and with everything on to compare with each fixture's expected .json."""
    report = FixtureReport(outlet)
    alone = Cleaner(Config(rules_dirs=config.rules_dirs, builtin_rules=config.builtin_rules, generic=False), rules)
    full = Cleaner(config, rules)
    fired: set[str] = set()
    for path in fixtures_of(root, outlet):
        report.fixtures.append(str(path))
        is_html = path.suffix == ".html"
        o = rules.outlets[outlet]
        run = (lambda c: c.clean_html(path.read_bytes())) if is_html else (lambda c: c.clean(path.read_text("utf-8"), outlet=o))
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
