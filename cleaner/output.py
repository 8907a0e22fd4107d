"""Write records where users want them, safely (a killed run leaves no partial record), and read back
what an earlier run already wrote (--resume)."""
from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any, BinaryIO, Iterable

RESUME_KEY = "source"  # an input's identity across runs: its file, or file:line for a record


_SURROGATE = re.compile("[\ud800-\udfff]")


def utf8(text: str) -> bytes:
    """Text as UTF-8; a lone surrogate (half an emoji a scraper cut) becomes U+FFFD, so that the
    output stays valid UTF-8."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text).encode("utf-8")


def encode(record: dict[str, Any]) -> bytes:
    return utf8(json.dumps(record, ensure_ascii=False) + "\n")


class JsonlWriter:
    """Appends whole JSONL lines: each record goes out in one unbuffered write, so a run killed
    at any moment leaves complete lines (and `repair` drops a torn last line if the OS tore one)."""

    def __init__(self, path: Path | None, append: bool = False) -> None:
        self.path = path
        self._file: BinaryIO | None = None
        if path is not None:
            if append:
                repair(path)
            self._file = open(path, "ab" if append else "wb", buffering=0)

    def write(self, record: dict[str, Any]) -> None:
        data = encode(record)
        if self._file is None:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            return
        view = memoryview(data)
        while view:
            n = self._file.write(view)
            view = view[n or 0:]

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


def repair(path: Path) -> None:
    """Cut a JSONL file back to its last complete line (a killed run may have torn the last one)."""
    if not path.exists():
        return
    with open(path, "rb+") as f:
        f.seek(0, os.SEEK_END)
        size = f.tell()
        if size == 0:
            return
        f.seek(size - 1)
        if f.read(1) == b"\n":
            return
        pos, block = size, 1 << 16
        while pos > 0:
            start = max(0, pos - block)
            f.seek(start)
            chunk = f.read(pos - start)
            nl = chunk.rfind(b"\n")
            if nl >= 0:
                f.truncate(start + nl + 1)
                return
            pos = start
        f.truncate(0)


def record_source(data: bytes) -> tuple[str, bool] | None:
    """The source a written record names, and whether it is an error record (None: not a record)."""
    try:
        rec = json.loads(data)
    except ValueError:
        return None
    if isinstance(rec, dict) and isinstance(rec.get(RESUME_KEY), str):
        return rec[RESUME_KEY], "error" in rec
    return None


def done_sources(paths: Iterable[Path | None], failed: set[str] | None = None) -> set[str]:
    """The inputs (by source) that records in these JSONL files already account for; those that
    are error records are also added to `failed`, when given."""
    done: set[str] = set()
    for path in paths:
        if path is None or not path.exists():
            continue
        with open(path, "rb") as f:
            for line in f:
                if not line.endswith(b"\n"):
                    break  # torn last line: that input is not done
                found = record_source(line)
                if found is not None:
                    done.add(found[0])
                    if failed is not None and found[1]:
                        failed.add(found[0])
    return done


_UNSAFE = re.compile(r"[^\w.@+-]+")


def safe_name(text: str) -> str:
    """A record id as one path component."""
    name = _UNSAFE.sub("_", text).strip("._") or "_"
    return name[:150]


class FolderWriter:
    """--out-dir: per input, `<rel>.txt` (the clean text) and `<rel>.json` (its metadata) under the
    input's relative path. Each file is written to a temporary name and renamed into place, and
    the .json last, so a .json on disk means that document is complete. Two inputs with the same
    relative path (a.txt and a.html, or two records with one id) get `<rel>`, then `<rel>~2`...
    in input order, never one over the other."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.used: set[str] = set()  # the paths this run (and the run it resumes) wrote
        root.mkdir(parents=True, exist_ok=True)

    def target(self, rel: str) -> Path:
        return self.root / rel

    def write(self, rel: str, record: dict[str, Any]) -> None:
        unique, n = rel, 2
        while unique in self.used:
            unique, n = f"{rel}~{n}", n + 1
        self.used.add(unique)
        base = self.target(unique)
        base.parent.mkdir(parents=True, exist_ok=True)
        meta = {k: v for k, v in record.items() if k != "text"}
        _atomic_write(base.with_name(base.name + ".txt"), utf8(record.get("text") or ""))
        _atomic_write(base.with_name(base.name + ".json"), encode(meta))

    def done_sources(self) -> set[str]:
        """The inputs (by source) whose .json is already in the folder: a resumed run skips them.
        Temporary files a killed run left behind are removed."""
        for tmp in self.root.rglob(".*.tmp"):
            tmp.unlink(missing_ok=True)
        done: set[str] = set()
        for path in self.root.rglob("*.json"):
            try:
                found = record_source(path.read_bytes())
            except OSError:
                continue
            if found is not None:
                done.add(found[0])
                self.used.add(path.relative_to(self.root).with_suffix("").as_posix())
        return done


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
