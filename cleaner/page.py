"""Read an HTML page: decode its bytes, parse it, and read its metadata, noting where each field came from."""
from __future__ import annotations

import codecs
import itertools
from functools import cache
import html as html_entities
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Iterable, Iterator

from charset_normalizer import from_bytes
from lxml import etree, html as lxml_html

from . import dates, phrases
from .dates import plausible

PARSER_OPTIONS = dict(collect_ids=False, default_doctype=False, encoding="utf-8",
                      remove_comments=True, remove_pis=True, huge_tree=False)
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{2,40})""", re.IGNORECASE)
_XML_DECLARED = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]{2,40})""", re.IGNORECASE)
# UTF-32 before UTF-16: the UTF-32-LE mark (FF FE 00 00) begins with the UTF-16-LE one (FF FE)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
SNIFF_BYTES = 4096
DETECT_BYTES = 64 * 1024  # charset detection reads this much; enough to tell an encoding


class PageError(ValueError):
    """A page that cannot be read as HTML; the message says what is wrong."""


# Labels a page may declare that browsers read otherwise (WHATWG Encoding): Latin-1 and ASCII
# pages are windows-1252 in practice, and a UTF-16/32 label in ASCII markup cannot be true.
_DECLARED_AS = {"latin_1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252",
                "utf-16": "utf-8", "utf-16-le": "utf-8", "utf-16-be": "utf-8",
                "utf-32": "utf-8", "utf-32-le": "utf-8", "utf-32-be": "utf-8"}


_ASCII_PROBE = bytes(range(0x09, 0x7F))  # the bytes HTML markup is written in


@cache
def ascii_compatible(name: str) -> bool:
    """Whether a codec reads ASCII bytes as ASCII (EBCDIC code pages, UTF-7 and UTF-16/32 do not):
    a charset declared in ASCII markup can only be true if it does."""
    try:
        return _ASCII_PROBE.decode(name) == _ASCII_PROBE.decode("ascii")
    except (UnicodeError, LookupError):
        return False


def _codec(name: str | bytes) -> str | None:
    """Python's codec for a declared charset, read as browsers read it; None for unknown labels,
    for codecs that are not text encodings (punycode, rot13...) and for those that do not read
    ASCII as ASCII (cp037, cp500: a declaration in ASCII markup cannot name them truly)."""
    try:
        info = codecs.lookup(name.decode("ascii", "replace") if isinstance(name, bytes) else name)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in ("punycode", "idna", "undefined"):
        return None
    codec = _DECLARED_AS.get(info.name, info.name)
    return codec if ascii_compatible(codec) else None


def declared_encoding(data: bytes) -> str | None:
    """The charset the page declares in a <meta> tag or an XML declaration, if Python knows it."""
    head = data[:SNIFF_BYTES]
    m = _XML_DECLARED.match(head) or _DECLARED.search(head)
    return _codec(m.group(1)) if m else None


def decode(data: bytes | str) -> tuple[str, str]:
    """Page bytes as text, and the encoding used: BOM, else the declared charset if the bytes fit it,
    else UTF-8 if they fit, else detected; undecodable bytes become U+FFFD, never an exception."""
    if isinstance(data, str):
        return data, "str"
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace"), name
    tried = []
    for name in (declared_encoding(data), "utf-8"):
        if name and name not in tried:
            tried.append(name)
            try:
                return data.decode(name), name
            except (UnicodeError, LookupError):
                continue
    name = detect_encoding(data[:DETECT_BYTES])
    return data.decode(name, errors="replace"), name


WEB_DEFAULT = "cp1252"  # the legacy encoding browsers assume for most of the web (WHATWG)
CHAOS_SLACK = 0.1


def detect_encoding(sample: bytes) -> str:
    """charset_normalizer's guess; among near-equal guesses the web's default, windows-1252, wins
    (short Western pages otherwise come out as Baltic or Central European code pages)."""
    matches = list(from_bytes(sample))
    if not matches:
        return WEB_DEFAULT
    best = min(m.chaos for m in matches)
    if any(m.encoding == WEB_DEFAULT and m.chaos <= best + CHAOS_SLACK for m in matches):
        return WEB_DEFAULT
    return matches[0].encoding


