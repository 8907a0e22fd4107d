"""Read a page's metadata: every source in its order of trust (markup, bylines, dates, outlet, headline)."""
from __future__ import annotations

import itertools
import re
from datetime import datetime
from typing import Iterable

from lxml import etree

from .. import phrases
from .authors import choose_authors
from .pagemeta import PageMeta, squash
from .published import choose_published, date_from_url
from .regions import TITLE_PARTS, PageRegions
from .tags import read_document, read_jsonld, read_meta_tags
from .tree import element_text


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




def _site_words(text: str) -> str:
    return squash(re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE))


def strip_site_name(title: str | None, sites: Iterable[str | None], url: str | None) -> str | None:
    """The title without a trailing " | Site Name" that names the outlet (its site name, publisher,
    or the main label of the URL's host: "BBC News" on bbc.co.uk)."""
    if not title:
        return title
    parts = TITLE_PARTS.split(title)
    if len(parts) < 2:
        return title
    last = _site_words(parts[-1])
    names = {_site_words(s) for s in sites if s}
    host = re.sub(r"^https?://(www\.)?|[/:].*$", "", url or "").lower()
    label = host.split(".")[0] if host else ""
    if last and (last in names or (len(label) >= 3 and last.startswith(squash(label)))):
        return title[: title.rfind(parts[-1])].rstrip(" |-–—:·•") or title
    return title


def language_tag(value: str | None) -> str | None:
    """A locale as a BCP 47 language tag: "en_US" -> "en-US"."""
    if not value:
        return None
    parts = value.replace("_", "-").split("-")
    return "-".join([parts[0].lower(), *(p.upper() if len(p) == 2 else p for p in parts[1:])])


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
        text = element_text(h)
        if HEADLINE_CHARS[0] <= len(text) <= HEADLINE_CHARS[1]:
            return text if not title or _words(text) & _words(title) else None
    return None


def read_metadata(root: etree._Element, url: str | None = None, now: datetime | None = None) -> PageMeta:
    """Page metadata, most reliable source first: JSON-LD, meta tags, the document, the URL, the dates
    shown beside the headline, htmldate (choose_published orders the dates)."""
    meta = PageMeta(now=now)
    regions = PageRegions(root)
    read_jsonld(root, meta)
    read_meta_tags(root, meta)
    read_document(root, meta, regions)
    choose_outlet(meta, url)
    meta.title = strip_site_name(meta.title, (meta.site_name, meta.outlet), meta.canonical_url or url)
    beside = regions.headline(meta.title)  # the element the byline and the shown dates sit beside
    choose_authors(meta, regions, beside)
    meta.set("canonical_url", url, "url")
    meta.set("published", date_from_url(meta.canonical_url or url), "url")
    choose_published(meta, regions, beside, url or meta.canonical_url)
    headline = article_headline(root, meta.title)
    if headline and headline != meta.title:
        meta.title, meta.sources["title"] = headline, "h1"
    meta.language = language_tag(meta.language)
    return meta
