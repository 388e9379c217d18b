"""Backmap Site: professional learning plans, built on the Backmapping Model, published with MkDocs.

The `backmap` command and the `backmap` MkDocs plugin are the usual ways in. These three functions do the same
work for a Python program (a state office's script, another tool); `ARCHITECTURE.md` maps the package behind them.
Each imports what it needs when called, so that importing one of the package's modules never loads them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backmap_site.format.loading import Loaded
    from backmap_site.format.plan import Plan
    from backmap_site.model.validation import Validation

__all__ = ["build", "load", "validate"]


def load(path: Path) -> Loaded[Plan]:
    """Read one plan file: its model, or the problems (with line and column) that kept it from being one.

    This checks the file alone, its format; `validate` checks it against the reference content and other plans.
    """
    from backmap_site.format.loading import load_model
    from backmap_site.format.plan import Plan

    return load_model(Plan, Path(path))


def validate(paths: Iterable[Path], content: Path = Path("content")) -> Validation:
    """Check plan files and folders (`plans/`) against the format, the packaged reference content under a site's
    own `content`, and each other, as `backmap validate` does. Raises `ContentError` if the content is invalid."""
    from backmap_site.model.validation import find_plan_files, validate_plans
    from backmap_site.reference.content import load_reference
    from backmap_site.reference.layers import ContentLayers

    reference = load_reference(ContentLayers.of_site(Path(content)))
    return validate_plans(find_plan_files([Path(path) for path in paths]), reference)


def build(config_file: Path = Path("mkdocs.yml"), site_dir: Path = Path("site"), *, engine: str = "mkdocs",
          strict: bool = True) -> int:
    """Build a site with an engine (mkdocs, properdocs or zensical) as `backmap build` does: beside the old one,
    swapped in only on success. Returns the exit code; the engine's messages go to the standard streams."""
    from backmap_site.commands.build import atomic_build

    return atomic_build(Path(config_file), Path(site_dir), strict=strict, engine=engine)
