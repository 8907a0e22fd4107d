"""Bench: how long the command takes to start (--help, one text, one page), and with --devset a
whole-process figure for a large batch: `cleaner clean DIR -o out.jsonl -j 1` over the devset's
dumps/ copied again and again into a temporary folder until it holds about --batch-mb MB.

    python bench/startup.py [--rounds 5] [--devset ../shared/devset [--batch-mb 14]]

Each figure is the best of --rounds runs of a fresh process (wall clock), so that a busy machine
inflates it less; the batch runs once (it takes seconds). Nothing is written outside a temporary
folder, which is removed at the end.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cleaner_command() -> list[str]:
    """The installed `cleaner` script beside this interpreter, else `python -m cleaner`."""
    script = Path(sys.executable).with_name("cleaner")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cleaner"]


def best_of(argv: list[str], rounds: int, cwd: Path) -> float:
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        best = min(best, time.perf_counter() - t0)
    return best


def batch_folder(devset: Path, target: Path, mb: float) -> tuple[int, int]:
    """Copy the devset's dumps/*.txt into `target` (round after round, renamed) until about `mb`
    MB; (files, bytes)."""
    dumps = sorted((devset / "dumps").glob("*.txt"))
    if not dumps:
        raise SystemExit(f"no dumps/*.txt under {devset}")
    files = size = 0
    rnd = 0
    while size < mb * 2**20:
        for p in dumps:
            data = p.read_bytes()
            (target / f"r{rnd:03d}_{p.name}").write_bytes(data)
            files, size = files + 1, size + len(data)
            if size >= mb * 2**20:
                break
        rnd += 1
    return files, size


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--devset", type=Path, help="the devset folder (dumps/, html/): adds the whole-process batch figure")
    ap.add_argument("--batch-mb", type=float, default=14.0)
    args = ap.parse_args()
    cmd = cleaner_command()
    with tempfile.TemporaryDirectory(prefix="cleaner-startup-") as tmp:
        work = Path(tmp)
        text = sorted((ROOT / "seeds").glob("*.txt"))[0]
        pages = sorted((ROOT / "fixtures" / "html").rglob("*.html"))
        rows = [("python -c pass", [sys.executable, "-c", "pass"]),
                ("cleaner --help", [*cmd, "--help"]),
                ("cleaner explain TEXT", [*cmd, "explain", str(text)]),
                ("cleaner clean TEXT -j 1", [*cmd, "clean", str(text), "-o", str(work / "o.jsonl"), "-j", "1", "-q"])]
        if pages:
            rows.append(("cleaner explain PAGE", [*cmd, "explain", str(pages[0])]))
        print(f"start-up, best of {args.rounds} (s):")
        for name, argv in rows:
            print(f"  {name:<26} {best_of(argv, args.rounds, work):.3f}")
        if args.devset:
            folder = work / "batch"
            folder.mkdir()
            files, size = batch_folder(args.devset, folder, args.batch_mb)
            argv = [*cmd, "clean", str(folder), "-o", str(work / "batch.jsonl"), "-j", "1", "-q"]
            t0 = time.perf_counter()
            subprocess.run(argv, cwd=work, check=True)
            secs = time.perf_counter() - t0
            print(f"whole process: cleaner clean DIR -o out.jsonl -j 1 on {files} files, {size / 2**20:.1f} MB "
                  f"of {args.devset.name}/dumps repeated: {secs:.1f} s, {size / 2**20 / secs:.2f} MB/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
