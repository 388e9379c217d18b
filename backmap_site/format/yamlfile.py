"""Read one YAML file into plain data, remembering where every value came from.

Plans arrive from strangers' pull requests, so the reader accepts only the
boring subset of YAML: one document whose top is a mapping, no anchors or
aliases (no alias bombs), no tags beyond `!!str`, no duplicate keys, UTF-8
only, and a bounded size and depth. Scalars are resolved as in YAML 1.2's core
schema for null and booleans only; every other scalar stays text (a
`PlainScalar` when unquoted), so `no` or `1.10` is never silently changed: the
format decides, field by field, whether a value is text or a number.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from backmap_site.format.diagnostics import Diagnostic, FieldPath, Severity

MAX_BYTES = 1024 * 1024
"""A plan is a few kilobytes; a megabyte is far beyond any real one."""
MAX_DEPTH = 32
"""The plan format nests six levels deep; anything much deeper is hostile."""

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_STR_TAG = "tag:yaml.org,2002:str"
_STR_TAGS = (_STR_TAG, "!")

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml parses events in C; the pure-Python parser, where PyYAML was built without it, gives the same events."""


class PlainScalar(str):
    """Text written without quotes: the format may read it as a number."""

    __slots__ = ()


@dataclass(frozen=True)
class Mark:
    line: int
    column: int


@dataclass
class Document:
    """The data of one YAML file, with the position of every key and value."""

    path: Path
    data: dict[str, Any]
    values: dict[FieldPath, Any] = field(default_factory=dict)
    """The parser's (0-based) mark of every value, by field path."""
    keys: dict[FieldPath, Any] = field(default_factory=dict)
    """The parser's mark of every mapping key."""

    def mark(self, where: FieldPath, *, key: bool = False) -> Mark:
        """Where a field is written (1-based); falls back to its closest written parent."""
        if key and where in self.keys:
            found = self.keys[where]
        else:
            while where and where not in self.values:
                where = where[:-1]
            found = self.values.get(where)
        return Mark(found.line + 1, found.column + 1) if found is not None else Mark(1, 1)

    def keeping(self, *fields: FieldPath) -> Document:
        """A copy with only the marks of the top and of `fields`: what later checks across files need."""
        wanted = [(), *fields]
        return Document(self.path, {}, {w: self.values[w] for w in wanted if w in self.values},
                        {w: self.keys[w] for w in wanted if w in self.keys})

    def diagnostic(
        self, where: FieldPath, message: str, hint: str, *, key: bool = False, severity: Severity = "error",
        code: str = "content", params: Mapping[str, Any] | None = None,
    ) -> Diagnostic:
        mark = self.mark(where, key=key)
        return Diagnostic(str(self.path), mark.line, mark.column, where, message, hint, severity, code, params or {})


