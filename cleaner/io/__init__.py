"""Formats by file name: which reader takes an input (compressed files, WARC, Parquet) and which writer an output name gets."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from .. import batch
from .compressed import TooLong, bounded_lines, compression_of, open_read, read_bounded
from .records import Fields

# (.json arrays are batch's; a compressed one is not read yet)
PLAIN = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
KINDS = {**PLAIN, ".warc": "warc", ".parquet": "parquet"}
DEFAULT_MAX_BYTES = 16 * 2**20


@dataclass(frozen=True)
class Reading:
    """How inputs are read: the bound on each decompressed page or record (--max-mb), and which
    fields of a record hold its text, page, id and URL (--text-field ...)."""

    max_bytes: int = DEFAULT_MAX_BYTES
    fields: Fields = Fields()


@dataclass
class _State:
    reading: Reading = Reading()
    skipped: Counter = field(default_factory=Counter)  # inputs read and left out: WARC records not HTML pages


_STATE = _State()


def configure(settings: Reading) -> Counter:
    """Read inputs with these settings from now on (batch.path_tasks takes no settings of its own: a
    run sets them once, before it reads); gives the run's Counter of records skipped as not pages
    (WARC requests, metadata, non-HTML responses), by kind, for its summary."""
    global _STATE
    _STATE = _State(settings)
    return _STATE.skipped


def kind_of(path: Path | str) -> tuple[str | None, str | None, str]:
    """(format, compression, name without either suffix) a file name says: `page.html.gz` is
    ("html", "gz", "page"); a name cleaner does not read has format None."""
    name = Path(path).name
    compression = compression_of(name)
    inner = name[: -len(Path(name).suffix)] if compression else name
    suffix = Path(inner).suffix.lower()
    return KINDS.get(suffix), compression, inner[: -len(suffix)] if suffix else inner


def handles(path: Path | str) -> bool:
    """Whether cleaner.io reads this file (batch reads plain .txt, .html and .jsonl itself): a
    compressed input, a WARC, a Parquet file, or JSONL whose field names are not the default ones."""
    kind, compression, _ = kind_of(path)
    if kind is None:
        return False
    return compression is not None or kind in ("warc", "parquet") or (kind == "jsonl" and not _STATE.reading.fields.default)


def _strip_inner(rel: str, path: Path) -> str:
    """batch gives a folder's file as its relative path less the last suffix; less the format's too."""
    _, compression, stem = kind_of(path)
    inner = Path(path).name[: -len(Path(path).suffix)] if compression else Path(path).name
    if compression and rel.endswith(Path(inner).suffix):
        return rel[: -len(Path(inner).suffix)]
    return rel or stem


def tasks_for(path: Path, rel: str = "") -> Iterator[Any]:
    """The inputs of one file that `handles` says is ours, as batch.Task, batch.Document or
    batch.InputError, in file order: a compressed page or text, each line of a (compressed) JSONL
    file, each HTML response of a WARC, each row of a Parquet file."""
    path = Path(path)
    settings = _STATE.reading
    kind, compression, stem = kind_of(path)
    rel = _strip_inner(rel, path)
    if kind == "warc":
        from . import warc

        yield from warc.read_file(path, rel, settings.max_bytes, compression, _STATE.skipped)
    elif kind == "parquet":
        from . import parquet

        if compression:
            yield batch.InputError(stem, str(path), "a compressed Parquet file: Parquet compresses itself; "
                                   "decompress it first")
        else:
            yield from parquet.read_file(path, rel, settings.fields)
    elif kind == "jsonl":
        yield from _jsonl(path, rel, compression, settings)
    else:
        yield _page(path, rel, stem, kind, compression, settings.max_bytes)


def _page(path: Path, rel: str, stem: str, kind: str | None, compression: str | None,
          max_bytes: int) -> Any:
    """A compressed .txt or .html file as a Document (decompressed here, at most max_bytes)."""
    try:
        with open_read(path, compression) as f:
            data = read_bounded(f, max_bytes)
    except (OSError, EOFError, ValueError) as e:
        return batch.InputError(stem, str(path), f"cannot decompress ({compression}): {e}")
    if data is None:
        return batch.InputError(stem, str(path), f"document too large: over {max_bytes / 2**20:.1f} MB "
                                                 f"once decompressed (--max-mb)")
    # batch.read_file's checks (binary, encoding, empty), on the decompressed bytes
    if batch._looks_binary(data):
        return batch.InputError(stem, str(path), f"binary file, not {'HTML' if kind == 'html' else 'text'} "
                                                 "(it holds NUL bytes once decompressed)")
    if kind == "html":
        return batch.Document(id=stem, source=str(path), html=data, rel=rel or stem)
    try:
        text = batch.decode_text(data)
    except UnicodeDecodeError as e:
        return batch.InputError(stem, str(path), batch._decode_problem(e))
    if not text.strip():
        return batch.InputError(stem, str(path), "empty file: no text to clean")
    return batch.Document(id=stem, source=str(path), text=text, rel=rel or stem)


def _jsonl(path: Path, rel: str, compression: str | None, settings: Reading) -> Iterator[Any]:
    """A (compressed) JSONL file's records, each line at most max_bytes once decompressed; with the
    default field names, as batch reads JSONL (a Task a line), else read here with `fields`."""
    import json

    from .records import row_document

    source = str(path)
    too_long: list[batch.InputError] = []

    def lines(stream: Any) -> Iterator[bytes]:
        for n, line in enumerate(bounded_lines(stream, settings.max_bytes), 1):
            if isinstance(line, TooLong):
                too_long.append(batch.InputError(str(n), f"{source}:{n}", "record too large: "
                                                 f"{line.size / 2**20:.1f} MB (limit {settings.max_bytes / 2**20:.1f} MB, --max-mb)"))
                yield b"\n"  # a blank line: batch skips it, and counts it, so line numbers hold
            else:
                yield line

    try:
        with open_read(path, compression) as f:
            for task in batch.jsonl_tasks(lines(f), source, rel):
                yield from too_long
                too_long.clear()
                if settings.fields.default or not isinstance(task, batch.Task):
                    yield task
                    continue
                try:
                    obj = json.loads(task.line)
                except json.JSONDecodeError:
                    yield task  # batch names what is wrong with it
                    continue
                yield row_document(obj, task.lineno, source, rel, settings.fields) if isinstance(obj, dict) else task
            yield from too_long
    except (OSError, EOFError, ValueError) as e:
        yield from too_long
        yield batch.InputError(path.name, source, f"cannot decompress ({compression}): {e}; the rest of the file is not read")


def writer_for(path: Path, append: bool = False) -> Any:
    """The writer an output name asks for: `.parquet`, `.jsonl.gz`, `.jsonl.zst`, else plain JSONL
    (output.JsonlWriter). Each has write(record) and close(). ValueError: a name cleaner cannot write
    (a compressed output other than gz or zst; --resume into Parquet)."""
    from .. import output

    kind, compression, _ = kind_of(path)
    if kind == "parquet" and not compression:
        if append:
            raise ValueError(f"{path}: --resume cannot continue a Parquet file (its footer is written when "
                             "it is closed); write JSONL (.jsonl, .jsonl.gz, .jsonl.zst) to resume, or run again")
        from .parquet import ParquetWriter, need_pyarrow

        try:
            need_pyarrow()
        except ImportError as e:
            raise ValueError(f"{path}: {e}") from None
        return ParquetWriter(path)
    if compression in ("gz", "zst"):
        from .jsonl import CompressedJsonlWriter

        return CompressedJsonlWriter(path, compression, append)
    if compression:
        raise ValueError(f"{path}: cleaner writes .jsonl, .jsonl.gz, .jsonl.zst or .parquet, not .{compression}")
    return output.JsonlWriter(path, append=append)


def read_written(written: Any, paths: Iterable[Path | None]) -> Any:
    """Add to `written` (output.Written, for --resume) the records of these outputs, plain or
    compressed JSONL; a torn last line or member is not a record (that input is not done)."""
    from .jsonl import lines

    paths = [p for p in paths if p is not None]
    written.read_jsonl([p for p in paths if compression_of(p) is None])
    for path in paths:
        compression = compression_of(path)
        if compression in ("gz", "zst") and path.exists():
            for line in lines(path, compression):
                written.add(line, path)
    return written
