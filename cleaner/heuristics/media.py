"""Detect media-player and gallery chrome: player timestamps, labels beside them, gallery counters."""
from __future__ import annotations

import re

from .. import families, phrases
from ..model import Label
from .base import Hit, View, words
from .features import merged

MEDIA = Label("generic/media", "media", "media-player or gallery chrome")

MAX_MEDIA_WORDS = 12
LABEL_REACH = 2  # a label counts as player chrome this many units from a timestamp

_TIMESTAMP = re.compile(r"\d{1,2}:\d{1,2}(?::\d{2})?")


def is_player_timestamp(text: str) -> bool:
    return bool(_TIMESTAMP.fullmatch(text))


def is_media_chrome(text: str) -> bool:
    return words(text) <= MAX_MEDIA_WORDS and families.line_family(text) == "media"


def detect_media(view: View) -> list[Hit]:
    units = view.units
    stamps = [i for i in view.features.containing(":") if is_player_timestamp(units[i].text)]
    labels = phrases.folded("media_labels")
    # chrome lines, and the labels that sit near a player timestamp
    near_stamps = (j for s in stamps for j in range(s - LABEL_REACH, s + LABEL_REACH + 1))
    out = []
    for i in merged(view.features.in_family("media"), near_stamps):
        if not view.free(i):
            continue
        text = units[i].text
        if is_media_chrome(text):
            out.append(Hit(i, MEDIA))
        elif len(text) < 40 and phrases.key(text) in labels and any(abs(i - s) <= LABEL_REACH for s in stamps):
            out.append(Hit(i, MEDIA))
    return out
