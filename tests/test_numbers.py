"""Every number and list the site derives from plan data (the backward chain, totals, standards, listings, coverage,
facets and the open-data exports), each checked against a value the test computes from the YAML itself.

Derived values once went wrong with the whole suite green (levels upside down, a chain missing evaluation, sums
that only kept the last cost, an empty cost column), so nothing here asks the code under test for an expectation.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import tempfile
import time
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backmap_site.format.markup import plain_text
from backmap_site.model import catalog, chain, insights, totals
from backmap_site.model.site import build_site
from backmap_site.model.urls import Settings
from backmap_site.model.validation import validate_plans
from backmap_site.render import diagram
from conftest import CONTENT, PLANS, shared
from sites import designed, plan

pytestmark = pytest.mark.unit

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# The format's fixed orders (documented in the README and the plan format), written out rather than imported.
LEVEL_ORDER = ("state", "system", "school", "individual")
STATUS_ORDER = ("draft", "approved", "in-progress", "completed", "archived")
FACET_ORDER = ("level", "source", "standard", "design", "environment", "subject", "grade", "year", "status")
LINK_KINDS = ("Goal.student_needs", "EducatorNeed.goals", "Activity.educator_needs",
              "EvaluationItem.goals", "EvaluationItem.activities")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# The content, read straight from content/ -------------------------------------------------------------------------


def _content(kind: str) -> list[tuple[str, dict]]:
    """(id, data) of each file of a content folder, in display order (`order`, then file name)."""
    items = [(path.stem, yaml.safe_load(path.read_text())) for path in (CONTENT / kind).glob("*.yaml")
             if path.name not in ("framework.yaml", "crosswalk.yaml")]
    return sorted(items, key=lambda item: (item[1].get("order") or item[1].get("number"), item[0]))


STEPS = _content("steps")
STEP_KEYS = [data["key"] for _, data in STEPS]
STEP_NUMBER = {data["key"]: data["number"] for _, data in STEPS}
STEP_SLUG = {data["key"]: slug for slug, data in STEPS}
STEP_STANDARDS = {data["key"]: data["standards"] for _, data in STEPS}
"""The 2011 standards each step engages; the 2022 ones follow through the crosswalk (`with_successors`)."""
BASE_STANDARDS = [slug for slug, _ in _content("standards")]
STANDARDS_2022 = [slug for slug, _ in _content("frameworks/spl-2022")]
CROSSWALK = yaml.safe_load((CONTENT / "frameworks" / "spl-2022" / "crosswalk.yaml").read_text())["links"]
STANDARDS = BASE_STANDARDS + [f"spl-2022/{slug}" for slug in STANDARDS_2022]
"""Every standard of the sample site (which shows both frameworks, the 2011 one primary) by its key."""
STANDARD_TITLES = {slug: data["title"] for slug, data in _content("standards")} | {
    f"spl-2022/{slug}": data["title"] + (f" / {data['renamed']['title']}" if "renamed" in data else "") + " (2022 standards)"
    for slug, data in _content("frameworks/spl-2022")}


def named_keys(names: list[str]) -> list[str]:
    """Standards an activity names, through the crosswalk both ways: a 2011 standard and the 2022 ones that continue
    it; a 2022 standard and the 2011 ones it continues (not their other successors)."""
    keys: set[str] = set()
    for name in names:
        slug = name.removeprefix("spl-2022/")
        keys |= {name, *(base for base, successors in CROSSWALK.items() if slug in successors)} if "/" in name \
            else set(with_successors([name]))
    return [s for s in STANDARDS if s in keys]


def with_successors(base: list[str]) -> list[str]:
    """2011 standards and the 2022 standards that continue them (the crosswalk), as keys in the site's order."""
    keys = set(base) | {f"spl-2022/{s}" for b in base for s in CROSSWALK.get(b, [])}
    return [s for s in STANDARDS if s in keys]
DESIGNS = [slug for slug, _ in _content("designs")]
DESIGN_TITLES = {slug: data["title"] for slug, data in _content("designs")}
ENVIRONMENTS = [slug for slug, _ in _content("environments")]
ENVIRONMENT_TITLES = {slug: data["title"] for slug, data in _content("environments")}
FACTORS = [f["id"] for group in yaml.safe_load((CONTENT / "concepts" / "factors.yaml").read_text())["groups"]
           for f in group["factors"]]

SAMPLES = {path.stem: yaml.safe_load(path.read_text()) for path in sorted(PLANS.rglob("*.yaml"))}


# What a plan's YAML says, read in plain Python ----------------------------------------------------------------------


def steps_of(raw: dict) -> dict:
    return raw.get("steps") or {}


def learning(raw: dict) -> dict:
    return steps_of(raw).get("professional_learning") or {}


def activities(raw: dict) -> list[dict]:
    return learning(raw).get("activities") or []


def resources(raw: dict) -> list[dict]:
    return learning(raw).get("resources") or []


def evaluation(raw: dict) -> list[dict]:
    return learning(raw).get("evaluation") or []


def goals(raw: dict) -> list[dict]:
    return steps_of(raw).get("improvement_goals") or []


def educator_needs(raw: dict) -> list[dict]:
    return (steps_of(raw).get("educator_learning_needs") or {}).get("needs") or []


def visibility(raw: dict) -> str:
    return raw.get("visibility", "public")


def status(raw: dict) -> str:
    return raw.get("status", "draft")


def written(raw: dict) -> list[str]:
    """The step keys a plan has written: present, and for the goals a non-empty list."""
    steps = steps_of(raw)
    return [key for key in STEP_KEYS if steps.get(key) is not None and (key != "improvement_goals" or steps[key])]


def engaged(raw: dict) -> dict[str, list[str]]:
    """Standard → the written steps that engage it, following content/steps/*.yaml."""
    found = {s: [key for key in written(raw) if s in with_successors(STEP_STANDARDS[key])] for s in STANDARDS}
    return {s: keys for s, keys in found.items() if keys}


def all_standards(raw: dict) -> list[str]:
    explicit = with_successors([s for a in activities(raw) for s in a.get("standards") or []])
    return [s for s in STANDARDS if s in engaged(raw) or s in explicit]


def listed_ids(raws: dict[str, dict]) -> list[str]:
    public = [i for i, raw in raws.items() if visibility(raw) == "public"]
    return sorted(public, key=lambda i: (LEVEL_ORDER.index(raws[i]["level"]), raws[i]["title"].casefold(), i))


def hours_given(plan) -> int | float:
    """The plan's hours of learning per participant, as the open data sums them (0 when none is given)."""
    learning = plan.steps.professional_learning
    return totals.given_sum(a.hours for a in (learning and learning.activities) or []) or 0


def add(amounts: list) -> int | float:
    total: int | float = 0
    for amount in amounts:
        total = total + amount
    return total


def hours_of(raw: dict) -> int | float:
    return add([a["hours"] for a in activities(raw) if a.get("hours") is not None])


def cost_of(raw: dict) -> int | float:
    return add([r["cost"] for r in resources(raw) if r.get("cost") is not None])


def funding_of(raw: dict) -> list[tuple[str, int | float]]:
    sources: dict[str, list] = {}
    for resource in resources(raw):
        sources.setdefault(resource.get("funding") or "Unspecified", []).append(resource.get("cost") or 0)
    return [(source, add(sources[source])) for source in sorted(sources)]


def assert_amount(actual: Any, expected: int | float) -> None:
    """Whole amounts stay whole numbers; amounts with cents match to the cent's rounding noise."""
    if isinstance(expected, int):
        assert type(actual) is int and actual == expected
    else:
        assert isinstance(actual, (int, float)) and actual == pytest.approx(expected, rel=1e-12, abs=1e-9)


