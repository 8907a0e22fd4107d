"""Compressed inputs, WARC and Parquet in, compressed JSONL and Parquet out (cleaner.io): each against the plain-file run."""
from __future__ import annotations

import bz2
import gzip
import json
import lzma
from pathlib import Path

import pytest
import zstandard

from cleaner import Cleaner, cli, io
from cleaner.io import parquet

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "fixtures" / "html").glob("*/*.html"))[:5]
TEXTS = sorted((ROOT / "fixtures" / "rules").glob("*/*.txt"))[:3]
URL = "https://example.com/news/{}"
KINDS = ("html", "txt", "jsonl", "json", "json-lines")  # json: a JSON array; json-lines: JSONL saved as .json

COMPRESS = {
    "gz": gzip.compress,
    "bz2": bz2.compress,
    "xz": lzma.compress,
    "zst": lambda data: zstandard.ZstdCompressor().compress(data),
}


def run(*args: str) -> int:
    return cli.main(["clean", "-q", "-j", "1", *args])


def records(path: Path) -> list[dict]:
    """An output's records, whatever its format."""
    if path.name.endswith(".parquet"):
        return list(parquet.read_records(path))
    kind, compression, _ = io.kind_of(path)
    if compression:
        return [json.loads(line) for line in io.jsonl.lines(path, compression)]
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def without_source(recs: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "source"} for r in recs]


def page_text(p: Path) -> str:
    return p.read_bytes().decode("utf-8", "replace")  # a JSONL record holds text (one fixture page is cp1252)


def jsonl_of_pages() -> bytes:
    return b"".join(json.dumps({"id": p.stem, "url": URL.format(p.stem), "html": page_text(p),
                                "lang": "en", "n": k}).encode() + b"\n" for k, p in enumerate(PAGES))


def make_plain(kind: str, folder: Path) -> None:
    folder.mkdir()
    if kind == "json":  # a JSON array of records
        (folder / "shard.json").write_bytes(json.dumps([json.loads(line) for line in jsonl_of_pages().splitlines()]).encode())
    elif kind == "json-lines":  # JSONL saved as .json
        (folder / "shard.json").write_bytes(jsonl_of_pages())
    elif kind == "html":
        for p in PAGES:
            (folder / p.name).write_bytes(p.read_bytes())
    elif kind == "txt":
        for p in TEXTS:
            (folder / p.name).write_bytes(p.read_bytes())
    else:
        (folder / "shard.jsonl").write_bytes(jsonl_of_pages())


@pytest.fixture(scope="module")
def plain_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict]]:
    """The plain files' records, per kind: what every compressed version must give."""
    out = {}
    for kind in KINDS:
        d = tmp_path_factory.mktemp(kind)
        make_plain(kind, d / "in")
        assert run(str(d / "in"), "-o", str(d / "o.jsonl")) == cli.EXIT_OK
        out[kind] = records(d / "o.jsonl")
        assert len(out[kind]) >= 3 and not any("error" in r for r in out[kind])
    return out


@pytest.mark.parametrize("compression", sorted(COMPRESS))
@pytest.mark.parametrize("kind", KINDS)
def test_compressed_inputs_give_the_plain_files_records(kind: str, compression: str, tmp_path: Path,
                                                        plain_runs: dict[str, list[dict]]) -> None:
    make_plain(kind, tmp_path / "plain")
    packed = tmp_path / "packed"
    packed.mkdir()
    for f in (tmp_path / "plain").iterdir():
        (packed / f"{f.name}.{compression}").write_bytes(COMPRESS[compression](f.read_bytes()))
    assert run(str(packed), "-o", str(tmp_path / "o.jsonl")) == cli.EXIT_OK
    got = records(tmp_path / "o.jsonl")
    assert without_source(got) == without_source(plain_runs[kind])
    assert all(r["source"].split(":")[0].endswith("." + compression) for r in got)


RENAMED = {"id": "doc", "url": "link", "html": "page"}


