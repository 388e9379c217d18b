"""The site's search (Pagefind, `backmap_site/engines/search.py`, `render/assets/search.js`) in real headless Chromium: nothing of
it loads until a reader opens it, it finds pages by the keyboard, it never finds an unlisted plan. (That a plan's
text shows in it as text: `test_hardening.py`.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from test_accessibility import WCAG

from backmap_site.commands.pdf import serve
from sites import designed, make_project, mkdocs_build, search_index

pytestmark = pytest.mark.browser

PLAN = "plans/riverbend-middle-math-2025-26/"


def searched(page) -> list[str]:
    """The paths of the results shown."""
    return page.eval_on_selector_all(".bm-search__results a", "links => links.map(a => new URL(a.href).pathname)")


def search_for(page, query: str) -> None:
    page.keyboard.press("/")
    page.keyboard.type(query)
    page.wait_for_selector(".bm-search__results a")


def test_a_page_requests_no_search_data_until_the_search_is_opened(page, site_url) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + PLAN)
    page.wait_for_load_state("networkidle")
    page.mouse.wheel(0, 2000)
    page.keyboard.press("Tab")
    page.wait_for_timeout(300)
    assert requested and not [url for url in requested if "/pagefind/" in url or "search_index" in url]
    search_for(page, "lesson study")
    assert [url for url in requested if "/pagefind/" in url]
    assert page.is_visible(".bm-search[open]") and page.get_attribute("#bm-search-q", "aria-describedby") == "bm-search-status"
    assert "/designs/lesson-study/" in searched(page)
    assert page.inner_text("#bm-search-status").endswith("match.")


def test_the_search_works_by_keyboard(page, site_url) -> None:
    page.goto(site_url)
    opener = page.locator(".bm-search-open")
    assert opener.get_attribute("aria-haspopup") == "dialog" and opener.inner_text() == "Search"
    search_for(page, "coaching")
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.href")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.href") != first
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "bm-search-q"
    page.keyboard.press("Escape")
    assert not page.is_visible(".bm-search")
    page.wait_for_function("document.activeElement.classList.contains('bm-search-open')")
    page.keyboard.press("Enter")  # the button, focused again, opens it again; Enter there opens the first result
    page.wait_for_selector(".bm-search[open]")
    page.keyboard.press("Enter")
    page.wait_for_url(first)


def test_keys_typed_in_a_field_stay_there(page, site_url) -> None:
    """Typing "s" or "/" in a field is typing, not opening the search."""
    page.goto(site_url + "plans/")
    page.wait_for_selector("#bm-filters:not([hidden])")
    page.fill("#bm-q", "")
    page.focus("#bm-q")
    page.keyboard.type("s/f")
    assert page.input_value("#bm-q") == "s/f" and not page.is_visible(".bm-search")


def test_unlisted_and_private_plans_are_not_searched(tmp_path: Path, browser) -> None:
    project = make_project(tmp_path, {
        "open-plan": designed("Open Plan Zebra", level="school"),
        "quiet-plan": designed("Quiet Plan Walrus", visibility="unlisted", parent="open-plan", level="individual"),
        "hidden-plan": designed("Hidden Plan Narwhal", visibility="private", parent="open-plan", level="individual"),
    })
    assert mkdocs_build(project).returncode == 0
    site = project / "site"
    assert set(search_index(site)) >= {"/plans/open-plan/", "/designs/lesson-study/"}
    assert not [url for url in search_index(site) if "quiet" in url or "hidden" in url]
    page = browser.new_page()
    with serve(site) as url:
        page.goto(url)
        search_for(page, "Zebra")
        assert searched(page)[0] == "/plans/open-plan/", "then the pages that list it"
        page.fill("#bm-search-q", "Walrus")
        page.wait_for_selector("#bm-search-status:has-text('No pages match')")
        page.fill("#bm-search-q", "Narwhal")
        page.wait_for_selector("#bm-search-status:has-text('No pages match')")
        assert searched(page) == []
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_no_violation_in_the_search(browser, site_url, scheme: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 844}, color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + PLAN, wait_until="networkidle")
    assert Axe().run(page, options=WCAG).response["violations"] == [], "the button in the header"
    search_for(page, "students")
    page.keyboard.press("ArrowDown")
    violations = Axe().run(page, options=WCAG).response["violations"]
    context.close()
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations] == []
