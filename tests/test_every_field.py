"""Every field of the plan format, one fault at a time: `backmap validate` gives the field's code at its place,
the published JSON Schema refuses the value at that place too, and the editor's checks (Node) find the same. A
keyword dropped from the schema, or a check dropped from the editor, fails here for the field it guarded."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_editor_rules import by_the_editor, by_the_validator, comparable
from test_schema import _refused, _refused_at, yaml12

from backmap_site.editor.editing import describe_format
from backmap_site.format.diagnostics import format_field
from backmap_site.format.plan import LOCAL_ID
from backmap_site.format.yamlfile import load_document
from backmap_site.model.validation import find_plan_files
from conftest import CASES, PLANS

pytestmark = pytest.mark.unit

FAULTS = {
    "text": ('"  "', "blank"),
    "markdown": ('"  "', "blank"),
    "pattern": ('"Not an id!"', "pattern"),
    "choice": ("nonesuch", "choice"),
    "integer": ("99", "integer"),
    "amount": ("-1", "negative"),
    "date": ("2026-02-30", "unreal-date"),
    "school_year": ("2026-28", "school-year-span"),
    "format": ("2", "format-version"),
}
"""For each kind of field, a value the format refuses, as written in YAML, and the code it gets."""
OTHER_FAULTS = {
    "date": [("20260901", "date")],  # a date Python's `date.fromisoformat` reads, but not the format's YYYY-MM-DD
}
NOT_A_VALUE = {"integer": "number-type", "amount": "number-type", "date": "date"}
"""What a list written where a value belongs gets: text fields say `not-text`, numbers `number-type`."""
FORMAT = describe_format()


@dataclass(frozen=True)
class Fault:
    field: str
    """`Model.key`, and `[]` for an item of a list: what the fault is about."""
    fault: str
    source: Path
    text: str
    path: tuple
    code: str

    @property
    def name(self) -> str:
        return f"{self.field}: {self.fault} ({self.code})"


class _Plan:
    """A plan file's lines and marks, to write one fault into."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self.document = load_document(source)
        self.lines = source.read_text().split("\n")

    def value(self, path: tuple) -> Any:
        value = self.document.data
        for part in path:
            value = value[part]
        return value

    def replaced(self, path: tuple, written: str) -> str | None:
        """The file with the value at `path` written as `written`: a scalar alone on its line, or a whole block
        (a mapping or list under its key) replaced; None where the value cannot be told apart so simply."""
        if path not in self.document.values:
            return None
        value = self.value(path)
        if isinstance(value, (dict, list)):
            if path not in self.document.keys:
                return None
            key = self.document.mark(path, key=True)
            line = self.lines[key.line - 1]
            if line.rstrip().endswith(":"):  # a block below its key: every line more indented, and a list's dashes
                return "\n".join([*self.lines[:key.line - 1], f"{line.rstrip()} {written}",
                                  *self.lines[self._block_end(key, value):]])
            mark = self.document.mark(path)
            rest = line[mark.column - 1:]
            if not rest.startswith(("[", "{")) or " #" in rest:
                return None
            return "\n".join([*self.lines[:mark.line - 1], line[:mark.column - 1] + written, *self.lines[mark.line:]])
        mark = self.document.mark(path)
        line = self.lines[mark.line - 1]
        if not _alone_on_its_line(line, mark.column, value):
            return None
        return "\n".join([*self.lines[:mark.line - 1], line[:mark.column - 1] + written, *self.lines[mark.line:]])

    def removed(self, path: tuple) -> str | None:
        """The file without the key at `path`: a scalar alone on its line, or a block under its key."""
        if path not in self.document.keys:
            return None
        key = self.document.mark(path, key=True)
        line = self.lines[key.line - 1]
        if isinstance(self.value(path), (dict, list)):
            if not line.rstrip().endswith(":") or line.lstrip().startswith("- "):
                return None
            return "\n".join([*self.lines[:key.line - 1], *self.lines[self._block_end(key, self.value(path)):]])
        if not _alone_on_its_line(line, self.document.mark(path).column, self.value(path)) \
                or not re.match(r"^\s*(- )?[a-z_]+: ", line):
            return None
        changed = [*self.lines[:key.line - 1], *self.lines[key.line:]]
        if line.lstrip().startswith("- "):  # the item's first key: the next keeps the item's dash
            changed[key.line - 1] = re.sub(r"^(\s*)  ", r"\1- ", changed[key.line - 1])
        return "\n".join(changed)

    def with_text_item(self, path: tuple) -> str | None:
        """The file with a first item of text put before the block list of mappings at `path`."""
        first = self.document.mark((*path, 0))
        line = self.lines[first.line - 1]
        dash = first.column - 3
        if dash < 0 or line[dash:dash + 2] != "- ":
            return None
        return "\n".join([*self.lines[:first.line - 1], line[:dash] + "- text", *self.lines[first.line - 1:]])

    def _block_end(self, key: Any, value: Any) -> int:
        """The index of the first line after the block under the key marked `key`."""
        indent, end = key.column - 1, key.line
        while end < len(self.lines) and (not self.lines[end].strip() or _indent(self.lines[end]) > indent
                                          or (isinstance(value, list) and self.lines[end].startswith(" " * indent + "- "))):
            end += 1
        return end

    def with_unknown_key(self, path: tuple) -> str | None:
        """The file with a key the format does not know added to the mapping at `path`, after its first key."""
        mapping = self.value(path)
        first = next(iter(mapping), None)
        if first is None or (*path, first) not in self.document.keys:
            return None
        key = self.document.mark((*path, first), key=True)
        line = self.lines[key.line - 1]
        if not _alone_on_its_line(line, self.document.mark((*path, first)).column, mapping[first]):
            return None
        return "\n".join([*self.lines[:key.line], " " * (key.column - 1) + "zzz: 1", *self.lines[key.line:]])


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _alone_on_its_line(line: str, column: int, value: object) -> bool:
    """Whether the scalar `value` is written at `column` as the rest of its line: not a block scalar, nor an
    item of a flow list, nor followed by a comment."""
    rest = line[column - 1:]
    if not rest or rest[0] in "|>[{" or " #" in rest:
        return False
    try:
        read = yaml.safe_load(rest)
    except yaml.YAMLError:
        return False
    return not isinstance(read, (list, dict)) and str(read) == str(value)


