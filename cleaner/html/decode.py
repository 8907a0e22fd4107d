"""Turn a page's bytes into text: its byte-order mark, its declared charset (as browsers read it), else a detected encoding."""
from __future__ import annotations

import codecs
import re
from functools import cache

from charset_normalizer import from_bytes


_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{2,40})""", re.IGNORECASE)
_XML_DECLARED = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]{2,40})""", re.IGNORECASE)


# UTF-32 before UTF-16: the UTF-32-LE mark (FF FE 00 00) begins with the UTF-16-LE one (FF FE)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


SNIFF_BYTES = 4096
DETECT_BYTES = 64 * 1024  # charset detection reads this much; enough to tell an encoding


# Labels a page may declare that browsers read otherwise (WHATWG Encoding): Latin-1 and ASCII
# pages are windows-1252 in practice, and a UTF-16/32 label in ASCII markup cannot be true.
_DECLARED_AS = {"latin_1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252",
                "utf-16": "utf-8", "utf-16-le": "utf-8", "utf-16-be": "utf-8",
                "utf-32": "utf-8", "utf-32-le": "utf-8", "utf-32-be": "utf-8"}


_ASCII_PROBE = bytes(range(0x09, 0x7F))  # the bytes HTML markup is written in


@cache
def ascii_compatible(name: str) -> bool:
    """Whether a codec reads ASCII bytes as ASCII (EBCDIC code pages, UTF-7 and UTF-16/32 do not):
    a charset declared in ASCII markup can only be true if it does."""
    try:
        return _ASCII_PROBE.decode(name) == _ASCII_PROBE.decode("ascii")
    except (UnicodeError, LookupError):
        return False


def _codec(name: str | bytes) -> str | None:
    """Python's codec for a declared charset, read as browsers read it; None for unknown labels,
    for codecs that are not text encodings (punycode, rot13...) and for those that do not read
    ASCII as ASCII (cp037, cp500: a declaration in ASCII markup cannot name them truly)."""
    try:
        info = codecs.lookup(name.decode("ascii", "replace") if isinstance(name, bytes) else name)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in ("punycode", "idna", "undefined"):
        return None
    codec = _DECLARED_AS.get(info.name, info.name)
    return codec if ascii_compatible(codec) else None


def declared_encoding(data: bytes) -> str | None:
    """The charset the page declares in a <meta> tag or an XML declaration, if Python knows it."""
    head = data[:SNIFF_BYTES]
    m = _XML_DECLARED.match(head) or _DECLARED.search(head)
    return _codec(m.group(1)) if m else None


def decode(data: bytes | str) -> tuple[str, str]:
    """Page bytes as text, and the encoding used: BOM, else the declared charset if the bytes fit it,
    else UTF-8 if they fit, else detected; undecodable bytes become U+FFFD, never an exception."""
    if isinstance(data, str):
        return data, "str"
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace"), name
    tried = []
    for name in (declared_encoding(data), "utf-8"):
        if name and name not in tried:
            tried.append(name)
            try:
                return data.decode(name), name
            except (UnicodeError, LookupError):
                continue
    name = detect_encoding(data[:DETECT_BYTES])
    return data.decode(name, errors="replace"), name


WEB_DEFAULT = "cp1252"  # the legacy encoding browsers assume for most of the web (WHATWG)
CHAOS_SLACK = 0.1


def detect_encoding(sample: bytes) -> str:
    """charset_normalizer's guess; among near-equal guesses the web's default, windows-1252, wins
    (short Western pages otherwise come out as Baltic or Central European code pages)."""
    matches = list(from_bytes(sample))
    if not matches:
        return WEB_DEFAULT
    best = min(m.chaos for m in matches)
    if any(m.encoding == WEB_DEFAULT and m.chaos <= best + CHAOS_SLACK for m in matches):
        return WEB_DEFAULT
    return matches[0].encoding
