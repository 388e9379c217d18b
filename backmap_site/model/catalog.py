"""The catalog of listed plans as data: facets for the browser, and the open-data exports.

A state office aggregates districts' plans from `/plans.json`, `/plans.csv` and
`/activities.csv`; the plans browser filters with the same facets. Only listed
(public) plans are ever in them.
"""

from __future__ import annotations

import csv
import io
import json
import os
import textwrap
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from typing import Any
from urllib.parse import urljoin

from backmap_site.format.markup import plain_text
from backmap_site.format.plan import FORMAT_VERSION, LEVELS, STATUSES, Activity
from backmap_site.model.site import LEVEL_TITLES, PublishedPlan, Site
from backmap_site.model.totals import given_sum, quantity, resources
from backmap_site.model.urls import Settings
from backmap_site.reference.content import Design
from backmap_site.reference.layers import packaged_ids

FACETS = ("level", "source", "standard", "design", "environment", "subject", "grade", "year", "status")
"""The browser's filters, in order; each is also its URL query key and form control name. `source` (the site a
plan was harvested from) has values only on a state site that harvests others."""
OWN = "this-site"
"""The `source` of a harvesting site's own plans."""


def build_date() -> str:
    """Today in UTC, or the date of SOURCE_DATE_EPOCH, so that builds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.date().isoformat()


_FACETS: weakref.WeakKeyDictionary[PublishedPlan, dict[str, list[str]]] = weakref.WeakKeyDictionary()


def facets(site: Site, published: PublishedPlan) -> dict[str, list[str]]:
    """The values a plan has for every facet; worked out once per plan, which belongs to one site."""
    if published not in _FACETS:
        _FACETS[published] = _facets(site, published)
    return _FACETS[published]


def _facets(site: Site, published: PublishedPlan) -> dict[str, list[str]]:
    plan = published.plan
    activities = published.activities
    named = set(named_standards(site, published))
    origin = published.origin
    return {
        "level": [plan.level],
        "source": [origin.source] if origin else [OWN] if site.harvests else [],
        "standard": [s for s in site.reference.standard_keys() if s in published.standards or s in named],
        "design": sorted({d for a in activities for d in a.designs}),
        "environment": sorted({a.environment for a in activities}),
        "subject": sorted(set(plan.subjects or [])),
        "grade": sorted(set(plan.grades or [])),
        "year": [plan.school_year],
        "status": [plan.status],
    }


def facet_values(site: Site) -> dict[str, list[tuple[str, str, int]]]:
    """Every facet's values as (value, label, number of plans), in display order."""
    counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
    for published in site.listed:
        for facet, values in facets(site, published).items():
            for value in values:
                counts[facet][value] = counts[facet].get(value, 0) + 1
    reference = site.reference
    labels = {
        "level": LEVEL_TITLES,
        "standard": {key: reference.standard_label(key) for key in reference.standard_keys()},
        "design": {d.id: d.title for d in reference.designs},
        "environment": {e.id: e.title for e in reference.environments},
        "source": {source or OWN: name for source, name in site.sources().items()},
    }
    orders = {"level": list(LEVELS), "status": list(STATUSES), "standard": reference.standard_keys(),
              "source": [source or OWN for source in site.sources()],
              "design": list(reference.designs.items), "environment": list(reference.environments.items)}
    result = {}
    for facet in FACETS:
        values = orders.get(facet) or sorted(counts[facet], key=str.casefold)
        shown = [v for v in values if v in counts[facet] or facet == "level"]
        result[facet] = [(v, labels.get(facet, {}).get(v, v), counts[facet].get(v, 0)) for v in shown]
    return result


PAGE_SIZE = 50
"""Plans on a page of the plans browser, and shown at a time where it filters them."""


def card(site: Site, published: PublishedPlan) -> dict[str, Any]:
    """A plan as the plans browser shows it: the same words on a page of the list and where its script draws them."""
    if published not in _CARDS:
        _CARDS[published] = _card(site, published)
    return _CARDS[published]


_CARDS: weakref.WeakKeyDictionary[PublishedPlan, dict[str, Any]] = weakref.WeakKeyDictionary()