def money_text(amount: int | float) -> str:
    """`1234.5` → `1,234.50`, `1200` → `1,200`, written out digit by digit."""
    cents = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    whole, fraction = f"{cents:f}".split(".")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    grouped = ",".join([whole, *groups])
    return grouped if fraction == "00" else f"{grouped}.{fraction}"


def expected_links(raw: dict) -> dict[str, dict[str, list[str]]]:
    def pointing(items: list[dict], field: str) -> dict[str, list[str]]:
        targets = dict.fromkeys(t for item in items for t in item.get(field) or [])
        return {t: [item["id"] for item in items if t in (item.get(field) or [])] for t in targets}

    return {
        "Goal.student_needs": pointing(goals(raw), "student_needs"),
        "EducatorNeed.goals": pointing(educator_needs(raw), "goals"),
        "Activity.educator_needs": pointing(activities(raw), "educator_needs"),
        "EvaluationItem.goals": pointing(evaluation(raw), "goals"),
        "EvaluationItem.activities": pointing(evaluation(raw), "activities"),
    }


def actual_links(links: dict) -> dict[str, dict[str, list[str]]]:
    return {kind: {k: list(v) for k, v in links.get(kind, {}).items() if v} for kind in LINK_KINDS}


def expected_rows(raw: dict) -> list[tuple]:
    rows = []
    for goal in goals(raw):
        needs = [n["id"] for n in educator_needs(raw) if goal["id"] in n["goals"]]
        serving: list[str] = []
        for need in needs:
            serving += [a["id"] for a in activities(raw) if need in a["educator_needs"] and a["id"] not in serving]
        items = [e["id"] for e in evaluation(raw) if goal["id"] in (e.get("goals") or [])]
        for activity in serving:
            items += [e["id"] for e in evaluation(raw)
                      if activity in (e.get("activities") or []) and e["id"] not in items]
        rows.append((goal["id"], list(goal["student_needs"]), needs, serving, items))
    return rows


def actual_rows(rows: list) -> list[tuple]:
    return [(r.goal.id, r.student_needs, r.educator_needs, r.activities, r.evaluation) for r in rows]


def expected_levels(raw: dict) -> list[tuple[int, list[str]]]:
    levels = [(level, [e["id"] for e in evaluation(raw) if e["level"] == level]) for level in (5, 4, 3, 2, 1)]
    return [(level, ids) for level, ids in levels if ids]


def as_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value.isoformat() if isinstance(value, date) else value


