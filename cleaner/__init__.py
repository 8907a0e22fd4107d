"""cleaner: scraped news article text or HTML in, clean article text with metadata out."""
from .config import Config
from .model import Article, Removal
from .page import PageError
from .pipeline import Cleaner, clean, clean_html
from .rules import RuleError

__all__ = ["Article", "Cleaner", "Config", "PageError", "Removal", "RuleError", "clean", "clean_html"]
__version__ = "0.1.0"
