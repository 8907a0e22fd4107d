"""Command-line interface: argument parsing, then hand-off to the batch reader and the Cleaner."""
from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import math
import os
import signal
import sys
from collections import Counter
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from . import batch, log, output, runner
from . import io as formats
from .config import Config

if TYPE_CHECKING:  # imported when a command runs, not for --help
    from .pipeline import Cleaner

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_OUTPUT, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

EPILOG = """exit status: 0 all documents cleaned; 1 some documents failed (each has an
error record), or no input was found; 2 usage error (bad arguments, bad rule file,
--resume with another cleaner version or settings); 3 the output could not be
written (disk full, read-only...; the file is named); 130 interrupted (Ctrl-C)."""

CLEAN_EPILOG = """Every input yields exactly one output record or one error record
({"id", "source", "error", "cleaner"}); every record ends with "cleaner": the
version and a digest of the settings that change the output. A run killed at
any point (even kill -9, or Ctrl-C) leaves no partial record; --resume continues
into the same output, skipping inputs already written, so the result equals an
uninterrupted run's (it refuses an output written by another version or with
other rules or options).

""" + EPILOG


def _add_rule_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rules", metavar="DIR", action="append", default=[], type=Path,
                   help="extra folder of outlet rule files (*.toml); overrides built-in outlets of the same name; repeatable")
    p.add_argument("--no-builtin-rules", action="store_true", help="do not load the outlet rules shipped with cleaner")
    p.add_argument("--disable", metavar="NAME", action="append", default=[],
                   help="switch off a generic heuristic, by family (navigation) or rule id (generic/caption); repeatable")


def plural(n: int, word: str, many: str | None = None) -> str:
    """ "1 document", "2 documents" (`many`: the plural when it is not word + s)."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def _add_log_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("-v", "--verbose", action="count", default=0,
                   help="say more on standard error through the cleaner logger: -v info, -vv debug")
    p.add_argument("--log-level", choices=log.LEVELS, type=str.lower,
                   help="the cleaner logger's level (default: warning; error with -q)")


class _Version(argparse.Action):
    """--version: the installed distribution's version, read only when asked for."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: Any) -> None:
        from . import DISTRIBUTION, __version__

        print(f"cleaner {__version__} ({DISTRIBUTION})")
        parser.exit()


