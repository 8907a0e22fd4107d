"""The article block's end on a whole page's text: walls of page furniture, lone paragraphs after the article,
and the fixed point that keeps cleaning idempotent (cleaner/heuristics/block.py)."""
from __future__ import annotations

import pytest

from article_text import BODY
from cleaner.config import Config
from cleaner.heuristics.block import blocks_of
from cleaner.model import Label
from cleaner.pipeline import Cleaner

CLEANER = Cleaner(Config(builtin_rules=False))
TITLE = "Council approves riverside housing plan"
TOP = ["Home", "News", "Sport", "Business", TITLE]  # a menu and the headline: the article does not open the text
BIO = ("Jane Doe has covered city hall and the regional transport authority for the paper since 2012, and before "
       "that she reported on courts.")
BLURB = ("Riverside Media is an independent publisher of local news, serving readers across the valley with "
         "reporting on politics, business and sport.")
BLURB2 = ("Its reporters work from newsrooms in three towns, and its weekly print edition reaches more than forty "
          "thousand homes every Thursday morning.")
SHARE = ["Share on Facebook", "Share on Twitter", "Related Articles"]  # generic/social twice, generic/related
MENU = ["Local", "Weather", "Jobs", "Contact"]  # generic/navigation (also found inside articles: no wall)


def outside(lines: list[str], **kw: str) -> list[str]:
    article = CLEANER.clean("\n\n".join(lines), **kw)
    assert CLEANER.clean(article.text, **kw).text == article.text  # idempotent on every fixture
    return [line for r in article.removed if r.rule == "generic/outside" for line in r.text.split("\n")]


@pytest.mark.parametrize("lines, dropped", [
    pytest.param([*TOP, *BODY, *SHARE, BLURB, BLURB2], [BLURB, BLURB2], id="prose-beyond-share-wall"),
    pytest.param([*TOP, *BODY, *MENU, BLURB, BLURB2], [], id="prose-beyond-menu-kept"),
    pytest.param([*TOP, *BODY, "Share on Facebook", "About the author", BIO], ["About the author", BIO], id="bio-island"),
    pytest.param([*TOP, *BODY, "Share on Facebook", BIO], [], id="one-share-bar-then-paragraph-kept"),
    pytest.param([*TOP, *BODY[:2], "Share on Facebook", "About the author", BIO], [], id="island-needs-a-body-before"),
    pytest.param([*TOP, *BODY, "Share on Facebook", "About the author", BLURB, BLURB2], [], id="two-paragraphs-are-no-island"),
])
def test_block_end_on_page_text(lines: list[str], dropped: list[str]) -> None:
    assert outside(lines) == dropped


@pytest.mark.parametrize("lines", [
    pytest.param([*TOP, *BODY, *SHARE, BLURB, BLURB2], id="wall"),
    pytest.param([*TOP, *BODY, "Share on Facebook", "About the author", BIO], id="island"),
])
def test_extracted_text_has_no_walls_nor_islands(lines: list[str]) -> None:
    """An extractor's pick of a page's main content (HTML input: a page title is given) left the page's furniture
    out already: what follows a removed unit there stays. (The short menu above the title may go as outside: a run
    of four short lines there is not taken as navigation, which needs six in an extractor's pick.)"""
    assert outside(lines, page_title=TITLE) == TOP[:4]


def test_a_wall_holds_removed_units_of_page_furniture_only() -> None:
    texts = ["Home", "News", "Sport", *BODY, "a", "b", "c", BLURB, BLURB2]
    social = Label("generic/social", "social", "share bar")
    caption = Label("generic/caption", "caption", "caption")
    assert blocks_of(texts, [None] * 7 + [social] * 3 + [None] * 2, extracted=False) == [(3, 6)]
    assert blocks_of(texts, [None] * 7 + [caption] * 3 + [None] * 2, extracted=False) == [(3, 11)]


def test_kept_units_read_alone_keep_themselves() -> None:
    """The fixed point: what outside keeps, cleaned again without the removed units, is kept whole."""
    raw = "\n".join(["The the the the the the the the the.", "Advertisement", "The the the the.", "The the the the.",
                     "0", "The the the the."])
    article = CLEANER.clean(raw)
    assert [r.rule for r in article.removed] == ["generic/promo", "generic/outside"]
    assert CLEANER.clean(article.text).removed == ()


