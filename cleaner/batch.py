"""Batch I/O: read inputs (files, folders, JSONL, stdin) as Documents, write output and error records."""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator

from .model import Article
from .page import PageError
from .output import safe_name
from .pipeline import Cleaner

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
# fields cleaner writes itself; a passthrough field of the same name is replaced,
# except the url, which the input record keeps when it has one. (id and source are
# always the Document's: a record's own id, else its line number; its file:line.)
INPUT_OWNED = ("url",)


@dataclass(frozen=True)
class Document:
    """One input to clean: where it came from, its text or HTML page, and fields to pass through."""

    id: str
    source: str
    text: str = ""
    url: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    html: bytes | str | None = None  # a page to clean instead of text (bytes in any encoding)
    rel: str = ""  # where its output goes under --out-dir: the input's relative path, no suffix


@dataclass(frozen=True)
class Task:
    """One input before it is read: a file, or one line of a JSONL file. Cheap to make and to send
    to a worker process, which reads and parses it there (`load`)."""

    source: str
    rel: str
    path: str | None = None  # a .txt or .html file
    line: str | None = None  # a JSONL record's line
    lineno: int = 0


@dataclass(frozen=True)
class InputError:
    """An input that could not be read as a document: named, with what is wrong."""

    id: str
    source: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "source": self.source, "error": self.message}


def decode_text(data: bytes) -> str:
    """Bytes of a text file as str: UTF-8 (BOM or not), or UTF-16 with a BOM; else UnicodeDecodeError."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    return data.decode("utf-8-sig")


def _decode_problem(e: UnicodeDecodeError) -> str:
    return f"not UTF-8 text: undecodable byte 0x{e.object[e.start]:02x} at offset {e.start}"


def _looks_binary(data: bytes) -> bool:
    """NUL bytes in the head, and no UTF-16/32 byte-order mark to explain them."""
    head = data[:8192]
    return b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"))


def read_file(path: Path, rel: str = "") -> Document | InputError:
    """A .txt file (UTF-8, or UTF-16 with a BOM) or an .html page (bytes: their encoding is worked
    out when the page is cleaned) as a Document; what is wrong with it as an InputError."""
    stem = path.name.rsplit(".", 1)[0]
    is_html = path.suffix.lower() in HTML_SUFFIXES
    try:
        data = path.read_bytes()
    except OSError as e:
        return InputError(stem, str(path), f"cannot read: {e.strerror or e}")
    if _looks_binary(data):
        return InputError(stem, str(path), f"binary file, not {'HTML' if is_html else 'text'} (it holds NUL bytes)")
    if is_html:
        return Document(id=stem, source=str(path), html=data, rel=rel or stem)
    try:
        text = decode_text(data)
    except UnicodeDecodeError as e:
        return InputError(stem, str(path), _decode_problem(e))
    if not text.strip():
        return InputError(stem, str(path), "empty file: no text to clean")
    return Document(id=stem, source=str(path), text=text, rel=rel or stem)


def parse_record(line: str, lineno: int, source: str, rel: str = "") -> Document | InputError:
    """One JSONL line as a Document: needs a "text" or an "html" string; other fields pass through."""
    where = f"{source}:{lineno}"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        return InputError(str(lineno), where, f"not valid JSON: {e.msg} at column {e.colno}")
    if not isinstance(obj, dict):
        return InputError(str(lineno), where, f"a record must be a JSON object, not {type(obj).__name__}")
    rid = obj.get("id")
    rid = str(lineno) if rid is None or rid == "" else str(rid)
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    text, page = obj.get("text"), obj.get("html")
    out_rel = f"{rel}/{safe_name(rid)}" if rel else safe_name(rid)
    if isinstance(text, str):
        return Document(id=rid, source=where, text=text, url=url, extra={k: v for k, v in obj.items() if k != "text"},
                        rel=out_rel)
    if isinstance(page, str):
        return Document(id=rid, source=where, html=page, url=url, extra={k: v for k, v in obj.items() if k != "html"},
                        rel=out_rel)
    if text is None and page is None:
        return InputError(rid, where, "record has neither a \"text\" nor an \"html\" field")
    name, value = ("text", text) if text is not None else ("html", page)
    return InputError(rid, where, f"record \"{name}\" must be a string, not {type(value).__name__}")


def jsonl_tasks(stream: Iterable[bytes], source: str, rel: str = "") -> Iterator[Task | InputError]:
    """One task per non-blank line of a JSONL byte stream. Lines end at \\n only (a bare \\r is JSON
    whitespace), and each is decoded on its own: a bad line is one error record, not the file's."""
    for lineno, raw in enumerate(stream, 1):
        if lineno == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            yield InputError(str(lineno), f"{source}:{lineno}", _decode_problem(e))
            continue
        if line.strip():
            yield Task(f"{source}:{lineno}", rel, line=line, lineno=lineno)