def _add_scale_options(p: argparse.ArgumentParser) -> None:
    """Issue 14: record field names (JSONL, Parquet) and the engine that runs the batch."""
    for name in ("text", "html", "id", "url"):
        p.add_argument(f"--{name}-field", metavar="NAME", default=name,
                       help=f"the JSONL field or Parquet column holding the {name} (default: %(default)s)")
    p.add_argument("--engine", choices=("local", "ray"), default="local",
                   help="local: worker processes on this machine (default); ray: Ray tasks, on the cluster at "
                        "--ray-address (or RAY_ADDRESS), else on a local Ray started for the run; -o names a folder of parts")
    p.add_argument("--ray-address", metavar="ADDRESS", help="the Ray cluster to run on (--engine ray)")
    p.add_argument("--part-format", choices=("parquet", "jsonl.gz"), default="parquet",
                   help="--engine ray: write part-*.parquet (default) or part-*.jsonl.gz into the -o folder")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="cleaner", description="Clean scraped news articles into article text with metadata.",
                                 epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--version", action=_Version, help="print the version and exit")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")
    c = sub.add_parser("clean", help="clean files, folders or JSONL into JSONL records", epilog=CLEAN_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="Clean each input into one JSONL record (id, source, text, title, description, "
                                   "authors, published, outlet, agency, credits, word_count; from HTML also section, tags, language, "
                                   "canonical_url, image, and where each field came from), in input order. PATH is a "
                                   ".txt file, an .html/.htm page, a .jsonl file (one record a line with a \"text\" or "
                                   "\"html\" field and an optional \"url\"; other fields pass through), a .json file "
                                   "(a JSON array of such records, or JSONL), a folder (walked recursively, sorted; "
                                   "the files it skips are named), or - for standard input (JSONL, or one page when it "
                                   "starts with markup; --input says which).")
    c.add_argument("paths", nargs="+", metavar="PATH")
    out = c.add_mutually_exclusive_group()
    out.add_argument("-o", "--output", metavar="OUT.jsonl", type=Path,
                     help=f"write records here: {formats.OUTPUT_NAMES} (default: standard output)")
    out.add_argument("--out-dir", metavar="DIR", type=Path,
                     help="write, per input, DIR/<relative path>.txt (clean text) and .json (metadata) instead of JSONL")
    c.add_argument("--errors", metavar="FILE", type=Path,
                   help="write error records here (default: into the output; with --out-dir, DIR/errors.jsonl)")
    c.add_argument("--explain", action="store_true", help="add \"removed\": every removed span with its rule, category, lines and text")
    c.add_argument("-j", "--workers", metavar="N", type=int, default=None,
                   help="worker processes (default: all cores); output stays in input order")
    c.add_argument("--resume", action="store_true",
                   help="continue an interrupted run into the same output, skipping inputs already written")
    c.add_argument("--stats", metavar="FILE", type=Path,
                   help="write the run's summary as JSON: counts, removals per category and rule, rules that never fired")
    c.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary on standard error")
    _add_log_options(c)
    c.add_argument("--url", help="the URL of the .txt and .html files given (and of a page or text on standard "
                                 "input), to pick their outlet rules; records keep their own \"url\"")
    c.add_argument("--input", choices=batch.STDIN_KINDS, default="auto",
                   help="what - (standard input) holds: jsonl records, one html page, one text; auto: a page "
                        "when it starts with markup (<), else JSONL (default: auto)")
    c.add_argument("--format", choices=tuple(output.TEXT_FORMATS), default="text", dest="text_format",
                   help="with --out-dir: the clean text as .txt, or as .md with the metadata as YAML front "
                        "matter (default: text)")
    c.add_argument("--learn", action="store_true",
                   help="two passes: first learn lines that recur across each group of documents (URL host, else "
                        "outlet), then remove them too, as rules learned/<group>/...")
    c.add_argument("--max-mb", metavar="MB", type=float, default=runner.Limits().max_bytes / 2**20,
                   help="a document (file, JSONL line) larger than this becomes an error record; "
                        "more than 0 (default: %(default)g)")
    c.add_argument("--timeout", metavar="SECONDS", type=float, default=runner.Limits().max_seconds,
                   help="a document taking longer than this becomes an error record; more than 0 "
                        "(default: %(default)g)")
    _add_rule_options(c)
    _add_scale_options(c)  # issue 14
    e = sub.add_parser("explain", help="show every line of one input as kept or removed, with the rule")
    e.add_argument("path", metavar="FILE", help="a .txt file, an .html/.htm page, a .jsonl/.json file of records "
                                                "(with --id), or - for standard input (a page or a text)")
    e.add_argument("--url", help="the page's URL, to pick its outlet rules (default: a record's own url)")
    e.add_argument("--id", dest="record_id", metavar="ID", help="in a .jsonl/.json file: the record to explain, by its id")
    e.add_argument("--input", choices=("auto", "html", "text"), default="auto",
                   help="what - (standard input) holds; auto: a page when it starts with markup (<), else text")
    e.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour the output (default: when a terminal)")
    e.add_argument("--format", choices=("text", "html"), default="text",
                   help="text: lines for a terminal; html: one self-contained review page (default: text)")
    e.add_argument("-o", "--output", metavar="FILE", type=Path, help="write here (default: standard output)")
    _add_rule_options(e)
    _add_log_options(e)
    lr = sub.add_parser("learn", help="draft an outlet's rule file from many of its documents",
                        description="Find the lines that recur across the documents (digits, dates and month "
                                    "names made generic) and write them as drop rules, a cut marker and text "
                                    "signatures, each with its support, for a person to review.")
    lr.add_argument("paths", nargs="+", metavar="INPUT", help="files, folders or JSONL of one outlet's documents")
    lr.add_argument("--outlet", required=True, metavar="NAME", help="the outlet's display name")
    lr.add_argument("-o", "--output", metavar="FILE.toml", type=Path, help="write the rule file here (default: standard output)")
    _add_rule_options(lr)
    _add_log_options(lr)
    rp = sub.add_parser("report", help="one self-contained HTML page reviewing a clean --explain batch",
                        description="Read a clean --explain JSONL output as a stream and write one HTML page: totals, "
                                    "removals per category and per rule as charts, outlets with their rule hits, and the "
                                    "documents worth a look (fewest words kept, most removed, errors) with their removed spans.")
    rp.add_argument("batch", metavar="BATCH.jsonl", help="records written by cleaner clean --explain (or - for standard input)")
    rp.add_argument("--stats", metavar="STATS.json", type=Path, help="the run's cleaner clean --stats file: adds the rules that never fired")
    rp.add_argument("-o", "--output", metavar="FILE.html", type=Path, required=True, help="write the report here")
    _add_log_options(rp)
    r = sub.add_parser("rules", help="list, validate and test the outlet rule files", epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="list: outlets and their rule counts (--generic: the generic heuristics, the names "
                                   "--disable takes and the rule ids each gives). check: validate every rule file (each on "
                                   "its own, so one bad file does not hide the next). test: run each outlet's fixtures (FIXTURES/rules/"
                                   "<outlet>/*.txt, FIXTURES/html/<outlet>/*.html, each with an expected .json) and "
                                   "report differences and rules that never fire on them; --update writes the expected "
                                   ".json of fixtures that have none (--force: of all), to review and commit.")
    r.add_argument("action", choices=("list", "check", "test"))
    r.add_argument("outlets", nargs="*", metavar="OUTLET", help="only these outlets (test)")
    r.add_argument("--fixtures", metavar="DIR", type=Path, default=Path("fixtures"),
                   help="folder holding rules/<outlet>/ and html/<outlet>/ fixtures (default: ./fixtures)")
    r.add_argument("--rules", metavar="DIR", action="append", default=[], type=Path,
                   help="extra folder of outlet rule files; repeatable")
    r.add_argument("--no-builtin-rules", action="store_true", help="leave out the outlet rules shipped with cleaner")
    r.add_argument("--generic", action="store_true", help="list: the generic heuristics instead of the outlets")
    r.add_argument("--update", action="store_true",
                   help="test: write each new fixture's expected .json from what cleaner gives now (review the diff)")
    r.add_argument("--force", action="store_true", help="test --update: rewrite the expected .json of every fixture")
    _add_log_options(r)
    return ap