def parse(text: str, source: str = "page") -> etree._Element:
    """The page's element tree; PageError when there is no HTML in it."""
    if not text.strip():
        raise PageError("empty page")
    body = re.sub(r"^\s*<\?xml[^>]*\?>", "", text, count=1).encode("utf-8", "surrogatepass")
    root, errors = _parse(body, huge=False)
    if any(e.type == _RESOURCE_LIMIT for e in errors) and not any("Excessive depth" in e.message for e in errors):
        # a text node or attribute over libxml2's 10 MB limit (a large inline script): the parser
        # stopped there. The page is bounded upstream (--max-mb), so it is parsed again without
        # that limit, and the depth limit the huge mode lifts is checked here instead.
        root, errors = _parse(body, huge=True)
        if any(e.type == _RESOURCE_LIMIT for e in errors):
            raise PageError("a text or attribute too large for the HTML parser: the article would be cut there")
        if root is not None and _deeper_than(root, MAX_DEPTH):
            errors.append(_DEPTH)
    if any(e is _DEPTH or "Excessive depth" in e.message for e in errors):
        raise PageError(f"elements nested more than {MAX_DEPTH} deep: the parser stops there, and the article "
                        "would lose what lies below")
    if root is None or len(root) == 0:
        raise PageError("no HTML elements in the page")
    return root


MAX_DEPTH = 256  # libxml2's nesting limit outside its huge mode
_RESOURCE_LIMIT = etree.ErrorTypes.ERR_RESOURCE_LIMIT
_DEPTH = object()  # stands for the depth error in an error list


def _parse(body: bytes, huge: bool) -> tuple[etree._Element | None, list[Any]]:
    """The parsed root and the parser's errors (one parser per page: its log is this page's alone)."""
    parser = lxml_html.HTMLParser(**{**PARSER_OPTIONS, "huge_tree": huge})
    try:
        root = lxml_html.document_fromstring(body, parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise PageError(f"not parseable as HTML: {e}") from None
    return root, list(parser.error_log)


def _deeper_than(root: etree._Element, limit: int) -> bool:
    depth = 0
    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > limit:
            return True
    return False


# --------------------------------------------------------------------------- metadata


@dataclass
class PageMeta:
    """Metadata read from the page; `sources` says where each field came from."""

    title: str | None = None
    description: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    modified: str | None = None
    outlet: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    language: str | None = None
    canonical_url: str | None = None
    image: str | None = None
    site_name: str | None = None  # og:site_name as written: how an outlet's rule file is found by name
    sources: dict[str, str] = field(default_factory=dict)
    # author names as each source gives them, most trusted first; read_metadata keeps the first
    # source whose names survive tidy_authors
    author_candidates: list[tuple[str, tuple[str, ...]]] = field(default_factory=list, repr=False)
    outlet_candidates: list[tuple[str, str]] = field(default_factory=list, repr=False)  # (source, name), read order
    agency: str | None = None  # a wire service the page names as its publisher or site (AP, Reuters)
    now: datetime | None = field(default=None, repr=False)  # dates after this are rejected (default: the clock)

    def set(self, name: str, value: Any, source: str) -> None:
        """Fill a field once: the first source to give a usable value wins; impossible dates are skipped."""
        if name in self.sources or value in (None, "", ()):
            return
        if name in ("published", "modified") and not plausible(value, self.now):
            return
        setattr(self, name, value)
        self.sources[name] = source


_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
                  "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "liveblogposting",
                  "socialmediaposting", "report", "scholarlyarticle", "techarticle"}
# read only when the page has no article object (a video page), after the article types
_FALLBACK_TYPES = {"webpage", "videoobject"}
_SPACE = re.compile(r"\s+")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|$|[^\d])")
_URL_DATE_COMPACT = re.compile(r"/((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])/")


