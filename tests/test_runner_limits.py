"""The batch runner's limits hold at every -j: a document past --timeout is stopped even inside C,
a dying worker costs only its document, records and error records are the same at -j 1 and -j 2,
and Ctrl-C stops the run without a traceback from every worker."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleaner import Cleaner, cli

ROOT = Path(__file__).resolve().parents[1]
GOOD = sorted((ROOT / "seeds").glob("*.txt"))[1].read_text("utf-8")
HERE = Path(__file__).resolve().parent
GENEROUS = 30.0  # seconds: far more than the runs below need, far less than the old runner took


class DyingCleaner(Cleaner):
    """A Cleaner whose worker process dies on one document, as a segfault in a C library would, and
    sleeps on another (in Python: an alarm or Ctrl-C can stop it)."""

    def clean(self, text, *args, **kwargs):  # type: ignore[override]
        if "DIE-HERE" in text:
            os._exit(3)
        if "SLEEP-HERE" in text:
            time.sleep(120)
        return super().clean(text, *args, **kwargs)


def _run(*args: str) -> int:
    return cli.main(["clean", "-q", *args])


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def _script(code: str, workers: int) -> subprocess.Popen:
    """Python code run in a fresh process with this module importable, as a session of its own
    (so that a signal can go to the whole process group, as a terminal's Ctrl-C does)."""
    prelude = (f"import sys, json, os, time; sys.path.insert(0, {str(HERE)!r}); "
               "from test_runner_limits import DyingCleaner, GOOD; from cleaner import batch, runner; "
               f"WORKERS = {workers}\n")
    return subprocess.Popen([sys.executable, "-c", prelude + code], cwd=HERE, start_new_session=True, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


# --------------------------------------------------------------------------- time limit inside C


def _burning_page(divs: int) -> str:
    """A page on which the strip rule below costs (elements)^3 steps inside libxml2: with 1,500 divs,
    minutes, where the time limit is one second."""
    return "<html><body>" + "".join(f"<div><p>Paragraph {i} of the page.</p></div>" for i in range(divs)) + "</body></html>"


@pytest.mark.parametrize("workers", ["1", "2"])
def test_strip_xpath_burning_cpu_in_c_is_stopped_at_the_time_limit(tmp_path: Path, workers: str) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "slow.toml").write_text("""schema = 1
name = "Slow"
domains = ["slow.example"]

[[strip]]
id = "burn"
category = "navigation"
reason = "an XPath whose nested counts make libxml2 work for minutes"
xpath = '//*[count(//*[count(//*) > 0]) > 0]'
""", "utf-8")
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "slow", "url": "https://slow.example/a", "html": _burning_page(1500)}) + "\n"
                   + json.dumps({"id": "next", "text": GOOD}) + "\n", "utf-8")
    out = tmp_path / "out.jsonl"
    t0 = time.monotonic()
    code = _run(str(src), "-o", str(out), "--rules", str(rules), "--timeout", "1", "-j", workers)
    assert time.monotonic() - t0 < GENEROUS
    assert code == cli.EXIT_SOME_FAILED
    slow, nxt = _records(out)
    slow.pop("cleaner")
    assert slow == {"id": "slow", "source": f"{src}:1", "error": "took longer than 1 s to clean (--timeout); skipped"}
    assert nxt["id"] == "next" and "error" not in nxt and nxt["text"]


@pytest.mark.parametrize("timeout", ["0", "inf"])
def test_no_time_limit(timeout: str) -> None:
    """For the library (the command line refuses both): a limit of 0 or infinity is none."""
    from cleaner import batch, runner

    doc = batch.Document(id="a", source="s", text=GOOD)
    (outcome,) = runner.run(Cleaner(), [doc], 1, runner.Limits(max_seconds=float(timeout)))
    assert outcome.record["id"] == "a" and not outcome.error


# --------------------------------------------------------------------------- a worker that dies


