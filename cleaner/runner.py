"""Run a batch: documents through worker processes in input order, under size and time limits, with counts."""
from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter, deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from . import batch
from .pipeline import Cleaner

WINDOW_PER_WORKER = 8  # documents in flight per worker: enough to keep them busy, bounded memory


@dataclass(frozen=True)
class Limits:
    """What one document may cost before it becomes an error record instead of a hung worker."""

    max_bytes: int = 16 * 2**20
    max_seconds: float = 60.0


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
    usable = seconds > 0 and hasattr(signal, "setitimer")
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
            return Outcome(_too_large(item.rel.rsplit("/", 1)[-1], item.source, size, limits), True)
    doc = batch.load(item) if isinstance(item, batch.Task) else item
    if isinstance(doc, batch.InputError):
        return Outcome(doc.to_dict(), True)
    size = doc_size(doc)
    if size > limits.max_bytes:
        return Outcome(_too_large(doc.id, doc.source, size, limits), True)
    try:
        with time_limit(limits.max_seconds):
            result = batch.clean_document(cleaner, doc)
    except DocumentTimeout:
        result = batch.InputError(doc.id, doc.source, f"took longer than {limits.max_seconds:g} s to clean "
                                                      "(--timeout); skipped")
    if isinstance(result, batch.InputError):
        return Outcome(result.to_dict(), True)
    fired = tuple((r.rule, r.category) for r in result.removed)
    return Outcome(batch.output_record(doc, result, explain=explain), False, fired, result.warnings, doc.rel)


# --------------------------------------------------------------------------- workers

_WORKER: tuple[Cleaner, Limits, bool] | None = None


def _init_worker(cleaner: Cleaner, limits: Limits, explain: bool) -> None:
    global _WORKER
    _WORKER = (cleaner, limits, explain)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    import trafilatura  # noqa: F401  # imported once per worker up front, not inside a document's time limit


def _exit_with_parent(parent: int) -> None:
    """A worker whose run was killed (even with SIGKILL) goes too, instead of waiting forever."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _work(item: Item) -> Outcome:
    assert _WORKER is not None
    return process(_WORKER[0], item, *_WORKER[1:])


def _lost(item: Item, why: str) -> Outcome:
    doc = item
    if isinstance(item, batch.Task):
        try:
            doc = batch.load(item)
        except Exception:
            doc = item
    ident = doc.id if isinstance(doc, (batch.Document, batch.InputError)) else item.rel.rsplit("/", 1)[-1]
    return Outcome(batch.InputError(ident, item.source, why).to_dict(), True)


def run(cleaner: Cleaner, items: Iterable[Item], workers: int,
        limits: Limits = Limits(), explain: bool = False) -> Iterator[Outcome]:
    """One Outcome per input, in input order. With workers > 1, documents go to a process pool with
    a bounded number in flight, so memory stays flat whatever the corpus size."""
    if workers <= 1:
        for item in items:
            yield Outcome(item.to_dict(), True) if isinstance(item, batch.InputError) else process(cleaner, item, limits, explain)
        return
    make = lambda: ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(cleaner, limits, explain))  # noqa: E731
    pool = make()
    pending: deque[tuple[Item, Future[Outcome] | None]] = deque()
    window = workers * WINDOW_PER_WORKER
    def submit(item: Item) -> Future[Outcome] | None:
        nonlocal pool
        if isinstance(item, batch.InputError):
            return None
        try:
            return pool.submit(_work, item)
        except BrokenProcessPool:  # a worker died while we waited for input: a fresh pool
            pool = _renew(pending, pool, make)
            return pool.submit(_work, item)

    try:
        for item in items:
            pending.append((item, submit(item)))
            while len(pending) >= window:
                outcome, pool = _collect(pending, pool, make)
                yield outcome
        while pending:
            outcome, pool = _collect(pending, pool, make)
            yield outcome
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _renew(pending: deque, pool: ProcessPoolExecutor, make: Callable[[], ProcessPoolExecutor]) -> ProcessPoolExecutor:
    """A working pool with every pending document (sent, not yet collected) sent to it again."""
    pool.shutdown(wait=False, cancel_futures=True)
    pool = make()
    for k, (other, fut) in enumerate(pending):
        if fut is not None:
            pending[k] = (other, pool.submit(_work, other))
    return pool


def _collect(pending: deque, pool: ProcessPoolExecutor,
             make: Callable[[], ProcessPoolExecutor]) -> tuple[Outcome, ProcessPoolExecutor]:
    """The oldest pending document's Outcome. A worker that died takes only its own document
    with it: the pool is rebuilt and the documents after it are sent again."""
    item, future = pending.popleft()
    if future is None:
        return Outcome(item.to_dict(), True), pool
    try:
        return future.result(), pool
    except BrokenProcessPool:
        # every pending document fails with the pool: try this one again on its own, to
        # tell whether it is the one that kills workers, then send the others again
        pool.shutdown(wait=False, cancel_futures=True)
        pool = make()
        try:
            outcome = pool.submit(_work, item).result()
        except BrokenProcessPool:
            outcome = _lost(item, "a worker process died while cleaning this document (crash or out of memory)")
        return outcome, _renew(pending, pool, make)
    except Exception as e:  # the document could not be sent to a worker (e.g. it does not pickle)
        return _lost(item, f"cleaning failed: {type(e).__name__}: {e}"), pool


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
        lines = [f"cleaner: {d['documents']} documents, {d['cleaned']} cleaned, {d['errors']} errors"
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
