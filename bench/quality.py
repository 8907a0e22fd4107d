#!/usr/bin/env python3
"""Score cleaner on one or more devsets beside its peers, in one run, with each devset's own metric.

    python bench/quality.py --devset ../shared/devset --devset ../shared/devset-wcxb [--per-doc] [--mode dumps]

Text modes: each devset's dumps/ (whole-page text) and firstpass/ (recall-first
extractor output). For each, on the same pages: the unchanged input, the
simple line filter (keep lines ending in . ! ? with >= 5 words) and cleaner.
HTML mode: each devset's html/ (saved pages, .html or .html.gz, with their URLs
from meta.jsonl): trafilatura default and favor_precision, readability-lxml,
resiliparse main content, newspaper4k and cleaner, on the same pages. A peer
that is not installed gets a "not installed" row. Peer texts are cached per
devset under the system temp folder (never in the repo); --no-peers skips them
for fast tuning loops. Pages where cleaner's F1 < 0.2 while trafilatura
default's > 0.8 are listed as emptied.

    python bench/quality.py --devset ../shared/devset --learn fixtures/learn

--learn PATH: a corpus with several pages per outlet (JSONL records with
"text", "url" and the article's "gold"); prints cleaner's F1 without and with
clean --learn side by side (the devset has at most two pages per site, too few
to learn from).
The floors below are per devset (by folder name); they are raised when beaten,
never lowered to let a change pass.
"""
from __future__ import annotations

import argparse
import gzip
import json
import hashlib
import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path

# cleaner as installed, else the source tree beside this folder (an install built the C extension;
# a source tree holds it only when built in place, as an editable install does)
sys.path.append(str(Path(__file__).resolve().parent.parent))

from cleaner import Cleaner  # noqa: E402

# devset folder name -> mode -> F1 floor; docs_below_half must be <= this baseline's
FLOORS = {
    "devset": {"firstpass": 0.965, "dumps": 0.93, "html": 0.975},  # dumps raised from .88, .90, .915, html from .97, once beaten
    # what cleaner reached (issue 12), raised when beaten: dumps .92 (the target), firstpass above the
    # unchanged input's .929 (checked below), html .01 above the best peer (trafilatura default .927) with
    # fewer docs<0.5 than any peer (checked below)
    "devset-wcxb": {"firstpass": 0.93, "dumps": 0.92, "html": 0.943},  # html raised from .94 once beaten
}
MODES = ("firstpass", "dumps", "html")
DOCS_BELOW_HALF_VS = {"dumps": "line filter", "html": "best peer"}
HTML_PEERS = ("trafilatura default", "trafilatura precision", "readability-lxml", "resiliparse", "newspaper4k")
PEER_PAGE_SECONDS = 20  # a peer's page taking longer scores empty (said in the output)
CACHE = Path(os.environ.get("CLEANER_BENCH_CACHE", Path(tempfile.gettempdir()) / "cleaner-bench-cache"))


