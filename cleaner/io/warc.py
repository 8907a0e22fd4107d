"""WARC input (.warc, .warc.gz, ...): each HTTP response record holding an HTML page becomes a Document."""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import BinaryIO, Iterator

from .. import batch
from ..output import safe_name

HTML_TYPES = ("text/html", "application/xhtml+xml")


def _http_split(block: bytes) -> tuple[int | None, dict[str, str], bytes]:
    """An HTTP response block as (status code, headers with lower-case names, body)."""
    end, sep = block.find(b"\r\n\r\n"), 4
    if end < 0:
        end, sep = block.find(b"\n\n"), 2
    if end < 0:
        return None, {}, b""
    head = block[:end].decode("latin-1").splitlines()
    status = None
    if head and head[0].startswith("HTTP/"):
        parts = head[0].split(None, 2)
        if len(parts) > 1 and parts[1].isdigit():
            status = int(parts[1])
    headers: dict[str, str] = {}
    for line in head[1:]:
        name, colon, value = line.partition(":")
        if colon:
            headers.setdefault(name.strip().lower(), value.strip())
    return status, headers, block[end + sep:]


def _is_html(content_type: str) -> bool:
    return content_type.split(";", 1)[0].strip().lower() in HTML_TYPES


def _record_id(value: str | None, number: int) -> str:
    """A WARC-Record-ID without its angle brackets; the record's number when it has none."""
    return (value or "").strip().strip("<>") or str(number)


def _skip(reader: BinaryIO) -> int:
    """Read a record's block through without keeping it: how many bytes it held."""
    size = 0
    while chunk := reader.read(1 << 16):
        size += len(chunk)
    return size


def read(stream: BinaryIO, source: str, rel: str, max_bytes: int,
         skipped: Counter | None = None) -> Iterator[batch.Document | batch.InputError]:
    """The HTML pages of a WARC stream (decompressed or not: FastWARC reads gzip members itself), in
    file order, each named `file:N` by its record number N. A record whose block is larger than
    max_bytes is an error record (its block is skipped unread); records that are not HTML responses
    (requests, metadata, redirects, images...) are counted in `skipped`, by WARC-Type; a truncated
    or corrupt file ends with one error record for the rest of it."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    skipped = Counter() if skipped is None else skipped
    number = 0
    try:
        for record in ArchiveIterator(stream, record_types=WarcRecordType.any_type, parse_http=False,
                                      verify_digests=False):
            number += 1
            where = f"{source}:{number}"
            length_header = record.headers.get("Content-Length")
            if not length_header or not length_header.strip().isdigit():
                yield batch.InputError(str(number), where, "truncated or corrupt WARC: record "
                                       f"{number} has no Content-Length; the rest of the file is not read")
                return
            length = int(length_header)
            kind = str(record.record_type)
            if kind != "response":
                if _skip(record.reader) != length:
                    yield batch.InputError(str(number), where, f"truncated WARC: record {number} is cut short; "
                                           "the rest of the file is not read")
                    return
                skipped[f"WARC {kind} record"] += 1
                continue
            rid = _record_id(record.record_id, number)
            if length > max_bytes:
                yield batch.InputError(rid, where, batch.too_large(length, max_bytes))
                continue
            block = record.reader.read()
            if len(block) != length:
                yield batch.InputError(rid, where, f"truncated WARC: record {number} holds {len(block)} of its "
                                       f"{length} bytes; the rest of the file is not read")
                return
            status, headers, body = _http_split(block)
            ctype = headers.get("content-type") or record.headers.get("WARC-Identified-Payload-Type") or ""
            if status is None or not 200 <= status < 300:
                skipped["WARC response not a success (HTTP status not 2xx)"] += 1
                continue
            if not _is_html(ctype):
                skipped["WARC response not HTML"] += 1
                continue
            url = record.headers.get("WARC-Target-URI") or None
            date = record.headers.get("WARC-Date") or None
            extra = {"url": url, "warc_date": date}
            name = f"{rel}/{safe_name(rid)}" if rel else safe_name(rid)
            yield batch.Document(id=rid, source=where, html=body, url=url, extra=extra, rel=name)
    except (OSError, EOFError, ValueError) as e:
        yield batch.InputError(str(number + 1), f"{source}:{number + 1}",
                               f"truncated or corrupt WARC after record {number}: {e}; the rest of the file is not read")


def read_file(path: Path, rel: str, max_bytes: int, compression: str | None,
              skipped: Counter | None = None) -> Iterator[batch.Document | batch.InputError]:
    """A WARC file's pages; FastWARC reads gzip members itself, other compressions are decompressed
    as a stream."""
    from .compressed import open_read

    try:
        stream = open_read(path, None if compression == "gz" else compression)
    except OSError as e:
        yield batch.InputError(path.name, str(path), f"cannot read: {e.strerror or e}")
        return
    with stream:
        yield from read(stream, str(path), rel, max_bytes, skipped)
