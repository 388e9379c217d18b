"""Any valid plan renders: arbitrary text in every field builds strict, with every link and anchor intact."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backmap_site.commands.linkcheck import check_site
from sites import make_project, mkdocs_build, page

pytestmark = pytest.mark.build

DESIGNS = ["lesson-study", "peer-coaching", "workshops", "action-research", "case-studies"]
texts = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(str.strip)


@st.composite
def valid_plans(draw) -> dict:
    count = draw(st.integers(1, 3))
    ids = range(1, count + 1)
    steps = {
        "student_learning_needs": {"needs": [{"id": f"SN{i}", "statement": draw(texts)} for i in ids],
                                   "data": [{"source": draw(texts), "finding": draw(texts)}]},
        "context": {"school": draw(texts)},
        "improvement_goals": [{"id": f"G{i}", "statement": draw(texts), "measure": draw(texts), "baseline": draw(texts),
                               "target": draw(texts), "due": "2027-05-01", "student_needs": [f"SN{i}"]} for i in ids],
        "educator_learning_needs": {"needs": [{"id": f"EN{i}", "statement": draw(texts), "goals": [f"G{i}"]} for i in ids]},
        "research": {"sources": [{"citation": draw(texts), "summary": draw(texts), "needs": ["EN1"]}]},
        "professional_learning": {
            "activities": [{"id": f"A{i}", "title": draw(texts),
                            "designs": draw(st.lists(st.sampled_from(DESIGNS), min_size=1, max_size=3, unique=True)),
                            "environment": draw(st.sampled_from(["online", "in-person", "hybrid"])),
                            "audience": draw(texts), "schedule": draw(texts), "educator_needs": [f"EN{i}"],
                            "factors": ["time-available"]} for i in ids],
            "resources": [{"item": draw(texts), "cost": draw(st.integers(0, 10**6)), "funding": draw(texts)}],
            "evaluation": [{"id": "E1", "question": draw(texts), "level": 5, "evidence": draw(texts), "timing": draw(texts)}],
        },
    }
    return {"title": draw(texts), "level": draw(st.sampled_from(["state", "system", "school", "individual"])),
            "organization": draw(texts), "school_year": "2026-27", "status": draw(st.sampled_from(["draft", "approved"])),
            "summary": draw(texts), "subjects": draw(st.lists(texts, max_size=2)), "steps": steps}


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(valid_plans(), min_size=1, max_size=3))
def test_any_valid_plan_renders_with_intact_links(plans: list[dict]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = make_project(Path(folder), {f"fuzzed-{i}": plan for i, plan in enumerate(plans)})
        build = mkdocs_build(project)
        assert build.returncode == 0, build.stderr
        assert "Traceback" not in build.stderr
        assert check_site(project / "site", "/backmap-site/") == []
        for i, plan in enumerate(plans):
            shown = page(project / "site", f"plans/fuzzed-{i}").title  # as written: a no-break space stays one
            assert " ".join(plan["title"].split()) in " ".join(shown.split())
