"""Render the site model into pages and files: the engine-agnostic core, data in and pages out.

The kinds of page are listed in `registry`; their URLs come from `urls`; their templates share the one
environment of `templating`; what comes out is described in `output`. Plan pages, the bulk of a site, are
rendered apart: their bodies in worker processes while the engine builds the rest, and again only when what
they show has changed.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import yaml
from markupsafe import escape

from backmap_site.editor import editing
from backmap_site.format.diagnostics import GAP_CLOSED_IN, Diagnostic
from backmap_site.format.markup import plain_text
from backmap_site.format.plan import LEVELS, STEP_KEYS, schema_text
from backmap_site.model import catalog
from backmap_site.model.chain import evaluation_by_level
from backmap_site.model.site import LEVEL_TITLES, PublishedPlan, Site, step_engages
from backmap_site.model.totals import cost_by_funding, money, quantity, total_cost
from backmap_site.model.urls import Links, Settings, src_of
from backmap_site.reference.customization import Customization
from backmap_site.render.charts import bar_chart
from backmap_site.render.diagram import chain_diagram
from backmap_site.render.output import ASSETS, Asset, Output, Page, PlanOutput, RenderedAhead
from backmap_site.render.registry import PLAN, PageSpec, navigation, shown_kinds
from backmap_site.render.templating import environment
from backmap_site.utils.parallel import Ahead, ordered_map

EXCERPTS = 12
"""Pages that gather the plans' entries show this many in full, then a compact list of links."""

FACET_TITLES = {
    "level": "Level", "source": "District", "standard": "Standard", "design": "Learning design", "environment": "Environment",
    "subject": "Subject", "grade": "Grades", "year": "School year", "status": "Status",
}

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's, where PyYAML was built with it


class _Unrendered:
    """Stands in for a plan body's sections where only the page's Markdown is wanted."""

    def __getattr__(self, name: str) -> Any:
        return lambda *args: ""


class Renderer:
    def __init__(self, site: Site, settings: Settings) -> None:
        self.site = site
        self.settings = settings
        reference = site.reference
        self.env = environment(
            site=site, reference=reference, settings=settings, custom=site.customization, LEVELS=LEVELS, LEVEL_TITLES=LEVEL_TITLES,
            STEP_KEYS=STEP_KEYS, EXCERPTS=EXCERPTS, PAGE_SIZE=catalog.PAGE_SIZE, FACETS=catalog.FACETS, facet_titles=FACET_TITLES,
            factor_titles={f.id: f.title for group in reference.factors.groups for f in group.factors},
            attribute_titles={a.id: a.title for a in reference.attributes.attributes},
            level_titles={level.level: level.title for level in reference.evaluation_levels.levels},
            step_entries=step_entries, evaluation_by_level=evaluation_by_level, cost_by_funding=cost_by_funding,
            total_cost=total_cost, money=money, quantity=quantity,
            chain_diagram=chain_diagram, bar_chart=bar_chart,
            standards_by_framework=lambda published: catalog.standards_by_framework(site, published),
            step_to_plan=step_to_plan,
            crosswalked=lambda step, framework: [k for k in step_engages(reference, step) if reference.standard(k)[0].id == framework],
        )
        self.plan_body = self.env.get_template("plan.html.j2")

    def plan_page(self, published: PublishedPlan, sections: Any = None) -> Page:
        spec = PageSpec(src_of(PLAN, published.id), published.plan.title, {"p": published, "plan": published.plan},
                        published.source, plain_text(published.plan.summary))
        if sections is None:
            sections = self.plan_body.make_module({"page_src": spec.src, "edit_url": self.edit_url(spec), **spec.context})
        return self.page("plan.md.j2", replace(spec, context={**spec.context, "sections": sections}), listed=published.listed)

    def edit_url(self, spec: PageSpec) -> str | None:
        published = spec.context.get("p")
        if isinstance(published, PublishedPlan) and published.origin:
            return published.origin.edit  # a harvested plan is edited on its own site's repository
        return self.settings.edit_url(spec.source) if spec.source else None

    def page(self, template: str, spec: PageSpec, *, listed: bool = True) -> Page:
        edit_url = self.edit_url(spec)
        meta: dict[str, Any] = {"title": str(escape(spec.title)), "edit_url": edit_url or ""}
        # The theme's edit button reads `edit_url` (overrides/partials/actions.html), in every engine.
        if spec.description:
            meta["description"] = str(escape(" ".join(spec.description.split())[:300]))
        if spec.hide:
            meta["hide"] = list(spec.hide)
        if not listed or not spec.searched:
            meta["search"] = {"exclude": True}
        if not listed:
            meta["robots"] = "noindex"
        front = yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=True, width=10_000)
        fragments: list[str] = []
        body = self.env.get_template(template).render(
            page_src=spec.src, title=spec.title, edit_url=edit_url, fragments=fragments, **spec.context
        )
        return Page(spec.src, spec.title, f"---\n{front}---\n\n{body}", spec.source, listed, tuple(fragments))


