"""WCAG 2.1 AA with axe-core in Chromium on every page kind, light and dark; the checks axe cannot make."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

PAGES = {
    "home": "", "step": "steps/research/", "steps": "steps/", "standard": "standards/data/", "designs": "designs/",
    "design": "designs/lesson-study/", "concepts": "concepts/", "factors": "concepts/factors/",
    "glossary": "concepts/glossary/", "environment": "environments/online/", "browser": "plans/",
    "browser filtered": "plans/?level=school&design=lesson-study&q=students&sort=title", "coverage": "coverage/",
    "coverage level": "coverage/school/",
    "insights": "insights/", "frameworks": "frameworks/", "framework": "frameworks/spl-2022/",
    "framework standard": "frameworks/spl-2022/equity-practices/",
    "state plan": "plans/cascadia-statewide-pl-2026-27/", "system plan": "plans/riverbend-sd-pl-2026-27/",
    "school plan": "plans/riverbend-middle-math-2025-26/", "individual plan": "plans/riverbend-middle-gr7-math-igp-2025-26/",
    "contribute": "contribute/", "editor": "editor/",
    "editor step": "editor/?plan=riverbend-middle-math-2025-26#s-professional_learning",
    "editor check": "editor/?plan=riverbend-middle-math-2025-26#s-check",
}
EDITOR_PLACES = ["about", "people", "status", "student_learning_needs", "context", "improvement_goals", "educator_learning_needs",
                 "research", "professional_learning", "professional_learning/activities/0", "professional_learning/evaluation/0",
                 "implementation", "check"]
"""Every section of the plan editor, and the pages of an activity and of an evaluation question."""
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.fixture(scope="module", params=["light", "dark"])
def scheme_page(request, browser):
    context = browser.new_context(color_scheme=request.param)
    yield request.param, context.new_page()
    context.close()


def test_axe_finds_no_violation_on_any_page_kind(scheme_page, site_url) -> None:
    scheme, page = scheme_page
    axe = Axe()
    found = {}
    for kind, url in PAGES.items():
        page.goto(site_url + url, wait_until="networkidle")
        expected = "slate" if scheme == "dark" else "default"
        assert page.get_attribute("body", "data-md-color-scheme") == expected
        violations = axe.run(page, options=WCAG).response["violations"]
        if violations:
            found[kind] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    assert found == {}


def test_axe_finds_no_violation_in_any_section_of_the_editor(scheme_page, site_url) -> None:
    _, page = scheme_page
    page.goto(site_url + "editor/?plan=riverbend-middle-math-2025-26", wait_until="networkidle")
    found = {}
    for place in EDITOR_PLACES:
        page.evaluate("place => { location.hash = `#s-${place}`; }", place)
        page.wait_for_function("place => location.hash === `#s-${place}` && document.activeElement?.id === 'bm-section-title'",
                               arg=place)
        violations = Axe().run(page, options=WCAG).response["violations"]
        if violations:
            found[place] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    assert found == {}
    assert page.locator(".bm-section__title").inner_text().startswith("Check and send")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_a_phone(browser, site_url, scheme: str) -> None:
    """Where pictures and tables scroll inside their boxes, and the plans browser's facets fold into a drawer."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    page = context.new_page()
    found = {}
    for kind in ("browser", "insights", "coverage", "coverage level", "state plan", "school plan"):
        page.goto(site_url + PAGES[kind], wait_until="networkidle")
        violations = Axe().run(page, options=WCAG).response["violations"]
        if violations:
            found[kind] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    context.close()
    assert found == {}


