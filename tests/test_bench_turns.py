"""bench/speed.py's in-turns timing: every page by both systems, the first of the two alternating page by page."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SPEED = Path(__file__).resolve().parent.parent / "bench" / "speed.py"


@pytest.fixture(scope="module")
def speed():
    if not SPEED.exists():
        pytest.skip("bench/ is not beside the tests (an installed copy)")
    spec = importlib.util.spec_from_file_location("bench_speed", SPEED)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # (its dataclasses look their module up there)
    path = list(sys.path)
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = path  # (it puts bench/ first on the path, to import quality.py)
    return module


def test_each_page_by_both_in_alternating_order(speed) -> None:
    calls: list[tuple[str, bytes]] = []
    work = [(b"a", None), (b"b", "u"), (b"c", None)]
    spent = speed.in_turns(work, lambda p, u: calls.append(("peer", p)), lambda p, u: calls.append(("ours", p)))
    assert calls == [("ours", b"a"), ("peer", b"a"), ("peer", b"b"), ("ours", b"b"), ("ours", b"c"), ("peer", b"c")]
    assert set(spent) == {"trafilatura", "cleaner"} and all(t >= 0 for t in spent.values())
