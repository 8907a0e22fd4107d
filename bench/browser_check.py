#!/usr/bin/env python3
"""Open cleaner's review pages in headless Chromium, screenshot them, and fail on any console error or network request.

    python bench/browser_check.py [PAGE.html ...] [--screenshots DIR] [--chromium PATH] [--self-test]

With no PAGE, builds the pages itself in a temporary folder: `cleaner explain
--format html` for an outlet page (fixtures/html/rt), a seed text and a hostile
text holding <script> and on* markup, and `cleaner report` over a `clean
--explain` run of the seeds, the HTML fixtures, the negative fixtures, the
hostile text and one unreadable file. Each page is loaded through the DevTools
protocol over a pipe (--remote-debugging-pipe; no Python package needed) and
fails the check on: a console error or warning, an uncaught exception, a log
entry of level error (a Content-Security-Policy violation is one), any network
resource fetched, or any <script> element in the page. Screenshots (the top of
each page, then the same with every label's reason opened) go to --screenshots
(default: ./browser-check). --self-test first checks that a page breaking the
policy is caught. Exit status 0 when every page is clean.
"""
from __future__ import annotations

import argparse
import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT))

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--mute-audio", "--hide-scrollbars"]
HOSTILE = ("Breaking: <script>alert(1)</script> in the headline\n\n"
           "<img src=x onerror=alert(2)> A reader pasted this markup into the comment box, the site said on Monday.\n\n"
           "The article goes on with a long enough sentence to be kept as body text by the cleaner, officials said.\n\n"
           "Share on Facebook\n\nShare on Twitter\n\n\"><a href=\"javascript:alert(3)\">click</a>\n")
PROBE = """JSON.stringify({
  scripts: document.scripts.length,
  resources: performance.getEntriesByType('resource').map(e => e.name),
  height: document.documentElement.scrollHeight,
  chips: document.querySelectorAll('details.chip').length,
  bars: document.querySelectorAll('svg.chart rect.bar').length,
  title: document.title
})"""
OPEN_CHIPS = "document.querySelectorAll('details.chip').forEach((d, i) => { if (i < 8) d.open = true; }); true"
# the report: its lists of documents, then the section the first listed document links to
TO_LISTS = "const l = document.getElementById('look'); if (l) l.scrollIntoView(); !!l"
FOLLOW_LINK = "const a = document.querySelector('#look a[href^=\"#\"]'); if (a) a.click(); !!a"


class Browser:
    """Chromium driven over the DevTools protocol on fds 3 (commands in) and 4 (replies out)."""

    def __init__(self, chromium: str, profile: Path) -> None:
        cmd_r, cmd_w = os.pipe()
        out_r, out_w = os.pipe()
        # above 4, so that the dup2 onto 3 and 4 in the child never overwrites the other end
        child_in = fcntl.fcntl(cmd_r, fcntl.F_DUPFD_CLOEXEC, 10)
        child_out = fcntl.fcntl(out_w, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(cmd_r)
        os.close(out_w)

        def wire() -> None:
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        self.proc = subprocess.Popen([chromium, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
                                     preexec_fn=wire, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        os.close(child_in)
        os.close(child_out)
        self.w, self.r = cmd_w, out_r
        self.buf = b""
        self.next_id = 0
        self.events: list[dict] = []

    def send(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 30) -> dict:
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.w, json.dumps(msg).encode() + b"\0")
        while True:
            m = self._read(timeout)
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, method: str, timeout: float = 30) -> dict:
        for i, e in enumerate(self.events):
            if e.get("method") == method:
                return self.events.pop(i)
        while True:
            m = self._read(timeout)
            if m.get("method") == method:
                return m
            self.events.append(m)

    def _read(self, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while b"\0" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.r], [], [], left)[0]:
                raise TimeoutError("no answer from Chromium")
            chunk = os.read(self.r, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe: " + self.proc.stderr.read().decode(errors="replace")[-2000:])
            self.buf += chunk
        raw, self.buf = self.buf.split(b"\0", 1)
        return json.loads(raw)

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        for fd in (self.w, self.r):
            os.close(fd)


def problems_of(events: list[dict]) -> list[str]:
    """Console errors and warnings, uncaught exceptions and error log entries among the page's events."""
    out = []
    for e in events:
        m, p = e.get("method"), e.get("params", {})
        if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning", "assert"):
            out.append(f"console {p['type']}: " + " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
        elif m == "Runtime.exceptionThrown":
            out.append("exception: " + p.get("exceptionDetails", {}).get("text", ""))
        elif m == "Log.entryAdded" and p.get("entry", {}).get("level") in ("error", "warning"):
            out.append(f"log {p['entry']['level']} ({p['entry'].get('source')}): {p['entry'].get('text', '')}")
    return out


def check_page(browser: Browser, page: Path, shots: Path) -> list[str]:
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    browser.events.clear()
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.send(f"{domain}.enable", session=session)
    browser.send("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 1600, "deviceScaleFactor": 1, "mobile": False},
                 session=session)
    browser.send("Page.navigate", {"url": page.resolve().as_uri()}, session=session)
    browser.wait_event("Page.loadEventFired")
    time.sleep(0.5)  # late console messages
    probe = json.loads(browser.send("Runtime.evaluate", {"expression": PROBE, "returnByValue": True}, session=session)["result"]["value"])
    problems = problems_of([e for e in browser.events if e.get("sessionId") == session])
    requests = [e["params"]["request"]["url"] for e in browser.events
                if e.get("method") == "Network.requestWillBeSent" and e.get("sessionId") == session
                and e["params"]["request"]["url"] != page.resolve().as_uri()]
    problems += [f"network request: {u}" for u in requests + probe["resources"]]
    if probe["scripts"]:
        problems.append(f"{probe['scripts']} <script> element(s) in the page")
    stem = page.stem
    for suffix, expr in (("", None), ("-reasons-open", OPEN_CHIPS), ("-lists", TO_LISTS), ("-linked-section", FOLLOW_LINK)):
        if expr and not browser.send("Runtime.evaluate", {"expression": expr, "returnByValue": True},
                                     session=session)["result"].get("value", True):
            continue
        shot = browser.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False}, session=session)
        (shots / f"{stem}{suffix}.png").write_bytes(base64.b64decode(shot["data"]))
    browser.send("Target.closeTarget", {"targetId": target})
    print(f"{page.name}: {probe['chips']} labels, {probe['bars']} chart bars, page height {probe['height']} px, "
          f"{len(problems)} problems -> {shots / stem}.png")
    return problems