def _jsonl_file(path: Path, rel: str = "") -> Iterator[Task | InputError]:
    try:
        with open(path, "rb") as f:
            yield from jsonl_tasks(f, str(path), rel or path.stem)
    except OSError as e:
        yield InputError(path.stem, str(path), f"cannot read: {e.strerror or e}")


def walk(folder: Path) -> Iterator[Path]:
    """Input files under a folder, recursively, in sorted order; symlink loops are not followed twice."""
    seen: set[tuple[int, int]] = set()

    def visit(d: Path) -> Iterator[Path]:
        try:
            st = d.stat()
        except OSError:
            return
        if (st.st_dev, st.st_ino) in seen:
            return
        seen.add((st.st_dev, st.st_ino))
        try:
            entries = sorted(os.scandir(d), key=lambda e: e.name)
        except OSError:
            return
        for e in entries:
            p = Path(e.path)
            if e.is_dir():
                yield from visit(p)
            elif p.suffix.lower() in TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES or _formats().handles(p):
                yield p  # (issue 14: compressed, WARC and Parquet inputs are cleaner.io's)

    yield from visit(folder)


def path_tasks(path: Path, rel: str = "") -> Iterator[Task | InputError]:
    """The inputs of one file; `rel` is its path relative to the folder named on the command
    line, without suffix (for --out-dir)."""
    if _formats().handles(path):  # issue 14: compressed files, WARC, Parquet: cleaner.io reads them
        yield from _formats().tasks_for(path, rel)
        return
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _jsonl_file(path, rel)
    else:
        yield Task(str(path), rel or path.name.rsplit(".", 1)[0], path=str(path))


def _formats():  # issue 14: cleaner.io imports this module, so it is imported when first needed
    from . import io

    return io


def load(task: Task) -> Document | InputError:
    """Read what a Task names: the file, or the JSONL record."""
    if task.line is not None:
        source, _, _ = task.source.rpartition(":")
        return parse_record(task.line, task.lineno, source, task.rel)
    assert task.path is not None
    return read_file(Path(task.path), task.rel)


def _relative(path: Path, folder: Path) -> str:
    rel = path.relative_to(folder).with_suffix("")
    return rel.as_posix()


def iter_tasks(paths: Iterable[str], stdin: BinaryIO | None = None) -> Iterator[Task | InputError]:
    """Every input named on the command line, in order, not yet read: files, folders (walked),
    or - for JSONL on stdin."""
    for arg in paths:
        if arg == "-":
            yield from jsonl_tasks(stdin if stdin is not None else sys.stdin.buffer, "<stdin>", "stdin")
            continue
        path = Path(arg)
        if path.is_dir():
            for p in walk(path):
                yield from path_tasks(p, _relative(p, path))
        elif path.exists():
            yield from path_tasks(path)
        else:
            yield InputError(path.stem or arg, arg, "no such file or folder")


def iter_inputs(paths: Iterable[str], stdin: BinaryIO | None = None) -> Iterator[Document | InputError]:
    """Every input named on the command line, read, in order."""
    for item in iter_tasks(paths, stdin):
        yield load(item) if isinstance(item, Task) else item


def clean_document(cleaner: Cleaner, doc: Document) -> Article | InputError:
    """Clean one document, text or HTML; what goes wrong becomes an InputError naming it."""
    try:
        if doc.html is not None:
            return cleaner.clean_html(doc.html, doc.url, id=doc.id, source=doc.source)
        return cleaner.clean(doc.text, doc.url, id=doc.id, source=doc.source)
    except PageError as e:
        return InputError(doc.id, doc.source, f"not a readable HTML page: {e}")
    except Exception as e:  # one bad document must not stop the batch
        return InputError(doc.id, doc.source, f"cleaning failed: {type(e).__name__}: {e}")


def output_record(doc: Document, article: Article, explain: bool = False) -> dict[str, Any]:
    """The JSONL record for a cleaned document: input fields pass through, cleaner's fields added."""
    out = dict(doc.extra)
    ours = article.to_dict(explain=explain)
    for k, v in ours.items():
        if k in INPUT_OWNED and k in out:
            continue
        out[k] = v
    out["id"], out["source"] = doc.id, doc.source
    return out

