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


def test_a_page_mixing_right_text_with_text_encoded_twice() -> None:
    """Right letters before right quotation marks ("Spaß“") stay, while the runs of the twice-encoded part
    that cannot be right letters (three bytes: "â€™") are repaired. Found in review."""
    right = "„Das macht Spaß“, sagte sie. „ÉTÉ” hieß es – groß… und „bloß“."
    text = right + " " + twice("Don’t miss: “Top” news — it’s here. Don’t go.")
    assert repair(text) == right + " Don’t miss: “Top” news — it’s here. Don’t go."


def test_html_page_mixing_right_text_with_text_encoded_twice() -> None:
    from cleaner import clean_html
    paragraph = "„Das macht Spaß“, sagte die Wirtin, und der Rat stimmte zu, die Straße für den ganzen Sommer zu sperren."
    aside = twice("Don’t miss: “Top” news — it’s here. Don’t go, it’s “great”.")
    html = (f"<html><head><title>„Spaß“ im Park</title></head><body><article><h1>„Spaß“ im Park</h1>"
            f"{''.join(f'<p>{paragraph}</p>' for _ in range(4))}</article><aside><p>{aside}</p></aside></body></html>")
    article = clean_html(html)
    assert article.title == "„Spaß“ im Park"
    assert paragraph in article.text


def test_a_lost_mark_inside_a_word_is_no_closing_quote() -> None:
    """Only "â€" before a space, punctuation or the end (or as "â€�") is what is left of "”": a lost hyphen
    (E2 80 90) inside a word is not. Found in review."""
    text = twice("It’s a “well‐known” fact, it’s “true”.").replace("\x90", "")
    assert "well\u00e2\u20acknown" in repair(text) and "“true”." in repair(text)


def test_warned_once_for_a_page() -> None:
    """A page repaired before extraction whose extracted text still shows runs (written as entities in the page)
    is repaired again by the text stage, and says so once. Found in review."""
    from cleaner import clean_html
    raw = twice("It’s “the” café’s best year — said Zoë. Don’t miss it, it’s “great”.")
    entities = "".join(f"&#{ord(ch)};" for ch in raw)
    html = (f"<html><head><title>News</title></head><body><article>"
            f"{''.join(f'<p>{raw} {entities} The council agreed that the street would close.</p>' for _ in range(4))}"
            f"</article></body></html>")
    article = clean_html(html)
    assert sum("generic/mojibake" in w for w in article.warnings) == 1
    assert "café’s" in article.text


def test_explain_shows_the_repaired_lines_and_says_why() -> None:
    """cleaner explain prints the warning and the lines as the text stage read them (repaired). Found in review."""
    from cleaner import Cleaner
    from cleaner.explain import render
    article = Cleaner().clean(SHOWN_ARTICLE)
    view = render(article, SHOWN_ARTICLE)
    assert "warning: text encoded twice" in view
    assert "The café’s owner said “we will stay open”" in view and "cafÃ©" not in view


def test_review_page_shows_the_repaired_lines() -> None:
    """The HTML review page reads the lines as explain does (as_read): repaired where the text stage repaired."""
    from cleaner import Cleaner
    from cleaner.review import document_page
    article = Cleaner().clean(SHOWN_ARTICLE)
    page = document_page(article, SHOWN_ARTICLE, "shown.txt")
    assert "café’s owner" in page and "cafÃ©" not in page


def test_a_pages_repaired_text_is_not_repaired_again_for_the_view() -> None:
    """A page's extracted text came repaired (read_page): explain shows it as it is, where repairing it again
    would make a right letter before a right quotation mark one letter of another script."""
    from cleaner.explain import render
    from cleaner.model import Article
    right = "Er rief Fuß“ und ging."
    article = Article(text=right, warnings=("text encoded twice (UTF-8 read as Windows-1252 upstream): repaired "
                                            "(generic/mojibake)",))
    assert right in render(article, right)
