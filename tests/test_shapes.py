"""The C speed-ups (cleaner/_shapes.c) answer exactly as the Python functions they stand in for,
and cleaning gives the same output with them as without them (CLEANER_PURE_PYTHON=1)."""
from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Callable, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import lines, linescan, speedups
from cleaner.heuristics import base, block, navigation

ROOT = Path(__file__).resolve().parent.parent
C = speedups.shapes

if C is None and os.environ.get("CI") and not os.environ.get("CLEANER_PURE_PYTHON"):
    # CI installs the project as a user would, on a machine with a C compiler: the extension
    # must have been built there, or every figure in bench/ would be measured without it
    raise RuntimeError("cleaner._shapes was not built: see the install log for the compiler's error")
pytestmark = pytest.mark.skipif(C is None, reason="C shape tests off: cleaner._shapes not built (no C compiler at install?) or CLEANER_PURE_PYTHON set")


# the Python shape tests of base, which the others call (the names the C ones are bound to)
_REFERENCE: dict[str, Callable[..., object]] = {
    "words": base.words_py.__wrapped__, "ends_sentence": base.ends_sentence_py,
    "is_body_like": base.is_body_like_py, "is_headline_like": base.is_headline_like_py,
}


@contextlib.contextmanager
def pure_python() -> Iterator[None]:
    """The Python shape tests everywhere the modules look them up (the C ones are bound at import)."""
    ref = _REFERENCE
    with pytest.MonkeyPatch.context() as mp:
        for module in (base, block, navigation):
            for name, fn in ref.items():
                if hasattr(module, name):
                    mp.setattr(module, name, fn)
        yield


def _c(name: str) -> Callable[..., object]:
    return {
        "words": C.words,
        "ends_sentence": C.ends_sentence,
        "is_body_like": C.is_body_like,
        "is_headline_like": C.is_headline_like,
        "is_link_like": navigation.is_link_like,
        "unit_score": block.unit_score,
    }[name]


def _python(name: str) -> Callable[..., object]:
    return {
        **_REFERENCE,
        "is_link_like": navigation.is_link_like_py.__wrapped__,
        "unit_score": block.unit_score_py.__wrapped__,
    }[name]


FUNCTIONS = ["words", "ends_sentence", "is_body_like", "is_headline_like", "is_link_like", "unit_score"]


def _differences(name: str, texts: list[str]) -> list[tuple[str, object, object]]:
    c_fn = _c(name)
    got = [c_fn(t) for t in texts]
    with pure_python():
        py_fn = _python(name)
        want = [py_fn(t) for t in texts]
    out = [(t, g, w) for t, g, w in zip(texts, got, want) if g != w or type(g) is not type(w)]
    if name in ("is_body_like", "is_headline_like"):  # (also with the word count given)
        with pure_python():
            counts = [_REFERENCE["words"](t) for t in texts]
            want = [py_fn(t, n) for t, n in zip(texts, counts)]
        out += [(t, g, w) for t, n, w in zip(texts, counts, want) if (g := c_fn(t, n)) != w]
    return out


def _corpus_lines() -> list[str]:
    """Every line of the seeds, the fixtures (text, JSON, HTML) and the tests' article text."""
    files = [*ROOT.glob("seeds/*.txt"), *ROOT.glob("fixtures/**/*.*"), ROOT / "tests" / "article_text.py"]
    lines = {line.strip() for f in sorted(files) for line in f.read_text("utf-8", "replace").splitlines()}
    return sorted(line for line in lines if line)


