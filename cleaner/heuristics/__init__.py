"""The generic heuristics: one small named detector per boilerplate family, run in this order."""
from __future__ import annotations

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
from .navigation import detect_navigation
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
}

__all__ = ["DETECTORS", "Detector", "Hit", "View", "known_rule_ids"]


def known_rule_ids() -> set[str]:
    """Every generic rule id the detectors can give (the Labels their modules define)."""
    import sys

    from ..model import Label

    ids = set()
    for name, module in list(sys.modules.items()):
        if name.startswith(__name__ + ".") and module is not None:
            ids |= {v.rule for v in vars(module).values() if isinstance(v, Label) and v.rule.startswith("generic/")}
    return ids
