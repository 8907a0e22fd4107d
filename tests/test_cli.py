"""The command line: clean folders, files and JSONL (passthrough, order, errors), explain, exit codes."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner import cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def run(argv: list[str], capsys, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8"))
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_clean_folder_gives_one_record_per_file_in_sorted_order(capsys) -> None:
    code, out, _ = run(["clean", str(SEEDS)], capsys)
    recs = records(out)
    assert code == 0
    assert [r["id"] for r in recs] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    want = json.loads((ROOT / "fixtures/seeds/002_4e9f6fdf3983f584.json").read_text("utf-8"))
    rt = recs[2]
    for field in ("text", "title", "published", "outlet", "agency", "authors", "description"):
        assert rt[field] == want[field]
    assert rt["word_count"] == len(want["text"].split())
    assert rt["source"].endswith("002_4e9f6fdf3983f584.txt")
    assert "removed" not in rt


def test_clean_walks_subfolders_and_writes_output_file(tmp_path: Path, capsys) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("A sentence long enough to be a real article paragraph, said the reporter.", "utf-8")
    (tmp_path / "a.txt").write_text("Another sentence long enough to be a real article paragraph, the official said.", "utf-8")
    (tmp_path / "notes.md").write_text("not an input", "utf-8")
    out = tmp_path / "out.jsonl"
    code, stdout, _ = run(["clean", str(tmp_path), "-o", str(out)], capsys)
    assert code == 0 and stdout == ""
    assert [r["id"] for r in records(out.read_text("utf-8"))] == ["a", "z"]


def test_jsonl_on_stdin_passes_fields_through_in_order(capsys, monkeypatch) -> None:
    lines = [
        {"id": "x1", "url": "https://www.rt.com/news/1", "text": (SEEDS / "002_4e9f6fdf3983f584.txt").read_text("utf-8"), "lang": "en", "meta": {"k": [1, 2]}},
        {"text": "Just one sentence that is long enough to count as an article body here."},
    ]
    stdin = "\n".join(json.dumps(x) for x in lines) + "\n"
    code, out, _ = run(["clean", "-", "--explain"], capsys, stdin, monkeypatch)
    recs = records(out)
    assert code == 0
    assert recs[0]["id"] == "x1" and recs[0]["lang"] == "en" and recs[0]["meta"] == {"k": [1, 2]}
    assert recs[0]["url"] == "https://www.rt.com/news/1" and recs[0]["outlet"] == "RT"
    assert recs[1]["id"] == "2"  # no id: its line number
    removed = recs[0]["removed"]
    assert {"rule", "category", "reason", "lines", "text"} <= set(removed[0])
    assert removed[0]["rule"] == "rt/icon-font" and removed[0]["lines"] == [1, 1]


def test_bad_records_become_error_records_and_the_batch_finishes(tmp_path: Path, capsys, monkeypatch) -> None:
    stdin = '{"id": "ok1", "text": "A first sentence that is long enough to be an article."}\nnot json\n{"id": "t"}\n[1, 2]\n{"id": "ok2", "text": "A second sentence that is long enough to be an article."}\n'
    errors = tmp_path / "errors.jsonl"
    code, out, err = run(["clean", "-", "--errors", str(errors)], capsys, stdin, monkeypatch)
    assert code == 1
    assert [r["id"] for r in records(out)] == ["ok1", "ok2"]
    errs = records(errors.read_text("utf-8"))
    assert [e["id"] for e in errs] == ["2", "t", "4"]
    assert errs[0]["source"] == "<stdin>:2" and "not valid JSON" in errs[0]["error"]
    assert 'neither a "text" nor an "html" field' in errs[1]["error"]
    assert "must be a JSON object" in errs[2]["error"]
    assert "<stdin>:2" in err


def test_missing_files_are_error_records_and_legacy_encodings_are_read(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 au lait")
    good = tmp_path / "good.txt"
    good.write_text("A sentence long enough to be a real article paragraph, said the reporter.", "utf-8")
    code, out, _ = run(["clean", str(bad), str(tmp_path / "nope.txt"), str(good)], capsys)
    recs = records(out)
    assert code == 1
    assert [r["id"] for r in recs] == ["bad", "nope", "good"]
    assert "error" not in recs[0] and recs[0]["encoding"]  # a legacy encoding is detected, and named
    assert "no such file" in recs[1]["error"]
    assert "text" in recs[2]


def test_utf16_with_bom_is_read(tmp_path: Path, capsys) -> None:
    p = tmp_path / "u16.txt"
    p.write_bytes("A sentence long enough to be a real article paragraph, said the reporter.".encode("utf-16"))
    code, out, _ = run(["clean", str(p)], capsys)
    assert code == 0 and records(out)[0]["text"].startswith("A sentence long enough")


def test_bad_rule_file_is_a_usage_error(tmp_path: Path, capsys) -> None:
    (tmp_path / "broken.toml").write_text("schema = 1\nname = 'x'\n[[drop]]\nid = 'a'\ncategory = 'notice'\npattern = '('\nreason = 'r'\n", "utf-8")
    code, _, err = run(["clean", str(SEEDS), "--rules", str(tmp_path)], capsys)
    assert code == 2
    assert "broken.toml" in err and "rule 'a'" in err and "bad regular expression" in err


def test_usage_error_exit_code(capsys) -> None:
    with pytest.raises(SystemExit) as e:
        cli.main(["clean"])
    assert e.value.code == 2


def test_explain_shows_every_line_with_rule_and_category_counts(capsys) -> None:
    code, out, _ = run(["explain", str(SEEDS / "000_44d0141c41302c00.txt"), "--color", "never"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert any(line.strip().startswith("17 arabstoday/source-credit [agency]") for line in lines)
    assert any(line.strip().startswith("1 kept") for line in lines)
    assert "\x1b[" not in out
    assert "  ticker " in out and "  footer " in out  # counts per category at the end


def test_explain_colours_when_asked(capsys) -> None:
    _, out, _ = run(["explain", str(SEEDS / "001_ed2a4b26c1c64592.txt"), "--color", "always"], capsys)
    assert "\x1b[31mvice/archive-notice [notice]" in out


def test_disable_switches_a_heuristic_off(capsys) -> None:
    _, out, _ = run(["clean", str(SEEDS / "003_6468969cf345fb6d.txt"), "--disable", "breadcrumb", "--explain"], capsys)
    rec = records(out)[0]
    assert all(r["rule"] != "generic/breadcrumb" for r in rec["removed"])


def test_installed_console_script_runs() -> None:
    """The `cleaner` entry point (or python -m cleaner) works as a user runs it."""
    proc = subprocess.run([sys.executable, "-m", "cleaner", "clean", str(SEEDS / "004_7e1e6eb906015e66.txt")],
                          capture_output=True, text=True, check=False, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert records(proc.stdout)[0]["outlet"] == "Breitbart"
