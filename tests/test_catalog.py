"""Coverage views and open data, checked against the plan files."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from backmap_site.format.yamlfile import load_document
from backmap_site.model import catalog
from conftest import CONTENT, PLANS
from sites import ENV, links_from, listed, page

pytestmark = pytest.mark.build


def test_plans_json_holds_every_listed_plan_normalized(sample_site: Path, samples) -> None:
    data = json.loads((sample_site / "plans.json").read_text())
    built = datetime.fromtimestamp(int(ENV["SOURCE_DATE_EPOCH"]), UTC).date().isoformat()
    assert (data["format"], data["built"]) == (1, built)
    assert [p["id"] for p in data["plans"]] != [] and {p["id"] for p in data["plans"]} == set(listed(samples))
    for record in data["plans"]:
        source = load_document(next(PLANS.rglob(f"{record['id']}.yaml"))).data
        assert record["title"] == source["title"] and record["level"] == source["level"]
        assert record["url"] == f"https://example.org/backmap-site/plans/{record['id']}/"
        assert record["edit"] == f"https://github.com/backmap/backmap-site/edit/main/{record['path']}"
        assert len(record["steps"]["professional_learning"]["activities"]) == \
            len(source["steps"]["professional_learning"]["activities"])


def test_csv_exports_have_a_row_per_plan_and_per_activity(sample_site: Path, samples) -> None:
    plans = list(csv.DictReader(io.StringIO((sample_site / "plans.csv").read_text())))
    assert {row["id"] for row in plans} == set(listed(samples))
    for row in plans:
        plan = samples[row["id"]]
        assert (row["title"], row["level"], row["school_year"]) == (plan.title, plan.level, plan.school_year)
    activities = list(csv.DictReader(io.StringIO((sample_site / "activities.csv").read_text())))
    expected = [(i, a.id) for i, p in listed(samples).items() for a in p.steps.professional_learning.activities]
    assert sorted((row["plan"], row["activity"]) for row in activities) == sorted(expected)
    first = next(row for row in activities if (row["plan"], row["activity"]) == expected[0])
    activity = listed(samples)[expected[0][0]].steps.professional_learning.activities[0]
    assert first["designs"] == "; ".join(activity.designs) and first["environment"] == activity.environment


def test_unlisted_and_private_plans_are_never_exported(sample_site: Path, samples) -> None:
    hidden = [i for i, p in samples.items() if p.visibility != "public"]
    assert hidden
    for name in ("plans.json", "plans.csv", "activities.csv", "resources.csv", "plans/browser.json"):
        text = (sample_site / name).read_text()
        assert not any(plan_id in text for plan_id in hidden), name


def test_resources_csv_has_a_row_per_resource_with_blanks_for_what_is_not_given(sample_site: Path, samples) -> None:
    rows = list(csv.DictReader(io.StringIO((sample_site / "resources.csv").read_text())))
    expected = [(plan_id, r.item, "" if r.cost is None else str(r.cost), r.funding or "")
                for plan_id, plan in listed(samples).items()
                for r in (plan.steps.professional_learning and plan.steps.professional_learning.resources) or []]
    assert sorted((row["plan"], row["item"], row["cost"], row["funding_as_written"]) for row in rows) == sorted(expected)
    assert len(rows) > 10 and {row["source"] for row in rows} == {""}
    by_words = {row["funding_as_written"]: row["funding"] for row in rows}
    assert by_words["Title II-A state activities set-aside"] == "title-ii-a"
    assert by_words["Title III, Part A (consortium)"] == "title-iii-a" and by_words["IDEA Part B"] == "idea"
    assert by_words["Cascadia Science Achievement Grant"] == "grant" and by_words["Local building budget"] == "local"
    assert set(by_words.values()) <= {"title-i-a", "title-ii-a", "title-iii-a", "title-iv-a", "idea", "state", "local", "grant"}


def test_the_data_page_documents_every_column_of_every_file(sample_site: Path) -> None:
    html = page(sample_site, "data")
    documented = [text.strip() for text in html.text_parts if text.strip()]
    for name in ("plans.csv", "activities.csv", "resources.csv"):
        header = next(csv.reader(io.StringIO((sample_site / name).read_text())))
        assert all(column in documented for column in header), name
        assert f"../{name}" in html.hrefs()
    assert "standards_spl-2022" in documented and "../plans.json" in html.hrefs()


def test_spreadsheet_formulas_in_plan_text_are_defused() -> None:
    assert catalog._cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert catalog._cell("+1") == "'+1" and catalog._cell("plain") == "plain" and catalog._cell(["a", "b"]) == "a; b"


def test_coverage_matrices_are_real_tables_of_links(sample_site: Path, samples, reference) -> None:
    html = page(sample_site, "coverage")
    headers = [attrs for tag, attrs in html.elements if tag == "th"]
    # Levels by the standards of each framework shown (2011: 7, 2022: 11), then designs by the 4 levels.
    assert sum(attrs.get("scope") == "col" for attrs in headers) == 1 + 7 + 1 + 11 + 1 + 4
    assert sum(attrs.get("scope") == "row" for attrs in headers) == 2 * 4 + 25
    assert sum(tag == "caption" for tag, _ in html.elements) == 3
    links = links_from(sample_site, "coverage")
    assert {f"frameworks/spl-2022/{s}/" for s in reference.frameworks["spl-2022"].standards.items} <= links
    assert {f"standards/{s}/" for s in reference.standards.items} <= links
    assert {f"designs/{d}/" for d in reference.designs.items} <= links
    raw = (sample_site / "coverage" / "index.html").read_text()
    schools = [p for p in listed(samples).values() if p.level == "school"]
    with_lesson_study = sum(any("lesson-study" in a.designs for a in p.steps.professional_learning.activities) for p in schools)
    assert f'href="../plans/?design=lesson-study&amp;level=school" aria-label="{with_lesson_study} school plans' in raw
    assert f'href="../plans/?level=school&amp;standard=data" aria-label="{len(schools)} school plans engaging Data"' in raw
    plan_rows = 0
    for level in ("state", "system", "school", "individual"):
        assert f"coverage/{level}/" in links, "each level's plans, plan by plan"
        matrix = page(sample_site, f"coverage/{level}")
        plan_rows += sum(tag == "th" and attrs.get("scope") == "row" for tag, attrs in matrix.elements)
        for plan_id, plan in listed(samples).items():
            if plan.level == level:
                assert {f"plans/{plan_id}/", f"plans/{plan_id}/#student-learning-needs"} <= links_from(sample_site, f"coverage/{level}")
    assert plan_rows == 2 * len(listed(samples)), "a row for each plan in each framework's matrix"


def test_external_sample_sites_are_listed_by_level(sample_site: Path, reference) -> None:
    text = (sample_site / "plans" / "index.html").read_text(encoding="utf-8")
    assert 'id="more-samples"' in text
    sites = yaml.safe_load((CONTENT / "concepts" / "sample-sites.yaml").read_text())["sites"]
    for level in ("state", "system", "school", "individual"):
        section = re.split(r"<h[23]|</article>", text.split(f'id="more-samples-{level}"', 1)[1], maxsplit=1)[0]
        assert re.findall(r'href="(https?://[^"]+)"', section) == [s["url"] for s in sites if level in s["levels"]], level
    assert sites
