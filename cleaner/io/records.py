"""Records as Documents: which fields hold the text, the page, the id and the URL, for every reader of rows."""
from __future__ import annotations

import base64
import datetime as dt
from decimal import Decimal
from typing import Any, Mapping

from .. import batch
from ..batch import Fields
from ..output import safe_name


def jsonable(value: Any) -> Any:
    """A value read from a typed table (Parquet, Arrow) as one JSON can hold: dates and times in
    ISO 8601, decimals as strings, bytes as UTF-8 text (else base64); lists and maps recursively."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return base64.b64encode(data).decode("ascii")
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if hasattr(value, "item"):  # a numpy scalar
        return jsonable(value.item())
    if hasattr(value, "tolist"):  # a numpy array
        return jsonable(value.tolist())
    return str(value)


def row_document(row: Mapping[str, Any], number: int, source: str, rel: str = "",
                 fields: Fields = Fields()) -> batch.Document | batch.InputError:
    """One record (a JSONL object or a table row) as a Document, as batch.parse_record reads a JSONL
    line, with the field names `fields` gives: its id (else its number), URL, text or HTML page;
    every other field passes through. `source` is the file: the record's is `file:number`."""
    where = f"{source}:{number}"
    rid = row.get(fields.id)
    rid = str(number) if rid is None or rid == "" else str(jsonable(rid))
    url = row.get(fields.url) if isinstance(row.get(fields.url), str) else None
    text, page = row.get(fields.text), row.get(fields.html)
    if isinstance(text, (bytes, bytearray)):
        try:
            text = batch.decode_text(bytes(text))
        except UnicodeDecodeError:
            return batch.InputError(rid, where, f"record \"{fields.text}\" is not UTF-8 text")
    out_rel = f"{rel}/{safe_name(rid)}" if rel else safe_name(rid)
    if isinstance(text, str):
        return batch.Document(id=rid, source=where, text=text, url=url, rel=out_rel,
                              extra={k: jsonable(v) for k, v in row.items() if k != fields.text})
    if isinstance(page, (str, bytes, bytearray)):
        return batch.Document(id=rid, source=where, html=page if isinstance(page, str) else bytes(page), url=url,
                              rel=out_rel, extra={k: jsonable(v) for k, v in row.items() if k != fields.html})
    if text is None and page is None:
        return batch.InputError(rid, where, f"record has neither a \"{fields.text}\" nor an \"{fields.html}\" field")
    name, value = (fields.text, text) if text is not None else (fields.html, page)
    return batch.InputError(rid, where, f"record \"{name}\" must be a string, not {type(value).__name__}")
