"""Which C speed-ups this install has: cleaner/_shapes.c built as cleaner._shapes, or None.

setup.py builds it where a C compiler is at hand; without it, or with CLEANER_PURE_PYTHON=1 set,
the Python functions it stands in for serve (the same answers, more slowly)."""
from __future__ import annotations

import os
from types import ModuleType

shapes: ModuleType | None = None
if not os.environ.get("CLEANER_PURE_PYTHON"):
    try:
        from . import _shapes as shapes  # noqa: F401  (the module this one exports)
    except ImportError:
        pass
