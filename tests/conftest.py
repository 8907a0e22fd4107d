"""Cleaners the test modules share: everything on, and outlet rules alone (generic heuristics off)."""
from __future__ import annotations

import pytest

from cleaner import Cleaner, Config


@pytest.fixture(scope="session")
def full() -> Cleaner:
    return Cleaner()


@pytest.fixture(scope="session")
def rules_only() -> Cleaner:
    return Cleaner(Config(generic=False))