@pytest.mark.parametrize("workers", [1, 2])
def test_a_dying_worker_costs_only_its_document(workers: int) -> None:
    proc = _script("""
docs = [batch.Document(id=f"d{i}", source=f"s{i}", text="DIE-HERE" if i == 2 else GOOD) for i in range(6)]
for o in runner.run(DyingCleaner(), docs, WORKERS):
    print(json.dumps([o.record["id"], o.record.get("error")]))
""", workers)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    got = [json.loads(line) for line in out.splitlines()]
    assert [ident for ident, _ in got] == [f"d{i}" for i in range(6)]
    assert [error is not None for _, error in got] == [i == 2 for i in range(6)]
    assert got[2][1] == "a worker process died while cleaning this document (crash or out of memory; exit status 3)"


def test_timeouts_and_deaths_keep_input_order_past_the_window() -> None:
    proc = _script("""
marks = {3: "DIE-HERE", 9: "SLEEP-HERE", 17: "DIE-HERE", 18: "SLEEP-HERE"}
docs = (batch.Document(id=f"d{i}", source=f"s{i}", text=marks.get(i, GOOD)) for i in range(40))
for o in runner.run(DyingCleaner(), docs, WORKERS, runner.Limits(max_seconds=1)):
    print(json.dumps([o.record["id"], o.record.get("error")]))
""", 2)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    got = [json.loads(line) for line in out.splitlines()]
    assert [ident for ident, _ in got] == [f"d{i}" for i in range(40)]  # 40 > the 16 documents in flight
    errors = {ident: error for ident, error in got if error}
    assert set(errors) == {"d3", "d9", "d17", "d18"}
    assert "worker process died" in errors["d3"] and "worker process died" in errors["d17"]
    assert errors["d9"] == errors["d18"] == "took longer than 1 s to clean (--timeout); skipped"


# --------------------------------------------------------------------------- same records at every -j


def _nested(depth: int) -> dict:
    value: dict = {}
    for _ in range(depth):
        value = {"a": value}
    return value


def _same_at_every_j(src: Path, tmp_path: Path) -> list[dict]:
    """The records of a run at -j 1 (some failed), checked byte for byte against a run at -j 2."""
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert _run(str(src), "-o", str(one), "-j", "1") == cli.EXIT_SOME_FAILED
    assert _run(str(src), "-o", str(two), "-j", "2") == cli.EXIT_SOME_FAILED
    assert one.read_bytes() == two.read_bytes()
    return _records(one)


def test_deeply_nested_passthrough_field_gives_the_same_record_at_every_j(tmp_path: Path) -> None:
    """Nested as deep as batch.MAX_DEPTH allows, a passthrough field comes through at every -j; past
    it (900 deep), the same error record at every -j."""
    from cleaner import batch

    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "deep", "text": GOOD, "nest": _nested(batch.MAX_DEPTH - 2)}) + "\n"
                   + json.dumps({"id": "deeper", "text": GOOD, "nest": _nested(900)}) + "\n"
                   + json.dumps({"id": "next", "text": GOOD}) + "\n", "utf-8")
    deep, deeper, nxt = _same_at_every_j(src, tmp_path)
    assert deep["id"] == "deep" and deep["nest"] == _nested(batch.MAX_DEPTH - 2) and deep["text"]
    assert deeper["id"] == "2" and deeper["error"] == f"not valid JSON: nested more than {batch.MAX_DEPTH} deep"
    assert nxt["id"] == "next"


def test_record_too_deep_to_read_is_an_error_record_named_by_its_line_at_every_j(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": GOOD}) + "\n"
                   + '{"text": "x", "nest": ' + "[" * 50_000 + "]" * 50_000 + "}\n"
                   + json.dumps({"id": "c", "text": GOOD}) + "\n", "utf-8")
    a, deep, c = _same_at_every_j(src, tmp_path)
    assert (a["id"], c["id"]) == ("a", "c") and "error" not in a and "error" not in c
    assert deep["id"] == "2" and deep["source"] == f"{src}:2"
    assert deep["error"].startswith("not valid JSON: nested more than")


# --------------------------------------------------------------------------- Ctrl-C, SIGTERM


def _first_line(proc: subprocess.Popen) -> str:
    assert proc.stdout is not None
    return proc.stdout.readline()


