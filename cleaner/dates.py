"""Find and parse publication dates written in scraped news text into ISO 8601 strings, never inventing a time zone.

Public API: :class:`DateMatch`, :func:`search_dates`, :func:`parse_date`, :func:`is_dateline`.

Design notes
------------
* Every recognised date needs a four-digit year (1990..2100); month/day without a
  year and relative phrases ("3 hours ago") are never matched.
* Speed: a cheap regex finds year-like numbers; only around those are the (anchored,
  pre-compiled) regexes for the rest of the date tried.  A time (with optional zone) is
  then looked for right after the date, or, failing that, right before it
  ("1:39 am EST, Wednesday, November 20, 2019").
* A zone appears in the ISO string only if the text states one.  US zone names
  (ET/EST/EDT, CT..., MT..., PT...) are resolved with :mod:`zoneinfo` for the actual
  date, so "ET" in July gives -04:00 (sites also write "EST" all year round, so it is
  resolved the same way).
* Ambiguous numeric dates: ``a/b/yyyy`` and ``a-b-yyyy`` are read month-first (US)
  unless ``a > 12``; ``a.b.yyyy`` is read day-first (European) unless ``b > 12``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from operator import methodcaller
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import phrases

__all__ = ["DateMatch", "search_dates", "parse_date", "is_dateline", "ambiguous"]


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One date found in a string: its span there and its ISO 8601 form."""

    start: int  # span in the searched string
    end: int
    iso: str  # "2016-02-24T12:18:00", "2019-11-18", "2019-11-18T21:24:00-05:00"
    has_time: bool


# --------------------------------------------------------------------------- tables

_MIN_YEAR, _MAX_YEAR = 1990, 2100

_MONTH_NUM = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

# Zone names resolved with the IANA database for the date in question.
_TZ_ZONES = {
    "ET": "America/New_York", "EST": "America/New_York", "EDT": "America/New_York",
    "CT": "America/Chicago", "CST": "America/Chicago", "CDT": "America/Chicago",
    "MT": "America/Denver", "MST": "America/Denver", "MDT": "America/Denver",
    "PT": "America/Los_Angeles", "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles",
    "AKST": "America/Anchorage", "AKDT": "America/Anchorage",
    "HST": "Pacific/Honolulu",
}
# Zone names that denote one fixed offset (minutes east of UTC).
_TZ_FIXED = {
    "GMT": 0, "UTC": 0, "BST": 60, "WET": 0, "WEST": 60, "CET": 60, "CEST": 120,
    "EET": 120, "EEST": 180, "MSK": 180, "IST": 330, "PKT": 300, "SGT": 480,
    "HKT": 480, "JST": 540, "KST": 540, "AWST": 480, "ACST": 570, "AEST": 600,
    "AEDT": 660, "NZST": 720, "NZDT": 780,
}
_TZ_OTHER_NAMES = "|".join(
    sorted((set(_TZ_ZONES) | set(_TZ_FIXED)) - {"GMT", "UTC"}, key=len, reverse=True)
)

# --------------------------------------------------------------------------- regex pieces

# other languages' month names (data/months.txt), by name; English ones are read by _MONTH_ALT's first part
_OTHER_MONTHS = {name.strip().casefold(): int(number) for number, _, names in map(methodcaller("partition", "="), phrases.load("months"))
                 for name in names.split(",") if name.strip()}
_MONTH_ALT = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    + "|".join(map(re.escape, sorted(_OTHER_MONTHS, key=len, reverse=True)))
)
_WEEKDAY = (
    r"(?<![a-z])(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?"
    r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?)(?![a-z])\.?"
)
_WD_PRE = rf"(?:{_WEEKDAY}\s*,?\s*)?"
_SEP_CHARS = r",|/\-\u2013\u2014\u00b7\u2022@"  # , | / - – — · • @


def _month(name: str) -> str:
    return rf"(?<![a-z])(?P<{name}>{_MONTH_ALT})(?![a-z])\.?"


def _day(name: str) -> str:
    return rf"(?P<{name}>[0-3]?\d)(?!\d)(?:st|nd|rd|th|er)?(?![a-z])"


_NO_NUM_BEFORE = r"(?<!\d)(?<!\d[.,:/\-])"

# Every date contains a year, so the scan looks for plausible years (fast) and then
# matches the rest of the date around each one with small anchored regexes.
YEAR_HINT = re.compile(r"(?<!\d)(?:19[89]\d|20\d\d|2100)(?!\d)")  # every date holds one
# Every YEAR_HINT match starts with one of these: text holding none has no date.
YEAR_STARTS = ("19", "20", "2100")
# Every YEAR_HINT match matches one of these (without its look-behind: a superset).
YEAR_LITERALS = (r"19[89]\d(?!\d)", r"20\d\d(?!\d)", r"2100(?!\d)")

