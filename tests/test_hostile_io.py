"""A hostile batch (issue 11, batch input/output and command line): every hole it found, made in a
tmp folder, is an error record or a clear refusal, never a file outside the output, a hang, a
traceback or a silently wrong record."""
from __future__ import annotations

import errno
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleaner import batch, cli, output

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
GOOD = SEEDS[1].read_text("utf-8")


def run(args: list[str | Path]) -> int:
    return cli.main(["clean", "-q", *map(str, args)])


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_bytes().splitlines()]


def record(**fields: object) -> str:
    return json.dumps({"text": GOOD, **fields}) + "\n"


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "cleaner", "clean", "-q", *args]


def files_under(root: Path) -> list[Path]:
    """The documents' files under an --out-dir (not its errors.jsonl)."""
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name != "errors.jsonl")


# --------------------------------------------------------------------------- 1. nothing outside --out-dir


def test_input_named_dots_jsonl_stays_inside_out_dir(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "...jsonl").write_text(record(id="victim"), "utf-8")  # its stem is ".."
    (tmp_path / "victim.txt").write_text("precious", "utf-8")  # what out/../victim.txt would overwrite
    assert run([src, "--out-dir", out]) == cli.EXIT_OK
    assert (tmp_path / "victim.txt").read_text("utf-8") == "precious" and not (tmp_path / "victim.json").exists()
    written = files_under(out)
    assert [p.name for p in written] == ["victim.json", "victim.txt"]
    assert all(p.resolve().is_relative_to(out.resolve()) for p in written)


def test_symlinked_folder_in_out_dir_is_not_followed_outside(tmp_path: Path) -> None:
    src, out, elsewhere = tmp_path / "in", tmp_path / "out", tmp_path / "elsewhere"
    for d in (src, out, elsewhere):
        d.mkdir()
    (src / "feed.jsonl").write_text(record(id="a"), "utf-8")
    (out / "feed").symlink_to(elsewhere, target_is_directory=True)  # planted in the output folder
    assert run([src, "--out-dir", out]) == cli.EXIT_SOME_FAILED
    assert list(elsewhere.iterdir()) == []
    (err,) = read_jsonl(out / "errors.jsonl")
    assert err["source"] == f"{src / 'feed.jsonl'}:1" and "outside --out-dir" in err["error"]