@pytest.mark.parametrize("compression", ["", "gz"])
@pytest.mark.parametrize("kind", ["json", "json-lines", "jsonl"])
def test_renamed_fields_are_read_from_every_record_file(kind: str, compression: str, tmp_path: Path,
                                                        plain_runs: dict[str, list[dict]]) -> None:
    """--id-field, --url-field and --html-field hold for .json (an array, or JSONL saved as .json) as
    for .jsonl, compressed or not: the same records as the default names give (a plain .json ignored them)."""
    make_plain(kind, tmp_path / "plain")
    (f,) = (tmp_path / "plain").iterdir()
    recs = json.loads(f.read_bytes()) if f.read_bytes().startswith(b"[") else [json.loads(x) for x in f.read_bytes().splitlines()]
    renamed = [{RENAMED.get(k, k): v for k, v in r.items()} for r in recs]
    data = (json.dumps(renamed) if kind == "json" else "".join(json.dumps(r) + "\n" for r in renamed)).encode()
    name = f.name + (f".{compression}" if compression else "")
    (tmp_path / name).write_bytes(COMPRESS[compression](data) if compression else data)
    assert run(str(tmp_path / name), "-o", str(tmp_path / "o.jsonl"), "--id-field", "doc", "--url-field", "link",
               "--html-field", "page") == cli.EXIT_OK
    fields = {"source", *RENAMED, *RENAMED.values()}
    got = [{k: v for k, v in r.items() if k not in fields} for r in records(tmp_path / "o.jsonl")]
    assert got == [{k: v for k, v in r.items() if k not in fields} for r in plain_runs[kind]]
    assert [r["doc"] for r in records(tmp_path / "o.jsonl")] == [r["id"] for r in plain_runs[kind]]


@pytest.mark.parametrize("compression", ["gz", "zst"])
def test_decompression_bomb_is_one_error_record(compression: str, tmp_path: Path) -> None:
    bomb = b"<html><body><p>" + b" " * (3 * 2**20) + b"</p></body></html>"
    (tmp_path / "bomb.html.gz").write_bytes(gzip.compress(bomb))
    lines = [json.dumps({"text": "A short article line that stays.\n"}).encode(),
             json.dumps({"text": "x" * (3 * 2**20)}).encode(),
             json.dumps({"text": "Another short line of an article.\n"}).encode()]
    (tmp_path / f"shard.jsonl.{compression}").write_bytes(COMPRESS[compression](b"\n".join(lines) + b"\n"))
    out = tmp_path / "o.jsonl"
    assert run(str(tmp_path / "bomb.html.gz"), str(tmp_path / f"shard.jsonl.{compression}"), "-o", str(out),
               "--max-mb", "1") == cli.EXIT_SOME_FAILED
    got = records(out)
    assert [(r["id"], "error" in r) for r in got] == [("bomb", True), ("1", False), ("2", True), ("3", False)]
    assert "too large" in got[0]["error"] and "too large" in got[2]["error"]
    assert got[2]["source"].endswith(f"shard.jsonl.{compression}:2")


def test_corrupt_compressed_file_is_an_error_record(tmp_path: Path) -> None:
    (tmp_path / "bad.html.gz").write_bytes(b"\x1f\x8bnot really gzip")
    assert run(str(tmp_path / "bad.html.gz"), "-o", str(tmp_path / "o.jsonl")) == cli.EXIT_SOME_FAILED
    (rec,) = records(tmp_path / "o.jsonl")
    assert rec["id"] == "bad" and "cannot decompress (gz)" in rec["error"]


