"""The README cannot drift: every usage command it shows (a code line starting with `$`) runs and
succeeds, every other code line that calls cleaner is a synopsis, and its library example runs."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")
PAGE = ROOT / "fixtures" / "html" / "rt" / "isis-recruitment.html"
COMMENT = re.compile(r"\s{2,}#.*$")  # a comment after a command: two spaces or more, then #


def code_lines() -> list[str]:
    """The lines of the README's shell code: its indented blocks (fenced blocks hold Python and
    TOML; the Python example is run on its own)."""
    out, fenced = [], False
    for line in README.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("    "):
            out.append(line.strip())
    return out


COMMANDS = [COMMENT.sub("", line[2:]) for line in code_lines() if line.startswith("$ ")]


def python_block() -> str:
    blocks = re.findall(r"```python\n(.*?)```", README, re.S)
    return next(b for b in blocks if "clean_many" in b)


def test_the_readme_shows_usage_commands() -> None:
    assert len(COMMANDS) >= 10 and any("--version" in c for c in COMMANDS)


RUN_ELSEWHERE = {
    "cleaner clean crawl/ -o articles.parquet",  # tests/test_io_formats.py
    "cleaner clean crawl/ -o articles/ --engine ray",  # tests/test_ray.py
}


def test_every_other_code_line_calling_cleaner_is_a_synopsis() -> None:
    """A line that runs cleaner without `$` must read as a synopsis (a placeholder in capitals or
    an [option]): else it is an example the tests do not run. Set-up and bench lines start with
    python3 or python."""
    for line in code_lines():
        if line.startswith(("$ ", "python", "#")) or not re.match(r"(\S+/)?cleaner ", line):
            continue
        if line in RUN_ELSEWHERE:  # the "At scale" commands need a crawl and a Ray: their own tests run them
            continue
        assert re.search(r"\b[A-Z][A-Z.]+\b|\[", line), f"README example not run by the tests (start it with $): {line}"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A folder holding what the README's examples name: seeds/, page.html, article.txt,
    records.jsonl, fixtures/ and an empty my_rules/."""
    work = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "seeds", work / "seeds")
    shutil.copytree(ROOT / "fixtures", work / "fixtures")
    shutil.copy(PAGE, work / "page.html")
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    shutil.copy(seeds[0], work / "article.txt")
    (work / "records.jsonl").write_text("".join(json.dumps({"id": f"rt-{n}", "text": p.read_text("utf-8")}) + "\n"
                                                for n, p in enumerate(seeds, 1)), "utf-8")
    (work / "my_rules").mkdir()
    return work


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_command_runs(command: str, workdir: Path) -> None:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    proc = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=workdir, env=env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, f"{command}\n{proc.stderr[-2000:]}"
    assert proc.stdout or proc.stderr or "-o " in command or "--out-dir" in command


def test_readme_library_example_runs(workdir: Path, monkeypatch) -> None:
    monkeypatch.chdir(workdir)
    namespace = {"text": (workdir / "article.txt").read_text("utf-8"), "page_bytes": PAGE.read_bytes()}
    exec(compile(python_block(), "README.md", "exec"), namespace)
    assert namespace["article"].sources["published"] and namespace["record"]["id"] == "b"