def _card(site: Site, published: PublishedPlan) -> dict[str, Any]:
    plan = published.plan
    meta = [LEVEL_TITLES[plan.level], plan.organization, plan.school_year, plan.status] + (
        [f"updated {plan.updated}"] if plan.updated else [])
    tags = []
    if plan.subjects or plan.grades:
        tags.append(" · ".join(([f"Subjects: {', '.join(plan.subjects)}"] if plan.subjects else [])
                               + ([f"Grades: {', '.join(plan.grades)}"] if plan.grades else [])))
    designs = facets(site, published)["design"]
    if designs:
        tags.append("Designs: " + "; ".join(site.reference.designs[d].title for d in designs))
    return {"title": plan.title, "meta": " · ".join(meta), "summary": textwrap.shorten(plain_text(plan.summary), 300, placeholder=" …"),
            "tags": tags, "updated": str(plan.updated or "")}


def browser_entry(site: Site, published: PublishedPlan) -> dict[str, Any]:
    """A plan in the browser's index: its card and its facets; its words are searched in the site's search."""
    return {"id": published.id, **card(site, published), **facets(site, published)}


def browser_index(entries: list[dict[str, Any]]) -> str:
    """The static index the plans browser filters and draws its cards from: the listed plans, in page order."""
    return json.dumps({"facets": list(FACETS), "plans": entries}, ensure_ascii=False, separators=(",", ":"))


def standards_by_framework(site: Site, published: PublishedPlan) -> dict[str, list[str]]:
    """The standards a plan engages, by framework (the primary first), as the ids of each framework."""
    reference = site.reference
    result: dict[str, list[str]] = {framework.id: [] for framework in reference.in_order()}
    for key in facets(site, published)["standard"]:
        framework, standard = reference.standard(key)
        result[framework.id].append(standard.id)
    return result


def plan_record(site: Site, published: PublishedPlan, settings: Settings) -> dict[str, Any]:
    """A plan in `plans.json`: where it is (its page, its file, its source in the repository and the link that
    edits it), its data as written, and the standards it engages in every shown framework."""
    base = settings.site_url or ""
    origin = published.origin
    return {"id": published.id, "url": urljoin(base, f"plans/{published.id}/"), "yaml": urljoin(base, f"plans/{published.id}.yaml"),
            "path": None if origin or not settings.in_project(published.source) else settings.repo_path(published.source),
            "edit": origin.edit if origin else settings.edit_url(published.source),
            **({"source": {"id": origin.source, "name": origin.name, "url": origin.page, "harvested": origin.fetched}} if origin else {}),
            **published.data, "engages": standards_by_framework(site, published)}


def own_designs(site: Site) -> list[Design]:
    """The learning designs of this site's own content (none of the package's, none harvested): a state harvests them
    with the plans that use them."""
    packaged = packaged_ids("designs")
    return [design for design in site.reference.designs if design.id not in packaged and "/" not in design.id]


def plans_json(site: Site, settings: Settings) -> str:
    """The listed plans as one file, led by the site's own description: what a state's harvest reads. The URLs
    are absolute when the site has a `site_url`."""
    base = settings.site_url or ""
    edit = settings.edit_url(settings.root / "__path__")  # the link that edits a file, by its path in the repository
    data = {
        "site": {"name": site.customization.site_name, "url": settings.site_url, "repository": settings.repo_url,
                 "plans_folder": settings.repo_path(settings.plans) if settings.plans else None,
                 "edit": edit and edit.replace("__path__", "{path}"),
                 "designs": [{"id": design.id, "title": design.title, "yaml": urljoin(base, f"designs/{design.id}.yaml")}
                             for design in own_designs(site)]},
        "format": FORMAT_VERSION, "generator": f"backmap-site {version('backmap-site')}", "built": build_date(),
        "plans": [plan_record(site, p, settings) for p in site.listed],
    }
    return json.dumps(data, ensure_ascii=False) + "\n"  # no indent: indenting takes json's slow pure-Python path


def _cell(value: Any) -> str:
    """A CSV cell; text that a spreadsheet would run as a formula is prefixed with a quote.

    Sums of hours and money are written to the cent, as the plan page shows them (0.1 + 0.2 is `0.3`).
    """
    if isinstance(value, (list, tuple)):
        value = "; ".join(map(str, value))
    if isinstance(value, float):
        value = quantity(value, grouping=False)
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # lines end in \r\n (RFC 4180); a cell with a line break of either kind is quoted
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return buffer.getvalue()


