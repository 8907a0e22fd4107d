"""Tell whether an element sits where another text's metadata lives (comments, related lists, tickers, asides, navigation, footers)."""
from __future__ import annotations

import itertools
import re

from lxml import etree


# a byline in comments or related-story lists is another text's; an avatar, bio or image is not a byline
_NOT_BYLINE_AROUND = re.compile(r"(?<![a-z-])(?:comments?|related|recommended|promo|ticker|trending|most-popular)(?:[-_](?:list|area|section|posts?|"
                                r"stories|articles|items?|wrap(?:per)?|container|block|widget)s?)?(?![\w-])", re.IGNORECASE)


_NOT_BYLINE_SELF = re.compile(r"avatar|(?<![a-z])(?:bio|description|image|img|photo|picture)(?![a-z])", re.IGNORECASE)


def own_class(el: etree._Element) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def in_excluded(el: etree._Element, tags: tuple[str, ...] = ("aside", "nav", "footer")) -> bool:
    """Inside comments, related-story lists, asides, navigation or the footer: not this article's byline.
    (An element marked as the author, rel=author or itemprop=author, may be in a post's <footer>.)"""
    if _NOT_BYLINE_SELF.search(own_class(el)):
        return True
    for a in itertools.chain((el,), el.iterancestors()):
        if a.tag in ("body", "html"):
            return False
        if a.tag in tags or _NOT_BYLINE_AROUND.search(own_class(a)):
            return True
    return False
