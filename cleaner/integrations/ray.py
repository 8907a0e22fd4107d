"""Ray engine: `Clean` for ray.data.Dataset.map_batches, and `cleaner clean --engine ray` (files read, cleaned and written as Ray Data tasks)."""
from __future__ import annotations

import dataclasses
import gc
import json
import pickle
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

from .. import batch, io, output, runner
from ..config import Config
from ..io import parquet
from ..io.records import Fields, row_document
from ..pipeline import Cleaner
from . import need, process

ACTORS_PER_READ_TASK = 4  # files are read by one task at a time per this many cleaning actors (at least one):
# each read task running at once is a worker process to start (importing cleaner: about a second of a CPU), and
# reading is light next to cleaning (a page file is read by the actor that cleans it). On a local Ray of 1 CPU,
# 4 read tasks at once instead of 1 took 98 pages from 6.8 to 11.5 s.
BLOCKS_PER_ACTOR = 8  # the files are cut into this many blocks per actor, each read in turn: an actor cleans the
# documents of one block, so fewer blocks than actors would leave actors idle
CLEAN_BATCH = 16  # documents a map_batches call cleans: small, so that blocks stream and memory stays flat


def _ray() -> Any:
    need("ray.data", "ray")
    import ray
    import ray.data  # noqa: F401

    return ray


# --------------------------------------------------------------------------- map_batches


class Clean:
    """A callable class for `ray.data.Dataset.map_batches(Clean, ...)`: Ray makes one per actor, so the
    rules are loaded once per worker. A batch of rows (pyarrow.Table or pandas.DataFrame) comes in; the
    same rows go out, in the same format and order, with cleaner's fields as columns (`text` becomes
    the clean text; the page column is dropped; other columns pass through untouched) and an `error`
    column: null, or why that row could not be cleaned. A row that fails never fails the task; a row
    over `max_mb` or taking longer than `timeout` seconds becomes an error value (runner.process)."""

    def __init__(self, config: Config | None = None, *, fields: Fields = Fields(), explain: bool = False,
                 max_mb: float = 16, timeout: float = 60, source_field: str = "source") -> None:
        self.cleaner = Cleaner(config or Config())
        self.fields, self.explain, self.source_field = fields, explain, source_field
        self.limits = runner.Limits(max_bytes=int(max_mb * 2**20), max_seconds=timeout)
        self.stamp = output.settings_stamp(self.cleaner, explain=explain, learn=False)  # as a local run's
        runner.warm_up(self.cleaner)  # once per worker, not inside a document's time limit
        gc.freeze()  # the rules, tables and libraries loaded so far are never collected: spare every collection them

    def record(self, row: dict[str, Any], number: int) -> dict[str, Any]:
        """One row's output record (batch.output_record), or its error record."""
        source = row.get(self.source_field)
        own = source if isinstance(source, str) and source else None
        doc = row_document(row, number, own or "row", "", self.fields)
        if isinstance(doc, batch.InputError):
            return output.stamped(doc.to_dict(), self.stamp)
        item = dataclasses.replace(doc, source=own) if own else doc  # a row's own source, else row:N
        return output.stamped(process(self.cleaner, item, self.limits, self.explain).record, self.stamp)

    def __call__(self, rows: Any) -> Any:
        import pyarrow as pa

        pandas_in = not isinstance(rows, pa.Table) and hasattr(rows, "to_dict") and hasattr(rows, "columns")
        if isinstance(rows, dict):  # numpy batch format
            rows = pa.table({k: list(v) for k, v in rows.items()})
        table = pa.Table.from_pandas(rows, preserve_index=False) if pandas_in else rows
        records = [self.record(row, n) for n, row in enumerate(table.to_pylist(), 1)]
        schema = parquet.schema()
        ours = pa.Table.from_pylist([parquet.to_row(r) for r in records], schema=schema)
        keep = [c for c in table.column_names if c not in schema.names and c != self.fields.html and c != self.fields.text]
        out = table.select(keep)
        for name in schema.names:
            if name != "extra":
                out = out.append_column(schema.field(name), ours.column(name))
        return out.to_pandas() if pandas_in else out


# --------------------------------------------------------------------------- cleaner clean --engine ray


def _same_folder(cwd: str) -> None:
    """Work in the driver's folder, where it exists here, so that relative input paths (kept as given,
    in the records' `source`) name the same files as in a local run."""
    import os

    if os.path.isdir(cwd) and os.getcwd() != cwd:
        os.chdir(cwd)