def cell(value: Any) -> str:
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = "" if value is None else str(value.isoformat() if isinstance(value, date) else value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# Building sites from YAML -------------------------------------------------------------------------------------------


def write_plans(folder: Path, raws: dict[str, dict]) -> list[Path]:
    paths = []
    for plan_id, raw in raws.items():
        path = folder / "plans" / f"{plan_id}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), encoding="utf-8")
        paths.append(path)
    return paths


def site_of(reference, paths: list[Path]):
    validation = validate_plans(paths, reference, parallel=False)
    assert validation.errors == []
    return build_site(reference, validation)


def one_plan(reference, raw: dict):
    with tempfile.TemporaryDirectory() as folder:
        validation = validate_plans(write_plans(Path(folder), {"generated-plan": raw}), reference, parallel=False)
    assert validation.errors == [] and len(validation.plans) == 1
    return validation.plans[0].plan


@pytest.fixture(scope=shared)
def sample_built(reference):
    return site_of(reference, sorted(PLANS.rglob("*.yaml")))


def _activity(activity_id: str, needs: list[str], **fields: Any) -> dict:
    return {"id": activity_id, "title": f"Activity {activity_id}", "designs": ["lesson-study"], "environment": "online",
            "audience": "Teachers", "schedule": "Weekly", "educator_needs": needs, **fields}


def _evaluation(item_id: str, level: int, **links: Any) -> dict:
    return {"id": item_id, "question": "Q?", "level": level, "evidence": "e", "timing": "t", **links}


def _alpha() -> dict:
    raw = designed("alpha plan", team="Grade 6 math", subjects=["Mathematics", "ELA", "Mathematics"],
                   grades=["6-8"], updated="2026-08-01")
    steps = raw["steps"]
    steps["context"] = {}  # present, so written, though it says nothing
    steps["student_learning_needs"]["needs"].append({"id": "SN2", "statement": "Another need."})
    steps["improvement_goals"].append({**steps["improvement_goals"][0], "id": "G2", "student_needs": ["SN2", "SN1"]})
    steps["educator_learning_needs"]["needs"].append({"id": "EN2", "statement": "Need.", "goals": ["G2", "G1"]})
    steps["professional_learning"] = {
        "activities": [
            _activity("A1", ["EN1"], designs=["lesson-study", "coaching", "lesson-study"], hours=2.5,
                      standards=["data", "leadership", "data"], factors=["time-available", "time-available"]),
            _activity("A2", ["EN2", "EN1"], designs=["workshops"], environment="in-person", hours=3,
                      start="2026-09-01", end="2026-10-01", standards=["outcomes"], factors=["monitoring-system"]),
            _activity("A3", ["EN2"], designs=["coaching"], environment="hybrid"),
        ],
        "resources": [
            {"item": "Substitutes", "cost": 1200, "funding": "Title II-A"},
            {"item": "Books", "cost": 34.5, "funding": "Local"},
            {"item": "Stipends", "cost": 800, "funding": "Title II-A"},
            {"item": "Snacks", "cost": 20.25},
            {"item": "Volunteer time", "funding": "Local"},
            {"item": "Room", "cost": 100},
        ],
        "evaluation": [
            _evaluation("E1", 2, activities=["A1"]),
            _evaluation("E2", 5, goals=["G1", "G2"]),
            _evaluation("E3", 4, activities=["A2", "A1"]),
            _evaluation("E4", 5, goals=["G2"], activities=["A3"]),
            _evaluation("E5", 2, activities=["A3"]),
        ],
    }
    return raw


def _zeta() -> dict:
    raw = designed("Zeta plan", parent="z-alpha", subjects=["ela"], grades=["6-8", "K-2"])
    raw["steps"]["professional_learning"]["activities"][0]["designs"] = ["coaching"]
    raw["steps"]["professional_learning"]["activities"][0]["hours"] = 12
    raw["steps"]["professional_learning"]["resources"] = [{"item": "Release time", "cost": 0.1},
                                                          {"item": "Coaching", "cost": 0.2}]
    return raw


def _beta() -> dict:
    return plan("Beta system plan", level="system", subjects=["Mathematics"],
                steps={"student_learning_needs": {"needs": [{"id": "SN1", "statement": "Need."}]},
                       "improvement_goals": [],  # an empty list is not a written step
                       "implementation": {"milestones": [{"date": "2026-09-01", "milestone": "Start",
                                                          "status": "planned"}]}})


def _escape() -> dict:
    raw = designed("=SUM(1+1)", level="individual", organization="+Org", team="-Team", subjects=["@mention"],
                   grades=["\tK"], status="approved", approval={"by": "=Board", "date": "2026-06-30"})
    raw["steps"]["context"] = {"school": "A school."}
    raw["steps"]["research"] = {"narrative": "Reading."}
    activity = raw["steps"]["professional_learning"]["activities"][0]
    activity.update(title="\tTabbed", audience="-everyone", designs=["data-analysis"], environment="hybrid",
                    hours=1.25, standards=["resources"])
    raw["steps"]["professional_learning"]["resources"] = [{"item": "Fees", "cost": 99.99, "funding": "Grant"}]
    return raw


def _hidden(title: str, visibility: str) -> dict:
    raw = designed(title, visibility=visibility, level="state", subjects=["Hidden subject"])
    raw["steps"]["context"] = {"state": "State."}
    activity = raw["steps"]["professional_learning"]["activities"][0]
    activity.update(designs=["socratic-seminars"], environment="in-person", standards=["implementation"],
                    factors=["stability-of-leadership"])
    raw["steps"]["professional_learning"]["resources"] = [{"item": "Hidden", "cost": 5, "funding": "Secret"}]
    return raw


SYNTHETIC = {
    "z-alpha": _alpha(),
    "a-zeta": _zeta(),
    "m-beta": _beta(),
    "escape": _escape(),
    "unlisted-plan": _hidden("Unlisted plan", "unlisted"),
    "private-plan": _hidden("Private plan", "private"),
}


@pytest.fixture(scope=shared)
def synthetic(reference, tmp_path_factory):
    return site_of(reference, write_plans(tmp_path_factory.mktemp("numbers"), SYNTHETIC))


def _family_raws() -> dict[str, dict]:
    """A district with listed, unlisted and private schools, a plan under a private one, and a plan with a gap."""
    gap = designed("Gap school", parent="district")
    gap["steps"]["student_learning_needs"]["needs"].append({"id": "SN2", "statement": "Forgotten need."})
    return {
        "district": plan("District", level="system"),
        "school-b": plan("School B", parent="district", steps={  # steps 1 and 3 engage only two standards
            "student_learning_needs": {"needs": [{"id": "SN1", "statement": "Need."}]},
            "improvement_goals": [{"id": "G1", "statement": "Goal.", "measure": "m", "baseline": "b", "target": "t",
                                   "due": "2027-05-01", "student_needs": ["SN1"]}]}),
        "school-a": plan("School A", parent="district"),
        "quiet-school": plan("Quiet school", parent="district", visibility="unlisted"),
        "hidden-school": plan("Hidden school", parent="district", visibility="private"),
        "hidden-district": plan("Hidden district", level="system", visibility="private"),
        "under-hidden": plan("Under hidden", parent="hidden-district"),
        "gap": gap,
    }


@pytest.fixture(scope=shared)
def family(reference, tmp_path_factory):
    """The family's site, with what the validator said of each file."""
    raws = _family_raws()
    validation = validate_plans(write_plans(tmp_path_factory.mktemp("family"), raws), reference, parallel=False)
    assert validation.errors == [] and validation.notes  # its plans are drafts: their gaps are notes
    return build_site(reference, validation), validation, raws


@pytest.fixture(params=["samples", "synthetic", "family"])
def built(request):
    """A site with the YAML it was built from."""
    if request.param == "family":
        site, _, raws = request.getfixturevalue("family")
        return site, raws
    if request.param == "samples":
        return request.getfixturevalue("sample_built"), SAMPLES
    return request.getfixturevalue("synthetic"), SYNTHETIC


# The backward chain ------------------------------------------------------------------------------------------------


def test_backlinks_read_every_reference_backwards(built) -> None:
    site, raws = built
    for plan_id, published in site.plans.items():
        assert actual_links(published.backlinks) == expected_links(raws[plan_id])
        assert actual_links(chain.backlinks(published.plan)) == expected_links(raws[plan_id])


def test_chain_rows_hold_each_goal_with_all_that_serves_it(built) -> None:
    site, raws = built
    for plan_id, published in site.plans.items():
        assert actual_rows(chain.chain_rows(published.plan, chain.backlinks(published.plan))) == expected_rows(raws[plan_id])
        assert actual_rows(published.chain) == expected_rows(raws[plan_id])


def test_chain_rows_include_evaluation_reached_only_through_activities(synthetic) -> None:
    rows = {r.goal.id: r for r in chain.chain_rows(synthetic.plans["z-alpha"].plan, synthetic.plans["z-alpha"].backlinks)}
    # G1 ← EN1, EN2 ← A1, A2, A3; E2 names G1, the rest evaluate its activities.
    assert rows["G1"].activities == ["A1", "A2", "A3"]
    assert rows["G1"].evaluation == ["E2", "E1", "E3", "E4", "E5"]
    assert rows["G2"].educator_needs == ["EN2"] and rows["G2"].activities == ["A2", "A3"]
    assert rows["G2"].evaluation == ["E2", "E4", "E3", "E5"]


def test_evaluation_levels_run_from_5_down_to_1(built) -> None:
    site, raws = built
    for plan_id, published in site.plans.items():
        got = [(level, [item.id for item in items]) for level, items in chain.evaluation_by_level(published.plan)]
        assert got == expected_levels(raws[plan_id])
        levels = [level for level, _ in got]
        assert levels == sorted(set(levels), reverse=True)


names = st.sampled_from(["Title I", "Title II-A", "Local", "Grant"])
amounts = st.one_of(st.integers(0, 10**7), st.integers(0, 10**7).map(lambda cents: cents / 100),
                    st.integers(0, 99).map(lambda tenths: tenths / 10))


def _some(draw, ids: list[str], low: int) -> list[str]:
    return draw(st.lists(st.sampled_from(ids), unique=True, min_size=low, max_size=len(ids))) if ids else []


@st.composite
def chained_plans(draw) -> dict:
    """A small plan with random links among existing ids, costs, hours and funding."""
    needs = [f"SN{i}" for i in range(1, draw(st.integers(1, 3)) + 1)]
    goal_ids = [f"G{i}" for i in range(1, draw(st.integers(1, 3)) + 1)]
    educator = [f"EN{i}" for i in range(1, draw(st.integers(0, 3)) + 1)]
    activity_ids = [f"A{i}" for i in range(1, draw(st.integers(0, 4)) + 1)] if educator else []
    item_ids = [f"E{i}" for i in range(1, draw(st.integers(0, 6)) + 1)]
    steps: dict[str, Any] = {
        "student_learning_needs": {"needs": [{"id": n, "statement": "Need."} for n in needs]},
        "improvement_goals": [{"id": g, "statement": "Goal.", "measure": "m", "baseline": "b", "target": "t",
                               "due": "2027-05-01", "student_needs": _some(draw, needs, 1)}
                              for g in draw(st.permutations(goal_ids))],
    }
    if educator:
        steps["educator_learning_needs"] = {"needs": [{"id": n, "statement": "Need.", "goals": _some(draw, goal_ids, 1)}
                                                      for n in draw(st.permutations(educator))]}
    pl: dict[str, Any] = {}
    if activity_ids:
        pl["activities"] = []
        for a in draw(st.permutations(activity_ids)):
            activity = _activity(a, _some(draw, educator, 1))
            if (hours := draw(st.none() | amounts)) is not None:
                activity["hours"] = hours
            pl["activities"].append(activity)
    if item_ids:
        pl["evaluation"] = []
        for e in draw(st.permutations(item_ids)):
            links = {"goals": _some(draw, goal_ids, 0), "activities": _some(draw, activity_ids, 0)}
            pl["evaluation"].append(_evaluation(e, draw(st.integers(1, 5)), **{k: v for k, v in links.items() if v}))
    costs = draw(st.lists(st.tuples(st.none() | amounts, st.none() | names), max_size=7))
    if costs:
        pl["resources"] = [{"item": f"Item {i}", **({"cost": c} if c is not None else {}),
                            **({"funding": f} if f is not None else {})} for i, (c, f) in enumerate(costs)]
    if pl:
        steps["professional_learning"] = pl
    return plan("Generated plan", steps=steps)


@SETTINGS
@given(chained_plans())
def test_chain_of_generated_plans(reference, raw: dict) -> None:
    parsed = one_plan(reference, raw)
    assert actual_links(chain.backlinks(parsed)) == expected_links(raw)
    assert actual_rows(chain.chain_rows(parsed, chain.backlinks(parsed))) == expected_rows(raw)
    got = [(level, [item.id for item in items]) for level, items in chain.evaluation_by_level(parsed)]
    assert got == expected_levels(raw)


# Totals ------------------------------------------------------------------------------------------------------------


def test_totals_of_every_plan(built) -> None:
    site, raws = built
    for plan_id, published in site.plans.items():
        raw = raws[plan_id]
        assert_amount(hours_given(published.plan), hours_of(raw))
        assert_amount(totals.total_cost(published.plan), cost_of(raw))
        got = totals.cost_by_funding(published.plan)
        assert [source for source, _ in got] == [source for source, _ in funding_of(raw)]
        for (_, actual), (_, expected) in zip(got, funding_of(raw), strict=True):
            assert_amount(actual, expected)


def test_costs_of_one_funding_source_add_up(sample_built) -> None:
    cascadia = SAMPLES["cascadia-statewide-pl-2026-27"]
    costs: dict[str, list[int]] = {}
    for resource in resources(cascadia):
        costs.setdefault(resource["funding"], []).append(resource["cost"])
    twice = {source: sum(found) for source, found in costs.items() if len(found) > 1}
    assert twice  # the sample has sources that pay for more than one resource
    got = dict(totals.cost_by_funding(sample_built.plans["cascadia-statewide-pl-2026-27"].plan))
    assert {source: got[source] for source in twice} == twice


def test_funding_of_the_synthetic_plan(synthetic) -> None:
    got = totals.cost_by_funding(synthetic.plans["z-alpha"].plan)
    assert [s for s, _ in got] == ["Local", "Title II-A", "Unspecified"]
    assert got[0][1] == pytest.approx(34.5) and got[1] == ("Title II-A", 2000) and type(got[1][1]) is int
    assert got[2][1] == pytest.approx(120.25)
    assert totals.total_cost(synthetic.plans["z-alpha"].plan) == pytest.approx(1200 + 34.5 + 800 + 20.25 + 100)
    assert hours_given(synthetic.plans["z-alpha"].plan) == pytest.approx(5.5)
    assert totals.total_cost(synthetic.plans["m-beta"].plan) == 0 == hours_given(synthetic.plans["m-beta"].plan)
    assert totals.given_sum([None, None]) is None and totals.given_sum([None, 0]) == 0, "none given is not 0"
    assert totals.cost_by_funding(synthetic.plans["m-beta"].plan) == []


@SETTINGS
@given(chained_plans())
def test_totals_of_generated_plans(reference, raw: dict) -> None:
    parsed = one_plan(reference, raw)
    assert_amount(hours_given(parsed), hours_of(raw))
    assert_amount(totals.total_cost(parsed), cost_of(raw))
    got = totals.cost_by_funding(parsed)
    assert [source for source, _ in got] == [source for source, _ in funding_of(raw)]
    for (_, actual), (_, expected) in zip(got, funding_of(raw), strict=True):
        assert_amount(actual, expected)
    assert sum(amount for _, amount in got) == pytest.approx(cost_of(raw))


def test_money_formatting() -> None:
    assert totals.money(1234.5) == "1,234.50"
    assert totals.money(1200) == "1,200"
    assert totals.money(1200.0) == "1,200"
    assert totals.money(0) == "0"
    assert totals.money(0.5) == "0.50"
    assert totals.money(1234567.891) == "1,234,567.89"
    assert totals.money(999) == "999" and totals.money(1000) == "1,000"


@SETTINGS
@given(st.one_of(st.integers(0, 10**12), st.integers(0, 10**11).map(lambda cents: cents / 100)))
def test_money_of_any_amount(amount: int | float) -> None:
    assert totals.money(amount) == money_text(amount)


# Standards, listings and the site's indexes ------------------------------------------------------------------------


def test_published_plans_are_the_public_and_unlisted_ones(built) -> None:
    site, raws = built
    assert set(site.plans) == {i for i, raw in raws.items() if visibility(raw) != "private"}
    assert [p.id for p in site.listed] == listed_ids(raws)
    assert {i: p.listed for i, p in site.plans.items()} == {i: visibility(raws[i]) == "public" for i in site.plans}


def test_synthetic_listing_order_and_visibility(synthetic) -> None:
    assert [p.id for p in synthetic.listed] == ["m-beta", "z-alpha", "a-zeta", "escape"]
    assert "private-plan" not in synthetic.plans and "unlisted-plan" in synthetic.plans


def test_standards_follow_the_written_steps(built) -> None:
    site, raws = built
    for plan_id, published in site.plans.items():
        assert published.standards == engaged(raws[plan_id])


def test_empty_goals_are_not_a_written_step_but_an_empty_context_is(synthetic) -> None:
    written_steps = ("student_learning_needs", "implementation")
    assert synthetic.plans["m-beta"].standards == {
        s: [k for k in written_steps if s in with_successors(STEP_STANDARDS[k])]
        for s in STANDARDS if any(s in with_successors(STEP_STANDARDS[k]) for k in written_steps)}
    assert "outcomes" in synthetic.plans["m-beta"].standards  # from step 7, not from the empty step 3
    assert "improvement_goals" not in synthetic.plans["m-beta"].standards["outcomes"]
    assert "context" in synthetic.plans["z-alpha"].standards["learning-communities"]


def test_site_indexes_hold_listed_plans_only(built) -> None:
    site, raws = built
    order = listed_ids(raws)

    def uses(matches) -> dict[str, list[tuple[str, str]]]:
        found: dict[str, list[tuple[str, str]]] = {}
        for plan_id in order:
            for activity in activities(raws[plan_id]):
                for key in dict.fromkeys(matches(activity)):
                    found.setdefault(key, []).append((plan_id, activity["id"]))
        return found

    def ids(index: dict) -> dict[str, list[tuple[str, str]]]:
        return {key: [(u.plan.id, u.activity.id) for u in found] for key, found in index.items() if found}

    assert ids(site.designs) == uses(lambda a: a["designs"])
    assert ids(site.environments) == uses(lambda a: [a["environment"]])
    assert ids(site.factors) == uses(lambda a: a.get("factors") or [])
    assert ids(site.standards_by_activity) == uses(lambda a: with_successors(a.get("standards") or []))
    by_step = {s: [(i, engaged(raws[i])[s]) for i in order if s in engaged(raws[i])] for s in STANDARDS}
    assert {s: [(p.id, keys) for p, keys in found] for s, found in site.standards_by_step.items() if found} == \
        {s: found for s, found in by_step.items() if found}
    steps = {key: [i for i in order if key in written(raws[i])] for key in STEP_KEYS}
    assert {key: [p.id for p in found] for key, found in site.steps.items() if found} == \
        {key: found for key, found in steps.items() if found}


def test_hidden_plans_reach_no_index(synthetic) -> None:
    everywhere = [*synthetic.designs.values(), *synthetic.environments.values(), *synthetic.factors.values(),
                  *synthetic.standards_by_activity.values()]
    assert not any(use.plan.id in ("unlisted-plan", "private-plan") for found in everywhere for use in found)
    assert "socratic-seminars" not in synthetic.designs and "stability-of-leadership" not in synthetic.factors
    assert not any(p.id == "unlisted-plan" for found in synthetic.standards_by_step.values() for p, _ in found)
    assert not any(p.id == "unlisted-plan" for found in synthetic.steps.values() for p in found)
    assert synthetic.plans["unlisted-plan"].standards == engaged(SYNTHETIC["unlisted-plan"])
    assert [u.activity.id for u in synthetic.designs["lesson-study"]] == ["A1"]  # once, though named twice
    assert [u.plan.id for u in synthetic.designs["coaching"]] == ["z-alpha", "z-alpha", "a-zeta"]


def test_each_plan_carries_the_warnings_of_its_own_file(family) -> None:
    site, validation, _ = family
    for published in site.plans.values():
        assert published.warnings == [d for d in validation.diagnostics if Path(d.file) == published.source]
    assert site.plans["gap"].warnings and site.plans["district"].warnings == []


def test_parents_and_children_follow_the_parent_field(family) -> None:
    site, _, raws = family
    order = listed_ids(raws)
    for plan_id, published in site.plans.items():
        parent = raws[plan_id].get("parent")
        expected = parent if parent and visibility(raws[parent]) != "private" else None
        assert (published.parent and published.parent.id) == expected, plan_id
        assert [c.id for c in published.children] == [i for i in order if raws[i].get("parent") == plan_id], plan_id
    assert [c.id for c in site.plans["district"].children] == ["gap", "school-a", "school-b"]
    assert site.plans["quiet-school"].parent is site.plans["district"] and site.plans["under-hidden"].parent is None


def test_plans_by_level_in_listing_order(built) -> None:
    site, raws = built
    grouped = {level: [p.id for p in found] for level, found in site.by_level().items()}
    assert list(grouped) == list(LEVEL_ORDER)
    assert grouped == {level: [i for i in listed_ids(raws) if raws[i]["level"] == level] for level in LEVEL_ORDER}


def test_a_plan_page_is_made_again_when_what_it_shows_changes(reference, tmp_path) -> None:
    """`page_inputs` decides whether `mkdocs serve` may keep a plan's page: equal inputs, the same page."""
    raws = {key: raw for key, raw in _family_raws().items() if key != "gap"}

    def inputs(changed: dict[str, dict] | None = None, plan_id: str = "district") -> tuple:
        shutil.rmtree(tmp_path / "plans", ignore_errors=True)
        return site_of(reference, write_plans(tmp_path, {**raws, **(changed or {})})).plans[plan_id].page_inputs()

    assert inputs() == inputs()
    assert inputs({"district": {**raws["district"], "summary": "Changed."}}) != inputs()
    assert inputs({"school-a": {**raws["school-a"], "title": "School A, renamed"}}) != inputs()
    assert inputs({"school-c": plan("School C", parent="district")}) != inputs()
    assert inputs({"school-c": plan("School C", parent="district", visibility="unlisted")}) == inputs()
    renamed = {"district": {**raws["district"], "title": "District, renamed"}}
    assert inputs(renamed, "school-a") != inputs(plan_id="school-a")


# Coverage ---------------------------------------------------------------------------------------------------------


def test_engagement_labels_and_anchors(built) -> None:
    site, raws = built
    for plan_id, published in site.plans.items():
        raw = raws[plan_id]
        expected = {}
        for standard in BASE_STANDARDS:
            keys = engaged(raw).get(standard, [])
            explicit = [a["id"] for a in activities(raw) if standard in (a.get("standards") or [])]
            parts = ([f"step{'s' if len(keys) > 1 else ''} {', '.join(str(STEP_NUMBER[k]) for k in keys)}"] if keys else []) + \
                ([", ".join(explicit)] if explicit else [])
            if parts:
                anchor = STEP_SLUG[keys[0]] if keys else explicit[0]
                expected[standard] = catalog.Engagement(" · ".join(parts), anchor, bool(explicit))
        assert catalog.engagement(site, published) == expected


def test_engagement_of_the_synthetic_plans(synthetic) -> None:
    beta = catalog.engagement(synthetic, synthetic.plans["m-beta"])
    assert beta["data"] == catalog.Engagement("steps 1, 7", "student-learning-needs", named=False)
    assert beta["leadership"] == catalog.Engagement("step 7", "implementation", named=False)
    alpha = catalog.engagement(synthetic, synthetic.plans["z-alpha"])
    assert alpha["data"].label == "steps 1, 2, 4, 6 · A1" and alpha["data"].named
    assert alpha["leadership"].label == "step 6 · A1"
    assert alpha["leadership"].named
    zeta = catalog.engagement(synthetic, synthetic.plans["a-zeta"])
    assert zeta["learning-communities"] == catalog.Engagement("step 6", "professional-learning", named=False)
    assert zeta["resources"] == catalog.Engagement("step 6", "professional-learning", named=False)


def test_design_levels_count_each_plan_once(built) -> None:
    site, raws = built
    order = listed_ids(raws)
    expected = {design: {level: sum(1 for i in order if raws[i]["level"] == level
                                    and any(design in a["designs"] for a in activities(raws[i])))
                         for level in LEVEL_ORDER} for design in DESIGNS}
    assert catalog.design_levels(site) == expected


def test_design_levels_of_the_synthetic_site(synthetic) -> None:
    counts = catalog.design_levels(synthetic)
    assert counts["coaching"] == {"state": 0, "system": 0, "school": 2, "individual": 0}
    assert counts["lesson-study"]["school"] == 1 and counts["socratic-seminars"]["state"] == 0


# Insights --------------------------------------------------------------------------------------------------------


def test_insights_plans_by_level_and_status(built) -> None:
    site, raws = built
    order = listed_ids(raws)
    table = insights.plans_by_level_and_status(site)
    assert table.series == list(STATUS_ORDER)
    assert [row.values for row in table.rows] == [
        [sum(1 for i in order if raws[i]["level"] == level and status(raws[i]) == state) for state in STATUS_ORDER]
        for level in LEVEL_ORDER]
    assert sum(row.total for row in table.rows) == len(order)


def test_insights_designs_by_level_count_activities(built) -> None:
    site, raws = built
    order = listed_ids(raws)
    table = insights.designs_by_level(site)
    assert [row.link for row in table.rows] == [("design", d) for d in DESIGNS]
    expected = [[sum(1 for i in order if raws[i]["level"] == level for a in activities(raws[i]) if design in a["designs"])
                 for level in LEVEL_ORDER] for design in DESIGNS]
    assert [row.values for row in table.rows] == expected
    assert [row.total for row in table.rows] == [sum(values) for values in expected]


def test_insights_plans_evaluating_at_each_level(built) -> None:
    site, raws = built
    order = listed_ids(raws)
    table = insights.evaluation_levels(site)
    assert [row.label.split(".")[0] for row in table.rows] == ["1", "2", "3", "4", "5"]
    assert [row.values for row in table.rows] == [
        [sum(1 for i in order if any(item["level"] == level for item in evaluation(raws[i])))] for level in range(1, 6)]


def test_insights_research_sources_by_tier(built) -> None:
    site, raws = built
    sources = [s for i in listed_ids(raws) for s in (steps_of(raws[i]).get("research") or {}).get("sources") or []]
    table = insights.research_by_tier(site)
    assert [row.values for row in table.rows] == [
        [sum(1 for s in sources if s.get("evidence_level") == tier)] for tier in (1, 2, 3, 4, None)]
    assert sum(row.total for row in table.rows) == len(sources)


def test_insights_hours_by_environment(built) -> None:
    site, raws = built
    table = insights.hours_by_environment(site)
    assert [row.link for row in table.rows] == [("environment", e) for e in ENVIRONMENTS]
    for environment, row in zip(ENVIRONMENTS, table.rows, strict=True):
        assert_amount(row.values[0], add([a.get("hours") or 0 for i in listed_ids(raws) for a in activities(raws[i])
                                          if a["environment"] == environment]))


def test_the_samples_have_something_in_every_chart(sample_built) -> None:
    for table in insights.tables(sample_built):
        assert sum(row.total for row in table.rows) > 0, table.title


# The chain, drawn -------------------------------------------------------------------------------------------------


def expected_gaps(raw: dict) -> set[str]:
    """The items the validator warns about: needs no goal addresses, goals unserved or unmeasured at level 5,
    educator needs no activity serves."""
    student = (steps_of(raw).get("student_learning_needs") or {}).get("needs") or []
    addressed = {n for g in goals(raw) for n in g["student_needs"]}
    served_goals = {g for n in educator_needs(raw) for g in n["goals"]}
    served_needs = {n for a in activities(raw) for n in a["educator_needs"]}
    level5 = [item for item in evaluation(raw) if item["level"] == 5]
    return ({n["id"] for n in student if n["id"] not in addressed}
            | {g["id"] for g in goals(raw) if g["id"] not in served_goals
               or not any(not item.get("goals") or g["id"] in item["goals"] for item in level5)}
            | {n["id"] for n in educator_needs(raw) if n["id"] not in served_needs})


def expected_lines(raw: dict) -> set[tuple[str, str]]:
    """The chain's links as the plan writes them: each item to what it serves, and evaluation to what it measures."""
    return ({(n, g["id"]) for g in goals(raw) for n in g["student_needs"]}
            | {(g, n["id"]) for n in educator_needs(raw) for g in n["goals"]}
            | {(n, a["id"]) for a in activities(raw) for n in a["educator_needs"]}
            | {(x, e["id"]) for e in evaluation(raw) for x in (e.get("activities") or []) + (e.get("goals") or [])})


def chain_ids(raw: dict) -> list[list[str]]:
    student = (steps_of(raw).get("student_learning_needs") or {}).get("needs") or []
    return [[n["id"] for n in student], [g["id"] for g in goals(raw)], [n["id"] for n in educator_needs(raw)],
            [a["id"] for a in activities(raw)], [e["id"] for e in evaluation(raw)]]


def test_the_diagram_has_every_item_in_its_column_and_every_link(built) -> None:
    site, raws = built
    for plan_id, published in site.plans.items():
        raw = raws[plan_id]
        columns = diagram.columns(published)
        assert [[node.id for node in column.nodes] for column in columns] == chain_ids(raw)
        assert {node.id for column in columns for node in column.nodes if node.gaps} == expected_gaps(raw), plan_id
        assert {(a, b) for a, b, _ in diagram.links(published)} == expected_lines(raw)


def test_the_diagram_draws_each_item_and_line_once_and_names_the_plan(built) -> None:
    site, raws = built
    drawn = 0
    for plan_id, published in site.plans.items():
        raw = raws[plan_id]
        svg = str(diagram.chain_diagram(published))
        items = [item for column in chain_ids(raw) for item in column]
        if not items:
            assert svg == ""
            continue
        drawn += 1
        for item_id in items:
            assert svg.count(f'href="#{item_id.lower()}"') == 1, (plan_id, item_id)
        assert svg.count("<path ") == len(expected_lines(raw))
        name = html.unescape(re.search(r'<title id="bm-chain-title">(.*?)</title>', svg)[1])
        assert name.startswith(f"The backward chain of {' '.join(raw['title'].split())}, drawn: ")
        assert "\n\n" not in svg and not re.search(r"^ ", svg, re.M), "no blank or indented line ends the HTML block"
    assert drawn


class Tags(HTMLParser):
    """Every element and its attributes, as a browser's parser reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def test_the_diagram_keeps_hostile_text_inert_and_on_one_line(reference, tmp_path) -> None:
    hostile = "T\n\n    <b onmouseover=alert(1)>x</b> [x](javascript:alert(1)) {{ 7 * 7 }}"
    raw = designed(hostile)
    raw["steps"]["professional_learning"]["activities"][0]["title"] = hostile
    validation = validate_plans(write_plans(tmp_path, {"hostile": raw}), reference, parallel=False)
    svg = str(diagram.chain_diagram(build_site(reference, validation).plans["hostile"]))
    tags = Tags()
    tags.feed(svg)
    assert {tag for tag, _ in tags.found} <= {"figure", "div", "svg", "title", "desc", "text", "path", "g", "rect", "a",
                                              "figcaption"}
    assert not [(tag, name) for tag, attrs in tags.found for name, value in attrs
                if name.startswith("on") or (value or "").strip().lower().startswith("javascript:")]
    assert "\n\n" not in svg and not re.search(r"^ ", svg, re.M)
    assert "{{ 7 * 7 }}" in html.unescape(svg), "template syntax shows literally"


def test_the_diagram_names_gaps_of_the_whole_chain(reference, tmp_path) -> None:
    raw = designed("Under way", status="in-progress")
    raw["steps"] |= {"context": {"school": "A school."}, "research": {"sources": []},
                     "implementation": {"support": "Coaching."}}
    validation = validate_plans(write_plans(tmp_path, {"under-way": raw}), reference, parallel=False)
    assert [w.where for w in validation.warnings] == [("status",)]
    figure = str(diagram.chain_diagram(build_site(reference, validation).plans["under-way"]))
    assert figure.count("has no level 4 evaluation item") == 2, "in the picture's name and in its caption"


def test_the_gap_school_diagram_marks_its_forgotten_need(family) -> None:
    site, _, _ = family
    columns = diagram.columns(site.plans["gap"])
    needs = {node.id: node.gaps for node in columns[0].nodes}
    assert needs["SN1"] == [] and needs["SN2"] == ["no goal addresses the student need SN2"]
    assert "1 item with a gap" in str(diagram.chain_diagram(site.plans["gap"]))


# Facets ------------------------------------------------------------------------------------------------------------


def expected_facets(raw: dict) -> dict[str, list[str]]:
    acts = activities(raw)
    return {
        "level": [raw["level"]],
        "source": [],  # these sites harvest no other site's plans
        "standard": all_standards(raw),
        "design": sorted({d for a in acts for d in a["designs"]}),
        "environment": sorted({a["environment"] for a in acts}),
        "subject": sorted(set(raw.get("subjects") or [])),
        "grade": sorted(set(raw.get("grades") or [])),
        "year": [raw["school_year"]],
        "status": [status(raw)],
    }


def test_facets_of_every_plan(built) -> None:
    site, raws = built
    for plan_id, published in site.plans.items():
        assert catalog.facets(site, published) == expected_facets(raws[plan_id])


def test_facet_counts(built) -> None:
    site, raws = built
    order = listed_ids(raws)
    counts: dict[str, dict[str, int]] = {}
    for plan_id in order:
        for facet, values in expected_facets(raws[plan_id]).items():
            for value in values:
                counts.setdefault(facet, {})[value] = counts.setdefault(facet, {}).get(value, 0) + 1

    def shown(facet: str, values: list[str], always: bool = False) -> list[tuple[str, int]]:
        return [(v, counts.get(facet, {}).get(v, 0)) for v in values if always or v in counts.get(facet, {})]

    got = catalog.facet_values(site)
    assert list(got) == list(FACET_ORDER)
    assert [(v, n) for v, _, n in got["level"]] == shown("level", list(LEVEL_ORDER), always=True)
    assert [(v, n) for v, _, n in got["standard"]] == shown("standard", STANDARDS)
    assert [(v, n) for v, _, n in got["design"]] == shown("design", DESIGNS)
    assert [(v, n) for v, _, n in got["environment"]] == shown("environment", ENVIRONMENTS)
    assert [(v, n) for v, _, n in got["status"]] == shown("status", list(STATUS_ORDER))
    for facet in ("subject", "grade", "year"):
        assert [(v, n) for v, _, n in got[facet]] == shown(facet, sorted(counts.get(facet, {}), key=str.casefold))
        assert all(label == value for value, label, _ in got[facet])
    titled = (("standard", STANDARD_TITLES), ("design", DESIGN_TITLES), ("environment", ENVIRONMENT_TITLES))
    for facet, titles in titled:
        assert all(label == titles[value] for value, label, _ in got[facet])
    assert sum(n for _, _, n in got["level"]) == len(order) == sum(n for _, _, n in got["year"])


def test_facet_counts_of_the_synthetic_site(synthetic) -> None:
    got = {facet: {v: n for v, _, n in values} for facet, values in catalog.facet_values(synthetic).items()}
    assert got["level"] == {"state": 0, "system": 1, "school": 2, "individual": 1}
    assert got["subject"] == {"ELA": 1, "ela": 1, "Mathematics": 2, "@mention": 1}
    assert got["design"] == {"coaching": 2, "lesson-study": 1, "workshops": 1, "data-analysis": 1}
    assert got["status"] == {"draft": 3, "approved": 1}


def test_level_labels(built) -> None:
    site, _ = built
    labels = {value: label for value, label, _ in catalog.facet_values(site)["level"]}
    assert labels == {"state": "State", "system": "School system", "school": "School", "individual": "Individual"}


def data_of(raw: dict) -> dict:
    """A plan as its JSON data: the YAML with the format's defaults filled in."""
    return {"format": 1, "status": "draft", "visibility": "public", **as_json(raw)}


def test_browser_index_has_an_entry_per_listed_plan(built) -> None:
    site, raws = built
    entries = [catalog.browser_entry(site, p) for p in site.listed]
    for entry, plan_id in zip(entries, listed_ids(raws), strict=True):
        raw = raws[plan_id]
        assert {k: v for k, v in entry.items() if k not in ("title", "meta", "summary", "tags", "updated")} == {
            "id": plan_id, **expected_facets(raw)}
        plan = site.plans[plan_id].plan
        assert entry["title"] == raw["title"]
        assert entry["meta"].split(" · ")[1:4] == [raw["organization"], raw["school_year"], plan.status]
        assert len(entry["summary"]) <= 300 and plain_text(raw["summary"]).startswith(entry["summary"].removesuffix(" …"))
    text = catalog.browser_index(entries)
    assert json.loads(text) == {"facets": list(FACET_ORDER), "plans": entries}
    assert text == json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":"))  # compact, UTF-8 as is


