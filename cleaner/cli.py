"""Command-line interface: argument parsing, then hand-off to the batch reader and the Cleaner."""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

from . import batch, explain, output, runner
from . import io as formats  # issue 14
from .config import Config
from .page import PageError
from .pipeline import Cleaner
from .rules import RuleError, RuleSet

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2

EPILOG = """exit status: 0 all documents cleaned; 1 some documents failed (each has an
error record); 2 usage error (bad arguments, bad rule file)."""

CLEAN_EPILOG = """Every input yields exactly one output record or one error record
({"id", "source", "error"}). A run killed at any point (even kill -9) leaves no
partial record; --resume continues into the same output, skipping inputs
already written, so the result equals an uninterrupted run's.

""" + EPILOG


def _add_rule_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rules", metavar="DIR", action="append", default=[], type=Path,
                   help="extra folder of outlet rule files (*.toml); overrides built-in outlets of the same name; repeatable")
    p.add_argument("--no-builtin-rules", action="store_true", help="do not load the outlet rules shipped with cleaner")
    p.add_argument("--disable", metavar="NAME", action="append", default=[],
                   help="switch off a generic heuristic, by family (navigation) or rule id (generic/caption); repeatable")


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
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")
    c = sub.add_parser("clean", help="clean files, folders or JSONL into JSONL records", epilog=CLEAN_EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="Clean each input into one JSONL record (id, source, text, title, description, "
                                   "authors, published, outlet, agency, credits, word_count; from HTML also section, tags, language, "
                                   "canonical_url, image, and where each field came from), in input order. PATH is a "
                                   ".txt file, an .html/.htm page, a .jsonl file (one record a line with a \"text\" or "
                                   "\"html\" field and an optional \"url\"; other fields pass through), a folder (walked "
                                   "recursively, sorted), or - for JSONL on standard input.")
    c.add_argument("paths", nargs="+", metavar="PATH")
    out = c.add_mutually_exclusive_group()
    out.add_argument("-o", "--output", metavar="OUT.jsonl", type=Path, help="write records here (default: standard output)")
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
                   help="a document larger than this becomes an error record (default: %(default)g)")
    c.add_argument("--timeout", metavar="SECONDS", type=float, default=runner.Limits().max_seconds,
                   help="a document taking longer than this becomes an error record (default: %(default)g)")
    _add_rule_options(c)
    _add_scale_options(c)  # issue 14
    e = sub.add_parser("explain", help="show every line of one input as kept or removed, with the rule")
    e.add_argument("path", metavar="FILE", help="a .txt file, an .html/.htm page (or - for text on standard input)")
    e.add_argument("--url", help="the page's URL, to pick its outlet rules")
    e.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour the output (default: when a terminal)")
    _add_rule_options(e)
    lr = sub.add_parser("learn", help="draft an outlet's rule file from many of its documents",
                        description="Find the lines that recur across the documents (digits, dates and month "
                                    "names made generic) and write them as drop rules, a cut marker and text "
                                    "signatures, each with its support, for a person to review.")
    lr.add_argument("paths", nargs="+", metavar="INPUT", help="files, folders or JSONL of one outlet's documents")
    lr.add_argument("--outlet", required=True, metavar="NAME", help="the outlet's display name")
    lr.add_argument("-o", "--output", metavar="FILE.toml", type=Path, help="write the rule file here (default: standard output)")
    _add_rule_options(lr)
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


def unknown_disable_names(names: list[str]) -> list[str]:
    """--disable names that are neither a generic heuristic nor one of its rule ids."""
    from .heuristics import DETECTORS, known_rule_ids
    from .inline import HOVER_CARD

    rules = known_rule_ids() | {HOVER_CARD.rule}
    known = set(DETECTORS) | rules | {r.removeprefix("generic/") for r in rules}
    return [n for n in names if n not in known]


def make_cleaner(args: argparse.Namespace) -> Cleaner:
    unknown = unknown_disable_names(args.disable)
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


