"""`backmap new`: a commented plan to start from, valid as a draft, that never replaces a file."""

from __future__ import annotations

import math
import os
import re
import unicodedata
from datetime import date
from pathlib import Path

import jinja2
import yaml

from backmap_site.model.urls import is_placeholder

PROJECT_SCHEMA = Path("backmap_site") / "schema" / "plan.schema.json"
"""Where a project keeps its schema (`make schema` writes it); the site publishes it at `schema/plan.schema.json`."""


def slugify(title: str) -> str:
    """`Grade 4 Fractions: Growth Plan` → `grade-4-fractions-growth-plan` (at most 80 characters)."""
    letters = "".join(c for c in unicodedata.normalize("NFKD", title.lower()) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", letters).strip("-")[:80].strip("-")


def current_school_year(today: date) -> str:
    """School years start in July: 2026-27 from July 2026 to June 2027."""
    start = today.year if today.month >= 7 else today.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def schema_reference(root: Path, path: Path, site_url: str | None) -> str | None:
    """The schema an editor should check `path` against: the project's file, else the one the site publishes.

    Never the installed package's copy: that lies in a virtualenv, outside the project.
    """
    if (root / PROJECT_SCHEMA).is_file():
        return os.path.relpath((root / PROJECT_SCHEMA).resolve(), path.parent.resolve())
    if site_url and not is_placeholder(site_url):
        return site_url.rstrip("/") + "/schema/plan.schema.json"
    return None


def plan_text(path: Path, *, title: str, level: str, organization: str, year: str, parent: str | None,
              schema: str | None) -> str:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("backmap_site.render", "templates"), undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False,
    )
    env.filters["yaml"] = yaml_scalar
    return env.get_template("new-plan.yaml.j2").render(
        schema=schema, path=path.as_posix(), title=title, level=level,
        organization=organization, year=year, parent=parent,
        summary="Describe in one paragraph what this plan sets out to do, for the list of plans.",
    )


def yaml_scalar(text: str) -> str:
    """Text as a YAML scalar, quoted only where a YAML reader would take it for something else (as the editor writes)."""
    return yaml.safe_dump(text, allow_unicode=True, width=math.inf).removesuffix("\n...\n").rstrip("\n")


def write_new(path: Path, text: str) -> None:
    """Create `path`, failing with FileExistsError rather than replacing anything."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:
        file.write(text)
