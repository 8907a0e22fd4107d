"""datatrove engine: `Clean`, a pipeline step between a reader (WarcReader, JsonlReader...) and a writer, as datatrove's extractors are."""
from __future__ import annotations

import contextlib
import re
from typing import Any, Iterator

from . import need, process

need("datatrove", "datatrove")

from datatrove.data import Document, DocumentsPipeline  # noqa: E402
from datatrove.pipeline.base import PipelineStep  # noqa: E402
from datatrove.utils.typeshelper import StatHints  # noqa: E402

from .. import batch, runner  # noqa: E402
from ..config import Config  # noqa: E402

_HTML = re.compile(r"<(?:!doctype\s+html|html|head|body|div|p|article|section|span|a|br|meta|title)\b", re.I)
NOT_METADATA = ("id", "source", "text", "url", "error")  # record fields that are not cleaner's metadata


def looks_like_html(text: str) -> bool:
    """Whether a document's text is an HTML page (some tag of one in its first 4 KB), not scraped text."""
    head = text[:4096]
    return head.lstrip().startswith("<") and _HTML.search(head) is not None


class Clean(PipelineStep):
    """Cleans each document: `document.text` holds the page's HTML as datatrove's readers leave it
    (plain text is recognised and cleaned as text), `document.metadata["url"]` its URL where the
    reader gives one. The clean text replaces `document.text`; cleaner's metadata (title,
    description, authors, published, outlet...) goes into `document.metadata` (under
    `metadata_prefix`); removals are counted per category (`removed_<category>`) in the step's stats.
    A document with no article text left, or that could not be cleaned (`cleaner_error` in its
    metadata), is dropped, or kept with `keep_empty=True`; dropped ones go to `exclusion_writer`
    when given, as datatrove's filters do. Rules are loaded once per worker; each document keeps
    the size and time limits of a local run."""

    name = "🧹 cleaner"
    type = "🛢 - EXTRAC"

    def __init__(self, config: Config | None = None, *, keep_empty: bool = False, exclusion_writer: Any = None,
                 metadata_prefix: str = "", explain: bool = False, max_mb: float = 16, timeout: float = 60) -> None:
        super().__init__()
        self.config = config or Config()
        self.keep_empty, self.exclusion_writer = keep_empty, exclusion_writer
        self.metadata_prefix, self.explain = metadata_prefix, explain
        self.limits = runner.Limits(max_bytes=int(max_mb * 2**20), max_seconds=timeout)
        self._cleaner: Any = None

    @property
    def cleaner(self) -> Any:
        if self._cleaner is None:  # in the worker, once: the step itself is what datatrove sends there
            from ..pipeline import Cleaner

            self._cleaner = Cleaner(self.config)
        return self._cleaner

    def clean(self, doc: Document) -> runner.Outcome:
        """What cleaning one datatrove document gives: its record (or error record) and the rules that fired."""
        url = doc.metadata.get("url") if isinstance(doc.metadata.get("url"), str) else None
        ident = str(doc.id)
        item = (batch.Document(id=ident, source=ident, html=doc.text, url=url) if looks_like_html(doc.text)
                else batch.Document(id=ident, source=ident, text=doc.text, url=url))
        return process(self.cleaner, item, self.limits, self.explain)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> Iterator[Document]:
        with self.exclusion_writer if self.exclusion_writer else contextlib.nullcontext() as excluded:
            for doc in data:
                self.stat_update(StatHints.total)
                with self.track_time():
                    outcome = self.clean(doc)
                record = outcome.record
                if "error" in record:
                    self.stat_update("error")
                    doc.metadata["cleaner_error"] = record["error"]
                else:
                    doc.text = record["text"]
                    for k, v in record.items():
                        if k not in NOT_METADATA:
                            doc.metadata[self.metadata_prefix + k] = v
                    for _, category in outcome.fired:
                        self.stat_update(f"removed_{category}")
                if doc.text and "error" not in record or self.keep_empty:
                    self.stat_update(StatHints.forwarded)
                    self.update_doc_stats(doc)
                    yield doc
                    continue
                self.stat_update(StatHints.dropped)
                if excluded:
                    doc.metadata["filter_reason"] = "cleaner_error" if "error" in record else "no_article_text"
                    excluded.write(doc, rank)
