"""The shortcuts the detectors take give the answers of the plain definitions they replace."""
from __future__ import annotations

import itertools
import re

import pytest

from cleaner import families, folding, lines, phrases
from cleaner.heuristics import base, byline, credits
from cleaner.heuristics.features import ENDING_CHARS, Features, merged
from article_text import BODY

TRICKY = [
    "", " ", "a", "_", "a_b", "don't", "U.S.", "e-mail", "3.5%", "café au lait", "naïve—test", "’quoted’ text",
    "x\u0301y", "٣٤ digits", "a\u00b2b", "\u2160 roman", "日本語のテキスト", "a・b", "テ・ス", "x\u30a0y", "Zürich 2019",
    "Москва сегодня", "ſhare \u212aelvin İstanbul ırmak", "tab\tand\u00a0nbsp", *BODY,
]


# the Python reference and what cleaning uses (the C version, where it was built)
WORDS = {"python": base.words_py.__wrapped__, "in use": base.words}
ENDS_SENTENCE = {"python": base.ends_sentence_py, "in use": base.ends_sentence}


@pytest.mark.parametrize("impl", WORDS)
@pytest.mark.parametrize("text", TRICKY)
def test_words_counts_word_runs_and_cjk_pairs(text, impl):
    assert WORDS[impl](text) == len(re.findall(r"\w+", text)) + len(base._CJK.findall(text)) // 2


@pytest.mark.parametrize("impl", ENDS_SENTENCE)
def test_ends_sentence_is_the_sentence_end_expression(impl):
    alphabet = ["a", ".", "!", "?", "…", ":", "。", ")", "]", '"', "”", "’", "'", "»", "」", "\n", " "]
    for n in range(5):
        for chars in itertools.product(alphabet, repeat=n):
            text = "".join(chars)
            assert ENDS_SENTENCE[impl](text) == bool(base._SENTENCE_END.search(text)), repr(text)


DOC = [
    "Share this article", "Home > News > World", "bookmarkicon shareicon printicon", "By Jane Doe, Staff Writer",
    "The Daily Newsletter", "3 hours ago", "Nov 18, 2019", "Photo: Jane Doe (AP)", "Read more", "ſtart here",
    "Copyright © 2019", "\u212aelvin ICON", "İcon", *BODY, "Share this article", "Comments (3)",
]


@pytest.fixture
def features() -> Features:
    return Features(lines.segment("\n".join(DOC)))


@pytest.mark.parametrize("needles", [("icon",), ("newsletter",), ("©", "(c)", " by"), ("19", "20"), (": ",), ("start",)])
def test_containing_finds_every_unit_holding_a_needle(features, needles):
    expect = [i for i, t in enumerate(features.texts) if any(n in folding.fold(t) for n in needles)]
    assert features.containing(*needles) == expect


@pytest.mark.parametrize("suffixes", [("ago",), (")", "less", "more"), ("article",)])
def test_ending(features, suffixes):
    expect = [i for i, t in enumerate(features.texts) if folding.fold(t).endswith(suffixes)]
    assert features.ending(*suffixes) == expect


def test_ending_in(features):
    roles = tuple(phrases.folded("byline_roles"))
    expect = [i for i, t in enumerate(features.texts)
              if len(t) <= ENDING_CHARS and t.rstrip(phrases.EDGE).casefold().endswith(roles)]
    assert features.ending_in(roles) == expect
    assert features.ending_in(["writer)."]) == [i for i in expect if features.texts[i].casefold().endswith("writer")]


def test_ending_in_reaches_the_lines_that_ask():
    assert byline.MAX_BYLINE_CHARS <= ENDING_CHARS and credits.MAX_AGENCY_LINE_CHARS <= ENDING_CHARS


def test_families_and_repeats(features):
    texts = features.texts
    assert features.in_family("social") == [i for i, t in enumerate(texts) if families.line_family(t) == "social"]
    assert features.in_family("social", "related") == [
        i for i, t in enumerate(texts) if families.line_family(t) in ("social", "related")]
    assert features.repeated == [i for i, t in enumerate(texts) if texts.count(t) > 1]
    assert features.where(str.isupper) == [i for i, t in enumerate(texts) if t.isupper()]
    assert features.each(len) == [len(t) for t in texts]


def test_merged():
    assert merged([3, 1], (2, 3), iter([0])) == [0, 1, 2, 3]


def test_fold_keeps_every_character_one_character():
    # Features relies on it to find the units in the folded document by their offsets
    text = "".join(map(chr, range(0x110000)))
    assert len(folding.fold(text)) == len(text)


@pytest.mark.parametrize("tail", [")", ")\n"])
def test_caption_end_shapes_reach_as_far_as_the_longest_match(tail):
    # the longest end shape (an agency credit in brackets), ending the line or before a final newline
    text = "Note: a picture (Reuters" + "a" * 80 + tail
    assert credits.is_caption_shaped.__wrapped__(text)
    assert not credits.is_caption_shaped.__wrapped__("Note: a picture (Reuters" + "a" * 81 + tail)


def test_of_all_asks_a_function_of_all_the_texts_once(features):
    calls = []

    def count(texts):
        calls.append(len(texts))
        return len(texts)

    assert features.of_all(count) == features.of_all(count) == len(features.texts)
    assert calls == [len(features.texts)]
