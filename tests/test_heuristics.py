"""The generic detectors, family by family: which rule takes which line, and which look-alikes they must keep.

Every case builds a short article (BODY: four prose paragraphs, so the article-block
detector sees an article), puts boilerplate lines around or inside it, cleans it
with the generic heuristics only (no outlet rules), and asserts the rule id that
took each inserted line, and that every BODY paragraph survives.
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import pytest

from cleaner.config import Config
from cleaner.model import Article
from cleaner.pipeline import Cleaner
from article_text import BODY

CLEANER = Cleaner(Config(builtin_rules=False))
NEGATIVE_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "negative"

TITLE = "Council approves riverside housing plan"


# --------------------------------------------------------------------------- helpers


def top(*block: str) -> list[str | int]:
    return [*block, 0, 1, 2, 3]


def mid(*block: str) -> list[str | int]:
    return [0, 1, *block, 2, 3]


def end(*block: str) -> list[str | int]:
    return [0, 1, 2, 3, *block]


def build(layout: Sequence[str | int]) -> tuple[str, list[int], list[int]]:
    """Text of the layout (int: that BODY paragraph, str: an inserted line), one blank line between.

    Returns the text, the line numbers of the inserted lines, and those of the BODY paragraphs.
    """
    parts, inserted, body = [], [], []
    for k, item in enumerate(layout):
        lineno = 2 * k + 1
        if isinstance(item, int):
            parts.append(BODY[item])
            body.append(lineno)
        else:
            parts.append(item)
            inserted.append(lineno)
    return "\n\n".join(parts), inserted, body


def clean(text: str, cleaner: Cleaner = CLEANER) -> Article:
    return cleaner.clean(text)


def removed_lines(article: Article) -> dict[int, str]:
    """{input line number: rule id} for every line a removal spans."""
    return {n: r.rule for r in article.removed for n in range(r.start_line, r.end_line + 1)}


def assert_body_kept(article: Article, body_lines: Sequence[int]) -> None:
    hits = removed_lines(article)
    assert not {n: hits[n] for n in body_lines if n in hits}, "an article paragraph was removed"
    paragraphs = article.paragraphs
    assert all(p in paragraphs for p in BODY)


def case(id: str, layout: Sequence[str | int], expected: str | Sequence[str | None], marks=()):
    return pytest.param(layout, expected, id=id, marks=marks)


# --------------------------------------------------------------------------- positive cases

POSITIVE = [
    # icons
    case("icons-glyph-run", mid("bookmarkicon shareicon printicon emailicon"), "generic/icons"),
    case("icons-dashed", end("icon-facebook icon-twitter icon-mail"), "generic/icons"),
    # ticker: other stories' headlines alternating with their timestamps
    case("ticker-relative-stamp-first", mid("3 hours ago", "Council rejects bridge plan", "5 hours ago", "Mayor opens new library"), "generic/ticker"),
    case("ticker-relative-at-end", end("2 hours ago", "Council rejects bridge plan", "4 hours ago", "Mayor opens new library"), "generic/ticker"),
    case("ticker-datelines", mid("Nov 17, 2019 10:02", "Council rejects bridge plan", "Nov 16, 2019 18:40", "Mayor opens new library"), "generic/ticker"),
    case(
        "ticker-headline-first",
        mid("Council rejects bridge plan", "3 hours ago", "Mayor opens new library", "5 hours ago"),
        "generic/ticker",
    ),
    case(
        "ticker-share-buttons-between",
        mid("3 hours ago", "Council rejects bridge plan", "Share", "5 hours ago", "Mayor opens new library", "Share"),
        ("generic/ticker", "generic/ticker", "generic/social", "generic/ticker", "generic/ticker", "generic/social"),
    ),
    # footer
    case("footer-copyright-sign", end("© 2019 Riverside Gazette. All rights reserved."), "generic/footer"),
    case("footer-copyright-word", end("Copyright 2021 Riverside Gazette"), "generic/footer"),
    case("footer-privacy-link", end("Privacy Policy"), "generic/footer"),
    case("footer-maintained-by", end("Maintained and developed by Example Web Co"), "generic/footer"),
    # comment prompts
    case("comments-leave", end("Leave a comment"), "generic/comments"),
    case("comments-view-all", mid("View all comments"), "generic/comments"),
    case("comments-be-first", end("Be the first to comment"), "generic/comments"),
    # comment section: from its heading to the end, once the article stands above it (a short
    # heading is also a comment prompt, and the prompt rule runs first)
    case(
        "comment-section-discussion",
        end("Discussion", "Great plan, about time.", "I disagree with this decision entirely, it will ruin the area for everyone who lives here now."),
        ("generic/comments", "generic/comment-section", "generic/comment-section"),
    ),
    case(
        "comment-section-comments",
        end("Comments", "Great plan, about time.", "Who is going to pay for all of this?"),
        ("generic/comments", "generic/comment-section", "generic/comment-section"),
    ),
    case(
        "comment-section-long-responses-heading",
        end(
            "12 responses to “Council approves riverside plan after months of debate over housing, traffic and the future of the old docks”",
            "Great plan, about time.",
            "Who is going to pay for all of this?",
        ),
        "generic/comment-section",
    ),
    # social
    case("social-share-this", mid("Share this article"), "generic/social"),
    case("social-follow-us", end("Follow us on Facebook"), "generic/social"),
    case("social-button-row", top("Share Tweet Email"), "generic/social"),
    case("follow-author", end("Follow Jane Doe on Twitter: @janedoe"), "generic/follow-author"),
    # photo credits, wire credits, captions
    case("credit-ap-photo", mid("AP Photo/Jane Doe"), "generic/credit"),
    case("credit-photo-colon", mid("Photo: Jane Doe/Reuters"), "generic/credit"),
    case("credit-getty", mid("Getty Images"), "generic/credit"),
    case("lone-agency-bare", mid("AFP"), "generic/lone-agency"),
    case("lone-agency-parenthesised", end("(Reuters)"), "generic/lone-agency"),
    case("agency-source", end("Source: AFP"), "generic/agency"),
    case("agency-with-two", end("With AP and AFP"), "generic/agency"),
    case("caption-with-credit", mid("The new riverside homes seen from the bridge on Tuesday (AP Photo/Jane Doe)"), "generic/caption"),
    case("caption-labelled", mid("Caption: The riverside district at dusk on Tuesday evening."), "generic/caption"),
    case("caption-above-credit", mid("Riverside homes at dusk", "AP Photo/Jane Doe"), ("generic/caption", "generic/credit")),
    # media-player chrome
    case("media-play-video", mid("Play video"), "generic/media"),
    case("media-gallery-counter", mid("Image 3 of 12"), "generic/media"),
    case("media-label-beside-timestamp", mid("Video", "2:45"), "generic/media"),
    # promo and related
    case("promo-advertisement", mid("Advertisement"), "generic/promo"),
    case("promo-continues-below", mid("Story continues below advertisement"), "generic/promo"),
    case("promo-newsletter", end("Sign up for our newsletter"), "generic/promo"),
    case("newsletter-box-heading-with-colon", end("Newsletter:", "The day's top stories, in your inbox every weekday"),
         ("generic/newsletter-box", "generic/newsletter-box")),
    case("newsletter-box-heading-and-pitch", end("The Morning Briefing Newsletter", "The day's top stories, in your inbox every weekday"),
         ("generic/newsletter-box", "generic/newsletter-box")),
    case("promo-cookies", top("We use cookies to improve your experience."), "generic/promo"),
    case("related-read-more", mid("Read more: Council rejects bridge plan"), "generic/related"),
    case("related-heading", end("Related Articles"), "generic/related"),
    case("related-may-like", end("You may also like"), "generic/related"),
    case("related-most-read", end("Most Read"), "generic/related"),
    # breadcrumb
    case("breadcrumb-arrows", top("Home > News > Local"), "generic/breadcrumb"),
    case("breadcrumb-guillemets", top("Home » Politics » Council"), "generic/breadcrumb"),
    case("breadcrumb-home-then-title", top(f"Home News {TITLE}", TITLE), ("generic/breadcrumb", "generic/title")),
    # dateline
    case("dateline-at-pm-et", top("Nov 18, 2019 at 9:24 pm ET"), "generic/dateline"),
    case("dateline-posted-on", top("Posted on 20 November 2019"), "generic/dateline"),
    case("dateline-rt", top("24 Feb, 2016 12:18"), "generic/dateline"),
    case("dateline-updated", top("Updated 1:39 am EST, Wednesday, November 20, 2019"), "generic/dateline"),
    # byline
    case("byline-two-authors", top("By Jane Doe and John Roe"), "generic/byline"),
    case("byline-written-by", top("Written by: Jane Doe"), "generic/byline"),
    case("byline-with-date", top("By Jane Doe | Published Nov 18, 2019"), "generic/byline"),
    case("byline-name-role", top("Tom Krisher, AP Auto Writer"), "generic/byline"),
    # navigation
    case("navigation-menu-top", top("News", "Sport", "Business", "Culture", "Weather"), "generic/navigation"),
    case("navigation-menu-end", end("News", "Sport", "Business", "Culture", "Weather"), "generic/navigation"),
    # title, standfirst, duplicates
    case("title", top(TITLE), "generic/title"),
    case(
        "standfirst-above-credit",
        top(TITLE, "The vote ends months of debate over homes and traffic in the district.", "AP Photo/Jane Doe"),
        ("generic/title", "generic/standfirst", "generic/credit"),
    ),
    case("duplicate-title", [TITLE, 0, 1, TITLE, 2, 3], ("generic/title", "generic/duplicate")),
    case("duplicate-paragraph", [0, 1, 2, BODY[1], 3], "generic/duplicate"),
    # notice
    case("notice-over-years", top("This story is over 5 years old."), "generic/notice"),
    case("notice-more-than", top("This article is more than 5 years old"), "generic/notice"),
    # outside the article block
    case("outside-tag-list", end("Topics", "Housing", "Local politics"), ("generic/related", "generic/outside", "generic/outside")),
    case("outside-prompt", end("Click to see more"), "generic/outside"),
    # markup left as text
    case("markup-shortcode", mid("[button link=\u201dhttp://example.com/submit/\u201d type=\u201dbig\u201d] Send us YOUR kit review[/button]"), "generic/markup"),
    case("markup-closed-shortcode", end("[automerge]1574096160[/automerge]"), "generic/markup"),
    case("markup-css-classes", end("- narrow-browser-and-phone", "- medium-wide-browser", "- landscape-tablet", "- portrait-tablet-and-above", "- landscape-tablet-and-below"), "generic/markup"),
    # other languages
    case("credit-korean", mid("[\uc0ac\uc9c4=MBC, SBS]"), "generic/credit"),
    case("credit-foto", mid("Foto: Reuters/Paulo Whitaker"), "generic/credit"),
    case("related-leggi-anche", mid("Leggi anche: Il consiglio approva il piano"), "generic/related"),
    case("related-tags-pt", end("Tags: calendario stock car 2018, stock car brasil"), "generic/related"),
    case("comments-moderation-pt", end("ATENÇÃO: Comentários com textos ininteligíveis ou que faltem com respeito ao usuário não serão aprovados pelo moderador."), "generic/comments"),
    case("comments-header-it", end("Lascia un commento", "Bel articolo, grazie!"), ("generic/comments", "generic/comment-section")),
    case("notice-reading-time-pt", top("Tempo de leitura: 2 minutos"), "generic/notice"),
    case("notice-min-read", top("4 min read"), "generic/notice"),
    case("related-kind-tag-and-bar", mid("China furious at Macron for Hong Kong protest jibe [INSIGHT]|"), "generic/related"),
    case("contributors-trust-principles", end("Our Standards:The Thomson Reuters Trust Principles."), "generic/contributors"),
]


@pytest.mark.parametrize("layout, expected", POSITIVE)
def test_detector_takes_line(layout, expected):
    text, inserted, body = build(layout)
    expected = [expected] * len(inserted) if isinstance(expected, str) else list(expected)
    assert len(expected) == len(inserted)
    article = clean(text)
    hits = removed_lines(article)
    assert [hits.get(n) for n in inserted] == expected
    assert_body_kept(article, body)


# an extractor's pick (HTML input: the page's title given) holds the article's own short lists; a menu there is longer
_PROS_AND_CONS = ("Pros", "Quiet and cool", "Good battery life", "Cons", "Heavy")
_SIX_ENTRIES = ("News", "Sport", "Business", "Culture", "Weather", "Travel")


@pytest.mark.parametrize("block, page_title, expected", [
    pytest.param(_PROS_AND_CONS, TITLE, None, id="five-short-lines-extracted-kept"),
    pytest.param(_PROS_AND_CONS, None, "generic/navigation", id="five-short-lines-page-text-menu"),
    pytest.param(_SIX_ENTRIES, TITLE, "generic/navigation", id="six-short-lines-extracted-menu"),
])
def test_navigation_run_length_by_kind_of_text(block, page_title, expected):
    text, inserted, body = build(mid(*block))
    article = CLEANER.clean(text, page_title=page_title)
    hits = removed_lines(article)
    assert [hits.get(n) for n in inserted] == [expected] * len(inserted)
    assert_body_kept(article, body)


HOVER_SENTENCE = (
    "A New York man pleaded guilty to threatening Rep. Ilhan OmarIlhan OmarHillicon Valley: Progressives oppose "
    "funding bill | Senators call for 5G coordinator Omar asks for compassion in sentencing MORE (D-Minn.), "
    "the U.S. Attorney's Office said on Tuesday."
)


def test_hover_card_is_cut_out_of_the_sentence():
    text, _, _ = build([0, "__CARD__", 1, 2, 3])
    article = clean(text.replace("__CARD__", HOVER_SENTENCE))
    assert ("A New York man pleaded guilty to threatening Rep. Ilhan Omar (D-Minn.), "
            "the U.S. Attorney's Office said on Tuesday.") in article.paragraphs
    (card,) = [r for r in article.removed if r.rule == "generic/hover-card"]
    assert card.category == "related" and card.start_line == 3
    assert card.text.startswith("Ilhan OmarHillicon Valley") and card.text.endswith("MORE")


@pytest.mark.parametrize("sentence", [
    "The band played MORE than three hours, said John SmithSmith's manager, and fans wanted MORE.",
    "Fans chanted ONE MORE SONG until the lights came on at the Apollo.",
])
def test_hover_card_lookalike_is_kept(sentence):
    text, _, _ = build([0, sentence, 1, 2, 3])
    article = clean(text)
    assert sentence in article.paragraphs
    assert not [r for r in article.removed if r.rule == "generic/hover-card"]


def test_hover_card_can_be_disabled():
    text, _, _ = build([0, HOVER_SENTENCE, 1, 2, 3])
    article = Cleaner(Config(builtin_rules=False, disable=frozenset({"hover-card"}))).clean(text)
    assert HOVER_SENTENCE in article.paragraphs


def test_glued_footer_is_split_off_and_removed():
    text, _, _ = build([0, 1, 2, "__LAST__"])
    text = text.replace("__LAST__", BODY[3] + "Maintained and developed by Example Web Co")
    article = clean(text)
    assert article.paragraphs == list(BODY)
    assert [(r.rule, r.start_line, r.text) for r in article.removed] == [
        ("generic/footer", 7, "Maintained and developed by Example Web Co")
    ]


# --------------------------------------------------------------------------- negative cases

NEGATIVE = [
    # footer
    pytest.param(
        mid("The copyright lawsuit was filed in 2019 by the authors, who said all rights reserved by the contract had lapsed."),
        id="footer-copyright-lawsuit",
    ),
    pytest.param(
        mid("Copyright law protects the work of authors for seventy years after their death."),
        id="footer-copyright-law",
    ),
    pytest.param(
        mid("The vaccine was developed by scientists at Oxford University over several years."),
        id="footer-developed-by",
    ),
    pytest.param(mid("The stadium will hold 60,000 fans when it opens in 2026, the club said in a statement."), id="footer-year-in-sentence"),
    # markup: hyphenated words in a list, a bracketed note
    pytest.param(mid("- state-of-the-art", "- long-term", "- well-known", "- up-to-date", "- low-cost"), id="markup-hyphenated-list"),
    pytest.param(mid("[1] Alarm fatigue: impacts on patient safety, Ruskin KJ. Curr Opin Anaesthesiol. 2015."), id="markup-footnote"),
    # social
    pytest.param(mid("Share prices fell sharply on Monday as investors fled."), id="social-share-prices"),
    pytest.param(mid("Follow-up talks are planned on Twitter's role in the election, officials said."), id="social-follow-up-twitter"),
    pytest.param(mid("The team will follow us on Twitter to track the result, the coach joked."), id="social-follow-us-in-sentence"),
    pytest.param(mid("Print editions of the newspaper will end in December, the publisher said."), id="social-print-editions"),
    # dateline
    pytest.param(mid("The hearing, first held on November 18, 2019, was adjourned until the spring after a lawyer fell ill."), id="dateline-date-in-sentence"),
    pytest.param(mid("She was born on 4 July 1990 in a small village near the coast."), id="dateline-birth-date"),
    pytest.param(mid("The police said the man, who was 34, had been arrested at 9:24 pm on Saturday."), id="dateline-time-in-sentence"),
    # byline
    pytest.param(mid("By the time police arrived, the crowd had gone."), id="byline-by-the-time"),
    pytest.param(mid("Jane Doe, a reporter at the local paper, broke the story in March."), id="byline-name-role-sentence"),
    pytest.param(mid("Reporting by local newspapers had first raised concerns about the contract in March."), id="byline-reporting-by-sentence"),
    # icons
    pytest.param(mid("The company said its icon, a small blue bird, would be retired along with the bookmark icon and the share icon next year."), id="icons-sentence"),
    # comments
    pytest.param(mid("Comments made by the minister at the rally were later withdrawn."), id="comments-sentence"),
    pytest.param(mid("Residents can leave a comment on the proposal through the council website until the end of the month."), id="comments-leave-in-sentence"),
    # credits, agencies, captions
    pytest.param(mid("Photo by photo, the exhibition traces the history of the city over the past century."), id="credit-photo-by-photo"),
    pytest.param(mid("Courtesy of a neighbour, the family was able to stay in the house for another week."), id="credit-courtesy-sentence"),
    pytest.param(mid("The AP reported that the deal was close."), id="agency-in-sentence"),
    pytest.param(mid("Source: the council's own figures show that 40 percent of homes are rented."), id="agency-source-sentence"),
    pytest.param(mid("From AFP and Reuters reports, the picture that emerges is of a city in crisis."), id="agency-from-reports"),
    pytest.param(mid("The court heard that he had shared the photo: a picture of the mayor, taken in 2018."), id="caption-photo-colon-sentence"),
    # media
    pytest.param(mid("Video evidence presented in court showed the driver had ignored a red light."), id="media-video-evidence"),
    pytest.param(mid("Play resumed after a rain delay of almost two hours."), id="media-play-resumed"),
    pytest.param(mid("The minister spoke for 1:30 hours without a break, aides said."), id="media-timestamp-in-sentence"),
    # promo, related
    pytest.param(mid("He said he would sign up for the programme as soon as it opened to new applicants."), id="promo-sign-up-sentence"),
    pytest.param(mid("Advertising revenue at the paper fell by 12 percent last year, the company said."), id="promo-advertising-revenue"),
    pytest.param(mid("Sponsored by the city, the festival drew thousands of visitors on its opening weekend."), id="promo-sponsored-by"),
    pytest.param(
        mid("For more than a decade, the paper has relied on subscription revenue to survive."),
        id="promo-for-more-than",
    ),
    pytest.param(mid("Related concerns about flooding were raised by the environment agency last year."), id="related-sentence"),
    pytest.param(mid("Read the full report, published on Wednesday, for the details of the proposal."), id="related-read-sentence"),
    pytest.param(mid("In other news, the council also approved a new library."), id="related-in-other-news"),
    # breadcrumb, notice
    pytest.param(mid("Home prices in the district have risen by a third since 2015, according to estate agents."), id="breadcrumb-home-prices"),
    pytest.param(mid("| Plan | Price | Sites | |---|---|---|"), id="breadcrumb-table-header-one-line"),
    # newsletter box: an article about newsletters lists its steps
    pytest.param(mid("- Rate newsletters by length", "- Group the remaining newsletters by topic"), id="newsletter-box-list-items"),
    pytest.param(mid("| Home | $1,200 | 3 |"), id="breadcrumb-table-row-home"),
    pytest.param(mid("| Swift | 308ms | | Python | 417ms | Swift was only a little faster than Python on this test."),
                 id="breadcrumb-table-rows-then-prose"),
    pytest.param(mid("This story is not over, the campaigners said."), id="notice-story-not-over"),
    pytest.param(mid("The archives of the newspaper were destroyed in a fire in 1998."), id="notice-archives-sentence"),
    # navigation, title, duplicates, article block
    pytest.param(mid("“No.”", "“Never?”", "“Never.”", "“Not even once?”"), id="navigation-short-quotes"),
    pytest.param(mid("What happens next?"), id="title-question-inside-body"),
    pytest.param(mid("“No,” she said.", "“No,” she said."), id="duplicate-short-repeat"),
    pytest.param(mid("“No,” she said."), id="outside-short-quote-inside"),
    pytest.param(end("The final vote is due on Friday."), id="outside-short-last-sentence"),
    pytest.param(top("“No,” she said."), id="outside-short-first-quote"),
]


@pytest.mark.parametrize("layout", NEGATIVE)
def test_lookalike_is_kept(layout):
    text, inserted, _ = build(layout)
    article = clean(text)
    assert article.removed == ()
    assert article.paragraphs == [BODY[x] if isinstance(x, int) else x for x in layout]
    assert (article.title, article.description, article.authors, article.published, article.agency, article.credits) == (
        None, None, (), None, None, ()
    )


# --------------------------------------------------------------------------- metadata


def _meta(layout, *, lead: str = "") -> Article:
    text, _, _ = build(layout)
    return clean(lead + text)


def test_authors_from_byline():
    assert _meta(top("By Jane Doe and John Roe")).authors == ("Jane Doe", "John Roe")


def test_authors_and_agency_from_name_role_byline():
    article = _meta(top("Tom Krisher, AP Auto Writer"))
    assert (article.authors, article.agency) == (("Tom Krisher",), "AP")


def test_authors_from_follow_line():
    assert _meta(end("Follow Jane Doe on Twitter: @janedoe")).authors == ("Jane Doe",)


def test_agency_from_source_line():
    assert _meta(end("Source: AFP")).agency == "AFP"


@pytest.mark.parametrize(
    "lead, agency",
    [("WASHINGTON (AP) — ", "AP"), ("LONDON (Reuters) - ", "Reuters"), ("PARIS (AFP) – ", "AFP")],
    ids=["ap-em-dash", "reuters-hyphen", "afp-en-dash"],
)
def test_agency_from_wire_lead(lead, agency):
    article = _meta(top(), lead=lead)
    assert article.agency == agency
    assert article.removed == ()
    assert article.paragraphs[0] == lead + BODY[0]


def test_published_from_dateline():
    assert _meta(top("Nov 18, 2019 at 9:24 pm ET")).published == "2019-11-18T21:24:00-05:00"


def test_modified_from_updated_dateline():
    article = _meta(top("Updated 1:39 am EST, Wednesday, November 20, 2019"))
    assert (article.published, article.modified) == (None, "2019-11-20T01:39:00-05:00")


def test_published_from_byline_tail():
    article = _meta(top("By Jane Doe | Published Nov 18, 2019"))
    assert (article.authors, article.published) == (("Jane Doe",), "2019-11-18")


def test_credits_from_photo_credit():
    assert _meta(mid("AP Photo/Jane Doe")).credits == ("AP Photo/Jane Doe",)


def test_title_above_relative_timestamp():
    article = _meta(top(TITLE, "3 hours ago"))
    assert article.title == TITLE
    assert removed_lines(article).get(1) == "generic/title"


def test_title_and_description():
    article = _meta(top(TITLE, "The vote ends months of debate over homes and traffic in the district.", "AP Photo/Jane Doe"))
    assert article.title == TITLE
    assert article.description == "The vote ends months of debate over homes and traffic in the district."


# --------------------------------------------------------------------------- config switches

TICKER = mid("3 hours ago", "Council rejects bridge plan", "5 hours ago", "Mayor opens new library")


@pytest.mark.parametrize("disable", [{"ticker"}, {"generic/ticker"}], ids=["family-name", "rule-id"])
def test_disable_ticker(disable):
    text, inserted, body = build(TICKER)
    on = removed_lines(clean(text))
    assert {on.get(n) for n in inserted} == {"generic/ticker"}
    off = removed_lines(clean(text, Cleaner(Config(builtin_rules=False, disable=frozenset(disable)))))
    assert "generic/ticker" not in off.values()
    assert not any(n in off for n in body)


def test_disable_one_rule_of_a_family():
    text, inserted, _ = build(mid("AP Photo/Jane Doe", "AFP"))
    article = clean(text, Cleaner(Config(builtin_rules=False, disable=frozenset({"generic/credit"}))))
    hits = removed_lines(article)
    assert hits.get(inserted[0]) != "generic/credit"
    assert hits.get(inserted[1]) == "generic/lone-agency"


def test_generic_off_removes_nothing():
    text, _, _ = build(top(TITLE, "By Jane Doe", "Advertisement"))
    article = clean(text, Cleaner(Config(builtin_rules=False, generic=False)))
    assert article.removed == ()
    assert article.title is None


# --------------------------------------------------------------------------- negative fixtures


def _negative_fixtures() -> list[Path]:
    return sorted(NEGATIVE_DIR.glob("*.txt"))


@pytest.mark.parametrize("path", _negative_fixtures(), ids=lambda p: p.stem)
def test_negative_fixture_passes_untouched(path: Path):
    raw = path.read_text("utf-8")
    paragraphs = [p.strip() for p in raw.strip().split("\n\n")]
    article = clean(raw)
    assert article.removed == ()
    assert article.text == "\n\n".join(paragraphs)
    assert article.title is None


def test_there_are_negative_fixtures():
    assert len(_negative_fixtures()) >= 5


def test_hover_cards_are_found_by_searching_only_the_lines_with_more():
    from cleaner import inline

    text = "\n".join([HOVER_SENTENCE, "READ MORE", "plain line", HOVER_SENTENCE + " and SEE MORE", " MORE",
                      "Omar asks MORE", "x" * 50 + " MORE\n", HOVER_SENTENCE])
    want = [m.span("card") for m in inline._HOVER_CARD.finditer(text)]
    assert len(want) == 3
    assert [m.span("card") for m in inline._cards(text)] == want


# --------------------------------------------------------------------------- the article block's edge
_BUS = "The council voted on Tuesday to expand the city's bus network, adding {} routes and a depot, officials said."
_BUS_ARTICLE = [_BUS.format(i) for i in range(5)]


@pytest.mark.parametrize("after, outside", [
    (["Share on Facebook", "It was a good week."], ["It was a good week."]),  # a removed share bar ends the article
    (["It was a good week."], []),  # no removal between: the short sentence goes on the article
    (["Share on Facebook", "After the vote, the mayor said the depot would open next year, with two hundred new drivers."],
     []),  # prose after the share bar is the article's
], ids=["short-line-after-removed-unit", "short-line-next-to-article", "prose-after-removed-unit"])
def test_removed_unit_is_a_gap_at_the_article_edge(after: list[str], outside: list[str]) -> None:
    art = Cleaner().clean("\n\n".join(_BUS_ARTICLE + after))
    assert [r.text for r in art.removed if r.rule == "generic/outside"] == outside


# (a teaser that does not end as a sentence: generic/duplicate takes later copies of sentences only)
_TEASER = ("Read how the city's new ferry line opened in spring after years of delay and now carries more commuters "
           "each morning than its planners ever hoped for")
_SITE_MENU = ["Home", "News", "Local", "Transport", "Weather", "Jobs"]


@pytest.mark.parametrize("tail, outside", [
    (_TEASER, True),  # the page's teaser, shown again under the article: a repeat, not the article's
    ("After the vote, the mayor said the depot would open next year, with two hundred new drivers.", False),
], ids=["repeated-teaser-after-article", "new-prose-after-article"])
def test_whole_page_repeated_prose_is_a_gap(tail: str, outside: bool) -> None:
    art = Cleaner().clean("\n\n".join([*_SITE_MENU, _TEASER, *_SITE_MENU, *_BUS_ARTICLE, tail]))
    assert (tail in [r.text for r in art.removed if r.rule == "generic/outside"]) is outside
    assert art.text.endswith(tail) is not outside
