"""Read the metadata a page's markup declares: JSON-LD, <meta> tags, <title>, <html lang>, the canonical link, <time datetime>."""
from __future__ import annotations

import itertools
import json
import re
from typing import Any, Iterator

from lxml import etree

from .. import dates
from .authors import BY_LEAD
from .pagemeta import MAX_AUTHOR_CANDIDATES, PageMeta, clean_value
from .regions import PageRegions


_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
                  "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "liveblogposting",
                  "socialmediaposting", "report", "scholarlyarticle", "techarticle"}


# read only when the page has no article object (a video page), after the article types
_FALLBACK_TYPES = {"webpage", "videoobject"}


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
                  "date", "article.published", "cxenseparse:recs:publishtime", "published", "published_time"),
    "modified": ("article:modified_time", "og:updated_time", "datemodified", "last-modified", "article.updated"),
    "outlet": ("og:site_name", "application-name", "publisher"),
    "section": ("article:section", "parsely-section", "section", "sailthru.section"),
    "tags": ("article:tag", "news_keywords", "keywords", "parsely-tags", "sailthru.tags"),
    "language": ("og:locale", "content-language", "dc.language", "language"),
    "image": ("og:image", "og:image:url", "twitter:image", "twitter:image:src"),
    "canonical_url": ("og:url",),
}


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
                         for n in _names(BY_LEAD.sub("", v))]
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


def read_document(root: etree._Element, meta: PageMeta, regions: PageRegions) -> None:
    """The rest of the page: <title>, <html lang>, canonical link, <time datetime>."""
    title = root.findtext(".//title")
    if title:
        meta.set("title", clean_value(title), "title-element")
    meta.set("language", clean_value(root.get("lang") or root.get("xml:lang")), "html-lang")
    for link in root.iterfind(".//link[@rel='canonical']"):
        meta.set("canonical_url", clean_value(link.get("href")), "link")
    for t in itertools.islice(root.iterfind(".//time[@datetime]"), 200):
        if regions.excluded(t):
            continue  # a related story's, a comment's or a ticker's date, not this article's
        value = t.get("datetime") or ""
        if dates.ambiguous(value):
            continue  # "02-12-2025" is no machine-readable date: February or December
        iso = dates.parse_date(value)
        if iso:
            meta.set("published", iso, "time-element")
            break