def make_cleaner(args: argparse.Namespace) -> Cleaner:
    from .heuristics import unknown_names  # one list of names for --disable, Config and rule files
    from .pipeline import Cleaner

    unknown = unknown_names(args.disable)
    if unknown:
        raise UsageError(f"--disable: no generic heuristic or rule named {', '.join(map(repr, unknown))}")
    config = Config(rules_dirs=tuple(args.rules), builtin_rules=not args.no_builtin_rules, disable=frozenset(args.disable))
    return Cleaner(config)


class UsageError(Exception):
    """Arguments that cannot be run as given (exit status 2)."""


def usage_error(message: str) -> int:
    print(f"cleaner: {message}", file=sys.stderr)
    return EXIT_USAGE


def progress_bar(args: argparse.Namespace, total: int | None = None) -> Any:
    """tqdm on a terminal (docs/s and errors; with the `total`, when known, a bar and an ETA);
    nothing when not a terminal or with --quiet."""
    from tqdm import tqdm

    return tqdm(unit="doc", total=total, file=sys.stderr, dynamic_ncols=True,
                disable=args.quiet or not sys.stderr.isatty())


class RunSummary(runner.Summary):
    """The run's Summary, counted per outlet too, so that the outlet rules that never fired are
    those of outlets that had documents in this run."""

    def __init__(self, outlets: dict[str, list[str]] | None = None) -> None:
        super().__init__()
        self.outlet_rules = outlets or {}  # display name -> its rule ids
        self.by_outlet: Counter = Counter()

    def add(self, outcome: runner.Outcome) -> None:
        super().add(outcome)
        if not outcome.error and outcome.record.get("outlet"):
            self.by_outlet[outcome.record["outlet"]] += 1

    def to_dict(self, known_rules: Any = ()) -> dict[str, Any]:
        seen = [rid for name in self.by_outlet for rid in self.outlet_rules.get(name, ())]
        d = super().to_dict(seen)
        d["documents_by_outlet"] = dict(self.by_outlet.most_common())
        return d

    def render(self, known_rules: Any = ()) -> str:
        lines = super().render().split("\n")  # its counts are this class's to_dict: rules of the outlets seen
        if self.by_outlet:
            lines.insert(1, "  documents by outlet: " + ", ".join(f"{k} {v}" for k, v in self.by_outlet.most_common()))
        return "\n".join(lines)


