"""Find the title and standfirst above the article body, and drop repeats of them."""
from __future__ import annotations

from ..model import Label
from .base import Hit, View, ends_sentence, is_body_like, is_headline_like, is_list_item, words
from .block import article_blocks
from .ticker import is_stamp

TITLE = Label("generic/title", "metadata", "the headline (moved to title)")
STANDFIRST = Label("generic/standfirst", "metadata", "the standfirst (moved to description)")
DUPLICATE = Label("generic/duplicate", "duplicate", "repeat of the title or of an earlier paragraph")

TITLE_REACH = 10  # how many units above the first paragraph the headline may sit
MAX_STANDFIRST_WORDS = 60
MIN_REPEAT_WORDS = 12  # lists legitimately repeat short items
# what may separate a standfirst from the body: the lead picture's furniture
_STANDFIRST_SEPARATORS = {"credit", "caption", "media", "byline", "dateline", "agency"}


def _same_title(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold().strip(" .") == " ".join(b.split()).casefold().strip(" .")


def find_title(view: View) -> int | None:
    """The headline: the page's own title where one is given (HTML input), else the nearest
    headline-like free unit above the first article block (its first copy). (The first block, not the best:
    what lies above it is dropped as outside, so cleaning the output again finds no headline above it.)"""
    given = view.first("page_title")
    if given is not None:
        return next((i for i in range(min(TITLE_REACH, len(view.units)))
                     if view.free(i) and _same_title(view.units[i].text, given)), None)
    blocks = article_blocks(view)
    if not blocks:
        return None
    body = blocks[0][0]
    for i in range(body - 1, max(-1, body - 1 - TITLE_REACH), -1):
        if view.free(i) and is_headline_like(view.units[i].text) and not is_stamp(view.units[i].text):
            text = view.units[i].text
            if view.features.texts.index(text) == i:
                return i  # (no earlier copy: most headlines)
            earlier = [j for j in range(i) if view.free(j) and view.units[j].text == text]
            return earlier[0] if earlier else i
    return None


def _copies(view: View, title: int) -> list[int]:
    """The free units other than title that repeat its text; with the page's own title given (HTML input), also
    those that differ from it only in case and spacing, as the title was matched (a second cleaning would take the
    first such copy within reach for the title)."""
    text = view.units[title].text
    if view.first("page_title") is None:
        return [j for j in view.free_among(view.features.repeated) if j != title and view.units[j].text == text]
    size = len(text)
    return [j for j in view.free_indices() if j != title and abs(len(view.units[j].text) - size) <= size // 4
            and _same_title(view.units[j].text, text)]


def find_standfirst(view: View, title: int) -> int | None:
    """The unit right after the title, when the lead picture's furniture separates it from the body."""
    nxt = next((i for i in range(title + 1, len(view.units)) if view.free(i) and view.units[i].text != view.units[title].text), None)
    if nxt is None or not is_body_like(view.units[nxt].text) or words(view.units[nxt].text) > MAX_STANDFIRST_WORDS:
        return None
    after = nxt + 1
    if after < len(view.units) and view.labels[after] is not None and view.labels[after].category in _STANDFIRST_SEPARATORS:
        return nxt
    return None


def detect_headline(view: View) -> list[Hit]:
    out = []
    title = find_title(view)
    if title is not None:
        text = view.units[title].text
        out.append(Hit(title, TITLE, (("title", text),)))
        out.extend(Hit(j, DUPLICATE) for j in _copies(view, title))
        stand = find_standfirst(view, title)
        if stand is not None:
            out.append(Hit(stand, STANDFIRST, (("description", view.units[stand].text),)))
    return out


def detect_repeats(view: View) -> list[Hit]:
    """Later exact copies of a paragraph (pull quotes, twice-dumped blocks)."""
    seen: set[str] = set()
    out = []
    for i in view.free_among(view.features.repeated):  # a text that occurs once cannot repeat
        text = view.units[i].text
        if text in seen:
            out.append(Hit(i, DUPLICATE))
        elif words(text) >= MIN_REPEAT_WORDS and ends_sentence(text) and not is_list_item(text):
            seen.add(text)
    return out
