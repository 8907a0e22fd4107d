"""Compressed streams (.gz, .bz2, .xz, .zst): opened by file name, read with a bound on each decompressed piece."""
from __future__ import annotations

import bz2
import gzip
import io
import lzma
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator

COMPRESSIONS = {".gz": "gz", ".bz2": "bz2", ".xz": "xz", ".zst": "zst"}
LINE_CHUNK = 1 << 20  # how much of an over-long line is read at a time while skipping it


def _zstd_error() -> tuple[type[BaseException], ...]:
    try:
        import zstandard
    except ImportError:
        return ()
    return (zstandard.ZstdError,)


# what a corrupt or truncated compressed stream raises while it is read (gzip: OSError, EOFError;
# bz2: OSError, ValueError; xz: lzma.LZMAError; zstd: zstandard.ZstdError)
DECOMPRESS_ERRORS: tuple[type[BaseException], ...] = (OSError, EOFError, ValueError, lzma.LZMAError) + _zstd_error()


def compression_of(path: Path | str) -> str | None:
    """The compression a file name says ("gz", "bz2", "xz", "zst"), or None for a plain file."""
    return COMPRESSIONS.get(Path(path).suffix.lower())


def open_read(path: Path | str, compression: str | None) -> BinaryIO:
    """The file's decompressed bytes as a buffered stream (concatenated gzip members and zstd frames
    read as one stream); nothing is decompressed until it is read."""
    if compression is None:
        return open(path, "rb")
    if compression == "gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if compression == "bz2":
        return bz2.open(path, "rb")  # type: ignore[return-value]
    if compression == "xz":
        return lzma.open(path, "rb")  # type: ignore[return-value]
    if compression == "zst":
        import zstandard

        raw = open(path, "rb")
        reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True, closefd=True)
        return io.BufferedReader(reader, LINE_CHUNK)  # type: ignore[arg-type]
    raise ValueError(f"unknown compression {compression!r}")


def read_bounded(stream: BinaryIO, max_bytes: int) -> bytes | None:
    """The whole stream, or None when it holds more than max_bytes (only max_bytes + 1 are read,
    so a decompression bomb costs no more memory than the limit)."""
    parts, total = [], 0
    while total <= max_bytes:
        chunk = stream.read(min(LINE_CHUNK, max_bytes + 1 - total))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    return None if total > max_bytes else b"".join(parts)


@dataclass(frozen=True)
class TooLong:
    """A line longer than the bound: how many bytes it held (skipped without being kept)."""

    size: int


def bounded_lines(stream: BinaryIO, max_bytes: int) -> Iterator[bytes | TooLong]:
    """The stream's lines (ending at \\n), each one of at most max_bytes; a longer line is read
    through in chunks and given as TooLong, never held whole in memory."""
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if line.endswith(b"\n") or len(line) <= max_bytes:  # the newline is not counted
            yield line
            continue
        size = len(line)
        while not line.endswith(b"\n"):
            line = stream.readline(LINE_CHUNK)
            if not line:
                break
            size += len(line)
        yield TooLong(size)