# The part of a date that ends right before its year (searched with endpos=year start).
_BEFORE_YEAR_RE = re.compile(
    # 20 November 2019 / 24 Feb, 2016 / 20th of Nov. 2019 / 20-Nov-2019
    # 30. Juli 2018 / 1er janvier 2020 / 30 de julio de 2018
    rf"\b{_WD_PRE}(?:(?P<DMY>{_NO_NUM_BEFORE}{_day('dmy_d')}\.?(?:\s+(?:of|de))?[\s\-/]*"
    rf"{_month('dmy_m')}[\s,\-/]*(?:de\s+)?)"
    # November 20, 2019 / Nov. 20 2019 / Feb 24 2016
    rf"|(?P<MDY>{_month('mdy_m')}[\s\-]*{_day('mdy_d')}(?:\s*,\s*|[\s\-/]+))"
    # 11/20/2019 / 20.11.2019 / 20-11-2019
    rf"|(?P<NUM>{_NO_NUM_BEFORE}(?P<num_a>[0-3]?\d)(?P<num_s>[\-/.])(?P<num_b>[0-3]?\d)"
    rf"(?P=num_s)))\Z",
    re.IGNORECASE,
)
_BEFORE_YEAR_SPAN = 48  # longest "Wednesday, 30th of September. " is well below this
_NUM_TAIL_BAD = re.compile(r"[.\-/]\d")  # 20.11.2019.5 is not a date

# Dates that start with their year (matched at the year start).
_FROM_YEAR_RE = re.compile(
    # 2018 Friday ,14 December  (Arabs Today tickers; the weekday is required)
    rf"{_NO_NUM_BEFORE}(?:(?P<YDM>\d{{4}}\s*,?\s*{_WEEKDAY}\s*,?\s*"
    rf"{_day('ydm_d')}\s*,?\s*{_month('ydm_m')})"
    # 2019-11-20 / 2019/11/20 / 2019.11.20
    rf"|(?P<YMD>\d{{4}}(?P<ymd_s>[\-/.])(?P<ymd_m>[01]?\d)"
    rf"(?P=ymd_s)(?P<ymd_d>[0-3]?\d)(?!\d)(?![.\-/]\d)))",
    re.IGNORECASE,
)


def _time(p: str) -> str:
    """Clock time; groups {p}h {p}sep {p}mi {p}s {p}att (offset glued to seconds) {p}Z {p}ap."""
    return (
        rf"(?<![\d:.])(?P<{p}h>[0-2]?\d)"
        rf"(?:(?P<{p}sep>[:.])(?P<{p}mi>[0-5]\d)"
        rf"(?:(?P={p}sep)(?P<{p}s>[0-5]\d)(?:[.,]\d{{1,6}})?"
        rf"(?P<{p}att>[+\-]\d\d:?\d\d(?!\d))?)?)?"
        rf"(?!\d)(?![.:]\d)"
        rf"(?:(?P<{p}Z>(?-i:Z))(?![a-z])|\s*(?P<{p}ap>[ap]\.?m\b\.?))?"
    )


def _tz_body(p: str) -> str:
    """Zone written as a name (case-sensitive), optionally GMT/UTC with an offset."""
    return (
        rf"(?-i:(?P<{p}u>GMT|UTC)(?![A-Za-z])"
        rf"(?:\s?(?P<{p}us>[+\-])(?P<{p}uh>\d{{1,2}})(?::?(?P<{p}um>\d\d))?(?!\d))?"
        rf"|(?P<{p}n>{_TZ_OTHER_NAMES})(?![A-Za-z]))"
    )


def _tz_after(p: str) -> str:
    """Zone after a time: a name, or a spaced numeric offset (+0200, -05:00)."""
    return rf"(?:\s*{_tz_body(p)}|\s+(?P<{p}o>[+\-]\d\d:?\d\d)(?!\d))"


_RIGHT_RE = re.compile(
    rf"(?:T(?=\d)|\s*(?:[{_SEP_CHARS}]\s*)?(?:at\s+)?(?:{_WEEKDAY}\s*,?\s*)?)"
    rf"{_time('r')}(?:{_tz_after('rz')})?",
    re.IGNORECASE,
)
_LEFT_RE = re.compile(
    rf"(?:(?<![A-Za-z0-9]){_tz_body('la')}\s+)?{_time('l')}(?:{_tz_after('lz')})?"
    rf"\s*(?:[{_SEP_CHARS}]\s*)?(?:on\s+)?\Z",
    re.IGNORECASE,
)
_LEFT_WINDOW = 48  # the time-before-date part is never longer than this
_BLANK_TO_END = re.compile(r"\s*\Z")