# Open data --------------------------------------------------------------------------------------------------------


def test_plans_csv_every_column(built) -> None:
    site, raws = built
    text = catalog.plans_csv(site)
    header = ["id", "source", "title", "level", "organization", "team", "parent", "school_year", "status", "subjects", "grades",
              "updated", "approved_by", "approved_on", "activities", "designs", "environments", "standards", "hours",
              "cost", "standards_spl-2022"]
    assert next(csv.reader(io.StringIO(text))) == header
    rows = rows_of(text)
    assert [row["id"] for row in rows] == listed_ids(raws)
    for row in rows:
        raw = raws[row["id"]]
        approval = raw.get("approval") or {}
        facets = expected_facets(raw)
        expected = {
            "id": row["id"], "source": "", "title": cell(raw["title"]), "level": raw["level"],
            "organization": cell(raw["organization"]),
            "team": cell(raw.get("team")), "parent": cell(raw.get("parent")), "school_year": raw["school_year"],
            "status": status(raw), "subjects": cell(raw.get("subjects")), "grades": cell(raw.get("grades")),
            "updated": cell(raw.get("updated")), "approved_by": cell(approval.get("by")),
            "approved_on": cell(approval.get("date")), "activities": str(len(activities(raw))),
            "designs": cell(facets["design"]), "environments": cell(facets["environment"]),
            "standards": cell([s for s in all_standards(raw) if s in BASE_STANDARDS]),
            "standards_spl-2022": cell([s.removeprefix("spl-2022/") for s in all_standards(raw) if "/" in s]),
        }
        assert {k: v for k, v in row.items() if k not in ("hours", "cost")} == expected
        given = {"hours": any(a.get("hours") is not None for a in activities(raw)),
                 "cost": any(r.get("cost") is not None for r in resources(raw))}
        for column, amount in (("hours", hours_of(raw)), ("cost", cost_of(raw))):
            if not given[column]:
                assert row[column] == "", f"{column}: none given is a blank, not 0"
            elif isinstance(amount, int):
                assert row[column] == str(amount), column
            else:
                assert float(row[column]) == pytest.approx(amount), column


