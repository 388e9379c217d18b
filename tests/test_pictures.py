"""The pictures in real Chromium: each plan's chain drawn, the insights' charts and tables, the coverage marks,
and a plans browser that shows plans first."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from test_browser import settled

from conftest import CONTENT
from sites import listed

pytestmark = pytest.mark.browser

LEVELS = ("state", "system", "school", "individual")



def chain_items(plan) -> list[str]:
    steps = plan.steps
    learning = steps.professional_learning
    groups = [steps.student_learning_needs and steps.student_learning_needs.needs, steps.improvement_goals,
              steps.educator_learning_needs and steps.educator_learning_needs.needs,
              learning and learning.activities, learning and learning.evaluation]
    return [item.id for group in groups for item in group or []]


# The chain, drawn -------------------------------------------------------------------------------------------------


def test_each_sample_plan_diagram_names_every_goal_and_links_to_its_items(page, site_url, samples) -> None:
    drawn = 0
    for plan_id, plan in samples.items():
        if plan.visibility == "private":
            continue
        page.goto(f"{site_url}plans/{plan_id}/")
        if not chain_items(plan):
            assert page.locator("svg.bm-chain").count() == 0
            continue
        drawn += 1
        svg = page.get_by_role("img", name=f"The backward chain of {plan.title}, drawn", exact=False)
        assert svg.count() == 1
        assert page.evaluate("document.querySelector('svg.bm-chain').closest('figure').nextElementSibling"
                             ".querySelector('table') !== null"), "the chain table follows the picture"
        labels = svg.locator("text.bm-chain__id").all_text_contents()
        assert all(any(label.split(" ")[0] == goal.id for label in labels) for goal in plan.steps.improvement_goals)
        assert svg.locator("a").count() == 0, "an image holds no links"
        layer = page.locator("svg.bm-chain-links[aria-hidden=true]")
        hrefs = layer.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert sorted(hrefs) == sorted(f"#{item.lower()}" for item in chain_items(plan))
        missing = page.evaluate("hrefs => hrefs.filter(h => !document.getElementById(h.slice(1)))", hrefs)
        assert missing == [], plan_id
        assert layer.locator("a").evaluate_all("links => links.every(a => a.tabIndex === -1)"), "the table is the keyboard's way"
        box, target = svg.locator("rect").first.bounding_box(), layer.locator("rect").first.bounding_box()
        for side in ("x", "y"):  # the centres (the drawn box's border adds to its size)
            size = "width" if side == "x" else "height"
            assert box[side] + box[size] / 2 == pytest.approx(target[side] + target[size] / 2, abs=0.5), "link over item"
        layer.locator("a").first.click()
        assert urlsplit(page.url).fragment == hrefs[0][1:]
    assert drawn >= 4


def test_the_diagram_keeps_its_size_on_a_phone_and_fits_the_printed_page(browser, site_url) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{site_url}plans/cascadia-statewide-pl-2026-27/")
    svg = page.locator("svg.bm-chain")
    width = float(svg.get_attribute("width"))
    assert svg.bounding_box()["width"] == pytest.approx(width), "text is never shrunk on screen"
    assert page.evaluate("(s => s.scrollWidth > s.clientWidth)(document.querySelector('svg.bm-chain').closest('.bm-scroll'))")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.emulate_media(media="print")
    assert svg.bounding_box()["width"] <= page.evaluate("document.querySelector('article').clientWidth")
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_diagram_reads_in_both_schemes(browser, site_url, scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{site_url}plans/riverbend-middle-math-2025-26/")
    text, box, line = page.evaluate("""[
        getComputedStyle(document.querySelector('.bm-chain text')).fill,
        getComputedStyle(document.querySelector('.bm-chain rect')).fill,
        getComputedStyle(document.querySelector('.bm-chain__line')).stroke]""")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert text != box and line != background
    dark_text = text in ("rgba(0, 0, 0, 0.87)", "rgb(0, 0, 0)")
    assert dark_text == (scheme == "light"), text
    context.close()


# Insights ---------------------------------------------------------------------------------------------------------


def table_of(page, caption_start: str) -> dict[str, list[str]]:
    """A table's rows as {row header: [cells]}, found by the start of its caption."""
    return page.evaluate("""start => {
        const table = [...document.querySelectorAll('table')].find(t => t.caption && t.caption.textContent.startsWith(start));
        return Object.fromEntries([...table.tBodies[0].rows].map(r =>
            [r.cells[0].textContent.trim(), [...r.cells].slice(1).map(c => c.textContent.trim())]));
    }""", caption_start)