def build_pages(folder: Path) -> list[Path]:
    """The review pages of a few fixtures and the report of a small batch, made by the cleaner command line."""
    from cleaner import cli

    hostile = folder / "hostile.txt"
    hostile.write_text(HOSTILE, "utf-8")
    (folder / "unreadable.txt").write_bytes(b"\x00\x01\x02binary\xff\xfe" * 20)
    pages = []
    for name, src, url in (("explain-page", ROOT / "fixtures/html/rt/isis-recruitment.html", None),
                           ("explain-text", ROOT / "seeds/002_4e9f6fdf3983f584.txt", None),
                           ("explain-hostile", hostile, None)):
        out = folder / f"{name}.html"
        argv = ["explain", str(src), "--format", "html", "-o", str(out)] + (["--url", url] if url else [])
        if cli.main(argv) != 0:
            raise SystemExit(f"cleaner explain failed on {src}")
        pages.append(out)
    batch, stats = folder / "batch.jsonl", folder / "stats.json"
    cli.main(["clean", "--explain", "-q", "-j", "1", "-o", str(batch), "--stats", str(stats), str(ROOT / "seeds"),
              str(ROOT / "fixtures/html"), str(ROOT / "fixtures/negative"), str(hostile), str(folder / "unreadable.txt")])
    report = folder / "report.html"
    if cli.main(["report", str(batch), "--stats", str(stats), "-o", str(report)]) != 0:
        raise SystemExit("cleaner report failed")
    return [*pages, report]


def self_test(browser: Browser, folder: Path, shots: Path) -> bool:
    """A page under the same policy that tries to load an image and run a script must be caught."""
    from cleaner.review.style import page

    bad = folder / "must-fail.html"
    bad.write_text(page("must fail", '<img src="https://example.invalid/x.png" alt=""><script>console.error("ran")</script>'), "utf-8")
    caught = check_page(browser, bad, shots)
    for p in caught:
        print(f"  (expected) {p}")
    return bool(caught)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pages", nargs="*", type=Path, metavar="PAGE.html")
    ap.add_argument("--screenshots", type=Path, default=Path("browser-check"), metavar="DIR")
    ap.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium")
    ap.add_argument("--self-test", action="store_true", help="first check that a page breaking the policy fails")
    args = ap.parse_args()
    if not Path(args.chromium).exists():
        print(f"browser_check: no Chromium at {args.chromium} (apt-get install chromium)", file=sys.stderr)
        return 2
    args.screenshots.mkdir(parents=True, exist_ok=True)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="cleaner-browser-") as tmp:
        folder = Path(tmp)
        pages = args.pages or build_pages(folder)
        profile = folder / "profile"
        browser = Browser(args.chromium, profile)
        try:
            if args.self_test:
                caught = self_test(browser, folder, args.screenshots)
                print(f"self-test: a page breaking the policy {'was caught' if caught else 'was NOT caught'}")
                failed += not caught
            for page in pages:
                for p in check_page(browser, page, args.screenshots):
                    failed += 1
                    print(f"  {page.name}: {p}")
        finally:
            browser.close()
    print("browser check: " + ("ok" if not failed else f"{failed} problem(s)"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