def _check_clean_args(args: argparse.Namespace) -> None:
    """Arguments cmd_clean cannot run as given: UsageError, one line."""
    if args.output is not None and args.engine == "local" and formats.output_kind(str(args.output)) is None:
        raise UsageError(f"-o {str(args.output)!r}: -o takes {formats.OUTPUT_NAMES}")
    if str(args.output) == "-":
        args.output = None
    if args.resume and args.output is None and args.out_dir is None:
        raise UsageError("--resume needs an output to continue: -o FILE or --out-dir DIR")
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.text_format != "text" and args.out_dir is None:
        raise UsageError(f"--format {args.text_format} is how --out-dir writes the text: give --out-dir DIR")
    if args.learn and "-" in args.paths:
        raise UsageError("--learn reads the inputs twice: it cannot take standard input")
    if not (math.isfinite(args.max_mb) and args.max_mb > 0):
        raise UsageError(f"--max-mb must be a number of megabytes above 0, not {args.max_mb:g}")
    if not (math.isfinite(args.timeout) and args.timeout > 0):
        raise UsageError(f"--timeout must be a number of seconds above 0, not {args.timeout:g}")


def _own_outputs(args: argparse.Namespace, errors_path: Path | None) -> frozenset[str]:
    """The run's outputs as real paths; an input that is one of them (or inside --out-dir) is refused."""
    named = {"-o": args.output, "--errors": errors_path, "--stats": args.stats, "--out-dir": args.out_dir}
    seen: dict[str, str] = {}
    for option, path in named.items():
        if path is None:
            continue
        real = os.path.realpath(path)
        if real in seen and {seen[real], option} != {"-o", "--errors"}:  # errors into the output is the default
            raise UsageError(f"{seen[real]} and {option} name the same file, {path}")
        seen.setdefault(real, option)
    own = frozenset(seen)
    out_dir = os.path.realpath(args.out_dir) if args.out_dir else None
    for arg in args.paths:
        real = os.path.realpath(arg)
        if arg != "-" and (real in own or (out_dir and Path(real).is_relative_to(out_dir))):
            raise UsageError(f"{arg} is this run's own output; it cannot be an input too")
    return own


