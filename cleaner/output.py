"""Write records where users want them, safely (a killed run leaves no partial record, nothing lands
outside the output named), and read back what an earlier run already wrote (--resume)."""
from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Callable, Iterable

if TYPE_CHECKING:
    from .pipeline import Cleaner

RESUME_KEY = "source"  # an input's identity across runs: its file, or file:line for a record
STAMP_KEY = "cleaner"  # {"version", "settings"}: which cleaner, with which settings, wrote a record
# errors that mean the output as a whole cannot be written (the run stops, exit 3); any other
# OSError writing one document's --out-dir files costs only that document
OUTPUT_FAILURES = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO})


class OutputError(Exception):
    """The output itself cannot be written (disk full, read-only, ...): the run stops, naming the file."""

    def __init__(self, path: Path | str, error: OSError) -> None:
        super().__init__(f"cannot write {path}: {error.strerror or error}")


class UnwritableName(Exception):
    """One document's --out-dir files cannot be written (a name the file system refuses, a path
    that would leave the folder): that document's error record, not the run's end."""


_SURROGATE = re.compile("[\ud800-\udfff]")


def utf8(text: str) -> bytes:
    """Text as UTF-8; a lone surrogate (half an emoji a scraper cut) becomes U+FFFD, so that the
    output stays valid UTF-8."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text).encode("utf-8")


def _json_string(value: str) -> str:
    """A JSON string in which lone surrogates stay, as \\udcXX escapes (json.loads gives them back)."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


def encode(record: dict[str, Any]) -> bytes:
    """One JSONL line. The `source` of a file whose name is not UTF-8 keeps its undecodable bytes
    as \\udcXX escapes (Python's surrogateescape), so that --resume recognises it; elsewhere a
    lone surrogate becomes U+FFFD."""
    source = record.get(RESUME_KEY)
    if isinstance(source, str) and _SURROGATE.search(source):
        dump = lambda v: json.dumps(v, ensure_ascii=False)  # noqa: E731
        body = ", ".join(f"{dump(k)}: {_json_string(v) if k == RESUME_KEY else dump(v)}" for k, v in record.items())
        return utf8("{" + body + "}\n")
    return utf8(json.dumps(record, ensure_ascii=False) + "\n")


def stamped(record: dict[str, Any], stamp: dict[str, str]) -> dict[str, Any]:
    """The record with the `cleaner` field last (a passthrough field of that name is replaced)."""
    out = {k: v for k, v in record.items() if k != STAMP_KEY}
    out[STAMP_KEY] = stamp
    return out


def settings_stamp(cleaner: Cleaner, **options: Any) -> dict[str, str]:
    """The `cleaner` field: the version, and a 12-hex digest of what changes the output: the version,
    the Cleaner's config (all but the rule folders' paths), the bytes of every rule file it loaded,
    and the run's `options` (explain, learn...)."""
    from . import __version__

    return {"version": __version__, "settings": _settings_digest(cleaner.config, cleaner.rules, options)}


def _settings_digest(config: Any, rules: Any, options: dict[str, Any]) -> str:
    from . import __version__

    conf = {f.name: getattr(config, f.name) for f in fields(config) if f.name != "rules_dirs"}
    files = {key: _file_digest(o.path) for key, o in sorted(rules.outlets.items())}
    settings = {"version": __version__, "config": conf, "rules": files, "options": options}
    blob = json.dumps(settings, sort_keys=True, default=lambda v: sorted(v) if isinstance(v, (set, frozenset)) else str(v))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:12]