def test_plans_csv_costs_of_the_samples(sample_built) -> None:
    rows = {row["id"]: row for row in rows_of(catalog.plans_csv(sample_built))}
    for plan_id in listed_ids(SAMPLES):
        costs = [r["cost"] for r in resources(SAMPLES[plan_id]) if "cost" in r]
        assert costs and int(rows[plan_id]["cost"]) == sum(costs) > 0


def test_plans_csv_defuses_formulas(synthetic) -> None:
    row = next(r for r in rows_of(catalog.plans_csv(synthetic)) if r["id"] == "escape")
    assert (row["title"], row["organization"], row["team"]) == ("'=SUM(1+1)", "'+Org", "'-Team")
    assert (row["subjects"], row["grades"], row["approved_by"]) == ("'@mention", "'\tK", "'=Board")
    in_2011 = [s for s in all_standards(SYNTHETIC["escape"]) if "/" not in s]
    assert (row["hours"], row["cost"], row["standards"]) == ("1.25", "99.99", cell(in_2011))
    alpha = next(r for r in rows_of(catalog.plans_csv(synthetic)) if r["id"] == "z-alpha")
    assert alpha["subjects"] == "Mathematics; ELA; Mathematics"
    assert alpha["designs"] == "coaching; lesson-study; workshops"
    assert alpha["activities"] == "3" and alpha["hours"] == "5.5" and float(alpha["cost"]) == pytest.approx(2154.75)
    assert catalog._cell("\rX") == "'\rX" and catalog._cell(["-a", "b"]) == "'-a; b" and catalog._cell(None) == ""


