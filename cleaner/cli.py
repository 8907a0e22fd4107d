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
from typing import Any, Iterator

from . import batch, explain, output, runner
from .config import Config
from .page import PageError
from .pipeline import Cleaner
from .rules import RuleError, RuleSet

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


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="cleaner", description="Clean scraped news articles into article text with metadata.",
                                 epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")
    c = sub.add_parser("clean", help="clean files, folders or JSONL into JSONL records", epilog=CLEAN_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="Clean each input into one JSONL record (id, source, text, title, description, "
                                   "authors, published, outlet, agency, credits, word_count; from HTML also section, tags, language, "
                                   "canonical_url, image, and where each field came from), in input order. PATH is a "
                                   ".txt file, an .html/.htm page, a .jsonl file (one record a line with a \"text\" or "
                                   "\"html\" field and an optional \"url\"; other fields pass through), a .json file "
                                   "(a JSON array of such records, or JSONL), a folder (walked recursively, sorted; "
                                   "the files it skips are named), or - for JSONL on standard input.")
    c.add_argument("paths", nargs="+", metavar="PATH")
    out = c.add_mutually_exclusive_group()
    out.add_argument("-o", "--output", metavar="OUT.jsonl", type=Path,
                     help=f"write records here: {output.OUTPUT_NAMES} (default: standard output)")
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
    e = sub.add_parser("explain", help="show every line of one input as kept or removed, with the rule")
    e.add_argument("path", metavar="FILE", help="a .txt file, an .html/.htm page (or - for text on standard input)")
    e.add_argument("--url", help="the page's URL, to pick its outlet rules")
    e.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour the output (default: when a terminal)")
    e.add_argument("--format", choices=("text", "html"), default="text",
                   help="text: lines for a terminal; html: one self-contained review page (default: text)")
    e.add_argument("-o", "--output", metavar="FILE", type=Path, help="write here (default: standard output)")
    _add_rule_options(e)
    lr = sub.add_parser("learn", help="draft an outlet's rule file from many of its documents",
                        description="Find the lines that recur across the documents (digits, dates and month "
                                    "names made generic) and write them as drop rules, a cut marker and text "
                                    "signatures, each with its support, for a person to review.")
    lr.add_argument("paths", nargs="+", metavar="INPUT", help="files, folders or JSONL of one outlet's documents")
    lr.add_argument("--outlet", required=True, metavar="NAME", help="the outlet's display name")
    lr.add_argument("-o", "--output", metavar="FILE.toml", type=Path, help="write the rule file here (default: standard output)")
    _add_rule_options(lr)
    rp = sub.add_parser("report", help="one self-contained HTML page reviewing a clean --explain batch",
                        description="Read a clean --explain JSONL output as a stream and write one HTML page: totals, "
                                    "removals per category and per rule as charts, outlets with their rule hits, and the "
                                    "documents worth a look (fewest words kept, most removed, errors) with their removed spans.")
    rp.add_argument("batch", metavar="BATCH.jsonl", help="records written by cleaner clean --explain (or - for standard input)")
    rp.add_argument("--stats", metavar="STATS.json", type=Path, help="the run's cleaner clean --stats file: adds the rules that never fired")
    rp.add_argument("-o", "--output", metavar="FILE.html", type=Path, required=True, help="write the report here")
    r = sub.add_parser("rules", help="list, validate and test the outlet rule files", epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="list: outlets and their rule counts. check: validate every rule file (each on "
                                   "its own, so one bad file does not hide the next). test: run each outlet's fixtures (FIXTURES/rules/"
                                   "<outlet>/*.txt, FIXTURES/html/<outlet>/*.html, each with an expected .json) and "
                                   "report differences and rules that never fire on them.")
    r.add_argument("action", choices=("list", "check", "test"))
    r.add_argument("outlets", nargs="*", metavar="OUTLET", help="only these outlets (test)")
    r.add_argument("--fixtures", metavar="DIR", type=Path, default=Path("fixtures"),
                   help="folder holding rules/<outlet>/ and html/<outlet>/ fixtures (default: ./fixtures)")
    r.add_argument("--rules", metavar="DIR", action="append", default=[], type=Path,
                   help="extra folder of outlet rule files; repeatable")
    r.add_argument("--no-builtin-rules", action="store_true", help="leave out the outlet rules shipped with cleaner")
    return ap


def make_cleaner(args: argparse.Namespace) -> Cleaner:
    from .heuristics import unknown_names  # one list of names for --disable, Config and rule files

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


def progress_bar(args: argparse.Namespace) -> Any:
    """tqdm on a terminal (docs/s and errors); nothing when not a terminal or with --quiet."""
    from tqdm import tqdm

    return tqdm(unit="doc", file=sys.stderr, dynamic_ncols=True, disable=args.quiet or not sys.stderr.isatty())