def test_insights_has_charts_each_with_a_name_and_its_table(page, site_url) -> None:
    page.goto(f"{site_url}insights/")
    charts = page.locator("svg.bm-chart[role=img]")
    assert charts.count() >= 4
    names = charts.evaluate_all("svgs => svgs.map(s => s.querySelector('#' + s.getAttribute('aria-labelledby')).textContent)")
    follows = charts.evaluate_all("""svgs => svgs.map(s => {
        const table = s.closest('figure').nextElementSibling.querySelector('table');
        return table && table.caption.textContent; })""")
    for name, caption in zip(names, follows, strict=True):
        assert caption and name.split(":")[0] == caption.split(":")[0], (name, caption)
    for title in ("Plans by level and status", "Learning designs by level", "Plans evaluating at each level",
                  "Research sources by ESSA evidence tier", "Hours by environment"):
        assert page.get_by_role("img", name=title, exact=False).count() == 1, title
        assert page.get_by_role("heading", name=title).count() == 1, title


def test_the_designs_table_agrees_with_activities_csv(page, site_url, sample_site: Path, reference) -> None:
    with (sample_site / "activities.csv").open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert rows
    page.goto(f"{site_url}insights/")
    table = table_of(page, "Learning designs by level")
    assert len(table) == len(reference.designs.items)
    for design in reference.designs:
        counts = [sum(1 for row in rows if row["level"] == level and design.id in row["designs"].split("; "))
                  for level in LEVELS]
        assert table[design.title] == [str(c) for c in counts] + [str(sum(counts))], design.id


def test_the_levels_table_counts_every_listed_plan(page, site_url, samples) -> None:
    page.goto(f"{site_url}insights/")
    table = table_of(page, "Plans by level and status")
    plans = listed(samples).values()
    assert sum(int(cells[-1]) for cells in table.values()) == len(plans)
    assert table["School"][-1] == str(sum(p.level == "school" for p in plans))


def test_insights_is_linked_from_home_plans_and_coverage(page, site_url) -> None:
    for url in ("", "plans/", "coverage/"):
        page.goto(site_url + url)
        assert page.locator("article a[href$='insights/']").count() >= 1, url


# Coverage ---------------------------------------------------------------------------------------------------------


def test_coverage_shows_marks_with_a_legend_and_keeps_the_detail(page, site_url, samples) -> None:
    crosswalk = yaml.safe_load((CONTENT / "frameworks" / "spl-2022" / "crosswalk.yaml").read_text())["links"]
    in_2011 = in_2022 = 0
    for level in ("state", "system", "school", "individual"):
        page.goto(f"{site_url}coverage/{level}/")
        legend = page.get_by_role("list", name="Legend")
        assert "engaged through the steps" in legend.inner_text() and "named by one of its activities" in legend.inner_text()
        tables = page.locator("table.bm-marks")
        assert tables.count() == 2, "the 2011 standards, then the 2022 ones"
        cells = tables.locator("tbody td").evaluate_all("""cells => cells.map(c => [
            getComputedStyle(c, '::before').content.startsWith('"·"') ? '·' : c.querySelector('a').textContent,
            c.querySelector('a') ? c.querySelector('a').getAttribute('aria-label') : c.textContent,
            c.querySelector('a') && c.querySelector('a').title])""")
        first = tables.first.locator("tbody td").count()
        in_2011 += sum(mark == "◆" for mark, _, _ in cells[:first])
        in_2022 += sum(mark == "◆" for mark, _, _ in cells[first:])
        for mark, detail, title in cells:
            if mark == "·":
                assert detail == "not engaged" and title is None
            else:
                assert re.fullmatch(r"steps? [\d, ]+( · A\d+(, A\d+)*)?", detail) and title == detail
                assert (mark == "◆") == (" · A" in detail)
    named = [{s for a in p.steps.professional_learning.activities or [] for s in a.standards or []}
             for p in listed(samples).values() if p.steps.professional_learning]
    assert in_2011 == sum(map(len, named)) > 0
    assert in_2022 == sum(len({after for s in standards for after in crosswalk[s]}) for standards in named) > 0


