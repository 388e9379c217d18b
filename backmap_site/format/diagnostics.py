"""Problems found in plans and content, and the three ways of printing them.

Every problem names the file, line and column, the field, what is wrong and
what to do, so that a contributor (or a pull request annotation) can fix it
without reading the code.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

FieldPath = tuple[str | int, ...]
Severity = Literal["error", "warning", "note"]
"""A note fails nothing, even under `--strict`: a draft's gaps in the backward chain."""
Style = Literal["text", "json", "github"]
"""How problems are printed: for people, for programs, for GitHub's pull-request annotations."""


def format_field(where: FieldPath) -> str:
    """`("steps", "improvement_goals", 0, "due")` → `steps.improvement_goals[0].due`."""
    text = ""
    for part in where:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(file)"


CODES: dict[str, str] = {
    # Reading the file (yamlfile.py; the editor's planfile.js)
    "file-too-large": "the file is larger than 1 MiB",
    "not-utf8": "the file is not UTF-8 text",
    "control-character": "the file holds a control character",
    "odd-line-break": "the file holds NEL, LS or PS, which YAML readers disagree on",
    "yaml-syntax": "the file is not valid YAML",
    "empty-file": "the file is empty",
    "top-not-mapping": "the top of the file is not a mapping of fields",
    "many-documents": "the file holds more than one YAML document",
    "yaml-alias": "a YAML alias",
    "yaml-anchor": "a YAML anchor",
    "yaml-tag": "a YAML tag",
    "too-deep": "data nested too deep",
    "key-not-plain": "a key that is not a plain name",
    "duplicate-key": "a key written twice",
    "unreadable": "the file cannot be read",
    # The shape of each field (format/plan.py through loading.py; the editor's rules.js)
    "required": "a required field is missing",
    "unknown-key": "a key the format does not know",
    "no-value": "a key without a value",
    "blank": "blank text",
    "yes-no": "text that reads as yes/no",
    "not-text": "something else where text belongs",
    "not-mapping": "something else where fields belong",
    "not-list": "something else where a list belongs",
    "empty-list": "an empty list that needs an item",
    "pattern": "text not in the form the field asks for",
    "choice": "a value that is not one of the choices",
    "quoted-number": "a number in quotes",
    "number-type": "something else where a number belongs",
    "not-a-number": "text that is not a number",
    "integer": "a whole number out of its range",
    "negative": "a number below zero",
    "too-large": "a number too large",
    "date": "a date not written YYYY-MM-DD",
    "unreal-date": "a date that does not exist",
    "school-year": "a school year not written YYYY-YY",
    "school-year-span": "a school year whose years do not follow each other",
    "format-version": "a format version this version does not know",
    "shape": "any other shape problem",
    # The plan's file and its rules (validation.py; the editor's rules.js)
    "nameless-file": "a file with no name",
    "file-suffix": "a file not ending in .yaml",
    "file-name": "a file name that is not a plan id",
    "id-mismatch": "an id that differs from the file name",
    "plan-id-taken": "a plan id used by another plan",
    "parent-unknown": "a parent that is not a known plan",
    "parent-loop": "parents that form a loop",
    "step-required": "a step the status requires",
    "id-reserved": "an item id reserved for the plan page",
    "id-duplicate": "an item id used twice",
    "unknown-ref": "a name of an item or content that does not exist",
    "end-before-start": "an activity that ends before it starts",
    "funding-unknown": "a funding source that misspells one the site knows",
    "need-unaddressed": "a student need no goal addresses (a gap in the chain)",
    "goal-unserved": "a goal no educator need serves (a gap in the chain)",
    "goal-unmeasured": "a goal no level 5 evaluation item measures (a gap in the chain)",
    "educator-need-unserved": "an educator need no activity serves (a gap in the chain)",
    "no-level-4": "a plan past approval without a level 4 evaluation item",
    # Content and configuration, which the editor never sees
    "content": "a problem in the site's content or configuration",
}
"""Every problem's stable code. `backmap validate` words each in YAML's terms, the plan editor (words.js) in the
form's; the tests check that both sides know the same codes."""

GAP_CLOSED_IN = {
    "need-unaddressed": "improvement_goals",
    "goal-unserved": "educator_learning_needs",
    "goal-unmeasured": "professional_learning",
    "educator-need-unserved": "professional_learning",
}
"""The step where each gap in the backward chain is closed: a plan page's "Still to plan" links there."""


@dataclass(frozen=True)
class Diagnostic:
    file: str
    line: int
    column: int
    where: FieldPath
    message: str
    hint: str
    severity: Severity = "error"
    code: str = "content"
    params: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    """What the message names (ids, values), for wording it otherwise: JSON data."""

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown problem code {self.code!r}")

    @property
    def field(self) -> str:
        return format_field(self.where)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.message)

    def __str__(self) -> str:
        label = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.file}:{self.line}:{self.column}: {self.field}: {label}{self.message} — {self.hint}"


def config_mark(config_file: object, option: str | None = None) -> tuple[int, int]:
    """Where the backmap plugin (or its `option`) is written in `mkdocs.yml`, as (line, column); (1, 1) when the
    file cannot be read or does not name it."""
    try:
        lines = Path(str(config_file)).read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1, 1
    start = next((number for number, line in enumerate(lines) if re.match(r"^\s*-?\s*backmap\s*:", line)), None)
    if start is None:
        return 1, 1
    for number, line in enumerate(lines[start + 1:], start + 1) if option else ():
        found = re.match(rf"^(\s*){re.escape(option or '')}\s*:", line)
        if found:
            return number + 1, len(found[1]) + 1
    return start + 1, lines[start].index("backmap") + 1


def closest(value: object, known: Iterable[str]) -> str | None:
    """The known name a slip of the keyboard most likely meant: first the same id in another framework of
    standards (`data` → `spl-2011/data`), then the closest spelling."""
    names = list(known)
    close = [name for name in names if name.endswith(f"/{value}")][:1] or \
        difflib.get_close_matches(str(value), names, n=1, cutoff=0.6)
    return close[0] if close else None


def suggestion(value: object, known: Iterable[str]) -> dict[str, str]:
    """The `suggestion` parameter of a problem, when there is one."""
    close = closest(value, known)
    return {"suggestion": close} if close else {}


def did_you_mean(value: object, known: Iterable[str]) -> str:
    """A ' (did you mean `x`?)' suffix when a known name is close to `value`."""
    close = closest(value, known)
    return f" (did you mean `{close}`?)" if close else ""


def render(diagnostics: Sequence[Diagnostic], style: Style) -> str:
    """Print problems for people (`text`), programs (`json`) or GitHub Actions (`github`)."""
    ordered = sorted(diagnostics, key=Diagnostic.sort_key)
    if style == "json":
        return json.dumps(
            [
                {
                    "file": d.file, "line": d.line, "column": d.column, "field": d.field,
                    "severity": d.severity, "code": d.code, "params": dict(d.params), "message": d.message, "hint": d.hint,
                }
                for d in ordered
            ],
            indent=2,
            ensure_ascii=False,
        )
    if style == "github":
        return "\n".join(
            f"::{_ANNOTATION[d.severity]} file={_escape_property(d.file)},line={d.line},col={d.column}::"
            f"{_escape_data(f'{d.field}: {d.message} — {d.hint}')}"
            for d in ordered
        )
    return "\n".join(map(str, ordered))


_ANNOTATION = {"error": "error", "warning": "warning", "note": "notice"}
"""GitHub's annotation for each severity: a note shows, and passes."""


def _escape_data(text: str) -> str:
    # The workflow-command escapes of GitHub's @actions/core.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
