"""A state site's harvested plans, read from the harvest's cache: checked against the state's content, named
`<source>/<id>`, their parents resolved, and each with where it came from.

A harvested plan that the state's checks refuse is left out with a note, never failing the state's build: it
is the district's to fix, on its own site.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote, urljoin

from backmap_site.format.diagnostics import Diagnostic
from backmap_site.format.loading import load_model
from backmap_site.format.plan import Plan
from backmap_site.model.harvest import Cached, Source, cached
from backmap_site.model.validation import PlanFile, find_plan_files, is_web_address, validate_plans
from backmap_site.reference.content import Collection, Design, Reference


@dataclass(frozen=True)
class Origin:
    """Where a harvested plan came from, for its page's provenance and its links back."""

    source: str
    """The source's id."""
    name: str
    """The source's name, as the state site shows it."""
    site: str
    """The source site's address."""
    plan_id: str
    """The plan's id on its own site."""
    page: str
    """The plan's page on its own site."""
    edit: str | None
    """The link that edits its file in the source's repository, if the source has one."""
    fetched: str
    """When it was harvested (ISO 8601, UTC)."""

    @property
    def editor(self) -> str:
        """The plan, opened in its own site's editor."""
        return urljoin(self.site, f"editor/?plan={quote(self.plan_id)}")


@dataclass(frozen=True)
class DesignOrigin:
    """Whose a harvested learning design is: the site it came from, and its page there."""

    name: str
    site: str
    page: str


@dataclass
class Harvest:
    """The harvested plans, ready to join the site's own, and what was left out and why."""

    plans: list[PlanFile]
    diagnostics: list[Diagnostic]
    """The plans' own warnings and notes (their pages show them), never the state's to fix."""
    notes: list[str]
    """What was left out, and why."""
    designs: dict[str, tuple[Design, Path, DesignOrigin]] = field(default_factory=dict)
    """The sources' own learning designs the site's content lacks, as `<source>/<id>`."""

    def reference(self, reference: Reference) -> Reference:
        """`reference` with the harvested designs after its own."""
        return with_designs(reference, {key: (design, path) for key, (design, path, _) in self.designs.items()})


def with_designs(reference: Reference, designs: dict[str, tuple[Design, Path]]) -> Reference:
    if not designs:
        return reference
    collection = Collection({**reference.designs.items, **{key: design for key, (design, _) in designs.items()}},
                            {**reference.designs.sources, **{key: path for key, (_, path) in designs.items()}})
    return replace(reference, designs=collection)


def harvested_plans(sources: list[Source], cache: Path, reference: Reference, own: dict[str, PlanFile],
                    site_url: str | None) -> Harvest:
    """The plans of every harvested source, named `<source>/<id>`; a parent given as a page's address becomes the
    plan of this site (or of another source) that has that page."""
    copies = [copy for copy in (cached(cache, source) for source in sources) if copy.meta]
    pages = {urljoin(site_url, f"plans/{plan_id}/"): plan_id for plan_id in own} if site_url else {}
    for copy in copies:
        pages.update({record.get("url", ""): f"{copy.source.id}/{plan_id}" for plan_id, record in copy.meta.get("plans", {}).items()})
    result = Harvest([], [], [])
    for copy in copies:
        _read(copy, reference, pages, result)
    return result


def _read(copy: Cached, reference: Reference, pages: dict[str, str], result: Harvest) -> None:
    prefix = copy.source.id
    own = _own_designs(copy, reference, result)
    files = find_plan_files([copy.plans]) if copy.plans.is_dir() else []
    validation = validate_plans(files, with_designs(reference, {key: (design, path) for key, (design, path) in own.items()}),
                                other_ids=[path.stem for path in files], parallel=False)
    refused = {diagnostic.file for diagnostic in validation.errors}
    for file in sorted(refused):
        first = next(d for d in validation.errors if d.file == file)
        result.notes.append(f"{copy.name}'s plan {Path(file).stem} is left out: {first}")
    result.diagnostics += [d for d in validation.diagnostics if d.severity != "error"]
    fetched = copy.meta.get("fetched", "")
    for plan_file in validation.plans:
        parent = plan_file.plan.parent
        if parent is not None:
            parent = pages.get(parent, parent) if is_web_address(parent) else f"{prefix}/{parent}"
        record = copy.record(plan_file.id)
        origin = Origin(prefix, copy.name, copy.meta.get("url", copy.source.base), plan_file.id,
                        record.get("url") or urljoin(copy.source.base, f"plans/{plan_file.id}/"), record.get("edit"), fetched)
        named = f"{prefix}/{plan_file.id}"
        plan = _with_designs_named(plan_file.plan.model_copy(update={"id": named, "parent": parent}), prefix, set(own))
        result.plans.append(replace(plan_file, id=named, plan=plan, origin=origin))
    for design_id, (design, path) in own.items():
        related = [f"{prefix}/{other}" if other in own else other for other in design.related if other in own or other in reference.designs]
        key = f"{prefix}/{design_id}"
        whose = DesignOrigin(copy.name, copy.meta.get("url", copy.source.base), urljoin(copy.source.base, f"designs/{design_id}/"))
        result.designs[key] = (design.model_copy(update={"id": key, "related": related}), path, whose)


def _own_designs(copy: Cached, reference: Reference, result: Harvest) -> dict[str, tuple[Design, Path]]:
    """The source's own designs that the site's content lacks (a design it has keeps the site's own text)."""
    found: dict[str, tuple[Design, Path]] = {}
    for path in sorted(copy.designs.glob("*.yaml")) if copy.designs.is_dir() else []:
        if path.stem in reference.designs:
            continue
        loaded = load_model(Design, path)
        if loaded.model is None:
            result.notes.append(f"{copy.name}'s design {path.stem} is left out: {loaded.diagnostics[0]}")
            continue
        found[path.stem] = (loaded.model.model_copy(update={"id": path.stem}), path)
    return found


def _with_designs_named(plan: Plan, prefix: str, own: set[str]) -> Plan:
    """The plan with the source's own designs named as the site names them: `<source>/<id>`."""
    learning = plan.steps.professional_learning
    if not own or not learning or not learning.activities:
        return plan
    activities = [activity.model_copy(update={"designs": [f"{prefix}/{d}" if d in own else d for d in activity.designs]})
                  for activity in learning.activities]
    steps = plan.steps.model_copy(update={"professional_learning": learning.model_copy(update={"activities": activities})})
    return plan.model_copy(update={"steps": steps})