def _read_file(row: dict[str, Any], reading: batch.Reading, cwd: str) -> Iterator[dict[str, Any]]:
    """flat_map: one input file (or a path that is not there) into its inputs, read as batch reads them;
    each a pickled batch.Task / Document / InputError, and a last row counting records skipped as not pages."""
    _same_folder(cwd)
    reading = dataclasses.replace(reading, skipped=[], not_pages=Counter())  # this file's own tallies
    skipped = reading.not_pages
    path = Path(row["path"])
    if row["missing"]:
        items: Any = [batch.InputError(path.stem or row["path"], row["path"], "no such file or folder")]
    else:
        items = batch.path_tasks(path, row["rel"], reading)
    for item in items:
        yield {"item": pickle.dumps(item), "skipped": None}
    if skipped:
        yield {"item": None, "skipped": json.dumps(dict(skipped))}


class _CleanItems:
    """map_batches: each input cleaned as a local run cleans it (runner.process, with its limits)."""

    def __init__(self, cleaner: Cleaner, limits: runner.Limits, explain: bool, cwd: str) -> None:
        self.cleaner, self.limits, self.explain = cleaner, limits, explain
        self.stamp = output.settings_stamp(cleaner, explain=explain, learn=False)  # the local run's stamp
        _same_folder(cwd)  # a Task names its file as given
        runner.warm_up(cleaner)  # once per actor, as the local run's workers are, inside no document's time limit
        gc.freeze()  # the rules, tables and libraries loaded so far are never collected: spare every collection them

    def __call__(self, rows: Any) -> Any:
        import pyarrow as pa

        out = []
        for row in rows.to_pylist():
            if row["item"] is None:
                out.append({"record": None, "error": False, "fired": None, "warnings": None, "skipped": row["skipped"]})
                continue
            item = pickle.loads(row["item"])
            outcome = (runner.Outcome(item.to_dict(), True) if isinstance(item, batch.InputError)
                       else process(self.cleaner, item, self.limits, self.explain))
            record = output.stamped(outcome.record, self.stamp)
            out.append({"record": json.dumps(record, ensure_ascii=False), "error": outcome.error,
                        "fired": json.dumps(outcome.fired), "warnings": json.dumps(outcome.warnings), "skipped": None})
        return pa.Table.from_pylist(out, schema=pa.schema([("record", pa.string()), ("error", pa.bool_()),
                                                           ("fired", pa.string()), ("warnings", pa.string()),
                                                           ("skipped", pa.string())]))


def _parts_sink(folder: Path, part_format: str) -> Any:
    from ray.data import Datasink

    class PartsSink(Datasink):
        """Each block's records into its own part (part-<task>-<n>.parquet or .jsonl.gz) and its error
        records beside it (errors-<task>-<n>.jsonl); counts per task for the run's summary."""

        def __init__(self) -> None:
            self.counts: dict[str, Counter] = {}

        def write(self, blocks: Any, ctx: Any) -> dict[str, Any]:
            from ray.data.block import BlockAccessor

            from .. import output

            counts: dict[str, Any] = {"documents": 0, "errors": 0, "by_rule": Counter(), "by_category": Counter(),
                                      "warnings": Counter(), "skipped": Counter()}
            for n, block in enumerate(blocks):
                rows = BlockAccessor.for_block(block).to_arrow().to_pylist()
                stem = f"{ctx.task_idx:05d}-{n:04d}"
                part = errors = None
                for row in rows:
                    if row["record"] is None:
                        counts["skipped"].update(json.loads(row["skipped"]))
                        continue
                    record = json.loads(row["record"])
                    counts["documents"] += 1
                    if row["error"]:
                        counts["errors"] += 1
                        errors = errors or output.JsonlWriter(folder / f"errors-{stem}.jsonl")
                        errors.write(record)
                        continue
                    for rule, category in json.loads(row["fired"]):
                        counts["by_rule"][rule] += 1
                        counts["by_category"][category] += 1
                    counts["warnings"].update(json.loads(row["warnings"]))
                    part = part or io.writer_for(folder / f"part-{stem}.{part_format}")
                    part.write(record)
                for w in (part, errors):
                    if w is not None:
                        w.close()
            return counts

        def on_write_complete(self, write_result: Any) -> None:
            total: dict[str, Any] = {}
            for counts in write_result.write_returns:
                for k, v in counts.items():
                    total[k] = total.get(k, Counter() if isinstance(v, Counter) else 0) + v
            self.counts = total

    return PartsSink()


def input_files(paths: list[str]) -> list[dict[str, Any]]:
    """The files the inputs name (folders walked as batch walks them), with their paths relative to
    the folder named; a path that is not there is kept, to become its error record."""
    files = []
    for arg in paths:
        path = Path(arg)
        if path.is_dir():
            files += [{"path": str(p), "rel": p.relative_to(path).with_suffix("").as_posix(), "missing": False}
                      for p in batch.walk(path)]
        else:
            files.append({"path": arg, "rel": "", "missing": not path.exists()})
    return files