class Interrupts:
    """Ctrl-C (SIGINT): KeyboardInterrupt in the main process, held back while a record is being
    written (so that the output holds complete records only); worker processes forked from it
    ignore it, and are stopped by the run as it ends."""

    def __init__(self) -> None:
        self.main = os.getpid()
        self.holding = False
        self.pending = False

    def __call__(self, signum: int, frame: Any) -> None:
        if os.getpid() != self.main:
            return
        if self.holding:
            self.pending = True
            return
        raise KeyboardInterrupt

    @contextmanager
    def installed(self) -> Iterator["Interrupts"]:
        try:
            old = signal.signal(signal.SIGINT, self)
        except ValueError:  # not the main thread: nothing to install
            yield self
            return
        try:
            yield self
        finally:
            signal.signal(signal.SIGINT, old)

    @contextmanager
    def held(self) -> Iterator[None]:
        self.holding = True
        try:
            yield
        finally:
            self.holding = False
            if self.pending:
                self.pending = False
                raise KeyboardInterrupt


def report_skipped(skipped: list[tuple[str, str]], shown: int = 5) -> None:
    """The files a folder walk passed over, and why, on standard error; past `shown`, counted by reason."""
    head = skipped if len(skipped) <= shown else skipped[:shown - 2]
    for path, why in head:
        print(f"cleaner: skipped {path}: {why}", file=sys.stderr)
    rest = Counter(why for _, why in skipped[len(head):])
    if rest:
        print(f"cleaner: skipped {sum(rest.values())} more: " + ", ".join(f"{n} {why}" for why, n in rest.most_common()),
              file=sys.stderr)


