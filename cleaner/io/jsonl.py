"""Compressed JSONL output (.jsonl.gz, .jsonl.zst): records in whole gzip members / zstd frames, so that
a killed run can be resumed from the last complete one."""
from __future__ import annotations

import time
import zlib
from pathlib import Path
from typing import Any, BinaryIO, Iterator

from .. import output

FLUSH_BYTES = 1 << 20  # records are compressed and written as one member when this much is waiting...
FLUSH_SECONDS = 2.0  # ...or when the oldest waiting record is this old


def _compress(data: bytes, compression: str) -> bytes:
    if compression == "gz":
        import gzip

        return gzip.compress(data, compresslevel=6, mtime=0)
    import zstandard

    return zstandard.ZstdCompressor(level=3).compress(data)


def _decompressor(compression: str) -> Any:
    if compression == "gz":
        return zlib.decompressobj(wbits=31)
    import zstandard

    return zstandard.ZstdDecompressor().decompressobj()


def members(path: Path, compression: str, chunk: int = 1 << 20) -> Iterator[tuple[int, bytes]]:
    """Each complete gzip member / zstd frame of a file, as (offset where it ends, its decompressed
    bytes); a torn last one (a killed run's) is left out, and so is anything after it."""
    with open(path, "rb") as f:
        pending = b""
        d = _decompressor(compression)
        out: list[bytes] = []
        while True:
            data = pending or f.read(chunk)
            pending = b""
            if not data:
                return  # a member begun and not ended: torn
            try:
                out.append(d.decompress(data))
            except Exception:  # corrupt (zlib.error, zstandard.ZstdError): stop at the last good member
                return
            if d.eof:
                rest = d.unused_data
                end = f.tell() - len(rest)
                yield end, b"".join(out)
                out = []
                d = _decompressor(compression)
                pending = rest
                if not pending:
                    more = f.read(chunk)
                    if not more:
                        return
                    pending = more


def repair(path: Path, compression: str) -> None:
    """Cut a compressed JSONL file back to its last complete member (a killed run may have torn one)."""
    if not path.exists():
        return
    end = 0
    for end, _ in members(path, compression):
        pass
    if end != path.stat().st_size:
        with open(path, "rb+") as f:
            f.truncate(end)


def lines(path: Path, compression: str) -> Iterator[bytes]:
    """The complete lines of a compressed JSONL file's complete members."""
    for _, data in members(path, compression):
        for line in data.splitlines(keepends=True):
            if line.endswith(b"\n"):
                yield line


class CompressedJsonlWriter:
    """Appends JSONL records to a .jsonl.gz or .jsonl.zst file: they wait in memory (at most about
    1 MB or 2 s) and go out as one gzip member or zstd frame, in one write; a file of several members
    is one valid stream to gzip, zcat, zstd and every reader of them. A killed run loses only the
    records still waiting, and --resume cuts a torn last member off before it appends."""

    def __init__(self, path: Path, compression: str, append: bool = False) -> None:
        self.path, self.compression = Path(path), compression
        if append:
            repair(self.path, compression)
        self._file: BinaryIO | None = open(self.path, "ab" if append else "wb", buffering=0)
        self._waiting: list[bytes] = []
        self._size = 0
        self._since = time.monotonic()

    def write(self, record: dict[str, Any]) -> None:
        if not self._waiting:
            self._since = time.monotonic()
        data = output.encode(record)
        self._waiting.append(data)
        self._size += len(data)
        if self._size >= FLUSH_BYTES or time.monotonic() - self._since >= FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        if not self._waiting or self._file is None:
            return
        view = memoryview(_compress(b"".join(self._waiting), self.compression))
        while view:
            n = self._file.write(view)
            view = view[n or 0:]
        self._waiting, self._size = [], 0

    def close(self) -> None:
        if self._file is not None:
            self.flush()
            self._file.close()
            self._file = None
