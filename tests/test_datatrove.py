"""The datatrove step (cleaner.integrations.datatrove.Clean) inside a LocalPipelineExecutor, on a small WARC."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

pytest.importorskip("datatrove")

from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader, WarcReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from cleaner import Cleaner  # noqa: E402
from cleaner.integrations.datatrove import Clean, looks_like_html  # noqa: E402
from test_io_formats import PAGES, TEXTS, URL, make_warc, warc_record  # noqa: E402


def written(folder: Path) -> list[dict]:
    return [json.loads(x) for p in sorted(folder.glob("*.jsonl.gz")) for x in gzip.decompress(p.read_bytes()).splitlines()]


def run_pipeline(reader, step: Clean, tmp_path: Path) -> list[dict]:
    LocalPipelineExecutor(pipeline=[reader, step, JsonlWriter(str(tmp_path / "out"))], tasks=1,
                          logging_dir=str(tmp_path / "logs")).run()
    return written(tmp_path / "out")


def test_warc_through_the_step_gives_each_pages_clean_text(tmp_path: Path, full: Cleaner) -> None:
    (tmp_path / "in").mkdir()
    empty = warc_record("response", "https://example.com/empty", b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                        b"<html><head><title>Menu</title></head><body><div></div></body></html>", "e")
    (tmp_path / "in" / "crawl.warc.gz").write_bytes(make_warc(gz=True) + gzip.compress(empty))
    step = Clean(exclusion_writer=JsonlWriter(str(tmp_path / "excluded")))
    docs = run_pipeline(WarcReader(str(tmp_path / "in")), step, tmp_path)
    # (datatrove's reader leaves out a page whose charset it cannot detect: the cp1252 one)
    pages = {URL.format(p.stem): p for p in PAGES}
    assert [d["metadata"]["url"] for d in docs] == [u for u in pages if u.endswith(tuple(p.stem for p in PAGES[1:]))]
    for doc in docs:
        page = pages[doc["metadata"]["url"]]
        expected = full.clean_html(page.read_bytes(), URL.format(page.stem))
        assert (doc["text"], doc["metadata"]["title"], doc["metadata"]["authors"]) == (
            expected.text, expected.title, list(expected.authors))
    # the reader takes the redirect's page too: cleaner finds no page in it; the menu page has no text
    redirect, menu = written(tmp_path / "excluded")
    assert (redirect["metadata"]["url"], redirect["metadata"]["filter_reason"]) == ("https://example.com/old", "cleaner_error")
    assert (menu["metadata"]["url"], menu["metadata"]["filter_reason"]) == ("https://example.com/empty", "no_article_text")
    stats = json.loads(next((tmp_path / "logs" / "stats").glob("*.json")).read_text())
    ours = next(s for s in stats if s["name"].endswith(Clean.name))["stats"]
    assert ours["dropped"] == 2 and ours["forwarded"] == len(docs) == len(PAGES) - 1
    assert any(k.startswith("removed_") for k in ours)


def test_plain_text_is_cleaned_as_text_and_empty_ones_kept_when_asked(tmp_path: Path, full: Cleaner) -> None:
    (tmp_path / "in").mkdir()
    rows = [{"id": p.stem, "text": p.read_text("utf-8")} for p in TEXTS] + [{"id": "blank", "text": "   "}]
    (tmp_path / "in" / "docs.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    docs = run_pipeline(JsonlReader(str(tmp_path / "in")), Clean(keep_empty=True, metadata_prefix="cleaner_"), tmp_path)
    assert [d["id"] for d in docs] == [r["id"] for r in rows]
    for doc, p in zip(docs, TEXTS):
        assert doc["text"] == full.clean(p.read_text("utf-8")).text and "cleaner_word_count" in doc["metadata"]
    assert docs[-1].get("text", "") == "" and docs[-1]["metadata"]["cleaner_word_count"] == 0


@pytest.mark.parametrize("text,html", [("<!DOCTYPE html><html><body><p>x</p></body></html>", True),
                                       ("  <div class='a'>x</div>", True),
                                       ("Breaking: <3 for everyone <p> in prose", False),
                                       ("A plain article.\n\nSecond paragraph.", False)])
def test_html_is_told_from_plain_text(text: str, html: bool) -> None:
    assert looks_like_html(text) is html


def test_readme_datatrove_snippet_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_io_formats import readme_snippet

    monkeypatch.chdir(tmp_path)
    (tmp_path / "crawl").mkdir()
    (tmp_path / "crawl" / "a.warc.gz").write_bytes(make_warc(gz=True))
    exec(readme_snippet("LocalPipelineExecutor"), {})
    assert len(written(tmp_path / "clean")) == len(PAGES) - 1  # the cp1252 page: see above
    assert [d["metadata"]["url"] for d in written(tmp_path / "excluded")] == ["https://example.com/old"]
