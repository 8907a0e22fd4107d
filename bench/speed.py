#!/usr/bin/env python3
"""Time cleaner against its peers on the devset, in one process, on one core.

    python bench/speed.py --devset ../shared/devset [--rounds 3]

Prints, side by side:
  text mode   cleaner's MB/s on devset dumps/ and firstpass/ (target >= 5 MB/s);
  HTML mode   cleaner.clean_html against plain trafilatura.extract on the same
              pages (bytes in, text out, both decoding and parsing the page
              themselves): docs/s of each and their ratio (target >= 1.0).
Each figure is the best of --rounds timed rounds (after one warm-up round), the
two HTML systems taking turns so that neither gets a warmer machine.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cleaner import Cleaner  # noqa: E402

TEXT_TARGET_MBS = 5.0
HTML_TARGET_RATIO = 1.0


def pin_one_core() -> str:
    """Run on one core, as the targets are stated; say so, or say why not."""
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        return "pinned to one core"
    except (AttributeError, OSError) as e:
        return f"not pinned ({e.__class__.__name__}); single process"


def best_time(fn: Callable[[], object], rounds: int) -> float:
    fn()  # warm-up
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def load_pages(devset: Path) -> tuple[list[bytes], list[str | None]]:
    urls: dict[str, str] = {}
    meta = devset / "meta.jsonl"
    if meta.exists():
        for line in meta.read_text("utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                urls[rec["id"]] = rec.get("url")
    paths = sorted((devset / "html").glob("*.html.gz"))
    return [gzip.decompress(p.read_bytes()) for p in paths], [urls.get(p.name.split(".")[0]) for p in paths]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--devset", required=True, type=Path, help="path to the devset folder (dumps/, firstpass/, html/)")
    ap.add_argument("--rounds", type=int, default=3, help="timed rounds per system (best is reported)")
    args = ap.parse_args(argv)
    if not (args.devset / "html").is_dir():
        print(f"speed.py: {args.devset} has no html/ folder", file=sys.stderr)
        return 2
    print(f"devset: {args.devset}; {pin_one_core()}; best of {args.rounds} rounds")
    cleaner = Cleaner()
    ok = True

    print("text mode")
    for mode in ("firstpass", "dumps"):
        texts = [p.read_text("utf-8") for p in sorted((args.devset / mode).glob("*.txt"))]
        mb = sum(len(t.encode()) for t in texts) / 1e6
        secs = best_time(lambda: [cleaner.clean(t) for t in texts], args.rounds)
        verdict = "PASS" if mb / secs >= TEXT_TARGET_MBS else "FAIL"
        ok &= verdict == "PASS"
        print(f"  {mode:<10} {len(texts)} docs, {mb:.2f} MB   cleaner {mb / secs:6.1f} MB/s   "
              f"-> {verdict} (target >= {TEXT_TARGET_MBS:g} MB/s)")

    import trafilatura

    pages, urls = load_pages(args.devset)
    work = list(zip(pages, urls))
    trafilatura_run = lambda: [trafilatura.extract(p, url=u) for p, u in work]  # noqa: E731
    cleaner_run = lambda: [cleaner.clean_html(p, u) for p, u in work]  # noqa: E731
    trafilatura_run()  # warm-up, both
    cleaner_run()
    t_best = c_best = float("inf")  # alternate rounds, so neither gets a warmer machine
    for _ in range(args.rounds):
        t_best = min(t_best, _timed(trafilatura_run))
        c_best = min(c_best, _timed(cleaner_run))
    t_rate, c_rate = len(pages) / t_best, len(pages) / c_best
    ratio = c_rate / t_rate
    verdict = "PASS" if ratio >= HTML_TARGET_RATIO else "FAIL"
    ok &= verdict == "PASS"
    mb = sum(len(p) for p in pages) / 1e6
    print(f"html mode ({len(pages)} pages, {mb:.1f} MB)")
    print(f"  trafilatura.extract (default)   {t_rate:6.1f} docs/s")
    print(f"  cleaner.clean_html              {c_rate:6.1f} docs/s   ratio {ratio:.2f} "
          f"-> {verdict} (target >= {HTML_TARGET_RATIO:g})")
    return 0 if ok else 1


def _timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


if __name__ == "__main__":
    sys.exit(main())