PER_FRAMEWORK = "standards_<framework>"
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "plans.csv": (
        ("id", "The plan's id: its page is `/plans/<id>/`; a harvested plan's id is `<source>/<id>`."),
        ("source", "The site the plan was harvested from (its id in the site's sources); blank for the site's own."),
        ("title", "The plan's title."), ("level", "state, system, school or individual."),
        ("organization", "Who the plan belongs to."), ("team", "The department, team or PLC that made it; blank if none given."),
        ("parent", "The id of the plan it nests in, or that plan's address on another site; blank if none."),
        ("school_year", "The school year, like 2026-27."), ("status", "draft, approved, in-progress, completed or archived."),
        ("subjects", "Its subjects, separated by `; `."), ("grades", "Its grades, separated by `; `."),
        ("updated", "When it was last revised (YYYY-MM-DD); blank if not given."),
        ("approved_by", "Who approved it; blank if not given."), ("approved_on", "When (YYYY-MM-DD); blank if not given."),
        ("activities", "How many learning activities it has."),
        ("designs", "The learning designs its activities use (ids), separated by `; `."),
        ("environments", "Their environments: online, in-person, hybrid."),
        ("standards", "The standards of the primary framework its steps and activities engage (ids), separated by `; `."),
        ("hours", "Hours of learning per participant, summed over the activities that give them; blank if none does."),
        ("cost", "The cost of its resources, summed over those that give one; blank if none does."),
        (PER_FRAMEWORK, "The same standards in each other framework the site shows, through the crosswalk."),
    ),
    "activities.csv": (
        ("plan", "The plan's id."), ("source", "The site the plan was harvested from; blank for the site's own."),
        ("plan_title", "The plan's title."), ("level", "The plan's level."), ("school_year", "The plan's school year."),
        ("activity", "The activity's id in its plan (A1)."), ("title", "The activity's title."),
        ("designs", "The learning designs it uses (ids), separated by `; `."), ("environment", "online, in-person or hybrid."),
        ("hours", "Hours of learning per participant; blank if not given."), ("audience", "Who takes part."),
        ("start", "Its first day (YYYY-MM-DD); blank if not given."), ("end", "Its last day; blank if not given."),
        ("standards", "The standards of the primary framework it names (ids), directly or through the crosswalk."),
        (PER_FRAMEWORK, "The standards of each other framework it names, directly or through the crosswalk."),
    ),
    "resources.csv": (
        ("plan", "The plan's id."), ("source", "The site the plan was harvested from; blank for the site's own."),
        ("item", "What is needed (staff time, substitutes, materials, stipends)."),
        ("cost", "Its cost, as a number; blank if not given (0 is a cost of nothing)."),
        ("funding", "The funding source, as an id of the site's funding sources (listed below); `other` for a source "
                    "none of them names; blank if not given."),
        ("funding_as_written", "The funding source in the plan's own words; blank if not given."),
    ),
}
"""Every column of the open data, with what it holds: the files' headers, and the /data/ page that documents them."""


FILES = {"plans.csv": "One row a plan.", "activities.csv": "One row a learning activity of a plan.",
         "resources.csv": "One row a resource a plan needs, and who pays for it."}


def documented(site: Site) -> dict[str, list[tuple[str, str]]]:
    """Every CSV file's columns with what each holds, a `standards_<framework>` column for each other framework."""
    others = [framework.id for framework in site.reference.in_order()[1:]]
    return {name: [(column, meaning) for name_, meaning in COLUMNS[name]
                   for column in ([f"standards_{other}" for other in others] if name_ == PER_FRAMEWORK else [name_])]
            for name in FILES}


def header(name: str, site: Site) -> list[str]:
    """A file's columns, a `standards_<framework>` column for each framework shown beside the primary."""
    return [column for column, _ in documented(site)[name]]


def plans_csv(site: Site) -> str:
    """One row per listed plan; `standards` in the primary framework, then a column for each other one."""
    others = [framework.id for framework in site.reference.in_order()[1:]]
    rows = []
    for p in site.listed:
        plan, values, standards = p.plan, facets(site, p), standards_by_framework(site, p)
        rows.append([p.id, p.origin and p.origin.source, plan.title, plan.level, plan.organization, plan.team, plan.parent,
                     plan.school_year, plan.status, plan.subjects, plan.grades, plan.updated, plan.approval and plan.approval.by,
                     plan.approval and plan.approval.date, len(p.activities), values["design"], values["environment"],
                     standards[site.reference.primary], given_sum(a.hours for a in p.activities),
                     given_sum(r.cost for r in resources(plan)), *(standards[framework] for framework in others)])
    return _csv(header("plans.csv", site), rows)