def clean_value(value: Any) -> str | None:
    """A metadata string with entities decoded ("&#163;" -> "£") and whitespace collapsed."""
    if not isinstance(value, str):
        return None
    if "&" in value:
        value = html_entities.unescape(value)
    value = _SPACE.sub(" ", value).strip()
    return value or None


def _names(value: Any, depth: int = 0, by_id: dict[str, dict] | None = None) -> list[str]:
    """Author names from JSON-LD: a string, an object with a name, or a list of those (nested no
    deeper than MAX_JSON_DEPTH: deeper data is not metadata anyone wrote by hand)."""
    if depth > MAX_JSON_DEPTH:
        return []
    if isinstance(value, list):
        return [n for v in value[:MAX_AUTHOR_CANDIDATES] for n in _names(v, depth + 1, by_id)]
    if isinstance(value, dict):
        if "name" not in value and by_id and isinstance(value.get("@id"), str):
            value = by_id.get(value["@id"], value)  # {"@id": ...}: the Person object elsewhere in the graph
        if _types(value) & {"organization", "newsmediaorganization", "corporation"}:
            return []  # the outlet or an agency, not a person
        value = value.get("name")
    v = clean_value(value)
    if not v or v.startswith(("http://", "https://")):
        return []
    return [p.strip() for p in re.split(r",\s*| and ", v) if p.strip()] if len(v) < 120 else []


def _first_url(value: Any, depth: int = 0) -> str | None:
    if depth > MAX_JSON_DEPTH:
        return None
    if isinstance(value, list):
        return next((u for v in value if (u := _first_url(v, depth + 1))), None)
    if isinstance(value, dict):
        return clean_value(value.get("url") or value.get("@id"))
    return clean_value(value)


def _keywords(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        items = [clean_value(v) for v in value]
    elif isinstance(value, str):
        items = [clean_value(v) for v in value.split(",")]
    else:
        return ()
    return tuple(dict.fromkeys(i for i in items if i))


MAX_JSON_DEPTH = 8  # how deep lists and @graph nest before the objects are not looked for
MAX_AUTHOR_CANDIDATES = 50  # author values read from one source; more is not a byline


def _jsonld_objects(value: Any, depth: int = 0) -> Iterator[dict]:
    if depth > MAX_JSON_DEPTH:
        return
    if isinstance(value, list):
        for v in value:
            yield from _jsonld_objects(v, depth + 1)
    elif isinstance(value, dict):
        yield value
        if "@graph" in value:
            yield from _jsonld_objects(value["@graph"], depth + 1)


def _types(obj: dict) -> set[str]:
    t = obj.get("@type")
    return {str(x).lower() for x in (t if isinstance(t, list) else [t]) if x}


def read_jsonld(root: etree._Element, meta: PageMeta) -> None:
    """schema.org article data from <script type="application/ld+json">: the article objects; a page
    or video object only when the page has no article object (a video page)."""
    objects = []
    for script in root.iterfind(".//script[@type='application/ld+json']"):
        try:
            objects.extend(_jsonld_objects(json.loads(script.text or "", strict=False)))
        except (ValueError, RecursionError):  # not JSON, or nested past the interpreter's stack: skipped
            continue
    by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str) and "name" in o}
    articles = [o for o in objects if _types(o) & _ARTICLE_TYPES]
    for obj in articles or [o for o in objects if _types(o) & _FALLBACK_TYPES]:
        types = _types(obj)
        meta.set("title", clean_value(obj.get("headline")) or clean_value(obj.get("name")) if "webpage" not in types else None, "json-ld")
        meta.author_candidates.append(("json-ld", tuple(dict.fromkeys(_names(obj.get("author"), by_id=by_id)))))
        meta.set("published", dates.parse_date(obj.get("datePublished") or "") if isinstance(obj.get("datePublished"), str) else None, "json-ld")
        meta.set("modified", dates.parse_date(obj.get("dateModified") or "") if isinstance(obj.get("dateModified"), str) else None, "json-ld")
        meta.set("description", clean_value(obj.get("description")), "json-ld")
        publisher = obj.get("publisher")
        if isinstance(publisher, dict) and types & _ARTICLE_TYPES:
            if name := clean_value(publisher.get("name")):
                meta.outlet_candidates.append(("json-ld", name))
        section = obj.get("articleSection")
        meta.set("section", clean_value(section[0] if isinstance(section, list) and section else section), "json-ld")
        meta.set("tags", _keywords(obj.get("keywords")), "json-ld")
        meta.set("language", clean_value(obj.get("inLanguage")), "json-ld")
        meta.set("image", _first_url(obj.get("image")), "json-ld")
        meta.set("canonical_url", _first_url(obj.get("mainEntityOfPage")) or clean_value(obj.get("url")), "json-ld")