def test_activities_csv_every_column(built) -> None:
    site, raws = built
    text = catalog.activities_csv(site)
    header = ["plan", "source", "plan_title", "level", "school_year", "activity", "title", "designs", "environment", "hours",
              "audience", "start", "end", "standards", "standards_spl-2022"]
    assert next(csv.reader(io.StringIO(text))) == header
    expected = [
        {"plan": plan_id, "source": "", "plan_title": cell(raws[plan_id]["title"]), "level": raws[plan_id]["level"],
         "school_year": raws[plan_id]["school_year"], "activity": a["id"], "title": cell(a["title"]),
         "designs": cell(a["designs"]), "environment": a["environment"], "hours": cell(a.get("hours")),
         "audience": cell(a["audience"]), "start": cell(a.get("start")), "end": cell(a.get("end")),
         "standards": cell([s for s in named_keys(a.get("standards") or []) if "/" not in s]),
         "standards_spl-2022": cell([s.removeprefix("spl-2022/") for s in named_keys(a.get("standards") or []) if "/" in s])}
        for plan_id in listed_ids(raws) for a in activities(raws[plan_id])
    ]
    assert rows_of(text) == expected


def test_activities_csv_of_the_synthetic_site(synthetic) -> None:
    rows = rows_of(catalog.activities_csv(synthetic))
    assert [(r["plan"], r["activity"]) for r in rows] == [("z-alpha", "A1"), ("z-alpha", "A2"), ("z-alpha", "A3"),
                                                          ("a-zeta", "A1"), ("escape", "A1")]
    assert rows[0]["designs"] == "lesson-study; coaching; lesson-study"
    assert rows[0]["standards"] == "leadership; data", "each named once, in the framework's order"
    assert rows[0]["standards_spl-2022"] == "evidence; leadership"
    assert (rows[1]["hours"], rows[1]["start"], rows[1]["end"]) == ("3", "2026-09-01", "2026-10-01")
    assert rows[2]["hours"] == "" and rows[4]["title"] == "'\tTabbed" and rows[4]["audience"] == "'-everyone"


