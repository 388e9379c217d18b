"""A Backmap project on disk: its content and plans, validated and ready to render.

A project kept between builds (as `mkdocs serve` keeps the plugin) reads again only the files that
changed and renders again only the plan pages whose inputs changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from backmap_site.format.diagnostics import Diagnostic
from backmap_site.model.federation import harvested_plans
from backmap_site.model.harvest import Source
from backmap_site.model.site import Site, build_site
from backmap_site.model.urls import Settings, url_of
from backmap_site.model.validation import CheckedFiles, Validation, find_plan_files, validate_plans
from backmap_site.reference.content import ContentError, Reference, load_reference, shown
from backmap_site.reference.customization import Customization, CustomizationError, read_customization, url_of_page
from backmap_site.reference.layers import ContentLayers
from backmap_site.render.output import Output
from backmap_site.render.pages import render_site


class ProjectError(Exception):
    """The sources do not validate: nothing may be built from them."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(map(str, diagnostics)))
        self.diagnostics = diagnostics


@dataclass
class Project:
    root: Path
    content: Path
    plans: Path
    parallel: bool = True
    """Whether to check and render in forked worker processes (`mkdocs serve` must not fork)."""
    frameworks: tuple[str, ...] | None = None
    """The frameworks of standards the site shows (the plugin's `frameworks`); None: every one in the content."""
    primary_framework: str | None = None
    """The one plans cite by bare ids (the plugin's `primary_framework`); None: the one the steps engage."""
    sections: tuple[str, ...] | None = None
    """The optional generated sections the site shows (the plugin's `sections`); None: all of them."""
    pages_section: str = "About"
    """The navigation section of the site's own pages (the plugin's `pages_section`)."""
    submit_email: str | None = None
    """Where the plan editor sends plans by e-mail (the plugin's `submit_email`)."""
    sources: tuple[Source, ...] = ()
    """A state site's districts' sites (the plugin's `sources`), whose plans `backmap harvest` copies into `harvest`."""
    harvest: Path | None = None
    """The folder of the harvested copies (the plugin's `harvest`)."""
    site_url: str | None = None
    """The site's own address: a harvested plan naming a page of it as its parent nests in that plan."""
    _reference: tuple[list[tuple[Path, int, int]], Reference] | None = field(
        default=None, init=False, repr=False, compare=False)
    _checked: CheckedFiles | None = field(default=None, init=False, repr=False, compare=False)
    _output: Output | None = field(default=None, init=False, repr=False, compare=False)
    """The last output built without an error."""

    @classmethod
    def at(cls, root: Path, content: str = "content", plans: str = "plans", *, parallel: bool = True) -> Project:
        return cls(root, root / content, root / plans, parallel)

    @property
    def layers(self) -> ContentLayers:
        """The packaged reference content under the site's own `content/`."""
        return ContentLayers.of_site(self.content)

    def reference(self) -> Reference:
        """The content as the site shows it, loaded again only when one of its files changed; raises ContentError."""
        layers = self.layers
        stamps = sorted((path, stat.st_mtime_ns, stat.st_size) for path in layers.yaml_files() for stat in [path.stat()])
        if self._reference is None or self._reference[0] != stamps:
            self._reference = (stamps, shown(load_reference(layers), self.root / "mkdocs.yml",
                                             self.frameworks, self.primary_framework))
        return self._reference[1]

    def customization(self, config: Mapping[str, Any]) -> Customization:
        """The site's own pages and the sections it shows; raises ProjectError for a page that cannot be read."""
        try:
            return read_customization(self.content, config.get("site_name") or "Professional learning plans",
                                      config.get("site_description"), pages_section=self.pages_section,
                                      sections=list(self.sections) if self.sections is not None else None,
                                      exclude_docs=config.get("exclude_docs"), submit_email=self.submit_email)
        except CustomizationError as exc:
            raise ProjectError([exc.diagnostic]) from None

    def validate(self) -> tuple[Site, Validation]:
        """Load and check everything; raise ProjectError on any error."""
        try:
            reference = self.reference()
        except ContentError as exc:
            raise ProjectError(exc.diagnostics) from None
        if self._checked is None or self._checked.reference is not reference:
            self._checked = CheckedFiles(reference)
        files = find_plan_files([self.plans]) if self.plans.is_dir() else []
        validation = validate_plans(files, reference, checked_files=self._checked, parallel=self.parallel)
        if validation.errors:
            raise ProjectError(validation.errors)
        if not self.sources or self.harvest is None:
            return build_site(reference, validation), validation
        harvest = harvested_plans(list(self.sources), self.harvest, reference, {p.id: p for p in validation.plans}, self.site_url)
        everything = Validation(validation.plans + harvest.plans, validation.diagnostics + harvest.diagnostics)
        site = build_site(harvest.reference(reference), everything)
        site.design_origins = {key: origin for key, (_, _, origin) in harvest.designs.items()}
        return site, replace(validation, harvest_notes=harvest.notes)

    def settings(self, config: Mapping[str, Any]) -> Settings:
        """The links out of the site, from an engine's configuration (`mkdocs.yml`)."""
        return Settings(self.root, config.get("repo_url"), config.get("edit_uri"), config.get("edit_uri_template"),
                        config.get("site_url"), self.content, self.plans)

    def render(self, config: Mapping[str, Any]) -> tuple[Output, Validation]:
        """Check the sources (raises ProjectError), then render every page and file for `config`'s site."""
        site, validation = self.validate()
        custom = self.customization(config)
        output = render_site(site, self.settings(config), custom, previous=self._output, parallel=self.parallel)
        generated = {url_of(page.src) for page in output.pages}
        clashes = [Diagnostic(str(page.source), 1, 1, (), f"the page has the address of a generated page "
                              f"({url_of_page(page.src)})", "rename the file, or move it into a folder of its own")
                   for page in custom.pages if url_of_page(page.src) in generated]
        if clashes:
            raise ProjectError(clashes)
        return output, validation

    def built(self, output: Output) -> None:
        """`output` was built without an error: the next render may reuse its pages."""
        self._output = output