_META_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("og:title", "twitter:title", "parsely-title", "sailthru.title", "dc.title"),
    "description": ("og:description", "description", "twitter:description", "dc.description"),
    "authors": ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl", "byline",
                "cxenseparse:author", "twitter:written-by"),
    "published": ("article:published_time", "og:article:published_time", "datepublished", "publishdate",
                  "publish-date", "pubdate", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dc.date",
                  "date", "article.published", "cxenseparse:recs:publishtime"),
    "modified": ("article:modified_time", "og:updated_time", "datemodified", "last-modified", "article.updated"),
    "outlet": ("og:site_name", "application-name", "publisher"),
    "section": ("article:section", "parsely-section", "section", "sailthru.section"),
    "tags": ("article:tag", "news_keywords", "keywords", "parsely-tags", "sailthru.tags"),
    "language": ("og:locale", "content-language", "dc.language", "language"),
    "image": ("og:image", "og:image:url", "twitter:image", "twitter:image:src"),
    "canonical_url": ("og:url",),
}
_BY = re.compile(r"^by\s+", re.IGNORECASE)


def _meta_tags(root: etree._Element) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for el in root.iterfind(".//meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or "").strip().lower()
        content = clean_value(el.get("content"))
        if key and content:
            tags.setdefault(key, []).append(content)
    return tags


def read_meta_tags(root: etree._Element, meta: PageMeta) -> None:
    """<meta> tags: Open Graph, article:*, Dublin Core, Parse.ly, Sailthru, plain name/content."""
    tags = _meta_tags(root)
    meta.site_name = (tags.get("og:site_name") or [None])[0]
    for i in "1234":  # <meta name="twitter:label1" content="Written by"> + twitter:data1 = the author
        if (tags.get(f"twitter:label{i}") or [""])[0].casefold() == "written by" and tags.get(f"twitter:data{i}"):
            tags.setdefault("twitter:written-by", tags[f"twitter:data{i}"][:1])
    for name, keys in _META_KEYS.items():
        for k in keys:
            values = tags.get(k)
            if not values:
                continue
            if name == "authors":
                names = [n for v in values[:MAX_AUTHOR_CANDIDATES] if not v.startswith(("http://", "https://"))
                         for n in _names(_BY.sub("", v))]
                meta.author_candidates.append(("meta", tuple(dict.fromkeys(names))))
                continue  # every author tag is a candidate: the first whose names survive is kept
            if name == "outlet":
                meta.outlet_candidates.extend(("meta", v) for v in values[:1])
                continue
            if name == "tags":
                value: Any = tuple(dict.fromkeys(t for v in values for t in _keywords(v)))
            elif name in ("published", "modified"):
                value = dates.parse_date(values[0])
            else:
                value = values[0]
            meta.set(name, value, "meta")
            if name in meta.sources:
                break


# --------------------------------------------------------------------------- bylines in the page

_EMAIL = re.compile(r"\S+@\S+\.\w+")
_BYLINE_CUT = re.compile(r"\s+[|•·—–]\s+|\s+-\s+|\s*[|•·]\s*|\n")  # "Jane Doe | Outlet", "Jane Doe - Team"
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*", re.IGNORECASE)
_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "del", "la", "le", "bin", "al", "el", "du", "dos", "st."})
_BYLINE_CLASS = re.compile(r"(?<![a-z])(?:author(?!ity|i[sz])|byline|by-line|writer(?![a-z]))", re.IGNORECASE)
_NAME_CLASS = re.compile(r"name|(?<![a-z])fn(?![a-z])", re.IGNORECASE)  # "author-name", "byline__name", vCard "fn"
# a byline in comments or related-story lists is another text's; an avatar, bio or image is not a byline
_NOT_BYLINE_AROUND = re.compile(r"(?<![a-z-])(?:comments?|related|recommended|promo|ticker|trending|most-popular)(?:[-_](?:list|area|section|posts?|"
                                r"stories|articles|items?|wrap(?:per)?|container|block|widget)s?)?(?![\w-])", re.IGNORECASE)