def load_metric(devset: Path):
    spec = importlib.util.spec_from_file_location("devset_score", devset / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"quality.py: no score.py in {devset}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_CLOSERS = "\"'\u201d\u2019)]\u00bb"


def line_filter(text: str) -> str:
    """The simple baseline: keep lines ending in . ! ? (closing quotes and
    brackets allowed after it) with at least 5 whitespace-separated words.
    This reading reproduces the devset README's figure (.816 vs .810 on dumps)."""
    keep = [
        ln.strip() for ln in text.splitlines()
        if ln.strip().rstrip(_CLOSERS).endswith((".", "!", "?")) and len(ln.split()) >= 5
    ]
    return "\n\n".join(keep)


def read_inputs(folder: Path) -> dict[str, str]:
    return {p.stem: p.read_text("utf-8") for p in sorted(folder.glob("*.txt"))}


def _page_id(path: Path) -> str:
    return path.name.split(".")[0]


def read_pages(devset: Path) -> tuple[dict[str, bytes], dict[str, str]]:
    """The devset's saved pages (bytes; .html.gz unpacked, .html/.htm as is) and their URLs."""
    pages: dict[str, bytes] = {}
    for p in sorted((devset / "html").iterdir()):
        if p.name.endswith(".html.gz"):
            pages[_page_id(p)] = gzip.decompress(p.read_bytes())
        elif p.suffix in (".html", ".htm"):
            pages[_page_id(p)] = p.read_bytes()
    urls = {}
    meta = devset / "meta.jsonl"
    if meta.exists():
        for line in meta.read_text("utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                urls[rec["id"]] = rec.get("url")
    return pages, urls


def _html_text(markup: str) -> str:
    """Plain text of an HTML fragment (readability's summary), one block a line."""
    from lxml import html as lxml_html

    if not markup.strip():
        return ""
    root = lxml_html.fromstring(markup)
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for el in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "pre"):
        el.tail = "\n" + (el.tail or "")
    return "\n".join(" ".join(ln.split()) for ln in root.text_content().splitlines() if ln.strip())


def _peer(name: str):
    """The peer's extract(page bytes, url) -> text, or None when its package is not installed."""
    try:
        if name.startswith("trafilatura"):
            import trafilatura
            precision = name.endswith("precision")
            return lambda page, url: trafilatura.extract(page, url=url, favor_precision=precision) or ""
        if name == "readability-lxml":
            from readability import Document
            return lambda page, url: _html_text(Document(page.decode("utf-8", "replace")).summary(html_partial=True))
        if name == "resiliparse":
            from resiliparse.extract.html2text import extract_plain_text
            from resiliparse.parse.html import HTMLTree
            return lambda page, url: extract_plain_text(HTMLTree.parse_from_bytes(page, "utf-8"), main_content=True)
        if name == "newspaper4k":
            import newspaper

            def run(page: bytes, url: str | None) -> str:
                # (fetch_images off: it downloads the page's images, waiting on the network for seconds a page)
                art = newspaper.Article(url or "http://example.com/", fetch_images=False)
                art.download(input_html=page.decode("utf-8", "replace"))
                art.parse()
                return art.text or ""
            return run
    except ImportError:
        return None
    raise ValueError(name)


def _peer_version(name: str) -> str:
    from importlib import metadata
    dist = {"trafilatura default": "trafilatura", "trafilatura precision": "trafilatura",
            "readability-lxml": "readability-lxml", "resiliparse": "resiliparse", "newspaper4k": "newspaper4k"}[name]
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "none"


def peer_texts(devset: Path, name: str, pages: dict[str, bytes], urls: dict[str, str]) -> tuple[dict[str, str] | None, float]:
    """A peer's texts for the pages (cached per devset, peer version and page set) and its docs/s (0 if cached)."""
    extract = _peer(name)
    if extract is None:
        return None, 0.0
    key = hashlib.sha1("\0".join(sorted(pages)).encode() + str(devset.resolve()).encode()).hexdigest()[:12]
    path = CACHE / f"{devset.name}-{key}" / f"{name.replace(' ', '-')}-{_peer_version(name)}.json"
    if path.exists():
        return json.loads(path.read_text("utf-8")), 0.0
    import signal
    import warnings

    def too_slow(signum, frame):
        raise TimeoutError

    t0 = time.perf_counter()
    texts = {}
    slow = 0
    old = signal.signal(signal.SIGALRM, too_slow)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for k, v in pages.items():
            signal.setitimer(signal.ITIMER_REAL, PEER_PAGE_SECONDS)
            try:
                texts[k] = extract(v, urls.get(k))
            except TimeoutError:  # (newspaper4k spends minutes on a few pages)
                texts[k] = ""
                slow += 1
            except Exception:  # a peer failing on a page scores it empty; the bench goes on
                texts[k] = ""
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, old)
    if slow:
        print(f"  ({name}: {slow} pages over {PEER_PAGE_SECONDS} s scored empty)")
    speed = len(pages) / (time.perf_counter() - t0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(texts), "utf-8")
    return texts, speed


def text_mode(devset: Path, mode: str, cleaner: Cleaner, metric, peers: bool) -> tuple[dict, dict, str]:
    """Scores of the baselines and cleaner on a text mode; speeds."""
    gold = metric.read_gold(devset / "gold")
    inputs = read_inputs(devset / mode)
    t0 = time.perf_counter()
    cleaned = {k: cleaner.clean(v).text for k, v in inputs.items()}
    secs = time.perf_counter() - t0
    mb = sum(len(v.encode()) for v in inputs.values()) / 1e6
    results = {
        "unchanged input": metric.score(gold, inputs),
        "line filter": metric.score(gold, {k: line_filter(v) for k, v in inputs.items()}),
        "cleaner": metric.score(gold, cleaned, per_doc=True),
    }
    return results, {"cleaner": f"{mb / secs:.2f} MB/s, warm"}, f"{len(inputs)} pages, {mb:.2f} MB"


