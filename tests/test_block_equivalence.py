"""The block rule's fast paths (cleaner/heuristics/block.py) give what the reference they stand in for gives:
hard-wrapped lines from each unit's start and end, a subset's free scores from the document's, repeated prose
looked for among the repeated units only, and the blocks found before the headline rule took its title kept."""
from __future__ import annotations

import random
from types import SimpleNamespace

import pytest

from cleaner.heuristics import block
from cleaner.heuristics.features import Features
from cleaner.model import Label

PROSE = "the council said on monday that the plan would go ahead after a long and heated debate, its chair said."
WRAPPED = ["The council met on Monday and said that the new housing plan for",
           "the riverside would go ahead, after a debate that ran for more than",
           "three hours, and that building could start in the spring of next year",
           "once the last of the permits, now with the regional authority, are in."]

def _facts(texts: list[str]) -> tuple[list[float], list[int] | None, list[float]]:
    return block._facts(Features([SimpleNamespace(text=t) for t in texts]))  # type: ignore[list-item]


WRAP_CASES = {
    "wrapped-lines": WRAPPED,
    "one-line": WRAPPED[:1],
    "empty": [],
    "empty-units-between": [WRAPPED[0], "", WRAPPED[1]],
    "empty-first-unit": ["", WRAPPED[1], WRAPPED[2]],
    "empty-last-unit": [*WRAPPED, ""],
    "line-ends-on-a-full-stop": [WRAPPED[0] + ".", WRAPPED[1]],
    "line-ends-on-a-comma": [WRAPPED[0] + ",", WRAPPED[1]],
    "line-ends-on-a-digit": [WRAPPED[0] + " 12", WRAPPED[1]],
    "line-ends-on-an-accented-letter": [WRAPPED[0] + " café", WRAPPED[1]],
    "line-ends-on-a-space": [WRAPPED[0] + " ", WRAPPED[1]],
    "next-starts-upper-case": [WRAPPED[0], "The riverside would go ahead, after a debate that ran"],
    "next-starts-with-a-comma": [WRAPPED[0], "riverside, would go ahead after a debate that ran"],
    "next-is-one-word": [WRAPPED[0], "riverside"],
    "next-starts-accented": [WRAPPED[0], "élan would go ahead after a debate that ran for"],
    "short-line-before": ["the plan for", WRAPPED[1]],
    "short-line-after": [WRAPPED[0], "the riverside plan"],
    "all-short": ["a b c", "d e f", "g h i"],
}


@pytest.mark.parametrize("texts", list(WRAP_CASES.values()), ids=list(WRAP_CASES))
def test_wrapped_pairs_are_hard_wrapped(texts: list[str]) -> None:
    starts = block._wrap_starts(texts)
    assert starts is not None
    assert block._wrapped_pairs(texts, starts) == block.hard_wrapped(texts)
    assert _facts(texts)[2] == block.free_scores(texts)


@pytest.mark.parametrize("texts", [
    pytest.param([WRAPPED[0] + "\nthe river", WRAPPED[1]], id="newline-inside-a-unit"),
    pytest.param(["\n" + WRAPPED[0], WRAPPED[1], "last"], id="unit-starting-with-a-newline"),
    pytest.param([WRAPPED[0] + "\n", WRAPPED[1]], id="unit-ending-with-a-newline"),
])
def test_units_with_newlines_are_left_to_hard_wrapped(texts: list[str]) -> None:
    """hard_wrapped also breaks lines inside units: the per-unit facts do not say, and are not used."""
    assert block._wrap_starts(texts) is None
    assert _facts(texts)[2] == block.free_scores(texts)


def _random_texts(rng: random.Random, n: int) -> list[str]:
    pool = [*WRAPPED, PROSE, PROSE.capitalize(), "Home", "News", "", "Share on Facebook", "- a list item",
            "Council approves riverside housing plan", "and then more lower case words follow here now",
            "Arsenal 2 - 1 Chelsea", "www.example.com", "3. Third item in the list",
            "Residents were told on Tuesday that the plan would be put to a vote next month.",
            "the line goes on in lower case, and is long enough to count as prose here"]
    return [rng.choice(pool) for _ in range(n)]


@pytest.mark.parametrize("seed", range(40))
def test_free_scores_of_kept_units_from_the_documents(seed: int) -> None:
    rng = random.Random(seed)
    texts = _random_texts(rng, rng.randint(0, 40))
    if seed % 5 == 0 and texts:
        texts[rng.randrange(len(texts))] += "\nthe line goes on in lower case, and long enough"
    units, starts, free = _facts(texts)
    assert free == block.free_scores(texts)
    for _ in range(10):
        kept = sorted(rng.sample(range(len(texts)), rng.randint(0, len(texts))))
        sub = [texts[i] for i in kept]
        assert block._free_among(texts, kept, units, starts) == block.free_scores(sub)