_NOT_BYLINE_SELF = re.compile(r"avatar|(?<![a-z])(?:bio|description|image|img|photo|picture)(?![a-z])", re.IGNORECASE)
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


def _own_class(el: etree._Element) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _in_excluded(el: etree._Element, tags: tuple[str, ...] = ("aside", "nav", "footer")) -> bool:
    """Inside comments, related-story lists, asides, navigation or the footer: not this article's byline.
    (An element marked as the author, rel=author or itemprop=author, may be in a post's <footer>.)"""
    if _NOT_BYLINE_SELF.search(_own_class(el)):
        return True
    for a in itertools.chain((el,), el.iterancestors()):
        if a.tag in ("body", "html"):
            return False
        if a.tag in tags or _NOT_BYLINE_AROUND.search(_own_class(a)):
            return True
    return False


def _itemprop_author(root: etree._Element) -> list[str]:
    for el in itertools.islice(root.iterfind(".//*[@itemprop='author']"), MAX_AUTHOR_CANDIDATES):
        if el.tag == "meta" or _in_excluded(el, ("aside", "nav")):
            continue  # <meta itemprop=author> is read with the meta tags
        named = el.find(".//*[@itemprop='name']")
        holder = named if named is not None else el
        text = holder.get("content") or " ".join(holder.itertext())
        if names := person_names(text, loose=True):
            return names
    return []


def _rel_author(root: etree._Element) -> list[str]:
    for el in itertools.islice(root.iterfind(".//a[@rel]"), 1000):
        if "author" in (el.get("rel") or "").split() and not _in_excluded(el, ("aside", "nav")):
            if names := person_names(" ".join(el.itertext()), loose=True):
                return names
    return []


def _byline_element(root: etree._Element) -> list[str]:
    """The first element whose class or id names an author or byline and holds names; those whose
    class also says "name" (author-name, byline__name, vCard fn) first, as a byline block holds
    the name beside a label and a job title."""
    body = root.find("body")
    marked = [el for el in itertools.islice((body if body is not None else root).iter(), 20000)
              if isinstance(el.tag, str) and _BYLINE_CLASS.search(_own_class(el)) and not _in_excluded(el)]
    for el in sorted(marked[:200], key=lambda e: not _NAME_CLASS.search(_own_class(e))):
        if names := person_names(" ".join(el.itertext())):
            return names
    return []


_BY_START = re.compile(r"^\s*(?:(?:written|words|story|text|article)\s+)?by\b", re.IGNORECASE)
_NEAR_HEADLINE = etree.XPath(f"following::*[position() <= {BY_LINE_WINDOW}]")


def _by_line(root: etree._Element) -> list[str]:
    """A visible "By Jane Doe" / "Written by Jane Doe" line among the elements after the headline,
    or a "Written by" label whose next element holds the name."""
    h1 = next(root.iter("h1"), None)
    if h1 is None:
        return []
    label = False  # the element before was a bare "Written by" label
    for e in _NEAR_HEADLINE(h1):
        if not isinstance(e.tag, str) or e.tag in ("script", "style") or _in_excluded(e):
            continue
        text = " ".join(" ".join(e.itertext()).split())
        if len(text) > BYLINE_CHARS:
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


