"""cleaner: scraped news article text or HTML in, clean article text with metadata out.

One document: `clean(text)` and `clean_html(page)` (str or bytes) return an `Article`; a
`Cleaner(Config(...))` does the same with your rules and switches. Many documents:
`clean_many(records)` yields the command line's output and error records, in input order, from
worker processes under its time and size limits. Warnings (a rule pattern that timed out) go to
the `cleaner` logger of Python's `logging`.

The distribution is installed as `news-article-cleaner` (the name `cleaner` on PyPI is another
project's); the import package and the command are `cleaner`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .config import Config
from .model import Article, Removal

if TYPE_CHECKING:
    from .many import clean_many
    from .html.parse import PageError
    from .pipeline import Cleaner
    from .rules import RuleError

DISTRIBUTION = "news-article-cleaner"


_LAZY = {"Cleaner": ".pipeline", "RuleError": ".rules", "PageError": ".html.parse", "clean_many": ".many"}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "0.1.0"


__all__ = ["Article", "Cleaner", "Config", "PageError", "Removal", "RuleError", "clean", "clean_html", "clean_many"]


def clean(text: str | bytes, url: str | None = None) -> Article:
    """Clean one article's scraped text with the built-in rules; returns the frozen Article (text,
    metadata, removals). Bytes are decoded as a .txt input is: by a byte-order mark, else as UTF-8,
    else in the encoding detected (cp1252, Shift-JIS...; the Article does not say which). `url`
    picks the outlet's rules. Raises UnicodeDecodeError only for bytes whose UTF-16/32 byte-order
    mark promises an encoding they do not hold."""
    from . import pipeline

    if isinstance(text, (bytes, bytearray, memoryview)):
        from .batch import decode_any

        text = decode_any(bytes(text))[0]
    return pipeline.clean(text, url)


def clean_html(html: str | bytes, url: str | None = None) -> Article:
    """Clean one HTML page with the built-in rules; returns the frozen Article, with the page's
    metadata and `sources` saying where each field came from. Bytes may be in any encoding (BOM,
    then the declared charset if they fit it, then UTF-8, then detection); a str is used as it is.
    Raises PageError for a page that cannot be parsed (nested too deep)."""
    from . import pipeline

    if isinstance(html, (bytearray, memoryview)):
        html = bytes(html)
    return pipeline.clean_html(html, url)


def __getattr__(name: str) -> Any:
    """The other public names on first use: `import cleaner` (and so `cleaner --help`) does not
    import the pipeline, the HTML stage (lxml) or the batch layer, nor read the installed version."""
    if name == "__version__":
        globals()[name] = value = _version()
        return value
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'cleaner' has no attribute {name!r}")
