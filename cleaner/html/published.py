"""Choose a page's published and modified dates among its markup, the dates shown beside its headline, its URL and htmldate."""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import cache
from typing import Iterator

from lxml import etree

from .. import dates, phrases
from ..dates import plausible
from .pagemeta import PageMeta
from .regions import PageRegions
from .tree import following, preceding, short_text, text_holder


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|$|[^\d])")
_URL_DATE_COMPACT = re.compile(r"/((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])/")


def date_from_url(url: str | None) -> str | None:
    """A date written in the URL path (/2019/11/20/ or /20191120/)."""
    if not url:
        return None
    m = _URL_DATE.search(url) or _URL_DATE_COMPACT.search(url)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    try:
        return datetime(y, mo, d).date().isoformat()
    except ValueError:
        return None


def _htmldate(root: etree._Element, url: str | None) -> str | None:
    """htmldate's original (published) date of the page, by its quick search (markup, URL, a few
    expressions; not the extensive search of every text, about 40 ms a page); it reads a copy, the
    tree is not changed."""
    from htmldate import find_date  # imported on first use, as trafilatura is

    try:
        return find_date(root, original_date=True, extensive_search=False, url=url)
    except (ValueError, TypeError, RecursionError):
        return None


@dataclass(frozen=True)
class ShownDate:
    """A date written near the headline, where the reader sees it."""

    iso: str
    offset: int  # elements from the headline: negative before it, 0 in the text right after it
    label: str  # the words before the date ("updated on", "published"), case-folded
    ambiguous: bool  # a numeric date whose day and month could be read either way ("03/10/2023")


SHOWN_BEFORE, SHOWN_AFTER = 30, 40  # elements before and after the headline searched for a shown date
SHOWN_NEAR = 10  # a shown date this close to the headline is the page's date (see choose_published)
SHOWN_CHARS = 80  # a text longer than this is a sentence, not a date line ("As of July 31, 2025, ...")
_LABEL_CHARS = 40
_LETTERS = re.compile(r"[^\W\d_]")
_NOT_SHOWN = ("script", "style", "noscript", "template", "h1")


def _pieces(el: etree._Element, own_text: bool = True) -> Iterator[str]:
    """The element's own text (unless own_text is False) and the text after it, whitespace collapsed."""
    for piece in (el.text if own_text else None, el.tail):
        if piece and not piece.isspace():
            yield " ".join(piece.split())


def shown_dates(regions: PageRegions, h1: etree._Element | None) -> list[ShownDate]:
    """The dates written in short lines around the first <h1> (SHOWN_BEFORE elements before it,
    SHOWN_AFTER after), in document order, each with the words leading it (its own line's, else
    the end of the line before): the dates a reader sees beside the headline and byline. Lines
    in comments, related-story lists, tickers, asides, navigation and footers are not read."""
    if h1 is None:
        return []
    out: list[ShownDate] = []
    before = ""  # the end of the line before
    window = itertools.chain(((e, i - SHOWN_BEFORE) for i, e in enumerate(preceding(h1, SHOWN_BEFORE))),
                             ((h1, 0),), ((e, i + 1) for i, e in enumerate(following(h1, SHOWN_AFTER))))
    for el, offset in window:
        if not isinstance(el.tag, str) or (el.tag in _NOT_SHOWN and el is not h1):
            continue
        pieces = list(_pieces(el, own_text=el is not h1))
        if not pieces or regions.excluded(el):  # (an element without text is not asked where it is)
            continue
        for piece in pieces:
            if len(piece) <= SHOWN_CHARS and any(y in piece for y in dates.YEAR_STARTS):
                for d in dates.search_dates(piece):
                    lead = piece[:d.start]
                    label = lead if _LETTERS.search(lead) else f"{before} {lead}"
                    out.append(ShownDate(d.iso, offset, label[-_LABEL_CHARS:].strip().casefold(),
                                         dates.ambiguous(piece[d.start:d.end])))
            before = piece[-_LABEL_CHARS:]
    return out


