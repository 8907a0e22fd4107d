"""Text encoded twice (UTF-8 read as Windows-1252 or Latin-1 upstream) made right again (cleaner.mojibake)."""
from __future__ import annotations

import pytest

from cleaner.mojibake import is_double_encoded, repair


def twice(text: str, codec: str = "cp1252") -> str:
    """text as a page encoded twice shows it: its UTF-8 bytes read as codec (Windows-1252 as browsers and most
    libraries read it, the five bytes it leaves undefined as the C1 controls)."""
    if codec == "latin-1":
        return text.encode("utf-8").decode("latin-1")
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8"))


RIGHT = "It’s the café’s “best” year — sales rose 5% … said Zoë. Don’t miss it."


@pytest.mark.parametrize("shown, right", [
    (twice(RIGHT), RIGHT),
    (twice(RIGHT, "latin-1"), RIGHT),  # the bytes 80-9F as C1 controls
    (twice("Привет, мир — это “тест”, и ещё раз “тест”."), "Привет, мир — это “тест”, и ещё раз “тест”."),
    (twice("東京で「会議」が開かれた。次の「会議」は来週。"), "東京で「会議」が開かれた。次の「会議」は来週。"),
    ("Plain ASCII text, nothing to do.", "Plain ASCII text, nothing to do."),
], ids=["windows-1252", "latin-1", "cyrillic", "japanese", "ascii"])
def test_repaired(shown: str, right: str) -> None:
    assert repair(shown) == right
    assert repair(right) == right  # (idempotent: right text stays right)


@pytest.mark.parametrize("text", [
    "»Fuß« und »Straße«: Zoë’s café in Köln — „so“ sagt sie.",  # "ß«" is the bytes of another script's letter
    "Le prix : 5 € la pâte, 12 € le plat — « très bien ».",  # the euro sign after a space, "â" in a word
    "It" + twice("’") + "s one run, and a second" + twice("’") + " only.",  # fewer than three sure runs
    "Ã© alone, Ã¨ and Ã  are letters shown twice, but no run holds a byte 80-9F.",
], ids=["german-guillemets", "french-prices", "two-runs", "no-sure-run"])
def test_left_alone(text: str) -> None:
    assert not is_double_encoded(text)
    assert repair(text) == text


def test_a_run_that_is_not_utf8_stays() -> None:
    """A run that reads as UTF-8 bytes but makes no character (a surrogate's bytes) is left as it is."""
    text = twice(RIGHT) + " \xed\xa0\x80 end"
    assert repair(text) == RIGHT + " \xed\xa0\x80 end"


def test_what_is_left_of_a_closing_quote() -> None:
    """'”' (E2 80 9D) loses its third byte upstream as often as not ("â€", "â€�"): made '”' again."""
    shown = twice("It’s “open” — and “shut”.").replace("\x9d", "") + " " + twice("“x”").replace("\x9d", "\ufffd")
    assert repair(shown) == "It’s “open” — and “shut”. “x”"


def test_a_run_that_makes_a_line_break_stays() -> None:
    """The lines are the input's (removals give line numbers): a run making U+2028 or NEL is left as it is."""
    text = twice(RIGHT) + " " + twice("\u2028") + " " + twice("\x85")
    assert repair(text) == RIGHT + " " + twice("\u2028") + " " + twice("\x85")
    assert len(repair(text).splitlines()) == 1


SHOWN_ARTICLE = twice("Zoë’s café “Le Petit” opens again\n\nThe café’s owner said “we will stay open” on Sunday, "
                      "and the council agreed that the street would be closed to cars for the summer.")


def test_text_mode_repairs_and_says_so() -> None:
    from cleaner import Cleaner, Config
    article = Cleaner().clean(SHOWN_ARTICLE)
    assert "café’s owner said “we will stay open”" in article.text
    assert any("generic/mojibake" in w for w in article.warnings)
    untouched = Cleaner(Config(disable={"mojibake"})).clean(SHOWN_ARTICLE)
    assert "cafÃ©" in untouched.text and not any("mojibake" in w for w in untouched.warnings)


def test_html_mode_repairs_the_pages_metadata_too() -> None:
    from cleaner import clean_html
    title = twice("Zoë’s café opens again")
    paragraph = twice("The café’s owner said “we will stay open” on Sunday, and the council agreed that the "
                      "street would be closed to cars for the whole of the summer season this year.")
    html = (f"<html><head><title>{title}</title><meta name='author' content='{twice('Zoë Brontë')}'></head>"
            f"<body><article><h1>{title}</h1>{''.join(f'<p>{paragraph}</p>' for _ in range(4))}</article></body></html>")
    article = clean_html(html)
    assert article.title == "Zoë’s café opens again"
    assert article.authors == ("Zoë Brontë",)
    assert "café’s owner" in article.text and title not in article.text