def _scalar_faults(spec_type: dict, key: str) -> list[tuple[str, str, str]]:
    """(fault, written, code) for a value of this type."""
    kind = spec_type["kind"]
    found = [(kind, *FAULTS[kind]), *((f"{kind} shape", *other) for other in OTHER_FAULTS.get(kind, []))]
    found.append((f"{kind} as a list", "[1]", NOT_A_VALUE.get(kind, "format-version" if kind == "format" else "not-text")))
    if spec_type.get("pattern") == LOCAL_ID:  # a page's own anchor: an item's id may not be one, nor name one
        found.append(("reserved id", "about", "id-reserved" if key == "id" else "unknown-ref"))
    return found


def faults() -> Iterator[Fault]:
    """Faults of every field and kind, each taken from the first sample or good plan where it can be written."""
    done: set[tuple[str, str]] = set()
    for source in find_plan_files([PLANS]) + sorted((CASES / "good").glob("*.yaml")):
        plan = _Plan(source)
        yield from _walk(plan, done, plan.document.data, FORMAT["root"], ())


def _fault(plan: _Plan, done: set, field: str, name: str, path: tuple, text: str | None, code: str) -> Iterator[Fault]:
    if (field, name) not in done and text is not None:
        done.add((field, name))
        yield Fault(field, name, plan.source, text, path, code)