@cache
def _update_label() -> re.Pattern[str]:
    """Any word of data/update_labels.txt starting a word ("Updated", "Last modified")."""
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, phrases.load("update_labels"))) + ")", re.IGNORECASE)


def _days_apart(a: str, b: str) -> int:
    return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)


ZONE_SPAN = (timedelta(hours=-12), timedelta(hours=14))  # the offsets of the world's time zones


def same_moment_elsewhere(timestamp: str, day: str) -> bool:
    """Whether `day` (another calendar day) can be the day of `timestamp` in some time zone: a
    timestamp with its zone stated (2025-12-19T22:02:58+00:00) falls on the 19th or the 20th
    somewhere in the world, never on the 18th; one without a zone may be off by a day either way."""
    if "T" not in timestamp or _days_apart(timestamp, day) != 1:
        return False
    try:
        moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    except ValueError:
        return True
    if moment.tzinfo is None:
        return True
    utc = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return day[:10] in {(utc + offset).date().isoformat() for offset in ZONE_SPAN}


def _shown_instead(meta: PageMeta, shown: list[ShownDate]) -> ShownDate | None:
    """The date shown beside the headline, when it should replace the published date the page's
    JSON-LD or meta tags give: the first unambiguous shown date within SHOWN_NEAR elements of
    the headline, on another day, not labelled as an update (data/update_labels.txt), not one day
    off a timestamp (the same moment in another time zone), and the machine date shown nowhere
    near the headline. (Measured on devset-wcxb: such pages show their CMS's first or migration
    date in JSON-LD and the date the outlet stands by on the page; the annotators took the latter.)"""
    published = meta.published
    near = next((s for s in shown if abs(s.offset) <= SHOWN_NEAR and not s.ambiguous), None)
    if near is None or not published or meta.sources.get("published") not in ("json-ld", "meta"):
        return None
    if near.iso[:10] == published[:10] or _update_label().search(near.label):
        return None
    if same_moment_elsewhere(published, near.iso):
        return None
    if any(s.iso[:10] == published[:10] for s in shown) or not plausible(near.iso, meta.now):
        return None
    return near


def _published_shown_as_update(meta: PageMeta, shown: list[ShownDate]) -> ShownDate | None:
    """The markup's published date is shown only as an update ("Updated Aug 21, 2025") and the page
    shows an earlier date not so labelled ("Published Apr 26, 2023"): the CMS wrote its update
    time as datePublished, and the earlier shown date is the publication."""
    published = meta.published
    if not published or meta.sources.get("published") not in ("json-ld", "meta"):
        return None
    same = [s for s in shown if s.iso[:10] == published[:10]]
    if not same or not all(_update_label().search(s.label) for s in same):
        return None
    return next((s for s in shown if not s.ambiguous and s.iso[:10] < published[:10]
                 and not _update_label().search(s.label)), None)


_YEAR_TEXT = etree.XPath("//body//text()[contains(., '19') or contains(., '20')]")
MAX_DATE_LINES = 400  # text nodes holding a year read by labelled_date_lines


@cache
def _date_label() -> re.Pattern[str]:
    """Any word of data/date_labels.txt, whole ("Posted", "Last updated")."""
    words = "|".join(map(re.escape, sorted(phrases.load("date_labels"), key=len, reverse=True)))
    return re.compile(rf"(?<![^\W\d_])(?:{words})(?![^\W\d_])", re.IGNORECASE)


