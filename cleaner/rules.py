"""Load, validate and match the per-outlet rule files (rules/<outlet>.toml)."""
from __future__ import annotations

import re
import threading
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urlsplit

import regex

from .model import CATEGORIES, Label

SCHEMA = 1
METADATA_FIELDS = ("title", "description", "authors", "published", "agency", "credits")
HTML_METADATA_FIELDS = ("title", "description", "authors", "published", "modified", "section", "tags", "image")

_TOP_KEYS = {"schema", "name", "domains", "signatures", "disable", "drop", "cut", "metadata", "strip", "html"}
_HTML_KEYS = {"article", "metadata"}
_RULE_KEYS = {"id": str, "category": str, "pattern": str, "reason": str}
_STRIP_KEYS = {"id": str, "category": str, "reason": str}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Rule patterns are users' regular expressions: they run on the `regex` engine,
# whose searches take a timeout, so that one that backtracks catastrophically
# costs at most this long per line instead of hanging the run.
PATTERN_TIMEOUT = 0.2  # seconds


class PatternTimeout(Exception):
    """A rule's pattern took longer than PATTERN_TIMEOUT on one line, or a signature on one document
    (lineno None; rule then names the file and the signature)."""

    def __init__(self, rule: str, lineno: int | None) -> None:
        self.rule, self.lineno = rule, lineno
        if lineno is None:
            super().__init__(f"{rule}: gave up after {PATTERN_TIMEOUT:g} s on this document (catastrophic "
                             "backtracking?); signature skipped for this document, the others still searched")
        else:
            super().__init__(f"rule '{rule}': pattern gave up after {PATTERN_TIMEOUT:g} s on line {lineno} "
                             "(catastrophic backtracking?); rule skipped for the rest of this document")