def cmd_clean(args: argparse.Namespace) -> int:
    _check_clean_args(args)
    errors_path = args.errors or (args.out_dir / "errors.jsonl" if args.out_dir else None)
    own = _own_outputs(args, errors_path)
    cleaner = make_cleaner(args)
    if args.engine == "ray":  # issue 14: the same cleaning as Ray tasks
        from .integrations import ray as ray_engine

        return ray_engine.run_cli(args, cleaner)
    options: dict[str, Any] = {"text_format": args.text_format} if args.out_dir and args.text_format != "text" else {}
    if args.url:  # it changes the output (the outlet's rules): a run resumed with another --url is refused
        options["url"] = args.url
    stamp = output.settings_stamp(cleaner, explain=args.explain, learn=args.learn, **options)
    limits = runner.Limits(max_bytes=int(args.max_mb * 2**20), max_seconds=args.timeout)
    fields = batch.Fields(args.text_field, args.html_field, args.id_field, args.url_field)
    reading = batch.Reading(max_bytes=limits.max_bytes, exclude=own, fields=fields)
    skipped_not_pages = reading.not_pages  # e.g. WARC request records
    folder = output.FolderWriter(args.out_dir, args.text_format) if args.out_dir else None
    outlet_rules: dict[str, list[str]] = {}  # by display name (the records' outlet field); two files may share one
    for o in cleaner.rules.outlets.values():
        outlet_rules.setdefault(o.name, []).extend(o.rule_ids)
    summary = RunSummary(outlet_rules)
    written = output.Written()
    if args.resume:
        formats.read_written(written, [args.output, errors_path])
        if folder is not None:
            folder.read_written(written)
        settings = dict(explain=args.explain, learn=args.learn, **options)
        problem = written.mismatch(stamp, lambda digest: output.differing_setting(digest, cleaner, **settings))
        if problem:
            raise UsageError(f"--resume: {problem}; resume with the same cleaner and settings, or write a new output")
        summary.errors_before = len(written.failed)
    if args.learn:
        from . import learn

        first = batch.Reading(max_bytes=limits.max_bytes, exclude=own, fields=fields)
        docs = (d for d in batch.iter_inputs(args.paths, reading=first, url=args.url) if isinstance(d, batch.Document))
        learned = learn.learned_outlets(learn.learn_groups(cleaner, docs))
        cleaner = type(cleaner)(cleaner.config, cleaner.rules, learned)
        if not args.quiet:
            print(f"cleaner: learned rules for {plural(len(learned), 'group')}: "
                  + ", ".join(f"{k} ({len(o.drops)} drop, {len(o.cuts)} cut)" for k, o in learned.items()), file=sys.stderr)
    try:  # the -o name says the format (.jsonl, .jsonl.gz, .jsonl.zst, .parquet: issue 14)
        records = formats.writer_for(args.output, append=args.resume) if folder is None else None
        same = errors_path is not None and args.output is not None and os.path.realpath(errors_path) == os.path.realpath(args.output)
        errors = formats.writer_for(errors_path, args.resume) if errors_path and not same else records
    except ValueError as e:
        raise UsageError(str(e)) from None

    def todo() -> Any:  # inputs not read yet: workers read them
        for item in batch.iter_tasks(args.paths, reading=reading, url=args.url, stdin_kind=args.input):
            if item.source in written.sources:
                summary.skipped += 1
                continue
            yield item

    seen = batch.survey(args.paths, reading, args.input)
    total = seen.total - len(written.sources) if seen.total is not None and seen.total >= len(written.sources) else seen.total
    workers = args.workers or runner.default_workers()
    log.logger.info("%s to clean, %s", plural(total, "document") if total is not None else "documents (how many is not known)",
                    plural(workers, "worker process", "worker processes"))
    bar = progress_bar(args, total)
    interrupts = Interrupts()
    try:
        outcomes = runner.run(cleaner, todo(), workers, limits, args.explain,
                              warm_html=seen.html or args.learn, slow_inputs="-" in args.paths)
        with interrupts.installed(), closing(outcomes):  # closed: the workers stop, however the loop ends
            for outcome in outcomes:
                with interrupts.held():
                    outcome = _write(outcome, stamp, folder, records, errors)
                summary.add(outcome)
                for warning in outcome.warnings:  # the workers' own log records are dropped (log._ThisProcess)
                    log.logger.warning("%s: %s", outcome.record["source"], warning)
                if log.logger.isEnabledFor(logging.DEBUG) and not outcome.error:
                    log.logger.debug("%s: %s kept, %s", outcome.record["source"], plural(outcome.record.get("word_count", 0), "word"),
                                     plural(len(outcome.fired), "removal"))
                if outcome.error and not args.quiet:  # through the bar, so that it is not torn
                    bar.write(f"cleaner: {outcome.record['source']}: {outcome.record['error']}", file=sys.stderr)
                bar.update(1)
                if outcome.error:
                    bar.set_postfix(errors=summary.errors, refresh=False)
    finally:
        bar.close()
        for w in {id(x): x for x in (records, errors) if x is not None}.values():
            w.close()
    if args.stats:
        stats = {**summary.to_dict(), "skipped_not_inputs": len(reading.skipped),
                 "skipped_not_pages": dict(skipped_not_pages)}  # (issue 14: e.g. WARC request records)
        try:
            args.stats.write_text(json.dumps(stats, indent=1, ensure_ascii=False) + "\n", "utf-8")
        except OSError as e:
            raise output.OutputError(args.stats, e) from e
    if not args.quiet:
        print(summary.render(), file=sys.stderr)
        report_skipped(reading.skipped)
        if skipped_not_pages:  # issue 14
            print("  skipped, not pages: " + ", ".join(f"{k} {v}" for k, v in skipped_not_pages.most_common()), file=sys.stderr)
    if summary.documents == 0 and summary.skipped == 0:
        print(f"cleaner: nothing to clean: no document among the inputs (cleaner reads {', '.join(formats.KINDS)}"
              + (f"; {plural(len(reading.skipped), 'other file')} skipped)" if reading.skipped else ")"), file=sys.stderr)
        return EXIT_SOME_FAILED
    return EXIT_SOME_FAILED if summary.errors or summary.errors_before else EXIT_OK


def _write(outcome: runner.Outcome, stamp: dict[str, str], folder: output.FolderWriter | None,
           records: output.JsonlWriter | None, errors: output.JsonlWriter | None) -> runner.Outcome:
    """Write one outcome's record, stamped, where it goes; a document whose --out-dir files cannot be
    written becomes its error record (the Outcome returned says so)."""
    record = output.stamped(outcome.record, stamp)
    if not outcome.error and folder is not None:
        try:
            folder.write(outcome.rel, record)
            return outcome
        except output.UnwritableName as e:
            failed = batch.InputError(str(record.get("id")), record["source"], str(e)).to_dict()
            outcome = dataclasses.replace(outcome, record=failed, error=True, fired=(), warnings=())
            record = output.stamped(failed, stamp)
    target = errors if outcome.error else records
    assert target is not None
    target.write(record)
    return outcome


