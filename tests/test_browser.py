"""The plans browser in real headless Chromium: the URL contract, the controls, the counts, no JavaScript."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from test_accessibility import WCAG

from backmap_site.commands.pdf import serve
from backmap_site.model import catalog
from sites import listed, make_project, mkdocs_build, search_index
from synthetic import write_plans

pytestmark = pytest.mark.browser


def designs_of(plan) -> set[str]:
    learning = plan.steps.professional_learning
    return {d for a in (learning.activities if learning else None) or [] for d in a.designs}


def with_words(sample_site, words: str) -> set[str]:
    """The plans whose pages hold each of `words`, as the site's search read them (it also finds other forms)."""
    pages = search_index(sample_site)
    return {url.split("/")[2] for url, page in pages.items() if url.startswith("/plans/")
            and all(word in page["content"].lower() for word in words.lower().split())}


def settled(page) -> None:
    """Wait until what was last asked (a control, the text) is on the page: the text asks the site's search."""
    page.wait_for_function("(f => f.dataset.shown === f.dataset.asked)(document.getElementById('bm-filters'))")


def visible_plans(page) -> set[str]:
    settled(page)
    return set(page.eval_on_selector_all("#bm-results [data-plan]", "cards => cards.map(c => c.dataset.plan)"))



def open_browser(page, site_url: str, query: str = "") -> None:
    page.goto(f"{site_url}plans/{query}")
    page.wait_for_selector("#bm-filters:not([hidden])")


def test_opening_a_url_shows_that_view(page, site_url, samples) -> None:
    open_browser(page, site_url, "?level=school&design=lesson-study")
    expected = {i for i, p in listed(samples).items() if p.level == "school" and "lesson-study" in designs_of(p)}
    assert expected and visible_plans(page) == expected
    assert page.is_checked("input[name=level][value=school]")
    assert page.is_checked("input[name=design][value=lesson-study]")
    assert page.inner_text("#bm-status") == f"{len(expected)} of {len(listed(samples))} plans"


def test_or_within_a_facet_and_across_facets(page, site_url, samples) -> None:
    open_browser(page, site_url, "?level=school&level=individual&status=completed&status=in-progress")
    expected = {i for i, p in listed(samples).items()
                if p.level in ("school", "individual") and p.status in ("completed", "in-progress")}
    assert visible_plans(page) == expected


def facet_values(plan, reference) -> dict[str, set[str]]:
    """What each facet holds for a plan, worked out from the plan and content/ (not from the browser's index)."""
    steps = plan.steps
    learning = steps.professional_learning
    activities = (learning.activities if learning else None) or []
    written = [step for step in reference.steps
               if (value := getattr(steps, step.key)) is not None and not (isinstance(value, list) and not value)]
    return {
        "level": {plan.level}, "year": {plan.school_year}, "status": {plan.status},
        "standard": {s for step in written for s in step.standards} | {s for a in activities for s in a.standards or []},
        "design": {d for a in activities for d in a.designs}, "environment": {a.environment for a in activities},
        "subject": set(plan.subjects or []), "grade": set(plan.grades or []),
        "source": set(),  # only a state site's harvested plans have one (tests/test_federation.py)
    }


def test_every_facet_of_the_contract_filters(page, site_url, samples, reference) -> None:
    plans = listed(samples)
    values = {plan_id: facet_values(plan, reference) for plan_id, plan in plans.items()}
    one_id, one = next(iter(plans.items()))
    query = (f"?level={one.level}&standard=data&environment={one.steps.professional_learning.activities[0].environment}"
             f"&subject={one.subjects[0]}&grade={one.grades[0]}&year={one.school_year}&status={one.status}")
    open_browser(page, site_url, query)
    assert visible_plans(page) == {i for i, v in values.items() if one.level in v["level"] and "data" in v["standard"]
                                   and one.steps.professional_learning.activities[0].environment in v["environment"]
                                   and one.subjects[0] in v["subject"] and one.grades[0] in v["grade"]
                                   and one.school_year in v["year"] and one.status in v["status"]} >= {one_id}
    for name in ("level", "standard", "design", "environment", "subject", "grade", "year", "status", "q"):
        assert page.locator(f"#bm-filters [name={name}]").count() >= 1, name
    telling = 0
    for facet in catalog.FACETS:  # each alone, on every value of it
        for value in sorted({v for plan_values in values.values() for v in plan_values[facet]}):
            expected = {i for i, v in values.items() if value in v[facet]}
            open_browser(page, site_url, "?" + urlencode({facet: value}))
            assert visible_plans(page) == expected, (facet, value)
            telling += len(expected) < len(plans)
    assert telling >= len(catalog.FACETS) - 2, "most facets (all but `source`) have a value that tells some plans apart"


def test_changing_a_control_updates_the_view_the_url_and_the_live_region(page, site_url, samples) -> None:
    open_browser(page, site_url)
    assert visible_plans(page) == set(listed(samples))
    assert page.get_attribute("#bm-status", "aria-live") == "polite"
    page.get_by_label("State", exact=False).first.check()
    expected = {i for i, p in listed(samples).items() if p.level == "state"}
    assert visible_plans(page) == expected
    assert parse_qs(urlsplit(page.url).query) == {"level": ["state"]}
    assert page.inner_text("#bm-status") == f"{len(expected)} of {len(listed(samples))} plans"
    page.get_by_role("button", name="Clear all").click()
    page.wait_for_function(f"document.querySelectorAll('#bm-results [data-plan]').length === {len(listed(samples))}")
    assert urlsplit(page.url).query == ""


