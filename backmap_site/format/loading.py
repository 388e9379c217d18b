"""Read a YAML file into one of the format's models, or explain why not.

Plans and reference content share this path, so a broken content file gets
the same precise, actionable message as a broken plan.
"""

from __future__ import annotations

import typing
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from backmap_site.format.diagnostics import Diagnostic, did_you_mean, suggestion
from backmap_site.format.yamlfile import Document, YamlFileError, load_document

M = TypeVar("M", bound=BaseModel)


@dataclass
class Loaded(Generic[M]):
    """A file's model (None when it is invalid) and the document it came from."""

    path: Path
    model: M | None
    document: Document | None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def load_model(model: type[M], path: Path) -> Loaded[M]:
    try:
        document = load_document(path)
    except YamlFileError as exc:
        return Loaded(path, None, None, [exc.diagnostic])
    except OSError as exc:
        problem = Diagnostic(str(path), 1, 1, (), f"cannot read the file ({exc.strerror})", "check that it exists and is readable",
                             code="unreadable")
        return Loaded(path, None, None, [problem])
    try:
        return Loaded(path, model.model_validate(document.data), document)
    except ValidationError as exc:
        return Loaded(path, None, document, [_diagnostic(document, model, error) for error in exc.errors()])


def _diagnostic(document: Document, model: type[BaseModel], error: Any) -> Diagnostic:
    where = tuple(error["loc"])
    kind = error["type"]
    context = error.get("ctx") or {}
    if "hint" in context:
        return document.diagnostic(where, context["message"], context["hint"], code=kind, params=context["params"])
    value = error.get("input")
    if kind == "missing":
        return document.diagnostic(where, "is required", f"add `{where[-1]}:` with a value", code="required")
    if kind == "extra_forbidden":
        known = _fields_at(model, where[:-1])
        return document.diagnostic(
            where, f"unknown key `{where[-1]}`{did_you_mean(where[-1], known)}",
            "fix the spelling, or start the key with `x-` to keep your own note", key=True,
            code="unknown-key", params={"key": where[-1], **suggestion(where[-1], known)},
        )
    if value is None:
        return document.diagnostic(where, "has no value", "write a value after the colon, or remove the line", code="no-value")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return document.diagnostic(where, f"must be a mapping of fields, not {_describe(value)}",
                                   "write the fields indented below the key, one per line", code="not-mapping")
    if kind == "list_type":
        return document.diagnostic(where, f"must be a list, not {_describe(value)}",
                                   "write each item on its own line, starting with `- `", code="not-list")
    if kind == "too_short":
        return document.diagnostic(where, "is empty", "add at least one item", code="empty-list")
    return document.diagnostic(where, error["msg"], "see the plan format in the README", code="shape")


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"the value `{value}`"


def _fields_at(model: type[BaseModel], where: Iterable[str | int]) -> list[str]:
    current: type[BaseModel] | None = model
    for part in where:
        if isinstance(part, int) or current is None:
            continue
        info = current.model_fields.get(part)
        current = _inner_model(info.annotation) if info else None
    return list(current.model_fields) if current else []


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        if found := _inner_model(argument):
            return found
    return None