@pytest.mark.parametrize("seed", range(40))
def test_repeated_prose_among_the_repeated_units(seed: int) -> None:
    rng = random.Random(seed)
    texts = _random_texts(rng, rng.randint(0, 40))
    counts = {t: texts.count(t) for t in texts}
    repeated = [i for i, t in enumerate(texts) if counts[t] > 1]
    scores = [rng.choice([-4.0, -1.0, 0.0, 1.0, 1.5, 12.0]) for _ in texts]
    ref, fast = list(scores), list(scores)
    assert block._repeated_prose(texts, scores, repeated) == block._repeated_prose(texts, scores)
    assert block._repeated_prose_as_gaps(texts, fast, repeated) == block._repeated_prose_as_gaps(texts, ref)
    assert fast == ref
    wider = sorted(set(repeated) | set(rng.sample(range(len(texts)), len(texts) // 3)))  # (a superset will do)
    fast = list(scores)
    block._repeated_prose_as_gaps(texts, fast, wider)
    assert fast == ref


def test_repeated_prose_marked() -> None:
    texts = [PROSE, "Home", PROSE, "Home"]
    scores = [20.0, -2.5, 20.0, -2.5]
    assert block._repeated_prose_as_gaps(texts, scores, [0, 1, 2, 3]) is True
    assert scores == [20.0, -2.5, -block.REMOVED_COST, -2.5]


TITLE_LABEL = Label("generic/title", "metadata", "the headline")
DUP_LABEL = Label("generic/duplicate", "duplicate", "repeat")
FURNITURE = [Label("generic/social", "social", "share bar"), Label("generic/navigation", "navigation", "menu"),
             Label("generic/footer", "footer", "footer")]
PAGE_POOL = [*WRAPPED, PROSE.capitalize(), "Home", "News", "Sport", "Business", "", "Share on Facebook",
             "Council approves riverside housing plan", "Mayor Names New Head Of The Regional Transport Authority",
             "Residents were told on Tuesday that the plan would be put to a vote next month.",
             "- a list item", "Arsenal 2 - 1 Chelsea", "Read more", "Short teaser sentence here."]


BODY = ["Residents were told on Tuesday that the plan would be put to a vote next month, after a long debate.",
        "The chair said the council had listened to every objection and changed the plan where it could.",
        "Building could start in the spring of next year, once the last of the permits are in."]


def _page(rng: random.Random) -> tuple[list[str], list[Label | None]]:
    """Some page furniture, headlines and teasers; often an article's body; more of the same."""
    texts = [rng.choice(PAGE_POOL) for _ in range(rng.randint(0, 12))]
    if rng.random() < 0.8:
        texts += [rng.choice(BODY) for _ in range(rng.randint(1, 6))]
    texts += [rng.choice(PAGE_POOL) for _ in range(rng.randint(0, 12))]
    labels: list[Label | None] = [rng.choice(FURNITURE) if rng.random() < 0.25 else None for _ in texts]
    return texts, labels


def _found_again(seed: int, extracted: bool) -> tuple[int, int]:
    """Random pages: the blocks found, then units above the first block taken as the headline rule takes them;
    wherever _raised_above keeps the blocks, finding them again gives the same blocks and final scores.
    (hits, tries)"""
    rng = random.Random(seed)
    hits = tries = 0
    for _ in range(200):
        texts, labels = _page(rng)
        free = block.free_scores(texts)
        scores: list[float] = []
        trace: list = []
        blocks = block.blocks_of(texts, labels, extracted, free, scores, trace=trace)
        if not blocks:
            continue
        above = [i for i in range(blocks[0][0] if rng.random() < 0.8 else len(texts)) if labels[i] is None]
        if rng.random() < 0.7:  # (mostly what the headline rule takes: a headline, scored under a removal)
            above = [i for i in above if free[i] <= -block.REMOVED_COST] or above
        if not above:
            continue
        now = list(labels)
        for i in rng.sample(above, rng.randint(1, min(3, len(above)))):
            now[i] = rng.choice([TITLE_LABEL, TITLE_LABEL, DUP_LABEL, FURNITURE[0]])
        tries += 1
        final = block._raised_above(tuple(labels), scores, blocks, tuple(trace), now)
        if final is None:
            continue
        hits += 1
        again: list[float] = []
        assert block.blocks_of(texts, now, extracted, free, again) == blocks, (texts, labels, now)
        assert again == final
    return hits, tries


@pytest.mark.parametrize("extracted", [False, True], ids=["page", "extracted"])
@pytest.mark.parametrize("seed", range(12))
def test_raised_above_keeps_only_the_blocks_found_again(seed: int, extracted: bool) -> None:
    hits, tries = _found_again(seed, extracted)
    assert tries


@pytest.mark.parametrize("extracted", [False, True], ids=["page", "extracted"])
def test_raised_above_is_asked_often(extracted: bool) -> None:
    """(The test above must see the fast path taken, many times, to say anything.)"""
    hits = sum(_found_again(seed, extracted)[0] for seed in range(12))
    assert hits >= 50


@pytest.mark.parametrize("case", ["inside-the-block", "furniture", "scored-over-a-removal", "several-blocks"])
def test_raised_above_declines(case: str) -> None:
    """Where the test does not hold, the blocks are found again."""
    body = [*BODY, WRAPPED[0] + " at last."]
    texts = ["Home", "News", "Council approves riverside housing plan", *body]
    labels: list[Label | None] = [None] * len(texts)
    scores: list[float] = []
    trace: list = []
    blocks = block.blocks_of(texts, labels, False, None, scores, trace=trace)
    assert blocks == [(3, 6)]
    now = list(labels)
    now[2] = TITLE_LABEL
    assert block._raised_above(tuple(labels), scores, blocks, tuple(trace), now) is not None  # (the case it holds)
    if case == "inside-the-block":
        now[4] = DUP_LABEL
    elif case == "furniture":
        now[2] = FURNITURE[0]
    elif case == "scored-over-a-removal":
        now[2], now[0] = None, TITLE_LABEL  # ("Home" scores -2.5: taking it lowers it; _still_the_blocks' case)
    else:
        blocks = [(3, 4), (5, 6)]
    assert block._raised_above(tuple(labels), scores, blocks, tuple(trace), now) is None


@pytest.mark.parametrize("extracted", [False, True], ids=["page", "extracted"])
@pytest.mark.parametrize("top, title", [
    pytest.param(["Share on Facebook", "Share on Twitter", "Council Approves Riverside Housing Plan", "Share by mail"],
                 2, id="headline-inside-a-wall"),
    pytest.param(["Home", "News", "Council Approves Riverside Housing Plan"], 2, id="headline-above"),
    pytest.param(["Council Approves Riverside Housing Plan"], 0, id="headline-first"),
    pytest.param(["Home", "Council Approves Riverside Housing Plan", "Mayor Names New Head Of Transport"], 2,
                 id="two-headlines"),
])
def test_raised_above_on_a_page(top: list[str], title: int, extracted: bool) -> None:
    texts = [*top, *BODY, WRAPPED[0] + " at last."]
    social = FURNITURE[0]
    labels: list[Label | None] = [social if t.startswith("Share") else None for t in texts]
    scores: list[float] = []
    trace: list = []
    blocks = block.blocks_of(texts, labels, extracted, None, scores, trace=trace)
    assert blocks == [(len(top), len(texts) - 1)]
    now = list(labels)
    now[title] = TITLE_LABEL
    final = block._raised_above(tuple(labels), scores, blocks, tuple(trace), now)
    assert final is not None
    again: list[float] = []
    assert block.blocks_of(texts, now, extracted, None, again) == blocks
    assert again == final


def test_raised_above_declines_a_marked_repeat() -> None:
    """Taking a repeat of prose above the block (marked as a gap, -REMOVED_COST) leaves its score as it was, but it
    was prose before it was marked: without it, the share bars on either side are one wall."""
    menu = ["Home", "News", "Sport", "Business"] * 2
    share = ["Share on Facebook", "Share on Twitter"]
    texts = ["Home", "News", PROSE, *share, *menu, PROSE, "Share by mail", *menu, *BODY, WRAPPED[0] + " at last."]
    labels: list[Label | None] = [FURNITURE[0] if t.startswith("Share") else None for t in texts]
    scores: list[float] = []
    trace: list = []
    blocks = block.blocks_of(texts, labels, False, None, scores, trace=trace)
    repeat = texts.index(PROSE, 3)
    assert blocks == [(texts.index(BODY[0]), len(texts) - 1)] and trace[1] and scores[repeat] == -block.REMOVED_COST
    now = list(labels)
    now[repeat] = TITLE_LABEL
    final = block._raised_above(tuple(labels), scores, blocks, tuple(trace), now)
    if final is not None:  # (it must not be: the test is what finding them again finds)
        again: list[float] = []
        assert (block.blocks_of(texts, now, False, None, again), again) == (blocks, final)
    assert final is None


@pytest.mark.parametrize("extracted", [False, True], ids=["page", "extracted"])
def test_one_block_is_what_blocks_of_finds(extracted: bool) -> None:
    """Where _one_block says so, blocks_of of the units read alone (as kept_span reads them) is one block of all."""
    rng = random.Random(7)
    said = 0
    for _ in range(3000):
        texts = [rng.choice(PAGE_POOL + BODY) for _ in range(rng.randint(1, 12))]
        free = block.free_scores(texts)
        if block._one_block(free):
            said += 1
            assert block.blocks_of(texts, None, extracted, free) == [(0, len(texts) - 1)], texts
    assert said >= 100


@pytest.mark.parametrize("scores, whole", [
    pytest.param([], False, id="none"),
    pytest.param([5.0], True, id="one-prose-unit"),
    pytest.param([5.0, -5.0, 5.0], False, id="a-run-to-zero"),
    pytest.param([5.0, -4.5, 5.0], True, id="runs-over-zero"),
    pytest.param([5.0, 1.0, -6.0], False, id="ends-below"),
    pytest.param([0.0, 5.0], False, id="starts-at-zero"),
])
def test_one_block(scores: list[float], whole: bool) -> None:
    assert block._one_block(scores) is whole
    if whole:
        assert block.blocks_of(["x"] * len(scores), None, False, scores) == [(0, len(scores) - 1)]


FIRST_WORD_LINES = ["Home", "home page", "Homepage", "homes for sale", " home", "", "Start here", "the main story",
                    "Main", "İstanbul home", "HOME\nstart", "Ноme (Cyrillic look-alikes)", "main-menu", "mainly",
                    "by Jane Doe", "By", "start", "Share on Facebook", "home"]


@pytest.mark.parametrize("pattern", [
    r"^(?:home|start|main|homepage)\b", r"^(?:by|written by)\s", r"^home", r"^(?:main|x)", r"^(?:by |home)",
])
@pytest.mark.parametrize("seed", range(8))
def test_matched_at_start_by_the_folded_text(pattern: str, seed: int) -> None:
    """Features.matched_at_start finds first words that begin with a prefix in the folded document: the units it
    finds so are those the first words themselves give."""
    import re
    from itertools import compress, repeat
    from operator import or_

    from cleaner.heuristics import features as F

    rng = random.Random(seed)
    lines = [rng.choice(FIRST_WORD_LINES) for _ in range(rng.randint(0, 25))]
    feats = Features([SimpleNamespace(text=t) for t in lines])  # type: ignore[list-item]
    starts = F._start_words(pattern)
    assert starts is not None
    exact, prefixes = starts
    words = feats._first_words
    ref = list(compress(range(len(words)), map(or_, map(exact.__contains__, words),
                                                map(str.startswith, words, repeat(tuple(prefixes))))))
    assert feats.matched_at_start(re.compile(pattern, re.IGNORECASE)) == ref


def _best_block_reference(scores: list[float]) -> tuple[int, int] | None:
    """best_block as it was written before (a tuple made at each better total; compared with the int 0)."""
    best, best_span = 0.0, None
    total, start = 0.0, 0
    for i, s in enumerate(scores):
        if total <= 0:
            total, start = s, i
        else:
            total += s
        if total > best:
            best, best_span = total, (start, i)
    return best_span


def _quarters(rng: random.Random, n: int) -> list[float]:
    """Scores as the block rule makes them: multiples of a quarter, prose up to MAX_BODY_GAIN, walls."""
    return [rng.choice([rng.randint(-60, 480) / 4, -block.REMOVED_COST, 0.0, 1.0, -block.WALL_COST]) for _ in range(n)]


@pytest.mark.parametrize("seed", range(20))
def test_best_block_and_alone_exact_as_the_reference(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(200):
        scores = _quarters(rng, rng.randint(0, 30))
        span = block.best_block(scores)
        assert span == _best_block_reference(scores)
        if span is not None:
            for share in (block.SECOND_BLOCK_SHARE, block.EXTRACTED_SHARE):
                bar = block._bar(scores, share, span, rng.randint(0, 3))
                assert block._alone_exact(scores, span, bar) is block._alone(scores, span, bar)


@pytest.mark.parametrize("texts", [
    pytest.param(["Home", "News"], id="ascii"),
    pytest.param(["Ноme", "News"], id="look-alike"),
    pytest.param(["Home\nNews", "Ноme"], id="newline-and-look-alike"),
    pytest.param(["Home\nNews", "Sport"], id="newline"),
    pytest.param([], id="none"),
    pytest.param([""], id="one-empty"),
])
def test_folded_lines_with_the_joined_text(texts: list[str]) -> None:
    """Features._folded_lines asks the joined text (Features.joined) whether a unit holds a newline or a
    look-alike: the lines are those the units give one by one."""
    from cleaner import folding

    feats = Features([SimpleNamespace(text=t) for t in texts])  # type: ignore[list-item]
    lines = [t.replace("\n", " ") for t in texts]
    ref = list(map(folding.fold, lines)) if folding.has_lookalike("".join(lines)) else list(map(str.lower, lines))
    assert feats._folded_lines == ref
    assert feats.newline_inside is any("\n" in t for t in texts)