def test_a_shared_url_with_q_filters_without_opening_the_site_search(page, site_url, samples, sample_site) -> None:
    open_browser(page, site_url, "?q=lesson+study&level=school")
    assert page.input_value("#bm-q") == "lesson study"
    schools = {i for i, p in listed(samples).items() if p.level == "school"}
    assert schools & with_words(sample_site, "lesson study") <= visible_plans(page) <= schools
    assert parse_qs(urlsplit(page.url).query) == {"level": ["school"], "q": ["lesson study"]}
    assert not page.is_visible(".bm-search"), "the site's search stays closed"


def test_free_text_search(page, site_url, samples, sample_site) -> None:
    plan_id, plan = next((i, p) for i, p in listed(samples).items() if p.level == "individual")
    word = plan.organization.split(",")[0]
    open_browser(page, site_url)
    page.fill("#bm-q", word)
    assert plan_id in visible_plans(page) and with_words(sample_site, word) <= visible_plans(page) < set(listed(samples))
    assert parse_qs(urlsplit(page.url).query)["q"] == [word]
    assert page.inner_text("#bm-status") == f"{len(visible_plans(page))} of {len(listed(samples))} plans"


def test_each_value_counts_the_plans_it_would_leave(page, site_url, samples) -> None:
    open_browser(page, site_url, "?level=school")
    schools = [p for p in listed(samples).values() if p.level == "school"]
    for design in ("lesson-study", "peer-coaching", "coaching"):
        expected = sum(design in designs_of(p) for p in schools)
        assert page.text_content(f".bm-count[data-facet=design][data-value={design}]") == f"({expected})"
    for level in ("state", "system", "school", "individual"):
        expected = sum(p.level == level for p in listed(samples).values())
        assert page.text_content(f".bm-count[data-facet=level][data-value={level}]") == f"({expected})"


def test_without_javascript_every_plan_is_listed(browser, site_url, samples) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}plans/?level=state")
    assert set(page.eval_on_selector_all("[data-plan]", "cards => cards.map(c => c.dataset.plan)")) == set(listed(samples))
    assert page.locator("#bm-filters").is_hidden()
    context.close()


def test_reference_pages_link_into_the_filtered_browser(page, site_url, samples) -> None:
    page.goto(f"{site_url}designs/lesson-study/")
    page.click("text=Browse the plans that use this design")
    page.wait_for_selector("#bm-filters:not([hidden])")
    assert page.is_checked("input[name=design][value=lesson-study]")
    assert visible_plans(page) == {i for i, p in listed(samples).items() if "lesson-study" in designs_of(p)}


@pytest.fixture(scope="module")
def many_plans(tmp_path_factory):
    """A site of 120 plans, served: more than two pages of the list."""
    project = make_project(tmp_path_factory.mktemp("many"), {})
    write_plans(120, project / "plans")
    build = mkdocs_build(project)
    assert build.returncode == 0, build.stderr
    listed_ids = [plan["id"] for plan in json.loads((project / "site" / "plans.json").read_text())["plans"]]
    with serve(project / "site") as url:
        yield url, listed_ids


def test_the_list_shows_fifty_plans_then_fifty_more_on_demand(page, many_plans) -> None:
    url, listed_ids = many_plans
    assert len(listed_ids) > 100
    open_browser(page, url)
    assert visible_plans(page) == set(listed_ids[:50]) and page.is_hidden("#bm-pager")
    assert page.inner_text("#bm-status") == f"{len(listed_ids)} plans, the first 50 shown"
    page.get_by_role("button", name="Show 50 more plans").click()
    assert visible_plans(page) == set(listed_ids[:100])
    assert page.evaluate("document.activeElement.closest('[data-plan]').dataset.plan") == listed_ids[50], "focus moves on"
    page.get_by_role("button", name=f"Show {len(listed_ids) - 100} more plans").click()
    assert visible_plans(page) == set(listed_ids) and page.is_hidden("#bm-more")
    assert page.evaluate("document.getElementsByTagName('*').length") < 3000
    page.get_by_label("Individual", exact=False).first.check()
    individual = visible_plans(page)
    assert len(individual) == 50 and page.is_visible("#bm-more"), "a new filter shows its first 50 again"


def test_without_javascript_the_list_is_paged_by_url(browser, many_plans) -> None:
    url, listed_ids = many_plans
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{url}plans/")
    seen = []
    while True:
        seen += page.eval_on_selector_all("[data-plan]", "cards => cards.map(c => c.dataset.plan)")
        assert page.locator("#bm-pager").is_visible()
        next_page = page.locator("#bm-pager a[rel=next]")
        if not next_page.count():
            break
        next_page.click()
    assert seen == listed_ids and page.inner_text("h1").startswith("Plans, page 3 of 3")
    page.locator("#bm-pager a[rel=prev]").click()
    page.locator("#bm-pager a[rel=prev]").click()
    assert urlsplit(page.url).path.endswith("/plans/")
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_in_the_paged_list(browser, many_plans, scheme: str) -> None:
    url, _ = many_plans
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    found = {}
    for place in ("plans/", "plans/page_2/"):
        page.goto(url + place, wait_until="networkidle")
        if place == "plans/":
            page.get_by_role("button", name="Show 50 more plans").click()
            settled(page)
        violations = Axe().run(page, options=WCAG).response["violations"]
        found[place] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    context.close()
    assert found == {"plans/": [], "plans/page_2/": []}
