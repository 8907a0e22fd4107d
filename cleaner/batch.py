"""Batch I/O: read inputs (files, folders, JSONL and JSON, stdin) as Documents, write output and error records."""
from __future__ import annotations

import io
import json
import math
import os
import stat
import sys
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Callable, Iterable, Iterator

from .output import STAMP_KEY, safe_name

if TYPE_CHECKING:  # the Cleaner comes from the caller: reading inputs (and --help) need not import the pipeline
    from .model import Article
    from .pipeline import Cleaner

STDIN_KINDS = ("auto", "jsonl", "html", "text")  # what - (standard input) holds; auto: a page if it starts with markup, else JSONL
COUNT_BYTES = 64 * 2**20  # record files up to this size in all are counted (their lines) for the progress bar's total
MAX_DEPTH = 200  # a JSON record nested deeper than this is an error record (same at every -j): far past
# real records, far inside every recursion limit on the way (parse, pickle, encode, Parquet)
# byte-order marks, UTF-32 before UTF-16 (a UTF-32-LE mark starts with the UTF-16-LE one)
BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
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
    line: str | None = None  # a JSONL record's line (or a JSON array's element)
    lineno: int = 0
    max_bytes: int | None = None  # a file larger than this is not read (--max-mb)
    url: str | None = None  # a file's URL (--url), to pick its outlet rules


@dataclass(frozen=True)
class Fields:
    """The names of a record's text, HTML page, id and URL fields (--text-field ...); others pass through."""

    text: str = "text"
    html: str = "html"
    id: str = "id"
    url: str = "url"

    @property
    def default(self) -> bool:
        return self == Fields()


@dataclass(frozen=True)
class Reading:
    """How a run reads its inputs, handed down to every reader (batch's and cleaner.io's): the most
    bytes one document (a file, a JSONL line, a decompressed page or record) may have (None: no limit
    for a plain file, io.DEFAULT_MAX_BYTES once decompressed), the paths never read as inputs (the run's
    own outputs, as real paths) and which record fields hold the text, page, id and URL. The readers
    note what they pass over in the run's two tallies: `skipped`, the files a folder walk leaves out,
    with why ((path, reason) pairs), and `not_pages`, the records read and left out as not pages (WARC
    requests, metadata, non-HTML responses), by kind."""

    max_bytes: int | None = None
    exclude: frozenset[str] = frozenset()
    fields: Fields = Fields()
    skipped: list[tuple[str, str]] = field(default_factory=list, compare=False)
    not_pages: Counter = field(default_factory=Counter, compare=False)


@dataclass(frozen=True)
class InputError:
    """An input that could not be read as a document: named, with what is wrong."""

    id: str
    source: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "source": self.source, "error": self.message}


def decode_text(data: bytes) -> str:
    """Bytes of a text file as str: by its byte-order mark (UTF-32, UTF-8, UTF-16), else UTF-8;
    else UnicodeDecodeError."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding)
    return data.decode("utf-8")


def decode_any(data: bytes) -> tuple[str, str | None]:
    """Bytes of a text file as str, and the encoding used when it was not UTF-8 (None when it was):
    by its byte-order mark, else UTF-8, else the encoding detected as for an HTML page (cp1252,
    Latin-1, Shift-JIS...; undecodable bytes become U+FFFD). A BOM'd UTF-16/32 file that does not
    decode raises UnicodeDecodeError."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding), None if encoding == "utf-8-sig" else encoding.replace("utf-", "UTF-")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        from .html.decode import DETECT_BYTES, detect_encoding  # charset_normalizer, imported only for such a file

        name = detect_encoding(data[:DETECT_BYTES])
        return data.decode(name, errors="replace"), name


def _decode_problem(e: UnicodeDecodeError) -> str:
    name = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8"}.get(e.encoding, e.encoding.upper())
    return f"not {name} text: undecodable byte 0x{e.object[e.start]:02x} at offset {e.start}"


def _looks_binary(data: bytes) -> bool:
    """NUL bytes in the head, and no UTF-16/32 byte-order mark to explain them."""
    head = data[:8192]
    return b"\x00" in head and not head.startswith(tuple(bom for bom, enc in BOMS if enc != "utf-8-sig"))


