"""Find a page's authors: person names from bylines in its markup and text, tidied of roles, outlets and organisations."""
from __future__ import annotations

import itertools
import re
from functools import cache
from typing import Callable, Iterable

from lxml import etree

from .. import dates, phrases
from .pagemeta import MAX_AUTHOR_CANDIDATES, PageMeta, squash
from .regions import EXCLUDED_TAGS_FOR_MARKED, PageRegions, own_class
from .tree import following, short_text


BY_LEAD = re.compile(r"^by\s+", re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_BYLINE_CUT = re.compile(r"\s+[|•·—–]\s+|\s+-\s+|\s*[|•·]\s*|\n")  # "Jane Doe | Outlet", "Jane Doe - Team"
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*", re.IGNORECASE)
_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "del", "la", "le", "bin", "al", "el", "du", "dos", "st."})
_BYLINE_CLASS = re.compile(r"(?<![a-z])(?:author(?!ity|i[sz])|byline|by-line|writer(?![a-z]))", re.IGNORECASE)
_NAME_CLASS = re.compile(r"name|(?<![a-z])fn(?![a-z])", re.IGNORECASE)  # "author-name", "byline__name", vCard "fn"
BYLINE_CHARS = 120  # a byline element or line longer than this is a bio or a paragraph, not a byline
MAX_NAME_WORDS = 5
BY_LINE_WINDOW = 80  # elements after the headline searched for a visible "By ..." line


@cache
def _label_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    def alternatives(name: str) -> str:
        return "|".join(map(re.escape, sorted(phrases.load(name), key=len, reverse=True)))
    lead = re.compile(rf"^(?:{alternatives('byline_labels')})(?![\w])\s*:?\s*", re.IGNORECASE)
    not_author = re.compile(rf"^(?:{alternatives('not_author_labels')})(?![\w])", re.IGNORECASE)
    return lead, not_author


def _name_token(token: str, loose: bool) -> bool:
    if token.casefold() in _PARTICLES:
        return True
    if any(c.isdigit() for c in token) or not token[0].isalpha():
        return False
    return token[0].isupper() or loose


def person_names(text: str, loose: bool = False) -> list[str]:
    """The person names in a byline's text ("By Jane Doe and John Roe | Outlet, Updated May 1, 2024"):
    e-mail addresses go; the text is cut into segments at dates and separators (| • · —), and
    the first segment holding names gives them, its lead label ("By", "Written by") removed;
    each name must be 1 to MAX_NAME_WORDS capitalised words (2 or more unless loose: itemprop/
    rel=author elements say they hold a name, so "David" or "jsteinhardt" is taken from them).
    A byline led by a not-author label ("Reviewed by", "Photo by") gives none."""
    lead, not_author = _label_patterns()
    text = " ".join(_EMAIL.sub(" ", text).split())
    if not text or len(text) > BYLINE_CHARS:
        return []
    pieces, pos = [], 0
    for d in dates.search_dates(text):
        pieces.append(text[pos:d.start])
        pos = d.end
    pieces.append(text[pos:])
    for piece in pieces:
        for segment in _BYLINE_CUT.split(piece):
            segment = segment.strip(" ,;:")
            if not_author.match(segment):
                return []
            if names := _segment_names(lead.sub("", segment), loose):
                return names
    return []


def _segment_names(text: str, loose: bool) -> list[str]:
    stop, ends = phrases.folded("not_name_words"), phrases.folded("name_ends")
    out = []
    for n, part in enumerate(_NAME_SPLIT.split(text)):
        tokens = part.strip(" .,:;()").split()
        if len(tokens) > 2 and tokens[0].isupper() and len(tokens[0]) <= 3:
            tokens = tokens[1:]  # an avatar's initials before the name ("CM Craig McCarthy")
        cut = next((i for i, t in enumerate(tokens) if t.casefold().strip(".:,") in ends), len(tokens))
        if cut < len(tokens) and (n or cut == 0):
            continue  # a job title after the name ("Jane Doe, Chief Architect"), not a second name
        if cut >= 3 and cut < len(tokens):
            tokens = tokens[:2]  # "Liza Burke Marketing Director": the words before a title are the title's
        else:
            tokens = tokens[:cut]
        if not tokens or len(tokens) > MAX_NAME_WORDS or (len(tokens) < 2 and not loose):
            continue
        if any(t.casefold() in stop for t in tokens) or not all(_name_token(t, loose) for t in tokens):
            continue
        out.append(" ".join(tokens))
    return out


