"""The one frozen configuration object a Cleaner is built from."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


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
        """Type checks (TypeError naming the field); whether each disable name is known is checked
        by the Cleaner, which has the heuristics (the core imports no stage)."""
        dirs = _items("rules_dirs", self.rules_dirs, (str, os.PathLike), "str or Path")
        object.__setattr__(self, "rules_dirs", tuple(Path(p) for p in dirs))
        object.__setattr__(self, "disable", frozenset(_items("disable", self.disable, str, "str")))
        for name in ("builtin_rules", "generic"):
            value = getattr(self, name)
            if not isinstance(value, bool):
                raise TypeError(f"Config.{name} must be True or False, not {value!r}")

    def enabled(self, name: str) -> bool:
        """Whether generic family or rule `name` (bare or as generic/<name>) may run."""
        bare = name.removeprefix("generic/")
        return self.generic and bare not in self.disable and f"generic/{bare}" not in self.disable


def _items(name: str, value: Any, kinds: type | tuple[type, ...], what: str) -> list[Any]:
    """The items of Config field `name`, a collection of `what`; TypeError for a lone str, bytes or
    path (which would be read as its characters) and for an item of another type."""
    if isinstance(value, (str, bytes, os.PathLike)):
        raise TypeError(f"Config.{name} must be a collection (tuple, list, set) of {what}, not one {type(value).__name__}: "
                        f"write {name}=({value!r},)")
    try:
        items = list(value)
    except TypeError:
        raise TypeError(f"Config.{name} must be a collection (tuple, list, set) of {what}, not {value!r}") from None
    for item in items:
        if not isinstance(item, kinds):
            raise TypeError(f"Config.{name}: each item must be a {what}, not {item!r}")
    return items
