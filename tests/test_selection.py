"""Main-content selection: the HTML stage's candidates (html.extract.candidates) and the text stage's choice among them."""
from __future__ import annotations

import pytest
from lxml import html as lxml_html

from cleaner import Cleaner
from cleaner.html import extract
from cleaner.html.choose import LITTLE_PROSE, choose, prose_words

SENTENCE = ("The council voted on Tuesday to expand the city's bus network, adding three routes, "
            "longer evening hours and a new depot near the harbour, officials said.")
ARTICLE = "\n".join(f"{SENTENCE} Paragraph {i} gives more detail, with figures and quotes." for i in range(20))
MENU = "\n".join(["Home", "World", "Business", "Sport", "Culture", "Opinion", "Video", "Contact us"] * 3)
TEASER = "Sign up for our newsletter and get the best stories every morning in your inbox, free."
COMMENTS = "\n".join(f"I have lived here for {i} years and the buses were always late, so this is welcome news "
                     f"and I hope the council keeps its word this time, unlike before." for i in range(60))


@pytest.mark.parametrize("first", [MENU, TEASER, ""], ids=["menu", "teaser", "empty"])
def test_article_wins_over_a_pick_with_no_article(first: str) -> None:
    choice = choose([("trafilatura", first), ("densest-prose", ARTICLE)])
    assert choice.name == "densest-prose"
    assert "too few for an article" in choice.reason


def test_first_pick_holding_an_article_stands_against_more_prose() -> None:
    """A comment thread holds more prose than the article: it must not win over the article's paragraphs."""
    assert prose_words(ARTICLE) >= LITTLE_PROSE
    choice = choose([("trafilatura", ARTICLE), ("densest-prose", ARTICLE + "\n" + COMMENTS)])
    assert choice.index == 0
    assert "an article's worth" in choice.reason


def test_no_article_anywhere_keeps_the_first() -> None:
    choice = choose([("trafilatura", MENU), ("densest-prose", TEASER)])
    assert choice.index == 0


def test_single_candidate() -> None:
    assert choose([("outlet-container", TEASER)]).reason == "outlet-container: the only candidate"
    assert choose([("outlet-container", ARTICLE)]).index == 0


def test_others_are_made_only_when_needed() -> None:
    """The costly candidates come from a generator: an article-holding first pick asks for the second (the
    cheap one, to see whether it extends the first) and no further."""
    def gen():
        yield "trafilatura", ARTICLE
        yield "densest-prose", ARTICLE
        raise AssertionError("asked for a third candidate")
    assert choose(gen()).index == 0


# an article of distinct paragraphs (ARTICLE's differ only by a number, so they count as one paragraph's prose)
TOPICS = ["buses", "trams", "ferries", "bicycles", "taxis", "trains", "roads", "bridges", "parking", "tickets",
          "depots", "drivers"]
LONG_ARTICLE = "\n".join(
    f"The plan for {t} was debated for {i + 2} hours, and members of the {t} committee asked how the "
    f"money for {t} would be found before the next budget, which falls due in spring." for i, t in enumerate(TOPICS))
FIRST_SECTION = "\n".join(LONG_ARTICLE.splitlines()[:5])
DISTINCT_COMMENTS = "\n".join(
    f"{name} wrote:\nMy {t} have been late every single morning for {i} years, so I doubt the council will do anything "
    f"about {t} this time either.\nReply" for i, (name, t) in enumerate(zip(["Ann", "Bob", "Cy", "Di", "Ed"], TOPICS)))


def test_second_candidate_holding_the_first_and_more_article_extends_it() -> None:
    """trafilatura's fast pick stops after the first section: the candidate holding it and the rest wins."""
    assert prose_words(FIRST_SECTION) >= LITTLE_PROSE
    choice = choose([("trafilatura", FIRST_SECTION), ("densest-prose", LONG_ARTICLE)])
    assert choice.name == "densest-prose"
    assert "holds trafilatura's pick" in choice.reason


_LINES = LONG_ARTICLE.splitlines()
REST = "\n".join(_LINES[5:8])  # some 90 prose words: too few to extend the first, but twice as many are enough


@pytest.mark.parametrize("second", [
    LONG_ARTICLE + "\n" + DISTINCT_COMMENTS,  # a comment thread: "Reply" under each comment
    "\n".join(line for ln in _LINES for line in (ln, "Share on WhatsApp")),  # each item with its share line
    FIRST_SECTION + "\n" + REST + "\n" + REST,  # the page repeats a part: counted once, too little new prose
    "\n".join(_LINES[5:]),  # more prose, but without the first's
], ids=["comments", "repeated-lines", "repeated-part", "not-holding-first"])
def test_second_candidate_does_not_extend_when_it_adds_no_article(second: str) -> None:
    assert prose_words(second) > prose_words(FIRST_SECTION)  # more prose than the first: not reason enough
    choice = choose([("trafilatura", FIRST_SECTION), ("densest-prose", second)])
    assert choice.index == 0
    assert "an article's worth" in choice.reason