def _check_clean_args(args: argparse.Namespace) -> None:
    """Arguments cmd_clean cannot run as given: UsageError, one line."""
    if args.output is not None and output.output_kind(str(args.output)) is None:
        raise UsageError(f"-o {str(args.output)!r}: -o takes {output.OUTPUT_NAMES}")
    if str(args.output) == "-":
        args.output = None
    if args.resume and args.output is None and args.out_dir is None:
        raise UsageError("--resume needs an output to continue: -o FILE or --out-dir DIR")
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
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
    stamp = output.settings_stamp(cleaner, explain=args.explain, learn=args.learn)
    limits = runner.Limits(max_bytes=int(args.max_mb * 2**20), max_seconds=args.timeout)
    reading = batch.Reading(max_bytes=limits.max_bytes, exclude=own)
    folder = output.FolderWriter(args.out_dir) if args.out_dir else None
    summary = runner.Summary()
    written = output.Written()
    if args.resume:
        written.read_jsonl([args.output, errors_path])
        if folder is not None:
            folder.read_written(written)
        problem = written.mismatch(stamp)
        if problem:
            raise UsageError(f"--resume: {problem}; resume with the same cleaner and settings, or write a new output")
        summary.errors_before = len(written.failed)
    if args.learn:
        from . import learn

        first = batch.Reading(max_bytes=limits.max_bytes, exclude=own)
        docs = (d for d in batch.iter_inputs(args.paths, reading=first) if isinstance(d, batch.Document))
        learned = learn.learned_outlets(learn.learn_groups(cleaner, docs))
        cleaner = Cleaner(cleaner.config, cleaner.rules, learned)
        if not args.quiet:
            print(f"cleaner: learned rules for {len(learned)} group(s): "
                  + ", ".join(f"{k} ({len(o.drops)} drop, {len(o.cuts)} cut)" for k, o in learned.items()), file=sys.stderr)
    records = output.records_writer(args.output, append=args.resume) if folder is None else None
    same = errors_path is not None and args.output is not None and os.path.realpath(errors_path) == os.path.realpath(args.output)
    errors = output.JsonlWriter(errors_path, append=args.resume) if errors_path and not same else records

    def todo() -> Any:  # inputs not read yet: workers read them
        for item in batch.iter_tasks(args.paths, reading=reading):
            if item.source in written.sources:
                summary.skipped += 1
                continue
            yield item

    bar = progress_bar(args)
    interrupts = Interrupts()
    try:
        outcomes = runner.run(cleaner, todo(), args.workers or runner.default_workers(), limits, args.explain)
        with interrupts.installed(), closing(outcomes):  # closed: the workers stop, however the loop ends
            for outcome in outcomes:
                with interrupts.held():
                    outcome = _write(outcome, stamp, folder, records, errors)
                summary.add(outcome)
                if outcome.error and not args.quiet:  # through the bar, so that it is not torn
                    bar.write(f"cleaner: {outcome.record['source']}: {outcome.record['error']}", file=sys.stderr)
                bar.update(1)
                if outcome.error:
                    bar.set_postfix(errors=summary.errors, refresh=False)
    finally:
        bar.close()
        for w in {id(x): x for x in (records, errors) if x is not None}.values():
            w.close()
    known = [rid for o in cleaner.rules.outlets.values() for rid in o.rule_ids]
    if args.stats:
        stats = {**summary.to_dict(known), "skipped_not_inputs": len(reading.skipped)}
        try:
            args.stats.write_text(json.dumps(stats, indent=1, ensure_ascii=False) + "\n", "utf-8")
        except OSError as e:
            raise output.OutputError(args.stats, e) from e
    if not args.quiet:
        print(summary.render(known), file=sys.stderr)
        report_skipped(reading.skipped)
    if summary.documents == 0 and summary.skipped == 0:
        print(f"cleaner: nothing to clean: no document among the inputs (cleaner reads {', '.join(batch.INPUT_SUFFIXES)}"
              + (f"; {len(reading.skipped)} other files skipped)" if reading.skipped else ")"), file=sys.stderr)
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


def cmd_explain(args: argparse.Namespace) -> int:
    cleaner = make_cleaner(args)
    path = Path(args.path)
    if args.path == "-":
        raw = sys.stdin.read()
        article = cleaner.clean(raw, args.url)
    else:
        doc = batch.read_file(path)
        if isinstance(doc, batch.InputError):
            print(f"cleaner: {doc.source}: {doc.message}", file=sys.stderr)
            return EXIT_SOME_FAILED
        if doc.html is not None:
            try:
                result = cleaner.read_page(doc.html, args.url)
            except PageError as e:
                print(f"cleaner: {doc.source}: not a readable HTML page: {e}", file=sys.stderr)
                return EXIT_SOME_FAILED
            raw, article = result.text, cleaner.clean_page(result, args.url)
        else:
            raw, article = doc.text, cleaner.clean(doc.text, args.url)
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

    if args.action == "check":
        n, problems = ruletools.check_files(args.rules, not args.no_builtin_rules)
        for p in problems:
            print(f"cleaner: {p}", file=sys.stderr)
        print(f"{n} rule files, {len(problems)} with problems")
        return EXIT_SOME_FAILED if problems else EXIT_OK
    config = Config(rules_dirs=tuple(args.rules), builtin_rules=not args.no_builtin_rules)
    rules = RuleSet.load(config.rules_dirs, config.builtin_rules)
    if args.action == "list":
        print("\n".join(ruletools.list_outlets(rules)))
        return EXIT_OK
    unknown = sorted(set(args.outlets) - set(rules.outlets))
    if unknown:
        return usage_error(f"no rule file for outlet(s): {', '.join(unknown)}")
    failed = 0
    for key in args.outlets or sorted(rules.outlets):
        rep = ruletools.run_fixtures(config, rules, key, args.fixtures)
        failed += not rep.ok
        status = "ok" if rep.ok else "FAIL"
        print(f"{key}: {status}, {len(rep.fixtures)} fixtures")
        if not rep.fixtures:
            print(f"  no fixtures under {args.fixtures}/rules/{key}/ or {args.fixtures}/html/{key}/")
        for m in rep.mismatches:
            print(f"  differs from expected: {m}")
        for rid in rep.never_fired:
            print(f"  never fires on its fixtures: {rid}")
    return EXIT_SOME_FAILED if failed else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # trafilatura warns on every page it finds nothing in; a batch reports that in its records
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
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
