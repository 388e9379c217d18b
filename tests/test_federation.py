"""A statewide view: a state site harvests the plans of its districts' sites, served on loopback, and builds them
as its own pages, named by source, with where each came from; a source that fails keeps its last good copy."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from test_browser import visible_plans

from conftest import PLANS
from sites import BIN, links_from, make_project, mkdocs_build, page, run, snapshot

pytestmark = pytest.mark.build

STATE_PLAN = "cascadia-statewide-pl-2026-27"
SHARED_ID = "riverbend-middle-math-2025-26"
"""A plan id both districts use: only the source's name in front keeps them apart."""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def served(folder: Path) -> Iterator[tuple[str, http.server.ThreadingHTTPServer]]:
    """`folder` (which may not exist yet) on a free loopback port, with Last-Modified for conditional requests."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", server
    finally:
        server.shutdown()
        server.server_close()


def sample(plan_id: str) -> dict:
    return yaml.safe_load(next(PLANS.rglob(f"{plan_id}.yaml")).read_text())


OWN_DESIGN = {
    "title": "Micro-credentials", "summary": "Short, evidence-based recognitions of a skill.", "order": 26,
    "description": "Educators show a skill with evidence and earn a credential.",
    "when_it_fits": "When educators choose what to learn and show it in their classrooms.",
    "environments": ["online"], "factors": [], "attributes": [], "related": ["coaching"],
}


def district(folder: Path, url: str, name: str, state_plan_url: str, system_id: str, *, own_design: bool = False) -> Path:
    """A district's site: its system plan nests in the state's plan (by the address of its page on the state's
    site), and its school plan, `SHARED_ID`, in its system plan; its school plan may use a design of its own."""
    system = {**sample(system_id), "parent": state_plan_url}
    school = {**sample(SHARED_ID), "parent": system_id}
    if own_design:
        school["steps"]["professional_learning"]["activities"][0]["designs"].append("micro-credentials")
    project = make_project(folder, {system_id: system, SHARED_ID: school})
    if own_design:
        (project / "content" / "designs" / "micro-credentials.yaml").write_text(yaml.safe_dump(OWN_DESIGN))
    config = (project / "mkdocs.yml").read_text()
    (project / "mkdocs.yml").write_text(config.replace("site_url: https://example.org/backmap-site/", f"site_url: {url}")
                                        .replace("site_name: Backmap Site", f"site_name: {name}"))
    assert mkdocs_build(project).returncode == 0
    return project


def harvest(state: Path) -> str:
    done = run([str(BIN / "backmap"), "harvest"], state)
    assert done.returncode == 0, done.stderr
    return done.stdout


def build(state: Path, site: str = "site") -> Path:
    done = run([str(BIN / "backmap"), "build", "--check-links", "--site-dir", site], state)
    assert done.returncode == 0, done.stderr
    return state / site


@pytest.fixture(scope="module")
def federation(tmp_path_factory) -> Iterator[dict]:
    root = tmp_path_factory.mktemp("federation")
    with served(root / "north" / "site") as (north, _), served(root / "south" / "site") as (south, south_server):
        state_url = "http://127.0.0.1:9/state/"  # never fetched: only the districts' parents name it
        state_plan_url = f"{state_url}plans/{STATE_PLAN}/"
        projects = {
            "north": district(root / "north", north, "North River School District", state_plan_url, "riverbend-sd-pl-2026-27"),
            "south": district(root / "south", south, "South Harbor School District", state_plan_url, "harbor-valley-sd-pl-2026-27",
                              own_design=True),
        }
        state = make_project(root / "state", {STATE_PLAN: sample(STATE_PLAN)})
        config = (state / "mkdocs.yml").read_text().replace("site_url: https://example.org/backmap-site/", f"site_url: {state_url}")
        sources = (f"      sources:\n        - id: north\n          url: {north}\n        - id: south\n          url: {south}\n"
                   "          name: South Harbor SD\n        - id: gone\n          url: http://127.0.0.1:9/gone/\n")
        anchor = "      primary_framework: spl-2011\n"
        (state / "mkdocs.yml").write_text(config.replace(anchor, anchor + sources))
        yield {"state": state, "projects": projects, "urls": {"north": north, "south": south}, "south_server": south_server}


def test_a_state_site_harvests_its_districts_and_builds_their_plans_as_its_own(federation) -> None:
    state = federation["state"]
    said = harvest(state)
    assert "north: fetched, 2 plans" in said and "south: fetched, 2 plans" in said
    assert "gone: failed: http://127.0.0.1:9/gone/plans.json could not be reached" in said
    site = build(state)
    for source in ("north", "south"):  # one id in two districts: two pages
        assert (site / "plans" / source / SHARED_ID / "index.html").is_file()
        assert (site / "plans" / source / f"{SHARED_ID}.yaml").is_file()
    north = page(site, f"plans/north/{SHARED_ID}/")
    origin = federation["urls"]["north"]
    assert {f"{origin}plans/{SHARED_ID}/", origin, f"{origin}editor/?plan={SHARED_ID}"} <= set(north.hrefs()), \
        "where it came from, and its own site's editor"
    assert "From: North River School District — the plan on its own site" in north.text and " harvested 20" in north.text
    assert "plans/north/riverbend-sd-pl-2026-27/" in links_from(site, f"plans/north/{SHARED_ID}/"), "its parent, in its district"
    within = {"plans/north/riverbend-sd-pl-2026-27/", "plans/south/harbor-valley-sd-pl-2026-27/"}
    assert within <= links_from(site, f"plans/{STATE_PLAN}/"), "the districts' plans nest in the state's through their parents' addresses"
    browser = page(site, "plans/")
    assert "District" in browser.text and "North River School District" in browser.text and "South Harbor SD" in browser.text
    data = json.loads((site / "plans.json").read_text())
    assert data["site"]["url"] == "http://127.0.0.1:9/state/"
    record = next(p for p in data["plans"] if p["id"] == f"south/{SHARED_ID}")
    assert record["url"] == f"http://127.0.0.1:9/state/plans/south/{SHARED_ID}/"
    assert record["source"]["url"] == f"{federation['urls']['south']}plans/{SHARED_ID}/"
    assert record["parent"] == "south/harbor-valley-sd-pl-2026-27"
    assert "north," in (site / "plans.csv").read_text(), "the open data has a source column"
    assert ",south,Co-planning stipends for co-teachers,3600,title-iii-a," in (site / "resources.csv").read_text()
    district = page(federation["projects"]["north"] / "site", "plans/riverbend-sd-pl-2026-27/")
    assert f"http://127.0.0.1:9/state/plans/{STATE_PLAN}/" in district.hrefs(), "on its own site, its parent is a link out"
    coverage = page(site, "coverage/system/")
    groups = [attrs for tag, attrs in coverage.elements if tag == "th" and attrs.get("scope") == "rowgroup"]
    assert len(groups) == 2 * 2, "each framework's matrix of system plans, cut by district: each source's"
    assert "North River School District" in coverage.text and "South Harbor SD" in coverage.text
    insights = page(site, "insights/")
    assert "Plans by district" in insights.text and "sources" in insights.ids()


def test_a_districts_own_design_is_harvested_as_that_districts(federation) -> None:
    state = federation["state"]
    harvest(state)
    site = build(state)
    design = page(site, "designs/south/micro-credentials/")
    south = federation["urls"]["south"]
    assert "Micro-credentials" in design.title and f"{south}designs/micro-credentials/" in design.hrefs()
    assert "South Harbor SD" in design.text, "marked as that district's"
    assert "designs/south/micro-credentials/" in links_from(site, f"plans/south/{SHARED_ID}/")
    assert "micro-credentials" not in (site / "schema" / "plan.schema.json").read_text(), "no plan of the state's names it"
    assert "micro-credentials" not in (site / "editor" / "data.json").read_text()
    assert not (site / "designs" / "micro-credentials").exists()


def test_a_changed_plan_is_fetched_again_and_the_others_are_unchanged(federation) -> None:
    state, north = federation["state"], federation["projects"]["north"]
    harvest(state)
    plan = north / "plans" / f"{SHARED_ID}.yaml"
    plan.write_text(plan.read_text().replace("title: ", "title: Revised ", 1))
    assert mkdocs_build(north).returncode == 0
    said = harvest(state)
    assert "north: fetched, 2 plans" in said and "south: unchanged, 2 plans" in said
    assert "Revised Riverbend" in page(build(state), f"plans/north/{SHARED_ID}/").text


def test_a_source_that_fails_keeps_its_last_good_copy_and_the_build_is_repeatable(federation) -> None:
    state = federation["state"]
    harvest(state)
    federation["south_server"].shutdown()
    federation["south_server"].server_close()  # refused from now on
    said = harvest(state)
    assert "south: failed: " in said and "its last good copy (2 plans) is kept" in said
    first, second = build(state, "site-a"), build(state, "site-b")
    assert (first / "plans" / "south" / SHARED_ID / "index.html").is_file()
    assert snapshot(first) == snapshot(second), "the same cache builds the same site"


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_state_sites_pages_pass_axe(federation, browser, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from test_accessibility import WCAG

    state = federation["state"]
    harvest(state)
    site = build(state)
    context = browser.new_context(color_scheme=scheme)
    page_ = context.new_page()
    found = {}
    with served(site) as (url, _):
        for path in ("plans/", "coverage/", "insights/", "data/", f"plans/north/{SHARED_ID}/", f"plans/{STATE_PLAN}/",
                     "designs/south/micro-credentials/"):
            page_.goto(url + path, wait_until="networkidle")
            violations = Axe().run(page_, options=WCAG).response["violations"]
            if violations:
                found[path] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
        page_.goto(url + "plans/?source=south")  # the District facet filters
        page_.wait_for_selector("#bm-filters:not([hidden])")
        shown = visible_plans(page_)
    context.close()
    assert found == {}
    assert sorted(shown) == ["south/harbor-valley-sd-pl-2026-27", f"south/{SHARED_ID}"]
