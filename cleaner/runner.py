"""Run a batch: documents through worker processes in input order, under size and time limits, with counts.

Each worker process cleans one document at a time, sent to it as a Task (a path or a JSONL line:
the worker reads it) over a pipe; its answer comes back with the record already JSON, so that the
same record comes out at every -j. A document gets --timeout seconds: an alarm in the worker stops
Python code, and past a grace period the parent kills the worker (SIGKILL) and starts another,
which stops work inside C too (lxml, regex). So -j 1 runs one worker process as well, not the
document in the calling process: the limit holds at every -j. A worker that dies (crash, out of
memory) costs only its own document. Workers ignore Ctrl-C: the parent's KeyboardInterrupt stops
them and goes on to the caller. They die with SIGTERM, and exit when the parent is gone.
"""
from __future__ import annotations

import gc
import json
import math
import multiprocessing
import os
import pickle
import queue
import signal
import sys
import threading
import time
from collections import Counter, deque
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from multiprocessing import connection
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from . import batch

if TYPE_CHECKING:  # the Cleaner comes from the caller: --help need not import the pipeline
    from .pipeline import Cleaner

WINDOW_PER_WORKER = 8  # documents in flight per worker: enough to keep them busy, bounded memory
FOREVER = 1e9  # seconds (31 years): a time limit this long is none (and a longer one fits no interval timer)


@dataclass(frozen=True)
class Limits:
    """What one document may cost before it becomes an error record instead of a hung worker."""

    max_bytes: int = 16 * 2**20
    max_seconds: float = 60.0  # 0 (or less, or FOREVER and more): no limit

    def timed(self) -> bool:
        """Whether there is a time limit at all."""
        return 0 < self.max_seconds < FOREVER


@dataclass(frozen=True)
class Outcome:
    """What became of one document: its output record or its error record, and the rules that fired."""

    record: dict[str, Any]
    error: bool
    fired: tuple[tuple[str, str], ...] = ()  # (rule, category) per removal
    warnings: tuple[str, ...] = ()
    rel: str = ""  # where --out-dir puts it


class DocumentTimeout(BaseException):
    """The time limit ran out (a BaseException, so that no `except Exception` on the way swallows it)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise DocumentTimeout in this (main) thread after `seconds`; a no-op where signals cannot be used."""
    usable = 0 < seconds < FOREVER and hasattr(signal, "setitimer")
    if usable:
        try:
            old = signal.signal(signal.SIGALRM, _on_alarm)
        except ValueError:  # not the main thread
            usable = False
    if not usable:
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _on_alarm(signum: int, frame: Any) -> None:
    raise DocumentTimeout()


def _too_large(ident: str, source: str, size: int, limits: Limits) -> dict[str, Any]:
    return batch.InputError(ident, source, f"document too large: {size / 2**20:.1f} MB "
                                           f"(limit {limits.max_bytes / 2**20:.1f} MB, --max-mb)").to_dict()


def _too_slow(limits: Limits) -> str:
    """What a timeout's error record says, whether the worker's alarm or the parent's kill stopped it."""
    return f"took longer than {limits.max_seconds:g} s to clean (--timeout); skipped"


def doc_size(doc: batch.Document) -> int:
    if doc.html is not None:
        return len(doc.html) if isinstance(doc.html, bytes) else len(doc.html.encode("utf-8", "surrogatepass"))
    return len(doc.text.encode("utf-8", "surrogatepass"))


Item = batch.Task | batch.Document | batch.InputError