class YamlFileError(Exception):
    """The file cannot be read as a plan-shaped YAML document."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


def load_document(path: Path) -> Document:
    """Read `path`, refusing anything outside the safe subset (see module doc)."""
    if path.stat().st_size > MAX_BYTES:
        raise _error(path, 1, 1, "file-too-large", "the file is larger than 1 MiB", "split it or remove what does not belong in a plan")
    raw = path.read_bytes()
    text = _decode(path, raw)
    if odd := _ODD_BREAK.search(text):
        line, column = _position(text, odd.start())
        character = f"U+{ord(odd[0]):04X}"
        raise _error(path, line, column, "odd-line-break", f"the file contains {character}, which YAML readers disagree on "
                     "(some take it for a line break)", "delete it, or write a space or a line break instead", character=character)
    document = Document(path, {})
    try:
        document.data = _compose(document, text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if "nesting depth" in problem:  # libyaml 0.2.6 (PyYAML 6.0.4) refuses deep nesting itself, while scanning
            raise _error(path, line, column, "too-deep", _TOO_DEEP, "flatten the structure") from None
        raise _error(path, line, column, "yaml-syntax", f"YAML syntax: {problem}", _SYNTAX_HINT) from None
    except yaml.reader.ReaderError as exc:
        line, column = _position(text, exc.position)
        character = f"U+{exc.character:04X}"
        raise _error(path, line, column, "control-character", f"the file contains the control character {character}",
                     "delete it (it often comes with text pasted from another program)", character=character) from None
    except yaml.YAMLError as exc:
        raise _error(path, 1, 1, "yaml-syntax", f"YAML: {exc}", _SYNTAX_HINT) from None
    return document


def _compose(document: Document, text: str) -> dict[str, Any]:
    loader = _Loader(text)
    try:
        return _Composer(document, loader).compose()
    finally:
        loader.dispose()


_TOO_DEEP = f"the data is nested more than {MAX_DEPTH} levels deep"
_SYNTAX_HINT = "check the indentation and quoting near this position (a value with ': ' or '#' needs quotes)"


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise _error(path, line, column, "not-utf8", "the file is not UTF-8 text", "save the file with UTF-8 encoding") from None


_ODD_BREAK = re.compile("[\u0085\u2028\u2029]")
"""NEL, LS and PS: YAML 1.1 (PyYAML) reads them as line breaks, YAML 1.2 (the editor's reader) as text. Raw,
they are almost always pasted by accident; escaped in double quotes ("\\u2028"), they are kept."""


_BREAK = re.compile(r"\r\n|\r|\n")


def _position(text: str, offset: int) -> tuple[int, int]:
    """The line and column (in characters, both from 1) of `offset`, lines ending as PyYAML ends them."""
    breaks = list(_BREAK.finditer(text, 0, offset))
    return len(breaks) + 1, offset - (breaks[-1].end() if breaks else 0) + 1


def _error(path: Path, line: int, column: int, code: str, message: str, hint: str, where: FieldPath = (),
           **params: str) -> YamlFileError:
    return YamlFileError(Diagnostic(str(path), line, column, where, message, hint, code=code, params=params))


class _Composer:
    """Builds plain data from the parser's events, recording marks by field path.

    Keys starting with `x-` are the authors' own: their values are read (and checked) but left out of the data.
    """

    def __init__(self, document: Document, loader: Any) -> None:
        self.document = document
        self.loader = loader

    def compose(self) -> dict[str, Any]:
        loader = self.loader
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            raise self._refuse(loader.peek_event(), "empty-file", "the file is empty",
                               "write the plan's fields, starting with `title:`")
        loader.get_event()  # document start
        start = loader.get_event()
        if start.__class__ is not MappingStartEvent:
            raise self._refuse(start, "top-not-mapping", "the top of the file must be a mapping of fields",
                               "start with `title: ...` on the first line")
        data = self._node(start, (), 0)
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            raise self._refuse(loader.peek_event(), "many-documents", "the file holds more than one YAML document",
                               "remove the second `---` and what follows")
        return data

    def _refuse(self, event: Any, code: str, message: str, hint: str, where: FieldPath = ()) -> YamlFileError:
        mark = event.start_mark
        return _error(self.document.path, mark.line + 1, mark.column + 1, code, message, hint, where)

    def _check(self, event: Any, where: FieldPath, depth: int) -> None:
        """Refuse aliases, anchors, tags and deep nesting."""
        if event.__class__ is AliasEvent:
            raise self._refuse(event, "yaml-alias", f"YAML aliases (*{event.anchor}) are not allowed", "write the value out in full", where)
        if event.anchor is not None:
            raise self._refuse(event, "yaml-anchor", f"YAML anchors (&{event.anchor}) are not allowed",
                               "remove the anchor and write values out in full", where)
        if event.tag is not None and not (event.__class__ is ScalarEvent and event.tag in _STR_TAGS):
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            raise self._refuse(event, "yaml-tag", f"YAML tags ({tag}) are not allowed", "remove the tag and write a plain value", where)
        if depth > MAX_DEPTH:
            raise self._refuse(event, "too-deep", _TOO_DEEP, "flatten the structure", where)

    def _node(self, event: Any, where: FieldPath, depth: int) -> Any:
        cls = event.__class__
        if cls is not ScalarEvent or event.anchor is not None or event.tag is not None:
            self._check(event, where, depth)
        self.document.values[where] = event.start_mark
        if cls is ScalarEvent:
            return _scalar(event)
        get_event = self.loader.get_event
        if cls is SequenceStartEvent:
            items: list[Any] = []
            while (item := get_event()).__class__ is not SequenceEndEvent:
                items.append(self._node(item, (*where, len(items)), depth + 1))
            return items
        mapping: dict[str, Any] = {}
        keys = self.document.keys
        while (key_event := get_event()).__class__ is not MappingEndEvent:
            if key_event.__class__ is not ScalarEvent:
                raise self._refuse(key_event, "key-not-plain", "a key must be a plain name", "write `name: value`", where)
            if key_event.anchor is not None or (key_event.tag is not None and key_event.tag != _STR_TAG):
                raise self._refuse(key_event, "key-not-plain", "keys may not carry anchors or tags", "write a plain key", where)
            key = key_event.value
            path = (*where, key)
            if path in keys:
                raise self._refuse(key_event, "duplicate-key", f"duplicate key `{key}` (first written on line {keys[path].line + 1})",
                                   "keep one of the two and merge their contents", path)
            keys[path] = key_event.start_mark
            value = self._node(get_event(), path, depth + 1)
            if not key.startswith("x-"):
                mapping[key] = value
        return mapping


def _scalar(event: ScalarEvent) -> Any:
    value = event.value
    if event.tag is not None or not event.implicit[0]:
        return value
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    return PlainScalar(value)