def cmd_clean(args: argparse.Namespace) -> int:
    if args.resume and args.output is None and args.out_dir is None:
        return usage_error("--resume needs an output to continue: -o FILE or --out-dir DIR")
    if args.workers is not None and args.workers < 1:
        return usage_error("--workers must be at least 1")
    cleaner = make_cleaner(args)
    if args.engine == "ray":  # issue 14: the same cleaning as Ray tasks
        from .integrations import ray as ray_engine

        return ray_engine.run_cli(args, cleaner)
    if args.learn:
        if "-" in args.paths:
            return usage_error("--learn reads the inputs twice: it cannot take standard input")
        from . import learn

        docs = (d for d in batch.iter_inputs(args.paths) if isinstance(d, batch.Document))
        learned = learn.learned_outlets(learn.learn_groups(cleaner, docs))
        cleaner = Cleaner(cleaner.config, cleaner.rules, learned)
        if not args.quiet:
            print(f"cleaner: learned rules for {len(learned)} group(s): "
                  + ", ".join(f"{k} ({len(o.drops)} drop, {len(o.cuts)} cut)" for k, o in learned.items()), file=sys.stderr)
    limits = runner.Limits(max_bytes=int(args.max_mb * 2**20), max_seconds=args.timeout)
    errors_path = args.errors or (args.out_dir / "errors.jsonl" if args.out_dir else None)
    folder = output.FolderWriter(args.out_dir) if args.out_dir else None
    # issue 14: the -o name says the format (.jsonl, .jsonl.gz, .jsonl.zst, .parquet); inputs read with these settings
    skipped_not_pages = formats.configure(formats.Reading(limits.max_bytes, formats.Fields(
        args.text_field, args.html_field, args.id_field, args.url_field)))
    try:
        records = (formats.writer_for(args.output, args.resume) if args.output else output.JsonlWriter(None)) if folder is None else None
        errors = formats.writer_for(errors_path, args.resume) if errors_path else records
    except ValueError as e:
        return usage_error(str(e))
    summary = runner.Summary()
    done: set[str] = set()
    if args.resume:
        earlier_failures: set[str] = set()
        done = formats.done_sources([args.output, errors_path], earlier_failures) | (folder.done_sources() if folder else set())
        summary.errors_before = len(earlier_failures)

    def todo() -> Any:  # inputs not read yet: workers read them
        for item in batch.iter_tasks(args.paths):
            if item.source in done:
                summary.skipped += 1
                continue
            yield item

    bar = progress_bar(args)
    try:
        for outcome in runner.run(cleaner, todo(), args.workers or runner.default_workers(), limits, args.explain):
            summary.add(outcome)
            if outcome.error:
                assert errors is not None
                errors.write(outcome.record)
                if not args.quiet:  # through the bar, so that it is not torn
                    bar.write(f"cleaner: {outcome.record['source']}: {outcome.record['error']}", file=sys.stderr)
            elif folder is not None:
                folder.write(outcome.rel, outcome.record)
            else:
                assert records is not None
                records.write(outcome.record)
            bar.update(1)
            if outcome.error:
                bar.set_postfix(errors=summary.errors, refresh=False)
    finally:
        bar.close()
        for w in {id(x): x for x in (records, errors) if x is not None}.values():
            w.close()
    known = [rid for o in cleaner.rules.outlets.values() for rid in o.rule_ids]
    if args.stats:  # (issue 14: with the inputs read and skipped as not pages, e.g. WARC request records)
        args.stats.write_text(json.dumps({**summary.to_dict(known), "skipped_not_pages": dict(skipped_not_pages)}, indent=1, ensure_ascii=False) + "\n", "utf-8")
    if not args.quiet:
        print(summary.render(known), file=sys.stderr)
        if skipped_not_pages:  # issue 14
            print("  skipped, not pages: " + ", ".join(f"{k} {v}" for k, v in skipped_not_pages.most_common()), file=sys.stderr)
    return EXIT_SOME_FAILED if summary.errors or summary.errors_before else EXIT_OK


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
    colour = args.color == "always" or (args.color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    sys.stdout.write(explain.render(article, raw, colour=colour))
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
        args.output.write_text(toml, "utf-8")
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
        return cmd_explain(args)
    except (RuleError, UsageError) as e:
        print(f"cleaner: {e}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except OSError as e:
        print(f"cleaner: {e}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