EDGES = [
    "", " ", "\n", "a", "A", "1", "12", "123", "1234", "²", "١٢٣", "Ⅻ", "_", "__init__", "a_b c", "x\n",
    "It ended.", "It ended.\n", "He said: “Go.”", "Done!)]", "Why?’", "Fin…", "完了。", "終わり！」", "Wait:",
    "- item", "-item", "- ", "-  x", "• Bullet point", "1. First", "12) Twelfth", "123. No", "1.5 million",
    "1.) x", "3 .x", "٣. Arabic-Indic three", "▪ ►✓·–*", "✓ Done",
    "Arsenal 2 - 1 Chelsea", "Score: 3", "10, 20 and 30", "A -- B 2", "Top 10 | Best", "x @ 5",
    "https://example.com/a", "http://x", "https://", "www.example.com", "www. example", "HTTP://X.COM",
    "https://example.com/a b",
    "Breaking News From The World Today", "“Quoted Headline Here Now”", "«Les Nouvelles Du Jour»",
    "(Update) Markets Fall Again", "Headline ends...", "Headline ends.", "Headline, ends", "ǅemal Title Case Here",
    "ALL CAPS SENTENCE THAT GOES ON AND ON FOR A WHILE.", "ǅ TITLECASE LETTER STARTS THIS SENTENCE HERE NOW.",
    "Home", "World News", "#Hashtag", "@handle", "&more", "+plus", "Sports.", "Menu,", "“Quote”", "Wow!",
    "News Sport Business Culture Travel", "lowercase entry",
    "日本語のテキストです", "東京", "中文新闻标题在这里", "한국어 뉴스", "café au lait", "İstanbul", "ﬁne ﬂow",
    "Ελληνικά νέα σήμερα", "Новости дня", "مرحبا بالعالم", "word\u00a0word", "word\u2003word", "tab\tseparated words",
    "The council said on Tuesday that its plan for new homes would go ahead despite protests from residents.",
    " ".join(["word"] * 30), " ".join(["Word"] * 30) + ".", "x" * 300,
]

PIECES = [
    " ", "  ", "\t", "\n", "\u00a0", "\u2003", ".", "!", "?", "…", ":", ",", ";", "\"", "'", "”", "’", "“", "‘", "«",
    "»", "(", ")", "[", "]", "」", "』", "）", "。", "！", "？", "．", "-", "–", "—", "•", "*", "·", "▪", "►", "✓", "@",
    "|", "#", "&", "+", "_", "--", ": ", ", ", " - ", " | ", "1", "12", "2019", "²", "٣", "Ⅻ", "a", "A", "The", "news",
    "World", "ǅ", "İ", "é", "É", "ß", "東京", "テスト", "한", "Ω", "ω", "http://", "https://", "www.", "x.com/a",
    "1. ", "- ", "• ", "...", "\U0001F600",
]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=24).map("".join)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_c_and_python_agree_on_edge_cases(name: str) -> None:
    assert _differences(name, EDGES) == []


@pytest.mark.parametrize("name", FUNCTIONS)
def test_c_and_python_agree_on_every_fixture_and_seed_line(name: str) -> None:
    lines = _corpus_lines()
    assert len(lines) > 500
    assert _differences(name, lines) == []


@pytest.mark.parametrize("name", FUNCTIONS)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(TEXT, min_size=1, max_size=20))
def test_c_and_python_agree_on_generated_text(name: str, texts: list[str]) -> None:
    assert _differences(name, texts) == []


@pytest.mark.parametrize("text", [
    "", " ", "a", "a ", " a", "a  b", "a b", "a\n b", "a \nb", "a\n\nb", "\n", "\n\n", "x\n", "\nx", "a\tb", "a\xa0b",
], ids=repr)
def test_is_normalised_agrees(text: str) -> None:
    assert lines.is_normalised(text) == lines.is_normalised_py(text)


def test_is_normalised_agrees_on_every_character_up_to_u3100() -> None:
    for texts in ([f"a{chr(c)}b" for c in range(0x3100)], [f"{chr(c)}😀" for c in range(0x2000, 0x2030)]):
        assert [t for t in texts if lines.is_normalised(t) != lines.is_normalised_py(t)] == []


@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_is_normalised_agrees_on_generated_text(text: str) -> None:
    assert lines.is_normalised(text) == lines.is_normalised_py(text)
    assert lines.is_normalised(" ".join(text.split())) and lines.is_normalised_py(" ".join(text.split()))


NEEDLES = (": ", "20", ")\n", " by", "about", "icon", "-", "(c)", "more\n", "©", "›", "→", "•", "", "\n", "a\nb", "😀",
           "x", "xx", "é")