def process(cleaner: Cleaner, item: Item, limits: Limits, explain: bool) -> Outcome:
    """Read (if need be) and clean one input within the limits; anything that goes wrong becomes its
    error record."""
    if isinstance(item, batch.Task) and item.path is not None:
        try:  # too large: say so without reading it
            size = os.stat(item.path).st_size
        except OSError:
            size = 0  # reading it will say what is wrong
        if size > limits.max_bytes:
            return Outcome(_too_large(_ident(item), item.source, size, limits), True)
    doc = batch.load(item) if isinstance(item, batch.Task) else item
    if isinstance(doc, batch.InputError):
        return Outcome(doc.to_dict(), True)
    size = doc_size(doc)
    if size > limits.max_bytes:
        return Outcome(_too_large(doc.id, doc.source, size, limits), True)
    started = time.monotonic()
    try:
        with time_limit(limits.max_seconds):
            result = batch.clean_document(cleaner, doc)
        if limits.timed() and time.monotonic() - started > limits.max_seconds:
            raise DocumentTimeout()  # the alarm went off where it could not stop the work (a __del__, say)
    except DocumentTimeout:
        result = batch.InputError(doc.id, doc.source, _too_slow(limits))
    if isinstance(result, batch.InputError):
        return Outcome(result.to_dict(), True)
    fired = tuple((r.rule, r.category) for r in result.removed)
    return Outcome(batch.output_record(doc, result, explain=explain), False, fired, result.warnings, doc.rel)


# --------------------------------------------------------------------------- workers

GRACE_SECONDS = 2.0  # past --timeout, the time a worker has to answer (its own alarm's record) before it is killed
# fork: a worker starts in milliseconds with the cleaner as it is (rules, learned lines), nothing pickled
_CONTEXT = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
_END = object()


_WARM_UP_TEXT = "A title\n\nBy A Writer\n\nMarch 3, 2020\n\nSome text of an article. It goes on about things."
_WARM_UP_PAGE = (b"<html><head><title>A title</title></head><body><article><h1>A title</h1>"
                 b"<p>Some text of an article. It goes on about things.</p></article></body></html>")


def warm_up(cleaner: Cleaner, html: bool = True) -> None:
    """Clean a small text and a small page, so that one-time work (importing trafilatura, compiling
    the phrase indexes on first use: some 0.3 s) is done once, before the workers fork, and inside
    no document's time limit."""
    try:
        cleaner.clean(_WARM_UP_TEXT)
        if html:  # False: no page will come (a text-only run need not import trafilatura)
            cleaner.clean_html(_WARM_UP_PAGE)
    except Exception:  # a cleaner that cannot clean these will say so on the documents themselves
        pass


def _serve(conn: Connection, cleaner: Cleaner, limits: Limits, explain: bool, parent: int) -> None:
    """A worker's life: one item at a time from the pipe, its answer back, until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: no traceback from every worker
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked by the parent around the fork
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    # the parent's frames, copied by the fork, would count against this process's recursion limit:
    # a record nested a little less than that limit is read here as in the parent
    sys.setrecursionlimit(sys.getrecursionlimit() + _stack_depth())
    if _CONTEXT.get_start_method() != "fork":  # a fresh interpreter: warm it up here
        warm_up(cleaner)
    sys.stdout = sys.stderr  # standard output is where the records go: nothing of a worker's may land there
    while True:
        try:
            data = conn.recv_bytes()
        except (EOFError, OSError):  # the parent is done: exit, flushing nothing the fork copied
            os._exit(0)
        answer = _answer(cleaner, pickle.loads(data), limits, explain)
        try:
            conn.send_bytes(answer)
        except OSError:  # the parent is gone
            os._exit(1)


def _stack_depth() -> int:
    """How many frames the calling thread's stack holds."""
    frame, depth = sys._getframe(), 0
    while frame is not None:
        frame, depth = frame.f_back, depth + 1
    return depth


def _exit_with_parent(parent: int) -> None:
    """A worker whose run was killed (even with SIGKILL) goes too, instead of waiting forever."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _answer(cleaner: Cleaner, item: Item, limits: Limits, explain: bool) -> bytes:
    """One item's Outcome as bytes for the pipe, its record already JSON: flat whatever the record's
    nesting (pickling a deeply nested record runs out of recursion), and read back alike at every -j."""
    try:
        outcome = process(cleaner, item, limits, explain)
        body = json.dumps(outcome.record, ensure_ascii=False)
    except Exception as e:  # e.g. RecursionError: a record nested too deep to parse or to write
        outcome = _failed(item, f"cleaning failed: {type(e).__name__}: {e}")
        body = json.dumps(outcome.record, ensure_ascii=False)
    return pickle.dumps((body, outcome.error, outcome.fired, outcome.warnings, outcome.rel,
                         outcome.record["id"], outcome.record["source"]), pickle.HIGHEST_PROTOCOL)


def _read_answer(data: bytes) -> Outcome:
    body, error, fired, warnings, rel, ident, source = pickle.loads(data)
    try:
        record = json.loads(body)
    except Exception as e:  # RecursionError: the parent has less stack to spare than the worker had
        return Outcome(batch.InputError(ident, source, f"cleaning failed: {type(e).__name__}: {e}").to_dict(), True)
    return Outcome(record, error, fired, warnings, rel)


def _ident(item: Item) -> str:
    """The id that reading the item gives its document: a JSONL record's own id, else its line
    number; a file's name without suffix."""
    if not isinstance(item, batch.Task):
        return item.id
    if item.line is None:
        assert item.path is not None
        return Path(item.path).name.rsplit(".", 1)[0]
    try:
        return batch.load(item).id
    except Exception:  # e.g. nested too deep to parse
        return str(item.lineno)


