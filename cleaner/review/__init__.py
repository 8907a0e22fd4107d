"""HTML review pages over cleaner's removal records: one document line by line, and a report for a whole batch."""
from __future__ import annotations

from .document import render as document_page
from .report import load_stats, render as batch_report

__all__ = ["batch_report", "document_page", "load_stats"]
