"""A plan's backward chain, read both ways: student needs → goals → educator needs → activities → evaluation.

Plans name what they serve (a goal its student needs, an activity its educator needs); the plan page also
shows what serves each item, and one row per goal with everything behind and after it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from backmap_site.format.plan import CHAIN_LINKS, CHAIN_LISTS, IDENTIFIED, EvaluationItem, Goal, Plan

Backlinks = dict[str, dict[str, list[str]]]


@dataclass(frozen=True)
class ChainRow:
    """One goal with the student needs it addresses and the educator needs, activities and evaluation that serve it."""

    goal: Goal
    student_needs: list[str]
    educator_needs: list[str]
    activities: list[str]
    evaluation: list[str]
    """Evaluation items that name the goal, then those that name one of its activities (each once)."""


def evaluation_items(plan: Plan) -> list[EvaluationItem]:
    learning = plan.steps.professional_learning
    return list((learning and learning.evaluation) or [])


def backlinks(plan: Plan) -> Backlinks:
    """The plan's references read backwards, in the plan's order, by the field that makes them (`CHAIN_LINKS`):
    `backlinks["Goal.student_needs"]["SN1"]` is the goals that name SN1, [G1, …]."""
    links: Backlinks = defaultdict(lambda: defaultdict(list))
    for link in CHAIN_LINKS:
        if link.source not in IDENTIFIED:
            continue
        for item in CHAIN_LISTS[link.source].items(plan):
            for target in getattr(item, link.field) or []:
                if item.id not in links[link.name][target]:  # an id named twice is one link
                    links[link.name][target].append(item.id)
    return links


def chain_rows(plan: Plan, links: Backlinks) -> list[ChainRow]:
    """One row per goal, in the plan's order, from the plan's `backlinks`."""
    rows = []
    for goal in plan.steps.improvement_goals or []:
        educator_needs = links["EducatorNeed.goals"][goal.id]
        activities = list(dict.fromkeys(a for n in educator_needs for a in links["Activity.educator_needs"][n]))
        evaluation = list(dict.fromkeys(
            [*links["EvaluationItem.goals"][goal.id], *(e for a in activities for e in links["EvaluationItem.activities"][a])]
        ))
        rows.append(ChainRow(goal, list(dict.fromkeys(goal.student_needs)), educator_needs, activities, evaluation))
    return rows


def evaluation_by_level(plan: Plan) -> list[tuple[int, list[EvaluationItem]]]:
    """The evaluation items grouped by level, from level 5 (student learning) down to 1: planned backwards,
    as Guskey's levels are; items keep the plan's order within a level."""
    groups: dict[int, list[EvaluationItem]] = {}
    for item in evaluation_items(plan):
        groups.setdefault(item.level, []).append(item)
    return sorted(groups.items(), key=lambda group: -group[0])