def _failed(item: Item, why: str) -> Outcome:
    """The error record of an item that could not be cleaned, named as reading it would name it."""
    return Outcome(batch.InputError(_ident(item), item.source, why).to_dict(), True)


@contextmanager
def _sigint_blocked() -> Iterator[None]:
    """Ctrl-C held back (not lost) while a worker is forked, so that it cannot land in the worker
    before the worker ignores it."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


@dataclass
class _Slot:
    """One input on its way: sent to a worker or waiting, until its Outcome is in."""

    item: Item
    outcome: Outcome | None = None


class _Worker:
    """One worker process, the parent's end of its pipe, and the document it is cleaning (if any)."""

    def __init__(self, args: tuple[Any, ...]) -> None:
        mine, theirs = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(target=_serve, args=(theirs, *args), daemon=True)
        with _sigint_blocked():
            self.process.start()
        theirs.close()
        self.conn = mine
        self.slot: _Slot | None = None
        self.deadline = math.inf

    def stop(self) -> None:
        """Kill it, busy or not, and free its pipe and process handles (again: nothing more to do)."""
        self.conn.close()
        with suppress(ValueError):  # closed already
            self.process.kill()
            self.process.join()
            self.process.close()


class _Pool:
    """Worker processes that clean one document at a time each; a worker past its document's deadline
    is killed (whatever it is doing, C code included) and replaced, and so is one that died."""

    def __init__(self, cleaner: Cleaner, size: int, limits: Limits, explain: bool) -> None:
        self.args = (cleaner, limits, explain, os.getpid())
        self.size, self.limits = size, limits
        self.workers: list[_Worker] = []

    def start(self) -> None:
        while len(self.workers) < self.size:
            self.workers.append(_Worker(self.args))

    def close(self) -> None:
        for w in self.workers:
            w.stop()
        self.workers.clear()

    def step(self, waiting: deque[_Slot], timeout: float | None, also: tuple[Any, ...] = ()) -> None:
        """Send waiting documents to idle workers, then wait up to `timeout` (None: until something
        happens) for a busy worker to answer, die or pass its deadline, and settle those documents.
        `also`: more things to wait for (an input that comes in: _Feeder.ready)."""
        self._send(waiting)
        busy = [w for w in self.workers if w.slot is not None]
        if not busy:
            if also:
                connection.wait(also, timeout)
            return
        wait = min(w.deadline for w in busy) - time.monotonic()
        if timeout is not None:
            wait = min(wait, timeout)
        ready = connection.wait([w.conn for w in busy] + [w.process.sentinel for w in busy] + list(also),
                                None if wait == math.inf else max(0.0, wait))
        now = time.monotonic()
        for w in busy:
            if w.conn in ready or w.process.sentinel in ready or w.deadline <= now:
                self._settle(w, now)
        self._send(waiting)

    def _send(self, waiting: deque[_Slot]) -> None:
        for k, w in enumerate(self.workers):
            while w.slot is None and waiting:
                slot = waiting.popleft()
                try:
                    data = pickle.dumps(slot.item, pickle.HIGHEST_PROTOCOL)
                except Exception as e:  # a Document nested too deep to pickle, say
                    slot.outcome = _failed(slot.item, f"cannot be sent to a worker process: {type(e).__name__}: {e}")
                    continue
                try:
                    w.conn.send_bytes(data)
                except OSError:  # it died while idle: a fresh one takes the document
                    w = self._replace(k)
                    w.conn.send_bytes(data)
                w.slot = slot
                w.deadline = time.monotonic() + self.limits.max_seconds + GRACE_SECONDS \
                    if self.limits.timed() else math.inf

    def _settle(self, w: _Worker, now: float) -> None:
        slot = w.slot
        assert slot is not None
        try:
            data = w.conn.recv_bytes() if w.conn.poll() else None  # an answer in just at the deadline counts
        except (EOFError, OSError):
            w.process.join(1.0)  # it is on its way out
            data = None
        if data is not None:
            slot.outcome, w.slot, w.deadline = _read_answer(data), None, math.inf
            return
        if w.process.is_alive():
            if w.deadline > now:
                return
            why = _too_slow(self.limits)
        else:
            why = f"a worker process died while cleaning this document (crash or out of memory; {_death(w.process.exitcode)})"
        slot.outcome = _failed(slot.item, why)
        self._replace(self.workers.index(w))

    def _replace(self, k: int) -> _Worker:
        self.workers[k].stop()
        self.workers[k] = _Worker(self.args)
        return self.workers[k]


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit status {exitcode}"


