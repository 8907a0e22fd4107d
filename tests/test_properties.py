"""Properties every cleaning must keep, on generated text: it never raises, never invents
text, is idempotent, and names every removal by a known rule id and category."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner.config import Config
from cleaner.lines import normalise
from cleaner.model import CATEGORIES, Article
from cleaner.pipeline import Cleaner
from article_text import BODY

GENERIC = Cleaner(Config(builtin_rules=False))
DEFAULT = Cleaner()
SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))

# derandomize: the same examples on every run, so that CI passes or fails alike for the same code (a
# failure found once by chance is kept below as an example of its own)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
RULE_ID = re.compile(r"[a-z0-9][a-z0-9_.-]*/[a-z0-9][a-z0-9_.-]*")

# --------------------------------------------------------------------------- strategies

WORDS = (
    "the council said on Tuesday that its plan for new homes would go ahead despite "
    "protests from residents who fear traffic rents and flooding police minister court "
    "judge election vote report company shares market prices fell rose percent million "
    "café Zürich naïve São Paulo Łódź Москва سلام 東京 北京 Ελλάδα"
).split()
BOILERPLATE = (
    "Advertisement", "Share this article", "Share Tweet Email", "Leave a comment", "Comments",
    "Discussion", "Read more: Council rejects bridge plan", "Related Articles", "You may also like",
    "Sign up for our newsletter", "We use cookies to improve your experience.", "© 2019 Example Media. All rights reserved.",
    "Copyright 2021 Riverside Gazette", "Privacy Policy", "Maintained and developed by Example Web Co",
    "AP Photo/Jane Doe", "Getty Images", "AFP", "Source: AFP", "(Reuters)", "By Jane Doe and John Roe",
    "Tom Krisher, AP Auto Writer", "Follow Jane Doe on Twitter: @janedoe", "Follow us on Facebook",
    "Nov 18, 2019 at 9:24 pm ET", "24 Feb, 2016 12:18", "3 hours ago", "Home > News > Local",
    "bookmarkicon shareicon printicon", "Play video", "Image 3 of 12", "2:45", "Video",
    "This story is over 5 years old.", "News", "Sport", "Business", "Council approves riverside housing plan",
    "1. Heat the oven to 200C.", "- Roads and bridges", "“No,” she said.", "GMT 15:21 2018 Friday ,14 December",
)


@st.composite
def sentences(draw) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=4, max_size=30))
    words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words) + draw(st.sampled_from([".", ".", "?", "!", ".”", ":", ""]))


@st.composite
def glued(draw) -> str:
    """An article sentence with boilerplate glued on with no space, as scrapers leave it."""
    return draw(sentences()).rstrip(".") + draw(st.sampled_from(["Maintained by Example Co", "© 2020 Example", "GMT 15:21 2018 Friday ,14 December"]))


noise = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
line = st.one_of(sentences(), sentences(), st.sampled_from(BOILERPLATE), glued(), noise)
separator = st.sampled_from(["\n", "\n\n", "\n\n", "\n \n", "\n\n\n", " \n", "\r\n\r\n"])


@st.composite
def documents(draw) -> str:
    lines = draw(st.lists(line, max_size=18))
    out = ""
    for ln in lines:
        out += ln + draw(separator)
    return out


# --------------------------------------------------------------------------- checks


def compact(text: str) -> str:
    """Text with every whitespace (and invisible) character gone: what a paragraph keeps of its input."""
    return "".join(normalise(text).split())


def assert_no_invented_text(raw: str, article: Article) -> None:
    """Each paragraph is input text (lines maybe joined or split), and paragraphs keep the input order."""
    source = compact(raw)
    pos = 0
    for para in article.paragraphs:
        assert para and para == normalise(para)
        piece = compact(para)
        found = source.find(piece, pos)
        assert found >= 0, f"paragraph not in input (in order): {para!r}"
        pos = found + len(piece)


def assert_removals_named(raw: str, article: Article) -> None:
    n_lines = raw.count("\n") + 1
    source = compact(raw)
    for r in article.removed:
        assert RULE_ID.fullmatch(r.rule), r.rule
        assert r.category in CATEGORIES, r.category
        assert r.reason
        assert 1 <= r.start_line <= r.end_line <= n_lines
        assert compact(r.text) in source


# --------------------------------------------------------------------------- properties


@SETTINGS
@given(documents())
def test_never_invents_text(raw):
    assert_no_invented_text(raw, GENERIC.clean(raw))


@SETTINGS
@given(st.text(max_size=300))
def test_arbitrary_text_never_raises_nor_invents(raw):
    assert_no_invented_text(raw, GENERIC.clean(raw))


@settings(SETTINGS)
@given(documents())
def test_idempotent(raw):
    once = GENERIC.clean(raw).text
    assert GENERIC.clean(once).text == once




@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(
            f"Breaking news from the council\nCouncil approves riverside housing plan\n{BODY[0]}\n",
            id="two-headlines-above-short-body",
        ),
        pytest.param(
            "\n\n".join([*BODY[:2], "3 hours ago", "Council rejects bridge plan", "Share", "5 hours ago",
                         "Mayor opens new library", "Share", *BODY[2:]]),
            id="ticker-with-share-buttons",
        ),
        # once failed: outside ran before repeats, so the repeat held the short sentence in the block
        pytest.param("\n\n".join([*BODY, "The final vote is due on Friday.", BODY[1]]), id="short-sentence-before-repeated-paragraph"),
        pytest.param("\n\n".join([*BODY, BODY[1]]), id="repeated-paragraph-at-end"),
        # found by chance (issue 12's block scoring): the removed "Advertisement" was a gap the first pass
        # saw and the second did not, so the second trimmed the tail the first kept (block.kept_span now
        # reads the kept units alone, as the second pass does)
        pytest.param("The the the the the the the the the.\nAdvertisement\nThe the the the.\nThe the the the.\n0\n"
                     "The the the the.\n", id="removed-unit-gap-then-short-tail"),
        # found by a 1500-example run: the removed "Maintained by" split the block the headline was sought
        # above, so only the second pass took "The the the the" for a headline
        pytest.param("The the the the the the the the.\nThe the the the\n0:0:0?Maintained by\nThe the the the the the the the.\n",
                     id="removed-unit-gap-moves-headline"),
        # found by a random 3000-example run: the only prose repeated the removed standfirst, so the first pass
        # found no block and kept the headline-like line; the second, without the standfirst, took it as the title
        pytest.param("The the the council\nThe the 東京 the the the the.\nAP Photo/Jane Doe\nThe the the the\n"
                     "The the 東京 the the the the.\n", id="prose-repeating-a-removed-unit"),
    ],
)
def test_idempotent_examples(raw):
    once = GENERIC.clean(raw).text
    assert GENERIC.clean(once).text == once


@SETTINGS
@given(documents())
def test_removals_are_named(raw):
    for cleaner in (GENERIC, DEFAULT):
        assert_removals_named(raw, cleaner.clean(raw))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_idempotent_with_builtin_rules(path):
    raw = path.read_text("utf-8")
    article = DEFAULT.clean(raw)
    assert DEFAULT.clean(article.text).text == article.text
    assert_no_invented_text(raw, article)
    assert_removals_named(raw, article)


def test_there_are_five_seeds():
    assert len(SEEDS) == 5


# --------------------------------------------------------------------------- HTML


TAGS = ("p", "p", "div", "h2", "blockquote", "li", "span", "td")


@st.composite
def pages(draw) -> str:
    """A page: document lines in assorted elements, some in nav/footer, some markup left unclosed."""
    import html as html_lib

    parts = []
    for ln in draw(st.lists(line, max_size=14)):
        tag = draw(st.sampled_from(TAGS))
        text = html_lib.escape(ln)
        wrapper = draw(st.sampled_from(["", "", "", "nav", "footer", "aside"]))
        el = f"<{tag}>{text}</{tag}>" if draw(st.booleans()) or tag == "p" else f"<{tag}>{text}"
        if tag == "li":
            el = f"<ul>{el}</ul>"
        parts.append(f"<{wrapper}>{el}</{wrapper}>" if wrapper else el)
    title = html_lib.escape(draw(st.sampled_from(BOILERPLATE + ("",))))
    return f"<html><head><title>{title}</title></head><body><article>{''.join(parts)}</article></body></html>"


def page_text(html: str) -> str:
    from cleaner.html.parse import parse

    return " ".join(parse(html).itertext())


@SETTINGS
@given(pages())
def test_html_never_raises_nor_invents(html):
    from cleaner.html.parse import PageError

    try:
        article = GENERIC.clean_html(html)
    except PageError:
        return
    # trafilatura may join neighbouring blocks into one paragraph once it drops what lay between
    # them, drops control characters, and marks list items with "- ": every paragraph's visible
    # characters (list marks aside) must appear in the page, in order
    # (and normalises to NFC: U+F900 comes out as its canonical equivalent U+8C48, the same text)
    source = compact(unicodedata.normalize("NFC", page_text(html))).replace("-", "")
    for para in article.paragraphs:
        assert para and para == normalise(para)
        assert is_subsequence(compact(para).replace("-", ""), source), f"paragraph not in the page: {para!r}"
    assert_removals_named_html(article)


@pytest.mark.xfail(strict=True, reason="known, older than issue 12: trafilatura repeats a paragraph around a stray <td>, "
                                       "and the soft-wrap join glues it to the line before")
def test_html_stray_cell_does_not_repeat_text():
    """Found by chance by the property above (the session-start code does the same on this page)."""
    html = ("<html><head><title>Share this article</title></head><body><article><div>Share this article"
            "<p>The the the the.</p><p>Advertisement</p><td>Advertisement</article></body></html>")
    source = compact(page_text(html)).replace("-", "")
    for para in GENERIC.clean_html(html).paragraphs:
        assert is_subsequence(compact(para).replace("-", ""), source), f"paragraph not in the page: {para!r}"


def is_subsequence(chars: str, source: str) -> bool:
    it = iter(source)
    return all(c in it for c in chars)


@SETTINGS
@given(pages())
def test_html_text_stage_is_idempotent(html):
    from cleaner.html.parse import PageError

    try:
        result = GENERIC.read_page(html)
    except PageError:
        return
    once = GENERIC.clean_page(result).text
    assert GENERIC.clean(once, page_title=result.meta.title).text == once


@SETTINGS
@given(st.binary(max_size=600))
def test_arbitrary_bytes_as_a_page_never_raise(data):
    from cleaner.html.parse import PageError

    try:
        GENERIC.clean_html(data)
    except PageError:
        pass


def assert_removals_named_html(article: Article) -> None:
    for r in article.removed:
        assert RULE_ID.fullmatch(r.rule), r.rule
        assert r.category in CATEGORIES and r.reason and r.stage in ("html", "text")