def choose_outlet(meta: PageMeta, url: str | None) -> None:
    """The outlet, in this order of trust: the JSON-LD publisher's name, then og:site_name,
    application-name and the publisher meta tag, skipping a section label given as site name
    ("U.S.", data/section_labels.txt, or the page's own section); a wire service named there
    (an AP story on a newspaper's site names "Associated Press") becomes `agency`, and the
    outlet is the next name, else the URL's host. (An outlet with a rule file, found by URL or
    site name, wins over all of these in the pipeline.)"""
    agencies = phrases.mapping("agencies")
    sections = phrases.folded("section_labels") | ({phrases.key(meta.section)} if meta.section else set())
    for source, name in meta.outlet_candidates:
        k = phrases.key(name)
        if k in agencies:
            if meta.agency is None:
                meta.agency = agencies[k]
                meta.sources["agency"] = source
            continue
        if k in sections:
            continue
        meta.set("outlet", name, source)
        return
    # no name the page gives: the host of the site it is on ("ctpost.com")
    host = re.sub(r"^https?://(www\.)?|[/:?#].*$", "", url or meta.canonical_url or "", flags=re.IGNORECASE)
    meta.set("outlet", host.lower() or None, "url-host")


def choose_authors(root: etree._Element, meta: PageMeta) -> None:
    """The authors of the first source whose names survive tidy_authors, in this order of trust:
    JSON-LD (persons only), the <meta> author tags (in _META_KEYS order), then the page's markup
    (BYLINE_SOURCES: itemprop, rel=author, byline elements, a visible "By" line), read only when
    needed. A JSON-LD Person who is also the publisher is a personal site's owner and stays."""
    candidates = itertools.chain(meta.author_candidates, ((src, tuple(find(root))) for src, find in BYLINE_SOURCES))
    for source, names in candidates:
        tidy = tidy_authors(names, meta.outlet if source != "json-ld" else None, teams=source in ("json-ld", "meta"))
        if tidy:
            meta.set("authors", tidy, source)
            return


def read_document(root: etree._Element, meta: PageMeta) -> None:
    """The rest of the page: <title>, <html lang>, canonical link, <time datetime>."""
    title = root.findtext(".//title")
    if title:
        meta.set("title", clean_value(title), "title-element")
    meta.set("language", clean_value(root.get("lang") or root.get("xml:lang")), "html-lang")
    for link in root.iterfind(".//link[@rel='canonical']"):
        meta.set("canonical_url", clean_value(link.get("href")), "link")
    for t in itertools.islice(root.iterfind(".//time[@datetime]"), 200):
        if _in_excluded(t):
            continue  # a related story's, a comment's or a ticker's date, not this article's
        iso = dates.parse_date(t.get("datetime") or "")
        if iso:
            meta.set("published", iso, "time-element")
            break


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


_TITLE_PARTS = re.compile(r"\s+[|\-–—:·•]\s+")


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).casefold()


def _site_words(text: str) -> str:
    return _squash(re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE))


def strip_site_name(title: str | None, sites: Iterable[str | None], url: str | None) -> str | None:
    """The title without a trailing " | Site Name" that names the outlet (its site name, publisher,
    or the main label of the URL's host: "BBC News" on bbc.co.uk)."""
    if not title:
        return title
    parts = _TITLE_PARTS.split(title)
    if len(parts) < 2:
        return title
    last = _site_words(parts[-1])
    names = {_site_words(s) for s in sites if s}
    host = re.sub(r"^https?://(www\.)?|[/:].*$", "", url or "").lower()
    label = host.split(".")[0] if host else ""
    if last and (last in names or (len(label) >= 3 and last.startswith(_squash(label)))):
        return title[: title.rfind(parts[-1])].rstrip(" |-–—:·•") or title
    return title


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
        name = _BYLINE_CUT.split(_BY.sub("", name), maxsplit=1)[0].strip(" ,;")
        if outlet and name.casefold().endswith(" " + outlet.casefold()) and len(name[: -len(outlet)].split()) >= 2:
            name = name[: -len(outlet)].strip(" ,;")  # "Brian Truitt USA TODAY", not "Michael Bloomberg"
        if not name or _CREDENTIAL.match(name) or _HANDLE.search(name):
            continue
        if (_role_words().search(name) or _organisation_words().search(name)) \
                and not (teams and _team_byline().match(name)):
            continue
        if outlet and _squash(name) == _squash(outlet) and not _person_like(name):
            continue  # the outlet named as author; a person's name as site name is a personal site
        if name.isupper():
            name = name.title()
        out.setdefault(name)
    return tuple(out)


