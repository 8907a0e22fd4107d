"""Detect comment prompts and comment-section debris."""
from __future__ import annotations

from .. import phrases
from ..model import Label
from .base import Hit, View, words

COMMENTS = Label("generic/comments", "comments", "comment prompt or comment-section debris")

MAX_PROMPT_WORDS = 16


def is_comment_prompt(text: str) -> bool:
    return words(text) <= MAX_PROMPT_WORDS and bool(phrases.pattern("comments").fullmatch(text))


def detect_comments(view: View) -> list[Hit]:
    return [Hit(i, COMMENTS) for i in view.free_indices() if is_comment_prompt(view.units[i].text)]
