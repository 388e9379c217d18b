"""A plan's backward chain, read both ways: student needs → goals → educator needs → activities → evaluation.

Plans name what they serve (a goal its student needs, an activity its educator needs); the plan page also
shows what serves each item, and one row per goal with everything behind and after it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from backmap_site.format.plan import EvaluationItem, Goal, Plan

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
    """The plan's references read backwards, in the plan's order: `goals_of_student_need[SN1]` is [G1, …]."""
    steps = plan.steps
    learning = steps.professional_learning
    links: Backlinks = defaultdict(lambda: defaultdict(list))

    def link(kind: str, target: str, source: str) -> None:
        if source not in links[kind][target]:  # an id named twice is one link
            links[kind][target].append(source)

    for goal in steps.improvement_goals or []:
        for student_need in goal.student_needs:
            link("goals_of_student_need", student_need, goal.id)
    for need in (steps.educator_learning_needs and steps.educator_learning_needs.needs) or []:
        for goal_id in need.goals:
            link("educator_needs_of_goal", goal_id, need.id)
    for activity in (learning and learning.activities) or []:
        for need_id in activity.educator_needs:
            link("activities_of_educator_need", need_id, activity.id)
    for item in evaluation_items(plan):
        for goal_id in item.goals or []:
            link("evaluation_of_goal", goal_id, item.id)
        for activity_id in item.activities or []:
            link("evaluation_of_activity", activity_id, item.id)
    return links


def chain_rows(plan: Plan, links: Backlinks) -> list[ChainRow]:
    """One row per goal, in the plan's order, from the plan's `backlinks`."""
    rows = []
    for goal in plan.steps.improvement_goals or []:
        educator_needs = links["educator_needs_of_goal"][goal.id]
        activities = list(dict.fromkeys(a for n in educator_needs for a in links["activities_of_educator_need"][n]))
        evaluation = list(dict.fromkeys(
            [*links["evaluation_of_goal"][goal.id], *(e for a in activities for e in links["evaluation_of_activity"][a])]
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