_ITEMPROP_AUTHOR = etree.XPath("//*[@itemprop='author']")  # compiled: faster than iterfind's predicate


def _itemprop_author(regions: PageRegions, headline: etree._Element | None) -> list[str]:
    for el in itertools.islice(_ITEMPROP_AUTHOR(regions.root), MAX_AUTHOR_CANDIDATES):
        if el.tag == "meta" or regions.excluded(el, EXCLUDED_TAGS_FOR_MARKED):
            continue  # <meta itemprop=author> is read with the meta tags
        named = el.find(".//*[@itemprop='name']")
        holder = named if named is not None else el
        text = holder.get("content") or " ".join(holder.itertext())
        if names := person_names(text, loose=True):
            return names
    return []


def _rel_author(regions: PageRegions, headline: etree._Element | None) -> list[str]:
    for el in itertools.islice(regions.root.iterfind(".//a[@rel]"), 1000):
        if "author" in (el.get("rel") or "").split() and not regions.excluded(el, EXCLUDED_TAGS_FOR_MARKED):
            if names := person_names(" ".join(el.itertext()), loose=True):
                return names
    return []


def _byline_element(regions: PageRegions, headline: etree._Element | None) -> list[str]:
    """The first element whose class or id names an author or byline and holds names; those whose
    class also says "name" (author-name, byline__name, vCard fn) first, as a byline block holds
    the name beside a label and a job title."""
    body = regions.root.find("body")
    marked = [el for el in itertools.islice((body if body is not None else regions.root).iter(), 20000)
              if isinstance(el.tag, str) and _byline_named(el) and not regions.excluded(el)]
    for el in sorted(marked[:200], key=lambda e: not _NAME_CLASS.search(own_class(e))):
        if names := person_names(" ".join(el.itertext())):
            return names
    return []


def _byline_named(el: etree._Element, search: Callable[[str], object] = _BYLINE_CLASS.search) -> bool:
    """_BYLINE_CLASS found in own_class(el), read in its class and its id apart: none of its words
    holds the space own_class joins them with, nor does a word's edge look past it."""
    cls, ident = el.get("class"), el.get("id")
    return bool(cls and search(cls) or ident and search(ident))


_BY_START = re.compile(r"^\s*(?:(?:written|words|story|text|article)\s+)?by\b", re.IGNORECASE)


def _by_line(regions: PageRegions, headline: etree._Element | None) -> list[str]:
    """A visible "By Jane Doe" / "Written by Jane Doe" line among the elements after the headline,
    or a "Written by" label whose next element holds the name."""
    if headline is None:
        return []
    label = False  # the element before was a bare "Written by" label
    for e in following(headline, BY_LINE_WINDOW):
        if not isinstance(e.tag, str) or e.tag in ("script", "style") or regions.excluded(e):
            continue
        text = short_text(e, BYLINE_CHARS)
        if text is None:  # longer than a byline
            label = False
            continue
        if label and (names := person_names(text)):
            return names
        label = bool(_BY_START.fullmatch(text.rstrip(":").strip()))
        if not label and _BY_START.match(text) and (names := person_names(text)):
            return names
    return []


# where a page names its author, after JSON-LD persons and <meta> tags, most trusted first
BYLINE_SOURCES = (("itemprop", _itemprop_author), ("rel-author", _rel_author),
                  ("byline-element", _byline_element), ("by-line", _by_line))


