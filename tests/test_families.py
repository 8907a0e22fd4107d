"""The shortcuts behind phrases.line_family give the answer of the one combined expression."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from cleaner import phrases
from article_text import BODY

ALL_CHARS = "".join(chr(c) for c in range(0x80, sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def plain_family(text: str) -> str | None:
    """line_family without shortcuts: the combined expression on every line."""
    if len(text) > phrases.MAX_FAMILY_CHARS:
        return None
    m = phrases._families().fullmatch(text.strip(phrases._EDGE))
    return m.lastgroup if m else None


def test_only_the_known_lookalikes_match_ascii_case_insensitively():
    # fold() relies on this: no other non-ASCII character matches an ASCII one under re.IGNORECASE
    found = set(re.findall("[\x00-\x7f]", ALL_CHARS, re.IGNORECASE))
    assert found == set("\u0130\u0131\u017f\u212a")


def test_fold_finds_what_the_engine_finds():
    for text in ["ſhare", "\u212aelvin", "İmage", "ımage", "Photo", "CONTRIBUTED", "naïve Zürich"]:
        for literal in ["share", "kelvin", "image", "photo", "contributed", "zürich"]:
            if literal.isascii():
                assert (literal in phrases.fold(text)) == bool(re.search(re.escape(literal), text, re.IGNORECASE))


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
    assert phrases.first_chars(expr) == starts


def test_first_chars_when_anything_can_start():
    assert len(phrases.first_chars(r".{0,60}delivered to your inbox")) >= 127  # all but the newline
    assert phrases.first_chars(r"(?=x)y") == set("yY")  # a lookahead consumes nothing


def test_required_literals():
    assert phrases.required_literals(r".{3,120} contributed (reporting )?to this (report|story)") == (" contributed ", "to this ")
    assert phrases.required_literals(r"(a|b)") == ()


LINES = [
    "Share this article", "SHARE THIS", "ſhare this", "\u212aomments", "Comments (3)", "3 comments", "(AP Photo/Jane Doe)",
    "Jane Doe/Getty Images", "Jane Doe / AFP via Getty Images", "Reporting by Will Dunham; Editing by Tom Brown",
    "John Smith contributed reporting to this story.", "She may be reached at jane@example.com.",
    "Get the news delivered straight to your inbox", "Council votes [VIDEO]", "", "...", "“Share this”",
    "İmage 3 of 12", "é", "Advertisement", "Related: The council meets", *BODY,
    # other languages: classes such as [áa] in the expressions
    "Comentários (3)", "3 comentarios", "Deixe um comentário", "Foto: Reuters", "Crédit photo : AFP", "Cr\u00e9dit photo: AFP",
    "Fotografía: EFE", "Tópicos: eleições, senado", "Mots-clés : élection", "À lire aussi: le conseil", "a lire aussi",
    "Leia também: o conselho", "ATENÇÃO: Os comentários ofensivos não serão aprovados pelo moderador.",
    "Tempo de leitura: 1 minuto", "4 min read", "Kommentare", "Schlagwörter: Wahl", "写真：共同", "[사진=MBC, SBS]",
    "Sign up for our newsletter", "Get the best stories delivered to your inbox", "Tags: election, senate",
]


@pytest.mark.parametrize("text", LINES)
def test_line_family_is_the_combined_expression(text):
    assert phrases._line_family(text) == plain_family(text)


def test_line_family_on_every_line_of_the_seeds_and_fixtures():
    root = Path(__file__).resolve().parent.parent
    texts = [p.read_text("utf-8") for p in [*root.glob("seeds/*.txt"), *root.glob("fixtures/**/*.txt")]]
    lines = {line.strip() for text in texts for line in text.splitlines() if line.strip()}
    variants = {v for line in lines for v in (line, line.upper(), line.lower(), line[:40])}
    assert len(variants) > 500
    for line in variants:
        assert phrases._line_family(line) == plain_family(line), line


def test_first_words():
    assert phrases.first_words(r"(share|tweet)( this)?") == {"share", "tweet"}
    assert phrases.first_words(r"comments?( \(\d+\))?") == {"comment", "comments"}
    assert phrases.first_words(r"\(?(ap|afp) photo") == {"", "ap", "afp"}
    assert phrases.first_words(r"(e-?mail|contact) us") == {"e", "email", "contact"}
    assert phrases.first_words(r"\d+ comments") == {""}
    assert phrases.first_words(r"ad(vert)?") == {"ad", "advert"}
    assert phrases.first_words(r".{0,60} inbox") is None  # any letters may start it
    assert phrases.first_words(r"[a-z]+ photo") is None
    assert phrases.first_words(r"s\w* photo") is None
    assert phrases.first_word(phrases.fold("ſhare This")) == "share"


def test_line_families_are_line_family_of_each():
    lines = [v for line in LINES for v in (line, line.upper(), "\u0130" + line, line + " \u212a")]
    phrases._known_families.clear()
    assert phrases.line_families(lines) == [plain_family(line) for line in lines]
    assert phrases.line_families(lines) == [phrases.line_family(line) for line in lines]  # now known


def test_line_family_whatever_the_first_character():
    for line in LINES:
        rest = line.strip(phrases._EDGE)[1:]
        for c in map(chr, range(32, 128)):
            assert phrases._line_family(c + rest) == plain_family(c + rest), c + rest


def test_line_families_skip_only_lines_that_fit_nothing():
    # line_families asks family() only of the lines may_fit lets through: every line of the seeds
    # and fixtures, and each led by edge punctuation or cased otherwise, must still get its family
    root = Path(__file__).resolve().parent.parent
    texts = [p.read_text("utf-8") for p in [*root.glob("seeds/*.txt"), *root.glob("fixtures/**/*.txt")]]
    lines = sorted({line.strip() for text in texts for line in text.splitlines() if line.strip()} | set(LINES))
    variants = [v for line in lines for v in (line, line.upper(), "• " + line, "(" + line + ")", "\u0130" + line)]
    phrases._known_families.clear()
    got = phrases.line_families(variants)
    assert sum(1 for g in got if g) > 50
    assert got == [plain_family(v) for v in variants]


def test_line_families_with_the_callers_folds():
    lines = [v for line in LINES for v in (line, "— " + line, line + "\nShare this")]
    folded = list(map(phrases.fold, lines))
    phrases._known_families.clear()
    assert phrases.line_families(lines, folded, list(map(phrases.first_word, folded))) == list(map(plain_family, lines))


@pytest.mark.parametrize("expr, width", [("ab{2,5}", 6), ("a+", None), (r"\(x[^()]{0,80}\)$", 83), ("(?:photo|image): .{2,6}$", 13)])
def test_max_width(expr, width):
    assert phrases.max_width(expr) == width
    if width is not None:  # no match is longer
        assert all(len(m) <= width for m in re.findall(f"(?:{expr})", "photo: abcdef (x" + "y" * 80 + ") abbbbb"))


@pytest.mark.parametrize("lines", [["a"], ["ab", "", "b a", "ba"], ["", ""], ["xa", "a", "aa"]])
def test_lines_holding_finds_each_line_once(lines):
    doc, starts = "\n".join(lines), phrases.line_starts(lines)
    assert starts[:-1] == [doc.index(line, sum(len(x) + 1 for x in lines[:i])) for i, line in enumerate(lines)]
    assert phrases.lines_holding(doc, starts, "a") == [i for i, line in enumerate(lines) if "a" in line]
    assert phrases.lines_holding(doc, starts, "a\n") == [i for i, line in enumerate(lines[:-1]) if line.endswith("a")]
