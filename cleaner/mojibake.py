"""Repair text whose UTF-8 was read as Windows-1252 or Latin-1 somewhere upstream ("â€™" back to "’")."""
from __future__ import annotations

import re

from .model import Label

# not a removal: the rule id --disable takes, and what Article.warnings says when it ran
MOJIBAKE = Label("generic/mojibake", "encoding", "UTF-8 read as Windows-1252 upstream (\"â€™\" for \"’\"), repaired")
WARNING = "text encoded twice (UTF-8 read as Windows-1252 upstream): repaired (generic/mojibake)"

# A page encoded in UTF-8 twice (its UTF-8 bytes read as Windows-1252 or Latin-1 by a CMS or a database, and
# written out again as UTF-8) shows each non-ASCII character as two to four: "’" as "â€™" (or "â\x80\x99"),
# "é" as "Ã©", a no-break space as "Â\xa0". Each such run is the character's UTF-8 bytes shown one a
# character: a lead byte (C2-F4) and its continuation bytes (80-BF), the bytes 80-9F shown as Windows-1252
# shows them ("€", "™", "—") or as the C1 controls Latin-1 makes of them.

# the characters Windows-1252 shows for the bytes 80-9F (the five it leaves undefined, as Latin-1 reads them)
_CP1252_80_9F = bytes(range(0x80, 0xA0)).decode("cp1252", errors="replace")
_CP1252_80_9F = "".join(ch if ch != "\ufffd" else chr(0x80 + i) for i, ch in enumerate(_CP1252_80_9F))
_BYTE_OF = {**{ch: 0x80 + i for i, ch in enumerate(_CP1252_80_9F)}, **{chr(b): b for b in range(0x80, 0x100)}}

_CONT = "[" + re.escape(_CP1252_80_9F) + "\x80-\xbf]"  # a continuation byte, as shown
_LINE_BREAKS = "\x85\u2028\u2029"
_RUN = re.compile(f"[\xc2-\xdf]{_CONT}|[\xe0-\xef]{_CONT}{{2}}|[\xf0-\xf4]{_CONT}{{3}}")  # one character's bytes

# A text is repaired only when it shows at least this many runs that hold the byte 80 ("â€™"; "Ã©" is not
# one): a byte 80-9F is never a character of its own in real text, while runs of Latin-1 letters and signs
# alone are ("»Fuß«" holds "ß«", the bytes of a character of another script); only a text encoded twice
# shows such runs beside the sure ones.
MIN_SURE_RUNS = 3


def _repaired(match: re.Match[str]) -> str:
    return _made(match.group())


def _repaired_long(match: re.Match[str]) -> str:
    """(in a text mixing right characters with runs: only runs of three bytes or more, see repair_runs)"""
    run = match.group()
    return _made(run) if len(run) >= 3 else run


def _made(run: str) -> str:
    try:
        made = bytes(_BYTE_OF[ch] for ch in run).decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return run  # (not UTF-8 after all: an overlong form, a surrogate; left as it is)
    # (a line or paragraph separator would split a line: the units and the removals' line numbers are the input's)
    return run if any(ch in made for ch in _LINE_BREAKS) else made


def _lead_before(text: str, i: int) -> bool:
    """Whether the byte 80 shown at text[i] continues a lead byte shown just before it: a two-byte lead
    (C2-DF) right before, or a three-byte one (E0-EF) right before or one continuation byte before."""
    before = text[i - 1] if i else ""
    return "\xc2" <= before <= "\xef" or (i >= 2 and "\xe0" <= text[i - 2] <= "\xef" and 0x80 <= _BYTE_OF.get(before, 0) < 0xC0)


def is_double_encoded(text: str) -> bool:
    """Whether text shows at least MIN_SURE_RUNS characters' UTF-8 bytes read as Windows-1252 or Latin-1,
    counted by the byte 80 in them ("€", or U+0080 as Latin-1 shows it): the second byte of all punctuation
    from "‘" to "…", so of every such page that has a quotation mark or a dash. (Searching for one character
    costs a microsecond on an article; the runs' pattern over the whole of it, a third of a millisecond.)"""
    found = 0
    for shown in ("\u20ac", "\x80"):
        i = text.find(shown)
        while i >= 0:
            if _lead_before(text, i):
                found += 1
                if found >= MIN_SURE_RUNS:
                    return True
            i = text.find(shown, i + 1)
    return False


# "”" is E2 80 9D, and 9D is a byte Windows-1252 leaves undefined: many an upstream dropped it or made it
# U+FFFD, so a page encoded twice often shows "â€" or "â€�" for it, which no other character's bytes leave
# behind as often (the others whose third byte is undefined are spaces and marks that text rarely holds)
# (only before a space, punctuation or the end, or as U+FFFD: a lost RLM, ZWJ or hyphen sits inside words)
_BROKEN_CLOSING_QUOTE = re.compile("\u00e2\u20ac(?:\ufffd|(?=[\\s.,;:!?)\\]]|$))")

# A text that holds right non-ASCII characters besides the runs, more than MIXED_SHARE of the runs' number, mixes
# text encoded once with text encoded twice (a page's article right, its sidebar's teasers wrong). There a right
# letter before a right quotation mark ("Spaß“", "ÉTÉ”") reads as the two bytes of a character: only runs of
# three bytes or more ("â€™", never a right letter and two marks) are repaired.
MIXED_SHARE = 0.1


def repair_runs(text: str) -> str:
    """text with each run of UTF-8 bytes shown as characters made that character again, and what is left of
    "”" made "”" (whether text is encoded twice is the caller's to know: a title alone holds too few runs)."""
    if text.isascii():
        return text
    rest, runs = _RUN.subn("", text)
    rest = _BROKEN_CLOSING_QUOTE.sub("", rest).replace("\ufffd", "")
    right = len(rest) - len(rest.encode("ascii", "ignore"))  # right non-ASCII characters, counted in C
    return _BROKEN_CLOSING_QUOTE.sub("\u201d", _RUN.sub(_repaired_long if right > MIXED_SHARE * runs else _repaired, text))


def repair(text: str) -> str:
    """text with each character shown as its UTF-8 bytes made that character again, when text is encoded twice
    (is_double_encoded); else text unchanged."""
    return repair_runs(text) if is_double_encoded(text) else text