def html_mode(devset: Path, cleaner: Cleaner, metric, peers: bool) -> tuple[dict, dict, str]:
    """Scores of the peers and cleaner on the saved pages; docs/s."""
    gold = metric.read_gold(devset / "gold")
    pages, urls = read_pages(devset)
    t0 = time.perf_counter()
    cleaned = {k: cleaner.clean_html(v, urls.get(k)).text for k, v in pages.items()}
    secs = time.perf_counter() - t0
    results: dict[str, dict | None] = {}
    speeds = {"cleaner": f"{len(pages) / secs:.1f} docs/s, warm"}
    for name in HTML_PEERS if peers else ("trafilatura default",):
        texts, speed = peer_texts(devset, name, pages, urls)
        results[name] = None if texts is None else metric.score(gold, texts, per_doc=True)
        if speed:
            speeds[name] = f"{speed:.1f} docs/s"
        elif texts is not None:
            speeds[name] = "cached"
    results["cleaner"] = metric.score(gold, cleaned, per_doc=True)
    speeds["side by side"] = side_by_side(cleaner, pages, urls)
    mb = sum(len(v) for v in pages.values()) / 1e6
    return results, speeds, f"{len(pages)} pages, {mb:.1f} MB"


SPEED_SAMPLE = 60  # pages timed side by side


