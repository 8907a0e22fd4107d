"""The one frozen configuration object a Cleaner is built from."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Config:
    """What to load and what to run.

    rules_dirs: extra folders of outlet rule files; a file there overrides the
        built-in outlet of the same name (file stem).
    builtin_rules: load the outlet rules that ship with the package.
    disable: generic heuristics to switch off, by family ("navigation") or by
        rule id ("generic/caption").
    generic: run the generic heuristics at all (off: only outlet rules run;
        used to test an outlet's rules on their own).
    """

    rules_dirs: tuple[Path, ...] = ()
    builtin_rules: bool = True
    disable: frozenset[str] = field(default_factory=frozenset)
    generic: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "rules_dirs", tuple(Path(p) for p in self.rules_dirs))
        object.__setattr__(self, "disable", frozenset(self.disable))

    def enabled(self, name: str) -> bool:
        """Whether generic family or rule `name` (bare or as generic/<name>) may run."""
        bare = name.removeprefix("generic/")
        return self.generic and bare not in self.disable and f"generic/{bare}" not in self.disable
