"""The published site as a graph: plans and reference content, linked both ways.

Everything is collected in one pass over the plans before any page is
rendered, so every page can show what refers to it, and the work grows
linearly with the number of plans.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backmap_site.format.diagnostics import Diagnostic
from backmap_site.format.plan import LEVELS, STEP_KEYS, Activity, Plan
from backmap_site.model.chain import Backlinks, ChainRow, backlinks, chain_rows
from backmap_site.model.validation import PlanFile, Validation
from backmap_site.reference.content import Reference, Step
from backmap_site.reference.customization import Customization

if TYPE_CHECKING:
    from backmap_site.model.federation import DesignOrigin, Origin

LEVEL_TITLES = {"state": "State", "system": "School system", "school": "School", "individual": "Individual"}


@dataclass(eq=False)
class PublishedPlan:
    """A plan with a page: public plans are listed, unlisted ones only reachable by link."""

    file: PlanFile
    warnings: list[Diagnostic]
    listed: bool
    children: list[PublishedPlan] = field(default_factory=list)
    parent: PublishedPlan | None = None
    standards: dict[str, list[str]] = field(default_factory=dict)
    """The standards its written steps engage, by key (`Reference.key`), each with the keys of those steps:
    in the steps' own framework, and through the crosswalks in the others."""

    @property
    def id(self) -> str:
        return self.file.id

    @property
    def source(self) -> Path:
        return self.file.path

    @property
    def origin(self) -> Origin | None:
        """Where a harvested plan came from (its source site); None for the site's own."""
        return self.file.origin

    @property
    def plan(self) -> Plan:
        return self.file.plan

    @property
    def data(self) -> dict[str, Any]:
        """The plan as JSON data, for the exports and the browser's search text."""
        return self.file.data

    @property
    def activities(self) -> list[Activity]:
        learning = self.plan.steps.professional_learning
        return list(learning.activities or []) if learning else []

    def step_keys(self) -> list[str]:
        """The steps this plan has written."""
        return [key for key in STEP_KEYS if getattr(self.plan.steps, key)]

    def page_inputs(self) -> tuple:
        """All that the plan's page shows, besides the reference content: equal inputs, the same page."""
        parent = self.parent and (self.parent.id, self.parent.plan.title, self.parent.plan.level)
        return (self.source, self.plan, self.warnings, self.listed, self.origin, parent,
                [(child.id, child.plan.title) for child in self.children])

    @cached_property
    def backlinks(self) -> Backlinks:
        """The plan's references read backwards: which goals address a need, and so on."""
        return backlinks(self.plan)

    @cached_property
    def chain(self) -> list[ChainRow]:
        """One row per goal: the student needs behind it and everything that serves it."""
        return chain_rows(self.plan, self.backlinks)


@dataclass(frozen=True)
class ActivityUse:
    plan: PublishedPlan
    activity: Activity


@dataclass
class Site:
    reference: Reference
    plans: dict[str, PublishedPlan]
    listed: list[PublishedPlan]
    designs: dict[str, list[ActivityUse]]
    environments: dict[str, list[ActivityUse]]
    factors: dict[str, list[ActivityUse]]
    standards_by_activity: dict[str, list[ActivityUse]]
    standards_by_step: dict[str, list[tuple[PublishedPlan, list[str]]]]
    steps: dict[str, list[PublishedPlan]]
    customization: Customization = field(default_factory=Customization)
    """The site's own words and the sections it shows (set for rendering)."""
    design_origins: dict[str, DesignOrigin] = field(default_factory=dict)
    """A state site's designs harvested from a source (`<source>/<id>`), with whose they are."""
    _expanded: dict[tuple[str, ...], list[str]] = field(default_factory=dict, repr=False)

    def expand(self, keys: Iterable[str]) -> list[str]:
        """`expand` of the site's reference, worked out once for each set of standards (plans repeat a few)."""
        found = tuple(keys)
        if found not in self._expanded:
            self._expanded[found] = expand(self.reference, found)
        return self._expanded[found]

    def sources(self) -> dict[str | None, str]:
        """The sites the plans come from, by source id (None: this site), each with its name; this site first."""
        found: dict[str | None, str] = {None: self.customization.site_name}
        for published in self.plans.values():
            if published.origin:
                found.setdefault(published.origin.source, published.origin.name)
        return found

    @cached_property
    def harvests(self) -> bool:
        """Whether the site shows plans harvested from other sites (a state site's districts')."""
        return any(published.origin for published in self.plans.values())

    def by_level(self) -> dict[str, list[PublishedPlan]]:
        grouped: dict[str, list[PublishedPlan]] = {level: [] for level in LEVELS}
        for published in self.listed:
            grouped[published.plan.level].append(published)
        return grouped


