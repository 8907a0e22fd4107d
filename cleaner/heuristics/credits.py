"""Detect photo credits, captions and wire-agency credit lines (credits and agency go to metadata)."""
from __future__ import annotations

import re
from functools import cache, lru_cache

from .. import families, folding, phrases, regex_shape
from ..model import Label
from .base import Hit, View, ends_sentence, words
from .features import merged

CREDIT = Label("generic/credit", "credit", "photo credit")
LONE_AGENCY = Label("generic/lone-agency", "credit", "a lone agency name under a photo")
AGENCY = Label("generic/agency", "agency", "wire-agency credit line (moved to agency)")
CAPTION = Label("generic/caption", "caption", "photo caption")

MAX_CREDIT_WORDS = 14
MAX_BARE_CAPTION_WORDS = 12
MAX_CAPTION_WORDS = 90
MIN_CAPTION_CHARS = 20
MAX_AGENCY_LINE_CHARS = 90
MAX_TAIL_CHARS = 160  # how much of a line's end the caption end shapes are looked for in

_AGENCY_LINE = re.compile(
    r"^[(\[—–-]*\s*(?:(?:with|additional reporting by|reporting by|reporting from|source|sources|via|agency|agencies|"
    r"from|compiled from|wire services?|written by|by)\s*:?\s*)?(?P<names>[^()\[\]]{1,80}?)\s*[)\]]?\.?$",
    re.IGNORECASE,
)
_SPLIT_AGENCIES = re.compile(r"\s*(?:,|/|&|\band\b|\+)\s*", re.IGNORECASE)


def _last_word(text: str) -> str:
    parts = text.rstrip(" .)]").rsplit(None, 1)
    return parts[-1].lstrip("([").casefold() if parts else ""


@cache
def _agency_last_words() -> frozenset[str]:
    """The last word of every agency name variant: a cheap test before the full parse."""
    return frozenset(v.split()[-1] for v in phrases.mapping("agencies") if v.split())


@cache
def _caption_shapes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The caption shapes split by anchor: (end-anchored, start-anchored)."""
    entries = phrases.load("captions")
    ends = "|".join(e for e in entries if e.endswith("$"))
    starts = "|".join(e.removeprefix("^") for e in entries if e.startswith("^"))
    return re.compile(ends, re.IGNORECASE), re.compile(starts, re.IGNORECASE)


@cache
def _end_shape_reach() -> int:
    """How far from the end of a line an end shape can start: the longest text one matches (at most
    MAX_TAIL_CHARS; the search looks no further back)."""
    return min(MAX_TAIL_CHARS, regex_shape.max_width(_caption_shapes()[0].pattern) or MAX_TAIL_CHARS)


def agency_names(text: str) -> list[str] | None:
    """Canonical agency names when the line is only a credit to wire agencies ("Source: AFP", "(Reuters)")."""
    if len(text) > MAX_AGENCY_LINE_CHARS or _last_word(text) not in _agency_last_words():
        return None
    m = _AGENCY_LINE.match(text)
    if not m:
        return None
    known = phrases.mapping("agencies")
    names = []
    for part in _SPLIT_AGENCIES.split(m.group("names")):
        canonical = known.get(phrases.key(part))
        if canonical is None:
            return None
        names.append(canonical)
    return names or None


def is_credit(text: str) -> bool:
    return len(text) <= 160 and words(text) <= MAX_CREDIT_WORDS and families.line_family(text) == "credits"


# The end shapes of data/captions.txt that _may_end_shaped knows (with others there, it is not asked)
_KNOWN_END_SHAPES = (
    r"\((?:ap|afp|reuters|epa|getty|photo|image|credit|picture|pool|file)[^()]{0,80}\)$",
    r"(?:photo|photograph|image|picture|credit): [^.]{2,60}$",
    '[.!?”"] (?:less|more)$',
    r"\.\.\. more$",
)


@cache
def _ends_known() -> bool:
    return tuple(e for e in phrases.load("captions") if e.endswith("$")) == _KNOWN_END_SHAPES


def _may_end_shaped(tail: str) -> bool:
    """False where no end shape (_KNOWN_END_SHAPES) can match in tail, found by str tests, where the search tries
    every position: each is anchored at the end ($: or before a final newline) and there closes a bracket,
    ends in less or more (any case: folded, as the expression matches), or follows ": " with no full stop after
    it (then none after the last ": " either); the punctuation has no other case."""
    if tail.endswith((")", ")\n")) or folding.fold(tail[-5:]).endswith(("less", "more", "less\n", "more\n")):
        return True
    colon = tail.rfind(": ")
    return colon >= 0 and tail.find(".", colon + 2) < 0


@lru_cache(maxsize=1 << 16)
def is_caption_shaped(text: str) -> bool:
    if len(text) < MIN_CAPTION_CHARS:
        return False
    ends, starts = _caption_shapes()
    if starts.match(text) is None:
        # every end shape closes a bracket, ends in less/more, or follows a colon: test that first
        tail = text[-MAX_TAIL_CHARS:]
        if not (tail.endswith(")") or tail[-4:].lower() in ("less", "more") or ": " in tail):
            return False
        reach = text[-_end_shape_reach() - 1:]  # (+1: $ also matches before a final newline)
        if _ends_known() and not _may_end_shaped(reach):
            return False  # (no end shape can match there: most quotes, "...: ... .")
        if ends.search(reach) is None:
            return False
    return words(text) <= MAX_CAPTION_WORDS


@lru_cache(maxsize=1 << 16)
def credit_hit(text: str) -> tuple[Label, tuple[tuple[str, str], ...]] | None:
    """(label, metadata) when the line credits a wire agency or a photographer, else None."""
    if len(text) > 200:
        return None
    names = agency_names(text)
    if names:
        bare = phrases.key(text) == phrases.key(names[0]) and len(names) == 1
        if bare:
            return LONE_AGENCY, (("credits", names[0]),)
        return AGENCY, tuple(("agency", n) for n in names)
    if is_credit(text):
        return CREDIT, (("credits", text),)
    return None


def detect_credits(view: View) -> list[Hit]:
    units = view.units
    # an agency credit is a short line ending in an agency's name; a photo credit is in the credits family
    # (_last_word(text) is in _agency_last_words() only if the line ends in one of them)
    agency_lines = view.features.ending_in(_agency_last_words())
    out = []
    for i in view.free_among(merged(agency_lines, view.features.in_family("credits"))):
        hit = credit_hit(units[i].text)
        if hit:
            out.append(Hit(i, *hit))
    return out


def _bare_caption(text: str) -> bool:
    """A short label with no sentence end: what sits right above a photo credit."""
    return words(text) <= MAX_BARE_CAPTION_WORDS and not ends_sentence(text)


def detect_captions(view: View) -> list[Hit]:
    above_credits = (i - 1 for i in view.taken_as("credit"))
    _, starts = _caption_shapes()
    # a caption shape starts the line, or ends it: after a colon, in brackets, or in less/more
    shaped = merged(view.features.matched_at_start(starts), view.features.containing(": "), view.features.ending(")", "less", "more"))
    out = []
    for i in merged(above_credits, (i for i in shaped if is_caption_shaped(view.units[i].text))):
        if not view.free(i):
            continue
        text = view.units[i].text
        nxt = view.labels[i + 1] if i + 1 < len(view.labels) else None
        beside_credit = nxt is not None and nxt.category == "credit"
        if (beside_credit and _bare_caption(text)) or is_caption_shaped(text):
            out.append(Hit(i, CAPTION))
    return out