def labelled_date_lines(regions: PageRegions) -> list[ShownDate]:
    """Short lines anywhere on the page that are a labelled date and nothing else ("Last updated:
    November 13, 2025", "Posted on 3 May 2024"), outside comments, related lists, tickers, asides,
    navigation and footers, in document order (offset: the line's rank). A text node holding a year
    is read with its element, else with its parent (a label and a date in sibling elements)."""
    out: list[ShownDate] = []
    for text in itertools.islice(_YEAR_TEXT(regions.root), MAX_DATE_LINES):
        if len(text) > SHOWN_CHARS * 4 or not any(y in text for y in dates.YEAR_STARTS):
            continue
        el = text_holder(text)
        for holder in (el, el.getparent() if el is not None else None):
            if holder is None or not isinstance(holder.tag, str) or holder.tag in _NOT_SHOWN:
                break
            line = short_text(holder, SHOWN_CHARS)
            if line is None:  # longer than a date line
                break
            if (found := dates.is_dateline(line)) and (label := _date_label().search(line[:found.start])):
                if not regions.excluded(holder):
                    out.append(ShownDate(found.iso, len(out), label.group().casefold(), dates.ambiguous(line[found.start:])))
                break
    return out


def _shown_published(shown: list[ShownDate]) -> ShownDate | None:
    """For a page whose markup gives no date: the first unambiguous shown date not labelled as an
    update, else the first update date (a page that shows only "Updated <date>" dates itself so)."""
    usable = [s for s in shown if not s.ambiguous]
    return next((s for s in usable if not _update_label().search(s.label)), usable[0] if usable else None)


def choose_published(meta: PageMeta, regions: PageRegions, headline: etree._Element | None, url: str | None) -> None:
    """The published date, in this order of trust (measured on devset-wcxb by bench/metadata.py):
    1. the cheap sources, read before this: JSON-LD, meta tags, <time datetime> (an ambiguous
       "03-10-2023" value is not read), the URL; a JSON-LD or meta date gives way to another date
       shown beside the headline (_shown_instead), and to an earlier shown date when the page
       shows the markup's date only as an update (_published_shown_as_update: the CMS wrote its
       update time as datePublished);
    2. when they give none: the date shown beside the headline (shown_dates, _shown_published);
    3. then htmldate's quick search (original_date, no extensive search: a few ms);
    4. then a labelled date line anywhere on the page ("Last updated: November 13, 2025",
       labelled_date_lines), outside comments, related lists, asides, navigation and footers;
    5. a timestamp one day off a date in the URL gives way to the URL's day when a time zone
       explains the difference (same_moment_elsewhere).
    A shown date labelled as an update fills `modified` when the markup gives none; `published`
    stays the publication the markup or the page states, not the update.
    Measured and not taken: an "Updated <date>" shown beside the headline replacing a markup
    published date the page does not show (devset-wcxb: the annotators took the update on 17
    such pages and the markup's date on 19); a date in an "originally published on" sentence (1
    page won, 1 lost); htmldate overruling a cheap source when they disagree (11 won, 12 lost,
    and the extensive search on each page); htmldate's extensive search after step 4 (no page
    more right, 67 more pages whose gold has no date given one, 30 ms a page).
    htmldate never gives a date after today; dates after meta.now are rejected as for every source."""
    root = regions.root
    shown = shown_dates(regions, headline)
    if replacement := _shown_instead(meta, shown):
        meta.published, meta.sources["published"] = replacement.iso, "visible-date"
    elif replacement := _published_shown_as_update(meta, shown):
        meta.published, meta.sources["published"] = replacement.iso, "visible-date"
    if not meta.published and (first := _shown_published(shown)):
        meta.set("published", first.iso, "visible-date")
    if not meta.published:
        meta.set("published", _htmldate(root, url), "htmldate")
    if not meta.published and (first := _shown_published(labelled := labelled_date_lines(regions))):
        meta.set("published", first.iso, "visible-date")
        shown = shown + labelled
    if not meta.modified:
        meta.set("modified", next((s.iso for s in shown if not s.ambiguous and _update_label().search(s.label)), None),
                 "visible-date")
    url_day = date_from_url(meta.canonical_url or url)
    if url_day and meta.published and "T" in meta.published and meta.sources.get("published") != "url":
        # a timestamp one day off the URL's date is the same publication seen from another time
        # zone (UTC past midnight): the URL gives the day as the outlet dates it
        if same_moment_elsewhere(meta.published, url_day):
            meta.published, meta.sources["published"] = url_day, "url"