def build_site(reference: Reference, validation: Validation, root: Path | None = None) -> Site:
    """Collect the published plans and every cross-reference, in display order.

    `root` makes source paths relative (for edit links); plans that are
    `private` are left out entirely.
    """
    warnings: dict[Path, list[Diagnostic]] = defaultdict(list)
    for diagnostic in validation.diagnostics:
        if diagnostic.severity != "error":  # a warning, or a draft's note: a gap the plan's page shows
            warnings[Path(diagnostic.file)].append(diagnostic)
    plans = {
        p.id: PublishedPlan(p, warnings[p.path], p.plan.visibility == "public")
        for p in sorted(validation.plans, key=lambda p: (LEVELS.index(p.plan.level), p.plan.title.casefold(), p.id))
        if p.plan.visibility != "private"
    }
    for published in plans.values():
        parent = plans.get(published.plan.parent) if published.plan.parent else None
        if parent:
            published.parent = parent
            if published.listed:
                parent.children.append(published)
    listed = [p for p in plans.values() if p.listed]
    site = Site(reference, plans, listed, defaultdict(list), defaultdict(list), defaultdict(list), defaultdict(list),
                defaultdict(list), defaultdict(list))
    step_standards = {step.key: site.expand(step.standards) for step in reference.steps}
    for published in plans.values():
        for key in published.step_keys():
            for standard in step_standards[key]:
                published.standards.setdefault(standard, []).append(key)
    for published in listed:
        for key in published.step_keys():
            site.steps[key].append(published)
        for standard, keys in published.standards.items():
            site.standards_by_step[standard].append((published, keys))
        for activity in published.activities:
            use = ActivityUse(published, activity)
            for design in dict.fromkeys(activity.designs):
                site.designs[design].append(use)
            site.environments[activity.environment].append(use)
            for factor in dict.fromkeys(activity.factors or []):
                site.factors[factor].append(use)
            # Named, or continued through the crosswalk: as the plan page and the coverage read it.
            for standard in site.expand(reference.citations()[name] for name in activity.standards or []):
                site.standards_by_activity[standard].append(use)
    return site


def step_engages(reference: Reference, step: Step) -> list[str]:
    """The standards of every shown framework that a step engages: its own, and through the crosswalks theirs."""
    return expand(reference, step.standards)


def expand(reference: Reference, keys: Iterable[str]) -> list[str]:
    """The standards of every shown framework that standards of any of them amount to, in the site's order.

    A standard stands for itself in its own framework and, through the crosswalks (which all lead from and to the
    steps' framework), for its counterparts in the others: `data` is also `spl-2022/evidence`, and
    `spl-2022/professional-expertise` is also `outcomes`, but not the other 2022 standard that continues it.
    """
    base = reference.base
    found = set(keys)
    for key in list(found):
        framework, standard = reference.standard(key)
        base_ids = [standard.id] if framework is base else framework.predecessors(standard.id)
        for other in reference.frameworks.values():
            if other is framework:
                continue
            successors = base_ids if other is base else [s for b in base_ids for s in other.successors(b)]
            found.update(reference.key(other.id, s) for s in successors)
    return [key for key in reference.standard_keys() if key in found]