def settings_of(site, **links: str) -> Settings:
    """The links of a site whose plans were written to `<root>/plans/`."""
    root = next(iter(site.plans.values())).source.parent.parent
    return Settings(root, docs=root / "content", plans=root / "plans", **links)


def test_plans_json_records(built) -> None:
    site, raws = built
    data = json.loads(catalog.plans_json(site, settings_of(site, site_url="https://example.org/district/")))
    assert data["format"] == 1 and data["site"]["url"] == "https://example.org/district/"
    assert data["site"]["plans_folder"] == "plans" and data["generator"].startswith("backmap-site ")
    def engages(raw: dict) -> dict[str, list[str]]:
        standards = all_standards(raw)
        return {"spl-2011": [s for s in standards if "/" not in s],
                "spl-2022": [s.removeprefix("spl-2022/") for s in standards if "/" in s]}

    expected = [{"id": plan_id, "url": f"https://example.org/district/plans/{plan_id}/",
                 "yaml": f"https://example.org/district/plans/{plan_id}.yaml",
                 "path": settings_of(site).repo_path(site.plans[plan_id].source), "edit": None,
                 **{"format": 1, "status": "draft", "visibility": "public", **as_json(raws[plan_id])},
                 "engages": engages(raws[plan_id])} for plan_id in listed_ids(raws)]
    assert data["plans"] == expected