def choose_authors(meta: PageMeta, regions: PageRegions, headline: etree._Element | None) -> None:
    """The authors of the first source whose names survive tidy_authors, in this order of trust:
    JSON-LD (persons only), the <meta> author tags (in _META_KEYS order), then the page's markup
    (BYLINE_SOURCES: itemprop, rel=author, byline elements, a visible "By" line), read only when
    needed. A JSON-LD Person who is also the publisher is a personal site's owner and stays."""
    candidates = itertools.chain(meta.author_candidates, ((src, tuple(find(regions, headline))) for src, find in BYLINE_SOURCES))
    for source, names in candidates:
        tidy = tidy_authors(names, meta.outlet if source != "json-ld" else None, teams=source in ("json-ld", "meta"))
        if tidy:
            meta.set("authors", tidy, source)
            return


@cache
def _role_words() -> re.Pattern[str]:
    """Any job title of data/byline_roles.txt as a whole word ("AP National Security Writer")."""
    return re.compile(r"\b(?:" + "|".join(map(re.escape, phrases.load("byline_roles"))) + r")\b", re.IGNORECASE)


_CREDENTIAL = re.compile(r"^(?:[A-Z]\.?){2,5}[®™]?$|^Ph\.?D\.?$")  # "CFP", "DVM", "CEPF®", "Ph.D."
_HANDLE = re.compile(r"^[\w-]+(?:\.[\w-]+)+$|\d")  # "andrew.keaveney", "page.head.extra.author", ids


@cache
def _organisation_words() -> re.Pattern[str]:
    """Any word of data/organisation_words.txt, whole ("Clemson News", "British Heart Foundation")."""
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, phrases.load("organisation_words"))) + r")(?!\w)",
                      re.IGNORECASE)


def _person_like(name: str) -> bool:
    """Two or three capitalised alphabetic words ("Cory Dransfeldt", not "EcoFlow" or "Help Net Security"
    once organisation words are checked)."""
    words = name.split()
    return 2 <= len(words) <= 3 and all(w[0].isupper() and w.replace("-", "").replace("'", "").isalpha() for w in words)


@cache
def _team_byline() -> re.Pattern[str]:
    """A collective byline: a few words ending in a word of data/team_bylines.txt ("Podium Staff",
    "The Upwork Team", "SolutionsHub Editorial Team", "Our Editors")."""
    ends = "|".join(map(re.escape, sorted(phrases.load("team_bylines"), key=len, reverse=True)))
    return re.compile(rf"^(?:[\w&.'’-]+\s+){{1,4}}(?:{ends})$", re.IGNORECASE)


def tidy_authors(names: Iterable[str], outlet: str | None, teams: bool = False) -> tuple[str, ...]:
    """Author names without "By", job titles ("AP National Security Writer"), the outlet itself or
    the outlet's name after a name ("Brian Truitt USA TODAY");
    names in capitals ("ROBERT BURNS") in title case. An organisation's name is not an author, but
    with `teams` (a JSON-LD author or an author <meta> tag: fields that name the author and nothing
    else) a collective byline is ("Podium Staff", "The Upwork Team": _team_byline). Linear: the first
    MAX_AUTHOR_CANDIDATES names are read, and duplicates are found by hashing."""
    out: dict[str, None] = {}
    for name in itertools.islice(names, MAX_AUTHOR_CANDIDATES):
        name = _BYLINE_CUT.split(BY_LEAD.sub("", name), maxsplit=1)[0].strip(" ,;")
        if outlet and name.casefold().endswith(" " + outlet.casefold()) and len(name[: -len(outlet)].split()) >= 2:
            name = name[: -len(outlet)].strip(" ,;")  # "Brian Truitt USA TODAY", not "Michael Bloomberg"
        if not name or _CREDENTIAL.match(name) or _HANDLE.search(name):
            continue
        if (_role_words().search(name) or _organisation_words().search(name)) \
                and not (teams and _team_byline().match(name)):
            continue
        if outlet and squash(name) == squash(outlet) and not _person_like(name):
            continue  # the outlet named as author; a person's name as site name is a personal site
        if name.isupper():
            name = name.title()
        out.setdefault(name)
    return tuple(out)
