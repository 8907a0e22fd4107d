"""Parquet input (one row a document) and output (one documented schema, written in row groups as the batch streams)."""
from __future__ import annotations

import functools
import importlib.util
import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from .. import DISTRIBUTION, batch, output
from .records import Fields, row_document

ROWS_PER_GROUP = 1000  # a row group is written when it holds this many records...
BYTES_PER_GROUP = 8 * 2**20  # ...or about this much text, whichever comes first: memory stays flat (the
# rows wait as Python values, then as Arrow arrays, then as encoded pages: about three times this at once)
READ_BATCH = 256  # rows read at a time from an input file


def _missing() -> ImportError:
    return ImportError(f"Parquet needs pyarrow: pip install '{DISTRIBUTION}[parquet]' (or '.[parquet]' in a checkout)")


def check_pyarrow() -> None:
    """An ImportError naming the extra to install when pyarrow is not installed; pyarrow itself is
    not imported (a run imports it when it first writes, after its workers have started)."""
    try:
        found = importlib.util.find_spec("pyarrow") is not None
    except (ImportError, ValueError):  # a pyarrow module set to None (tests), or without a spec
        found = False
    if not found:
        raise _missing()


def need_pyarrow() -> Any:
    """pyarrow, or an ImportError that names the extra to install."""
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise _missing() from None
    return pyarrow


def read_file(path: Path, rel: str, fields: Fields = Fields()) -> Iterator[batch.Document | batch.InputError]:
    """Each row of a Parquet file as a Document, named `file:N` by its row number (from 1), read a
    few hundred rows at a time; a file that is not Parquet is one error record."""
    try:
        pa = need_pyarrow()
    except ImportError as e:
        yield batch.InputError(path.name.split(".", 1)[0], str(path), str(e))
        return
    number = 0
    try:
        pf = pa.parquet.ParquetFile(path)
        for rows in pf.iter_batches(batch_size=READ_BATCH):
            for row in rows.to_pylist():
                number += 1
                yield row_document(row, number, str(path), rel, fields)
    except (OSError, pa.ArrowException) as e:
        yield batch.InputError(str(number + 1) if number else path.name.split(".", 1)[0],
                               f"{str(path)}:{number + 1}" if number else str(path),
                               f"not a readable Parquet file: {e}" + ("; the rest of the file is not read" if number else ""))


# --------------------------------------------------------------------------- output

# The output schema: cleaner's own fields as typed columns; every other field of a record (fields
# passed through from the input, and any field cleaner adds later) as one JSON object in `extra`.
STRING_FIELDS = ("id", "source", "url", "text", "title", "description", "published", "modified", "outlet",
                 "agency", "section", "language", "canonical_url", "image", "encoding", "extraction")
LIST_FIELDS = ("authors", "credits", "tags", "warnings")
JSON_FIELDS = ("removed",)  # a JSON list (only with --explain; else null)
MAP_FIELDS = ("sources", "cleaner")  # cleaner: the version and settings digest every record carries
OPTIONAL = ("warnings", "removed", "encoding", "extraction")  # left out of a record when empty / null, as in JSONL


def schema() -> Any:
    pa = need_pyarrow()
    cols = []
    for name in ("id", "source", "url", "text", "title", "description", "authors", "published", "modified",
                 "outlet", "agency", "credits", "section", "tags", "language", "canonical_url", "image",
                 "encoding", "extraction", "sources", "word_count", "warnings", "removed", "error", "cleaner", "extra"):
        if name in LIST_FIELDS:
            cols.append(pa.field(name, pa.list_(pa.string())))
        elif name in MAP_FIELDS:
            cols.append(pa.field(name, pa.map_(pa.string(), pa.string())))
        elif name == "word_count":
            cols.append(pa.field(name, pa.int64()))
        else:
            cols.append(pa.field(name, pa.string()))
    return pa.schema(cols)


def to_row(record: dict[str, Any]) -> dict[str, Any]:
    """A JSONL record as a row of the output schema."""
    row: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for k, v in record.items():
        if k in STRING_FIELDS or k == "error":
            row[k] = v if v is None or isinstance(v, str) else json.dumps(v, ensure_ascii=False)
        elif k in LIST_FIELDS and isinstance(v, list) and all(isinstance(x, str) for x in v):
            row[k] = v
        elif k in MAP_FIELDS and isinstance(v, dict):
            row[k] = [(str(a), str(b)) for a, b in v.items()]
        elif k == "word_count" and isinstance(v, int):
            row[k] = v
        elif k in JSON_FIELDS:
            row[k] = json.dumps(v, ensure_ascii=False)
        else:
            extra[k] = v
    row["extra"] = json.dumps(extra, ensure_ascii=False) if extra else None
    return row