# The plan page ----------------------------------------------------------------------------------------------------


class Tables(HTMLParser):
    """Each table of a page as {section: [row: [cell text]]}."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tables: list[dict[str, list[list[str]]]] = []
        self._section = ""
        self._cell: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({})
            self._section = ""
        elif tag in ("thead", "tbody", "tfoot"):
            self._section = tag
        elif tag == "tr" and self.tables:
            self.tables[-1].setdefault(self._section, []).append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][self._section][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


@pytest.mark.build
def test_plan_page_shows_total_cost_beside_funding_totals(sample_site: Path) -> None:
    checked = 0
    for plan_id, raw in SAMPLES.items():
        if visibility(raw) == "private" or not resources(raw):
            continue
        html = (sample_site / "plans" / plan_id / "index.html").read_text(encoding="utf-8")
        funding = [t for t in Tables(html).tables if t.get("thead") == [["Funding source", "Total"]]]
        assert len(funding) == 1, plan_id
        assert funding[0]["tbody"] == [[source, money_text(total)] for source, total in funding_of(raw)], plan_id
        assert funding[0]["tfoot"] == [["Total cost", money_text(cost_of(raw))]], plan_id
        assert re.search(r"<tfoot><tr><th scope=\"row\">Total cost</th>", html), plan_id
        checked += 1
    assert checked == len([raw for raw in SAMPLES.values() if visibility(raw) != "private"])


@pytest.fixture(params=["UTC0", "EAST-14", "WEST+12"])  # POSIX zones: UTC, UTC+14 and UTC-12 (no tzdata needed)
def time_zone(request, monkeypatch):
    """The machine's local time zone; at any hour, one of the last two is on another date than UTC."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def test_build_date_is_the_utc_date_of_source_date_epoch_or_of_today(monkeypatch, time_zone) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # 2026-09-21 14:13:20 UTC
    assert catalog.build_date() == "2026-09-21"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1789948799")  # 2026-09-20 23:59:59 UTC
    assert catalog.build_date() == "2026-09-20"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    before = datetime.now(UTC).date().isoformat()
    today = catalog.build_date()
    assert today in (before, datetime.now(UTC).date().isoformat())


def test_plans_json_is_dated_and_keeps_text_as_written(reference, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    site = site_of(reference, write_plans(tmp_path, {"ecole": plan("École Saint-Éloi — plan 2026")}))
    text = catalog.plans_json(site, settings_of(site))
    assert json.loads(text)["built"] == "2026-09-21"
    assert "École Saint-Éloi — plan 2026" in text and text.endswith("}\n")


# What the review of these numbers found -----------------------------------------------------------------------------


def test_a_line_break_in_a_cell_keeps_its_row_whole(reference, tmp_path) -> None:
    raw = designed("Breaks", subjects=["Line\rone", "Two\nlines"])
    raw["steps"]["professional_learning"]["activities"][0]["title"] = "Carriage\rreturn"
    site = site_of(reference, write_plans(tmp_path, {"breaks": raw}))
    for text in (catalog.plans_csv(site), catalog.activities_csv(site)):
        rows = list(csv.reader(io.StringIO(text, newline="")))
        assert len(rows) == 2 and len({len(row) for row in rows}) == 1
    assert next(csv.DictReader(io.StringIO(catalog.activities_csv(site), newline="")))["title"] == "Carriage\rreturn"


def test_sums_in_the_exports_are_written_to_the_cent(reference, tmp_path) -> None:
    raw = designed("Cents")
    raw["steps"]["professional_learning"]["resources"] = [{"item": "A", "cost": 0.1}, {"item": "B", "cost": 0.2}]
    raw["steps"]["professional_learning"]["activities"][0]["hours"] = 1.1
    whole = designed("Whole")
    whole["steps"]["professional_learning"]["resources"] = [{"item": "A", "cost": 99.5}, {"item": "B", "cost": 0.5}]
    whole["steps"]["professional_learning"]["activities"][0]["hours"] = 1.5
    whole["steps"]["professional_learning"]["activities"].append(_activity("A2", ["EN1"], hours=1.5))
    site = site_of(reference, write_plans(tmp_path, {"cents": raw, "whole": whole}))
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(catalog.plans_csv(site), newline=""))}
    assert (rows["cents"]["cost"], rows["cents"]["hours"]) == ("0.3", "1.1")
    assert (rows["whole"]["cost"], rows["whole"]["hours"]) == ("100", "3")


def test_csv_lines_end_as_rfc_4180_says(synthetic) -> None:
    for text in (catalog.plans_csv(synthetic), catalog.activities_csv(synthetic)):
        assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
        assert text.count("\r\n") == len(rows_of(text)) + 1


def test_an_id_named_twice_is_one_link(reference, tmp_path) -> None:
    raw = designed("Twice")
    steps = raw["steps"]
    steps["improvement_goals"][0]["student_needs"] = ["SN1", "SN1"]
    steps["educator_learning_needs"]["needs"][0]["goals"] = ["G1", "G1"]
    steps["professional_learning"]["activities"][0]["educator_needs"] = ["EN1", "EN1"]
    site = site_of(reference, write_plans(tmp_path, {"twice": raw}))
    published = site.plans["twice"]
    assert published.backlinks["Goal.student_needs"]["SN1"] == ["G1"]
    assert published.backlinks["Activity.educator_needs"]["EN1"] == ["A1"]
    [row] = published.chain
    assert (row.student_needs, row.educator_needs, row.activities) == (["SN1"], ["EN1"], ["A1"])
