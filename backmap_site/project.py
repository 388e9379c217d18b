"""A Backmap project on disk: its content and plans, validated and ready to render."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from backmap_site.diagnostics import Diagnostic
from backmap_site.pages import Output, Settings, render_site
from backmap_site.reference import ContentError, load_reference
from backmap_site.site import Site, build_site
from backmap_site.validation import Validation, find_plan_files, validate_plans


class ProjectError(Exception):
    """The sources do not validate: nothing may be built from them."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("\n".join(map(str, diagnostics)))
        self.diagnostics = diagnostics


@dataclass(frozen=True)
class Project:
    root: Path
    content: Path
    plans: Path

    @classmethod
    def at(cls, root: Path, content: str = "content", plans: str = "plans") -> Project:
        return cls(root, root / content, root / plans)

    def validate(self) -> tuple[Site, Validation]:
        """Load and check everything; raise ProjectError on any error."""
        try:
            reference = load_reference(self.content)
        except ContentError as exc:
            raise ProjectError(exc.diagnostics) from None
        validation = validate_plans(find_plan_files([self.plans]) if self.plans.is_dir() else [], reference)
        if validation.errors:
            raise ProjectError(validation.errors)
        return build_site(reference, validation), validation

    def render(self, repo_url: str | None = None, edit_uri: str | None = None) -> tuple[Output, Validation]:
        site, validation = self.validate()
        return render_site(site, Settings(self.root, repo_url, edit_uri)), validation
