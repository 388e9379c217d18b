"""One source of truth: the packaged JSON Schema is generated from the format and agrees with the validator."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from backmap_site.format import schema_text
from backmap_site.validation import find_plan_files
from backmap_site.yamlfile import PlainScalar, load_document

from conftest import CASES, PLANS, ROOT

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


@pytest.fixture(scope="module")
def validator(reference) -> Draft202012Validator:
    import json

    schema = json.loads(schema_text(reference.ids()))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_packaged_schema_is_in_sync(reference) -> None:
    assert SCHEMA_FILE.read_text() == schema_text(reference.ids()), "run `make schema`"


def test_every_field_has_a_description(validator) -> None:
    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                assert prop.get("description"), f"{where}.{name} has no description"
            for key, value in node.items():
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


SHAPE_FAULTS = [
    "unknown-key", "missing-required", "bad-enums", "bad-level", "school-year-format", "bad-numbers",
    "negative-cost", "format-2", "bad-ids", "bad-url-email", "wrong-containers", "step-key-typo", "blank-text",
    "text-as-mapping", "text-as-bool", "bad-dates", "unknown-refs",
]


@pytest.mark.parametrize("name", SHAPE_FAULTS)
def test_schema_refuses_what_a_schema_can_express(name: str, validator) -> None:
    data = yaml12(load_document(CASES / "bad" / f"{name}.yaml").data)
    assert list(validator.iter_errors(data)), f"{name} should be refused by the schema"