def _lines_holding_each_agree(lines: list[str], needles: tuple[str, ...]) -> None:
    if not lines:  # (no line at all: the empty needle is in none, where lines_holding cannot say)
        needles = tuple(n for n in needles if n)
    doc, starts = "\n".join(lines), linescan.line_starts(lines)
    want = [linescan.lines_holding(doc, starts, needle) for needle in needles]
    assert C.lines_holding_each(doc, needles) == want


@pytest.mark.parametrize("lines", [
    [], [""], ["", ""], ["about icon", "more", "x"], ["(c) 2020 ©", "→ next", "a", "b"], ["xxx", "😀 x", "é›"],
    ["ends in more", "", "more more", "more"], ["a" * 300 + "about"],
], ids=lambda lines: repr(lines)[:40])
def test_lines_holding_each_agrees_with_lines_holding(lines: list[str]) -> None:
    _lines_holding_each_agree(lines, NEEDLES)


def test_lines_holding_each_serves_lines_that_hold_a_newline() -> None:
    lines = ["more\nabout", "icon", "x\n", "about"]  # (the C pass counts lines by newlines: not used here)
    doc, starts = "\n".join(lines), linescan.line_starts(lines)
    # (the newline joining a line to the next counts as the line's own)
    assert linescan.lines_holding_each(doc, starts, ("about", "icon", "\n")) == [[0, 3], [1], [0, 1, 2]]


def test_lines_holding_each_agrees_on_every_fixture_and_seed() -> None:
    files = [*ROOT.glob("seeds/*.txt"), *ROOT.glob("fixtures/**/*.txt")]
    for f in files:
        _lines_holding_each_agree(f.read_text("utf-8").lower().split("\n"), NEEDLES)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(TEXT.map(lambda t: t.replace("\n", " ")), max_size=12),
       needles=st.lists(st.sampled_from(PIECES + list(NEEDLES)) | TEXT, max_size=8).map(tuple))
def test_lines_holding_each_agrees_on_generated_text(lines: list[str], needles: tuple[str, ...]) -> None:
    _lines_holding_each_agree(lines, needles)


@pytest.mark.parametrize("name", ["is_body_like", "is_headline_like"])
def test_the_word_count_may_be_given_by_name(name: str) -> None:
    c_fn, py_fn = _c(name), _python(name)
    for text in EDGES:
        for n in (None, 0, 3, 8, 20, 31):
            assert c_fn(text, n=n) == c_fn(text, n) == py_fn(text, n=n), (text, n)


def test_the_c_tests_reject_what_is_not_text() -> None:
    with pytest.raises(TypeError, match="expected a str"):
        C.words(b"bytes")
    with pytest.raises(TypeError):
        C.is_body_like()
    with pytest.raises(TypeError, match=r"takes \(text, n=None\)"):
        C.is_body_like("text", words=3)
    with pytest.raises(TypeError, match="every needle must be a str"):
        C.lines_holding_each("doc", ("a", 1))


def _digest(env: dict[str, str], cwd: Path) -> str:
    """Cleaning output (with removals) of every seed and fixture, in a process of its own (run in
    cwd: from the project's root, python -c would import the source tree, not the installed package)."""
    script = (
        "import hashlib, json, sys\n"
        "from pathlib import Path\n"
        "from cleaner import Cleaner\n"
        "from cleaner.speedups import shapes\n"
        "c, h = Cleaner(), hashlib.sha256()\n"
        f"for f in sorted(Path({str(ROOT)!r}).glob('seeds/*.txt')) + sorted(Path({str(ROOT)!r}).glob('fixtures/**/*.txt')):\n"
        "    h.update(json.dumps(c.clean(f.read_text('utf-8')).to_dict(explain=True), sort_keys=True).encode())\n"
        "print(shapes is not None, h.hexdigest())\n"
    )
    out = subprocess.run([sys.executable, "-c", script], env=env, cwd=cwd, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_cleaning_gives_the_same_output_without_the_c_tests(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "CLEANER_PURE_PYTHON"}
    with_c = _digest(env, tmp_path)
    without = _digest({**env, "CLEANER_PURE_PYTHON": "1"}, tmp_path)
    assert with_c.split()[0] == "True" and without.split()[0] == "False"
    assert with_c.split()[1] == without.split()[1]
