#!/usr/bin/env python3
"""Where cleaner loses F1 on the devset: gold text removed, per rule; kept lines not in gold.

    python bench/diagnose.py --devset ../shared/devset --mode firstpass [--show RULE] [--kept]

For tuning heuristics: a removal whose words are in the gold article is a
recall loss charged to its rule; a kept unit whose words are not is a
precision loss.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

# cleaner as installed, else the source tree beside this folder (an install built the C extension;
# a source tree holds it only when built in place, as an editable install does)
sys.path.append(str(Path(__file__).resolve().parent.parent))

from cleaner import Cleaner  # noqa: E402

_W = re.compile(r"\w+")


def grams(text: str, n: int = 4) -> set[tuple[str, ...]]:
    t = _W.findall(text)
    return {tuple(t[i:i + n]) for i in range(max(1, len(t) - n + 1))} if t else set()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--devset", type=Path, required=True)
    ap.add_argument("--mode", default="firstpass")
    ap.add_argument("--show", help="print the gold-text removals of this rule")
    ap.add_argument("--kept", action="store_true", help="print kept units not in gold")
    args = ap.parse_args()
    cleaner = Cleaner()
    lost: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    junk = 0
    for path in sorted((args.devset / args.mode).glob("*.txt")):
        gold = grams((args.devset / "gold" / path.name).read_text("utf-8"))
        art = cleaner.clean(path.read_text("utf-8"))
        for r in art.removed:
            for line in r.text.split("\n"):
                g = grams(line)
                if g and len(g & gold) / len(g) > 0.6:
                    lost[r.rule] += len(_W.findall(line))
                    examples[r.rule].append(f"{path.stem[:10]}:{r.start_line} {line[:150]}")
        for para in art.paragraphs:
            g = grams(para)
            if g and len(g & gold) / len(g) < 0.3:
                junk += len(_W.findall(para))
                if args.kept:
                    print(f"KEPT {path.stem[:10]} {para[:150]}")
    print("gold words removed, by rule:")
    for rule, n in lost.most_common():
        print(f"  {n:6}  {rule}")
    print(f"kept words not in gold: {junk}")
    if args.show:
        for e in examples[args.show]:
            print("  ", e)
    return 0


if __name__ == "__main__":
    sys.exit(main())
