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
    mismatches: list[str] = field(default_factory=list)  # fixture: field that differs from its .json
    never_fired: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.fixtures) and not self.mismatches and not self.never_fired


COMPARED = ("outlet", "title", "authors", "published", "text")


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
        expected = path.with_suffix(".json")
        if expected.exists():
            want = json.loads(expected.read_text("utf-8"))
            got = run(full).to_dict()
            report.mismatches += [f"{path.name}: {k} differs" for k in COMPARED if k in want and got.get(k) != want[k]]
    report.never_fired = sorted(set(rules.outlets[outlet].rule_ids) - fired)
    return report