_NOTHING_YET = object()


class _Feeder:
    """Inputs taken from an iterator in a thread of their own, a few ahead: a caller blocked on a slow
    input (standard input a pipe fills slowly) still settles the documents in the workers, their
    deadlines included, and hands out their outcomes. Each input that comes in makes `ready`
    readable (one byte in a pipe)."""

    AHEAD = 4

    def __init__(self, items: Iterable[Item]) -> None:
        self._queue: queue.Queue = queue.Queue(self.AHEAD)
        self._stop = threading.Event()
        self.ready, self._signal = os.pipe()
        threading.Thread(target=self._run, args=(iter(items),), daemon=True).start()

    def _run(self, inputs: Iterator[Item]) -> None:
        try:
            for item in inputs:
                if not self._put((item, None)):
                    return
            self._put((_END, None))
        except BaseException as e:  # raised again in the caller's thread
            self._put((_END, e))
        finally:  # (this thread's end of the pipe is closed by this thread: never a number reused meanwhile)
            with suppress(OSError):
                os.close(self._signal)

    def _put(self, entry: tuple[Any, BaseException | None]) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(entry, timeout=0.1)
            except queue.Full:
                continue
            try:
                os.write(self._signal, b"\0")
            except OSError:  # closed: the run is over
                return False
            return True
        return False

    def get(self) -> Any:
        """The next input, _END after the last, or _NOTHING_YET; an error the inputs raised is raised here."""
        try:
            item, error = self._queue.get_nowait()
        except queue.Empty:
            return _NOTHING_YET
        os.read(self.ready, 1)
        if error is not None:
            raise error
        return item

    def close(self) -> None:
        """Stop taking inputs. The thread closes its end of the pipe as it ends (it may be waiting for an
        input that never comes: then it ends with the process); a signal it writes meanwhile fails."""
        self._stop.set()
        with suppress(OSError):
            os.close(self.ready)


