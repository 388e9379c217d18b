"""One source of truth: the packaged JSON Schema is generated from the format and agrees with the validator."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from backmap_site.format.plan import schema_text
from backmap_site.format.yamlfile import PlainScalar, YamlFileError, load_document
from backmap_site.model.validation import find_plan_files, validate_plans
from conftest import CASES, PLANS, ROOT

pytestmark = pytest.mark.unit

SCHEMA_FILE = ROOT / "backmap_site" / "schema" / "plan.schema.json"
_NUMBER = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")


def yaml12(value: Any) -> Any:
    """The data as a YAML 1.2 reader (an editor, check-jsonschema) sees it: unquoted numbers are numbers."""
    if isinstance(value, dict):
        return {k: yaml12(v) for k, v in value.items()}
    if isinstance(value, list):
        return [yaml12(v) for v in value]
    if isinstance(value, PlainScalar) and _NUMBER.match(value):
        return int(value) if value.lstrip("+-").isdigit() else float(value)
    return value


def test_packaged_schema_is_in_sync(reference) -> None:
    assert SCHEMA_FILE.read_text() == schema_text(reference.ids()), "run `make schema`"


def test_every_field_has_a_description(validator) -> None:
    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                assert prop.get("description"), f"{where}.{name} has no description"
            for key, value in node.items():
                if key != "allOf":  # the conditions on `status` restate fields described above
                    walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for value in node:
                walk(value, where)

    walk(validator.schema, "$")


def test_reference_ids_are_enums(validator) -> None:
    activity = validator.schema["$defs"]["Activity"]["properties"]
    assert "lesson-study" in activity["designs"]["items"]["enum"]
    assert activity["environment"]["enum"] == ["online", "in-person", "hybrid"]


@pytest.mark.parametrize("path", find_plan_files([PLANS]) + sorted((CASES / "good").glob("*.yaml")), ids=lambda p: p.name)
def test_schema_accepts_valid_plans(path: Path, validator) -> None:
    data = yaml12(load_document(path).data)
    if path.name == "yaml11-surprises.yaml":  # text fields written as bare numbers: the validator keeps the text
        data = {**data, "organization": "1.10", "subjects": [str(s) for s in data["subjects"]]}
    assert list(validator.iter_errors(data)) == []


NOT_EXPRESSIBLE = (
    "is already used on line", "is before the start", "plan files end in", "differs from the file name",
    "unknown student need", "unknown goal", "unknown educator need", "unknown activity", "the file name",
)
"""Rules across fields or files, which a JSON Schema cannot state; the schema states every other one."""
NOT_CHECKABLE_HERE = ("shape",)
"""A text that matches a field's pattern but for a final line break: the schema refuses it as ECMA-262 (which
JSON Schema names) and pydantic read `$`, but jsonschema checks patterns with Python's `re`, whose `$` allows it."""


def _documents() -> list[Path]:
    found = []
    for path in sorted((CASES / "bad").iterdir()):
        try:
            load_document(path)
        except (YamlFileError, OSError):
            continue
        found.append(path)
    return found


def _refused_at(errors) -> set[tuple]:
    """Where the schema found faults, including inside `anyOf` (the optional fields)."""
    return {path for e in errors for path in [tuple(e.absolute_path), *_refused_at(e.context or [])]}


def test_schema_refuses_every_fault_it_can_express(validator, reference) -> None:
    checked, missed = 0, []
    for path in _documents():
        expressible = [d for d in validate_plans([path], reference).errors if d.code not in NOT_CHECKABLE_HERE
                       and not any(phrase in d.message for phrase in NOT_EXPRESSIBLE)]
        refused = _refused_at(validator.iter_errors(yaml12(load_document(path).data)))
        checked += len(expressible)
        missed += [f"{path.name}: {d.field}: {d.message}" for d in expressible if not _refused(d, refused)]
    assert checked > 40 and missed == []


AT_THE_OBJECT = ("required", "unknown-key")
"""Codes whose JSON Schema keyword (`required`, `additionalProperties`) reports at the object, not at the key."""


def _refused(diagnostic, refused: set[tuple]) -> bool:
    """Whether the schema refused the value the diagnostic is about, at its very place: a keyword dropped from
    the schema must not hide behind another fault of the same object."""
    where = tuple(diagnostic.where)
    return where in refused or (diagnostic.code in AT_THE_OBJECT and where[:-1] in refused)


def test_schema_enforces_ranges(validator) -> None:
    data = yaml12(load_document(CASES / "bad" / "out-of-range.yaml").data)
    refused = {at[-3:] for at in _refused_at(validator.iter_errors(data))}
    assert {("sources", 0, "evidence_level"), ("sources", 1, "evidence_level"),
            ("evaluation", 0, "level"), ("evaluation", 1, "level")} <= refused
