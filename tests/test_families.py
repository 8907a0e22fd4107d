"""Line families: the shortcuts behind families.line_family give the answer of the one combined expression."""
from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import families, folding, phrases
from article_text import BODY



def plain_family(text: str) -> str | None:
    """line_family without shortcuts: the combined expression on every line."""
    if len(text) > families.MAX_FAMILY_CHARS:
        return None
    m = families._families().fullmatch(text.strip(phrases.EDGE))
    return m.lastgroup if m else None


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
    assert families._line_family(text) == plain_family(text)


def test_line_family_on_every_line_of_the_seeds_and_fixtures():
    root = Path(__file__).resolve().parent.parent
    texts = [p.read_text("utf-8") for p in [*root.glob("seeds/*.txt"), *root.glob("fixtures/**/*.txt")]]
    lines = {line.strip() for text in texts for line in text.splitlines() if line.strip()}
    variants = {v for line in lines for v in (line, line.upper(), line.lower(), line[:40])}
    assert len(variants) > 500
    for line in variants:
        assert families._line_family(line) == plain_family(line), line


def test_line_families_are_line_family_of_each():
    lines = [v for line in LINES for v in (line, line.upper(), "\u0130" + line, line + " \u212a")]
    families._known_families.clear()
    assert families.line_families(lines) == [plain_family(line) for line in lines]
    assert families.line_families(lines) == [families.line_family(line) for line in lines]  # now known


def test_line_family_whatever_the_first_character():
    for line in LINES:
        rest = line.strip(phrases.EDGE)[1:]
        for c in map(chr, range(32, 128)):
            assert families._line_family(c + rest) == plain_family(c + rest), c + rest


def test_line_families_skip_only_lines_that_fit_nothing():
    # line_families asks family() only of the lines may_fit lets through: every line of the seeds
    # and fixtures, and each led by edge punctuation or cased otherwise, must still get its family
    root = Path(__file__).resolve().parent.parent
    texts = [p.read_text("utf-8") for p in [*root.glob("seeds/*.txt"), *root.glob("fixtures/**/*.txt")]]
    lines = sorted({line.strip() for text in texts for line in text.splitlines() if line.strip()} | set(LINES))
    variants = [v for line in lines for v in (line, line.upper(), "• " + line, "(" + line + ")", "\u0130" + line)]
    families._known_families.clear()
    got = families.line_families(variants)
    assert sum(1 for g in got if g) > 50
    assert got == [plain_family(v) for v in variants]


def test_line_families_with_the_callers_folds():
    lines = [v for line in LINES for v in (line, "— " + line, line + "\nShare this")]
    folded = list(map(folding.fold, lines))
    families._known_families.clear()
    assert families.line_families(lines, folded, list(map(folding.first_word, folded))) == list(map(plain_family, lines))


