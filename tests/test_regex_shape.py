"""What regex_shape reads from an expression (first characters, first words, literals, widths), what folding folds, and where linescan finds strings: each checked against the regex engine or a plain search."""
from __future__ import annotations

import re
import sys

import pytest

from cleaner import folding, linescan, regex_shape

ALL_CHARS = "".join(chr(c) for c in range(0x80, sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def test_only_the_known_lookalikes_match_ascii_case_insensitively():
    # fold() relies on this: no other non-ASCII character matches an ASCII one under re.IGNORECASE
    found = set(re.findall("[\x00-\x7f]", ALL_CHARS, re.IGNORECASE))
    assert found == set("\u0130\u0131\u017f\u212a")


def test_fold_finds_what_the_engine_finds():
    for text in ["ſhare", "\u212aelvin", "İmage", "ımage", "Photo", "CONTRIBUTED", "naïve Zürich"]:
        for literal in ["share", "kelvin", "image", "photo", "contributed", "zürich"]:
            if literal.isascii():
                assert (literal in folding.fold(text)) == bool(re.search(re.escape(literal), text, re.IGNORECASE))


@pytest.mark.parametrize("expr, starts", [
    (r"share this", set("sS")),
    (r"(ap|afp) photo", set("aA")),
    (r"\(?(ap|epa) photo", set("(aAeE")),
    (r"\d+ comments", set("0123456789")),
    (r"(from the )?archives?", set("fFaA")),
    (r"(?-i:[A-Z])\w+ by", set("ABCDEFGHIJKLMNOPQRSTUVWXYZ")),
    (r"s", set("sS")),  # the engine matches the long s and the Kelvin sign too, but those are not ASCII
])
def test_first_chars(expr, starts):
    assert regex_shape.first_chars(expr) == starts


def test_first_chars_when_anything_can_start():
    assert len(regex_shape.first_chars(r".{0,60}delivered to your inbox")) >= 127  # all but the newline
    assert regex_shape.first_chars(r"(?=x)y") == set("yY")  # a lookahead consumes nothing


def test_required_literals():
    assert regex_shape.required_literals(r".{3,120} contributed (reporting )?to this (report|story)") == (" contributed ", "to this ")
    assert regex_shape.required_literals(r"(a|b)") == ()


def test_first_words():
    assert regex_shape.first_words(r"(share|tweet)( this)?") == {"share", "tweet"}
    assert regex_shape.first_words(r"comments?( \(\d+\))?") == {"comment", "comments"}
    assert regex_shape.first_words(r"\(?(ap|afp) photo") == {"", "ap", "afp"}
    assert regex_shape.first_words(r"(e-?mail|contact) us") == {"e", "email", "contact"}
    assert regex_shape.first_words(r"\d+ comments") == {""}
    assert regex_shape.first_words(r"ad(vert)?") == {"ad", "advert"}
    assert regex_shape.first_words(r".{0,60} inbox") is None  # any letters may start it
    assert regex_shape.first_words(r"[a-z]+ photo") is None
    assert regex_shape.first_words(r"s\w* photo") is None
    assert folding.first_word(folding.fold("ſhare This")) == "share"


@pytest.mark.parametrize("expr, width", [("ab{2,5}", 6), ("a+", None), (r"\(x[^()]{0,80}\)$", 83), ("(?:photo|image): .{2,6}$", 13)])
def test_max_width(expr, width):
    assert regex_shape.max_width(expr) == width
    if width is not None:  # no match is longer
        assert all(len(m) <= width for m in re.findall(f"(?:{expr})", "photo: abcdef (x" + "y" * 80 + ") abbbbb"))


@pytest.mark.parametrize("lines", [["a"], ["ab", "", "b a", "ba"], ["", ""], ["xa", "a", "aa"]])
def test_lines_holding_finds_each_line_once(lines):
    doc, starts = "\n".join(lines), linescan.line_starts(lines)
    assert starts[:-1] == [doc.index(line, sum(len(x) + 1 for x in lines[:i])) for i, line in enumerate(lines)]
    assert linescan.lines_holding(doc, starts, "a") == [i for i, line in enumerate(lines) if "a" in line]
    assert linescan.lines_holding(doc, starts, "a\n") == [i for i, line in enumerate(lines[:-1]) if line.endswith("a")]