# What a dateline may contain besides its date(s).
_MAX_DATELINE = 200
_DECOR_RE = re.compile(
    rf"[\s{_SEP_CHARS}:;.()\[\]]+"
    r"|(?<![a-z])(?:(?:first|last|originally)\s+)?"
    r"(?:published|updated|posted|modified|created|dated|date|publish)(?![a-z])"
    r"|(?<![a-z])(?:on|at)(?![a-z])"
    rf"|{_WEEKDAY}"
    r"|(?<![\w:.])\d{1,2}(?:[:.]\d\d){1,2}(?:\s*[ap]\.?m\b\.?)?(?!\d)"
    r"|(?<![\w:.])\d{1,2}\s*[ap]\.?m\b\.?"
    rf"|(?<![A-Za-z]){_tz_body('d')}",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------- helpers


@lru_cache(maxsize=None)
def _zone(key: str) -> ZoneInfo:
    return ZoneInfo(key)


def _valid_date(y: int, m: int, d: int) -> bool:
    if not (_MIN_YEAR <= y <= _MAX_YEAR and 1 <= m <= 12 and d >= 1):
        return False
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def _month_num(name: str) -> int:
    return _OTHER_MONTHS.get(name.casefold()) or _MONTH_NUM[name[:3].lower()]


def _before_ymd(m: re.Match, y: int) -> tuple[int, int, int] | None:
    kind = m.lastgroup
    if kind == "DMY":
        mo, d = _month_num(m["dmy_m"]), int(m["dmy_d"])
    elif kind == "MDY":
        mo, d = _month_num(m["mdy_m"]), int(m["mdy_d"])
    else:  # NUM
        a, b = int(m["num_a"]), int(m["num_b"])
        if m["num_s"] == ".":  # European day.month unless that is impossible
            d, mo = (b, a) if (b > 12 and a <= 12) else (a, b)
        else:  # US month/day unless that is impossible
            d, mo = (a, b) if a > 12 else (b, a)
    return (y, mo, d) if _valid_date(y, mo, d) else None


def _from_ymd(m: re.Match, y: int) -> tuple[int, int, int] | None:
    if m.lastgroup == "YDM":
        mo, d = _month_num(m["ydm_m"]), int(m["ydm_d"])
    else:
        mo, d = int(m["ymd_m"]), int(m["ymd_d"])
    return (y, mo, d) if _valid_date(y, mo, d) else None


def _clock(m: re.Match, p: str) -> tuple[int, int, int] | None:
    h, mi, s, ap = int(m[p + "h"]), m[p + "mi"], m[p + "s"], m[p + "ap"]
    if ap:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if ap[0] in "pP" else 0)
    elif mi is None or h > 23:  # a bare hour needs am/pm
        return None
    return h, int(mi or 0), int(s or 0)