def explain_input(args: argparse.Namespace) -> batch.Document | batch.InputError:
    """The one document `cleaner explain` shows: a file, standard input (a page when it starts with
    markup, else a text; --input says which), or the record of a .jsonl/.json file that --id names."""
    if args.path == "-":
        data = sys.stdin.buffer.read()
        kind = args.input if args.input != "auto" else "html" if batch.sniff(data[:batch.CHUNK]) == "html" else "text"
        return batch.bytes_document(data, "stdin", "<stdin>", kind, args.url)
    path = Path(args.path)
    if formats.kind_of(path)[0] not in ("jsonl", "json"):
        if args.record_id is not None:
            raise UsageError(f"--id picks a record of a .jsonl or .json file; {args.path} is one document")
        return batch.read_file(path, url=args.url)
    if not path.is_file():
        return batch.InputError(path.stem, args.path, "no such file")
    if args.record_id is None:
        raise UsageError(f"{args.path} holds records: name the one to explain with --id ID")
    for item in batch.path_tasks(path):
        doc = batch.load(item) if isinstance(item, batch.Task) else item
        if isinstance(doc, batch.Document) and doc.id == args.record_id:
            return dataclasses.replace(doc, url=args.url or doc.url)
    return batch.InputError(args.record_id, args.path, f"no record with id {args.record_id!r}")


def cmd_explain(args: argparse.Namespace) -> int:
    from . import explain

    cleaner = make_cleaner(args)
    doc = explain_input(args)
    if isinstance(doc, batch.InputError):
        print(f"cleaner: {doc.source}: {doc.message}", file=sys.stderr)
        return EXIT_SOME_FAILED
    if doc.html is not None:
        from .html.parse import PageError

        try:
            result = cleaner.read_page(doc.html, doc.url)
        except PageError as e:
            print(f"cleaner: {doc.source}: not a readable HTML page: {e}", file=sys.stderr)
            return EXIT_SOME_FAILED
        raw, article = result.text, cleaner.clean_page(result, doc.url)
    else:
        raw, article = doc.text, cleaner.clean(doc.text, doc.url)
    if args.format == "html" or args.output:
        from .review import document_page

        view = document_page(article, raw, args.path) if args.format == "html" else explain.render(article, raw)
        if args.output:
            args.output.write_text(view, "utf-8")
        else:
            sys.stdout.write(view)
        return EXIT_OK
    colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    sys.stdout.write(explain.render(article, raw, colour=colour))
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from .review import batch_report, load_stats

    try:
        stats = load_stats(args.stats) if args.stats else None
    except ValueError as e:
        return usage_error(str(e))
    if args.batch == "-":
        view = batch_report(sys.stdin, stats, "<stdin>")
    else:
        with open(args.batch, encoding="utf-8", errors="replace") as lines:
            view = batch_report(lines, stats, args.batch)
    args.output.write_text(view, "utf-8")
    return EXIT_OK