def test_the_editor_showing_errors_and_warnings_passes_axe(scheme_page, site_url) -> None:
    _, page = scheme_page
    page.goto(site_url + "editor/?plan=riverbend-middle-math-2025-26#s-improvement_goals", wait_until="networkidle")
    page.fill("#f-steps-improvement_goals-0-due", "2026-13-45")
    page.fill("#f-steps-improvement_goals-1-measure", "")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_selector(".bm-summary .bm-summary__list li")
    assert page.locator(".bm-section .bm-error").count() >= 2
    violations = Axe().run(page, options=WCAG).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations] == []
    page.evaluate("location.hash = '#s-check'")  # what is left, listed with its links
    page.wait_for_selector("#bm-remaining .bm-remaining li")
    violations = Axe().run(page, options=WCAG).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations] == []
    page.evaluate("location.hash = '#s-professional_learning/activities/0'")  # the designs picker, open, with errors
    page.fill("#f-steps-professional_learning-activities-0-title", " ")
    page.fill("#f-steps-professional_learning-activities-0-designs", "coach")
    page.wait_for_selector(".bm-options:not([hidden]) .bm-option")
    page.get_by_role("button", name="Save and return to Step 6").click()
    page.wait_for_selector(".bm-section .bm-error")
    page.focus("#f-steps-professional_learning-activities-0-designs")
    page.wait_for_selector(".bm-options:not([hidden]) .bm-option")
    violations = Axe().run(page, options=WCAG).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations] == []


def test_the_diagram_has_a_title_a_description_and_focusable_links(browser, site_url) -> None:
    page = browser.new_page()
    page.goto(site_url)
    svg = page.locator("svg[aria-labelledby]")
    assert svg.locator("title").text_content() == "The Backmapping Model"
    assert "Seven planning steps" in svg.locator("desc").text_content()
    links = svg.locator("a")
    assert links.count() == 7
    assert page.evaluate("[...document.querySelectorAll('svg a')].every(a => a.tabIndex === 0)")
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('svg') !== null"):
            break
    assert page.evaluate("document.activeElement.getAttribute('href')") == "steps/student-learning-needs/"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.close()


def test_tables_have_headers_and_controls_have_labels(browser, site_url) -> None:
    page = browser.new_page()
    for url in ("coverage/", "coverage/school/", "plans/riverbend-middle-math-2025-26/", "steps/", "plans/"):
        page.goto(site_url + url)
        assert page.evaluate("[...document.querySelectorAll('article table')].every(t => t.querySelector('th'))")
        assert url == "plans/" or page.locator("article table").count() >= 1, f"{url} has tables to check"
        unlabelled = page.evaluate("""[...document.querySelectorAll('article input, article select, article button')]
            .filter(c => !(c.labels && c.labels.length) && !c.getAttribute('aria-label') && !c.textContent.trim())
            .map(c => c.outerHTML)""")
        assert unlabelled == []
    page.close()


def test_keyboard_focus_is_visible_in_the_browser(browser, site_url) -> None:
    page = browser.new_page()
    page.goto(site_url + "plans/")
    page.wait_for_selector("#bm-filters:not([hidden])")
    page.focus("#bm-q")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    active = page.evaluate("document.activeElement.outerHTML")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none", active
    page.close()


@pytest.mark.parametrize(("width", "scale"), [(320, 1), (640, 2)], ids=["320px wide", "200% zoom"])
def test_pages_fit_narrow_screens_and_zoom(browser, site_url, width: int, scale: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 700}, device_scale_factor=scale)
    page = context.new_page()
    too_wide = {}
    for kind, url in PAGES.items():
        page.goto(site_url + url)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            too_wide[kind] = overflow
    context.close()
    assert too_wide == {}


def test_no_page_requests_anything_from_another_host(browser, site_url) -> None:
    context = browser.new_context()
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for url in PAGES.values():
        page.goto(site_url + url, wait_until="networkidle")
    page.goto(site_url, wait_until="networkidle")  # the site search
    page.click(".bm-search-open")
    page.keyboard.type("coaching")
    page.wait_for_selector(".bm-search__results a")
    context.close()
    local = urlsplit(site_url).netloc
    foreign = {u for u in requested if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).netloc != local}
    assert len(requested) > len(PAGES) and foreign == set()