def side_by_side(cleaner: Cleaner, pages: dict[str, bytes], urls: dict[str, str]) -> str:
    """cleaner's and trafilatura default's docs/s on the same sample of pages, timed in turns (each page by
    both, the one that goes first alternating) in CPU time of this process: the other figures are warm or
    cached, and a shared machine's load moves between runs and would count in wall-clock time. Both are
    warmed on the sample first (lazy imports, first-use caches)."""
    try:
        import trafilatura
    except ImportError:
        return "trafilatura not installed"
    sample = list(pages.items())[:: max(1, len(pages) // SPEED_SAMPLE)][:SPEED_SAMPLE]
    ours = theirs = 0.0
    for k, v in sample:
        trafilatura.extract(v, url=urls.get(k))
    for i, (k, v) in enumerate(sample):
        for who in ((0, 1) if i % 2 else (1, 0)):
            t0 = time.process_time()
            if who == 0:
                cleaner.clean_html(v, urls.get(k))
            else:
                trafilatura.extract(v, url=urls.get(k))
            spent = time.process_time() - t0
            if who == 0:
                ours += spent
            else:
                theirs += spent
    return (f"{len(sample)} pages in turns (CPU time): cleaner {len(sample) / ours:.1f} docs/s, "
            f"trafilatura default {len(sample) / theirs:.1f} docs/s ({theirs / ours:.2f}x)")


def row(name: str, res: dict | None, extra: str = "") -> str:
    if res is None:
        return f"  {name:<22} {'not installed':>30}"
    return (f"  {name:<22} {res['precision']:6.3f} {res['recall']:6.3f} {res['f1']:6.3f} "
            f"{res['docs_below_half']:>8}  {extra}")


def learn_mode(path: Path, metric) -> bool:
    """Cleaner without and with clean --learn on a corpus with several pages per outlet."""
    from cleaner import batch, learn
    from cleaner.config import Config

    docs = [d for d in batch.iter_inputs([str(path)]) if isinstance(d, batch.Document)]
    gold = {d.id: d.extra["gold"] for d in docs}
    print(f"learn ({len(docs)} pages from {path}; generic heuristics, no outlet rule files)")
    plain = Cleaner(Config(builtin_rules=False))
    learned = learn.learned_outlets(learn.learn_groups(plain, docs))
    taught = Cleaner(plain.config, plain.rules, learned)
    results = {
        "unchanged input": metric.score(gold, {d.id: d.text for d in docs}),
        "cleaner": metric.score(gold, {d.id: plain.clean(d.text, d.url).text for d in docs}),
        "cleaner --learn": metric.score(gold, {d.id: taught.clean(d.text, d.url).text for d in docs}),
    }
    for name, res in results.items():
        print(row(name, res))
    ok = results["cleaner --learn"]["f1"] >= results["cleaner"]["f1"]
    print(f"  -> {'PASS' if ok else 'FAIL'}: learning {'does not lower' if ok else 'lowers'} F1 "
          f"({results['cleaner']['f1']:.3f} -> {results['cleaner --learn']['f1']:.3f})")
    return ok


def verdict(devset: Path, mode: str, results: dict) -> bool:
    """Print PASS/FAIL for cleaner against the devset's floor and the docs<0.5 baseline."""
    ours = results["cleaner"]
    floor = FLOORS.get(devset.name, {}).get(mode)
    ok = True
    verdicts = []
    if floor is not None:
        ok = ours["f1"] >= floor
        verdicts.append(f"F1 {ours['f1']:.3f} {'>=' if ok else '<'} floor {floor}")
    else:
        verdicts.append(f"F1 {ours['f1']:.3f} (no floor set for {devset.name})")
    if mode == "html":
        peers = {k: v for k, v in results.items() if k != "cleaner" and v is not None}
        if peers:
            best = max(peers, key=lambda k: peers[k]["f1"])
            fewest = min(v["docs_below_half"] for v in peers.values())
            verdicts.append(f"best peer {best} {peers[best]['f1']:.3f} (margin {ours['f1'] - peers[best]['f1']:+.3f})")
            ok &= ours["docs_below_half"] < fewest or len(peers) == 1 and ours["docs_below_half"] <= fewest
            verdicts.append(f"docs<0.5 {ours['docs_below_half']} vs fewest of peers {fewest}")
    elif mode in DOCS_BELOW_HALF_VS:
        base = results[DOCS_BELOW_HALF_VS[mode]]["docs_below_half"]
        ok &= ours["docs_below_half"] <= base
        verdicts.append(f"docs<0.5 {ours['docs_below_half']} vs {DOCS_BELOW_HALF_VS[mode]} {base}")
    if mode == "firstpass":
        ok &= ours["f1"] > results["unchanged input"]["f1"]
        verdicts.append(f"unchanged input {results['unchanged input']['f1']:.3f}")
    print(f"  -> {'PASS' if ok else 'FAIL'}: {'; '.join(verdicts)}")
    return ok


def emptied(results: dict) -> list[str]:
    """Pages where cleaner's F1 < 0.2 while trafilatura default's > 0.8."""
    traf = results.get("trafilatura default")
    if traf is None:
        return []
    theirs = {d["id"]: d["f1"] for d in traf["docs"]}
    return [f"{d['id'][:16]} cleaner {d['f1']:.3f} trafilatura {theirs[d['id']]:.3f}"
            for d in results["cleaner"]["docs"] if d["f1"] < 0.2 and theirs.get(d["id"], 0) > 0.8]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--devset", required=True, type=Path, action="append",
                    help="path to a devset folder (holds score.py, gold/); repeat for several")
    ap.add_argument("--mode", action="append", choices=MODES, help="only these modes (default: all)")
    ap.add_argument("--per-doc", action="store_true", help="list cleaner's worst documents per mode")
    ap.add_argument("--no-peers", action="store_true",
                    help="HTML: only trafilatura default beside cleaner (fast tuning loops)")
    ap.add_argument("--learn", metavar="PATH", type=Path,
                    help="also score a multi-page-per-outlet corpus (JSONL with text, url, gold) without and with learning")
    args = ap.parse_args(argv)
    for devset in args.devset:
        if not (devset / "gold").is_dir():
            print(f"quality.py: {devset} has no gold/ folder", file=sys.stderr)
            return 2
    cleaner = Cleaner()
    for seed in sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt")):
        cleaner.clean(seed.read_text("utf-8"))  # warm up: compile patterns before timing
    failed = False
    for devset in args.devset:
        metric = load_metric(devset)
        print(f"devset: {devset}; metric: its score.py, 4-token shingles")
        print(f"  {'system':<22} {'P':>6} {'R':>6} {'F1':>6} {'docs<0.5':>8}")
        if args.learn:
            failed |= not learn_mode(args.learn, metric)
        for mode in args.mode or ([] if args.learn else list(MODES)):
            if not (devset / mode).is_dir():
                print(f"{mode}: no {mode}/ folder in {devset}")
                continue
            if mode == "html":
                results, speeds, size = html_mode(devset, cleaner, metric, not args.no_peers)
            else:
                results, speeds, size = text_mode(devset, mode, cleaner, metric, not args.no_peers)
            print(f"{mode} ({size})")
            for name, res in results.items():
                # (one process for all modes: caches warm from the modes before; bench/speed.py times cold)
                print(row(name, res, speeds.get(name, "")))
            if "side by side" in speeds:
                print(f"  speed, {speeds['side by side']}")
            failed |= not verdict(devset, mode, results)
            if mode == "html":
                lost = emptied(results)
                print(f"  emptied pages (cleaner < 0.2, trafilatura default > 0.8): {len(lost)}")
                for line in lost:
                    print(f"     {line}")
                failed |= bool(lost)
            if args.per_doc:
                for d in sorted(results["cleaner"]["docs"], key=lambda d: d["f1"])[:15]:
                    p = "-" if d["precision"] is None else f"{d['precision']:.3f}"
                    r = "-" if d["recall"] is None else f"{d['recall']:.3f}"
                    print(f"     {d['id'][:16]}  P={p} R={r} F1={d['f1']:.3f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
