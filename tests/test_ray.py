"""The Ray engine (cleaner.integrations.ray): `--engine ray` equals the local run; `Clean` in map_batches; one local Ray of 2 CPUs for the whole test run."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")

from cleaner import cli  # noqa: E402
from cleaner.io import jsonl, parquet  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "fixtures" / "html").glob("*/*.html"))[:4]
TEXTS = sorted((ROOT / "fixtures" / "rules").glob("*/*.txt"))[:2]
URL = "https://example.com/news/{}"


@pytest.fixture(scope="session")
def local_ray():
    """One local Ray of 2 CPUs for every test of the run (started once: it takes seconds)."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    yield ray
    ray.shutdown()


def make_inputs(folder: Path) -> None:
    """Pages, texts, a gzipped JSONL shard with a bad record, and a missing page's record."""
    folder.mkdir()
    for p in PAGES[:2]:
        (folder / p.name).write_bytes(p.read_bytes())
    for p in TEXTS:
        (folder / p.name).write_bytes(p.read_bytes())
    lines = [json.dumps({"id": p.stem, "url": URL.format(p.stem), "html": p.read_bytes().decode("utf-8", "replace"),
                         "lang": "en"}) for p in PAGES[2:]]
    (folder / "shard.jsonl.gz").write_bytes(gzip.compress(("\n".join(lines + ['{"id": "bad"}']) + "\n").encode()))


def by_source(records: list[dict]) -> list[dict]:
    return sorted(records, key=lambda r: r["source"])


def parts(folder: Path) -> tuple[list[dict], list[dict]]:
    """The records of a Ray run's parts, and its error records."""
    recs = [r for p in sorted(folder.glob("part-*.parquet")) for r in parquet.read_records(p)]
    recs += [json.loads(x) for p in sorted(folder.glob("part-*.jsonl.gz")) for x in jsonl.lines(p, "gz")]
    errs = [json.loads(x) for p in sorted(folder.glob("errors-*.jsonl")) for x in p.read_text("utf-8").splitlines()]
    return recs, errs


@pytest.mark.parametrize("part_format", ["parquet", "jsonl.gz"])
def test_ray_engine_equals_the_local_run(part_format: str, local_ray, tmp_path: Path) -> None:
    make_inputs(tmp_path / "in")
    missing = str(tmp_path / "gone.html")
    local = tmp_path / "local.jsonl"
    assert cli.main(["clean", "-q", "-j", "1", str(tmp_path / "in"), missing, "-o", str(local)]) == cli.EXIT_SOME_FAILED
    expected = [json.loads(x) for x in local.read_text("utf-8").splitlines()]
    stats = tmp_path / "stats.json"
    assert cli.main(["clean", "-q", str(tmp_path / "in"), missing, "-o", str(tmp_path / "out"), "--engine", "ray",
                     "--part-format", part_format, "--stats", str(stats)]) == cli.EXIT_SOME_FAILED
    recs, errs = parts(tmp_path / "out")
    assert by_source(recs + errs) == by_source(expected)
    assert {e["id"] for e in errs} == {"gone", "bad"}
    counts = json.loads(stats.read_text())
    assert (counts["documents"], counts["errors"]) == (len(expected), 2)


def test_ray_engine_refuses_what_it_cannot_do(local_ray, tmp_path: Path, capsys) -> None:
    assert cli.main(["clean", "-q", str(TEXTS[0]), "--engine", "ray"]) == cli.EXIT_USAGE
    assert cli.main(["clean", "-q", str(TEXTS[0]), "-o", str(tmp_path / "o"), "--engine", "ray", "--resume"]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert "needs -o FOLDER" in err and "--resume is not available with --engine ray" in err


def page_rows() -> list[dict]:
    rows = [{"id": p.stem, "url": URL.format(p.stem), "html": p.read_bytes().decode("utf-8", "replace"), "n": k}
            for k, p in enumerate(PAGES)]
    return rows + [{"id": "bad", "url": None, "html": None, "n": 99}]


@pytest.mark.parametrize("batch_format", ["pandas", "pyarrow"])
def test_clean_in_map_batches_adds_cleaned_fields_and_error_values(batch_format: str, local_ray, tmp_path: Path) -> None:
    from cleaner.integrations.ray import Clean

    rows = page_rows()
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    assert cli.main(["clean", "-q", "-j", "1", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "o.jsonl")]) == cli.EXIT_SOME_FAILED
    local = {r["id"]: r for r in map(json.loads, (tmp_path / "o.jsonl").read_text("utf-8").splitlines())}
    ds = ray.data.from_items(rows).map_batches(Clean, batch_format=batch_format, batch_size=2,
                                               compute=ray.data.ActorPoolStrategy(size=2))
    got = {r["id"]: r for r in ds.take_all()}
    assert set(got) == set(local)
    for rid, row in got.items():
        if rid == "bad":
            assert "neither" in row["error"] and row["text"] is None and row["n"] == 99
            continue
        assert row["error"] is None and "html" not in row and row["n"] == local[rid]["n"]
        assert (row["text"], row["title"], row["url"], list(row["authors"])) == (
            local[rid]["text"], local[rid]["title"], local[rid]["url"], local[rid]["authors"])


def test_clean_in_ray_keeps_the_time_limit(local_ray) -> None:
    from cleaner.integrations.ray import Clean

    slow = "\n\n".join(f"Paragraph {i} of a very long article that goes on and on about the riverside plan." for i in range(60_000))
    rows = [{"id": "slow", "text": slow}, {"id": "ok", "text": "A short article.\n\nIt has two paragraphs of text here."}]
    ds = ray.data.from_items(rows).map_batches(Clean, fn_constructor_kwargs={"timeout": 0.5}, batch_format="pyarrow",
                                               compute=ray.data.ActorPoolStrategy(size=1))
    got = {r["id"]: r for r in ds.take_all()}
    assert "took longer than 0.5 s" in got["slow"]["error"] and got["ok"]["error"] is None


def test_readme_ray_command_and_map_batches_snippet_run(local_ray, tmp_path: Path, monkeypatch) -> None:
    import shlex

    import pyarrow as pa
    import pyarrow.parquet as pq
    from test_io_formats import PAGES as WARC_PAGES
    from test_io_formats import at_scale, make_warc, readme_snippet

    monkeypatch.chdir(tmp_path)
    (tmp_path / "crawl").mkdir()
    (tmp_path / "crawl" / "a.warc.gz").write_bytes(make_warc(gz=True))
    line = next(x.strip() for x in at_scale().splitlines() if "--engine ray" in x and x.strip().startswith("cleaner clean"))
    assert cli.main(shlex.split(line)[1:] + ["-q"]) == cli.EXIT_OK
    assert len(parts(tmp_path / "articles")[0]) == len(WARC_PAGES)

    pq.write_table(pa.Table.from_pylist(page_rows()[:2]), tmp_path / "pages.parquet")
    exec(readme_snippet("map_batches").replace("/data/", f"{tmp_path}/"), {})
    rows = pq.read_table(tmp_path / "clean").to_pylist()
    assert sorted(r["id"] for r in rows) == sorted(p.stem for p in PAGES[:2])
    assert all(r["text"] and r["error"] is None and r["n"] in (0, 1) for r in rows)