def _fmt_offset(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _numeric_offset(s: str) -> int | None:
    digits = s[1:].replace(":", "")
    h, mi = int(digits[:2]), int(digits[2:])
    if h > 14 or mi > 59:
        return None
    return (-1 if s[0] == "-" else 1) * (h * 60 + mi)


_NO_TZ = object()  # text states no zone
_BAD_TZ = object()  # text states a zone we cannot accept


def _zone_offset(m: re.Match, t: str, z: str, ymd, hms):
    """Offset in minutes stated by groups of time prefix t / zone prefix z, or a sentinel."""
    if m[t + "Z"]:
        return 0
    if m[t + "att"]:
        off = _numeric_offset(m[t + "att"])
        return _BAD_TZ if off is None else off
    if m[z + "u"]:
        if not m[z + "us"]:
            return 0
        h, mi = int(m[z + "uh"]), int(m[z + "um"] or 0)
        if h > 14 or mi > 59:
            return _BAD_TZ
        return (-1 if m[z + "us"] == "-" else 1) * (h * 60 + mi)
    name = m[z + "n"]
    if name:
        if name in _TZ_FIXED:
            return _TZ_FIXED[name]
        try:
            zone = _zone(_TZ_ZONES[name])
        except ZoneInfoNotFoundError:  # no tz database (e.g. Windows without tzdata)
            return _NO_TZ  # keep the time, state no zone rather than guess one
        local = datetime(*ymd, *hms, tzinfo=zone)
        return int(local.utcoffset().total_seconds() // 60)
    if z + "o" in m.re.groupindex and m[z + "o"]:
        off = _numeric_offset(m[z + "o"])
        return _BAD_TZ if off is None else off
    return _NO_TZ


def _time_part(m: re.Match, t: str, zones: tuple[str, ...], ymd, at_end: bool):
    """(hms, offset) for a time match, or None when it is not an acceptable time."""
    hms = _clock(m, t)
    if hms is None:
        return None
    off = _NO_TZ
    for z in zones:  # zone after the time, else (left side) before it: "GMT 18:44"
        off = _zone_offset(m, t, z, ymd, hms)
        if off is not _NO_TZ:
            break
    if off is _BAD_TZ:
        return None
    # "10.15" is only a time when marked as one (am/pm, a zone) or ending the line.
    if m[t + "sep"] == "." and not m[t + "ap"] and off is _NO_TZ and not at_end:
        return None
    return hms, off


def _iter_cores(text: str):
    """Valid core dates (start, end, (y, m, d)) left to right.

    The caller send()s the end of each accepted date, so results never overlap.
    """
    pos = 0  # no date may start before this
    for year in YEAR_HINT.finditer(text):
        ys, ye = year.span()
        if ys < pos:
            continue
        y = int(year.group())
        found = None
        if ys > pos:
            m = _BEFORE_YEAR_RE.search(text, max(pos, ys - _BEFORE_YEAR_SPAN), ys)
            if m is not None and not (m.lastgroup == "NUM" and _NUM_TAIL_BAD.match(text, ye)):
                ymd = _before_ymd(m, y)
                if ymd is not None:
                    found = (m.start(), ye, ymd)
        if found is None:
            m = _FROM_YEAR_RE.match(text, ys)
            if m is not None:
                ymd = _from_ymd(m, y)
                if ymd is not None:
                    found = (ys, m.end(), ymd)
        if found is not None:
            pos = yield found
            if pos is None:
                pos = found[1]


def _iter_dates(text: str):
    prev_end = 0
    cores = _iter_cores(text)
    item = next(cores, None)
    while item is not None:
        start, end, ymd = item
        timed = None
        r = _RIGHT_RE.match(text, end)
        if r is not None:
            at_end = _BLANK_TO_END.match(text, r.end()) is not None
            timed = _time_part(r, "r", ("rz",), ymd, at_end)
            if timed is not None:
                end = r.end()
        if timed is None and start > prev_end:
            lo = max(prev_end, start - _LEFT_WINDOW)
            left = _LEFT_RE.search(text, lo, start)
            if left is not None:
                timed = _time_part(left, "l", ("lz", "la"), ymd, False)
                if timed is not None:
                    start = left.start()
        iso = f"{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d}"
        if timed is not None:
            (h, mi, s), off = timed
            iso += f"T{h:02d}:{mi:02d}:{s:02d}"
            if off is not _NO_TZ:
                iso += _fmt_offset(off)
        yield DateMatch(start, end, iso, timed is not None)
        prev_end = end
        try:
            item = cores.send(end)
        except StopIteration:
            item = None


# --------------------------------------------------------------------------- public API


# Segmentation and several detectors ask about the same lines: keep the answers (bounded, thread-safe).
@lru_cache(maxsize=1 << 14)
def _dates_in(text: str) -> tuple[DateMatch, ...]:
    return tuple(_iter_dates(text))


def search_dates(text: str) -> list[DateMatch]:
    """All non-overlapping dates in ``text`` (normally one line), left to right."""
    return list(_dates_in(text))


def parse_date(text: str) -> str | None:
    """ISO 8601 form of the first date in ``text``, or None."""
    for match in _iter_dates(text):
        return match.iso
    return None


@lru_cache(maxsize=1 << 14)
def is_dateline(text: str) -> DateMatch | None:
    """If the line is only a date (plus label, separators, weekday, time, zone), its first match."""
    if len(text) > _MAX_DATELINE:
        return None
    matches = _dates_in(text)
    if not matches:
        return None
    pieces = []
    pos = 0
    for dm in matches:
        pieces.append(text[pos:dm.start])
        pos = dm.end
    pieces.append(text[pos:])
    rest = " ".join(pieces)
    if rest.strip() and _DECOR_RE.sub("", rest).strip():
        return None
    return matches[0]


_NUMERIC_DATE = re.compile(r"\s*(\d{1,2})([./-])(\d{1,2})\2\d{4}")


def ambiguous(text: str) -> bool:
    """A numeric date whose two first numbers are different months ("03/10/2023": March or October)."""
    m = _NUMERIC_DATE.match(text)
    return bool(m) and m.group(1) != m.group(3) and int(m.group(1)) <= 12 and int(m.group(3)) <= 12


FUTURE_SLACK = timedelta(days=1)


def _as_datetime(iso: str) -> datetime | None:
    try:
        dt = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def plausible(iso: str | None, now: datetime | None = None) -> bool:
    """A date a story could have been published on: not in the future (a day's slack for time zones)."""
    if not iso:
        return False
    dt = _as_datetime(iso)
    return dt is not None and dt <= (now or datetime.now(timezone.utc)) + FUTURE_SLACK