@pytest.mark.parametrize("lines, found", [
    # nothing taken between the headline rule's look and the outside rule's: the blocks found are reused
    pytest.param([*MENU, *BODY, *SHARE], 1, id="nothing-taken-since-reuses"),
    # the headline rule takes a title that scored under -REMOVED_COST above the block: taking it raises its score,
    # by too little to move the block (block._raised_above): reused
    pytest.param([*TOP, *BODY], 1, id="title-raised-above-the-block-reuses"),
    # ... and a copy of the title below the block (generic/duplicate): found again
    pytest.param([*TOP, *BODY, TITLE], 2, id="title-copy-below-the-block-finds-again"),
])
def test_blocks_found_again_only_when_labels_inside_may_change_them(lines: list[str], found: int,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from cleaner.heuristics import block

    calls: list[int] = []
    real = block.blocks_of

    def counting(*args, **kwargs):
        if kwargs.get("final") is not None or len(args) > 4:
            calls.append(1)  # (article_blocks' call; kept_span reads the kept units alone as well)
        return real(*args, **kwargs)

    monkeypatch.setattr(block, "blocks_of", counting)
    article = CLEANER.clean("\n\n".join(lines))
    assert len(calls) == found
    # the same article as when the blocks are always found again (reuse switched off)
    monkeypatch.setattr(block, "_fell_above", lambda *a: False)
    monkeypatch.setattr(block, "_raised", lambda *a: None)
    calls.clear()
    assert article == CLEANER.clean("\n\n".join(lines))
    assert len(calls) == 2


@pytest.mark.parametrize("taken, scores_there, holds", [
    ([], -2.0, True),  # nothing taken since
    ([1], -2.0, True),  # taken above the first block (it starts at 3), its score can only fall: the blocks hold
    ([1], -4.5, False),  # ... but it scored under -REMOVED_COST: taking it raises its score
    ([3], 5.0, False),  # taken inside the first block
])
def test_still_the_blocks(taken: list[int], scores_there: float, holds: bool) -> None:
    from cleaner.heuristics.block import _still_the_blocks

    label = Label("generic/test", "test", "a test")
    before: list[Label | None] = [None] * 8
    now = [label if i in taken else None for i in range(8)]
    scores = [-2.0, scores_there, -1.0, 5.0, 6.0, 7.0, -3.0, -3.0]
    assert _still_the_blocks(before, scores, [(3, 5)], now) is holds
    assert _still_the_blocks(before, scores, [], now) is (not taken)  # no block: only the same labels hold


def test_menu_split_by_a_copy_of_the_title_is_one_menu() -> None:
    """Menu entries between paragraphs, a copy of the title among them (taken by the headline rule, which runs after
    navigation): the entries are one run of four, as cleaning the output again (without the copy) finds them."""
    lines = [TITLE, *BODY[:2], "Specialty moves", "Flat-rate quotes", TITLE, "Trained crews", "Colonial Van Lines", *BODY[2:]]
    article = CLEANER.clean("\n\n".join(lines))
    assert [(r.rule, r.text) for r in article.removed] == [
        ("generic/title", TITLE),
        ("generic/navigation", "Specialty moves\nFlat-rate quotes"),
        ("generic/duplicate", TITLE),
        ("generic/navigation", "Trained crews\nColonial Van Lines"),
    ]
    assert CLEANER.clean(article.text).text == article.text


def test_copy_of_the_page_title_in_other_case_is_a_duplicate() -> None:
    """HTML input: the page's title is matched whatever its case and spacing, so its copies are too (a second
    cleaning would otherwise take the first copy within reach for the title)."""
    variant = TITLE.title()  # "Council Approves Riverside Housing Plan"
    lines = [TITLE, *BODY[:2], variant, *BODY[2:]]
    article = CLEANER.clean("\n\n".join(lines), page_title=TITLE)
    assert [(r.rule, r.text) for r in article.removed] == [("generic/title", TITLE), ("generic/duplicate", variant)]
    assert CLEANER.clean(article.text, page_title=TITLE).text == article.text
