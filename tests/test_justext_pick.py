"""jusText's pick (html/justext_pick.py): what it leaves out of the page before reading it, and what it keeps."""
from __future__ import annotations

import pytest
from lxml import etree

from cleaner.html import extract
from cleaner.html import justext_pick
from cleaner.html.justext_pick import (SETTINGS, Settings, _left_out, _named_not_article, classify, justext_text,
                                         readable_copy, stoplist)
from cleaner.html.parse import parse

# (paragraphs of more than jusText's 150 characters: shorter ones it judges by their neighbours)
SENTENCES = [
    "The council voted on Tuesday to close the old bridge for repairs that are expected to last until the spring. "
    "It is the first time in forty years that the crossing has been shut for more than a weekend.",
    "Engineers found that the steel beams under the deck had rusted far more than the last inspection had shown. "
    "They said the bridge was not in danger of falling, but that the work could not wait for another year.",
    "Drivers will have to use the ring road, which the council says will add about ten minutes to most journeys. "
    "Buses will follow the same route, and the timetables will be changed from the first of the month.",
    "Local shop owners said they were worried that fewer people would come into the town centre during the works. "
    "The council has promised to look at cutting their business rates while the bridge is closed.",
]
COMMENTS = [
    "I have been saying for years that this bridge was not safe and nobody at the council would ever listen to me. "
    "Now they finally admit it and we are all supposed to be grateful that they have noticed at last.",
    "Why does it always take them so long to fix anything in this town when the money is there for other things? "
    "They found enough for the new offices at the town hall, and nobody asked us about that one either.",
]
COOKIE = ("This website uses cookies to improve your experience while you navigate through the website, and some of "
          "these cookies are stored in your browser as they are essential for the working of the website.")


def page(article: str, after: str = "") -> str:
    return f"<html><body><article>{article}</article>{after}</body></html>"


def paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


@pytest.mark.parametrize(("html", "left_out"), [
    ('<div class="comments-area">x</div>', True),
    ('<section id="comments">x</section>', True),
    ('<div id="disqus_thread">x</div>', True),
    ('<div class="cli-modal">x</div>', True),
    ('<div class="popup-overlay">x</div>', True),
    ('<div class="cookie-notice">x</div>', True),
    ('<div class="gdpr-consent">x</div>', True),
    ('<div class="newsletter-signup">x</div>', True),
    ('<script>var x = 1;</script>', True),
    ('<nav>x</nav>', True),
    ('<div class="commentary">x</div>', False),  # an opinion column, not a comment thread
    ('<div class="entry-content">x</div>', False),
    ('<div class="related-widget sidebar">x</div>', False),  # names that also wrap whole articles on some sites
    ('<article class="post-with-comments">x</article>', False),  # the article's own wrapper
    ('<div>x</div>', False),
], ids=["comments-class", "comments-id", "disqus", "modal", "popup", "cookie", "consent", "newsletter", "script", "nav",
        "commentary", "entry-content", "widget-sidebar", "article-wrapper", "plain-div"])
def test_left_out(html: str, left_out: bool) -> None:
    el = parse(f"<html><body>{html}</body></html>").find("body")[0]
    assert (_left_out(el) or _named_not_article(el)) is left_out


def test_html_comment_nodes_are_left_out() -> None:
    assert _left_out(etree.Comment(" a note "))
    assert _left_out(etree.ProcessingInstruction("php", "echo 1;"))


def test_article_paragraphs_kept() -> None:
    text = justext_text(parse(page(paragraphs(SENTENCES))))
    assert text.splitlines() == SENTENCES


def test_comment_thread_left_out() -> None:
    """A thread of long sentences under the article reads to jusText as more article: it is left out by its name."""
    thread = f'<div class="comments-area"><ol>{"".join(f"<li><p>{c}</p></li>" for c in COMMENTS)}</ol></div>'
    root = parse(page(paragraphs(SENTENCES), thread))
    text = justext_text(root)
    assert text.splitlines() == SENTENCES
    # (without the leaving out, jusText keeps the thread: what this test guards against)
    renamed = parse(page(paragraphs(SENTENCES), thread.replace("comments-area", "thread-area")))
    assert COMMENTS[0] in justext_text(renamed)


def test_cookie_box_left_out() -> None:
    box = f'<div class="cli-modal"><div class="cli-modal-body"><p>{COOKIE}</p></div></div>'
    text = justext_text(parse(page(paragraphs(SENTENCES), box)))
    assert "cookies" not in text
    assert text.splitlines() == SENTENCES


def test_page_stays_whole() -> None:
    html = page(paragraphs(SENTENCES), '<div class="comments"><p>a comment</p></div><script>x()</script>')
    root = parse(html)
    before = etree.tostring(root)
    readable_copy(root)
    justext_text(root)
    assert etree.tostring(root) == before


def test_tail_text_of_a_left_out_element_stays() -> None:
    root = parse("<html><body><p>Before <button>Share</button>the rest of a long sentence.</p></body></html>")
    assert etree.tostring(readable_copy(root).find("body"), encoding="unicode") == \
        "<body><p>Before the rest of a long sentence.</p></body>"


def test_no_paragraphs_no_text() -> None:
    """A page whose only prose sits in its menu and footer gives no text (jusText alone would keep it)."""
    html = f"<html><body><nav><p>{SENTENCES[0]}</p></nav><footer><p>{SENTENCES[1]}</p></footer></body></html>"
    assert justext_text(parse(html)) == ""
    assert SENTENCES[0] in justext_text(parse(html.replace("nav>", "div>").replace("footer>", "div>")))


