"""Every kind of page the site has, in navigation order: where it lives, its template, what it shows.

Adding a kind of page is one entry here and one template in `templates/`. An entry's `pages(site)` lists its
pages, each with the variables its template reads; the site model (`site.Site`) is all a page may depend on,
so every page is rendered again when anything changes, except plan pages (rendered apart: `pages.render_site`
reuses those whose inputs are unchanged).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backmap_site.format.markup import plain_text
from backmap_site.model import catalog, insights
from backmap_site.model.site import LEVEL_TITLES, PublishedPlan, Site, step_engages
from backmap_site.model.urls import src_of
from backmap_site.reference.content import CONCEPT_FILES, FRAMEWORK_FILE
from backmap_site.reference.customization import Customization, without_heading


@dataclass(frozen=True)
class PageSpec:
    """One page to render."""

    src: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    """The template's own variables (besides the site's, in `pages.Renderer`)."""
    source: Path | None = None
    """The file a reader edits to change the page: its edit link."""
    description: str | None = None
    hide: tuple[str, ...] = ()
    """Material's `hide` front matter: `navigation`, `toc`."""
    searched: bool = True
    """Whether the site's search indexes it: a page of the plans list holds nothing its plans' pages do not."""


@dataclass(frozen=True)
class PageKind:
    name: str
    template: str
    pages: Callable[[Site], Iterable[PageSpec]]
    nav: str | None = None
    """The navigation section its pages go in (a kind with one page is an entry); None: not in the navigation."""
    section: str | None = None
    """The optional section of the site it belongs to (`customization.SECTIONS`); None: every site has it."""


def _one(folder: str, title: str, description: str | None = None, hide: tuple[str, ...] = (),
         **context: Callable[[Site], Any]) -> Callable[[Site], list[PageSpec]]:
    """A kind with a single page, `folder/index.md`; each of `context` is worked out from the site."""
    return lambda site: [PageSpec(src_of("page", folder), title, {k: make(site) for k, make in context.items()},
                                  description=description, hide=hide)]


def _paged(items: list[Any]) -> list[list[Any]]:
    """`items` cut into pages of `catalog.PAGE_SIZE`; one empty page when there are none."""
    return [items[start:start + catalog.PAGE_SIZE] for start in range(0, len(items), catalog.PAGE_SIZE)] or [[]]


def _card_pages(site: Site) -> list[list[dict[str, Any]]]:
    return _paged([{"id": p.id, **catalog.card(site, p)} for p in site.listed])


def _plans_pages(site: Site) -> Iterator[PageSpec]:
    pages = _card_pages(site)
    for number, cards in enumerate(pages[1:], start=2):
        yield PageSpec(src_of("plans-page", str(number)), f"Plans, page {number} of {len(pages)}",
                       {"cards": cards, "number": number, "pages": len(pages)}, hide=("toc",), searched=False)


def _coverage_pages(site: Site) -> Iterator[PageSpec]:
    def engagement(published: PublishedPlan, framework: str) -> dict[str, catalog.Engagement]:
        return catalog.engagement(site, published, framework)

    for level, plans in site.by_level().items():
        pages = _paged(plans) if plans else []
        for number, chunk in enumerate(pages, start=1):
            title = f"Coverage: {LEVEL_TITLES[level].lower()} plans" + (f", page {number} of {len(pages)}" if len(pages) > 1 else "")
            yield PageSpec(src_of("coverage", level if number == 1 else f"{level}/page_{number}"), title,
                           {"level": level, "number": number, "pages": len(pages), "count": len(plans),
                            "groups": catalog.by_source(site, chunk), "engagement": engagement},
                           hide=("toc",), searched=False)


