"""The generic heuristics: one small named detector per boilerplate family, run in this order."""
from __future__ import annotations

from typing import Iterable

from .base import Detector, Hit, View
from .block import detect_outside
from .breadcrumb import detect_breadcrumb
from .byline import detect_byline, detect_contributors
from .comments import detect_comment_section, detect_comments
from .credits import detect_captions, detect_credits
from .dateline import detect_dateline
from .footer import detect_footer
from .headline import detect_headline, detect_repeats
from .icons import detect_icons
from .markup import detect_markup
from .media import detect_media
from .navigation import detect_navigation, detect_rejoined_navigation
from .notice import detect_notice
from .promo import detect_newsletter_box, detect_promo
from .social import detect_social
from .ticker import detect_ticker

# Order matters: each detector sees the labels of those before it. Specific
# patterns go first, context-dependent ones (captions next to credits, the
# title above the first paragraph, the article block) after them.
DETECTORS: dict[str, Detector] = {
    "icons": detect_icons,
    "markup": detect_markup,
    "notice": detect_notice,
    "footer": detect_footer,
    "comments": detect_comments,
    "comment-section": detect_comment_section,
    "social": detect_social,
    "credits": detect_credits,
    "ticker": detect_ticker,
    "captions": detect_captions,
    "media": detect_media,
    "promo": detect_promo,
    "newsletter-box": detect_newsletter_box,
    "breadcrumb": detect_breadcrumb,
    "dateline": detect_dateline,
    "byline": detect_byline,
    "contributors": detect_contributors,
    "navigation": detect_navigation,
    "repeats": detect_repeats,
    "headline": detect_headline,
    # last: the block is judged on what every other rule left, so that cleaning
    # the output again finds the same block (idempotence)
    "outside": detect_outside,
    # menus again, now that the rules after the first look took their units (idempotence: see the function)
    "navigation-rejoined": detect_rejoined_navigation,
}

__all__ = ["DETECTORS", "Detector", "Hit", "View", "check_disable", "known_names", "known_rule_ids", "unknown_names"]


def known_rule_ids() -> set[str]:
    """Every generic rule id the detectors can give (the Labels their modules define)."""
    import sys

    from ..model import Label

    ids = set()
    for name, module in list(sys.modules.items()):
        if name.startswith(__name__ + ".") and module is not None:
            ids |= {v.rule for v in vars(module).values() if isinstance(v, Label) and v.rule.startswith("generic/")}
    return ids


def known_names() -> set[str]:
    """Every name a disable list may give (Config.disable, --disable, a rule file's disable):
    a detector family or a generic rule id (the hover-card cut and the mojibake repair included), each bare or
    as generic/<name>."""
    from ..inline import HOVER_CARD
    from ..mojibake import MOJIBAKE

    bare = set(DETECTORS) | {r.removeprefix("generic/") for r in known_rule_ids() | {HOVER_CARD.rule, MOJIBAKE.rule}}
    return bare | {f"generic/{n}" for n in bare}


def unknown_names(names: Iterable[str]) -> list[str]:
    """Those of names, in order, that are no generic heuristic family or rule id (see known_names)."""
    known = known_names()
    return [n for n in names if n not in known]


def check_disable(names: Iterable[str], where: str) -> None:
    """Raise ValueError, naming `where`, when a name in names is no generic heuristic or rule."""
    unknown = unknown_names(sorted(names) if isinstance(names, (set, frozenset)) else names)
    if unknown:
        raise ValueError(f"{where}: no generic heuristic or rule named {', '.join(map(repr, unknown))} "
                         f"(families: {', '.join(DETECTORS)}; or a rule id such as generic/caption)")