def too_large(size: int | None, limit: int, what: str = "document") -> str:
    """Why a document over --max-mb is refused: its size, or None when only the limit and a byte more were read
    ("over" the limit)."""
    mb = f"over {limit / 2**20:.1f} MB" if size is None else f"{size / 2**20:.1f} MB"
    return f"{what} too large: {mb} (limit {limit / 2**20:.1f} MB, --max-mb)"


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


class _Refused(Exception):
    """A file that is not read: why."""


def open_regular(path: Path, max_bytes: int | None = None) -> BinaryIO:
    """A regular file, opened for reading without blocking (a named pipe or a device is refused
    before it is read, and again on the open file, should it have been swapped meanwhile), and no
    larger than `max_bytes`. Raises _Refused (or OSError) saying why not."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise _Refused(f"{_kind(st.st_mode)}, not a regular file: only regular files are read")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _Refused(f"{_kind(st.st_mode)}, not a regular file: only regular files are read")
        if max_bytes is not None and st.st_size > max_bytes:
            raise _Refused(too_large(st.st_size, max_bytes))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _read_at_most(f: BinaryIO, max_bytes: int | None) -> bytes:
    """The file's bytes; _Refused when there are more than `max_bytes` (at most one more is read)."""
    data = f.read() if max_bytes is None else f.read(max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:
        raise _Refused(too_large(None, max_bytes))  # (how much more there is was not read: "over")
    return data


def read_bytes(path: Path, max_bytes: int | None = None) -> bytes:
    """A regular file's bytes (see open_regular); _Refused or OSError when it cannot be read."""
    with open_regular(path, max_bytes) as f:
        return _read_at_most(f, max_bytes)


def read_file(path: Path, rel: str = "", max_bytes: int | None = None, url: str | None = None) -> Document | InputError:
    """A .txt file (UTF-8, UTF-16/32 with a BOM, or a legacy encoding, detected: the record's
    `encoding` names it) or an .html page (bytes: their encoding is worked out when the page is
    cleaned) as a Document, with `url` (--url); what is wrong with it as an InputError. Only a
    regular file is read, and no more than `max_bytes` + 1 bytes of it."""
    stem = path.name.rsplit(".", 1)[0]
    is_html = _formats().kind_of(path)[0] == "html"
    try:
        data = read_bytes(path, max_bytes)
    except _Refused as e:
        return InputError(stem, str(path), str(e))
    except OSError as e:
        return InputError(stem, str(path), f"cannot read: {e.strerror or e}")
    if _looks_binary(data):
        return InputError(stem, str(path), f"binary file, not {'HTML' if is_html else 'text'} (it holds NUL bytes)")
    if is_html:
        return Document(id=stem, source=str(path), html=data, url=url, rel=rel or stem)
    try:
        text, encoding = decode_any(data)
    except UnicodeDecodeError as e:
        return InputError(stem, str(path), _decode_problem(e))
    if not text.strip():
        return InputError(stem, str(path), "empty file: no text to clean")
    return Document(id=stem, source=str(path), text=text, url=url, rel=rel or stem,
                    extra={"encoding": encoding} if encoding else {})


def parse_record(line: str, lineno: int, source: str, rel: str = "") -> Document | InputError:
    """One JSONL line as a Document: needs a "text" or an "html" string; other fields pass through."""
    where = f"{source}:{lineno}"
    try:
        obj = loads(line)
    except ValueError as e:
        return InputError(str(lineno), where, json_problem(e))
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


class _NotJson(ValueError):
    """JSON that Python parses but cleaner refuses (NaN, infinities, nesting past MAX_DEPTH)."""


def _no_constant(name: str) -> Any:
    raise _NotJson(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _NotJson(f"number {text[:20]}{'...' if len(text) > 20 else ''} is too large")
    return value


def _deeper_than(obj: Any, limit: int) -> bool:
    stack = [(obj, 1)]
    while stack:
        o, depth = stack.pop()
        children = o.values() if isinstance(o, dict) else o
        if depth > limit:
            return True
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False


def loads(text: str) -> Any:
    """JSON as Python values, strictly: no NaN or infinities, at most MAX_DEPTH deep; ValueError
    (or RecursionError, which json_problem also explains) otherwise."""
    try:
        obj = json.loads(text, parse_constant=_no_constant, parse_float=_finite)
    except RecursionError:
        raise _NotJson(f"nested more than {MAX_DEPTH} deep") from None
    if isinstance(obj, (dict, list)) and _deeper_than(obj, MAX_DEPTH):
        raise _NotJson(f"nested more than {MAX_DEPTH} deep")
    return obj


def json_problem(e: ValueError) -> str:
    """What `loads` refused, for an error record."""
    if isinstance(e, json.JSONDecodeError):
        return f"not valid JSON: {e.msg} at column {e.colno}"
    if "digits" in str(e):  # Python's limit on integer conversion
        return f"not valid JSON: a number with more than {sys.get_int_max_str_digits()} digits"
    return f"not valid JSON: {e}"


CHUNK = 1 << 16


def _lines(stream: Iterable[bytes], max_bytes: int | None) -> Iterator[bytes | None]:
    """The \\n-ended lines of a byte stream; None for a line over `max_bytes`, of which no more than
    `max_bytes` + 1 bytes are held at once (the rest is skipped in chunks)."""
    readline = getattr(stream, "readline", None)
    if max_bytes is None or readline is None:
        for raw in stream:
            yield None if max_bytes is not None and len(raw.rstrip(b"\n")) > max_bytes else raw
        return
    while raw := readline(max_bytes + 1):
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            del raw
            while (rest := readline(CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield raw


def jsonl_tasks(stream: Iterable[bytes], source: str, rel: str = "",
                max_bytes: int | None = None) -> Iterator[Task | InputError]:
    """One task per non-blank line of a JSONL byte stream. Lines end at \\n only (a bare \\r is JSON
    whitespace), and each is decoded on its own: a bad line is one error record, not the file's;
    so is a line over `max_bytes`, refused while it is read."""
    for lineno, raw in enumerate(_lines(stream, max_bytes), 1):
        if raw is None:
            assert max_bytes is not None
            yield InputError(str(lineno), f"{source}:{lineno}", too_large(None, max_bytes, "JSONL line"))
            continue
        if lineno == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            yield InputError(str(lineno), f"{source}:{lineno}", _decode_problem(e))
            continue
        if line.strip():
            yield Task(f"{source}:{lineno}", rel, line=line, lineno=lineno)


def _jsonl_file(path: Path, rel: str = "", max_bytes: int | None = None) -> Iterator[Task | InputError]:
    try:
        with open_regular(path) as f:
            yield from jsonl_tasks(f, str(path), rel or path.stem, max_bytes)
    except _Refused as e:
        yield InputError(path.stem, str(path), str(e))
    except OSError as e:
        yield InputError(path.stem, str(path), f"cannot read: {e.strerror or e}")


_NOT_RECORDS = "not JSON records: a .json file must hold a JSON array of records, or one record (a JSON object) a line"


def _first_byte(f: BinaryIO) -> bytes:
    """The first byte past a UTF-8 BOM and JSON whitespace (b"" for none)."""
    head = True
    while chunk := f.read(CHUNK):
        chunk, head = (chunk.removeprefix(b"\xef\xbb\xbf") if head else chunk), False
        stripped = chunk.lstrip(b" \t\r\n")
        if stripped:
            return stripped[:1]
    return b""


def _is_cleaner_metadata(obj: Any) -> bool:
    """A record cleaner --out-dir wrote (its metadata .json: stamped, no text)."""
    return (isinstance(obj, dict) and isinstance(obj.get(STAMP_KEY), dict) and "settings" in obj[STAMP_KEY]
            and "text" not in obj and "html" not in obj)


def _one_object(f: BinaryIO, max_bytes: int | None) -> str | None:
    """The whole file as the text of one JSON object (over many lines), or None when it is not one
    or is over `max_bytes`."""
    try:
        text = _read_at_most(f, max_bytes).decode("utf-8-sig")
        return text if isinstance(loads(text), dict) else None
    except (_Refused, ValueError):  # UnicodeDecodeError is a ValueError
        return None


def json_file(path: Path, rel: str = "", reading: Reading | None = None, *, stem: str | None = None,
              open_stream: Callable[[], BinaryIO] | None = None, stream_errors: tuple[type[BaseException], ...] = (),
              stream_problem: str = "cannot read") -> Iterator[Task | InputError]:
    """A .json file's records: a JSON array (one task per element, source file:N, N from 1), one
    JSON object over several lines, or else, when it starts with an object, JSONL saved as .json
    (each line a record or its own error record); anything else is one error record. An array or a
    many-line object is parsed whole, so it must be under `max_bytes`. A metadata file cleaner
    --out-dir wrote is passed over (noted in `reading.skipped`). `open_stream` opens the file's bytes
    (again for each pass; default: the regular file), e.g. decompressed, whose `stream_errors`
    (a corrupt or truncated stream) end the file with an error record saying `stream_problem`."""
    reading = reading or Reading()
    max_bytes = reading.max_bytes
    stem = stem or path.stem
    source, rel = str(path), rel or stem
    reopen = open_stream or (lambda: open_regular(path))
    try:
        with reopen() as f:
            first = _first_byte(f)
        if first == b"{":
            with reopen() as f:
                head = f.readline(max_bytes + 1 if max_bytes is not None else -1)
            try:
                one_a_line, obj = True, loads(head.decode("utf-8-sig"))
            except (ValueError, UnicodeDecodeError):
                one_a_line, obj = False, None
            if _is_cleaner_metadata(obj):
                reading.skipped.append((source, "metadata cleaner --out-dir wrote"))
                return
            if not one_a_line:
                with reopen() as f:
                    whole = _one_object(f, max_bytes)
                if whole is not None:
                    yield Task(f"{source}:1", rel, line=whole, lineno=1)
                    return
            with reopen() as f:  # JSONL: each line a record or its own error record
                yield from jsonl_tasks(f, source, rel, max_bytes)
            return
        if first != b"[":
            yield InputError(stem, source, "empty file: no records" if not first else _NOT_RECORDS)
            return
        with reopen() as f:
            data = _read_at_most(f, max_bytes)
    except _Refused as e:
        yield InputError(stem, source, f"{e} (a JSON array is read whole: save it as JSONL)"
                         if "too large" in str(e) else str(e))
        return
    except stream_errors as e:
        yield InputError(stem, source, f"{stream_problem}: {e}; the rest of the file is not read")
        return
    except OSError as e:
        yield InputError(stem, source, f"cannot read: {e.strerror or e}")
        return
    try:
        value = loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        yield InputError(stem, source, _decode_problem(e))
        return
    except ValueError as e:
        yield InputError(stem, source, f"{_NOT_RECORDS} ({json_problem(e)})")
        return
    for n, element in enumerate(value if isinstance(value, list) else [value], 1):
        yield Task(f"{source}:{n}", rel, line=json.dumps(element, ensure_ascii=False), lineno=n)


def walk(folder: Path, reading: Reading | None = None) -> Iterator[Path]:
    """Input files under a folder, recursively, in sorted order; symlink loops are not followed twice.
    The run's own outputs (`reading.exclude`) are not walked; files that are not inputs, and folders
    that cannot be read, are noted in `reading.skipped`."""
    reading = reading or Reading()
    seen: set[tuple[int, int]] = set()

    def visit(d: Path) -> Iterator[Path]:
        try:
            st = d.stat()
        except OSError as e:
            reading.skipped.append((str(d), f"cannot read folder: {e.strerror or e}"))
            return
        if (st.st_dev, st.st_ino) in seen:
            return
        seen.add((st.st_dev, st.st_ino))
        try:
            entries = sorted(os.scandir(d), key=lambda e: e.name)
        except OSError as e:
            reading.skipped.append((str(d), f"cannot read folder: {e.strerror or e}"))
            return
        for e in entries:
            p = Path(e.path)
            if reading.exclude and os.path.realpath(p) in reading.exclude:
                reading.skipped.append((str(p), "this run's own output"))
            elif e.is_dir():
                yield from visit(p)
            elif _formats().kind_of(p)[0] is not None:
                yield p
            else:
                reading.skipped.append((str(p), f"not an input cleaner reads ({_suffix_note(p)})"))

    yield from visit(folder)


def _suffix_note(p: Path) -> str:
    return f"{p.suffix} file" if p.suffix else "no suffix"


def path_tasks(path: Path, rel: str = "", reading: Reading | None = None,
               url: str | None = None) -> Iterator[Task | InputError]:
    """The inputs of one file; `rel` is its path relative to the folder named on the command
    line, without suffix (for --out-dir); `url` (--url) goes to a .txt or .html file (records
    keep their own)."""
    reading = reading or Reading()
    formats = _formats()
    if formats.handles(path, reading):  # compressed files, WARC, Parquet, renamed fields: cleaner.io reads them
        yield from formats.tasks_for(path, rel, reading)
        return
    max_bytes = reading.max_bytes
    kind = formats.kind_of(path)[0]
    if kind == "jsonl":
        yield from _jsonl_file(path, rel, max_bytes)
    elif kind == "json":
        yield from json_file(path, rel, reading)
    else:
        yield Task(str(path), rel or path.name.rsplit(".", 1)[0], path=str(path), max_bytes=max_bytes, url=url)


def _formats():  # formats by file name: cleaner.io imports this module, so it is imported when first needed
    from . import io

    return io


def load(task: Task) -> Document | InputError:
    """Read what a Task names: the file, or the JSONL record."""
    if task.line is not None:
        source, _, _ = task.source.rpartition(":")
        return parse_record(task.line, task.lineno, source, task.rel)
    assert task.path is not None
    return read_file(Path(task.path), task.rel, task.max_bytes, task.url)


def _relative(path: Path, folder: Path) -> str:
    rel = path.relative_to(folder).with_suffix("")
    return rel.as_posix()


def iter_tasks(paths: Iterable[str], stdin: BinaryIO | None = None, reading: Reading | None = None,
               url: str | None = None, stdin_kind: str = "auto") -> Iterator[Task | Document | InputError]:
    """Every input named on the command line, in order, not yet read: files, folders (walked),
    or - for standard input (JSONL, or one page or text: see stdin_inputs). `url` (--url) goes
    to files and to a page or text on standard input."""
    reading = reading or Reading()
    for arg in paths:
        if arg == "-":
            if stdin is not None:
                yield from stdin_inputs(stdin, reading.max_bytes, stdin_kind, url)
                continue
            with _own_stdin() as own:
                yield from stdin_inputs(own, reading.max_bytes, stdin_kind, url)
            continue
        path = Path(arg)
        if path.is_dir():
            for p in walk(path, reading):
                yield from path_tasks(p, _relative(p, path), reading, url)
        elif path.exists():
            yield from path_tasks(path, "", reading, url)
        else:
            yield InputError(path.stem or arg, arg, "no such file or folder")


@contextmanager
def _own_stdin() -> Iterator[BinaryIO]:
    """Standard input through a reader of its own (a copy of file descriptor 0), not sys.stdin: a run may
    read it in a thread (runner._Feeder) while it forks a worker, and a fork copies the lock of a reader
    that thread is blocked in held; the worker closes sys.stdin as it starts (multiprocessing does), and
    would wait for that lock forever. (sys.stdin.buffer where standard input has no descriptor.)"""
    try:
        fd = os.dup(sys.stdin.fileno())
    except (AttributeError, OSError, ValueError):  # (io.UnsupportedOperation is an OSError and a ValueError)
        yield sys.stdin.buffer
        return
    with os.fdopen(fd, "rb") as own:
        yield own


def iter_inputs(paths: Iterable[str], stdin: BinaryIO | None = None, reading: Reading | None = None,
                url: str | None = None, stdin_kind: str = "auto") -> Iterator[Document | InputError]:
    """Every input named on the command line, read, in order."""
    for item in iter_tasks(paths, stdin, reading, url, stdin_kind):
        yield load(item) if isinstance(item, Task) else item


class _Rewound:
    """A byte stream whose first bytes, read to see what it holds, are put back in front."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self.head, self.rest = io.BytesIO(head), rest

    def read(self, n: int = -1) -> bytes:
        got = self.head.read(n)
        if n < 0:
            return got + self.rest.read()
        return got + (self.rest.read(n - len(got)) if len(got) < n else b"")

    def readline(self, limit: int = -1) -> bytes:
        line = self.head.readline(limit)
        if line.endswith(b"\n") or (limit >= 0 and len(line) >= limit):
            return line
        return line + self.rest.readline(-1 if limit < 0 else limit - len(line))

    def __iter__(self) -> Iterator[bytes]:
        while line := self.readline():
            yield line


def sniff(head: bytes) -> str:
    """What a stream starting with these bytes holds: "html" when its first byte past a BOM and
    whitespace is markup (<), "jsonl" when it is "{" (or nothing), else "text"."""
    first = head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n\f")[:1]
    return "html" if first == b"<" else "jsonl" if first in (b"{", b"") else "text"


def stdin_inputs(stream: BinaryIO, max_bytes: int | None = None, kind: str = "auto",
                 url: str | None = None) -> Iterator[Task | Document | InputError]:
    """Standard input: JSONL (one task per line), or one page or one text (id "stdin", source
    "<stdin>", with `url`). kind "auto": a page when it starts with markup, else JSONL."""
    if kind == "auto":  # read what has come, up to the first byte that is not whitespace: a slow stream is not held up
        head, read1 = b"", getattr(stream, "read1", stream.read)
        while (chunk := read1(CHUNK)) and not (head := head + chunk).removeprefix(b"\xef\xbb\xbf").strip():
            pass
        kind = "jsonl" if sniff(head) != "html" else "html"
        stream = _Rewound(head, stream)  # type: ignore[assignment]
    if kind == "jsonl":
        yield from jsonl_tasks(stream, "<stdin>", "stdin", max_bytes)
        return
    try:
        data = _read_at_most(stream, max_bytes)
    except _Refused as e:
        yield InputError("stdin", "<stdin>", str(e))
        return
    yield bytes_document(data, "stdin", "<stdin>", kind, url)


def bytes_document(data: bytes, ident: str, source: str, kind: str, url: str | None = None) -> Document | InputError:
    """One page (kind "html") or one text (decoded as a .txt file is) as a Document; an InputError
    when it is empty, binary or undecodable."""
    if _looks_binary(data):
        return InputError(ident, source, f"binary data, not {'HTML' if kind == 'html' else 'text'} (it holds NUL bytes)")
    if kind == "html":
        if not data.strip():
            return InputError(ident, source, "empty: no page to clean")
        return Document(id=ident, source=source, html=data, url=url, rel=ident)
    try:
        text, encoding = decode_any(data)
    except UnicodeDecodeError as e:
        return InputError(ident, source, _decode_problem(e))
    if not text.strip():
        return InputError(ident, source, "empty: no text to clean")
    return Document(id=ident, source=source, text=text, url=url, rel=ident,
                    extra={"encoding": encoding} if encoding else {})


@dataclass(frozen=True)
class Survey:
    """What a cheap look at the inputs tells before the run: how many documents (None: not known
    cheaply, e.g. standard input or a record file too large to count), and whether a page may be
    among them (else the HTML stage need not be loaded)."""

    total: int | None
    html: bool


def survey(paths: Iterable[str], reading: Reading | None = None, stdin_kind: str = "auto") -> Survey:
    """Count the documents the inputs hold without reading them as documents: one per .txt or
    .html file (compressed or not; folders walked), one per line of a record file while those add up
    to no more than COUNT_BYTES; a .json array, a compressed record file, a WARC or Parquet file,
    standard input or more bytes than that leave it unknown (and may hold pages)."""
    reading = reading or Reading()
    reading = Reading(exclude=reading.exclude, fields=reading.fields)  # its own tallies
    formats = _formats()
    total: int | None = 0
    html = False
    budget = COUNT_BYTES
    for arg in paths:
        if arg == "-":
            total, html = None, html or stdin_kind != "text"
            continue
        path = Path(arg)
        files = walk(path, reading) if path.is_dir() else [path]
        for p in files:
            kind, compression, _ = formats.kind_of(p)
            if kind not in ("jsonl", "json", "warc", "parquet"):  # one document (named files of other kinds too)
                html = html or kind == "html"
                total = None if total is None else total + 1
                continue
            if compression or kind in ("warc", "parquet"):
                total, html = None, True
                continue
            try:
                size = p.stat().st_size
                data = read_bytes(p, budget) if total is not None and size <= budget else None
            except (OSError, _Refused):
                data = None
            if data is None:
                total, html = None, True
                continue
            budget -= len(data)
            html = html or f'"{reading.fields.html}"'.encode() in data
            if total is not None:
                if kind == "json" and data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"["):
                    total = None
                else:
                    total += sum(1 for line in data.split(b"\n") if line.strip())
    return Survey(total, html)


def clean_document(cleaner: Cleaner, doc: Document) -> Article | InputError:
    """Clean one document, text or HTML; what goes wrong becomes an InputError naming it."""
    try:
        if doc.html is not None:
            return cleaner.clean_html(doc.html, doc.url, id=doc.id, source=doc.source)
        return cleaner.clean(doc.text, doc.url, id=doc.id, source=doc.source)
    except Exception as e:  # one bad document must not stop the batch
        if doc.html is not None:
            from .html.parse import PageError  # loaded by now: the page was read

            if isinstance(e, PageError):
                return InputError(doc.id, doc.source, f"not a readable HTML page: {e}")
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

