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

from backmap_site.diagnostics import Diagnostic, FieldPath

MAX_BYTES = 1024 * 1024
"""A plan is a few kilobytes; a megabyte is far beyond any real one."""
MAX_DEPTH = 32
"""The plan format nests six levels deep; anything much deeper is hostile."""

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_STR_TAG = "tag:yaml.org,2002:str"

try:  # libyaml parses events in C; the pure-Python parser gives the same events.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


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
    values: dict[FieldPath, Mark] = field(default_factory=dict)
    keys: dict[FieldPath, Mark] = field(default_factory=dict)

    def mark(self, where: FieldPath, *, key: bool = False) -> Mark:
        """Where a field is written; falls back to its closest written parent."""
        if key and where in self.keys:
            return self.keys[where]
        while where and where not in self.values:
            where = where[:-1]
        return self.values.get(where, Mark(1, 1))

    def diagnostic(
        self, where: FieldPath, message: str, hint: str, *, key: bool = False, severity: str = "error"
    ) -> Diagnostic:
        mark = self.mark(where, key=key)
        return Diagnostic(str(self.path), mark.line, mark.column, where, message, hint, severity)


class YamlFileError(Exception):
    """The file cannot be read as a plan-shaped YAML document."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


def load_document(path: Path) -> Document:
    """Read `path`, refusing anything outside the safe subset (see module doc)."""
    if path.stat().st_size > MAX_BYTES:
        raise _error(path, 1, 1, "the file is larger than 1 MiB", "split it or remove what does not belong in a plan")
    raw = path.read_bytes()
    text = _decode(path, raw)
    document = Document(path, {})
    try:
        document.data = _compose(document, text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise _error(path, mark.line + 1, mark.column + 1, f"YAML syntax: {problem}", _SYNTAX_HINT) from None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line, column = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        raise _error(path, line, column, f"the file contains the control character U+{exc.character:04X}",
                     "delete it (it often comes with text pasted from another program)") from None
    except yaml.YAMLError as exc:
        raise _error(path, 1, 1, f"YAML: {exc}", _SYNTAX_HINT) from None
    return document


def _compose(document: Document, text: str) -> dict[str, Any]:
    loader = _Loader(text)
    try:
        return _Composer(document, loader).compose()
    finally:
        loader.dispose()


_SYNTAX_HINT = "check the indentation and quoting near this position (a value with ': ' or '#' needs quotes)"


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise _error(path, line, column, "the file is not UTF-8 text", "save the file with UTF-8 encoding") from None


def _error(path: Path, line: int, column: int, message: str, hint: str, where: FieldPath = ()) -> YamlFileError:
    return YamlFileError(Diagnostic(str(path), line, column, where, message, hint))


class _Composer:
    """Builds plain data from the parser's events, recording marks by field path."""

    def __init__(self, document: Document, loader: Any):
        self.document = document
        self.loader = loader

    def compose(self) -> dict[str, Any]:
        loader = self.loader
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            raise self._refuse(loader.peek_event(), "the file is empty", "write the plan's fields, starting with `title:`")
        loader.get_event()  # document start
        start = loader.peek_event()
        if not isinstance(start, MappingStartEvent):
            raise self._refuse(start, "the top of the file must be a mapping of fields", "start with `title: ...` on the first line")
        data = self._node((), 0)
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            raise self._refuse(loader.peek_event(), "the file holds more than one YAML document", "remove the second `---` and what follows")
        return data

    def _refuse(self, event: Any, message: str, hint: str, where: FieldPath = ()) -> YamlFileError:
        mark = event.start_mark
        return _error(self.document.path, mark.line + 1, mark.column + 1, message, hint, where)

    def _node(self, where: FieldPath, depth: int) -> Any:
        event = self.loader.get_event()
        if isinstance(event, AliasEvent):
            raise self._refuse(event, f"YAML aliases (*{event.anchor}) are not allowed", "write the value out in full", where)
        if event.anchor is not None:
            raise self._refuse(event, f"YAML anchors (&{event.anchor}) are not allowed", "remove the anchor and write values out in full", where)
        if event.tag is not None and not (isinstance(event, ScalarEvent) and event.tag in (_STR_TAG, "!")):
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            raise self._refuse(event, f"YAML tags ({tag}) are not allowed", "remove the tag and write a plain value", where)
        self.document.values[where] = Mark(event.start_mark.line + 1, event.start_mark.column + 1)
        if depth > MAX_DEPTH:
            raise self._refuse(event, f"the data is nested more than {MAX_DEPTH} levels deep", "flatten the structure", where)
        if isinstance(event, ScalarEvent):
            return _scalar(event)
        if isinstance(event, SequenceStartEvent):
            items = []
            while not self.loader.check_event(SequenceEndEvent):
                items.append(self._node((*where, len(items)), depth + 1))
            self.loader.get_event()
            return items
        return self._mapping(where, depth)

    def _mapping(self, where: FieldPath, depth: int) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        while not self.loader.check_event(MappingEndEvent):
            key_event = self.loader.peek_event()
            if not isinstance(key_event, ScalarEvent):
                raise self._refuse(key_event, "a key must be a plain name", "write `name: value`", where)
            self.loader.get_event()
            if key_event.anchor is not None or (key_event.tag is not None and key_event.tag != _STR_TAG):
                raise self._refuse(key_event, "keys may not carry anchors or tags", "write a plain key", where)
            key = key_event.value
            key_mark = Mark(key_event.start_mark.line + 1, key_event.start_mark.column + 1)
            if key in mapping:
                first = self.document.keys[(*where, key)]
                raise _error(
                    self.document.path, key_mark.line, key_mark.column,
                    f"duplicate key `{key}` (first written on line {first.line})",
                    "keep one of the two and merge their contents", (*where, key),
                )
            self.document.keys[(*where, key)] = key_mark
            mapping[key] = self._node((*where, key), depth + 1)
        self.loader.get_event()
        return mapping


def _scalar(event: ScalarEvent) -> Any:
    if event.tag is not None or not event.implicit[0]:
        return event.value
    value = event.value
    if _NULL.match(value):
        return None
    if _TRUE.match(value):
        return True
    if _FALSE.match(value):
        return False
    return PlainScalar(value)
