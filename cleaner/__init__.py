"""cleaner: scraped news article text or HTML in, clean article text with metadata out."""
from .config import Config
from .model import Article, Removal
from .pipeline import Cleaner, clean
from .rules import RuleError

__all__ = ["Article", "Cleaner", "Config", "Removal", "RuleError", "clean"]
__version__ = "0.1.0"