def differing_setting(digest: str, cleaner: Cleaner, **options: Any) -> str | None:
    """Which one setting of this run (the Cleaner's config and the `options` settings_stamp took), set
    otherwise, gives the settings `digest` an earlier run's records carry: e.g. "--explain (the
    records were written without it)"; None when no one setting does (the rule files' contents
    differ, or more than one setting)."""
    from dataclasses import replace

    from .rules import RuleSet

    config = cleaner.config
    tries: list[tuple[str, Any, dict[str, Any]]] = []  # (what differs, config, options)
    for flag, key in (("--explain", "explain"), ("--learn", "learn")):
        if key in options:
            had = "without it" if options[key] else "with it"
            tries.append((f"{flag} (the records were written {had})", config, {**options, key: not options[key]}))
    if "text_format" in options:
        tries.append(("--format (the records were written with --format text)", config,
                      {k: v for k, v in options.items() if k != "text_format"}))
    else:
        tries.append(("--format (the records were written with --format markdown)", config,
                      {**options, "text_format": "markdown"}))
    if "url" in options:
        tries.append(("--url (the records were written without it)", config, {k: v for k, v in options.items() if k != "url"}))
    if config.disable:
        tries.append(("--disable (the records were written without it)", replace(config, disable=frozenset()), options))
    tries.append(("--no-builtin-rules (the records were written " + ("with it)" if config.builtin_rules else "without it)"),
                  replace(config, builtin_rules=not config.builtin_rules), options))
    if config.rules_dirs:
        tries.append(("--rules (the records were written without the rule folders given)", replace(config, rules_dirs=()),
                      options))
    for what, conf, opts in tries:
        rules = cleaner.rules if (conf.rules_dirs, conf.builtin_rules) == (config.rules_dirs, config.builtin_rules) \
            else RuleSet.load(conf.rules_dirs, conf.builtin_rules)
        if _settings_digest(conf, rules, opts) == digest:
            return what
    return None