def _walk(plan: _Plan, done: set, value: Any, model: str, path: tuple) -> Iterator[Fault]:
    def fault(field: str, name: str, where: tuple, text: str | None, code: str) -> Iterator[Fault]:
        return _fault(plan, done, field, name, where, text, code)

    yield from fault(model, "unknown key", (*path, "zzz"), plan.with_unknown_key(path), "unknown-key")
    for spec in FORMAT["models"][model]["fields"]:
        key, kind = spec["key"], spec["type"]["kind"]
        child, where, field = value.get(key), (*path, spec["key"]), f"{model}.{key}"
        if child is None:
            continue
        if spec["required"]:
            yield from fault(field, "required", where, plan.removed(where), "required")
        if kind in FAULTS:
            for name, written, code in _scalar_faults(spec["type"], key):
                yield from fault(field, name, where, plan.replaced(where, written), code)
        elif kind == "model" and isinstance(child, dict):
            yield from fault(field, "text for fields", where, plan.replaced(where, "text"), "not-mapping")
            yield from _walk(plan, done, child, spec["type"]["model"], where)
        elif kind == "list" and isinstance(child, list) and child:
            yield from fault(field, "text for a list", where, plan.replaced(where, "text"), "not-list")
            if spec["type"].get("min"):
                yield from fault(field, "empty list", where, plan.replaced(where, "[]"), "empty-list")
            item = spec["type"]["item"]
            if item["kind"] == "model":
                yield from fault(f"{field}[]", "text for an item", (*where, 0), plan.with_text_item(where), "not-mapping")
                for index, each in enumerate(child):
                    yield from _walk(plan, done, each, item["model"], (*where, index))
            elif item["kind"] in FAULTS:
                for name, written, code in _scalar_faults(item, "item"):
                    yield from fault(f"{field}[]", name, (*where, 0), plan.replaced((*where, 0), written), code)


FAULTS_FOUND = list(faults())


def test_every_field_of_every_kind_has_a_fault() -> None:
    """Each field the format describes (its text, numbers, dates, choices and ids, and each item of a list of
    them) is faulted at least once, so none is left to chance."""
    faulted = {fault.field.removesuffix("[]") for fault in FAULTS_FOUND}
    described = {f"{model}.{spec['key']}" for model, described in FORMAT["models"].items() for spec in described["fields"]
                 if spec["type"]["kind"] in FAULTS or spec["type"].get("item", {}).get("kind") in FAULTS}
    assert described - faulted == set()
    assert len(FAULTS_FOUND) > 120


def _cases(tmp_path: Path) -> list[tuple[Fault, Path]]:
    written = []
    for number, fault in enumerate(FAULTS_FOUND):
        path = tmp_path / str(number) / fault.source.name
        path.parent.mkdir()
        path.write_text(fault.text)
        written.append((fault, path))
    return written


def test_the_validator_gives_each_fault_its_code_at_its_place(tmp_path: Path, reference) -> None:
    cases = _cases(tmp_path)
    found = by_the_validator([path for _, path in cases], reference, {p.stem: None for p in find_plan_files([PLANS])})
    wrong = {}
    for fault, path in cases:
        errors = [(row[4], row[2]) for row in found[path] if row[3] == "error"]
        here = [code for code, field in errors if field == format_field(fault.path)]
        elsewhere = {code for code, field in errors if field != format_field(fault.path)}
        if here != [fault.code] or elsewhere - {"unknown-ref"}:  # an id changed: what named it names nothing
            wrong[fault.name] = errors
    assert wrong == {}


def test_the_schema_refuses_each_fault_at_its_place(tmp_path: Path, validator) -> None:
    missed = []
    for fault, path in _cases(tmp_path):
        refused = _refused_at(validator.iter_errors(yaml12(load_document(path).data)))
        if not _refused(_Diagnostic(fault.path, fault.code), refused):
            missed.append(fault.name)
    assert missed == []


def test_the_editor_finds_what_the_validator_finds_in_each_fault(tmp_path: Path, reference, editor_site) -> None:
    cases = _cases(tmp_path)
    paths = [path for _, path in cases]
    samples = {p.stem: None for p in find_plan_files([PLANS])}
    expected = by_the_validator(paths, reference, samples)
    actual = by_the_editor(editor_site, paths, lambda p: samples)
    differ = {fault.name: (expected[path], got) for (fault, path), got in zip(cases, actual, strict=True)
              if comparable(expected[path]) != comparable(got)}
    assert differ == {}


@dataclass(frozen=True)
class _Diagnostic:
    where: tuple
    code: str
