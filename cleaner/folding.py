"""Fold text so that a lower-case ASCII literal is `in` it wherever it matches case-insensitively (case, and the four non-ASCII look-alikes of ASCII letters)."""
from __future__ import annotations

import re


# The only non-ASCII characters that match an ASCII letter case-insensitively
# (tests/test_regex_shape.py checks this against the regex engine).
_ASCII_LOOKALIKES = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


LOOKALIKES = "\u0130\u0131\u017f\u212a"
_LOOKALIKE = re.compile(f"[{LOOKALIKES}]")  # (faster than four `in` on a line, slower on a document)
LEADING_LETTERS = re.compile("[a-z]*")


def first_word(line: str) -> str:
    """The run of ASCII letters a folded line starts with."""
    return LEADING_LETTERS.match(line).group()  # type: ignore[union-attr]


def has_lookalike(text: str) -> bool:
    """Whether text holds one of the non-ASCII characters that fold() maps to an ASCII letter."""
    if text.isascii():
        return False
    return _LOOKALIKE.search(text) is not None if len(text) < 1000 else any(c in text for c in LOOKALIKES)


def fold(text: str) -> str:
    """Lower-cased so that a lower-case ASCII literal is `in` it wherever it matches text case-insensitively."""
    if has_lookalike(text):
        text = text.translate(_ASCII_LOOKALIKES)
    return text.lower()