def render_site(site: Site, settings: Settings, custom: Customization | None = None, previous: Output | None = None, *,
                parallel: bool = True) -> Output:
    """Every page and file of the site, in a stable order; plan pages whose inputs are unchanged come from `previous`.

    Plan bodies render in worker processes unless `parallel` is false.
    """
    custom = custom or Customization()
    site = replace(site, customization=custom)
    kinds = shown_kinds(custom)
    r = Renderer(site, settings)
    out = Output(rendered_from=(site.reference, settings, custom))
    reusable = previous.plans if previous and previous.rendered_from == out.rendered_from else {}
    inputs = {plan_id: published.page_inputs() for plan_id, published in site.plans.items()}
    plan_ids = [plan_id for plan_id in site.plans if plan_id not in reusable or reusable[plan_id].inputs != inputs[plan_id]]
    # Ids, not plans, cross to the workers (a plan pickles with all it links to); the plan bodies render
    # meanwhile, until the engine asks for them.
    bodies = Ahead(ordered_map(lambda plan_id: tuple(r.plan_page(site.plans[plan_id]).fragments), plan_ids,
                               parallel=parallel, caller_works=True))
    specs = {kind.name: list(kind.pages(site)) for kind in kinds}
    for kind in kinds:
        if kind.name == PLAN:
            out.pages += _plan_pages(site, r, out, bodies, plan_ids, inputs, reusable)
        out.pages += [r.page(kind.template, spec) for spec in specs[kind.name]]
    out.nav = navigation(kinds, specs, custom)
    out.own_titles = {page.src: page.title for page in custom.pages}
    out.assets += [
        Asset("plans/browser.json", content=catalog.browser_index([entry for p in site.listed
                                                                   if (entry := out.plans[p.id].browser_entry)])),
        Asset("schema/plan.schema.json", content=schema_text(own_ids(site))),
        Asset("plans.json", content=catalog.plans_json(site, settings)),
        Asset("plans.csv", content=catalog.plans_csv(site)),
        Asset("activities.csv", content=catalog.activities_csv(site)),
        Asset("resources.csv", content=catalog.resources_csv(site)),
        *(Asset(f"designs/{design.id}.yaml", site.reference.designs.sources[design.id]) for design in catalog.own_designs(site)),
        *(Asset(f"plans/{p.id}.yaml", p.source) for p in site.plans.values()),
        *(_editor_assets(site, settings) if custom.shows("editor") else []),
        *(Asset(f"{published}/{path.relative_to(folder).as_posix()}", path)
          for published, folder in ASSETS.items() for path in sorted(folder.rglob("*")) if path.is_file()),
    ]
    return out


def _plan_pages(site: Site, r: Renderer, out: Output, bodies: Ahead, plan_ids: list[str], inputs: dict[str, tuple],
                reusable: dict[str, PlanOutput]) -> list[Page]:
    """Each plan's page: its Markdown now, its body from the workers when the engine reads it."""
    rendering = {plan_id: i for i, plan_id in enumerate(plan_ids)}
    for plan_id, published in site.plans.items():
        if plan_id in rendering:
            page = r.plan_page(published, _Unrendered())
            page = replace(page, fragments=RenderedAhead(bodies, rendering[plan_id], len(page.fragments)))
            entry = catalog.browser_entry(site, published) if published.listed else None
            out.plans[plan_id] = PlanOutput(inputs[plan_id], page, entry)
        else:
            out.plans[plan_id] = reusable[plan_id]
    return [output.page for output in out.plans.values()]


def _editor_assets(site: Site, settings: Settings) -> list[Asset]:
    """The plan editor's data, and for each level the plans a plan of the level below may nest in."""
    from backmap_site.render.scaffold import schema_reference

    plans = settings.plans or settings.root / "plans"
    editor = Links(src_of("page", "editor"))
    data = editing.editor_data(
        site, repo_url=settings.repo_url, branch=settings.branch, plans_folder=settings.repo_path(plans),
        schema=schema_reference(settings.root, plans / "plan.yaml", settings.site_url),
        page_url=lambda kind, item_id: editor.html(kind, item_id) if site.customization.has_page(kind, item_id) else None,
        submit_email=site.customization.submit_email,
    )
    assets = [Asset("editor/data.json", content=json.dumps(data, ensure_ascii=False, separators=(",", ":")))]
    for level in LEVELS[:-1]:
        index = editing.parent_index(site, level, settings.repo_path)
        assets.append(Asset(f"editor/plans-{level}.json", content=json.dumps(index, ensure_ascii=False, separators=(",", ":"))))
    return assets


def own_ids(site: Site) -> dict[str, list[str]]:
    """The ids this site's plans may name: not the designs harvested from other sites (theirs to name)."""
    ids = site.reference.ids()
    return {**ids, "designs": [design for design in ids["designs"] if design not in site.design_origins]}


def step_to_plan(gap: Diagnostic) -> str | None:
    """The step where a gap in the chain is closed, else the item's own."""
    if gap.code in GAP_CLOSED_IN:
        return GAP_CLOSED_IN[gap.code]
    return str(gap.where[1]) if gap.where[:1] == ("steps",) and len(gap.where) > 1 else None


def step_entries(published: PublishedPlan, key: str) -> list[tuple[str | None, str, str]]:
    """A plan's entries for one step, as (anchor, label, plain text) for excerpts on the step's page."""
    entry = getattr(published.plan.steps, key)
    if key == "improvement_goals":
        return [(g.id, f"Goal {g.id}", plain_text(g.statement)) for g in entry]
    if key in ("student_learning_needs", "educator_learning_needs"):
        return [(n.id, f"Need {n.id}", plain_text(n.statement)) for n in entry.needs or []]
    if key == "context":
        fields = ("narrative", "department", "school", "system", "state", "federal")
        return [(None, name.capitalize(), plain_text(getattr(entry, name))) for name in fields if getattr(entry, name)]
    if key == "research":
        return [(None, "Source", s.citation) for s in entry.sources or []] or [(None, "Conditions", plain_text(entry.conditions or ""))]
    if key == "professional_learning":
        return [(a.id, f"{a.id}: {a.title}", ", ".join(a.designs)) for a in entry.activities or []]
    return [(None, str(m.date), f"{m.milestone} ({m.status})") for m in entry.milestones or []]