# an article with a table read one cell a line (as jusText gives it): its figures come back line after line
TABLE = "\n".join(cell for row in ((f"${n}.00", "15%", f"${n * 0.15:.2f}") for n in (10, 20, 30, 40)) for cell in row)


def test_a_tables_repeated_figures_are_no_list_of_teasers() -> None:
    """Repeated lines without letters ("15%") do not turn a candidate down as teasers or comments; a repeated
    line with words ("Reply") does (test above)."""
    tabled = FIRST_SECTION + "\n" + TABLE + "\n" + "\n".join(_LINES[5:])
    choice = choose([("trafilatura", FIRST_SECTION), ("densest-prose", tabled)])
    assert choice.name == "densest-prose"
    replies = FIRST_SECTION + "\n" + TABLE.replace("15%", "Reply") + "\n" + "\n".join(_LINES[5:])
    assert choose([("trafilatura", FIRST_SECTION), ("densest-prose", replies)]).index == 0


def _page(body: str) -> str:
    return f"<html><head><title>Buses</title></head><body>{body}</body></html>"


NAV = "<nav class='menu'><ul>" + "".join(f"<li><a href='/{w}'>{w} section of the site, all stories</a></li>"
                                        for w in "abcdefghij") + "</ul></nav>"
ARTICLE_HTML = "<div class='story-body'>" + "".join(f"<p>{SENTENCE} Paragraph {i}.</p>" for i in range(8)) + "</div>"
COMMENTS_HTML = "<div class='comments'>" + "".join(f"<p>{SENTENCE} Reader {i}.</p>" for i in range(6)) + "</div>"
DIV_PROSE = "<div class='main'>" + "".join(f"<div>{SENTENCE} Section {i}.<br>More of it, in a second line here.</div>"
                                           for i in range(8)) + "</div>"


@pytest.mark.parametrize("body, holds, lacks", [
    (NAV + ARTICLE_HTML, "Paragraph 7.", "section of the site"),
    (ARTICLE_HTML + COMMENTS_HTML, "Paragraph 0.", "Reader 0."),
    (NAV + DIV_PROSE, "Section 7.", "section of the site"),
], ids=["menu-beside-article", "comments-below-article", "paragraphs-as-divs"])
def test_densest_prose_finds_the_article(body: str, holds: str, lacks: str) -> None:
    text = extract.densest_text(lxml_html.document_fromstring(_page(body)))
    assert holds in text
    assert lacks not in text


def test_densest_prose_none_without_paragraphs() -> None:
    assert extract.densest_text(lxml_html.document_fromstring(_page(NAV.replace("section of the site, all stories", "")))) == ""


def test_second_candidate_is_the_cheap_one_even_when_empty() -> None:
    """choose reads the second candidate whenever the first holds an article: on a page without paragraphs it
    must be the (empty) densest prose, not the costly third (jusText)."""
    root = lxml_html.document_fromstring(_page(NAV.replace("section of the site, all stories", "")))
    each = extract.candidates(root, None, None)
    next(each)
    assert next(each)[:2] == ("densest-prose", "")


def test_block_text_one_block_a_line_without_scripts() -> None:
    el = lxml_html.fragment_fromstring("<div><h2>Head</h2><p>One <b>two</b></p><script>x=1</script><p>Three<br>Four</p></div>")
    assert extract.block_text(el) == "Head\nOne two\nThree\nFour"


def test_explain_names_the_chosen_candidate() -> None:
    art = Cleaner().clean_html(_page(NAV + ARTICLE_HTML))
    assert art.extraction and art.extraction.startswith("trafilatura:")
    assert art.to_dict(explain=True)["extraction"] == art.extraction
    assert "extraction" not in art.to_dict()
    assert Cleaner().clean(ARTICLE).extraction is None


# --------------------------------------------------------------------------- text: no single-block gamble

PROSE = [f"{SENTENCE} It is paragraph {i} of the story, and it goes on for a while longer." for i in range(6)]
CODE = [f"git commit -m 'step {i}'" for i in range(14)] + ["Push To Origin Master Branch Now"]
LATER = [f"After the listing, paragraph {i} explains what each command did, in full sentences, with care." for i in range(10)]


def _kept_and_outside(text: str) -> tuple[str, list[str]]:
    art = Cleaner().clean(text)
    return art.text, [r.text for r in art.removed if r.rule == "generic/outside"]


def test_prose_after_a_long_listing_is_kept() -> None:
    """An article cut by a code listing: the prose after it is article too (the old single block dropped it)."""
    text, outside = _kept_and_outside("\n".join([*PROSE, *CODE, *LATER]))
    assert all(p in text for p in LATER)
    assert not any("After the listing" in o for o in outside)


def test_menu_after_the_article_still_goes() -> None:
    menu = ["Home", "World", "Sport", "Weather", "Contact Us", "About Us", "Privacy Policy", "Terms Of Use"]
    art = Cleaner().clean("\n".join([*PROSE, *menu]))
    assert "Privacy Policy" not in art.text
    assert any("Privacy Policy" in r.text for r in art.removed if r.category in ("outside", "navigation", "footer"))