def from_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row of the output schema as the JSONL record it was written from."""
    if row.get("error") is not None:
        rec = {"id": row["id"], "source": row["source"], "error": row["error"]}
        if row.get("cleaner") is not None:
            rec["cleaner"] = dict(row["cleaner"])
    else:
        rec = {}
        for k, v in row.items():
            if k in ("error", "extra") or (k in OPTIONAL and not v):
                continue
            if k in MAP_FIELDS:
                v = dict(v or ())
            elif k in JSON_FIELDS:
                v = json.loads(v)
            rec[k] = v
    if row.get("extra"):
        rec.update(json.loads(row["extra"]))
    return rec


def read_records(path: Path | str) -> Iterator[dict[str, Any]]:
    """The records a Parquet output holds, as JSONL would have them."""
    pa = need_pyarrow()
    for rows in pa.parquet.ParquetFile(path).iter_batches(batch_size=READ_BATCH):
        for row in rows.to_pylist():
            yield from_row(row)


class _NoPandas:
    """An import finder that says pandas is not there (see _pandas_unasked)."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "pandas":
            raise ModuleNotFoundError("pandas is not imported while cleaner writes Parquet", name=name)


@contextmanager
def _pandas_unasked() -> Iterator[None]:
    """pyarrow imports pandas (some 50 MB) the first time it converts Python values, only to ask
    whether they are pandas objects; a writer's rows never are. Where pandas is not imported yet,
    that import fails for the time of the conversion (pyarrow then takes the values as plain Python,
    and still imports pandas when asked for it by name, as in Table.to_pandas)."""
    if "pandas" in sys.modules:
        yield
        return
    finder = _NoPandas()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


def to_table(rows: list[dict[str, Any]], pa: Any, schema: Any) -> Any:
    """Rows of the output schema as an Arrow table, a column at a time, without importing pandas, in
    the C library's allocator (pyarrow's default pool keeps some 15 MB of arenas for a writer's
    few-megabyte row groups)."""
    pool = pa.system_memory_pool()
    with _pandas_unasked():
        return pa.Table.from_arrays([pa.array([row.get(f.name) for row in rows], type=f.type, memory_pool=pool)
                                     for f in schema], schema=schema)


@functools.cache
def _malloc_trim() -> Any:
    """glibc's malloc_trim, or None where the C library has none."""
    try:
        import ctypes

        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, ImportError):
        return None


def _give_back() -> None:
    """Hand the memory a written row group freed back to the system (glibc's malloc_trim): its
    thousands of strings leave holes between the run's long-lived objects that malloc keeps, and a
    long run's memory would creep up a few megabytes a row group. Elsewhere, nothing."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


class ParquetWriter:
    """Records into one Parquet file of the schema above, a row group at a time (memory stays flat).
    The file is written under a temporary name beside it and renamed into place when closed, so a
    killed run leaves no half file under the name asked for (and --resume cannot continue one).
    pyarrow is imported when the first row group is written, not when the writer is made: a run
    makes its writer before it forks its workers, which need no pyarrow."""

    def __init__(self, path: Path) -> None:
        check_pyarrow()
        self.path = Path(path)
        self._tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:  # an output that cannot be written says so before anything is cleaned
            self._file: Any = open(self._tmp, "wb")
        except OSError as e:
            raise output.OutputError(self.path, e) from e
        self._writer: Any = None
        self._rows: list[dict[str, Any]] = []
        self._bytes = 0

    def write(self, record: dict[str, Any]) -> None:
        row = to_row(record)
        self._rows.append(row)
        self._bytes += len(row.get("text") or "") + len(row.get("extra") or "") + len(row.get("removed") or "")
        if len(self._rows) >= ROWS_PER_GROUP or self._bytes >= BYTES_PER_GROUP:
            self.flush()

    def _start(self) -> Any:
        if self._writer is None:
            pa = need_pyarrow()
            self._schema = schema()
            self._writer = pa.parquet.ParquetWriter(self._file, self._schema, compression="zstd",
                                                    memory_pool=pa.system_memory_pool())
        return self._writer

    def flush(self) -> None:
        if self._rows:
            writer = self._start()
            table = to_table(self._rows, need_pyarrow(), self._schema)
            self._rows, self._bytes = [], 0
            writer.write_table(table)
            del table
            _give_back()

    def close(self) -> None:
        if self._file is None:
            return
        self.flush()
        self._start().close()  # no record at all: a file of the schema and no rows
        self._writer = None
        if not self._file.closed:  # (pyarrow may have closed it with its writer)
            self._file.close()
        self._file = None
        os.replace(self._tmp, self.path)
