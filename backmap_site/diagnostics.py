"""Problems found in plans and content, and the three ways of printing them.

Every problem names the file, line and column, the field, what is wrong and
what to do, so that a contributor (or a pull request annotation) can fix it
without reading the code.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

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


@dataclass(frozen=True)
class Diagnostic:
    file: str
    line: int
    column: int
    where: FieldPath
    message: str
    hint: str
    severity: Severity = "error"

    @property
    def field(self) -> str:
        return format_field(self.where)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.message)

    def __str__(self) -> str:
        label = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.file}:{self.line}:{self.column}: {self.field}: {label}{self.message} — {self.hint}"


def did_you_mean(value: object, known: Iterable[str]) -> str:
    """A ' (did you mean `x`?)' suffix when a known name is close to `value`: first the same id in another
    framework of standards (`data` → `spl-2011/data`), then the closest spelling."""
    names = list(known)
    close = [name for name in names if name.endswith(f"/{value}")][:1] or \
        difflib.get_close_matches(str(value), names, n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""


def render(diagnostics: Sequence[Diagnostic], style: Style) -> str:
    """Print problems for people (`text`), programs (`json`) or GitHub Actions (`github`)."""
    ordered = sorted(diagnostics, key=Diagnostic.sort_key)
    if style == "json":
        return json.dumps(
            [
                {
                    "file": d.file, "line": d.line, "column": d.column, "field": d.field,
                    "severity": d.severity, "message": d.message, "hint": d.hint,
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
