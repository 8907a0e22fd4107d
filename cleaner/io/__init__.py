"""Formats by file name: which reader takes an input (compressed files, WARC, Parquet) and which writer an output name gets."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable, Iterator

from .. import batch
from .compressed import DECOMPRESS_ERRORS, TooLong, bounded_lines, compression_of, open_read, read_bounded

# a file's format by its name, the one place that knows it (less a compression suffix: COMPRESSIONS)
KINDS = {".txt": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".json": "json",
         ".warc": "warc", ".parquet": "parquet"}
# the names -o takes, each written in the format kind_of gives it ("-": JSONL on standard output);
# a new output format adds its ending here and its writer in writer_for
OUTPUT_ENDINGS = (".jsonl", ".jsonl.gz", ".jsonl.zst", ".parquet")
OUTPUT_NAMES = "- (standard output) or a name ending in " + " or ".join(OUTPUT_ENDINGS)
DEFAULT_MAX_BYTES = 16 * 2**20  # a decompressed page or record, when the run sets no --max-mb


def kind_of(path: Path | str) -> tuple[str | None, str | None, str]:
    """(format, compression, name without either suffix) a file name says: `page.html.gz` is
    ("html", "gz", "page"); a name cleaner does not read has format None."""
    name = Path(path).name
    compression = compression_of(name)
    inner = name[: -len(Path(name).suffix)] if compression else name
    suffix = Path(inner).suffix.lower()
    return KINDS.get(suffix), compression, inner[: -len(suffix)] if suffix else inner


def output_kind(name: str) -> str | None:
    """The format -o NAME asks for ("jsonl", "parquet"), or None when -o does not take that name."""
    if name == "-":
        return "jsonl"
    ending = next((end for end in OUTPUT_ENDINGS if name.lower().endswith(end)), None)
    return kind_of("out" + ending)[0] if ending else None


def handles(path: Path | str, reading: batch.Reading | None = None) -> bool:
    """Whether cleaner.io reads this file (batch reads plain .txt, .html, .jsonl and .json itself): a
    compressed input, a WARC, a Parquet file, or JSONL whose field names are not the default ones."""
    reading = reading or batch.Reading()
    kind, compression, _ = kind_of(path)
    if kind is None:
        return False
    return compression is not None or kind in ("warc", "parquet") or (kind in ("jsonl", "json") and not reading.fields.default)


def _limit(reading: batch.Reading) -> int:
    return reading.max_bytes if reading.max_bytes is not None else DEFAULT_MAX_BYTES


def _strip_inner(rel: str, path: Path) -> str:
    """batch gives a folder's file as its relative path less the last suffix; less the format's too."""
    _, compression, stem = kind_of(path)
    inner = Path(path).name[: -len(Path(path).suffix)] if compression else Path(path).name
    if compression and rel.endswith(Path(inner).suffix):
        return rel[: -len(Path(inner).suffix)]
    return rel or stem


def tasks_for(path: Path, rel: str = "", reading: batch.Reading | None = None) -> Iterator[Any]:
    """The inputs of one file that `handles` says is ours, read as `reading` says, as batch.Task,
    batch.Document or batch.InputError, in file order: a compressed page or text, each record of a
    (compressed) JSONL or JSON file, each HTML response of a WARC (the other records are counted in
    `reading.not_pages`), each row of a Parquet file."""
    path, reading = Path(path), reading or batch.Reading()
    kind, compression, stem = kind_of(path)
    rel = _strip_inner(rel, path)
    if kind == "warc":
        from . import warc

        yield from warc.read_file(path, rel, _limit(reading), compression, reading.not_pages)
    elif kind == "parquet":
        from . import parquet

        if compression:
            yield batch.InputError(stem, str(path), "a compressed Parquet file: Parquet compresses itself; "
                                   "decompress it first")
        else:
            yield from parquet.read_file(path, rel, reading.fields)
    elif kind == "jsonl":
        yield from _jsonl(path, rel, compression, reading)
    elif kind == "json":  # a (compressed) JSON array or JSONL saved as .json: batch reads it decompressed
        bounded = replace(reading, max_bytes=_limit(reading))  # (a decompressed array is bounded too; tallies shared)
        yield from _with_fields(batch.json_file(path, rel, bounded, stem=stem, open_stream=lambda: open_read(path, compression),
                                                stream_errors=DECOMPRESS_ERRORS,
                                                stream_problem=f"cannot decompress ({compression})"),
                                str(path), rel, reading.fields)
    else:
        yield _page(path, rel, stem, kind, compression, _limit(reading))


def _page(path: Path, rel: str, stem: str, kind: str | None, compression: str | None,
          max_bytes: int) -> Any:
    """A compressed .txt or .html file as a Document (decompressed here, at most max_bytes)."""
    try:
        with open_read(path, compression) as f:
            data = read_bounded(f, max_bytes)
    except DECOMPRESS_ERRORS as e:
        return batch.InputError(stem, str(path), f"cannot decompress ({compression}): {e}")
    if data is None:
        return batch.InputError(stem, str(path), batch.too_large(None, max_bytes, "decompressed document"))
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


def _with_fields(tasks: Iterable[Any], source: str, rel: str, fields: batch.Fields) -> Iterator[Any]:
    """batch's record Tasks read with the field names `fields` gives (--text-field ...): each record
    becomes its Document here; with the default names, or a line that is no JSON object (batch
    names what is wrong with it: not JSON, nested too deep), the Task goes on as it is."""
    from .records import row_document

    for task in tasks:
        if fields.default or not isinstance(task, batch.Task) or task.line is None:
            yield task
            continue
        try:
            obj = batch.loads(task.line)  # (strict and depth-checked, as batch reads records)
        except (ValueError, RecursionError):
            yield task
            continue
        yield row_document(obj, task.lineno, source, rel, fields) if isinstance(obj, dict) else task


def _jsonl(path: Path, rel: str, compression: str | None, reading: batch.Reading) -> Iterator[Any]:
    """A (compressed) JSONL file's records, each line at most max_bytes once decompressed; with the
    default field names, as batch reads JSONL (a Task a line), else read here with `fields`."""
    source, max_bytes, fields = str(path), _limit(reading), reading.fields
    too_long: list[batch.InputError] = []

    def lines(stream: Any) -> Iterator[bytes]:
        for n, line in enumerate(bounded_lines(stream, max_bytes), 1):
            if isinstance(line, TooLong):
                too_long.append(batch.InputError(str(n), f"{source}:{n}", batch.too_large(line.size, max_bytes, "record")))
                yield b"\n"  # a blank line: batch skips it, and counts it, so line numbers hold
            else:
                yield line

    try:
        with open_read(path, compression) as f:
            for task in _with_fields(batch.jsonl_tasks(lines(f), source, rel), source, rel, fields):
                yield from too_long
                too_long.clear()
                yield task
            yield from too_long
    except DECOMPRESS_ERRORS as e:
        yield from too_long
        yield batch.InputError(path.name, source, f"cannot decompress ({compression}): {e}; the rest of the file is not read")


def writer_for(path: Path | None, append: bool = False) -> Any:
    """The writer an output name asks for (-o, --errors; None or "-": standard output): `.parquet`,
    `.jsonl.gz`, `.jsonl.zst`, else plain JSONL (output.JsonlWriter). Each has write(record) and
    close(). ValueError: a compressed output other than gz or zst, or --resume into Parquet (which
    names -o takes, output_kind says)."""
    from .. import output

    if path is None or str(path) == "-":
        return output.JsonlWriter(None)
    kind, compression, _ = kind_of(path)
    if kind == "parquet" and not compression:
        if append:
            raise ValueError(f"{path}: --resume cannot continue a Parquet file (its footer is written when "
                             "it is closed); write JSONL (.jsonl, .jsonl.gz, .jsonl.zst) to resume, or run again")
        from .parquet import ParquetWriter, check_pyarrow

        try:
            check_pyarrow()
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