def _file_digest(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return f"unreadable:{path}"


class JsonlWriter:
    """Appends whole JSONL lines: each record goes out in one unbuffered write, so a run killed
    at any moment leaves complete lines (and `repair` drops a torn last line if the OS tore one)."""

    def __init__(self, path: Path | None, append: bool = False) -> None:
        self.path = path
        self.name = str(path) if path is not None else "standard output"
        self._file: BinaryIO | None = None
        if path is not None:
            try:
                if append:
                    repair(path)
                self._file = open(path, "ab" if append else "wb", buffering=0)
            except OSError as e:
                raise OutputError(self.name, e) from e

    def write(self, record: dict[str, Any]) -> None:
        data = encode(record)
        try:
            if self._file is None:
                sys.stdout.buffer.write(data)
                sys.stdout.buffer.flush()
                return
            view = memoryview(data)
            while view:
                n = self._file.write(view)
                view = view[n or 0:]
        except BrokenPipeError:
            raise
        except OSError as e:
            raise OutputError(self.name, e) from e

    def close(self) -> None:
        if self._file is not None:
            try:
                self._file.close()
            except OSError as e:
                raise OutputError(self.name, e) from e


def repair(path: Path) -> None:
    """Cut a JSONL file back to its last complete line (a killed run may have torn the last one)."""
    if not path.exists():
        return
    with open(path, "rb+") as f:
        f.seek(0, os.SEEK_END)
        size = f.tell()
        if size == 0:
            return
        f.seek(size - 1)
        if f.read(1) == b"\n":
            return
        pos, block = size, 1 << 16
        while pos > 0:
            start = max(0, pos - block)
            f.seek(start)
            chunk = f.read(pos - start)
            nl = chunk.rfind(b"\n")
            if nl >= 0:
                f.truncate(start + nl + 1)
                return
            pos = start
        f.truncate(0)


@dataclass
class Written:
    """What an earlier run wrote (--resume): the inputs its records account for (by source), those
    that are error records, and the `cleaner` stamps they carry (None: a record without one), each
    with the file it was first seen in."""

    sources: set[str] = field(default_factory=set)
    failed: set[str] = field(default_factory=set)
    stamps: dict[tuple[str, str] | None, str] = field(default_factory=dict)

    def add(self, data: bytes, where: Path) -> bool:
        """Note one written record (JSONL line or .json file); False when it is not a record."""
        try:
            rec = json.loads(data)
        except ValueError:
            return False
        if not isinstance(rec, dict) or not isinstance(rec.get(RESUME_KEY), str):
            return False
        self.sources.add(rec[RESUME_KEY])
        if "error" in rec and "text" not in rec:  # an output record may pass an input's "error" field through
            self.failed.add(rec[RESUME_KEY])
        stamp = rec.get(STAMP_KEY)
        key = (str(stamp.get("version")), str(stamp.get("settings"))) if isinstance(stamp, dict) else None
        self.stamps.setdefault(key, str(where))
        return True

    def read_jsonl(self, paths: Iterable[Path | None]) -> "Written":
        """Add the records of these JSONL files (a torn last line is not a record: that input is not done)."""
        for path in paths:
            if path is None or not path.exists():
                continue
            with open(path, "rb") as f:
                for line in f:
                    if not line.endswith(b"\n"):
                        break
                    self.add(line, path)
        return self

    def mismatch(self, stamp: dict[str, str], differs: Callable[[str], str | None] = lambda digest: None) -> str | None:
        """What differs between the records already written and this run's stamp; None: nothing.
        `differs` names the setting that gives another settings digest, where it can tell
        (differing_setting)."""
        for found, where in self.stamps.items():
            if found == (stamp["version"], stamp["settings"]):
                continue
            if found is None:
                return f"{where} holds records without a cleaner version and settings digest (an older cleaner wrote them)"
            version, settings = found
            if version != stamp["version"]:
                return f"{where} was written by cleaner {version}, this is cleaner {stamp['version']}"
            what = differs(settings)
            return (f"{where} was written with other settings (digest {settings}, this run {stamp['settings']}): "
                    + (f"{what} differs" if what else "the rule files' contents differ, or more than one of "
                       "--rules, --no-builtin-rules, --disable, --explain, --learn, --url and --format"))
        return None


_UNSAFE = re.compile(r"[^\w.@+-]+")
ID_BYTES = 150  # a record id's file name, in UTF-8 bytes
NAME_BYTES = 240  # an --out-dir file name before its "~2" and ".json" (most file systems take 255 bytes)
FOLDER_BYTES = 255


def cut_bytes(name: str, limit: int) -> str:
    """`name` cut to at most `limit` bytes as the file system stores it, on a character boundary."""
    if len(_fs_bytes(name)) <= limit:
        return name
    size = 0
    for k, ch in enumerate(name):
        size += len(_fs_bytes(ch))
        if size > limit:
            return name[:k]
    return name


def _fs_bytes(text: str) -> bytes:
    try:
        return text.encode("utf-8", "surrogateescape")  # a file name's undecodable bytes are one byte each
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def safe_name(text: str) -> str:
    """A record id as one path component."""
    name = _UNSAFE.sub("_", text).strip("._") or "_"
    return cut_bytes(name, ID_BYTES)


def _safe_part(part: str, limit: int) -> str:
    """One component of an input's relative path as a name that stays where it is: never empty,
    `.` or `..`, and no longer than `limit` bytes."""
    part = cut_bytes(part, limit)
    return part if part.strip(".") else "_" * max(1, len(part))


def safe_rel(rel: str) -> str:
    """An input's relative path (folders, then its name, no suffix) as one that stays inside --out-dir."""
    *folders, name = rel.split("/")
    return "/".join([_safe_part(p, FOLDER_BYTES) for p in folders] + [_safe_part(name, NAME_BYTES)])


TEXT_FORMATS = {"text": ".txt", "markdown": ".md"}  # --format: the clean text's file under --out-dir
FRONT_MATTER = ("title", "description", "authors", "published", "modified", "outlet", "agency", "credits", "section",
                "tags", "language", "url", "canonical_url", "image", "id", "source", "word_count")


def markdown(record: dict[str, Any]) -> str:
    """A record as Markdown: its metadata as YAML front matter (each value written as JSON, which
    YAML reads as it is), the title as a heading, then the paragraphs. The Article carries no
    paragraph kinds, so paragraphs are written as they are: a list item the HTML stage kept as
    "- item" reads as one; a line starting with # or > is escaped, so that it stays a paragraph."""
    front = [f"{k}: {json.dumps(record[k], ensure_ascii=False)}" for k in FRONT_MATTER
             if record.get(k) not in (None, "", [], {})]
    body = [f"# {record['title']}"] if record.get("title") else []
    for para in (record.get("text") or "").split("\n\n"):
        if para:
            body.append("\\" + para if para[0] in "#>" else para)
    return "---\n" + "\n".join(front) + "\n---\n\n" + "\n\n".join(body) + "\n"


class FolderWriter:
    """--out-dir: per input, `<rel>.txt` (the clean text; `.md` with --format markdown: see
    `markdown`) and `<rel>.json` (its metadata) under the input's relative path. Each file is written to a temporary name and renamed into place, and
    the .json last, so a .json on disk means that document is complete. Two inputs with the same
    relative path (a.txt and a.html, or two records with one id) get `<rel>`, then `<rel>~2`...
    in input order, never one over the other. No name (`..`, a symlink in the folder) puts a file
    outside it: the resolved path is checked."""

    def __init__(self, root: Path, text_format: str = "text") -> None:
        self.root = root
        self.text_format = text_format
        self.used: set[str] = set()  # the paths this run (and the run it resumes) wrote
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise OutputError(root, e) from e
        self._real = root.resolve()

    def write(self, rel: str, record: dict[str, Any]) -> None:
        """Write one document's files; OutputError when the folder cannot be written at all,
        UnwritableName when only this document's files cannot."""
        rel = safe_rel(rel)
        unique, n = rel, 2
        while unique in self.used:
            unique, n = f"{rel}~{n}", n + 1
        self.used.add(unique)
        base = self.root / unique
        txt = base.with_name(base.name + TEXT_FORMATS[self.text_format])
        meta = base.with_name(base.name + ".json")
        try:
            self._inside(base.parent)
            base.parent.mkdir(parents=True, exist_ok=True)
            self._inside(base.parent)
            body = markdown(record) if self.text_format == "markdown" else record.get("text") or ""
            _atomic_write(txt, utf8(body))
            try:
                _atomic_write(meta, encode({k: v for k, v in record.items() if k != "text"}))
            except OSError:
                txt.unlink(missing_ok=True)
                raise
        except OSError as e:
            if e.errno in OUTPUT_FAILURES:
                raise OutputError(e.filename or meta, e) from e
            raise UnwritableName(f"cannot write {e.filename or meta}: {e.strerror or e}") from e

    def _inside(self, folder: Path) -> None:
        if not folder.resolve().is_relative_to(self._real):
            raise UnwritableName(f"{folder} leads outside --out-dir {self.root}; not written")

    def read_written(self, written: Written) -> Written:
        """Add the documents whose .json is already in the folder: a resumed run skips them.
        Temporary files a killed run left behind are removed."""
        for tmp in self.root.rglob(".*.tmp"):
            tmp.unlink(missing_ok=True)
        for path in self.root.rglob("*.json"):
            try:
                data = path.read_bytes()
            except OSError:
                continue
            if written.add(data, path):
                self.used.add(path.relative_to(self.root).with_suffix("").as_posix())
        return written


def _atomic_write(path: Path, data: bytes) -> None:
    """Write to a short temporary name beside `path` (whatever the length of path's name), then
    rename it into place; a symlink at either name is replaced, never followed."""
    tmp = path.with_name(f".cleaner-{os.getpid()}.tmp")
    try:
        tmp.unlink(missing_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
        try:
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
            finally:
                os.close(fd)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as e:
        e.filename = str(path)  # the file the user asked for, not the temporary name
        raise