@pytest.mark.parametrize("rid", ["..", ".", "../../x", "/etc/passwd"])
def test_record_id_never_leaves_out_dir(rid: str, tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text(record(id=rid), "utf-8")
    out = tmp_path / "out"
    assert run([tmp_path / "in.jsonl", "--out-dir", out]) == cli.EXIT_OK
    written = files_under(out)
    assert len(written) == 2 and all(p.resolve().is_relative_to(out.resolve()) for p in written)


# --------------------------------------------------------------------------- 2. long names cut by bytes


LONG = {
    "cjk-record-id-90-chars": lambda d: (d / "feed.jsonl").write_text(record(id="新" * 90), "utf-8"),
    "file-name-250-bytes": lambda d: (d / ("a" * 246 + ".txt")).write_text(GOOD, "utf-8"),
    "cjk-file-name-250-bytes": lambda d: (d / ("é" * 123 + ".txt")).write_text(GOOD, "utf-8"),
}


@pytest.mark.parametrize("case", sorted(LONG))
def test_long_names_are_cut_by_bytes_and_resume_works(case: str, tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    LONG[case](src)
    (src / "z.txt").write_text(GOOD, "utf-8")
    assert run([src, "--out-dir", out]) == cli.EXIT_OK
    names = [p.name for p in files_under(out)]
    assert len(names) == 4 and all(len(os.fsencode(n)) <= 255 for n in names)
    assert all(n.encode("utf-8") for n in names), "cut on a character boundary"
    before = {p: p.read_bytes() for p in files_under(out)}
    assert run([src, "--out-dir", out, "--resume"]) == cli.EXIT_OK
    assert {p: p.read_bytes() for p in files_under(out)} == before


def test_one_unwritable_name_costs_only_its_document(tmp_path: Path, monkeypatch) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for name in ("a", "b", "c"):
        (src / f"{name}.txt").write_text(GOOD, "utf-8")
    real = output._atomic_write

    def refuse_b(path: Path, data: bytes) -> None:
        if path.name.startswith("b."):
            raise OSError(errno.ENAMETOOLONG, "File name too long", str(path))
        real(path, data)
    monkeypatch.setattr(output, "_atomic_write", refuse_b)
    assert run([src, "--out-dir", out]) == cli.EXIT_SOME_FAILED
    assert sorted(p.name for p in out.glob("*.json")) == ["a.json", "c.json"] and not (out / "b.txt").exists()
    (err,) = read_jsonl(out / "errors.jsonl")
    assert err["source"] == str(src / "b.txt") and "File name too long" in err["error"]


# --------------------------------------------------------------------------- 3. names that are not UTF-8


@pytest.mark.parametrize("where", ["-o", "--out-dir"])
def test_file_name_not_utf8_is_recognised_on_resume(where: str, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    bad = src / os.fsdecode(b"caf\xe9.txt")
    bad.write_text(GOOD, "utf-8")
    out = tmp_path / ("out.jsonl" if where == "-o" else "out")
    assert run([src, where, out]) == cli.EXIT_OK
    recs = read_jsonl(out) if where == "-o" else read_jsonl(next(out.glob("*.json")))
    assert [r["source"] for r in recs] == [str(bad)], "the source round-trips (surrogateescape)"
    before = {p: p.read_bytes() for p in ([out] if where == "-o" else files_under(out))}
    assert run([src, where, out, "--resume"]) == cli.EXIT_OK
    assert {p: p.read_bytes() for p in ([out] if where == "-o" else files_under(out))} == before
    if where == "-o":
        out.read_bytes().decode("utf-8")  # still valid UTF-8


# --------------------------------------------------------------------------- 4. only regular files are read


SPECIAL = {
    "fifo-txt": (lambda d: os.mkfifo(d / "a_pipe.txt"), "a named pipe, not a regular file"),
    "fifo-jsonl": (lambda d: os.mkfifo(d / "a_pipe.jsonl"), "a named pipe, not a regular file"),
    "symlink-to-dev-zero": (lambda d: (d / "a_zero.txt").symlink_to("/dev/zero"), "a character device, not a regular file"),
}


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="POSIX only")
@pytest.mark.parametrize("case", sorted(SPECIAL))
def test_fifo_and_device_are_error_records_not_hangs(case: str, tmp_path: Path) -> None:
    make, expected = SPECIAL[case]
    src = tmp_path / "in"
    src.mkdir()
    make(src)
    (src / "z.txt").write_text(GOOD, "utf-8")
    out = tmp_path / "out.jsonl"
    proc = subprocess.run(_cli(str(src), "-o", str(out), "-j", "1"), timeout=120, capture_output=True)
    assert proc.returncode == cli.EXIT_SOME_FAILED
    bad, good = read_jsonl(out)
    assert expected in bad["error"] and "error" not in good


def test_read_file_reads_at_most_the_limit(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    p.write_text(GOOD * 10, "utf-8")
    err = batch.read_file(p, max_bytes=1000)
    assert isinstance(err, batch.InputError) and "document too large" in err.message and "--max-mb" in err.message


# --------------------------------------------------------------------------- 5. JSON that Python cannot take


@pytest.mark.parametrize("workers", ["1", "2"])
def test_deep_nesting_and_huge_numbers_are_error_records_at_every_j(workers: str, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("[" * 100_000 + "]" * 100_000 + "\n"
                   + '{"id": "n", "text": "x", "n": ' + "9" * 5000 + "}\n"
                   + '{"id": "d", "text": "x", "deep": ' + "[" * 500 + "]" * 500 + "}\n"
                   + '{"id": "nan", "text": "x", "n": NaN}\n'
                   + record(id="good"), "utf-8")
    out = tmp_path / "out.jsonl"
    assert run([src, "-o", out, "-j", workers]) == cli.EXIT_SOME_FAILED
    recs = read_jsonl(out)
    assert [(r["id"], r["source"]) for r in recs[:4]] == [(str(n), f"{src}:{n}") for n in range(1, 5)]
    assert "nested more than 200 deep" in recs[0]["error"] and "nested more than 200 deep" in recs[2]["error"]
    assert "more than 4300 digits" in recs[1]["error"] and "NaN" in recs[3]["error"]
    assert recs[4]["id"] == "good" and "error" not in recs[4]


def test_every_j_gives_the_same_records_for_hostile_json(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("[" * 100_000 + "\n" + '{"n": ' + "1" * 5000 + "}\n" + record(id="g"), "utf-8")
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    run([src, "-o", one, "-j", "1"])
    run([src, "-o", two, "-j", "2"])
    assert one.read_bytes() == two.read_bytes()


# --------------------------------------------------------------------------- 6. an oversized JSONL line


class _Counting:
    """A byte stream that remembers the largest read it was asked for."""

    def __init__(self, data: bytes) -> None:
        import io
        self._f = io.BytesIO(data)
        self.largest = 0

    def readline(self, size: int = -1) -> bytes:
        got = self._f.readline(size)
        self.largest = max(self.largest, len(got))
        return got

    def __iter__(self):  # reading line by line without a limit: what a bounded reader must not do
        for line in self._f:
            self.largest = max(self.largest, len(line))
            yield line


def test_oversized_jsonl_line_is_refused_while_read(tmp_path: Path) -> None:
    stream = _Counting(record(id="big", pad="x" * 2_000_000).encode() + record(id="next").encode())
    items = list(batch.jsonl_tasks(stream, "feed.jsonl", "feed", max_bytes=50_000))
    assert stream.largest <= max(50_001, batch.CHUNK), "the 2 MB line is never held whole"
    assert isinstance(items[0], batch.InputError) and (items[0].id, items[0].source) == ("1", "feed.jsonl:1")
    assert "JSONL line too large" in items[0].message
    assert isinstance(items[1], batch.Task) and items[1].lineno == 2


def test_oversized_jsonl_line_on_the_command_line(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(record(id="big", pad="x" * 50_000) + record(id="next"), "utf-8")
    out = tmp_path / "out.jsonl"
    assert run([src, "-o", out, "--max-mb", "0.02"]) == cli.EXIT_SOME_FAILED
    big, nxt = read_jsonl(out)
    assert big["id"] == "1" and "JSONL line too large: over 0.0 MB" in big["error"] and nxt["id"] == "next"


# --------------------------------------------------------------------------- 7. byte-order marks


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be", "utf-8"])
def test_text_with_a_bom_is_read_in_its_encoding(encoding: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes("\ufeff".encode(encoding) + GOOD.encode(encoding))
    (tmp_path / "b.txt").write_text(GOOD, "utf-8")
    out = tmp_path / "out.jsonl"
    assert run([tmp_path, "-o", out]) == cli.EXIT_OK
    a, b = read_jsonl(out)
    assert a["text"] == b["text"] and a["title"] == b["title"]


# --------------------------------------------------------------------------- 8. nothing read is not success


def test_folder_without_inputs_says_what_it_skipped_and_fails(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    (tmp_path / "notes").write_text("x", "utf-8")
    assert cli.main(["clean", str(tmp_path), "-o", str(tmp_path / "out.jsonl")]) == cli.EXIT_SOME_FAILED
    err = capsys.readouterr().err
    assert f"skipped {tmp_path / 'a.pdf'}: not an input cleaner reads (.pdf file)" in err
    assert f"skipped {tmp_path / 'notes'}: not an input cleaner reads (no suffix)" in err
    assert "nothing to clean" in err


def test_many_skipped_files_are_summarised(tmp_path: Path, capsys) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(40):
        (src / f"img{i:02d}.png").write_bytes(b"\x89PNG")
    (src / "a.txt").write_text(GOOD, "utf-8")
    assert cli.main(["clean", str(src), "-o", str(tmp_path / "out.jsonl")]) == cli.EXIT_OK
    skipped = [line for line in capsys.readouterr().err.splitlines() if "skipped" in line]
    assert len(skipped) == 4 and "skipped 37 more: 37 not an input cleaner reads (.png file)" in skipped[-1]


# --------------------------------------------------------------------------- 9. -o names


@pytest.mark.parametrize("name", ["out.csv", "out.jsonl.bz2", "out.json", "out"])
def test_output_name_must_be_one_cleaner_writes(name: str, tmp_path: Path, capsys) -> None:
    assert cli.main(["clean", str(SEEDS[0]), "-o", str(tmp_path / name)]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "-o takes - (standard output) or a name ending in .jsonl or .jsonl.gz or .jsonl.zst or .parquet" in err
    assert not (tmp_path / name).exists()


def test_output_dash_is_standard_output(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["clean", "-q", str(SEEDS[0]), "-o", "-"]) == cli.EXIT_OK
    assert json.loads(capsys.readouterr().out)["id"] == SEEDS[0].stem and not (tmp_path / "-").exists()


def test_errors_into_the_output_file_share_one_writer(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text(record(id="a") + '{"id": "b"}\n' + record(id="c"), "utf-8")
    out = tmp_path / "out.jsonl"
    assert run([tmp_path / "in.jsonl", "-o", out, "--errors", out]) == cli.EXIT_SOME_FAILED
    assert [r["id"] for r in read_jsonl(out)] == ["a", "b", "c"]


def test_stats_over_the_output_is_refused(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out.jsonl"
    assert cli.main(["clean", str(SEEDS[0]), "-o", str(out), "--stats", str(out)]) == cli.EXIT_USAGE
    assert "-o and --stats name the same file" in capsys.readouterr().err and not out.exists()


# --------------------------------------------------------------------------- 10. .json inputs


def test_json_array_is_read_as_records(tmp_path: Path) -> None:
    src = tmp_path / "feed.json"
    src.write_text(json.dumps([{"id": "a", "text": GOOD}, {"text": GOOD}, {"body": "x"}]), "utf-8")
    out = tmp_path / "out.jsonl"
    assert run([src, "-o", out]) == cli.EXIT_SOME_FAILED
    recs = read_jsonl(out)
    assert [(r["id"], r["source"]) for r in recs] == [("a", f"{src}:1"), ("2", f"{src}:2"), ("3", f"{src}:3")]
    assert recs[0]["text"] and "neither" in recs[2]["error"]


def test_jsonl_saved_as_json_is_read_as_jsonl(tmp_path: Path) -> None:
    (tmp_path / "feed.json").write_text(record(id="a") + record(id="b"), "utf-8")
    out = tmp_path / "out.jsonl"
    assert run([tmp_path, "-o", out]) == cli.EXIT_OK  # a folder walks .json too
    assert [(r["id"], r["source"]) for r in read_jsonl(out)] == [("a", f"{tmp_path / 'feed.json'}:1"),
                                                                ("b", f"{tmp_path / 'feed.json'}:2")]


def test_json_object_over_many_lines_is_one_record(tmp_path: Path) -> None:
    src = tmp_path / "one.json"
    src.write_text(json.dumps({"id": "a", "text": GOOD}, indent=2), "utf-8")
    out = tmp_path / "out.jsonl"
    assert run([src, "-o", out]) == cli.EXIT_OK
    assert [(r["id"], r["source"]) for r in read_jsonl(out)] == [("a", f"{src}:1")]


def test_jsonl_saved_as_json_with_a_bad_line_loses_only_that_line(tmp_path: Path) -> None:
    src = tmp_path / "feed.json"
    src.write_text('{"id": "broken\n' + record(id="b"), "utf-8")
    out = tmp_path / "out.jsonl"
    assert run([src, "-o", out]) == cli.EXIT_SOME_FAILED
    bad, good = read_jsonl(out)
    assert bad["source"] == f"{src}:1" and "not valid JSON" in bad["error"] and good["id"] == "b"


@pytest.mark.parametrize("content", ['"just a string"', "42", "[1, 2", "null", ""])
def test_json_that_is_not_records_is_one_error_record(content: str, tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text(content, "utf-8")
    out = tmp_path / "out.jsonl"
    assert run([tmp_path / "bad.json", "-o", out]) == cli.EXIT_SOME_FAILED
    (err,) = read_jsonl(out)
    assert err["source"] == str(tmp_path / "bad.json")
    assert "not JSON records" in err["error"] or "empty file" in err["error"]


@pytest.mark.parametrize("out", ["--out-dir=out", "-o=out.jsonl", "--errors=errors.jsonl"])
def test_outputs_inside_the_input_folder_are_not_read_again(out: str, tmp_path: Path, capsys) -> None:
    (tmp_path / "a.txt").write_text(GOOD, "utf-8")
    option, name = out.split("=")
    for _ in range(2):  # the second run finds the first one's outputs in the folder
        assert cli.main(["clean", str(tmp_path), option, str(tmp_path / name), "--stats", str(tmp_path / "stats.json")]
                        + (["-o", str(tmp_path / "o.jsonl")] if option == "--errors" else [])) == cli.EXIT_OK
        assert json.loads((tmp_path / "stats.json").read_text("utf-8"))["documents"] == 1
    assert f"skipped {tmp_path / name}: this run's own output" in capsys.readouterr().err


def test_metadata_an_out_dir_run_wrote_is_not_an_input(tmp_path: Path, capsys) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(GOOD, "utf-8")
    assert run([src, "--out-dir", tmp_path / "out"]) == cli.EXIT_OK
    out = tmp_path / "o.jsonl"
    assert run([tmp_path / "out" / "a.json", "-o", out]) == cli.EXIT_SOME_FAILED  # nothing read
    assert out.read_bytes() == b""


# --------------------------------------------------------------------------- 11. --resume and settings


def test_every_record_says_which_cleaner_and_settings_wrote_it(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text(record(id="a") + '{"id": "b"}\n', "utf-8")
    out = tmp_path / "out.jsonl"
    run([tmp_path / "in.jsonl", "-o", out])
    good, bad = read_jsonl(out)
    assert list(good)[-1] == "cleaner" and good["cleaner"] == bad["cleaner"]
    assert good["cleaner"]["version"] == __import__("cleaner").__version__
    assert re.fullmatch("[0-9a-f]{12}", good["cleaner"]["settings"])
    outdir = tmp_path / "outdir"
    run([tmp_path / "in.jsonl", "--out-dir", outdir])
    assert json.loads((outdir / "in" / "a.json").read_text("utf-8"))["cleaner"] == good["cleaner"]


def _rules(folder: Path, pattern: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "mine.toml").write_text(f'schema = 1\nname = "Mine"\ndomains = ["mine.example"]\n[[drop]]\nid = "x"\n'
                                      f'category = "promo"\npattern = \'{pattern}\'\nreason = "test"\n', "utf-8")
    return folder


RESUMES = {
    # what changes between the run and its --resume, and what the refusal says
    "disable": (["--disable", "navigation"], "--disable (the records were written without it) differs"),
    "explain": (["--explain"], "--explain (the records were written without it) differs"),
    "learn": (["--learn"], "--learn (the records were written without it) differs"),
    "url": (["--url", "https://mine.example/1"], "--url (the records were written without it) differs"),
    "no-builtin-rules": (["--no-builtin-rules"],
                         "--no-builtin-rules (the records were written without it) differs"),
    "rule-file-edited": (["--rules", "RULES2"], "the rule files' contents differ"),
}


@pytest.mark.parametrize("case", sorted(RESUMES))
def test_resume_refuses_other_settings(case: str, tmp_path: Path, capsys) -> None:
    extra, expected = RESUMES[case]
    corpus = tmp_path / "in.jsonl"
    corpus.write_text(record(id="a") + record(id="b"), "utf-8")
    out = tmp_path / "out.jsonl"
    base = ["--rules", str(_rules(tmp_path / "rules", "^Subscribe$"))]
    assert run([corpus, "-o", out, *base]) == cli.EXIT_OK
    out.write_bytes(out.read_bytes().splitlines(keepends=True)[0])  # as if killed after one record
    if case == "rule-file-edited":
        _rules(tmp_path / "rules", "^Sign up$")
        extra = []
    before = out.read_bytes()
    capsys.readouterr()
    assert run([corpus, "-o", out, "--resume", *base, *extra]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    digest = json.loads(before)["cleaner"]["settings"]
    assert err.count("\n") == 1 and f"other settings (digest {digest}, this run " in err and f"): {expected}" in err
    assert str(out) in err
    assert out.read_bytes() == before
    assert run([corpus, "-o", out, "--resume", *base]) == (cli.EXIT_OK if case != "rule-file-edited" else cli.EXIT_USAGE)


def test_resume_refuses_records_of_another_version(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "in.jsonl"
    corpus.write_text(record(id="a") + record(id="b"), "utf-8")
    out = tmp_path / "out.jsonl"
    run([corpus, "-o", out])
    first = json.loads(out.read_bytes().splitlines()[0])
    first["cleaner"]["version"] = "0.0.1"
    out.write_text(json.dumps(first) + "\n", "utf-8")
    assert run([corpus, "-o", out, "--resume"]) == cli.EXIT_USAGE
    assert "written by cleaner 0.0.1" in capsys.readouterr().err
    del first["cleaner"]
    out.write_text(json.dumps(first) + "\n", "utf-8")
    assert run([corpus, "-o", out, "--resume"]) == cli.EXIT_USAGE
    assert "without a cleaner version" in capsys.readouterr().err


def test_an_input_field_named_error_is_not_a_failure_on_resume(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text(record(id="a", error="upstream note"), "utf-8")
    out = tmp_path / "out.jsonl"
    assert run([tmp_path / "in.jsonl", "-o", out]) == cli.EXIT_OK
    assert run([tmp_path / "in.jsonl", "-o", out, "--resume"]) == cli.EXIT_OK


# --------------------------------------------------------------------------- 12. Ctrl-C


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_exits_130_with_one_line_and_complete_records(workers: str, tmp_path: Path) -> None:
    corpus = tmp_path / "in.jsonl"
    with open(corpus, "w", encoding="utf-8") as f:
        for i in range(3000):
            f.write(record(id=f"d{i}", note=f"closing note {i}"))
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen(_cli(str(corpus), "-o", str(out), "-j", workers), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None and not (out.exists() and out.stat().st_size > 100_000):
        time.sleep(0.005)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130 == cli.EXIT_INTERRUPTED
    lines = err.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cleaner: interrupted") and "Traceback" not in err.decode()
    recs = read_jsonl(out)
    assert 0 < len(recs) < 3000 and [r["id"] for r in recs] == [f"d{i}" for i in range(len(recs))]


# --------------------------------------------------------------------------- 13. output failures


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_full_disk_names_the_file_and_exits_3(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out.jsonl"
    out.symlink_to("/dev/full")
    assert run([SEEDS[0], "-o", out]) == 3 == cli.EXIT_OUTPUT
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"cannot write {out}: No space left on device" in err


def test_full_disk_in_out_dir_names_the_file_and_exits_3(tmp_path: Path, capsys, monkeypatch) -> None:
    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))
    monkeypatch.setattr(output, "_atomic_write", full)
    assert run([SEEDS[0], "--out-dir", tmp_path / "out"]) == 3 == cli.EXIT_OUTPUT
    err = capsys.readouterr().err
    assert f"cannot write {tmp_path / 'out' / SEEDS[0].stem}.txt: No space left on device" in err


# --------------------------------------------------------------------------- 14. limits


@pytest.mark.parametrize("option", [["--max-mb", "-1"], ["--max-mb", "0"], ["--max-mb", "nan"], ["--max-mb", "inf"],
                                    ["--timeout", "0"], ["--timeout", "-5"], ["--timeout", "nan"]])
def test_limits_must_be_above_zero(option: list[str], tmp_path: Path, capsys) -> None:
    assert cli.main(["clean", str(SEEDS[0]), "-o", str(tmp_path / "o.jsonl"), *option]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{option[0]} must be a number" in err and not (tmp_path / "o.jsonl").exists()


# --------------------------------------------------------------------------- 15. exit codes documented


def test_exit_codes_are_documented_in_help_and_readme() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("### Errors and exit status"):]
    for code in (cli.EXIT_OK, cli.EXIT_SOME_FAILED, cli.EXIT_USAGE, cli.EXIT_OUTPUT, cli.EXIT_INTERRUPTED):
        assert re.search(rf"\b{code}\b", cli.EPILOG), code
        assert f"| {code} |" in section, code


@pytest.mark.parametrize("size, said", [
    pytest.param(25 * 2**20, "record too large: 25.0 MB (limit 10.0 MB, --max-mb)", id="size-known"),
    pytest.param(None, "record too large: over 10.0 MB (limit 10.0 MB, --max-mb)", id="only-limit-read"),
])
def test_size_refusal_gives_the_size_when_it_is_known(size, said):
    """A WARC record's or a JSONL record's length is known: the refusal says it; a stream read only up to the
    limit and a byte more is said to be over the limit."""
    assert batch.too_large(size, 10 * 2**20, "record") == said


@pytest.mark.parametrize("call", ["clean", "clean_html"])
@pytest.mark.parametrize("bad", [None, 123, ["a list"]], ids=["none", "int", "list"])
def test_a_wrong_type_is_a_clear_type_error(call: str, bad: object) -> None:
    """Not an AttributeError from deep inside (a str method missing): a TypeError naming what was given."""
    import cleaner

    with pytest.raises(TypeError, match=type(bad).__name__):
        getattr(cleaner, call)(bad)