def cmd_learn(args: argparse.Namespace) -> int:
    from . import learn
    from .html.parse import PageError
    from .rules import parse_outlet

    cleaner = make_cleaner(args)
    group = learn.Group()
    domains: set[str] = set()
    failed = 0
    for doc in batch.iter_inputs(args.paths):
        if isinstance(doc, batch.InputError):
            failed += 1
            print(f"cleaner: {doc.source}: {doc.message}", file=sys.stderr)
            continue
        try:
            text, key = learn.text_and_group(cleaner, doc)
        except PageError as e:
            failed += 1
            print(f"cleaner: {doc.source}: not a readable HTML page: {e}", file=sys.stderr)
            continue
        if doc.url and key:
            domains.add(key)
        group.add(text)
    if group.documents < learn.MIN_DOCS:
        return usage_error(f"learning needs at least {learn.MIN_DOCS} documents; got {group.documents}")
    toml = learn.render(learn.draft(group, args.outlet, domains))
    name = args.output or Path(f"{args.outlet}.toml")
    parse_outlet(name, toml)  # what we write must load
    if args.output:
        try:
            args.output.write_text(toml, "utf-8")
        except OSError as e:
            raise output.OutputError(args.output, e) from e
    else:
        sys.stdout.write(toml)
    return EXIT_SOME_FAILED if failed else EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    from . import ruletools
    from .rules import RuleSet

    if args.action == "check":
        n, problems = ruletools.check_files(args.rules, not args.no_builtin_rules)
        for p in problems:
            print(f"cleaner: {p}", file=sys.stderr)
        print(f"{plural(n, 'rule file')}, {len(problems)} with problems")
        return EXIT_SOME_FAILED if problems else EXIT_OK
    config = Config(rules_dirs=tuple(args.rules), builtin_rules=not args.no_builtin_rules)
    rules = RuleSet.load(config.rules_dirs, config.builtin_rules)
    if args.action == "list":
        print("\n".join(ruletools.list_generic() if args.generic else ruletools.list_outlets(rules)))
        return EXIT_OK
    if args.generic or args.update and args.action != "test" or args.force and not args.update:
        return usage_error("--generic goes with rules list, --update with rules test, --force with --update")
    unknown = sorted(set(args.outlets) - set(rules.outlets))
    if unknown:
        return usage_error(f"no rule file for outlet(s): {', '.join(unknown)}")
    if not args.fixtures.is_dir():
        return usage_error(f"no fixtures folder {args.fixtures} (it holds rules/<outlet>/*.txt and html/<outlet>/*.html "
                           "with their expected .json); give it with --fixtures DIR")
    failed = 0
    for key in args.outlets or sorted(rules.outlets):
        if args.update:
            for path in ruletools.update_expected(config, rules, key, args.fixtures, force=args.force):
                print(f"{key}: wrote {path} (review it, then commit it)")
        rep = ruletools.run_fixtures(config, rules, key, args.fixtures)
        failed += not rep.ok
        status = "ok" if rep.ok else "FAIL"
        print(f"{key}: {status}, {plural(len(rep.fixtures), 'fixture')}")
        if not rep.fixtures:
            print(f"  no fixtures under {args.fixtures}/rules/{key}/ or {args.fixtures}/html/{key}/")
        for m in rep.mismatches:
            print(f"  differs from expected: {m}")
        for rid in rep.never_fired:
            print(f"  never fires on its fixtures: {rid}")
    return EXIT_SOME_FAILED if failed else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = log.setup(log.level_for(args.verbose, getattr(args, "quiet", False), args.log_level))
    try:
        return _run(args)
    finally:
        log.logger.removeHandler(handler)
        log.logger.propagate = True
        log.logger.setLevel(logging.NOTSET)


def _run(args: argparse.Namespace) -> int:
    from .rules import RuleError

    try:
        if args.command == "clean":
            return cmd_clean(args)
        if args.command == "rules":
            return cmd_rules(args)
        if args.command == "learn":
            return cmd_learn(args)
        if args.command == "report":
            return cmd_report(args)
        return cmd_explain(args)
    except (RuleError, UsageError) as e:
        print(f"cleaner: {e}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except output.OutputError as e:
        print(f"cleaner: {e}; stopped (the records written so far are complete; --resume continues)", file=sys.stderr)
        return EXIT_OUTPUT
    except KeyboardInterrupt:
        done = " (the records written so far are complete; --resume continues)" if args.command == "clean" else ""
        print(f"cleaner: interrupted{done}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as e:
        print(f"cleaner: {e}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