# The plans browser ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("width", "height", "screens"), [(1280, 800, 1), (390, 844, 2)], ids=["desktop", "phone"])
def test_plans_come_first(browser, site_url, width: int, height: int, screens: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{site_url}plans/")
    page.wait_for_selector("#bm-filters:not([hidden])")
    title = page.locator(".bm-card:not([hidden]) .bm-card__title").first.bounding_box()
    assert title["y"] + title["height"] <= screens * height, title
    assert page.locator("#bm-drawer").evaluate("d => d.open") == (width >= 960), "a drawer on phones, a panel beside"
    if width < 960:
        page.get_by_text("Filters", exact=True).click()
        page.locator("input[name=level][value=school]").check()
        assert parse_qs(urlsplit(page.url).query) == {"level": ["school"]}
        assert "(1 selected)" in page.locator("#bm-drawer > summary").inner_text()
    context.close()


def test_each_result_shows_what_tells_plans_apart(page, site_url, samples, reference) -> None:
    page.goto(f"{site_url}plans/")
    for plan_id, plan in listed(samples).items():
        card = page.locator(f"[data-plan='{plan_id}']")
        text = card.inner_text()
        for value in (plan.title, plan.organization, plan.school_year, plan.status):
            assert value in text, (plan_id, value)
        assert {"state": "State", "system": "School system", "school": "School", "individual": "Individual"}[plan.level] in text
        learning = plan.steps.professional_learning
        for design in {d for a in (learning and learning.activities) or [] for d in a.designs}:
            assert reference.designs[design].title in text, (plan_id, design)


def shown_order(page) -> list[str]:
    settled(page)
    return page.locator("#bm-results .bm-card").evaluate_all("cards => cards.map(c => c.dataset.plan)")


def test_sorting_and_clear_all(page, site_url, samples) -> None:
    plans = listed(samples)
    page.goto(f"{site_url}plans/?level=school&level=individual")
    page.wait_for_selector("#bm-filters:not([hidden])")
    chosen = {i: p for i, p in plans.items() if p.level in ("school", "individual")}
    page.get_by_label("Sort by").select_option("title")
    assert shown_order(page) == sorted(chosen, key=lambda i: chosen[i].title.casefold())
    assert parse_qs(urlsplit(page.url).query) == {"level": ["school", "individual"], "sort": ["title"]}
    page.get_by_role("button", name="Clear all").click()
    page.wait_for_function(f"document.querySelectorAll('#bm-results [data-plan]').length === {len(plans)}")
    assert shown_order(page) == sorted(plans, key=lambda i: plans[i].title.casefold()), "clearing keeps the order"
    assert page.inner_text("#bm-status") == f"{len(plans)} plans, sorted by title", "the live region says the order"
    assert parse_qs(urlsplit(page.url).query) == {"sort": ["title"]}

    page.goto(f"{site_url}plans/?sort=updated")
    page.wait_for_selector("#bm-filters:not([hidden])")
    listing = sorted(plans, key=lambda i: (LEVELS.index(plans[i].level), plans[i].title.casefold(), i))
    dated = sorted((i for i in listing if plans[i].updated), key=lambda i: str(plans[i].updated), reverse=True)
    assert shown_order(page) == dated + [i for i in listing if not plans[i].updated] and len(dated) >= 2
    page.get_by_label("Sort by").select_option("")
    assert shown_order(page) == listing
    assert urlsplit(page.url).query == ""
