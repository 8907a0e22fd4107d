"""Tell whether an element sits where another text's metadata lives (comments, related lists, tickers, asides, navigation, footers), and find the headline the article's own byline and date sit beside."""
from __future__ import annotations

import itertools
import re

from lxml import etree

from .tree import element_text, text_holder


# a byline in comments or related-story lists is another text's; an avatar, bio or image is not a byline
_NOT_BYLINE_AROUND = re.compile(r"(?<![a-z-])(?:comments?|related|recommended|promo|ticker|trending|most-popular)(?:[-_](?:list|area|section|posts?|"
                                r"stories|articles|items?|wrap(?:per)?|container|block|widget)s?)?(?![\w-])", re.IGNORECASE)


_NOT_BYLINE_SELF = re.compile(r"avatar|(?<![a-z])(?:bio|description|image|img|photo|picture)(?![a-z])", re.IGNORECASE)

EXCLUDED_TAGS = ("aside", "nav", "footer")
# an element marked as the author (rel=author, itemprop=author) may be in a post's <footer>
EXCLUDED_TAGS_FOR_MARKED = ("aside", "nav")


def own_class(el: etree._Element) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


class PageRegions:
    """One page's excluded regions, judged once: each element's answer is kept, so an ancestor shared
    by many elements is judged once per page (the byline and shown-date searches ask about thousands
    of elements, each with a dozen ancestors)."""

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self._around: dict[tuple[str, ...], dict[etree._Element, bool]] = {}
        self._class_around: dict[etree._Element, bool] = {}

    def _class_says(self, el: etree._Element) -> bool:
        said = self._class_around.get(el)
        if said is None:
            said = self._class_around[el] = bool(_NOT_BYLINE_AROUND.search(own_class(el)))
        return said

    def excluded(self, el: etree._Element, tags: tuple[str, ...] = EXCLUDED_TAGS) -> bool:
        """Inside comments, related-story lists, asides, navigation or the footer (`tags`), or itself an
        avatar, a bio or an image: not where this article's byline or date is."""
        return bool(_NOT_BYLINE_SELF.search(own_class(el))) or self.in_region(el, tags)

    def in_region(self, el: etree._Element, tags: tuple[str, ...] = EXCLUDED_TAGS) -> bool:
        """The element or an ancestor is one of `tags` or its class names comments or related lists."""
        memo = self._around.setdefault(tags, {})
        path: list[etree._Element] = []
        answer = False
        a: etree._Element | None = el
        while a is not None:
            known = memo.get(a)
            if known is not None:
                answer = known
                break
            if a.tag in ("body", "html"):
                break
            path.append(a)
            if a.tag in tags or self._class_says(a):
                answer = True
                break
            a = a.getparent()
        for p in path:
            memo[p] = answer
        return answer

    def headline(self, title: str | None = None) -> etree._Element | None:
        """The element the article's byline and date sit beside: the first <h1> outside navigation,
        asides, footers and related lists (a site's menu button may be an <h1>), unless an element
        before it (outside those regions) holds the title as its own text, or the title's first
        part ("Headline" of "Headline | Site"): a blog whose headline is an <h2> and whose first
        <h1> is a heading inside the article; on a page without <h1>, that element."""
        h1s = list(itertools.islice(self.root.iter("h1"), 20))
        h1 = next((h for h in h1s if not self.in_region(h)), h1s[0] if h1s else None)
        if not title:
            return h1
        wanted = _title_forms(title)
        if h1 is not None and element_text(h1) in wanted:
            return h1  # the <h1> is the title: no element before it can be more the headline
        titled = self._titled(wanted)
        if h1 is None or (titled is not None and titled.tag != "h1" and not any(True for _ in titled.iterancestors("h1"))
                          and self._before(titled, h1)):
            return titled if titled is not None else h1
        return h1

    @staticmethod
    def _before(a: etree._Element, b: etree._Element) -> bool:
        return (a.sourceline or 0) < (b.sourceline or 0)

    def _titled(self, wanted: tuple[str, ...]) -> etree._Element | None:
        body = self.root.find("body")
        for want in wanted:
            for text in _TEXT_IS(body if body is not None else self.root, t=want):
                el = text_holder(text)
                if el is not None and el.tag not in ("title", "script", "style") and not self.in_region(el):
                    return el
        return None


TITLE_PARTS = re.compile(r"\s+[|\-–—:·•]\s+")  # the separators of "Headline | Site"


def _title_forms(title: str) -> tuple[str, ...]:
    """The title whitespace-collapsed, then its leading parts, longest first ("A: B | Site", "A: B", "A")."""
    title = " ".join(title.split())
    cuts = [m.start() for m in TITLE_PARTS.finditer(title)]
    return tuple(dict.fromkeys((title, *(title[:cut] for cut in reversed(cuts)))))

_TEXT_IS = etree.XPath(".//text()[normalize-space(.) = $t]")