def run(cleaner: Cleaner, items: Iterable[Item], workers: int,
        limits: Limits = Limits(), explain: bool = False, warm_html: bool = True,
        slow_inputs: bool = False) -> Iterator[Outcome]:
    """One Outcome per input, in input order. Documents go to `workers` worker processes (one at
    least), a bounded number in flight, so memory stays flat whatever the corpus size. warm_html=False:
    the caller knows no page will come, so the HTML stage is not warmed up (nor imported) first.
    slow_inputs=True: `items` may keep the caller waiting (standard input): they are taken in a
    thread (_Feeder), so that waiting for one holds back no deadline and no outcome."""
    warm_up(cleaner, warm_html)
    frozen = gc.get_freeze_count() == 0  # (a caller's own freeze is the caller's: neither made nor undone here)
    if frozen:
        gc.freeze()  # what the workers inherit stays shared: their collector never writes to those objects
    size = max(1, workers)
    pool = _Pool(cleaner, size, limits, explain)
    pending: deque[_Slot] = deque()  # in input order, until the Outcome at its head is out
    waiting: deque[_Slot] = deque()  # not yet sent to a worker
    feeder: _Feeder | None = None
    inputs = iter(items) if not slow_inputs else None
    more = True
    try:
        pool.start()
        if slow_inputs:  # (after the fork; a worker replaced later is forked while the thread reads, so standard
            # input is read through batch's own reader, never through sys.stdin, which a worker closes as it starts)
            feeder = _Feeder(items)
        while more or pending:
            timeout: float | None = None
            also: tuple[Any, ...] = ()
            if more and len(pending) < size * WINDOW_PER_WORKER:
                item = next(inputs, _END) if inputs is not None else feeder.get()  # type: ignore[union-attr]
                if item is _NOTHING_YET:  # wait for it, or for the workers; not when an outcome is ready to go
                    also = (feeder.ready,)  # type: ignore[union-attr]
                    timeout = 0.0 if pending and pending[0].outcome is not None else None
                elif item is _END:
                    more = False
                else:
                    slot = _Slot(item)
                    pending.append(slot)
                    if isinstance(item, batch.InputError):
                        slot.outcome = Outcome(item.to_dict(), True)
                    else:
                        waiting.append(slot)
                    timeout = 0.0  # take in what has come back, but wait for nothing while inputs come in
            pool.step(waiting, timeout, also)
            while pending and pending[0].outcome is not None:
                yield pending.popleft().outcome  # type: ignore[misc]
    finally:
        pool.close()
        if feeder is not None:
            feeder.close()
        if frozen:
            gc.unfreeze()


# --------------------------------------------------------------------------- counts


@dataclass
class Summary:
    """Counts over a run: documents, errors, removals by category and by rule, warnings."""

    documents: int = 0
    errors: int = 0
    skipped: int = 0  # already in the output (--resume)
    errors_before: int = 0  # error records the resumed run had already written
    by_category: Counter = field(default_factory=Counter)
    by_rule: Counter = field(default_factory=Counter)
    warnings: Counter = field(default_factory=Counter)
    started: float = field(default_factory=time.monotonic)

    def add(self, outcome: Outcome) -> None:
        self.documents += 1
        self.errors += outcome.error
        for rule, category in outcome.fired:
            self.by_rule[rule] += 1
            self.by_category[category] += 1
        for w in outcome.warnings:
            self.warnings[w] += 1

    def to_dict(self, known_rules: Iterable[str] = ()) -> dict[str, Any]:
        secs = time.monotonic() - self.started
        return {
            "documents": self.documents,
            "cleaned": self.documents - self.errors,
            "errors": self.errors,
            "skipped_already_done": self.skipped,
            "errors_already_written": self.errors_before,
            "seconds": round(secs, 3),
            "docs_per_second": round(self.documents / secs, 1) if secs > 0 else None,
            "removals_by_category": dict(self.by_category.most_common()),
            "removals_by_rule": dict(self.by_rule.most_common()),
            "rules_never_fired": sorted(set(known_rules) - set(self.by_rule)),
            "warnings": dict(self.warnings.most_common()),
        }

    def render(self, known_rules: Iterable[str] = ()) -> str:
        d = self.to_dict(known_rules)
        lines = [f"cleaner: {d['documents']} document{'' if d['documents'] == 1 else 's'}, {d['cleaned']} cleaned, "
                 f"{d['errors']} error{'' if d['errors'] == 1 else 's'}"
                 + (f", {d['skipped_already_done']} already done" if self.skipped else "")
                 + f" in {d['seconds']:.1f} s"]
        if d["removals_by_category"]:
            lines.append("  removals by category: " + ", ".join(f"{k} {v}" for k, v in d["removals_by_category"].items()))
            top = list(d["removals_by_rule"].items())[:12]
            lines.append("  removals by rule: " + ", ".join(f"{k} {v}" for k, v in top)
                         + (", ..." if len(d["removals_by_rule"]) > len(top) else ""))
        if d["rules_never_fired"]:
            lines.append(f"  outlet rules that never fired: {len(d['rules_never_fired'])} (see --stats)")
        for w, n in d["warnings"].items():
            lines.append(f"  warning ({n}x): {w}")
        return "\n".join(lines)


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
