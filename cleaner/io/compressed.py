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

        cut = zstd_cut_at(path)  # (zstandard's reader ends a cut frame as if the file ended there)
        raw = open(path, "rb")
        reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True, closefd=True)
        return io.BufferedReader(_EndsInError(reader, cut) if cut is not None else reader, LINE_CHUNK)  # type: ignore[arg-type]
    raise ValueError(f"unknown compression {compression!r}")


_ZSTD_MAGIC = 0xFD2FB528
_SKIPPABLE = range(0x184D2A50, 0x184D2A60)


def zstd_cut_at(path: Path | str) -> int | None:
    """Where a .zst file's last frame is cut short (the offset of the frame), or None when every frame
    is whole. Walks the frame and block headers (RFC 8878), seeking over the block contents: a few
    reads per 128 KB of output, nothing decompressed. Bytes that are no frame at all are left to
    the decompressor, which raises on them."""
    with open(path, "rb") as f:
        size = f.seek(0, io.SEEK_END)
        pos = 0
        while pos < size:
            f.seek(pos)
            head = f.read(4)
            if len(head) < 4:
                return pos
            magic = int.from_bytes(head, "little")
            if magic in _SKIPPABLE:
                length = f.read(4)
                end = pos + 8 + int.from_bytes(length, "little")
                if len(length) < 4 or end > size:
                    return pos
                pos = end
                continue
            if magic != _ZSTD_MAGIC:
                return None
            descriptor = f.read(1)
            if not descriptor:
                return pos
            d = descriptor[0]
            single, checksum = d >> 5 & 1, d >> 2 & 1
            fcs = (0 if not single else 1, 2, 4, 8)[d >> 6]
            at = pos + 5 + (0 if single else 1) + (0, 1, 2, 4)[d & 3] + fcs
            while True:
                f.seek(at)
                block = f.read(3)
                if len(block) < 3:
                    return pos
                header = int.from_bytes(block, "little")
                last, kind, length = header & 1, header >> 1 & 3, header >> 3
                at += 3 + (1 if kind == 1 else length)  # an RLE block holds one byte
                if at > size:
                    return pos
                if last:
                    break
            pos = at + 4 * checksum
            if pos > size:
                return pos - 4 * checksum
    return None


class _EndsInError(io.RawIOBase):
    """A zstd stream whose file is cut inside a frame: read as usual, then an error where the
    decompressor would end quietly, so the cut costs an error record and not the tail unnoticed."""

    def __init__(self, reader: BinaryIO, cut: int) -> None:
        self._reader, self._cut = reader, cut

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        n = self._reader.readinto(buffer)  # type: ignore[attr-defined]
        if not n:
            import zstandard

            raise zstandard.ZstdError(f"the file ends inside a zstd frame (the frame at byte {self._cut} is cut short)")
        return n

    def close(self) -> None:
        self._reader.close()
        super().close()


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