@pytest.mark.parametrize("compression", sorted(COMPRESS))
@pytest.mark.parametrize("kind", ["json", "json-lines"])
def test_truncated_compressed_json_ends_with_one_error_record(kind: str, compression: str, tmp_path: Path) -> None:
    make_plain(kind, tmp_path / "plain")
    packed = COMPRESS[compression]((tmp_path / "plain" / "shard.json").read_bytes())
    (tmp_path / f"shard.json.{compression}").write_bytes(packed[: len(packed) // 2])
    assert run(str(tmp_path / f"shard.json.{compression}"), "-o", str(tmp_path / "o.jsonl")) == cli.EXIT_SOME_FAILED
    got = records(tmp_path / "o.jsonl")
    assert f"cannot decompress ({compression})" in got[-1]["error"] and got[-1]["id"] == "shard"
    assert not any("error" in r for r in got[:-1])  # JSONL: the whole lines before the cut are cleaned


ZSTD_FRAMES = {  # each a whole frame; together they are one .zst file of several frames
    "content size and checksum": zstandard.ZstdCompressor(write_checksum=True).compress(b"first frame " * 50),
    "skippable": (0x184D2A51).to_bytes(4, "little") + (5).to_bytes(4, "little") + b"notes",
    "streamed, no content size": zstandard.ZstdCompressor(write_content_size=False).compress(bytes(range(256)) * 40),
    "rle": zstandard.ZstdCompressor(level=19).compress(b"a" * 300_000),
}


@pytest.mark.parametrize("name", list(ZSTD_FRAMES))
def test_zstd_cut_at_finds_every_cut_and_only_cuts(name: str, tmp_path: Path) -> None:
    """Every length of a file of frames is whole exactly where a frame ends (zstandard's own reader
    cannot tell: it ends a cut frame quietly)."""
    data = b"".join(ZSTD_FRAMES.values())
    whole = {0, len(data)}
    at = 0
    for frame in ZSTD_FRAMES.values():
        at += len(frame)
        whole.add(at)
    start = sum(len(f) for f in list(ZSTD_FRAMES.values())[: list(ZSTD_FRAMES).index(name)])
    path = tmp_path / "f.zst"
    for length in range(start, start + len(ZSTD_FRAMES[name]) + 1):
        path.write_bytes(data[:length])
        cut = io.compressed.zstd_cut_at(path)
        assert (cut is None) == (length in whole), length


# --------------------------------------------------------------------------- WARC


def warc_record(kind: str, uri: str, block: bytes, rid: str, http: bool = True) -> bytes:
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{rid}>\r\nWARC-Date: 2019-03-01T10:00:00Z\r\n"
            f"WARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype={kind}\r\n"
            f"Content-Length: {len(block)}\r\n\r\n").encode()
    return head + block + b"\r\n\r\n"


def http_response(body: bytes, ctype: str = "text/html; charset=utf-8", status: str = "200 OK") -> bytes:
    return f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body


def make_warc(gz: bool) -> bytes:
    """A small crawl: a request and a response per page, a JSON response and a redirect (both skipped)."""
    parts = []
    for k, p in enumerate(PAGES):
        uri = URL.format(p.stem)
        parts.append(warc_record("request", uri, f"GET /news/{p.stem} HTTP/1.1\r\n\r\n".encode(), f"q{k}"))
        parts.append(warc_record("response", uri, http_response(p.read_bytes()), f"r{k}"))
    parts.append(warc_record("response", "https://example.com/api", http_response(b"{}", "application/json"), "j"))
    parts.append(warc_record("response", "https://example.com/old", http_response(b"<html></html>", status="301 Moved"), "m"))
    return b"".join(gzip.compress(x) for x in parts) if gz else b"".join(parts)


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_pages_clean_as_the_pages_themselves_with_their_urls(name: str, tmp_path: Path, full: Cleaner) -> None:
    (tmp_path / name).write_bytes(make_warc(name.endswith(".gz")))
    out, stats = tmp_path / "o.jsonl", tmp_path / "stats.json"
    assert run(str(tmp_path / name), "-o", str(out), "--stats", str(stats)) == cli.EXIT_OK
    got = records(out)
    assert [r["id"] for r in got] == [f"urn:uuid:r{k}" for k in range(len(PAGES))]
    for rec, page in zip(got, PAGES):
        expected = full.clean_html(page.read_bytes(), URL.format(page.stem))
        assert (rec["url"], rec["text"], rec["title"]) == (URL.format(page.stem), expected.text, expected.title)
        assert rec["warc_date"] == "2019-03-01T10:00:00Z"
    assert json.loads(stats.read_text())["skipped_not_pages"] == {
        "WARC request record": len(PAGES), "WARC response not HTML": 1,
        "WARC response not a success (HTTP status not 2xx)": 1}


@pytest.mark.parametrize("cut", [60, 400])
def test_truncated_warc_ends_with_one_error_record(cut: int, tmp_path: Path) -> None:
    data = make_warc(gz=False)
    last_page = data.rfind(b"WARC-Type: response", 0, data.find(b"urn:uuid:j") - 60)
    (tmp_path / "cut.warc").write_bytes(data[: last_page + cut])
    assert run(str(tmp_path / "cut.warc"), "-o", str(tmp_path / "o.jsonl")) == cli.EXIT_SOME_FAILED
    got = records(tmp_path / "o.jsonl")
    assert [("error" in r) for r in got] == [False] * (len(PAGES) - 1) + [True]
    assert "the rest of the file is not read" in got[-1]["error"]


def test_a_file_that_is_not_a_warc_is_one_error_record(tmp_path: Path) -> None:
    (tmp_path / "x.warc").write_bytes(b"hello, not a WARC\n")
    assert run(str(tmp_path / "x.warc"), "-o", str(tmp_path / "o.jsonl")) == cli.EXIT_SOME_FAILED
    (rec,) = records(tmp_path / "o.jsonl")
    assert "corrupt WARC" in rec["error"]


# --------------------------------------------------------------------------- Parquet


def page_rows(names: dict[str, str] | None = None) -> list[dict]:
    n = names or {}
    return [{n.get("id", "id"): p.stem, n.get("url", "url"): URL.format(p.stem), n.get("html", "html"): page_text(p),
             "lang": "en", "n": k, "labels": ["a", "b"]} for k, p in enumerate(PAGES)]


@pytest.mark.parametrize("names", [{}, {"html": "body", "id": "doc_id", "url": "link"}], ids=["default", "renamed"])
def test_parquet_rows_clean_as_the_same_jsonl_records(names: dict[str, str], tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = page_rows(names)
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "t.parquet")
    (tmp_path / "t.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    opts = [f"--{k}-field={v}" for k, v in names.items()]
    assert run(str(tmp_path / "t.parquet"), "-o", str(tmp_path / "p.jsonl"), *opts) == cli.EXIT_OK
    assert run(str(tmp_path / "t.jsonl"), "-o", str(tmp_path / "j.jsonl"), *opts) == cli.EXIT_OK
    from_parquet, from_jsonl = records(tmp_path / "p.jsonl"), records(tmp_path / "j.jsonl")
    assert without_source(from_parquet) == without_source(from_jsonl)
    assert [r["id"] for r in from_parquet] == [p.stem for p in PAGES]
    assert from_parquet[1]["labels"] == ["a", "b"] and from_parquet[1]["n"] == 1
    assert from_parquet[0]["url"] == URL.format(PAGES[0].stem) and from_parquet[0]["text"]


def test_parquet_without_the_named_column_gives_an_error_record_per_row(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist([{"body": "x"}, {"body": "y"}]), tmp_path / "t.parquet")
    assert run(str(tmp_path / "t.parquet"), "-o", str(tmp_path / "o.jsonl")) == cli.EXIT_SOME_FAILED
    got = records(tmp_path / "o.jsonl")
    assert [r["source"].rsplit(":", 1)[1] for r in got] == ["1", "2"]
    assert all("neither a \"text\" nor an \"html\" field" in r["error"] for r in got)


@pytest.mark.parametrize("out", ["o.jsonl.gz", "o.jsonl.zst", "o.parquet"])
def test_outputs_hold_the_jsonl_records(out: str, tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_bytes(jsonl_of_pages() + b'{"id": "bad"}\n')
    assert run(str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "o.jsonl"), "--explain") == cli.EXIT_SOME_FAILED
    assert run(str(tmp_path / "in.jsonl"), "-o", str(tmp_path / out), "--explain") == cli.EXIT_SOME_FAILED
    assert records(tmp_path / out) == records(tmp_path / "o.jsonl")


def test_parquet_output_schema_is_one_and_documented(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    (tmp_path / "in.jsonl").write_bytes(jsonl_of_pages())
    assert run(str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "o.parquet")) == cli.EXIT_OK
    assert pq.read_schema(tmp_path / "o.parquet").remove_metadata() == parquet.schema()
    row = pq.read_table(tmp_path / "o.parquet").to_pylist()[0]
    assert json.loads(row["extra"]) == {"lang": "en", "n": 0} and row["error"] is None
    readme = (ROOT / "README.md").read_text("utf-8")
    assert all(f"`{name}`" in readme for name in parquet.schema().names)


@pytest.mark.parametrize("out", ["o.jsonl.gz", "o.jsonl.zst"])
def test_compressed_output_resumes_past_a_torn_member(out: str, tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_bytes(jsonl_of_pages())
    whole = tmp_path / f"whole{out}"
    assert run(str(tmp_path / "in.jsonl"), "-o", str(whole)) == cli.EXIT_OK
    expected = records(whole)
    # what a killed run leaves: the first two records in a complete member, then half of another
    compression = out.rsplit(".", 1)[1]
    head = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in expected[:2]).encode()
    torn = COMPRESS[compression]("".join(json.dumps(r) + "\n" for r in expected[2:4]).encode())
    (tmp_path / out).write_bytes(COMPRESS[compression](head) + torn[: len(torn) // 2])
    assert run(str(tmp_path / "in.jsonl"), "-o", str(tmp_path / out), "--resume") == cli.EXIT_OK
    assert records(tmp_path / out) == expected
    with open(tmp_path / out, "rb") as f:  # one valid stream to the standard tools
        data = gzip.decompress(f.read()) if compression == "gz" else \
            zstandard.ZstdDecompressor().stream_reader(f, read_across_frames=True).read()
    assert [json.loads(x) for x in data.splitlines()] == expected


def test_resume_into_parquet_says_it_cannot(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "in.jsonl").write_bytes(jsonl_of_pages())
    assert run(str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "o.parquet"), "--resume") == cli.EXIT_USAGE
    assert "--resume cannot continue a Parquet file" in capsys.readouterr().err


def test_output_compression_cleaner_cannot_write_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "in.jsonl").write_bytes(jsonl_of_pages())
    assert run(str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "o.jsonl.bz2")) == cli.EXIT_USAGE
    assert "-o takes - (standard output) or a name ending in .jsonl or .jsonl.gz or .jsonl.zst or .parquet" in capsys.readouterr().err
    assert not (tmp_path / "o.jsonl.bz2").exists()


# --------------------------------------------------------------------------- README


def at_scale() -> str:
    """The README's "At scale" section."""
    text = (ROOT / "README.md").read_text("utf-8")
    return text[text.index("## At scale"):text.index("## Library")]


def readme_snippet(needle: str) -> str:
    """The README's At scale Python block that holds `needle`."""
    blocks = at_scale().split("```python\n")[1:]
    return next(b.split("```", 1)[0] for b in blocks if needle in b)


def test_readme_warc_in_parquet_out_command_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shlex

    line = next(x.strip() for x in at_scale().splitlines() if x.strip().startswith("cleaner clean crawl/ -o articles.parquet"))
    (tmp_path / "crawl").mkdir()
    (tmp_path / "crawl" / "a.warc.gz").write_bytes(make_warc(gz=True))
    monkeypatch.chdir(tmp_path)
    assert cli.main(shlex.split(line)[1:] + ["-q", "-j", "1"]) == cli.EXIT_OK
    got = records(tmp_path / "articles.parquet")
    assert [r["url"] for r in got] == [URL.format(p.stem) for p in PAGES] and all(r["text"] for r in got)


def test_a_missing_extra_is_named_in_one_line() -> None:
    from cleaner.integrations import need

    with pytest.raises(ImportError) as e:
        need("no_such_engine_module", "ray")
    assert str(e.value) == ("cleaner's ray engine needs no_such_engine_module: pip install 'news-article-cleaner[ray]' "
                            "(or '.[ray]' in a checkout)")


@pytest.mark.parametrize("name", ["deep.jsonl", "deep.json", "deep.json.gz"])
def test_a_record_nested_too_deep_with_renamed_fields_is_one_error_record(name: str, tmp_path: Path) -> None:
    """Renamed fields are read in the run's own process: a record nested past the parser's depth is its
    own error record there too (it ended the whole run, earlier records lost)."""
    lines = [json.dumps({"body": "A short article line that stays."}), "[" * 200_000 + "]" * 200_000,
             json.dumps({"body": "Another short line of an article."})]
    data = ("\n".join(lines) + "\n").encode()
    (tmp_path / name).write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    out = tmp_path / "o.jsonl"
    assert run(str(tmp_path / name), "--text-field", "body", "-o", str(out)) == cli.EXIT_SOME_FAILED
    got = records(out)
    assert [("error" in r) for r in got] == [False, True, False]
    assert "deep" in got[1]["error"]


def test_a_compressed_json_array_is_bounded_as_a_library_reads_it(tmp_path: Path) -> None:
    """cleaner.io bounds each decompressed record at DEFAULT_MAX_BYTES when the caller sets no bound, for
    a compressed JSON array as for compressed JSONL (the array was decompressed whole)."""
    from cleaner import batch

    big = json.dumps([{"text": "x" * (io.DEFAULT_MAX_BYTES + 10)}]).encode()
    (tmp_path / "arr.json.gz").write_bytes(gzip.compress(big))
    (item,) = list(batch.path_tasks(tmp_path / "arr.json.gz", reading=batch.Reading()))
    assert isinstance(item, batch.InputError) and "too large" in item.message


def test_a_json_array_over_the_limit_is_said_to_be_over_it(tmp_path: Path) -> None:
    """Only the limit and one byte more are read of an array: its size is not known, so the message says
    "over" the limit (it gave the bytes read, the limit itself, as the size)."""
    from cleaner import batch

    (tmp_path / "a.json.gz").write_bytes(gzip.compress(json.dumps([{"text": "x" * (2 * 2**20)}]).encode()))
    (item,) = list(batch.path_tasks(tmp_path / "a.json.gz", reading=batch.Reading(max_bytes=2**20)))
    assert "too large: over 1.0 MB (limit 1.0 MB" in item.message
