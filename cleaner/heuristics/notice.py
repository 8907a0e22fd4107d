"""Detect archive and notice banners ("This story is over 5 years old.")."""
from __future__ import annotations

from .. import families
from ..model import Label
from .base import Hit, View, words

NOTICE = Label("generic/notice", "notice", "archive or notice banner")

MAX_NOTICE_WORDS = 30


def is_notice(text: str) -> bool:
    return words(text) <= MAX_NOTICE_WORDS and families.line_family(text) == "notice"


def detect_notice(view: View) -> list[Hit]:
    units = view.units
    return [Hit(i, NOTICE) for i in view.free_among(view.features.in_family("notice")) if is_notice(units[i].text)]
