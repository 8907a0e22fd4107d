"""Detect comment prompts and comment-section debris."""
from __future__ import annotations

from .. import families
from ..model import Label
from .base import Hit, View, hits, is_body_like, words

COMMENTS = Label("generic/comments", "comments", "comment prompt or comment-section debris")
COMMENT_SECTION = Label("generic/comment-section", "comments", "the comment section, from its heading to the end")

MAX_PROMPT_WORDS = 16
MAX_NOTICE_WORDS = 40  # comment moderation notices run long; their phrases are specific
MIN_ARTICLE_WORDS = 80  # a comment heading counts only below this much prose


def is_comment_prompt(text: str) -> bool:
    family = families.line_family(text)
    if family == "comments":
        return words(text) <= MAX_NOTICE_WORDS
    return family == "comment_headers" and words(text) <= MAX_PROMPT_WORDS


def detect_comments(view: View) -> list[Hit]:
    units = view.units
    candidates = view.features.in_family("comments", "comment_headers")
    return [Hit(i, COMMENTS) for i in view.free_among(candidates) if is_comment_prompt(units[i].text)]


def is_comment_heading(text: str) -> bool:
    return len(text) < 250 and families.line_family(text) == "comment_headers"


def detect_comment_section(view: View) -> list[Hit]:
    """Everything from a comment-section heading on, once enough of the article stands above it."""
    headings = {i for i in view.features.in_family("comment_headers") if is_comment_heading(view.units[i].text)}
    if not headings:
        return []
    prose = 0
    for i, (unit, label) in enumerate(zip(view.units[: max(headings) + 1], view.labels)):
        heading_ok = label is None or label.category == "comments"
        if heading_ok and prose >= MIN_ARTICLE_WORDS and i in headings:
            return hits(view.free_among(range(i, len(view.units))), COMMENT_SECTION)
        if label is None and is_body_like(unit.text):
            prose += words(unit.text)
    return []
