"""The listed plans at a glance: the numbers behind the charts of `/insights/`, each a small table.

A state office asks which learning designs districts use, whether plans evaluate student learning, how
strong the research behind them is, and where the hours go. Each answer is one pass over the listed plans
(the same plans as the open data), so the page's cost grows linearly with them.
"""

from __future__ import annotations

from dataclasses import dataclass

from backmap_site.format.plan import LEVELS, STATUSES
from backmap_site.model.chain import evaluation_items
from backmap_site.model.site import LEVEL_TITLES, Site
from backmap_site.model.totals import Amount

EVIDENCE_TIERS = {1: "Tier 1: strong", 2: "Tier 2: moderate", 3: "Tier 3: promising", 4: "Tier 4: demonstrates a rationale"}
NO_TIER = "No tier given"


@dataclass(frozen=True)
class Row:
    label: str
    values: list[Amount]
    link: tuple[str, str] | None = None
    """The page the row is about, as (kind, id) for `urls.Links`."""

    @property
    def total(self) -> Amount:
        return sum(self.values)


@dataclass(frozen=True)
class Table:
    """One chart's data: rows of values, one per series (a chart with several series stacks them)."""

    id: str
    title: str
    about: str
    row_header: str
    series: list[str]
    rows: list[Row]
    unit: str
    """What the numbers count, such as `plans`."""

    @property
    def totals(self) -> bool:
        return len(self.series) > 1


def plans_by_level_and_status(site: Site) -> Table:
    counts = {level: dict.fromkeys(STATUSES, 0) for level in LEVELS}
    for published in site.listed:
        counts[published.plan.level][published.plan.status] += 1
    return Table("levels", "Plans by level and status", "How many plans there are at each level, by their status.",
                 "Level", list(STATUSES),
                 [Row(LEVEL_TITLES[level], list(counts[level].values())) for level in LEVELS], "plans")


def designs_by_level(site: Site) -> Table:
    """Activities naming each design, by the level of their plan: the rows of `activities.csv`, counted."""
    counts = {design: dict.fromkeys(LEVELS, 0) for design in site.reference.designs.items}
    for published in site.listed:
        for activity in published.activities:
            for design in dict.fromkeys(activity.designs):
                counts[design][published.plan.level] += 1
    return Table("designs", "Learning designs by level", "How many activities use each learning design, by the "
                 "level of their plan (an activity with two designs counts for both).",
                 "Learning design", [LEVEL_TITLES[level] for level in LEVELS],
                 [Row(design.title, list(counts[design.id].values()), ("design", design.id))
                  for design in site.reference.designs], "activities")


def evaluation_levels(site: Site) -> Table:
    counts = dict.fromkeys(range(1, 6), 0)
    for published in site.listed:
        for level in {item.level for item in evaluation_items(published.plan)}:
            counts[level] += 1
    titles = {level.level: level.title for level in site.reference.evaluation_levels.levels}
    return Table("evaluation", "Plans evaluating at each level", "How many plans have at least one evaluation item "
                 "at each of the five levels of evaluation, from participants' reactions to student learning.",
                 "Level of evaluation", ["Plans"],
                 [Row(f"{level}. {titles[level]}", [counts[level]], ("concept", "evaluation-levels")) for level in counts],
                 "plans")


def research_by_tier(site: Site) -> Table:
    counts = dict.fromkeys([*EVIDENCE_TIERS.values(), NO_TIER], 0)
    for published in site.listed:
        research = published.plan.steps.research
        for source in (research and research.sources) or []:
            counts[EVIDENCE_TIERS[source.evidence_level] if source.evidence_level else NO_TIER] += 1
    return Table("research", "Research sources by ESSA evidence tier", "How many research sources the plans cite "
                 "at each tier of evidence under the Every Student Succeeds Act.",
                 "Evidence tier", ["Sources"], [Row(tier, [count]) for tier, count in counts.items()], "sources")


def hours_by_environment(site: Site) -> Table:
    hours: dict[str, Amount] = dict.fromkeys(site.reference.environments.items, 0)
    for published in site.listed:
        for activity in published.activities:
            hours[activity.environment] += activity.hours or 0
    return Table("hours", "Hours by environment", "The hours of learning per participant that the plans' activities "
                 "give, by the environment they take place in (activities without hours count none).",
                 "Environment", ["Hours"],
                 [Row(e.title, [hours[e.id]], ("environment", e.id)) for e in site.reference.environments], "hours")


def plans_by_source(site: Site) -> Table:
    """A state site's plans by the site they came from (its own first), and their level."""
    sources = site.sources()
    counts = {source: dict.fromkeys(LEVELS, 0) for source in sources}
    for published in site.listed:
        counts[published.origin.source if published.origin else None][published.plan.level] += 1
    return Table("sources", "Plans by district", "How many plans each district's site (and this site) has, by level.",
                 "District", [LEVEL_TITLES[level] for level in LEVELS],
                 [Row(name, list(counts[source].values())) for source, name in sources.items()], "plans")


def tables(site: Site) -> list[Table]:
    """Every chart of the insights page, in reading order; a state site's first counts the plans of each district."""
    return [*([plans_by_source(site)] if site.harvests else []), plans_by_level_and_status(site), designs_by_level(site),
            evaluation_levels(site), research_by_tier(site), hours_by_environment(site)]
