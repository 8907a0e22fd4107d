"""Command-line interface: argument parsing, then hand-off to the batch reader and the Cleaner."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TextIO

from . import batch, explain
from .config import Config
from .page import PageError
from .pipeline import Cleaner
from .rules import RuleError

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2

EPILOG = """exit status: 0 all documents cleaned; 1 some documents failed (each has an
error record); 2 usage error (bad arguments, bad rule file)."""


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
    c = sub.add_parser("clean", help="clean files, folders or JSONL into JSONL records", epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="Clean each input into one JSONL record (id, source, text, title, description, "
                                   "authors, published, outlet, agency, credits, word_count; from HTML also section, tags, language, "
                                   "canonical_url, image, and where each field came from), in input order. PATH is a "
                                   ".txt file, an .html/.htm page, a .jsonl file (one record a line with a \"text\" or "
                                   "\"html\" field and an optional \"url\"; other fields pass through), a folder (walked "
                                   "recursively, sorted), or - for JSONL on standard input.")
    c.add_argument("paths", nargs="+", metavar="PATH")
    c.add_argument("-o", "--output", metavar="OUT.jsonl", type=Path, help="write records here (default: standard output)")
    c.add_argument("--errors", metavar="FILE", type=Path,
                   help="write error records here (default: into the output, as records with an \"error\" field)")
    c.add_argument("--explain", action="store_true", help="add \"removed\": every removed span with its rule, category, lines and text")
    _add_rule_options(c)
    e = sub.add_parser("explain", help="show every line of one input as kept or removed, with the rule")
    e.add_argument("path", metavar="FILE", help="a .txt file, an .html/.htm page (or - for text on standard input)")
    e.add_argument("--url", help="the page's URL, to pick its outlet rules")
    e.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour the output (default: when a terminal)")
    _add_rule_options(e)
    return ap


def make_cleaner(args: argparse.Namespace) -> Cleaner:
    config = Config(rules_dirs=tuple(args.rules), builtin_rules=not args.no_builtin_rules, disable=frozenset(args.disable))
    return Cleaner(config)


def report(err_out: TextIO, error: batch.InputError) -> None:
    """An error record into the error stream, and the same on standard error."""
    batch.write_jsonl(err_out, error.to_dict())
    print(f"cleaner: {error.source}: {error.message}", file=sys.stderr)


def run_clean(args: argparse.Namespace, cleaner: Cleaner, out: TextIO, err_out: TextIO) -> int:
    failures = 0
    for item in batch.iter_inputs(args.paths):
        if isinstance(item, batch.InputError):
            failures += 1
            report(err_out, item)
            continue
        article = batch.clean_document(cleaner, item)
        if isinstance(article, batch.InputError):
            failures += 1
            report(err_out, article)
            continue
        batch.write_jsonl(out, batch.output_record(item, article, explain=args.explain))
    return EXIT_SOME_FAILED if failures else EXIT_OK


def _open_out(path: Path | None, stack: list[TextIO]) -> TextIO:
    if path is None:
        return sys.stdout
    f = open(path, "w", encoding="utf-8")
    stack.append(f)
    return f


def cmd_clean(args: argparse.Namespace) -> int:
    cleaner = make_cleaner(args)
    opened: list[TextIO] = []
    try:
        out = _open_out(args.output, opened)
        err_out = _open_out(args.errors, opened) if args.errors else out
        return run_clean(args, cleaner, out, err_out)
    finally:
        for f in opened:
            f.close()


def cmd_explain(args: argparse.Namespace) -> int:
    cleaner = make_cleaner(args)
    path = Path(args.path)
    if args.path == "-":
        raw = sys.stdin.read()
        article = cleaner.clean(raw, args.url)
    else:
        doc = batch.read_html_file(path) if path.suffix.lower() in batch.HTML_SUFFIXES else batch.read_text_file(path)
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


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "clean":
            return cmd_clean(args)
        return cmd_explain(args)
    except RuleError as e:
        print(f"cleaner: {e}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except OSError as e:
        print(f"cleaner: {e}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
