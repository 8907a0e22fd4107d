"""Issue 15: a command line and library that meet users where they are, one test (or a few) per item."""
from __future__ import annotations

import inspect
import io
import json
import logging
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

import cleaner
from cleaner import Article, Cleaner, Config, Removal, batch, cli, log, ruletools

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
PAGE = ROOT / "fixtures" / "html" / "rt" / "isis-recruitment.html"
GOOD = ("Officials said on Tuesday that the new bridge would open next spring, after three years of work "
        "and a long dispute over its cost.\n\nThe city council approved the final budget in a late vote, "
        "and the builders said the last steel sections would arrive within weeks.\n")
SLOW_RULE = ('schema = 1\nname = "Slow"\ndomains = ["slow.example"]\n[[drop]]\nid = "backtracks"\ncategory = "promo"\n'
             'pattern = \'(a|aa)+b\'\nreason = "a badly written rule"\n')


def main(argv: list[str], capsys, stdin: bytes | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def read_jsonl(path: Path) -> list[dict]:
    return records(path.read_text("utf-8"))


# --------------------------------------------------------------------------- 1. --version, -v, --log-level, the cleaner logger


def test_version_names_the_installed_distribution(capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"cleaner {metadata.version('news-article-cleaner')} (news-article-cleaner)"
    assert cleaner.__version__ == metadata.version("news-article-cleaner")


@pytest.fixture
def slow_rules(tmp_path: Path) -> Path:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "slow.toml").write_text(SLOW_RULE, "utf-8")
    return rules


def test_library_logs_a_pattern_timeout_on_the_cleaner_logger(slow_rules: Path, caplog) -> None:
    c = Cleaner(Config(rules_dirs=(slow_rules,)))
    with caplog.at_level(logging.WARNING, logger="cleaner"):
        article = c.clean(GOOD + "\n" + "a" * 80, "https://slow.example/1", source="doc-1")
    assert article.warnings
    (rec,) = [r for r in caplog.records if r.name == "cleaner"]
    assert rec.levelno == logging.WARNING and "doc-1" in rec.getMessage() and "slow/backtracks" in rec.getMessage()


@pytest.mark.parametrize("flags, logged", [([], True), (["--log-level", "error"], False), (["-q"], False)],
                         ids=["default-warnings", "log-level-error", "quiet"])
def test_command_line_routes_the_logger_by_its_switches(flags: list[str], logged: bool, slow_rules: Path,
                                                        tmp_path: Path, capsys) -> None:
    doc = tmp_path / "in.jsonl"
    doc.write_text(json.dumps({"id": "x", "url": "https://slow.example/1", "text": GOOD + "\n" + "a" * 80}) + "\n")
    code, _, err = main(["clean", str(doc), "-o", str(tmp_path / "o.jsonl"), "-j", "1", "--rules", str(slow_rules), *flags],
                        capsys)
    assert code == cli.EXIT_OK
    assert (f"cleaner: {doc}:1: rule 'slow/backtracks'" in err) is logged


def test_verbose_says_what_the_run_does(tmp_path: Path, capsys) -> None:
    args = ["clean", str(SEEDS[0]), "-o", str(tmp_path / "o.jsonl"), "-j", "1"]
    assert "cleaner: info:" not in main(args, capsys)[2]
    err = main([*args, "-v"], capsys)[2]
    assert "cleaner: info: 1 document to clean" in err and "1 worker process" in err
    assert f"{SEEDS[0]}: " not in err
    assert f"cleaner: debug: {SEEDS[0]}: " in main([*args, "-vv"], capsys)[2]
    assert log.level_for(2) == logging.DEBUG and log.level_for(0, quiet=True) == logging.ERROR


# --------------------------------------------------------------------------- 2. progress bar with a total


def test_survey_counts_files_and_small_record_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(GOOD)
    (tmp_path / "r.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n{"text": "z"}')
    assert batch.survey([str(tmp_path)]) == batch.Survey(total=5, html=False)
    (tmp_path / "p.html").write_text("<p>x</p>")
    assert batch.survey([str(tmp_path)]) == batch.Survey(total=6, html=True)
    assert batch.survey([str(tmp_path), "-"]).total is None  # standard input: not known before it is read
    (tmp_path / "arr.json").write_text('[{"text": "x"}]')
    assert batch.survey([str(tmp_path)]).total is None  # a JSON array is not counted without parsing it


def test_progress_bar_gets_the_total(tmp_path: Path, capsys, monkeypatch) -> None:
    seen = []
    real = cli.progress_bar
    monkeypatch.setattr(cli, "progress_bar", lambda args, total=None: seen.append(total) or real(args, total))
    main(["clean", str(ROOT / "seeds"), "-o", str(tmp_path / "o.jsonl"), "-j", "1"], capsys)
    assert seen == [len(SEEDS)]


# --------------------------------------------------------------------------- 3. the summary


def test_summary_says_one_document_and_no_outlet_rules_without_their_documents(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    code, _, err = main(["clean", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o.jsonl"), "-j", "1",
                         "--stats", str(tmp_path / "s.json")], capsys)
    assert code == cli.EXIT_OK
    assert "cleaner: 1 document, 1 cleaned, 0 errors" in err and "never fired" not in err
    stats = json.loads((tmp_path / "s.json").read_text())
    assert stats["rules_never_fired"] == [] and stats["documents_by_outlet"] == {}


def test_summary_counts_documents_per_outlet(tmp_path: Path, capsys) -> None:
    _, _, err = main(["clean", str(ROOT / "seeds"), "-o", str(tmp_path / "o.jsonl"), "-j", "1"], capsys)
    assert f"cleaner: {len(SEEDS)} documents" in err and "documents by outlet: " in err and "RT 1" in err


def test_plural() -> None:
    assert [cli.plural(n, "document") for n in (0, 1, 2)] == ["0 documents", "1 document", "2 documents"]


# --------------------------------------------------------------------------- 4. one page or text, standard input, explain


def test_clean_one_page_with_its_url(capsys) -> None:
    code, out, _ = main(["clean", str(PAGE), "--url", "https://www.rt.com/news/1/", "-q"], capsys)
    (rec,) = records(out)
    assert code == cli.EXIT_OK and rec["url"] == "https://www.rt.com/news/1/" and rec["outlet"] == "RT"


def test_url_does_not_replace_a_records_own(tmp_path: Path, capsys) -> None:
    (tmp_path / "r.jsonl").write_text(json.dumps({"id": "a", "url": "https://mine.example/1", "text": GOOD}) + "\n")
    code, out, _ = main(["clean", str(tmp_path / "r.jsonl"), "--url", "https://other.example/", "-q"], capsys)
    assert records(out)[0]["url"] == "https://mine.example/1"


@pytest.mark.parametrize("flags", [[], ["--input", "html"]], ids=["sniffed", "input-html"])
def test_html_on_standard_input_is_one_page(flags: list[str], capsys, monkeypatch) -> None:
    code, out, err = main(["clean", "-", "-q", *flags], capsys, stdin=b"\n  " + PAGE.read_bytes(), monkeypatch=monkeypatch)
    (rec,) = records(out)
    assert code == cli.EXIT_OK and rec["id"] == "stdin" and rec["source"] == "<stdin>" and rec["text"]


def test_text_on_standard_input_with_input_text(capsys, monkeypatch) -> None:
    code, out, _ = main(["clean", "-", "--input", "text", "-q"], capsys, stdin=GOOD.encode(), monkeypatch=monkeypatch)
    (rec,) = records(out)
    assert code == cli.EXIT_OK and rec["text"].startswith("Officials said")


def test_jsonl_on_standard_input_is_still_records(capsys, monkeypatch) -> None:
    lines = b"".join(json.dumps({"id": str(n), "text": GOOD}).encode() + b"\n" for n in range(3))
    code, out, _ = main(["clean", "-", "-q"], capsys, stdin=lines, monkeypatch=monkeypatch)
    assert code == cli.EXIT_OK and [r["id"] for r in records(out)] == ["0", "1", "2"]


@pytest.mark.parametrize("data, flags, kept", [(PAGE.read_bytes(), [], "title: ISIS warlords"),
                                               (GOOD.encode(), [], "Officials said"),
                                               (GOOD.encode(), ["--input", "text"], "Officials said")],
                         ids=["page-sniffed", "text-sniffed", "text-said"])
def test_explain_standard_input(data: bytes, flags: list[str], kept: str, capsys, monkeypatch) -> None:
    code, out, _ = main(["explain", "-", "--color", "never", *flags], capsys, stdin=data, monkeypatch=monkeypatch)
    assert code == cli.EXIT_OK and kept in out


def test_explain_a_record_by_its_id(tmp_path: Path, capsys) -> None:
    recs = tmp_path / "r.jsonl"
    recs.write_text(json.dumps({"id": "a", "text": "Nothing here."}) + "\n"
                    + json.dumps({"id": "b", "text": GOOD}) + "\n")
    code, out, _ = main(["explain", str(recs), "--id", "b", "--color", "never"], capsys)
    assert code == cli.EXIT_OK and "Officials said" in out
    assert main(["explain", str(recs), "--id", "zz"], capsys)[0] == cli.EXIT_SOME_FAILED
    code, _, err = main(["explain", str(recs)], capsys)
    assert code == cli.EXIT_USAGE and "--id" in err


# --------------------------------------------------------------------------- 5. .txt in legacy encodings

JAPANESE = "東京都は十日、新しい交通計画を発表した。市民の生活に大きな影響を与えると見られている。計画は来年の春から始まる予定で、多くの専門家が注目している。\n"
WESTERN = "Café au lait, naïve façade, “quoted” déjà vu: the reporter’s notes were détaillées, said the crème brûlée chef.\n"


@pytest.mark.parametrize("text, encoding", [(WESTERN * 3, "cp1252"), (WESTERN.replace("“", '"').replace("”", '"')
                                                                       .replace("’", "'") * 3, "latin-1"),
                                            (JAPANESE * 3, "shift_jis")], ids=["cp1252", "latin-1", "shift-jis"])
def test_legacy_encoded_text_file_is_decoded_and_named(text: str, encoding: str, tmp_path: Path, capsys) -> None:
    (tmp_path / "a.txt").write_bytes(text.encode(encoding))
    code, out, _ = main(["clean", str(tmp_path / "a.txt"), "-q", "-j", "1"], capsys)
    (rec,) = records(out)
    assert code == cli.EXIT_OK and "error" not in rec
    assert rec["encoding"] and text.encode(encoding).decode(rec["encoding"]) == text
    assert text.split("\n")[0][:20] in rec["text"]


def test_utf8_text_has_no_encoding_field_and_binary_stays_an_error(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.txt").write_text(GOOD, "utf-8")
    (tmp_path / "b.txt").write_bytes(bytes(range(256)) * 8)
    _, out, _ = main(["clean", str(tmp_path), "-q", "-j", "1"], capsys)
    a, b = records(out)
    assert "encoding" not in a and "binary file" in b["error"]


# --------------------------------------------------------------------------- 6. rules list --generic


def test_rules_list_generic_maps_disable_names_to_rule_ids(capsys) -> None:
    from cleaner.heuristics import DETECTORS, known_names, known_rule_ids

    code, out, _ = main(["rules", "list", "--generic"], capsys)
    assert code == cli.EXIT_OK
    families = dict(ruletools.generic_families())
    assert set(DETECTORS) <= set(families)
    assert [lab.rule for lab in families["headline"]] == ["generic/duplicate", "generic/standfirst", "generic/title"]
    given = {lab.rule for labels in families.values() for lab in labels}
    assert known_rule_ids() <= given  # every rule id the detectors give has its family
    width = max(map(len, families))  # (the family column is as wide as the longest name)
    for name in families:
        assert name in known_names()  # each listed name is one --disable takes
        assert f"\n{name:<{width}} generic/" in out
    assert "generic/title" in out and "generic/standfirst" in out


# --------------------------------------------------------------------------- 7. rules test --update, --fixtures


@pytest.fixture
def outlet_kit(tmp_path: Path) -> tuple[Path, Path]:
    rules = tmp_path / "my-rules"
    rules.mkdir()
    (rules / "example.toml").write_text('schema = 1\nname = "Example News"\ndomains = ["example.com"]\n'
                                        '[[drop]]\nid = "promo"\ncategory = "promo"\npattern = \'^Subscribe now\'\n'
                                        'reason = "subscribe prompt"\n', "utf-8")
    fixtures = tmp_path / "fx"
    (fixtures / "rules" / "example").mkdir(parents=True)
    (fixtures / "rules" / "example" / "one.txt").write_text(GOOD + "\nSubscribe now for more.\n", "utf-8")
    return rules, fixtures


def test_rules_test_update_writes_new_expected_files_and_force_rewrites(outlet_kit, capsys) -> None:
    rules, fixtures = outlet_kit
    argv = ["rules", "test", "example", "--no-builtin-rules", "--rules", str(rules), "--fixtures", str(fixtures)]
    assert main(argv, capsys)[0] == cli.EXIT_SOME_FAILED  # nothing to compare with yet
    code, out, _ = main([*argv, "--update"], capsys)
    expected = fixtures / "rules" / "example" / "one.json"
    assert code == cli.EXIT_OK and f"wrote {expected}" in out
    want = json.loads(expected.read_text("utf-8"))
    assert want["outlet"] == "Example News" and "Subscribe" not in want["text"]
    expected.write_text(json.dumps({**want, "title": "edited by hand"}), "utf-8")
    code, out, _ = main([*argv, "--update"], capsys)  # an existing expected file is left alone
    assert code == cli.EXIT_SOME_FAILED and "wrote" not in out
    code, out, _ = main([*argv, "--update", "--force"], capsys)
    assert code == cli.EXIT_OK and json.loads(expected.read_text("utf-8")) == want


def test_rules_test_names_a_missing_fixtures_folder(tmp_path: Path, capsys) -> None:
    code, _, err = main(["rules", "test", "--fixtures", str(tmp_path / "nope")], capsys)
    assert code == cli.EXIT_USAGE and f"no fixtures folder {tmp_path / 'nope'}" in err and "--fixtures DIR" in err


def test_rules_test_runs_from_another_folder_on_fixtures_given_by_path(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "cleaner", "rules", "test", "rt", "--fixtures", str(ROOT / "fixtures")],
                          cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0 and "rt: ok" in proc.stdout


# --------------------------------------------------------------------------- 8. the library


def test_clean_takes_bytes_and_str_alike() -> None:
    assert cleaner.clean(GOOD.encode("utf-8")) == cleaner.clean(GOOD)
    assert cleaner.clean(GOOD.encode("utf-16")) == cleaner.clean(GOOD)
    assert cleaner.clean((WESTERN * 3).encode("cp1252")).text == cleaner.clean(WESTERN * 3).text
    html = PAGE.read_text("utf-8")
    assert cleaner.clean_html(html) == cleaner.clean_html(html.encode("utf-8"))


def test_clean_many_yields_the_command_lines_records_in_order(tmp_path: Path, capsys) -> None:
    recs = [{"id": "t", "text": GOOD, "keep": 1}, {"id": "p", "html": PAGE.read_text("utf-8"), "url": "https://www.rt.com/x"},
            {"id": "bad", "body": "no text"}, "not a dict", {"id": "obj", "text": GOOD, "when": object()}]
    got = list(cleaner.clean_many(recs, workers=2, timeout=30))
    assert [r["id"] for r in got] == ["t", "p", "bad", "4", "obj"]
    assert [("error" in r) for r in got] == [False, False, True, True, True]
    assert got[0]["keep"] == 1 and got[1]["outlet"] == "RT" and "neither" in got[2]["error"]
    assert "JSON object" in got[3]["error"] and "not JSON data" in got[4]["error"]
    assert all(r["cleaner"]["version"] == cleaner.__version__ for r in got)
    # the same records as the command line writes for the same JSONL (but for the source)
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs[:3]), "utf-8")
    _, out, _ = main(["clean", str(tmp_path / "in.jsonl"), "-j", "1", "-q"], capsys)
    strip = lambda r: {k: v for k, v in r.items() if k != "source"}  # noqa: E731
    assert [strip(r) for r in records(out)] == [strip(r) for r in got[:3]]


def test_clean_many_applies_the_size_limit_and_stops_when_closed() -> None:
    many = cleaner.clean_many(iter([{"id": "big", "text": "word " * 300_000}] + [{"text": GOOD}] * 1000), max_mb=1, workers=1)
    first = next(many)
    assert "too large" in first["error"]
    many.close()
    with pytest.raises(ValueError):
        next(cleaner.clean_many([], max_mb=0))


def _public_callables() -> list[tuple[str, object]]:
    out = []
    for name in cleaner.__all__:
        obj = getattr(cleaner, name)
        out.append((name, obj))
        if inspect.isclass(obj):
            for attr, value in vars(obj).items():
                if not attr.startswith("_") and (callable(value) or isinstance(value, property)):
                    out.append((f"{name}.{attr}", value))
    return out


@pytest.mark.parametrize("name, obj", _public_callables(), ids=[n for n, _ in _public_callables()])
def test_every_public_name_has_a_docstring(name: str, obj: object) -> None:
    assert inspect.getdoc(obj), f"{name} has no docstring"


def test_article_to_dict_says_what_it_returns() -> None:
    doc = inspect.getdoc(Article.to_dict) or ""
    assert "JSONL record" in doc and "explain" in doc
    assert inspect.getdoc(Removal.to_dict)


# --------------------------------------------------------------------------- 9. start-up


def test_a_text_run_does_not_import_trafilatura(tmp_path: Path) -> None:
    script = ("import sys\nfrom cleaner import cli\n"
              f"code = cli.main(['clean', {str(SEEDS[0])!r}, '-o', 'o.jsonl', '-j', '1', '-q'])\n"
              "print(code, 'trafilatura' in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True)
    assert proc.stdout.split() == ["0", "False"], proc.stderr
    assert read_jsonl(tmp_path / "o.jsonl")[0]["text"]


def test_help_imports_neither_the_pipeline_nor_lxml(tmp_path: Path) -> None:
    script = ("import sys\nfrom cleaner import cli\ntry:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass\n"
              "print(sorted(m for m in ('cleaner.pipeline', 'lxml', 'trafilatura') if m in sys.modules))\n")
    proc = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True)
    assert proc.stdout.strip().endswith("[]"), proc.stdout + proc.stderr


# --------------------------------------------------------------------------- 11. --format markdown


def test_out_dir_markdown_writes_front_matter_and_paragraphs(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    code, _, _ = main(["clean", str(SEEDS[2]), "--out-dir", str(out), "--format", "markdown", "-q", "-j", "1"], capsys)
    md = out / f"{SEEDS[2].stem}.md"
    assert code == cli.EXIT_OK and md.exists() and (out / f"{SEEDS[2].stem}.json").exists()
    assert not (out / f"{SEEDS[2].stem}.txt").exists()
    meta = json.loads((out / f"{SEEDS[2].stem}.json").read_text("utf-8"))
    text = md.read_text("utf-8")
    head, body = text.split("\n---\n\n", 1)
    assert head.startswith("---\n") and f"title: {json.dumps(meta['title'], ensure_ascii=False)}" in head
    assert 'outlet: "RT"' in head and body.startswith(f"# {meta['title']}\n\n")
    first = json.loads(json.dumps(meta))  # the .json has no text: compare with the JSONL record's
    _, out_jsonl, _ = main(["clean", str(SEEDS[2]), "-q", "-j", "1"], capsys)
    assert records(out_jsonl)[0]["text"].split("\n\n")[0] in body and first["id"] == SEEDS[2].stem


def test_format_markdown_needs_out_dir(tmp_path: Path, capsys) -> None:
    code, _, err = main(["clean", str(SEEDS[0]), "--format", "markdown"], capsys)
    assert code == cli.EXIT_USAGE and "--out-dir" in err


def test_markdown_escapes_a_paragraph_that_would_become_a_heading() -> None:
    from cleaner.output import markdown

    assert markdown({"text": "# not a heading\n\n> nor a quote"}).endswith("\\# not a heading\n\n\\> nor a quote\n")


# --------------------------------------------------------------------------- 12. the distribution name


def test_distribution_is_not_named_cleaner() -> None:
    dist = metadata.distribution("news-article-cleaner")
    assert dist.metadata["Name"] == "news-article-cleaner"
    assert [ep.value for ep in dist.entry_points if ep.name == "cleaner"] == ["cleaner.cli:main"]