def test_ctrl_c_stops_workers_without_tracebacks_and_reaches_the_caller() -> None:
    proc = _script("""
docs = [batch.Document(id=f"d{i}", source=f"s{i}", text="SLEEP-HERE" if i == 1 else GOOD) for i in range(4)]
try:
    for o in runner.run(DyingCleaner(), docs, WORKERS, runner.Limits(max_seconds=0)):
        print(o.record["id"], flush=True)
except KeyboardInterrupt:
    import multiprocessing
    print("interrupted; workers left:", len(multiprocessing.active_children()), flush=True)
    sys.exit(130)
""", 2)
    assert _first_line(proc) == "d0\n"
    time.sleep(0.5)  # d1 asleep in its worker, the parent waiting for it
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: to every process of the run
    out, err = proc.communicate(timeout=GENEROUS)
    assert proc.returncode == 130
    assert out == "interrupted; workers left: 0\n"
    assert "Traceback" not in err and "KeyboardInterrupt" not in err


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states from /proc")
def test_sigterm_ends_the_run_and_its_workers() -> None:
    proc = _script("""
import multiprocessing
docs = [batch.Document(id=f"d{i}", source=f"s{i}", text="SLEEP-HERE" if i == 1 else GOOD) for i in range(4)]
for o in runner.run(DyingCleaner(), docs, WORKERS, runner.Limits(max_seconds=0)):
    print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
""", 2)
    workers = [int(pid) for pid in _first_line(proc).split()]
    assert workers
    proc.send_signal(signal.SIGTERM)  # the parent alone: its workers notice it is gone
    proc.communicate(timeout=GENEROUS)
    assert proc.returncode == -signal.SIGTERM
    deadline = time.monotonic() + GENEROUS
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(_alive, workers))


# --------------------------------------------------------------------------- a slow input


def test_a_slow_input_holds_back_no_deadline_and_no_outcome() -> None:
    """Standard input that a pipe fills slowly: while the run waits for the next input, the document
    in the worker still meets its deadline, and its error record comes out before that input does."""
    import threading

    from cleaner import batch, runner

    released = threading.Event()
    gave_up: list[bool] = []

    def items():
        yield batch.Document(id="slow", source="<stdin>:1", text="SLEEP-HERE\n" + GOOD)
        if not released.wait(GENEROUS):  # the next line comes only once the first record is out
            gave_up.append(True)
        yield batch.Document(id="good", source="<stdin>:2", text=GOOD)

    outcomes = runner.run(DyingCleaner(), items(), 1, runner.Limits(max_seconds=1.0), slow_inputs=True)
    first = next(outcomes)
    released.set()
    rest = list(outcomes)
    assert not gave_up
    assert first.record["id"] == "slow" and "--timeout" in first.record["error"]
    assert [(o.record["id"], o.error) for o in rest] == [("good", False)]



def test_a_worker_replaced_while_standard_input_is_read_does_not_hang(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard input a pipe fills slowly, and a worker that dies meanwhile: its replacement is forked while
    the reading thread waits inside the stdin reader, and must still clean the next document (it hung in
    multiprocessing's sys.stdin.close(), on the reader's lock the fork copied held, until its deadline
    turned a good document into a false timeout)."""
    import io

    from cleaner import batch, runner

    lines = [json.dumps({"id": "dies", "text": "DIE-HERE\n" + GOOD}), json.dumps({"id": "good", "text": GOOD})]
    code = (f"import sys, time; sys.stdout.write({lines[0]!r} + '\\n'); sys.stdout.flush(); time.sleep(2); "
            f"sys.stdout.write({lines[1]!r} + '\\n')")
    writer = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)  # (we hold the read end only)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(writer.stdout))
    try:
        outcomes = list(runner.run(DyingCleaner(), batch.iter_tasks(["-"]), 1, runner.Limits(max_seconds=3.0),
                                   slow_inputs=True))
    finally:
        writer.kill()
        writer.wait()
    assert [(o.record["id"], o.error) for o in outcomes] == [("dies", True), ("good", False)]
    assert "--timeout" not in str(outcomes[1].record.get("error"))


def test_a_callers_gc_freeze_is_left_as_it_was() -> None:
    """The run freezes the collector's objects for its forked workers, and undoes only its own freeze: a
    caller that froze its own (a preload-then-fork server) keeps them frozen."""
    import gc

    from cleaner import batch, runner

    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        outcomes = list(runner.run(Cleaner(), [batch.Document(id="a", source="a", text=GOOD)], 1))
        assert [o.error for o in outcomes] == [False]
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
