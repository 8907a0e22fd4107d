"""Clean many records from Python as the command line does: worker processes, its limits, its records, in order."""
from __future__ import annotations

import json
from contextlib import closing
from typing import Any, Iterable, Iterator

from . import batch, output, runner
from .pipeline import Cleaner

SOURCE = "<records>"  # a record's source is <records>:N, N counted from 1, as a JSONL line's is file:N


def clean_many(records: Iterable[dict[str, Any]], cleaner: Cleaner | None = None, *, workers: int | None = None,
               timeout: float = runner.Limits().max_seconds, max_mb: float = runner.Limits().max_bytes / 2**20,
               explain: bool = False) -> Iterator[dict[str, Any]]:
    """Clean records shaped like the command line's JSONL input (an `id`, a `text` or an `html`
    string, an optional `url`, any other fields, which pass through) and yield, one per record and
    in input order, the record `cleaner clean` writes for it: the output record, or an error record
    `{"id", "source", "error", "cleaner"}` (a record that is not a dict, has no text or html, is
    nested too deep, is larger than `max_mb` megabytes, or takes longer than `timeout` seconds to
    clean). Nothing is raised for a bad record. Each record carries `source` "<records>:N" and the
    `cleaner` stamp (version and settings digest).

    Documents are cleaned in `workers` worker processes (default: all cores; at least one), a
    bounded number in flight, so `records` may be an endless stream: this is a generator, and
    closing it (or leaving the loop) stops the workers. `cleaner` defaults to one with the
    built-in rules; `explain` adds each record's `removed` spans. `timeout` 0 (or inf) means no
    time limit. Raises ValueError for a `max_mb` that is not above 0."""
    if not max_mb > 0:
        raise ValueError(f"max_mb must be a number of megabytes above 0, not {max_mb!r}")
    cleaner = cleaner or Cleaner()
    stamp = output.settings_stamp(cleaner, explain=explain, learn=False)
    limits = runner.Limits(max_bytes=int(min(max_mb, 2**40) * 2**20), max_seconds=timeout)
    outcomes = runner.run(cleaner, _items(records), workers or runner.default_workers(), limits, explain)
    with closing(outcomes):
        for outcome in outcomes:
            yield output.stamped(outcome.record, stamp)


def _items(records: Iterable[Any]) -> Iterator[batch.Task | batch.InputError]:
    """Each record as a task the workers read as a JSONL line is read (so that its checks and its
    record are the command line's); one that is not JSON data becomes its error record here."""
    for n, record in enumerate(records, 1):
        try:
            line = json.dumps(record, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError, RecursionError) as e:
            ident = record.get("id") if isinstance(record, dict) else None
            yield batch.InputError(str(n) if ident in (None, "") else str(ident), f"{SOURCE}:{n}",
                                   f"not JSON data: {type(e).__name__}: {e}")
            continue
        yield batch.Task(f"{SOURCE}:{n}", "", line=line, lineno=n)
