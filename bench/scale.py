"""Scale benchmark: the Ray engine beside the local runner on the same pages, and memory streaming a gzipped JSONL shard into Parquet.

    python bench/scale.py --devset ../shared/devset                 # both sections, 1 GB stream
    python bench/scale.py --devset ../shared/devset --gb 0.05       # a smaller stream
    python bench/scale.py --devset ../shared/devset --only throughput --pages 40
    python bench/scale.py --devset ../shared/devset --only throughput --html ../shared/devset-wcxb/html

Sections:
  throughput  docs/s of `cleaner clean PAGES -o ...` (--html, default DEVSET/html) with the local
              runner at -j 1 and -j 2 and with --engine ray on a local Ray of 1 and 2 CPUs: of the
              whole command, and net of its fixed costs (start-up; for Ray, starting and stopping a
              local Ray and its worker processes): the pages past the first 10 over the time they
              added to a run of those 10
  memory      peak memory of `cleaner clean stream.jsonl.gz -o out.parquet -j 2` on a generated
              gzipped JSONL stream of --gb GB (before compression) and of a quarter of that: PSS
              summed over the run and its workers (each page shared between processes split among
              them: what the run costs the machine), on which the target is judged (under 300 MB,
              and flat), and RSS summed beside it (it counts every page the forked workers share
              with the run once per process, so it overstates)

The devset is read where it is; everything written goes to a temporary folder.
"""
from __future__ import annotations

import argparse
import gzip
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speed import Peak, memory_line, memory_verdict, peak_memory_of, write_stream  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def _cleaner(*args: str) -> list[str]:
    return [sys.executable, "-m", "cleaner", "clean", "-q", *args]


def _wall(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


FEW_PAGES = 10  # the small run whose time, taken from the full run's, leaves the rate net of start-up


def throughput_section(html: Path, pages: int) -> None:
    """docs/s of each engine on the same pages: of the whole command, and net of its fixed costs
    (start-up, a local Ray's start and shut-down, worker processes, imports): the pages past the
    first FEW_PAGES over the time they added, (n - k) / (t(n) - t(k))."""
    with tempfile.TemporaryDirectory() as tmp:
        folders = {}
        names = sorted(p for p in html.iterdir() if p.name.endswith((".html", ".htm", ".html.gz", ".htm.gz")))[:pages]
        for size in (len(names), min(FEW_PAGES, len(names) // 2)):
            folders[size] = Path(tmp) / f"pages{size}"
            folders[size].mkdir()
            for p in names[:size]:
                (folders[size] / p.name).symlink_to(p.resolve())
        n, k = sorted(folders, reverse=True)
        print(f"throughput ({n} pages of {html}; wall time of the whole command, and net of start-up: "
              f"the last {n - k} pages over the time they added to a run of {k})")
        runs = [(f"local -j {j}", ["-j", str(j)]) for j in (1, 2)]
        runs += [(f"ray, {c} CPU{'s' if c > 1 else ''}", ["--engine", "ray", "-j", str(c)]) for c in (1, 2)]
        for label, extra in runs:
            secs = {}
            for size, folder in folders.items():
                out = Path(tmp) / f"out-{size}-{len(secs)}{'' if '--engine' in extra else '.jsonl'}"
                secs[size] = _wall(_cleaner(str(folder), "-o", str(out), *extra))
                shutil.rmtree(out, ignore_errors=True) if out.is_dir() else out.unlink(missing_ok=True)
            net = (n - k) / max(secs[n] - secs[k], 1e-9)
            print(f"  {label:<14} {n / secs[n]:6.1f} docs/s whole ({secs[n]:.1f} s), {net:6.1f} docs/s net "
                  f"({secs[k]:.1f} s for {k} pages)")


def gzip_stream(plain: Path) -> Path:
    packed = plain.with_name(plain.name + ".gz")
    with open(plain, "rb") as src, gzip.open(packed, "wb", compresslevel=6) as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
    plain.unlink()
    return packed


def peak_memory(stream: Path, out: Path) -> Peak:
    """Peak memory (summed PSS and RSS: speed.Peak) of `cleaner clean stream -o out -j 2`."""
    return peak_memory_of(_cleaner(str(stream), "-o", str(out), "-j", "2"), ROOT)


def memory_section(devset: Path, gigabytes: float) -> bool:
    size = int(gigabytes * 1e9)
    print("memory (cleaner clean stream.jsonl.gz -o out.parquet -j 2: the run and its workers; PSS and RSS summed)")
    peaks = {}
    with tempfile.TemporaryDirectory() as tmp:
        for part in (4, 1):
            n = write_stream(Path(tmp) / "stream.jsonl", devset, size // part)
            stream = gzip_stream(Path(tmp) / "stream.jsonl")
            out = Path(tmp) / "out.parquet"
            peaks[part] = peak = peak_memory(stream, out)
            print(f"  {size // part / 1e9:5.2f} GB of JSONL ({stream.stat().st_size / 1e9:.2f} GB gzipped), {n} records: "
                  f"{memory_line(peak)}, Parquet {out.stat().st_size / 1e6:.1f} MB")
            stream.unlink()
            out.unlink(missing_ok=True)
    return memory_verdict(peaks)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--devset", required=True, type=Path, help="path to the devset folder (html/, firstpass/)")
    ap.add_argument("--pages", type=int, default=1000, help="at most this many pages for throughput")
    ap.add_argument("--html", type=Path, help="folder of pages (.html, .html.gz) for throughput (default: DEVSET/html), "
                                              "e.g. ../shared/devset-wcxb/html")
    ap.add_argument("--gb", type=float, default=1.0, help="size of the generated JSONL stream before gzip (default: 1)")
    ap.add_argument("--only", default="throughput,memory", help="sections, comma-separated: throughput, memory")
    args = ap.parse_args(argv)
    only = set(args.only.split(","))
    ok = True
    if "throughput" in only:
        throughput_section(args.html or args.devset / "html", args.pages)
    if "memory" in only:
        ok &= memory_section(args.devset, args.gb)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