class RuleError(ValueError):
    """A rule file that cannot be used: says which file, which rule and what is wrong."""

    def __init__(self, path: Path | str, message: str, rule: str | None = None) -> None:
        self.path, self.rule = str(path), rule
        where = f"{path}: rule '{rule}'" if rule else str(path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class LineRule:
    """A drop or cut rule: units whose text matches `pattern` (searched) are removed."""

    label: Label
    pattern: regex.Pattern[str]


# What lxml (libxml2) evaluates in a rule's XPath with no namespaces and no variables
# registered: the XPath 1.0 core functions. libxml2's others (escape-uri, EXSLT's
# re:, str:, math:...) need a namespace prefix, and rule files register none.
XPATH_FUNCTIONS = frozenset({
    "last", "position", "count", "id", "local-name", "namespace-uri", "name",
    "string", "concat", "starts-with", "contains", "substring-before", "substring-after", "substring",
    "string-length", "normalize-space", "translate",
    "boolean", "not", "true", "false", "lang",
    "number", "sum", "floor", "ceiling", "round",
})
_XPATH_NODE_TYPES = frozenset({"comment", "text", "processing-instruction", "node"})
_XPATH_PREFIXES = frozenset({"xml"})  # the one prefix every XPath has bound
_NCNAME = r"[^\W\d][\w.-]*"
_XPATH_TOKEN = re.compile(rf"""\s*(?:
    (?P<literal>"[^"]*"|'[^']*')
  | (?P<number>\d+(?:\.\d*)?|\.\d+)
  | (?P<variable>\$(?:{_NCNAME}:)?{_NCNAME})
  | (?P<name>(?:{_NCNAME}:(?!:))?(?:{_NCNAME}|\*))
  | (?P<operator>//|/|\||\+|-|=|!=|<=|>=|<|>)
  | (?P<punct>::|\.\.|[()\[\].@,])
)""", re.VERBOSE)


def xpath_problem(source: str) -> str | None:
    """What lxml would fail on only when the XPath is evaluated (and reaches that part of it):
    a function it does not have, a variable ($x: none is ever bound) or an unbound namespace
    prefix; None when there is none. Reads the XPath 1.0 tokens (spec section 3.7), so names
    inside string literals, axis names and operator names (and, div...) are told apart."""
    tokens: list[tuple[str, str]] = []
    pos, end = 0, len(source.rstrip())
    while pos < end:
        m = _XPATH_TOKEN.match(source, pos)
        if m is None or m.end() == pos:
            return None  # lxml compiled it, so this is XPath we do not read: leave it to lxml
        pos = m.end()
        kind = m.lastgroup or ""
        tokens.append((kind, m.group(kind)))
    for i, (kind, text) in enumerate(tokens):
        if kind == "variable":
            return f"variable {text} is never bound (rule XPaths take no variables)"
        if kind != "name":
            continue
        prev = tokens[i - 1] if i else None
        # after an expression, a name is an operator (and, or, div, mod) and * multiplies
        if prev is not None and prev[0] not in ("operator", "operator-name") and prev[1] not in ("@", "::", "(", "[", ","):
            tokens[i] = ("operator-name", text)
            continue
        following = tokens[i + 1][1] if i + 1 < len(tokens) else None
        prefix, _, local = text.rpartition(":")
        if following == "::":
            continue  # an axis name: lxml refuses unknown ones when compiling
        if prefix and prefix not in _XPATH_PREFIXES:
            return f"namespace prefix '{prefix}' is not bound (in {text}{'()' if following == '(' else ''}; rule XPaths bind none)"
        if following == "(" and (prefix or local not in XPATH_FUNCTIONS | _XPATH_NODE_TYPES):
            return (f"unknown function {text}() (lxml runs XPath 1.0: {', '.join(sorted(XPATH_FUNCTIONS))})")
    return None


class XPathExpr:
    """A validated XPath, compiled once per thread (lxml's XPath objects must not be shared
    between threads, and do not pickle); it pickles as its source text."""

    __slots__ = ("source", "_local")

    def __init__(self, source: str) -> None:
        from lxml import etree  # imported when a rule file holds an XPath, not for --help

        etree.XPath(source)  # raises XPathSyntaxError now, at load time
        problem = xpath_problem(source)  # what lxml itself would only find when evaluating it
        if problem:
            raise ValueError(problem)
        self.source = source
        self._local = threading.local()

    def __call__(self, root: Any) -> Any:
        compiled = getattr(self._local, "xpath", None)
        if compiled is None:
            from lxml import etree

            compiled = self._local.xpath = etree.XPath(self.source)
        return compiled(root)

    def __reduce__(self) -> tuple[Any, ...]:
        return (XPathExpr, (self.source,))

    def __repr__(self) -> str:
        return f"XPathExpr({self.source!r})"


@dataclass(frozen=True)
class StripRule:
    """An HTML-stage rule: elements matching `xpath` are removed before extraction."""

    label: Label
    xpath: XPathExpr


@dataclass(frozen=True)
class Outlet:
    key: str  # file stem, used in rule ids: <key>/<id>
    name: str
    path: str
    domains: tuple[str, ...]
    signatures: tuple[regex.Pattern[str], ...]
    drops: tuple[LineRule, ...]
    cuts: tuple[LineRule, ...]
    metadata: tuple[tuple[str, regex.Pattern[str]], ...]
    disable: frozenset[str]
    strips: tuple[StripRule, ...] = ()
    article: XPathExpr | None = None  # the article container, when the outlet's pages have one
    html_metadata: tuple[tuple[str, XPathExpr], ...] = ()

    @property
    def rule_ids(self) -> list[str]:
        return [r.label.rule for r in (*self.strips, *self.drops, *self.cuts)]


def _compile(path: Path, rule: str | None, pattern: Any, what: str) -> regex.Pattern[str]:
    if not isinstance(pattern, str) or not pattern:
        raise RuleError(path, f"{what} must be a non-empty string", rule)
    try:
        return regex.compile(pattern, regex.VERSION0)
    except regex.error as e:
        raise RuleError(path, f"bad regular expression in {what}: {e}", rule) from None


_GROUP_REFERENCE = re.compile(r"\\(?:[1-9]\d?|g<[^>]*>)|\(\?(?:P=|P>|&|R\)|[+-]?\d|\((?!\?))")


def group_reference(pattern: str) -> str | None:
    """The first place where `pattern` refers to one of its groups (a backreference \\1 or \\g<1>,
    a group call (?1) or (?R), a conditional (?(1)...)), outside character classes; else None."""
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "[":  # a class: up to the first ] not first in it, escapes skipped
            i += 2 if pattern.startswith("[^", i) else 1
            i += pattern.startswith("]", i)
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif c in "\\(":
            m = _GROUP_REFERENCE.match(pattern, i)
            if m:
                return m.group()
            i += 2 if c == "\\" else 1
            continue
        i += 1
    return None


def _xpath(path: Path, rule: str | None, expr: Any, what: str) -> XPathExpr:
    if not isinstance(expr, str) or not expr:
        raise RuleError(path, f"{what} must be a non-empty string", rule)
    from lxml import etree

    try:
        return XPathExpr(expr)
    except (etree.XPathSyntaxError, ValueError) as e:
        raise RuleError(path, f"bad XPath in {what}: {e}", rule) from None


def contains_xpath(word: str) -> str:
    """XPath for the easy case: elements whose id or class contains `word` (case-insensitive)."""
    lit = word.lower()
    if "'" in lit:
        raise ValueError("no quote allowed")
    up = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    low = up.lower()
    return (f"//*[contains(translate(@id, '{up}', '{low}'), '{lit}') "
            f"or contains(translate(@class, '{up}', '{low}'), '{lit}')]")


def _entry_base(path: Path, entry: Any, kind: str, n: int, seen: set[str], allowed: set[str]) -> str:
    """Checks every rule entry shares: a table, a fresh well-formed id, known keys, a known category."""
    if not isinstance(entry, dict):
        raise RuleError(path, f"[[{kind}]] entry {n} must be a table")
    rid = entry.get("id")
    if not isinstance(rid, str) or not _ID.match(rid):
        raise RuleError(path, f"[[{kind}]] entry {n}: id must be lower-case letters, digits and dashes", rid if isinstance(rid, str) else None)
    if rid in seen:
        raise RuleError(path, "duplicate rule id", rid)
    seen.add(rid)
    unknown = set(entry) - allowed
    if unknown:
        raise RuleError(path, f"unknown key(s) {', '.join(sorted(unknown))}", rid)
    for k in ("category", "reason"):
        if not isinstance(entry.get(k), str) or not entry.get(k):
            raise RuleError(path, f"missing or empty '{k}'", rid)
    if entry["category"] not in CATEGORIES:
        raise RuleError(path, f"unknown category '{entry['category']}' (one of: {', '.join(CATEGORIES)})", rid)
    return rid


def _strip_rules(path: Path, key: str, raw: Any, seen: set[str]) -> tuple[StripRule, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise RuleError(path, "[[strip]] must be an array of tables")
    out = []
    for n, entry in enumerate(raw, 1):
        rid = _entry_base(path, entry, "strip", n, seen, set(_STRIP_KEYS) | {"xpath", "contains"})
        if ("xpath" in entry) == ("contains" in entry):
            raise RuleError(path, "give exactly one of 'xpath' or 'contains'", rid)
        if "contains" in entry:
            word = entry["contains"]
            if not isinstance(word, str) or not re.fullmatch(r"[\w-]+", word):
                raise RuleError(path, "'contains' must be one word of an id or class (letters, digits, - and _)", rid)
            expr = contains_xpath(word)
        else:
            expr = entry["xpath"]
        out.append(StripRule(Label(f"{key}/{rid}", entry["category"], entry["reason"]), _xpath(path, rid, expr, "xpath")))
    return tuple(out)


def _field_table(path: Path, raw: Any, section: str, allowed: tuple[str, ...]) -> list[tuple[str, Any]]:
    """The (field, value) pairs of a [metadata]-like table, each field one of `allowed`."""
    if not isinstance(raw, dict):
        raise RuleError(path, f"[{section}] must be a table")
    for fld in raw:
        if fld not in allowed:
            raise RuleError(path, f"[{section}] unknown field '{fld}' (one of: {', '.join(allowed)})")
    return list(raw.items())


def _html_part(path: Path, raw: Any) -> tuple[XPathExpr | None, tuple[tuple[str, XPathExpr], ...]]:
    if raw is None:
        return None, ()
    if not isinstance(raw, dict):
        raise RuleError(path, "[html] must be a table")
    unknown = set(raw) - _HTML_KEYS
    if unknown:
        raise RuleError(path, f"[html] unknown key(s) {', '.join(sorted(unknown))} (allowed: {', '.join(sorted(_HTML_KEYS))})")
    article = _xpath(path, None, raw["article"], "[html] article") if "article" in raw else None
    meta = [(fld, _xpath(path, None, expr, f"[html.metadata] {fld}"))
            for fld, expr in _field_table(path, raw.get("metadata", {}), "html.metadata", HTML_METADATA_FIELDS)]
    return article, tuple(meta)


def _line_rules(path: Path, key: str, raw: Any, kind: str, seen: set[str]) -> tuple[LineRule, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise RuleError(path, f"[[{kind}]] must be an array of tables")
    out = []
    for n, entry in enumerate(raw, 1):
        rid = _entry_base(path, entry, kind, n, seen, set(_RULE_KEYS))
        if not isinstance(entry.get("pattern"), str) or not entry.get("pattern"):
            raise RuleError(path, "missing or empty 'pattern'", rid)
        pattern = _compile(path, rid, entry["pattern"], "pattern")
        out.append(LineRule(Label(f"{key}/{rid}", entry["category"], entry["reason"]), pattern))
    return tuple(out)


def _str_list(path: Path, data: dict, name: str) -> list[str]:
    val = data.get(name, [])
    if not isinstance(val, list) or not all(isinstance(v, str) and v for v in val):
        raise RuleError(path, f"'{name}' must be a list of non-empty strings")
    return val


def parse_outlet(path: Path, text: str) -> Outlet:
    """Validate one rule file's text; raise RuleError naming the file, rule and problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise RuleError(path, f"invalid TOML: {e}") from None
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise RuleError(path, f"unknown key(s) {', '.join(sorted(unknown))} (allowed: {', '.join(sorted(_TOP_KEYS))})")
    if data.get("schema") != SCHEMA:
        raise RuleError(path, f"'schema' must be {SCHEMA}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RuleError(path, "'name' must be a non-empty string")
    key = path.stem
    domains = tuple(d.lower().removeprefix("www.") for d in _str_list(path, data, "domains"))
    signatures = tuple(_compile(path, None, s, f"signature {s!r}") for s in _str_list(path, data, "signatures"))
    for sig in signatures:
        if sig.groupindex:
            raise RuleError(path, f"signature {sig.pattern!r} must not have named groups")
        ref = group_reference(sig.pattern)
        if ref:
            raise RuleError(path, f"signature {sig.pattern!r} refers to a group ({ref}): signatures are searched "
                                  "as one pattern, which renumbers groups; write the repeated text out instead")
        _compile(path, None, f"(?:{sig.pattern})", f"signature {sig.pattern!r} (scope inline flags, e.g. (?i:...))")
    seen: set[str] = set()
    strips = _strip_rules(path, key, data.get("strip"), seen)
    article, html_metadata = _html_part(path, data.get("html"))
    drops = _line_rules(path, key, data.get("drop"), "drop", seen)
    cuts = _line_rules(path, key, data.get("cut"), "cut", seen)
    metadata = []
    for fld, pats in _field_table(path, data.get("metadata", {}), "metadata", METADATA_FIELDS):
        for p in [pats] if isinstance(pats, str) else pats if isinstance(pats, list) else [None]:
            metadata.append((fld, _compile(path, None, p, f"[metadata] {fld}")))
    disable_names = _str_list(path, data, "disable")
    if disable_names:
        from .heuristics import check_disable  # the names a rule file may switch off are the text stage's

        try:
            check_disable(disable_names, "'disable'")
        except ValueError as e:
            raise RuleError(path, str(e)) from None
    disable = frozenset(d.removeprefix("generic/") for d in disable_names)
    return Outlet(key, name.strip(), str(path), domains, signatures, drops, cuts, tuple(metadata), disable,
                  strips, article, html_metadata)


def load_outlet(path: Path) -> Outlet:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise RuleError(path, f"cannot read: {e}") from None
    return parse_outlet(path, text)


def builtin_rules_dir() -> Path:
    """The built-in rule files: installed inside the package (cleaner/builtin_rules), or rules/ in a source tree."""
    installed = Path(__file__).resolve().parent / "builtin_rules"
    return installed if installed.is_dir() else Path(__file__).resolve().parent.parent / "rules"


def builtin_rule_files() -> list[Path]:
    return sorted(builtin_rules_dir().glob("*.toml"))


def rule_files(dirs: Iterable[Path], builtin: bool = True) -> dict[str, Path]:
    """Rule files by outlet key; later folders override earlier ones and the built-ins."""
    files: dict[str, Path] = {}
    if builtin:
        files.update((p.stem, p) for p in builtin_rule_files())
    for d in dirs:
        if not Path(d).is_dir():
            raise RuleError(d, "rules folder not found")
        files.update((p.stem, p) for p in sorted(Path(d).glob("*.toml")))
    return files


class RuleSet:
    """All outlets, with lookups by URL host and by text signature."""

    def __init__(self, outlets: Iterable[Outlet]) -> None:
        self.outlets: dict[str, Outlet] = {o.key: o for o in outlets}
        self._by_domain = {d: o for o in self.outlets.values() for d in o.domains}

    @classmethod
    def load(cls, dirs: Iterable[Path] = (), builtin: bool = True) -> "RuleSet":
        return cls(load_outlet(p) for p in rule_files(dirs, builtin).values())

    @cached_property
    def _signature(self) -> regex.Pattern[str] | None:
        parts = [
            f"(?P<o{n}>{'|'.join(f'(?:{sig.pattern})' for sig in o.signatures)})"
            for n, o in enumerate(self.outlets.values())
            if o.signatures
        ]
        return regex.compile("|".join(parts), regex.MULTILINE | regex.VERSION0) if parts else None

    def by_url(self, url: str | None) -> Outlet | None:
        if not url:
            return None
        host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower().removeprefix("www.")
        while host:
            if host in self._by_domain:
                return self._by_domain[host]
            host = host.partition(".")[2]
        return None

    def by_name(self, name: str | None) -> Outlet | None:
        """The outlet whose display name is the page's site name (og:site_name), case-insensitively."""
        if not name:
            return None
        want = name.strip().casefold()
        return next((o for o in self.outlets.values() if o.name.casefold() == want), None)

    @cached_property
    def _signature_starts(self) -> tuple[str, ...] | None:
        """Literals one of which every signature match starts with (lower-cased), to skip the search on
        documents holding none of them; None when a signature has no such literal."""
        from .regex_shape import start_literals

        starts: list[str] = []
        for o in self.outlets.values():
            for sig in o.signatures:
                lits = start_literals(sig.pattern)
                if not lits or min(map(len, lits)) < 3:
                    return None
                starts.extend(lits)
        return tuple(sorted(set(starts)))

    @cached_property
    def _each_signature(self) -> tuple[tuple[Outlet, regex.Pattern[str]], ...]:
        """Every signature on its own, compiled as in the merged pattern, in the merged pattern's order."""
        return tuple((o, regex.compile(sig.pattern, regex.MULTILINE | regex.VERSION0))
                     for o in self.outlets.values() for sig in o.signatures)

    def by_signature(self, text: str, folded: str | None = None, warnings: list[str] | None = None) -> Outlet | None:
        """The outlet whose text signature the document holds. folded: folding.fold of text, where
        the caller has it (only to skip the search on documents holding no signature's start).
        A signature that takes longer than PATTERN_TIMEOUT is skipped for this document, and
        a PatternTimeout message naming its file and pattern appended to warnings."""
        if self._signature is None:
            return None
        starts = self._signature_starts
        if starts is not None:
            if folded is None:
                from .folding import fold

                folded = fold(text)
            if not any(s in folded for s in starts):
                return None  # no signature can match: spare the search
        try:
            m = self._signature.search(text, timeout=PATTERN_TIMEOUT)
        except TimeoutError:
            return self._by_each_signature(text, warnings)
        if not m or m.lastgroup is None:
            return None
        return list(self.outlets.values())[int(m.lastgroup[1:])]

    def _by_each_signature(self, text: str, warnings: list[str] | None) -> Outlet | None:
        """by_signature when the merged search timed out: each signature searched on its own under the
        time limit, so that one backtracking catastrophically is skipped (and reported) and the others
        still recognise their outlets. The earliest match wins, ties going to the first outlet, as in
        the merged pattern."""
        best: tuple[int, Outlet] | None = None
        for outlet, pattern in self._each_signature:
            try:
                m = pattern.search(text, timeout=PATTERN_TIMEOUT)
            except TimeoutError:
                if warnings is not None:
                    warnings.append(str(PatternTimeout(f"{outlet.path}: signature {pattern.pattern!r}", None)))
                continue
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), outlet)
        return best[1] if best else None

    def detect(self, url: str | None, text: str, folded: str | None = None,
               warnings: list[str] | None = None) -> Outlet | None:
        """The outlet of a document: from its URL host, else from text signatures (see by_signature)."""
        return self.by_url(url) or self.by_signature(text, folded, warnings)
