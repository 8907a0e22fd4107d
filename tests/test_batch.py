"""Batch runs: every input accounted for, bad inputs as error records, workers, --out-dir, --stats,
and a run killed with SIGKILL resumed to the same output as an uninterrupted run."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

from cleaner import cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
GOOD = SEEDS[1].read_text("utf-8")


def run(args: list[str]) -> int:
    return cli.main(["clean", "-q", *args])


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


# --------------------------------------------------------------------------- bad inputs


def _write(name: str, data: bytes | str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        p = folder / name
        p.write_bytes(data) if isinstance(data, bytes) else p.write_text(data, "utf-8")
    return make


def _unreadable(folder: Path) -> None:
    (folder / "b_unreadable.txt").symlink_to(folder / "does-not-exist.txt")  # a dangling link cannot be read


def _symlink_loop(folder: Path) -> None:
    (folder / "b_loop").mkdir()
    (folder / "b_loop" / "inner.txt").write_text(GOOD, "utf-8")
    (folder / "b_loop" / "again").symlink_to(folder / "b_loop", target_is_directory=True)


BAD = {
    # name: (make the bad input next to a good one, expected error text or None when it cleans)
    "empty-file": (_write("b.txt", b""), "empty file"),
    "binary-file": (_write("b.txt", bytes(range(256)) * 64), "binary file"),
    # (a .txt in a legacy encoding is decoded: tests/test_cli_ux.py; one whose UTF-16 BOM lies is not)
    "undecodable-bytes": (_write("b.txt", b"\xff\xfe" + "Caf\xe9".encode("utf-16-le") + b"\x00\xd8"), "not UTF-16-LE text: undecodable byte"),
    "utf16-with-bom": (_write("b.txt", GOOD.encode("utf-16")), None),
    "20mb-single-line": (_write("b.txt", "word " * 4_000_000), "document too large: 19.1 MB"),
    "html-nested-100000-deep": (_write("b.html", "<html><body>" + "<div>" * 100_000 + "<p>x</p>" + "</div>" * 100_000),
                                "nested more than 256 deep"),
    "empty-html": (_write("b.html", b""), "empty page"),
    "malformed-jsonl-line": (_write("b.jsonl", '{"id": 1, "text": "broken\n'), "not valid JSON"),
    "record-without-text-or-html": (_write("b.jsonl", '{"id": "r", "body": "x"}\n'), 'neither a "text" nor an "html" field'),
    "record-text-not-string": (_write("b.jsonl", '{"id": "r", "text": 42}\n'), '"text" must be a string, not int'),
    "record-not-an-object": (_write("b.jsonl", '[1, 2]\n'), "a record must be a JSON object"),
    "record-with-undecodable-bytes": (_write("b.jsonl", b'{"id": "x", "text": "Caf\xe9"}\n'), "not UTF-8 text: undecodable byte 0xe9"),
    "binary-file-named-html": (_write("b.html", bytes(range(256)) * 64), "binary file, not HTML"),
    "unreadable-file": (_unreadable, "cannot read"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_becomes_one_error_record_and_the_batch_goes_on(case: str, tmp_path: Path) -> None:
    make, expected = BAD[case]
    folder = tmp_path / "in"
    folder.mkdir()
    make(folder)
    (folder / "z_good.txt").write_text(GOOD, "utf-8")
    out = tmp_path / "out.jsonl"
    code = run([str(folder), "-o", str(out), "-j", "1"])
    recs = read_jsonl(out)
    assert len(recs) == 2, "one record per input"
    bad, good = recs
    assert "error" not in good and good["id"] == "z_good" and good["text"]
    if expected is None:
        assert code == cli.EXIT_OK and "error" not in bad and bad["text"] == good["text"]
    else:
        assert code == cli.EXIT_SOME_FAILED
        assert expected in bad["error"]
        assert bad["source"].startswith(str(folder)), "the error names the input"


def test_one_bad_jsonl_line_costs_only_that_record(tmp_path: Path) -> None:
    good = json.dumps({"id": "g", "text": GOOD}).encode()
    (tmp_path / "in.jsonl").write_bytes(good + b"\n" + b'{"id": "bad", "text": "caf\xe9"}\n' + good.replace(b'"g"', b'"h"') + b"\n")
    out = tmp_path / "out.jsonl"
    assert run([str(tmp_path / "in.jsonl"), "-o", str(out)]) == cli.EXIT_SOME_FAILED
    recs = read_jsonl(out)
    assert [r.get("id") for r in recs] == ["g", "2", "h"] and "undecodable" in recs[1]["error"]


def test_carriage_return_inside_a_record_is_json_whitespace(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_bytes(b'{"id": "one",\r "text": ' + json.dumps(GOOD).encode() + b"}\n")
    out = tmp_path / "out.jsonl"
    assert run([str(tmp_path / "in.jsonl"), "-o", str(out)]) == cli.EXIT_OK
    assert [r["id"] for r in read_jsonl(out)] == ["one"]


def test_lone_surrogate_leaves_valid_utf8(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text(json.dumps({"id": "s", "text": GOOD + "\n\nHalf an emoji \ud83d here, in a paragraph long enough to read as the article's."}) + "\n")
    out = tmp_path / "out.jsonl"
    assert run([str(tmp_path / "in.jsonl"), "-o", str(out)]) == cli.EXIT_OK
    (rec,) = read_jsonl(out)  # read_jsonl decodes strictly
    assert "Half an emoji \ufffd here," in rec["text"]


def test_symlink_loop_is_walked_once(tmp_path: Path) -> None:
    _symlink_loop(tmp_path)
    out = tmp_path / "out.jsonl"
    assert run([str(tmp_path / "b_loop"), "-o", str(out)]) == cli.EXIT_OK
    assert [r["id"] for r in read_jsonl(out)] == ["inner"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_file_without_read_permission(tmp_path: Path) -> None:
    p = tmp_path / "secret.txt"
    p.write_text(GOOD, "utf-8")
    p.chmod(0)
    out = tmp_path / "out.jsonl"
    assert run([str(p), "-o", str(out)]) == cli.EXIT_SOME_FAILED
    assert "Permission denied" in read_jsonl(out)[0]["error"]


def test_catastrophic_rule_pattern_is_bounded_and_reported(tmp_path: Path, capsys) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "slow.toml").write_text(
        'schema = 1\nname = "Slow"\ndomains = ["slow.example"]\n'
        '[[drop]]\nid = "backtracks"\ncategory = "promo"\npattern = \'(a|aa)+b\'\nreason = "a badly written rule"\n', "utf-8")
    (tmp_path / "in.jsonl").write_text(json.dumps({"id": "x", "url": "https://slow.example/1",
                                                   "text": GOOD + "\n\n" + "a" * 80}) + "\n", "utf-8")
    stats = tmp_path / "stats.json"
    out = tmp_path / "out.jsonl"
    t0 = time.monotonic()
    code = cli.main(["clean", str(tmp_path / "in.jsonl"), "-o", str(out), "--rules", str(rules), "--stats", str(stats)])
    assert time.monotonic() - t0 < 20
    assert code == cli.EXIT_OK
    (rec,) = read_jsonl(out)
    assert rec["text"] and "rule 'slow/backtracks': pattern gave up" in rec["warnings"][0]
    assert any("slow/backtracks" in w for w in json.loads(stats.read_text())["warnings"])
    assert "slow/backtracks" in capsys.readouterr().err


def test_invalid_toml_names_path_and_line(tmp_path: Path, capsys) -> None:
    (tmp_path / "bad.toml").write_text('schema = 1\nname = "x"\n[[drop]\n', "utf-8")
    assert cli.main(["clean", str(SEEDS[0]), "--rules", str(tmp_path)]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert str(tmp_path / "bad.toml") in err and "line 3" in err


def test_document_over_the_time_limit_is_an_error_record(tmp_path: Path) -> None:
    big = "\n\n".join(f"Paragraph {i} of a very long article that goes on and on about the riverside plan." for i in range(60_000))
    (tmp_path / "slow.txt").write_text(big, "utf-8")
    (tmp_path / "z.txt").write_text(GOOD, "utf-8")
    out = tmp_path / "out.jsonl"
    assert run([str(tmp_path), "-o", str(out), "--timeout", "0.05", "-j", "1"]) == cli.EXIT_SOME_FAILED
    slow, good = read_jsonl(out)
    assert "took longer than 0.05 s" in slow["error"] and "error" not in good


# --------------------------------------------------------------------------- workers, out-dir, stats


def make_corpus(path: Path, n: int) -> None:
    texts = [p.read_text("utf-8") for p in SEEDS]
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"id": f"doc{i:05d}", "text": texts[i % len(texts)] + f"\n\nClosing note number {i} of the story.",
                                "batch": "b1"}) + "\n")
            if i % 97 == 13:
                f.write('{"id": "broken\n')


def test_workers_keep_input_order_and_equal_one_worker(tmp_path: Path) -> None:
    corpus = tmp_path / "in.jsonl"
    make_corpus(corpus, 120)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert run([str(corpus), "-o", str(one), "-j", "1"]) == cli.EXIT_SOME_FAILED
    assert run([str(corpus), "-o", str(two), "-j", "2"]) == cli.EXIT_SOME_FAILED
    assert one.read_bytes() == two.read_bytes()
    recs = read_jsonl(two)
    assert len(recs) == 120 + 2  # every input: 120 documents, 2 broken lines
    assert [r["id"] for r in recs if "error" not in r] == [f"doc{i:05d}" for i in range(120)]


def test_out_dir_writes_text_and_metadata_under_relative_paths(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "world").mkdir(parents=True)
    (src / "world" / "story.txt").write_text(GOOD, "utf-8")
    (src / "page.html").write_bytes((ROOT / "fixtures" / "html" / "rt" / "isis-recruitment.html").read_bytes())
    (src / "feed.jsonl").write_text(json.dumps({"id": "a/b", "text": GOOD}) + "\n" + '{"id": "x"}\n', "utf-8")
    out = tmp_path / "out"
    assert run([str(src), "--out-dir", str(out)]) == cli.EXIT_SOME_FAILED
    assert (out / "world" / "story.txt").read_text("utf-8") == json.loads(
        (out / "world" / "story.json").read_text("utf-8")).get("text", (out / "world" / "story.txt").read_text("utf-8"))
    meta = json.loads((out / "page.json").read_text("utf-8"))
    assert meta["outlet"] == "RT" and "text" not in meta
    assert (out / "page.txt").read_text("utf-8").startswith("Islamic State is shifting its focus")
    assert (out / "feed" / "a_b.txt").exists() and (out / "feed" / "a_b.json").exists()
    (err,) = read_jsonl(out / "errors.jsonl")
    assert err["id"] == "x" and "neither" in err["error"]


def test_stats_file_counts_and_rules_that_never_fired(tmp_path: Path) -> None:
    stats = tmp_path / "stats.json"
    assert run([str(SEEDS[2]), "-o", str(tmp_path / "o.jsonl"), "--stats", str(stats)]) == cli.EXIT_OK
    s = json.loads(stats.read_text("utf-8"))
    assert s["documents"] == 1 and s["errors"] == 0
    assert s["removals_by_rule"]["rt/icon-font"] == 1 and s["removals_by_category"]["icons"] >= 1
    # only the rules of outlets that had documents in this run (rt's): vice had none
    assert s["rules_never_fired"] and all(r.startswith("rt/") for r in s["rules_never_fired"])
    assert "rt/icon-font" not in s["rules_never_fired"] and s["documents_by_outlet"] == {"RT": 1}


def test_summary_on_stderr(tmp_path: Path, capsys) -> None:
    assert cli.main(["clean", str(SEEDS[0]), "-o", str(tmp_path / "o.jsonl")]) == cli.EXIT_OK
    err = capsys.readouterr().err
    assert "cleaner: 1 document, 1 cleaned, 0 errors" in err and "removals by category" in err


def test_resume_needs_an_output(capsys) -> None:
    assert cli.main(["clean", str(SEEDS[0]), "--resume"]) == cli.EXIT_USAGE
    assert "--resume needs an output" in capsys.readouterr().err


# --------------------------------------------------------------------------- kill -9, then --resume


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "cleaner", "clean", "-q", *args]


def _kill_when(path_ready: Callable[[], bool], cmd: list[str]) -> None:
    proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None and not path_ready():
        time.sleep(0.005)
    assert proc.poll() is None, "the run ended before it could be killed; make the corpus bigger"
    os.killpg(proc.pid, signal.SIGKILL)  # the whole run, workers too
    proc.wait()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_killed_run_resumes_to_the_uninterrupted_output(tmp_path: Path, workers: str) -> None:
    corpus = tmp_path / "in.jsonl"
    make_corpus(corpus, 3000)
    ref, out = tmp_path / "ref.jsonl", tmp_path / "out.jsonl"
    subprocess.run(_cli(str(corpus), "-o", str(ref), "-j", workers), check=False)

    _kill_when(lambda: out.exists() and out.stat().st_size > 200_000, _cli(str(corpus), "-o", str(out), "-j", workers))
    partial = out.read_bytes()
    assert 0 < len(partial) < ref.stat().st_size
    for line in partial.splitlines(keepends=True)[:-1]:
        json.loads(line)  # every complete line is a whole record (a torn last one is repaired on resume)

    subprocess.run(_cli(str(corpus), "-o", str(out), "-j", workers, "--resume"), check=False)
    assert out.read_bytes() == ref.read_bytes()


def test_killed_out_dir_run_resumes(tmp_path: Path) -> None:
    corpus = tmp_path / "in.jsonl"
    make_corpus(corpus, 1500)
    ref, out = tmp_path / "ref", tmp_path / "out"
    subprocess.run(_cli(str(corpus), "--out-dir", str(ref)), check=False)
    _kill_when(lambda: (out / "in").is_dir() and len(os.listdir(out / "in")) > 300, _cli(str(corpus), "--out-dir", str(out)))
    subprocess.run(_cli(str(corpus), "--out-dir", str(out), "--resume"), check=False)

    def tree(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
    assert tree(out) == tree(ref)


def test_resume_repairs_a_torn_last_line(tmp_path: Path) -> None:
    corpus = tmp_path / "in.jsonl"
    make_corpus(corpus, 6)
    ref, out = tmp_path / "ref.jsonl", tmp_path / "out.jsonl"
    assert run([str(corpus), "-o", str(ref)]) == cli.EXIT_OK
    lines = ref.read_bytes().splitlines(keepends=True)
    out.write_bytes(b"".join(lines[:3]) + lines[3][:25])  # as if killed in the middle of a write
    assert run([str(corpus), "-o", str(out), "--resume"]) == cli.EXIT_OK
    assert out.read_bytes() == ref.read_bytes()


class _Crashing(__import__("cleaner").Cleaner):
    """A Cleaner whose worker dies on one document, as a segfault in a C library would."""

    def clean(self, text, *args, **kwargs):  # type: ignore[override]
        if "KILL-THE-WORKER" in text:
            os._exit(3)
        return super().clean(text, *args, **kwargs)


def test_a_dying_worker_costs_only_its_document() -> None:
    from cleaner import batch, runner

    def slowly():  # inputs that arrive slowly: the pool may break between two of them
        for i in range(8):
            time.sleep(0.05)
            text = "KILL-THE-WORKER" if i == 3 else GOOD
            yield batch.Document(id=f"d{i}", source=f"s{i}", text=text)

    outcomes = list(runner.run(_Crashing(), slowly(), 2))
    assert [o.record["id"] for o in outcomes] == [f"d{i}" for i in range(8)]
    assert [o.error for o in outcomes] == [i == 3 for i in range(8)]
    assert "worker process died" in outcomes[3].record["error"]


def test_out_dir_never_writes_one_input_over_another(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(GOOD, "utf-8")
    (src / "a.html").write_bytes((ROOT / "fixtures" / "html" / "rt" / "isis-recruitment.html").read_bytes())
    (src / "f.jsonl").write_text(json.dumps({"id": "x", "text": GOOD}) + "\n" + json.dumps({"id": "x", "text": GOOD}) + "\n")
    out = tmp_path / "out"
    assert run([str(src), "--out-dir", str(out)]) == cli.EXIT_OK
    sources = {p.name: json.loads(p.read_text("utf-8"))["source"] for p in out.rglob("*.json")}
    assert sources == {"a.json": str(src / "a.html"), "a~2.json": str(src / "a.txt"),
                       "x.json": f"{src / 'f.jsonl'}:1", "x~2.json": f"{src / 'f.jsonl'}:2"}


def test_resumed_run_still_reports_earlier_failures(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.txt").write_bytes(b"")
    (tmp_path / "in" / "good.txt").write_text(GOOD, "utf-8")
    out = tmp_path / "out.jsonl"
    assert run([str(tmp_path / "in"), "-o", str(out)]) == cli.EXIT_SOME_FAILED
    before = out.read_bytes()
    assert run([str(tmp_path / "in"), "-o", str(out), "--resume"]) == cli.EXIT_SOME_FAILED
    assert out.read_bytes() == before