WRAPPED = ("Gym equipment refers to the various machines, tools, and accessories used in a\n"
           "fitness facility to help individuals achieve their fitness goals. These\n"
           "equipment are designed to target different muscle groups, improve\n"
           "cardiovascular health, and enhance overall physical fitness.")


def test_hard_wrapped_prose_reads_as_prose() -> None:
    from cleaner.heuristics.block import hard_wrapped
    assert hard_wrapped(WRAPPED.split("\n")) == [0, 1, 2, 3]


@pytest.mark.parametrize("lines", [
    ["'I didn't mean to': Man charged in death of best friend", "https://www.example.com/news/article/cat-found-14848175.php"],
    ["Home", "news"],
    ["A whole sentence ends here with a full stop.", "and a lower-case line follows it here"],
], ids=["headline-then-url", "short-menu", "sentence-ends"])
def test_not_hard_wrapped(lines: list[str]) -> None:
    from cleaner.heuristics.block import hard_wrapped
    assert hard_wrapped(lines) == []


def test_hard_wrapped_article_is_not_dropped_as_outside() -> None:
    menu = ["Home", "Gyms", "Shop", "Blog", "Contact"]
    # (three distinct paragraphs: a page's prose repeated word for word reads as teasers shown twice)
    paragraphs = [WRAPPED.replace("machines", m).replace("fitness facility", f).replace("muscle", g).replace("cardio", c)
                  for m, f, g, c in [("machines", "fitness facility", "muscle", "cardio"),
                                     ("benches", "sports facility", "body", "vascular"),
                                     ("weights", "training facility", "limb", "heart")]]
    text, outside = _kept_and_outside("\n".join([*menu, *"\n".join(paragraphs).split("\n"), *menu]))
    assert "fitness facility to help" in text
    assert not any("fitness facility" in o for o in outside)


SITE_MENU = ["Home", "News", "Local", "Transport", "Weather", "Jobs"]


@pytest.mark.parametrize("lead, page_title", [([], "Council expands the bus network"), ([], None), (SITE_MENU, "Council")],
                         ids=["extracted-page", "text-opening-with-the-article", "page-with-menu"])
def test_extracted_text_is_cut_only_on_strong_evidence(lead: list[str], page_title: str | None) -> None:
    """Text an extractor picked (HTML input, or a text the article opens): a short prose run after a
    listing stays."""
    short = LATER[:3]
    art = Cleaner().clean("\n".join([*lead, *PROSE, *CODE, *short]), page_title=page_title)
    assert all(p in art.text for p in short)


def test_whole_page_dump_cuts_a_short_run_after_a_listing() -> None:
    """In a whole-page dump (menus before the article) the same run, under half the block's score, goes as outside."""
    short = LATER[:3]
    art = Cleaner().clean("\n".join([*SITE_MENU, *PROSE, *CODE, *short]))
    assert any(short[0] in r.text for r in art.removed if r.rule == "generic/outside")


def test_rescued_block_is_idempotent() -> None:
    """Found by test_properties: a rescued run joined through a unit the second cleaning no longer
    joined through (the blocks' gaps were cut). What lies between the blocks now stays."""
    raw = "The the the the.\nVideo\nThe the the the.\nThe the the the\nThe the the the.\n"
    once = Cleaner().clean(raw)
    assert Cleaner().clean(once.text).text == once.text
    assert "Video" in once.text


def test_first_qualifying_candidate_wins_in_order() -> None:
    """The cheaper extractor's pick wins when it qualifies; the costly one is then never made."""
    def gen():
        yield "trafilatura", MENU
        yield "densest-prose", ARTICLE
        raise AssertionError("made the third candidate")
    assert choose(gen()).name == "densest-prose"


def test_third_candidate_wins_when_the_others_read_as_no_article() -> None:
    choice = choose([("trafilatura", TEASER), ("densest-prose", MENU), ("justext", ARTICLE)])
    assert choice.name == "justext"
    assert choice.index == 2


OTHER_STORIES = "\n".join(f"Story {i}: the regional football league met on Friday night to discuss the schedule for "
                          f"next season, and club owners argued about ticket prices until well after midnight."
                          for i in range(30))


def test_third_candidate_asked_when_the_first_two_disagree() -> None:
    """The second holds far more prose but not the first's: the third is asked, and wins when it holds the
    first and more article."""
    choice = choose([("trafilatura", FIRST_SECTION), ("densest-prose", OTHER_STORIES),
                     ("justext", LONG_ARTICLE)])
    assert choice.index == 2
    assert "holds trafilatura's pick" in choice.reason


def test_third_candidate_not_asked_when_the_second_does_not_disagree() -> None:
    def gen():
        yield "trafilatura", FIRST_SECTION
        yield "densest-prose", "\n".join(_LINES[5:7])  # other text, but not far more prose
        raise AssertionError("made the third candidate")
    assert choose(gen()).index == 0