def activities_csv(site: Site) -> str:
    """One row per activity of the listed plans; the standards it names split by framework, as in `plans.csv`."""
    frameworks = [framework.id for framework in site.reference.in_order()]
    rows = []
    for p in site.listed:
        for a in p.activities:
            named: dict[str, list[str]] = {framework: [] for framework in frameworks}
            for key in named_standards(site, p, a):
                framework, standard = site.reference.standard(key)
                named[framework.id].append(standard.id)
            rows.append([p.id, p.origin and p.origin.source, p.plan.title, p.plan.level, p.plan.school_year, a.id, a.title,
                         a.designs, a.environment, a.hours, a.audience, a.start, a.end, *named.values()])
    return _csv(header("activities.csv", site), rows)


def resources_csv(site: Site) -> str:
    """One row per resource of the listed plans: what the learning costs, and who pays."""
    rows = [[p.id, p.origin and p.origin.source, r.item, r.cost, funding_id(site, r.funding), r.funding]
            for p in site.listed for r in resources(p.plan)]
    return _csv(header("resources.csv", site), rows)


def funding_id(site: Site, funding: str | None) -> str | None:
    """The funding source a resource names, as an id of the site's vocabulary: `other` when it names none of them."""
    return (site.reference.funding.classify(funding)[0] or "other") if funding else None


def named_standards(site: Site, published: PublishedPlan, activity: Activity | None = None) -> list[str]:
    """The standards a plan's activities (or one of them) name, in every shown framework through the crosswalks."""
    citations = site.reference.citations()
    chosen = [activity] if activity else published.activities
    return site.expand(citations[name] for a in chosen for name in a.standards or [])


@dataclass(frozen=True)
class Engagement:
    """How a plan engages one standard, as a coverage cell says it."""

    label: str
    """The steps and the activities that engage it: `steps 1, 7 · A1`."""
    anchor: str
    """Where on the plan's page to look: the first step's section, else the first activity."""
    named: bool
    """Whether an activity names it (directly or through the crosswalk): the coverage page marks those cells apart."""


def engagement(site: Site, published: PublishedPlan, framework: str | None = None) -> dict[str, Engagement]:
    """How a plan engages each standard of a framework (the steps'), by standard key."""
    reference = site.reference
    step_numbers = {step.key: step.number for step in reference.steps}
    slugs = {step.key: step.id for step in reference.steps}
    chosen = reference.frameworks[framework or reference.base.id]
    named = {a.id: named_standards(site, published, a) for a in published.activities}
    result: dict[str, Engagement] = {}
    for standard_id in chosen.standards.items:
        key = reference.key(chosen.id, standard_id)
        keys = published.standards.get(key, [])
        activities = [a.id for a in published.activities if key in named[a.id]]
        if not keys and not activities:
            continue
        parts = [f"step{'s' if len(keys) > 1 else ''} {', '.join(str(step_numbers[k]) for k in keys)}"] if keys else []
        parts += [", ".join(activities)] if activities else []
        result[key] = Engagement(" · ".join(parts), slugs[keys[0]] if keys else activities[0], bool(activities))
    return result


def by_source(site: Site, plans: list[PublishedPlan]) -> list[tuple[str | None, list[PublishedPlan]]]:
    """`plans` grouped by the site they came from, named (this site's first); one unnamed group on a site that
    harvests none."""
    if not site.harvests:
        return [(None, plans)]
    groups: dict[str | None, list[PublishedPlan]] = {source: [] for source in site.sources()}
    for published in plans:
        groups[published.origin.source if published.origin else None].append(published)
    names = site.sources()
    return [(names[source], plans) for source, plans in groups.items() if plans]


def standard_levels(site: Site) -> dict[str, dict[str, int]]:
    """How many listed plans at each level engage each standard of every shown framework, by standard key: the
    plans browser's counts for that level and standard."""
    counts = {key: dict.fromkeys(LEVELS, 0) for key in site.reference.standard_keys()}
    for published in site.listed:
        for key in facets(site, published)["standard"]:
            counts[key][published.plan.level] += 1
    return counts


def design_levels(site: Site) -> dict[str, dict[str, int]]:
    """How many listed plans at each level use each design."""
    counts = {design: dict.fromkeys(LEVELS, 0) for design in site.reference.designs.items}
    for design, uses in site.designs.items():
        for plan in {use.plan for use in uses}:
            counts[design][plan.plan.level] += 1
    return counts