def language_tag(value: str | None) -> str | None:
    """A locale as a BCP 47 language tag: "en_US" -> "en-US"."""
    if not value:
        return None
    parts = value.replace("_", "-").split("-")
    return "-".join([parts[0].lower(), *(p.upper() if len(p) == 2 else p for p in parts[1:])])


def _htmldate(root: etree._Element, url: str | None, extensive: bool) -> str | None:
    """htmldate's original (published) date of the page; it reads a copy, the tree is not changed."""
    from htmldate import find_date  # imported on first use, as trafilatura is

    try:
        return find_date(root, original_date=True, extensive_search=extensive, url=url)
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
_SHOWN_BEFORE = etree.XPath(f"preceding::*[position() <= {SHOWN_BEFORE}]")
_SHOWN_AFTER = etree.XPath(f"following::*[position() <= {SHOWN_AFTER}]")
_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})([./-])(\d{1,2})\2\d{4}")
_LETTERS = re.compile(r"[^\W\d_]")
_NOT_SHOWN = ("script", "style", "noscript", "template", "h1")


def _ambiguous(text: str) -> bool:
    """A numeric date whose two first numbers are different months ("03/10/2023": March or October)."""
    m = _NUMERIC_DATE.match(text)
    return bool(m) and m.group(1) != m.group(3) and int(m.group(1)) <= 12 and int(m.group(3)) <= 12


def _pieces(el: etree._Element, own_text: bool = True) -> Iterator[str]:
    """The element's own text (unless own_text is False) and the text after it, whitespace collapsed."""
    for piece in (el.text if own_text else None, el.tail):
        if piece and not piece.isspace():
            yield " ".join(piece.split())


def shown_dates(root: etree._Element) -> list[ShownDate]:
    """The dates written in short lines around the first <h1> (SHOWN_BEFORE elements before it,
    SHOWN_AFTER after), in document order, each with the words leading it (its own line's, else
    the end of the line before): the dates a reader sees beside the headline and byline. Lines
    in comments, related-story lists, tickers, asides, navigation and footers are not read."""
    h1 = next(root.iter("h1"), None)
    if h1 is None:
        return []
    out: list[ShownDate] = []
    before = ""  # the end of the line before
    window = itertools.chain(((e, i - SHOWN_BEFORE) for i, e in enumerate(_SHOWN_BEFORE(h1))),
                             ((h1, 0),), ((e, i + 1) for i, e in enumerate(_SHOWN_AFTER(h1))))
    for el, offset in window:
        if not isinstance(el.tag, str) or (el.tag in _NOT_SHOWN and el is not h1) or _in_excluded(el):
            continue
        for piece in _pieces(el, own_text=el is not h1):
            if len(piece) <= SHOWN_CHARS and any(y in piece for y in dates.YEAR_STARTS):
                for d in dates.search_dates(piece):
                    lead = piece[:d.start]
                    label = lead if _LETTERS.search(lead) else f"{before} {lead}"
                    out.append(ShownDate(d.iso, offset, label[-_LABEL_CHARS:].strip().casefold(),
                                         _ambiguous(piece[d.start:d.end])))
            before = piece[-_LABEL_CHARS:]
    return out


@cache
def _update_label() -> re.Pattern[str]:
    """Any word of data/update_labels.txt starting a word ("Updated", "Last modified")."""
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, phrases.load("update_labels"))) + ")", re.IGNORECASE)


def _days_apart(a: str, b: str) -> int:
    return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)


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
    if "T" in published and _days_apart(near.iso, published) == 1:
        return None
    if any(s.iso[:10] == published[:10] for s in shown) or not plausible(near.iso, meta.now):
        return None
    return near


def _shown_published(shown: list[ShownDate]) -> ShownDate | None:
    """For a page whose markup gives no date: the first unambiguous shown date not labelled as an
    update, else the first update date (a page that shows only "Updated <date>" dates itself so)."""
    usable = [s for s in shown if not s.ambiguous]
    return next((s for s in usable if not _update_label().search(s.label)), usable[0] if usable else None)