def _home(site: Site) -> list[PageSpec]:
    """The home page: its title and opening text are the site's own (`content/index.md`), else its name."""
    custom = site.customization
    home = custom.home
    return [PageSpec(src_of("page", ""), home.title if home else custom.site_name,
                     {"intro": without_heading(home) if home else None}, home.source if home else None,
                     custom.site_description or (
                         "Professional learning plans built on the Backmapping Model: seven steps from student learning "
                         "needs to the professional learning that serves them."))]


def _steps(site: Site) -> Iterable[PageSpec]:
    for step in site.reference.steps:
        yield PageSpec(src_of("step", step.id), f"Step {step.number}: {step.title}",
                       {"step": step, "plans": site.steps[step.key]},
                       site.reference.steps.sources[step.id], step.summary)


def _standards(site: Site) -> Iterable[PageSpec]:
    for standard in site.reference.standards:
        yield PageSpec(src_of("standard", standard.id), standard.title,
                       {"standard": standard, "by_step": site.standards_by_step[standard.id],
                        "by_activity": site.standards_by_activity[standard.id]},
                       site.reference.standards.sources[standard.id], standard.summary)


def _frameworks(site: Site) -> Iterable[PageSpec]:
    """A page for each framework besides the steps' own (whose standards are the `standard` pages)."""
    for framework in site.reference.in_order():
        if framework is not site.reference.base:
            yield PageSpec(src_of("framework", framework.id), framework.info.title, {"framework": framework},
                           framework.source / FRAMEWORK_FILE, framework.info.summary)


def _framework_standards(site: Site) -> Iterable[PageSpec]:
    reference = site.reference
    for framework in reference.in_order():
        if framework is reference.base:
            continue
        groups = {group.id: group for group in framework.info.groups}
        for standard in framework.standards:
            key = reference.key(framework.id, standard.id)
            yield PageSpec(src_of("framework", key), standard.title,
                           {"framework": framework, "standard": standard, "key": key,
                            "group": groups.get(standard.group or ""),
                            "steps": [step for step in reference.steps if key in step_engages(reference, step)],
                            "by_step": site.standards_by_step[key], "by_activity": site.standards_by_activity[key]},
                           framework.standards.sources[standard.id], standard.summary)


def _designs(site: Site) -> Iterable[PageSpec]:
    for design in site.reference.designs:
        yield PageSpec(src_of("design", design.id), design.title, {"design": design, "uses": site.designs[design.id]},
                       site.reference.designs.sources[design.id], design.summary)


def _environments(site: Site) -> Iterable[PageSpec]:
    for environment in site.reference.environments:
        yield PageSpec(src_of("environment", environment.id), environment.title,
                       {"environment": environment, "uses": site.environments[environment.id]},
                       site.reference.environments.sources[environment.id], environment.summary)


def _concept(name: str) -> Callable[[Site], list[PageSpec]]:
    """A page of one concept file (`content/concepts/<file>.yaml`), with the template `concept-<name>.md.j2`."""
    def pages(site: Site) -> list[PageSpec]:
        concept = getattr(site.reference, name)
        return [PageSpec(src_of("concept", CONCEPT_FILES[name]), concept.title, {"concept": concept},
                         site.reference.concept_sources[name], plain_text(concept.intro))]
    return pages


PLAN = "plan"
"""Plan pages are rendered apart (`pages.render_site`): in other processes, and only when their inputs change."""