def run(cleaner: Cleaner, paths: list[str], folder: Path, *, reading: batch.Reading | None = None,
        limits: runner.Limits = runner.Limits(), explain: bool = False, part_format: str = "parquet",
        workers: int | None = None) -> runner.Summary:
    """Clean the inputs with Ray Data into `folder` (parts and error records), on the Ray this process
    is connected to (ray.init first); the run's Summary, with `not_pages` counts attached."""
    ray = _ray()
    reading = reading or batch.Reading()
    files = input_files(paths)
    summary = runner.Summary()
    if not files:
        summary.not_pages = Counter()  # type: ignore[attr-defined]
        return summary
    folder.mkdir(parents=True, exist_ok=True)
    actors = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
    ds = ray.data.from_items(files, override_num_blocks=min(len(files), actors * BLOCKS_PER_ACTOR))
    # reading and writing reserve no CPU: the cleaning actors take one each, and a read or write
    # task waiting for a CPU they hold would wait forever
    import os

    cwd = os.getcwd()
    ds = ds.flat_map(_read_file, fn_kwargs={"reading": reading, "cwd": cwd}, num_cpus=0,
                     concurrency=-(-actors // ACTORS_PER_READ_TASK))
    ds = ds.map_batches(_CleanItems, fn_constructor_args=(cleaner, limits, explain, cwd), batch_size=CLEAN_BATCH,
                        batch_format="pyarrow", compute=ray.data.ActorPoolStrategy(size=actors))
    sink = _parts_sink(folder.resolve(), part_format)
    ds.write_datasink(sink, ray_remote_args={"num_cpus": 0})
    counts = sink.counts
    summary.documents, summary.errors = counts.get("documents", 0), counts.get("errors", 0)
    summary.by_rule.update(counts.get("by_rule", {}))
    summary.by_category.update(counts.get("by_category", {}))
    summary.warnings.update(counts.get("warnings", {}))
    summary.not_pages = counts.get("skipped", Counter())  # type: ignore[attr-defined]
    return summary


def run_cli(args: Any, cleaner: Cleaner) -> int:
    """`cleaner clean ... --engine ray`: the run, its summary on standard error, its exit status."""
    import logging
    import os
    import sys

    from .. import cli

    for flag, bad in (("--resume", args.resume), ("--out-dir", args.out_dir), ("--learn", args.learn),
                      ("--errors", args.errors)):
        if bad:
            return cli.usage_error(f"{flag} is not available with --engine ray (error records go beside the parts)")
    if args.output is None:
        return cli.usage_error("--engine ray needs -o FOLDER: its parts are written there")
    if "-" in args.paths:
        return cli.usage_error("--engine ray cannot read standard input: name files or folders")
    if args.output.exists() and (not args.output.is_dir() or any(args.output.glob("part-*"))):
        return cli.usage_error(f"{args.output}: -o names a folder for the parts, and this one is a file or already holds parts")
    try:
        ray = _ray()
    except ImportError as e:
        return cli.usage_error(str(e))
    limits = runner.Limits(max_bytes=int(args.max_mb * 2**20), max_seconds=args.timeout)
    reading = batch.Reading(limits.max_bytes, fields=Fields(args.text_field, args.html_field, args.id_field, args.url_field))
    address = args.ray_address or os.environ.get("RAY_ADDRESS")
    started = not ray.is_initialized()
    if started:
        if address:
            ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
        else:
            ray.init(num_cpus=args.workers or runner.default_workers(), include_dashboard=False, log_to_driver=False,
                     logging_level=logging.WARNING)
    try:
        ray.data.DataContext.get_current().enable_progress_bars = not args.quiet and sys.stderr.isatty()
        logging.getLogger("ray.data").setLevel(logging.WARNING)  # no per-run INFO lines beside the summary
        summary = run(cleaner, args.paths, args.output, reading=reading, limits=limits, explain=args.explain,
                      part_format=args.part_format, workers=args.workers)
    finally:
        if started:
            ray.shutdown()
    known = [rid for o in cleaner.rules.outlets.values() for rid in o.rule_ids]
    not_pages = summary.not_pages  # type: ignore[attr-defined]
    if args.stats:
        args.stats.write_text(json.dumps({**summary.to_dict(known), "skipped_not_pages": dict(not_pages)},
                                         indent=1, ensure_ascii=False) + "\n", "utf-8")
    if not args.quiet:
        print(summary.render(known), file=sys.stderr)
        if not_pages:
            print("  skipped, not pages: " + ", ".join(f"{k} {v}" for k, v in not_pages.most_common()), file=sys.stderr)
    return cli.EXIT_SOME_FAILED if summary.errors else cli.EXIT_OK
