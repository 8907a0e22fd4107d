#!/usr/bin/env python3
"""Score cleaner's page metadata (title, authors, published) against gold, beside trafilatura's, in one run.

    python bench/metadata.py --devset /work/shared/devset-wcxb [--wrong authors] [--limit N]

Reads meta.jsonl (id, url and the gold "title", "author", "published") and html/<id>.html.gz.
Each page is read twice by each system: with its URL given and without it. cleaner runs
clean_html (the whole pipeline: page metadata, then what the text stage finds); trafilatura
runs bare_extraction(with_metadata=True) and gives title, author and date.

Scores (each over the pages whose gold has the field):
- title: exact after whitespace collapsing, case folding and curly quotes made straight;
- authors: the set of names equal (order, case and punctuation ignored); a gold or found
  value is split into names at commas, ";", "&" and "and"; credentials ("MS", "RD",
  "Ph.D.") and a leading "By"/"Dr" are dropped on both sides. Also name recall and name
  precision, micro-averaged over the pages with a gold author, and how many pages without
  a gold author get names anyway;
- published: the same calendar day (the gold's prefix: a gold "2025-09" needs that month).

A devset whose meta.jsonl has no gold fields (/work/shared/devset) gets a coverage table
instead: how many pages each system gives each field for.
--wrong FIELD lists the pages cleaner gets wrong for FIELD (title, authors, published), with
the URL given: id, gold, cleaner's value and its source, trafilatura's value.
--peer-cache PATH keeps trafilatura's answers in a JSON file between runs (they do not change
while cleaner does). The targets are the issue's; each must also be at least trafilatura's figure.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

sys.path.append(str(Path(__file__).resolve().parent.parent))

from cleaner import Cleaner, PageError  # noqa: E402

TARGETS = {"title exact": 0.85, "authors exact set": 0.75, "author name precision": 0.85, "published same day": 0.93}
FIELDS = ("title", "authors", "published")

_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b)\s*", re.IGNORECASE)
_CREDENTIAL = re.compile(r"^(?:[A-Z][A-Za-z]{0,4}\.?(?:[A-Z]\.?){0,3}|\d+)$")
_CREDENTIALS = {"phd", "md", "ms", "msc", "bsc", "ma", "ba", "mba", "rd", "dds", "edd", "psyd", "jd", "rn", "do",
                "cpa", "cfa", "mph", "ldn", "cdn", "cde", "fand", "dabom", "foma", "facc", "facp", "cscs", "eryt",
                "ryt", "lmft", "lcsw", "np", "pa", "jr", "sr", "ii", "iii"}
_LEAD = re.compile(r"^(?:by|dr|prof)\.?\s+", re.IGNORECASE)


_TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def norm_text(s: str | None) -> str:
    """Whitespace collapsed, case folded, typographic quotes as plain ones (gold files differ on them)."""
    return " ".join((s or "").translate(_TYPOGRAPHIC).split()).casefold()


def _is_credential(part: str) -> bool:
    words = re.sub(r"[.\-]", "", part).split()
    return bool(words) and all(w.casefold() in _CREDENTIALS or (w.isupper() and len(w) <= 5) or w.isdigit()
                               for w in words) and len(words) <= 2


def names(value: Any) -> list[str]:
    """The names in an author value (a string or a list), normalised for comparison."""
    if not value:
        return []
    text = ", ".join(value) if isinstance(value, (list, tuple)) else str(value)
    out = []
    for part in _SPLIT.split(text):
        part = part.strip(" .")
        if not part or _is_credential(part):
            continue
        part = _LEAD.sub("", part)
        key = " ".join(re.sub(r"[^\w\s]", " ", part).split()).casefold()
        if key and key not in out:
            out.append(key)
    return out


def same_day(gold: str, got: str | None) -> bool:
    return bool(got) and str(got)[: len(gold)] == gold


def run_cleaner(cleaner: Cleaner, html: bytes, url: str | None) -> dict[str, Any]:
    try:
        art = cleaner.clean_html(html, url)
    except PageError as e:
        return {"error": str(e)}
    return {"title": art.title, "authors": list(art.authors), "published": art.published,
            "sources": {k: art.sources.get(k) for k in ("title", "authors", "published")}, "agency": art.agency}


def run_trafilatura(html: bytes, url: str | None) -> dict[str, Any]:
    from trafilatura import bare_extraction
    doc = bare_extraction(html, url=url, with_metadata=True)
    if doc is None:
        return {}
    get = (lambda k: doc.get(k)) if isinstance(doc, dict) else (lambda k: getattr(doc, k, None))
    author = get("author")
    return {"title": get("title"), "authors": [a for a in re.split(r"\s*;\s*", author) if a] if author else [],
            "published": get("date")}


class Score:
    """Counts for one system in one mode."""

    def __init__(self) -> None:
        self.n = {"title": 0, "authors": 0, "published": 0}
        self.ok = {"title": 0, "authors": 0, "published": 0}
        self.gold_names = self.found_names = self.right_names = 0
        self.names_without_gold = 0  # pages with no gold author that get names anyway
        self.wrong: dict[str, list[str]] = {f: [] for f in FIELDS}

    def add(self, gold: dict[str, Any], got: dict[str, Any]) -> None:
        if gold.get("title"):
            self.n["title"] += 1
            ok = norm_text(gold["title"]) == norm_text(got.get("title"))
            self.ok["title"] += ok
            if not ok:
                self.wrong["title"].append(gold["id"])
        want, have = names(gold.get("author")), names(got.get("authors"))
        if want:
            self.n["authors"] += 1
            ok = set(want) == set(have)
            self.ok["authors"] += ok
            if not ok:
                self.wrong["authors"].append(gold["id"])
            self.gold_names += len(want)
            self.found_names += len(have)
            self.right_names += len(set(want) & set(have))
        elif have:
            self.names_without_gold += 1
        if gold.get("published"):
            self.n["published"] += 1
            ok = same_day(gold["published"], got.get("published"))
            self.ok["published"] += ok
            if not ok:
                self.wrong["published"].append(gold["id"])

    def figures(self) -> dict[str, float]:
        def ratio(a: int, b: int) -> float:
            return a / b if b else 0.0
        return {"title exact": ratio(self.ok["title"], self.n["title"]),
                "authors exact set": ratio(self.ok["authors"], self.n["authors"]),
                "author name recall": ratio(self.right_names, self.gold_names),
                "author name precision": ratio(self.right_names, self.found_names),
                "published same day": ratio(self.ok["published"], self.n["published"])}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--devset", type=Path, required=True)
    ap.add_argument("--wrong", choices=FIELDS, action="append", default=[], help="list cleaner's wrong pages")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages")
    ap.add_argument("--peer-cache", type=Path, help="JSON file keeping trafilatura's answers between runs")
    args = ap.parse_args(argv)

    rows = [json.loads(line) for line in (args.devset / "meta.jsonl").read_text("utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if (args.devset / "html" / f"{r['id']}.html.gz").exists()]
    if args.limit:
        rows = rows[: args.limit]
    has_gold = any(r.get(k) for r in rows for k in ("title", "author", "published"))
    cache: dict[str, Any] = {}
    if args.peer_cache and args.peer_cache.exists():
        cache = json.loads(args.peer_cache.read_text("utf-8"))
    cleaner = Cleaner()
    modes = ("with URL", "without URL")
    scores = {(s, m): Score() for s in ("cleaner", "trafilatura") for m in modes}
    found = {(s, m): {f: 0 for f in FIELDS} for s in ("cleaner", "trafilatura") for m in modes}
    got_by_id: dict[str, dict[str, Any]] = {}
    seconds = {"cleaner": 0.0, "trafilatura": 0.0}
    errors = 0
    for row in rows:
        html = gzip.decompress((args.devset / "html" / f"{row['id']}.html.gz").read_bytes())
        for mode in modes:
            url = row.get("url") if mode == "with URL" else None
            t = time.perf_counter()
            ours = run_cleaner(cleaner, html, url)
            seconds["cleaner"] += time.perf_counter() - t
            errors += "error" in ours
            key = f"{row['id']}|{mode}"
            if key not in cache:
                t = time.perf_counter()
                cache[key] = run_trafilatura(html, url)
                seconds["trafilatura"] += time.perf_counter() - t
            peer = cache[key]
            if mode == "with URL":
                got_by_id[row["id"]] = {"cleaner": ours, "trafilatura": peer}
            for system, got in (("cleaner", ours), ("trafilatura", peer)):
                scores[system, mode].add(row, got)
                for f in FIELDS:
                    found[system, mode][f] += bool(got.get(f))
    if args.peer_cache:
        args.peer_cache.write_text(json.dumps(cache), "utf-8")

    print(f"{len(rows)} pages from {args.devset}; cleaner {seconds['cleaner']:.1f} s for both modes"
          + (f", trafilatura {seconds['trafilatura']:.1f} s" if seconds["trafilatura"] else " (trafilatura cached)")
          + (f"; {errors} cleaner error records" if errors else ""))
    if not has_gold:
        print("meta.jsonl has no gold title/author/published: coverage only (pages given each field)\n")
        print(f"{'field':<12}" + "".join(f"{s + ' ' + m:>26}" for s in ("cleaner", "trafilatura") for m in modes))
        for f in FIELDS:
            print(f"{f:<12}" + "".join(f"{found[s, m][f]:>26}" for s in ("cleaner", "trafilatura") for m in modes))
        return 0

    base = scores["cleaner", modes[0]]
    print(f"gold: {base.n['title']} titles, {base.n['authors']} with authors, {base.n['published']} dates\n")
    print(f"{'figure':<24}" + "".join(f"{s[:5] + ' ' + m:>20}" for s in ("cleaner", "trafilatura") for m in modes))
    figs = {k: v.figures() for k, v in scores.items()}
    for name in figs["cleaner", modes[0]]:
        print(f"{name:<24}" + "".join(f"{figs[s, m][name]:>20.3f}" for s in ("cleaner", "trafilatura") for m in modes))
    print(f"{'names w/o gold author':<24}" + "".join(f"{scores[s, m].names_without_gold:>20}"
                                                      for s in ("cleaner", "trafilatura") for m in modes))
    print()
    failed = False
    for mode in modes:
        for name, floor in TARGETS.items():
            ours, peer = figs["cleaner", mode][name], figs["trafilatura", mode][name]
            ok = ours >= floor and ours >= peer
            failed |= not ok
            print(f"{'PASS' if ok else 'FAIL'} {name} ({mode}): {ours:.3f} (target {floor:.2f}, trafilatura {peer:.3f})")
    for field in args.wrong:
        wrong = base.wrong[field]
        print(f"\ncleaner wrong on {field} (with URL): {len(wrong)} pages")
        gold_key = "author" if field == "authors" else field
        for pid in wrong:
            row = next(r for r in rows if r["id"] == pid)
            ours, peer = got_by_id[pid]["cleaner"], got_by_id[pid]["trafilatura"]
            print(f"  {pid} gold={row.get(gold_key)!r} cleaner={ours.get(field)!r} "
                  f"[{(ours.get('sources') or {}).get(field)}] trafilatura={peer.get(field)!r}  {row.get('url', '')[:80]}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