KINDS: list[PageKind] = [
    PageKind("home", "home.md.j2", _home, nav="Home"),
    PageKind("steps", "steps.md.j2", _one("steps", "The seven steps"), nav="Steps"),
    PageKind("step", "step.md.j2", _steps, nav="Steps"),
    PageKind("standards", "standards.md.j2", _one("standards", "Standards for Professional Learning"), nav="Standards"),
    PageKind("standard", "standard.md.j2", _standards, nav="Standards"),
    PageKind("frameworks", "frameworks.md.j2", _one(
        "frameworks", "Frameworks of standards", "The sets of standards plans cite, and the crosswalk between them.",
    ), nav="Standards", section="frameworks"),
    # A framework's standards are listed on its page and on /frameworks/: not every set in the navigation.
    PageKind("framework", "framework.md.j2", _frameworks, section="frameworks"),
    PageKind("framework-standard", "framework-standard.md.j2", _framework_standards, section="frameworks"),
    # 25 entries on every page cost more than they help: the catalog lists the designs.
    PageKind("designs", "designs.md.j2", _one("designs", "Learning designs"), nav="Designs"),
    PageKind("design", "design.md.j2", _designs),
    PageKind("concepts", "concepts.md.j2", _one("concepts", "Concepts"), nav="Concepts", section="concepts"),
    PageKind("environment", "environment.md.j2", _environments, section="concepts"),
    *(PageKind(f"concept-{name}", f"concept-{name.replace('_', '-')}.md.j2", _concept(name), section="concepts")
      for name in ("factors", "attributes", "cycle", "evaluation_levels", "glossary")),
    PageKind("plans", "plans.md.j2", _one(
        "plans", "Plans", "Browse and filter every published plan by level, standard, design, subject and more.",
        hide=("toc",), facets=catalog.facet_values, cards=lambda site: _card_pages(site)[0],
        pages=lambda site: len(_card_pages(site)),
    ), nav="Plans"),
    # The rest of the list, a page at a time, for readers without JavaScript; the first page is /plans/.
    PageKind("plans-page", "plans-page.md.j2", lambda site: _plans_pages(site)),
    PageKind(PLAN, "plan.md.j2", lambda site: ()),
    PageKind("editor", "editor.md.j2", _one(
        "editor", "Plan editor",
        "Plan the seven steps of the Backmapping Model in your browser, then download the plan or propose it on GitHub.",
        hide=("navigation", "toc")), nav="Plan editor", section="editor"),
    PageKind("coverage", "coverage.md.j2", _one(
        "coverage", "Coverage", "Which plans engage each standard, and how often each design is used at each level.",
        standard_levels=catalog.standard_levels, design_levels=catalog.design_levels,
        level_counts=lambda site: {level: len(plans) for level, plans in site.by_level().items()},
    ), nav="Coverage", section="coverage"),
    # Plan by plan, a level at a time and 50 plans to a page: a matrix of every plan is no page for a phone.
    PageKind("coverage-level", "coverage-level.md.j2", lambda site: _coverage_pages(site), section="coverage"),
    PageKind("insights", "insights.md.j2", _one(
        "insights", "Insights", "The listed plans at a glance: levels and status, learning designs, evaluation, "
        "research evidence and hours, each as a chart with its table.", tables=insights.tables,
    ), nav="Insights", section="insights"),
    PageKind("contribute", "contribute.md.j2", _one("contribute", "Contribute a plan"), nav="Contribute"),
    PageKind("data", "data.md.j2", _one(
        "data", "Open data", "The listed plans as open data: plans.json, plans.csv, activities.csv and resources.csv, "
        "with every column explained.", columns=catalog.documented, descriptions=lambda site: catalog.FILES,
    ), nav="Open data"),
]


def shown_kinds(custom: Customization) -> list[PageKind]:
    """The kinds of page a site has: every kind but those of the optional sections it leaves out."""
    return [kind for kind in KINDS if kind.section is None or custom.shows(kind.section)]


def navigation(kinds: list[PageKind], pages: dict[str, list[PageSpec]], custom: Customization) -> list[dict[str, Any]]:
    """MkDocs' `nav`: a section of each `nav` name, in order, then the site's own pages; a section of one page is
    a plain entry."""
    sections: dict[str, list[str]] = {}
    for kind in kinds:
        if kind.nav:
            sections.setdefault(kind.nav, []).extend(spec.src for spec in pages[kind.name])
    if custom.pages:
        sections.setdefault(custom.pages_section, []).extend(page.src for page in custom.pages)
    return [{name: srcs[0] if len(srcs) == 1 else srcs} for name, srcs in sections.items()]