def test_page_title_left_out() -> None:
    """The <head> is left out, as jusText's own preprocessing does: its <title> would read as a first paragraph."""
    title = "The council will close the old bridge for repairs that are expected to last until spring | The Town Paper"
    html = f"<html><head><title>{title}</title></head><body><article>{paragraphs(SENTENCES)}</article></body></html>"
    assert justext_text(parse(html)).splitlines() == SENTENCES


def test_comment_thread_longer_than_its_article_left_out() -> None:
    """A comment thread is left out by its name however much of the page it holds."""
    thread = f'<div class="entry-comments">{paragraphs(COMMENTS * 4)}</div>'
    assert justext_text(parse(page(paragraphs(SENTENCES[:1]), thread))).splitlines() == SENTENCES[:1]


def test_page_of_too_many_paragraphs_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(justext_pick, "MAX_PARAGRAPHS", 3)
    assert justext_text(parse(page(paragraphs(SENTENCES)))) == ""
    monkeypatch.setattr(justext_pick, "MAX_PARAGRAPHS", 4)
    assert justext_text(parse(page(paragraphs(SENTENCES)))).splitlines() == SENTENCES


def test_stoplist_holds_several_languages() -> None:
    words = stoplist()
    assert {"the", "und", "les", "que"} <= words
    assert stoplist() is words  # built once a process


def test_third_candidate_is_justext() -> None:
    root = parse(page(paragraphs(SENTENCES)))
    names = [c.name for c in extract.candidates(root, None, None)]
    assert names == ["trafilatura", "densest-prose", "justext"]


MIXED = page(
    "<h2>Bridge to close</h2>" + paragraphs(SENTENCES[:2])
    + "<p>See the <a href='/x'>map</a> for the new bus routes.</p>"  # short, with some link text: bad
    + "<p>ABC-123 XYZ-456 QRS-789 DEF-012 GHI-345 JKL-678 MNO-901 PQR-234 STU-567 VWX-890 YZA-123 BCD-456</p>"  # no stopwords
    + "<p>Bridge closure: repairs, steel beams, ring road detour, ten minutes, buses, timetables, shop owners, rates</p>"
    + "<p>Short line.</p><p><a href='/a'>A link that is a whole paragraph of its own text here</a></p>"
    + "<p>© 2024 The Town Paper. All rights reserved, and more words to make it long enough.</p>"
    + "<select><option>Choose a section of the site to read next</option></select>"
    + "<p>Zahlreiche Anwohner haben sich am Dienstag über die Sperrung der Brücke beschwert, die bis zum Frühjahr dauern soll.</p>"
    + "<p>Words words words words words words words words words words words words words words words words words.</p>"
    + paragraphs(SENTENCES[2:]),
    '<div class="links">' + "".join(f"<a href='/{i}'>Story {i}</a> " for i in range(12)) + "</div>")


@pytest.mark.parametrize("settings", [SETTINGS, SETTINGS._replace(length_high=100, stopwords_high=0.3, no_headings=False)],
                         ids=["defaults", "other-thresholds"])
def test_classify_matches_justext(settings: Settings) -> None:
    """classify is jusText's classify_paragraphs with the stoplist lowercased once: the same class for each paragraph."""
    from justext.core import ParagraphMaker, classify_paragraphs

    root = parse(MIXED)  # (not readable_copy: its <select> must reach the classing)
    ours, theirs = ParagraphMaker.make_paragraphs(root), ParagraphMaker.make_paragraphs(root)
    classify(ours, settings)
    classify_paragraphs(theirs, stoplist(), settings.length_low, settings.length_high, settings.stopwords_low,
                        settings.stopwords_high, settings.max_link_density, settings.no_headings)
    assert [(p.cf_class, p.heading) for p in ours] == [(p.cf_class, p.heading) for p in theirs]
    assert {p.cf_class for p in ours} == {"short", "bad", "neargood", "good"}  # (the page takes every branch)


def test_stoplist_is_justexts() -> None:
    import justext

    assert stoplist() == {w for language in justext.get_stoplists() for w in justext.get_stoplist(language)}


@pytest.mark.parametrize("inner, kept", [
    (2, False),  # two posts inside the article: other stories' teasers, left out
    (1, True),   # one alone may wrap the article itself
], ids=["teasers", "one-inner-article"])
def test_articles_inside_the_article(inner: int, kept: bool) -> None:
    teasers = "".join(f"<article class='post'><p>{c}</p></article>" for c in COMMENTS[:inner])
    text = justext_text(parse(page(paragraphs(SENTENCES) + teasers)))
    assert text.startswith("\n".join(SENTENCES))
    assert (COMMENTS[0] in text) is kept


@pytest.mark.parametrize("html", [
    # the story as one of the <article>s inside a page-wide one, beside teasers (found in review)
    "<article class='site'><article class='story'>{story}</article><aside><article><p>{c0}</p></article>"
    "<article><p>{c1}</p></article></aside></article>",
    # the story with its comments as <article>s, inside a page-wide one
    "<article><article class='story'>{story}<section><article><p>{c0}</p></article><article><p>{c1}</p></article>"
    "</section></article></article>",
], ids=["story-beside-teasers", "story-around-comments"])
def test_the_story_among_inner_articles_kept(html: str) -> None:
    text = justext_text(parse(f"<html><body>{html.format(story=paragraphs(SENTENCES), c0=COMMENTS[0], c1=COMMENTS[1])}"
                              "</body></html>"))
    assert text.startswith("\n".join(SENTENCES))