def choose_published(meta: PageMeta, root: etree._Element, url: str | None) -> None:
    """The published date, in this order of trust (measured on devset-wcxb by bench/metadata.py):
    1. the cheap sources, read before this: JSON-LD, meta tags, <time datetime>, the URL;
       a JSON-LD or meta date gives way to another date shown beside the headline (_shown_instead);
    2. when they give none: the date shown beside the headline (shown_dates, _shown_published);
    3. then htmldate's quick search (original_date, no extensive search: a few ms);
    4. then htmldate's extensive search (it reads the visible dates: about 40 ms a page);
    5. a timestamp one day off a date in the URL gives way to the URL's day.
    A shown date labelled as an update fills `modified` when the markup gives none.
    Letting htmldate overrule a cheap source when they disagree was measured: it wins 11 such pages
    and loses 12 on devset-wcxb, and costs the extensive search on each, so the cheap source stays.
    htmldate never gives a date after today; dates after meta.now are rejected as for every source."""
    shown = shown_dates(root)
    if replacement := _shown_instead(meta, shown):
        meta.published, meta.sources["published"] = replacement.iso, "visible-date"
    if not meta.published and (first := _shown_published(shown)):
        meta.set("published", first.iso, "visible-date")
    if not meta.published:
        meta.set("published", _htmldate(root, url, extensive=False) or _htmldate(root, url, extensive=True), "htmldate")
    if not meta.modified:
        meta.set("modified", next((s.iso for s in shown if not s.ambiguous and _update_label().search(s.label)), None),
                 "visible-date")
    url_day = date_from_url(meta.canonical_url or url)
    if url_day and meta.published and "T" in meta.published and meta.sources.get("published") != "url":
        # a timestamp one day off the URL's date is the same publication seen from another time
        # zone (UTC past midnight): the URL gives the day as the outlet dates it
        if _days_apart(meta.published, url_day) == 1:
            meta.published, meta.sources["published"] = url_day, "url"


HEADLINE_CHARS = (10, 300)
_WORD4 = re.compile(r"\w{4,}")


def _words(text: str) -> set[str]:
    return set(_WORD4.findall(text.casefold()))


def article_headline(root: etree._Element, title: str | None) -> str | None:
    """The page's visible headline: the first <h1> inside <article> or <main>, else the first <h1>,
    when it is headline-sized and shares a word with the metadata title (or there is none). The
    visible headline is the article's title as readers see it; og:title and <title> are often a
    search-engine version of it ("Top 10 ... | Site")."""
    h1s = list(itertools.islice(root.iter("h1"), 20))
    inner = [h for h in h1s if any(a.tag in ("article", "main") for a in h.iterancestors())]
    for h in inner + h1s:
        text = " ".join(" ".join(h.itertext()).split())
        if HEADLINE_CHARS[0] <= len(text) <= HEADLINE_CHARS[1]:
            return text if not title or _words(text) & _words(title) else None
    return None


def read_metadata(root: etree._Element, url: str | None = None, now: datetime | None = None) -> PageMeta:
    """Page metadata, most reliable source first: JSON-LD, meta tags, the document, the URL, the dates
    shown beside the headline, htmldate (choose_published orders the dates)."""
    meta = PageMeta(now=now)
    read_jsonld(root, meta)
    read_meta_tags(root, meta)
    read_document(root, meta)
    choose_outlet(meta, url)
    choose_authors(root, meta)
    meta.set("canonical_url", url, "url")
    meta.set("published", date_from_url(meta.canonical_url or url), "url")
    choose_published(meta, root, url or meta.canonical_url)
    meta.title = strip_site_name(meta.title, (meta.site_name, meta.outlet), meta.canonical_url or url)
    headline = article_headline(root, meta.title)
    if headline and headline != meta.title:
        meta.title, meta.sources["title"] = headline, "h1"
    meta.language = language_tag(meta.language)
    return meta
