"""Hostile pages (issue 11): deep JSON-LD, floods of author tags, huge text nodes, EBCDIC declarations."""
from __future__ import annotations

import codecs

import pytest

from cleaner import Cleaner, PageError, metadata
from cleaner.html.authors import tidy_authors
from cleaner.html.decode import declared_encoding, decode
from cleaner.html.pagemeta import MAX_AUTHOR_CANDIDATES
from cleaner.html.parse import parse

BODY = ("The city council voted on Tuesday to approve a new plan for the riverside district, "
        "ending months of debate over housing, traffic and the future of the old docks.")


def make_page(head: str = "", body: str = "") -> str:
    return (f"<!DOCTYPE html><html><head>{head}</head><body><article><h1>Council backs plan</h1>"
            f"{body}<p>{BODY}</p></article></body></html>")


def ld(data: str) -> str:
    return f'<script type="application/ld+json">{data}</script>'


# --------------------------------------------------------------------------- A1 deep JSON-LD

DEEP = 900
DEEP_JSONLD = {
    "author-list-900-deep": '{"@type": "NewsArticle", "author": ' + "[" * DEEP + '"A B"' + "]" * DEEP + "}",
    "author-list-5000-deep": '{"@type": "NewsArticle", "author": ' + "[" * 5000 + '"A B"' + "]" * 5000 + "}",
    "graph-900-deep": '{"@graph": ' * DEEP + '{"@type": "NewsArticle", "headline": "Deep"}' + "}" * DEEP,
    "image-list-900-deep": '{"@type": "NewsArticle", "image": ' + "[" * DEEP + '"http://x/i.jpg"' + "]" * DEEP + "}",
}


@pytest.mark.parametrize("data", DEEP_JSONLD.values(), ids=DEEP_JSONLD.keys())
def test_deeply_nested_json_ld_is_skipped_and_the_article_kept(data: str, full: Cleaner) -> None:
    art = full.clean_html(make_page(ld(data) + ld('{"@type": "NewsArticle", "headline": "Council backs plan"}')))
    assert BODY in art.text
    assert art.sources.get("authors") != "json-ld"


# --------------------------------------------------------------------------- A2 author floods


def letters(i: int) -> str:
    """A distinct surname without digits for each i (digits make a name an id, not a person)."""
    out = ""
    while True:
        i, r = divmod(i, 26)
        out += "abcdefghijklmnopqrstuvwxyz"[r]
        if not i:
            return out.title()


def test_tidy_authors_reads_a_bounded_number_of_candidates() -> None:
    consumed = 0

    def names():
        nonlocal consumed
        for i in range(100_000):
            consumed += 1
            yield f"Name {letters(i)}"

    out = tidy_authors(names(), None)  # type: ignore[arg-type]
    assert consumed <= MAX_AUTHOR_CANDIDATES + 1
    assert len(out) == MAX_AUTHOR_CANDIDATES


class CountingStr(str):
    calls = 0

    def casefold(self) -> str:
        CountingStr.calls += 1
        return str.casefold(self)

    def strip(self, *a) -> "CountingStr":
        return self


def test_unique_is_linear_in_its_values() -> None:
    CountingStr.calls = 0
    values = [CountingStr(f"Name {i}") for i in range(2000)]
    assert len(metadata.unique(values)) == 2000
    assert CountingStr.calls <= 2 * len(values)


def test_a_flood_of_author_meta_tags_gives_a_bounded_author_list(full: Cleaner) -> None:
    tags = "".join(f'<meta name="author" content="Alex {letters(i)}">' for i in range(5000))
    art = full.clean_html(make_page(tags))
    assert len(art.authors) <= MAX_AUTHOR_CANDIDATES
    assert art.authors[0] == "Alex A" and art.sources["authors"] == "meta"
    assert BODY in art.text


# --------------------------------------------------------------------------- A3 huge text nodes

HUGE = 11 * 1024 * 1024  # over libxml2's 10 MB limit for one text node or attribute
HUGE_NODES = {
    "inline-script": "<script>var x = '" + "a" * HUGE + "';</script>",
    "attribute": '<div data-state="' + "a" * HUGE + '"></div>',
}


@pytest.mark.parametrize("node", HUGE_NODES.values(), ids=HUGE_NODES.keys())
def test_a_text_node_over_10_mb_does_not_empty_the_article(node: str, full: Cleaner) -> None:
    art = full.clean_html(make_page(body=node))
    assert BODY in art.text


def test_huge_node_and_deep_nesting_is_still_a_depth_error() -> None:
    deep = "<div>" * 300 + "<p>x</p>" + "</div>" * 300
    with pytest.raises(PageError, match="nested more than 256"):
        parse(make_page(body=HUGE_NODES["inline-script"] + deep))


def test_deep_nesting_alone_is_a_depth_error() -> None:
    with pytest.raises(PageError, match="nested more than 256"):
        parse(make_page(body="<div>" * 300 + "<p>x</p>" + "</div>" * 300))


# --------------------------------------------------------------------------- A4 declared charsets

ASCII_PAGE = '<html><head><meta charset="{}"></head><body><p>Hello world, caf\u00e9</p></body></html>'


@pytest.mark.parametrize("label", ["cp037", "cp500", "ibm037", "utf-7", "cp1026"])
def test_an_ascii_incompatible_declaration_is_ignored(label: str) -> None:
    text, encoding = decode(ASCII_PAGE.format(label).encode("utf-8"))
    assert encoding == "utf-8"
    assert "Hello world, caf\u00e9" in text


@pytest.mark.parametrize("label,want", [("windows-1252", "cp1252"), ("iso-8859-2", "iso8859-2"),
                                        ("koi8-r", "koi8-r"), ("shift_jis", "shift_jis")])
def test_an_ascii_compatible_declaration_is_still_honoured(label: str, want: str) -> None:
    assert declared_encoding(ASCII_PAGE.format(label).encode("ascii", "replace")) == want


@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be", "utf-8"])
def test_byte_order_marks_come_first_utf32_before_utf16(codec: str) -> None:
    bom = {"utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE, "utf-16-le": codecs.BOM_UTF16_LE,
           "utf-16-be": codecs.BOM_UTF16_BE, "utf-8": codecs.BOM_UTF8}[codec]
    html = ASCII_PAGE.format("cp037")
    text, encoding = decode(bom + html.encode(codec))
    assert (text, encoding) == (html, codec)
