"""The sample plans show the whole model: four levels, nested, many designs, every environment and level."""

from __future__ import annotations

import pytest

from backmap_site.model.validation import Validation, find_plan_files, validate_plans
from conftest import PLANS

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def checked(reference) -> Validation:
    return validate_plans(find_plan_files([PLANS]), reference)


def test_valid_with_zero_warnings(checked: Validation) -> None:
    assert checked.diagnostics == []
    assert len(checked.plans) == len(list(PLANS.rglob("*.yaml"))) == 9


def test_all_four_levels_nested_through_parent(checked: Validation) -> None:
    by_id = {p.id: p.plan for p in checked.plans}
    levels = [p.level for p in by_id.values()]
    assert levels.count("state") >= 1 and levels.count("system") >= 2
    assert levels.count("school") >= 3 and levels.count("individual") >= 2
    chains = set()
    for plan in by_id.values():
        chain = [plan.level]
        while plan.parent:
            plan = by_id[plan.parent]
            chain.append(plan.level)
        chains.add(tuple(chain))
    assert ("individual", "school", "system", "state") in chains


def test_designs_environments_and_evaluation_levels(checked: Validation) -> None:
    activities = [a for p in checked.plans if p.plan.steps.professional_learning
                  for a in p.plan.steps.professional_learning.activities or []]
    evaluation = [e for p in checked.plans if p.plan.steps.professional_learning
                  for e in p.plan.steps.professional_learning.evaluation or []]
    assert len({d for a in activities for d in a.designs}) >= 15
    assert {a.environment for a in activities} == {"online", "in-person", "hybrid"}
    assert {e.level for e in evaluation} == {1, 2, 3, 4, 5}
