"""The plan editor in real headless Chromium: a plan written by keyboard alone, published plans opened and saved,
drafts kept, broken files refused, proposals on GitHub, and nothing lost on the way."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from backmap_site.format.yamlfile import load_document
from conftest import CASES, CONTENT, PLANS, SITE
from sites import BIN, listed

pytestmark = pytest.mark.browser

REPO = "https://github.com/backmap/backmap-site"


@pytest.fixture
def context(browser):
    """A browser profile of its own (no drafts), where GitHub is never reached."""
    context = browser.new_context(accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    context.route("https://github.com/**", lambda route: route.fulfill(status=200, body="GitHub stands in here"))
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert errors == [], "no script errors"


def open_editor(page, site_url: str, query: str = "") -> None:
    page.goto(f"{site_url}editor/{query}")
    page.wait_for_selector("#bm-editor[data-ready]")


def name_of_focused(page) -> str:
    return page.evaluate("""() => {
        const e = document.activeElement;
        const label = e.labels && e.labels.length ? e.labels[0].textContent : e.getAttribute("aria-label") || e.textContent;
        return label.replace(/\\s+/g, " ").trim();
    }""")


def tab_to(page, name: str, limit: int = 400) -> int:
    """Presses Tab until the focused control is named `name` (its label, or its text for buttons and links);
    returns how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if name_of_focused(page) == name:
            return presses
    raise AssertionError(f"no control named {name!r} within {limit} presses of Tab")


def type_into(page, name: str, text: str) -> int:
    presses = tab_to(page, name)
    page.keyboard.type(text)
    return presses


def press_on(page, name: str, key: str = "Enter") -> int:
    presses = tab_to(page, name)
    page.keyboard.press(key)
    return presses


def next_section(page, title: str) -> None:
    press_on(page, "Save and continue")
    page.wait_for_function("t => document.activeElement.textContent === t", arg=title)


def problems_shown(page) -> list[str]:
    return page.locator(".bm-section .bm-error, .bm-section .bm-warning").all_inner_texts()


def test_a_plan_written_by_keyboard_alone_through_all_seven_steps_validates_strict(page, site_url, tmp_path) -> None:
    open_editor(page, site_url)
    type_into(page, "Title", "Maple Elementary Fractions 2026-27")
    tab_to(page, "State")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # School
    type_into(page, "Organization", "Maple Elementary School")
    type_into(page, "School year", "2026-27")
    type_into(page, "Summary", "Grade 4 teachers learn to teach fractions with visual models.")
    next_section(page, "People")
    next_section(page, "Status and approval")
    next_section(page, "Step 1: Identify student learning needs")

    press_on(page, "Add a student need")
    type_into(page, "Statement", "Students compare fractions by reasoning about their size.")
    next_section(page, "Step 2: Analyze the context")
    type_into(page, "School (optional)", "A new mathematics curriculum is in its second year.")
    next_section(page, "Step 3: Develop improvement goals")

    press_on(page, "Add a goal")
    type_into(page, "Goal", "More grade 4 students compare fractions correctly.")
    type_into(page, "Measure", "Spring unit assessment")
    type_into(page, "Baseline", "38% proficient")
    type_into(page, "Target", "60% proficient")
    type_into(page, "Due date", "2027-05-30")
    press_on(page, "SN1: Students compare fractions by reasoning about their size.", "Space")
    next_section(page, "Step 4: Identify educator learning needs")

    press_on(page, "Add an educator need")
    type_into(page, "What educators need to learn", "Use number lines and area models to teach fraction size.")
    press_on(page, "G1: More grade 4 students compare fractions correctly.", "Space")
    next_section(page, "Step 5: Study research and evidence")

    press_on(page, "Add a source")
    type_into(page, "Citation", "Siegler et al. (2010), Developing effective fractions instruction")
    type_into(page, "What it says that matters here", "Number lines help students reason about fraction size.")
    press_on(page, "EN1: Use number lines and area models to teach fraction size.", "Space")
    next_section(page, "Step 6: Plan professional learning, implementation and evaluation")

    press_on(page, "Add an activity")  # the activity's own page ("add another")
    page.wait_for_function("document.activeElement.textContent.endsWith('Activity A1')")
    presses = type_into(page, "Title", "Fractions lesson study")
    presses += tab_to(page, "Online")
    page.keyboard.press("ArrowDown")  # In-person
    presses += type_into(page, "Learning designs", "lesson study")  # filters the 25 designs as it is typed
    page.keyboard.press("Enter")
    page.keyboard.type("coaching")
    page.keyboard.press("Enter")
    assert page.locator(".bm-chip > span").all_inner_texts() == ["Lesson study", "Coaching"]
    presses += type_into(page, "Audience", "Grade 4 team")
    presses += type_into(page, "Schedule", "Three cycles, October to March")
    presses += press_on(page, "EN1: Use number lines and area models to teach fraction size.", "Space")
    presses += press_on(page, "Save and return to Step 6")
    assert presses <= 25, f"{presses} presses of Tab for an activity with two designs"
    page.wait_for_function("document.activeElement.textContent.startsWith('Change')")  # back on its row
    assert "Lesson study, Coaching · In-person" in page.locator(".bm-summary-list__row").first.inner_text()
    press_on(page, "Add an evaluation question")
    type_into(page, "Question", "Did more students compare fractions correctly?")
    tab_to(page, "1: Participants' reactions")
    for _ in range(4):
        page.keyboard.press("ArrowDown")  # level 5
    type_into(page, "Evidence", "Spring unit assessment")
    type_into(page, "Timing", "May")
    press_on(page, "G1: More grade 4 students compare fractions correctly.", "Space")
    press_on(page, "Save and return to Step 6")
    next_section(page, "Step 7: Implement, sustain and evaluate professional learning")

    press_on(page, "Add a milestone")
    type_into(page, "Date", "2026-10-15")
    type_into(page, "Milestone", "First lesson study cycle")
    tab_to(page, "Planned")
    page.keyboard.press("Space")
    next_section(page, "Check and send")

    page.wait_for_function("document.querySelector('#bm-yaml').textContent.includes('milestones')")
    assert problems_shown(page) == []
    assert page.locator(".bm-summary").count() == 0
    with page.expect_download() as download:
        press_on(page, "Download YAML")
    assert download.value.suggested_filename == "maple-elementary-fractions-2026-27.yaml"
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    check = subprocess.run([str(BIN / "backmap"), "validate", "--strict", "--content", str(CONTENT), str(saved)],
                           cwd=SITE, capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr
    plan = yaml.safe_load(saved.read_text())
    assert plan["level"] == "school"
    assert plan["steps"]["professional_learning"]["activities"][0]["designs"] == ["lesson-study", "coaching"]
    assert plan["steps"]["professional_learning"]["activities"][0]["environment"] == "in-person"
    assert plan["steps"]["professional_learning"]["evaluation"][0]["level"] == 5
    assert plan["steps"]["improvement_goals"][0]["student_needs"] == ["SN1"]
    text = saved.read_text()
    assert list(plan)[:6] == ["title", "level", "organization", "school_year", "summary", "steps"]
    assert "due: 2027-05-30\n" in text and "student_needs: [SN1]\n" in text, "laid out like backmap new's files"


def published_plans(samples: dict) -> dict:
    """The sample plans with a page (public and unlisted), by id, with their files."""
    from backmap_site.model.validation import find_plan_files

    files = {p.stem: p for p in find_plan_files([PLANS])}
    return {plan_id: files[plan_id] for plan_id, plan in samples.items() if plan.visibility != "private"}


def download(page, tmp_path: Path) -> Path:
    page.goto(page.url.split("#")[0] + "#s-check")
    page.wait_for_function("document.querySelector('#bm-yaml') && document.querySelector('#bm-yaml').textContent")
    with page.expect_download() as started:
        page.get_by_role("button", name="Download YAML").click()
    saved = tmp_path / started.value.suggested_filename
    started.value.save_as(saved)
    return saved


def test_each_sample_plan_opened_and_saved_unchanged_gives_the_same_data(page, site_url, samples, tmp_path) -> None:
    plans = published_plans(samples)
    assert len(plans) >= 8
    for plan_id, source in plans.items():
        open_editor(page, site_url, f"?plan={plan_id}")
        assert page.locator("#f-title").input_value() == samples[plan_id].title
        saved = download(page, tmp_path)
        assert saved.name == source.name
        assert load_document(saved).data == load_document(source).data, plan_id
        original, written = source.read_text(), saved.read_text()
        assert written == original, f"{plan_id}: opened and saved unchanged, the file is as it was"
        assert [line for line in original.splitlines() if line.lstrip().startswith("#")] == \
            [line for line in written.splitlines() if line.lstrip().startswith("#")], "comments are kept"
        assert key_order(yaml.safe_load(written)) == key_order(yaml.safe_load(original)), "key order is kept"


def key_order(data) -> list:
    """Every mapping's keys in order, depth first."""
    if isinstance(data, dict):
        return [list(data), *(key_order(value) for value in data.values())]
    if isinstance(data, list):
        return [key_order(value) for value in data]
    return []


def test_a_change_to_an_opened_plan_keeps_its_comments_order_and_quoting(page, site_url, tmp_path) -> None:
    source = PLANS / "riverbend" / "riverbend-middle-math-2025-26.yaml"
    open_editor(page, site_url, "?plan=riverbend-middle-math-2025-26")
    page.fill("#f-title", "Riverbend Middle School Mathematics Plan, 2025-26")
    saved = download(page, tmp_path)
    before, after = source.read_text().splitlines(), saved.read_text().splitlines()
    # Every line stays as written but the title, the folded paragraphs (`>-`) too.
    assert [line for line in before if not line.startswith("title:")] == [line for line in after if not line.startswith("title:")]
    assert "title: Riverbend Middle School Mathematics Plan, 2025-26" in after
    assert 'school_year: "2025-26"' in after and "  - {name: Rosalind Achterberg, role: Principal}" in after


def test_the_draft_survives_a_reload_and_other_plans_leave_it_alone(page, site_url) -> None:
    open_editor(page, site_url)
    page.fill("#f-title", "Cedar Hollow Grade 3 Writing")
    page.wait_for_function("document.querySelector('#bm-saved').textContent.startsWith('Draft saved')")
    page.reload()
    page.wait_for_selector("#bm-editor[data-ready]")
    assert page.locator("#f-title").input_value() == "Cedar Hollow Grade 3 Writing"
    assert page.locator("#f-id").input_value() == "cedar-hollow-grade-3-writing"
    assert "Your unsaved draft of your new plan" in page.locator("#bm-notice").inner_text()

    open_editor(page, site_url, "?plan=riverbend-sd-pl-2026-27")  # another plan opens beside the draft
    assert page.locator("#f-title").input_value() == samples_title("riverbend-sd-pl-2026-27")
    page.fill("#f-organization", "Riverbend School District No. 7")
    page.wait_for_function("document.querySelector('#bm-saved').textContent.startsWith('Draft saved')")
    open_editor(page, site_url)
    assert page.locator("#f-title").input_value() == "Cedar Hollow Grade 3 Writing"
    assert "riverbend-sd-pl-2026-27" in page.locator(".bm-drafts").inner_text()

    with page.expect_navigation():
        page.get_by_role("button", name="Discard the draft and start again").click()
    page.wait_for_selector("#bm-editor[data-ready]")
    assert page.locator("#f-title").input_value() == ""
    open_editor(page, site_url, "?plan=riverbend-sd-pl-2026-27")
    assert page.locator("#f-organization").input_value() == "Riverbend School District No. 7"


def samples_title(plan_id: str) -> str:
    return next(load_document(p).data["title"] for p in PLANS.rglob(f"{plan_id}.yaml"))


def test_leaving_with_unsaved_changes_asks_first(context, site_url) -> None:
    page = context.new_page()
    open_editor(page, site_url)
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)
    assert asked == [], "nothing typed, nothing to ask"
    page = context.new_page()
    open_editor(page, site_url)
    page.fill("#f-title", "A plan not yet downloaded")
    page.wait_for_function("document.querySelector('#bm-saved').textContent.startsWith('Draft saved')")
    with page.expect_event("dialog") as dialog:
        page.close(run_before_unload=True)
    assert dialog.value.type == "beforeunload"
    dialog.value.accept()  # leave: the page closes


def test_a_broken_file_is_explained_and_the_draft_kept(page, site_url, tmp_path) -> None:
    open_editor(page, site_url)
    page.fill("#f-title", "My draft")
    for name, text, where in [
        ("broken.yaml", "title: x\nlevel: [school\n", "line 3, column 1"),
        ("aliases.yaml", "title: &t x\nlevel: *t\n", "line 1, column 8: YAML anchors (&t) are not allowed"),
        ("list.yaml", "title: x\nsteps:\n  improvement_goals: {id: G1}\n",
         "line 3, column 22: Improvement goals is written in a form this editor cannot show"),
    ]:
        (tmp_path / name).write_text(text)
        page.set_input_files("#bm-open-file", str(tmp_path / name))
        alert = page.locator("#bm-alert")
        alert.wait_for()
        page.wait_for_function("n => document.querySelector('#bm-alert').textContent.startsWith(n)", arg=name)
        assert where in alert.inner_text() and "Your draft is unchanged" in alert.inner_text(), alert.inner_text()
        assert page.locator("#f-title").input_value() == "My draft"


def test_removing_or_renaming_an_item_updates_what_names_it(page, site_url) -> None:
    open_editor(page, site_url, "?plan=riverbend-middle-math-2025-26#s-improvement_goals")
    page.fill("#f-steps-improvement_goals-0-id", "G10")
    page.press("#f-steps-improvement_goals-0-id", "Tab")  # the change is made when the field is left
    page.goto(page.url.split("#")[0] + "#s-educator_learning_needs")
    boxes = page.locator("input[name='f-steps-educator_learning_needs-needs-0-goals']")
    assert "G10" in boxes.evaluate_all("bs => bs.filter(b => b.checked).map(b => b.value)")
    page.goto(page.url.split("#")[0] + "#s-improvement_goals")
    page.get_by_role("button", name="Remove goal G10").click()
    assert "took it out of educator need EN1" in page.locator("#bm-notice").inner_text()
    page.goto(page.url.split("#")[0] + "#s-check")
    page.wait_for_function("!document.querySelector('#bm-yaml').textContent.includes('G10')")
    page.goto(page.url.split("#")[0] + "#s-improvement_goals")
    page.get_by_role("button", name="Remove goal G2").click()
    assert page.locator("#f-steps-improvement_goals-0-id").input_value() == "G3"
    page.get_by_role("button", name="Undo").click()
    assert page.locator("#f-steps-improvement_goals-0-id").input_value() == "G2"


def test_errors_show_beside_their_fields_and_the_summary_links_to_them(page, site_url) -> None:
    open_editor(page, site_url)
    page.fill("#f-school_year", "2026-28")
    page.press("#f-school_year", "Tab")
    error = page.locator("[data-path='[\"school_year\"]'] .bm-error")
    assert error.text_content() == "Error: School year: the years of “2026-28” do not follow each other: write 2026-27"
    assert "bm-problem" in page.get_attribute("#f-school_year", "aria-describedby")
    assert page.get_attribute("#f-school_year", "aria-invalid") == "true"
    page.get_by_role("button", name="Save and continue").click()
    summary = page.locator(".bm-summary")
    page.wait_for_function("document.activeElement.classList.contains('bm-summary')")
    assert "Enter a title" in summary.inner_text()
    summary.get_by_role("link", name="Choose a level").click()
    assert page.evaluate("document.activeElement.id") == "f-level"
    page.fill("#f-school_year", "2026-27")
    page.wait_for_function("!document.querySelector('[data-path=\\'[\"school_year\"]\\'] .bm-error')")


def fill_about(page, title: str) -> None:
    page.fill("#f-title", title)
    page.get_by_label("School", exact=True).check()
    page.fill("#f-organization", "Maple Elementary")
    page.fill("#f-school_year", "2026-27")
    page.fill("#f-summary", "A first plan.")


def test_backward_chain_warnings_and_required_steps_are_shown(page, site_url) -> None:
    """As in `backmap validate`, they show once the plan's shape is sound, and a gap once its step is reached."""
    open_editor(page, site_url)
    fill_about(page, "Maple Elementary 2026-27")
    page.goto(page.url.split("#")[0] + "#s-student_learning_needs")
    page.get_by_role("button", name="Add a student need").click()
    page.fill("#f-steps-student_learning_needs-needs-0-statement", "Students compare fractions.")
    page.wait_for_function("document.querySelector('#bm-saved').textContent.startsWith('Draft saved')")
    assert page.locator(".bm-warning").count() == 0, "the gap waits until step 3, which closes it, is reached"
    page.goto(page.url.split("#")[0] + "#s-improvement_goals")
    page.goto(page.url.split("#")[0] + "#s-student_learning_needs")
    warning = page.locator(".bm-warning")
    warning.first.wait_for()
    assert "Still to plan: No goal addresses need SN1 — tick it under a goal in Step 3, or remove the need" in \
        " ".join(warning.first.text_content().split()), \
        "a draft's gap is a note"
    page.goto(page.url.split("#")[0] + "#s-status")
    page.get_by_role("radio", name="Approved").check()
    page.goto(page.url.split("#")[0] + "#s-context")
    needed = page.locator(".bm-step > .bm-warning")  # a step not started yet is needed, not a mistake in red
    needed.wait_for()
    assert "Needed before the plan is approved: Step 2: Analyze the context — write it, or set the status back to Draft" in \
        " ".join(needed.text_content().split())
    assert page.locator(".bm-step > .bm-error").count() == 0
    assert page.locator(".bm-tasks__item", has_text="Step 2").locator(".bm-tag").inner_text() == "Not started"
    page.goto(page.url.split("#")[0] + "#s-check")
    page.get_by_role("button", name="Propose on GitHub").click()
    assert "before you send the plan" in page.locator(".bm-summary__title").inner_text(), "still needed to send it"


def proposal(page, context, button: str = "Propose on GitHub") -> tuple[str, str]:
    """The GitHub address the proposal opens, and what the page then says."""
    page.goto(page.url.split("#")[0] + "#s-check")
    with context.expect_page() as opened:
        page.get_by_role("button", name=button).click()
    url = opened.value.url
    opened.value.close()
    return url, page.locator("#bm-sent").inner_text()


def uploaded(page, context, tmp_path: Path) -> tuple[str, str, Path]:
    """A proposal by upload: the GitHub address opened, what the page says, and the file it downloaded."""
    with page.expect_download() as download:
        url, said = proposal(page, context)
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    return url, said, saved


def test_a_new_plan_is_proposed_as_a_new_file(page, context, site_url) -> None:
    open_editor(page, site_url)
    fill_about(page, "Maple Elementary 2026-27")
    url, said = proposal(page, context)
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{REPO}/new/main/plans"
    query = parse_qs(parts.query)
    assert query["filename"] == ["maple-elementary-2026-27.yaml"]
    assert yaml.safe_load(query["value"][0]) == {"title": "Maple Elementary 2026-27", "level": "school",
                                                 "organization": "Maple Elementary", "school_year": "2026-27",
                                                 "summary": "A first plan.", "steps": {}}
    assert query["value"][0] == page.locator("#bm-yaml").text_content()
    assert "filled in" in said and "What happens next" in said
    assert page.locator("#bm-sent a", has_text="the repository's pull requests").get_attribute("href") == f"{REPO}/pulls"


def test_proposals_with_problems_are_held_back(page, context, site_url) -> None:
    open_editor(page, site_url, "#s-check")
    page.get_by_role("button", name="Propose on GitHub").click()
    assert "before you send the plan" in page.locator(".bm-summary__title").inner_text()
    with pytest.raises(PlaywrightTimeout):
        context.wait_for_event("page", timeout=1500)  # no GitHub page opens


def test_an_existing_plan_is_downloaded_and_its_folder_opened_to_upload(page, context, site_url, tmp_path) -> None:
    open_editor(page, site_url,
                "?plan=cedar-hollow-gr2-reading-igp-2026-27&path=plans%2Friverbend%2Fcedar-hollow-gr2-reading-igp-2026-27.yaml")
    page.fill("#f-team", "Grade 2 team")
    url, said, saved = uploaded(page, context, tmp_path)
    assert url == f"{REPO}/upload/main/plans/riverbend"
    assert saved.name == "cedar-hollow-gr2-reading-igp-2026-27.yaml"
    assert "It replaces the plan's file of the same name" in said and "Create pull request" in said
    source = PLANS / "riverbend" / "cedar-hollow-gr2-reading-igp-2026-27.yaml"
    assert load_document(saved).data == {**load_document(source).data, "team": "Grade 2 team"}


def test_a_path_outside_the_plans_folder_is_never_used(page, context, site_url, tmp_path) -> None:
    for path in ("content%2Fdesigns%2Fcoaching.yaml", "plans%2F..%2Fmkdocs.yaml", "mkdocs.yml"):
        open_editor(page, site_url, f"?plan=cedar-hollow-gr2-reading-igp-2026-27&path={path}")
        page.fill("#f-team", "Grade 2 team")
        url, _, _ = uploaded(page, context, tmp_path)
        assert url == f"{REPO}/upload/main/plans", path  # the plans folder (an individual plan is in no parent index)
        page.evaluate("localStorage.clear()")


def test_a_new_plan_too_long_for_a_link_is_downloaded_to_upload(page, context, site_url, tmp_path) -> None:
    text = (PLANS / "cascadia" / "cascadia-statewide-pl-2026-27.yaml").read_text()
    text = text.replace("id: cascadia-statewide-pl-2026-27\n", "").replace("title: ", "title: Copy of ", 1)
    open_editor(page, site_url)
    page.locator(".bm-paste summary").click()
    page.fill("#bm-paste", text)
    page.get_by_role("button", name="Open the pasted plan").click()
    page.wait_for_function("document.querySelector('#f-id') && document.querySelector('#f-id').value.startsWith('copy-of-')")
    plan_id = page.locator("#f-id").input_value()
    url, said, saved = uploaded(page, context, tmp_path)
    assert url == f"{REPO}/upload/main/plans" and saved.name == f"{plan_id}.yaml"
    assert "Drag " + saved.name in said and "What happens next" in said
    assert yaml.safe_load(saved.read_text()) == yaml.safe_load(text), "the whole plan"


def test_private_plans_and_email_addresses_are_said_to_be_public_when_proposed(page, context, site_url) -> None:
    open_editor(page, site_url)
    fill_about(page, "Maple Elementary 2026-27")
    page.goto(page.url.split("#")[0] + "#s-status")
    page.get_by_label("Unlisted: a page, but in no listing").check()
    page.wait_for_selector(".bm-privacy")
    assert "public in the repository" in page.locator(".bm-privacy").inner_text()
    page.get_by_label("Private: checked, never published").check()
    page.wait_for_function("document.querySelector('.bm-privacy')?.textContent.includes('not proposed')")
    page.goto(page.url.split("#")[0] + "#s-check")
    page.get_by_role("button", name="Propose on GitHub").click()
    page.locator("#bm-sent").get_by_text("can be downloaded and kept, but not proposed", exact=False).wait_for()
    with pytest.raises(PlaywrightTimeout):
        context.wait_for_event("page", timeout=1500)


def test_the_editor_is_linked_and_works_without_a_server(site_url, sample_site, samples) -> None:
    from sites import links_from

    for url in ("", "contribute/", "plans/"):
        assert any(link.startswith("editor/") for link in links_from(sample_site, url)), url
    for plan_id, source in published_plans(samples).items():
        page_text = (sample_site / "plans" / plan_id / "index.html").read_text()
        link = f'href="../../editor/?plan={plan_id}&amp;path=plans/{source.parent.name}/{plan_id}.yaml"'
        assert f"{link}>Open in the plan editor" in page_text
    index = json.loads((sample_site / "editor" / "plans-system.json").read_text())
    assert {entry["id"] for entry in index} == {i for i, p in listed(samples).items() if p.level == "system"}
    assert set(index[0]) == {"id", "title", "parent", "year", "path"}, "ids, titles and parents: never a plan's text"


def test_the_editor_loads_the_same_few_files_whatever_the_number_of_plans(page, site_url) -> None:
    """Never every plan's text: no search index, only the editor's data and one level's index."""
    loaded: list[str] = []
    page.on("requestfinished", lambda request: loaded.append(urlsplit(request.url).path))
    open_editor(page, site_url, "?plan=cedar-hollow-elementary-2026-27")
    page.wait_for_load_state("networkidle")
    data = sorted(path for path in loaded if path.endswith(".json") or path.endswith(".yaml"))
    assert data == ["/editor/data.json", "/editor/plans-state.json", "/editor/plans-system.json",
                    "/plans/cedar-hollow-elementary-2026-27.yaml"]
    assert not [path for path in loaded if "/pagefind/" in path]


def test_without_javascript_the_editor_says_so(browser, site_url) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "editor/")
    notice = page.locator(".bm-noscript")
    assert "needs JavaScript" in notice.inner_text()
    assert notice.get_by_role("link", name="see how to contribute a plan").get_attribute("href") == "../contribute/"
    context.close()


def test_a_draft_older_than_the_published_plan_says_so(page, site_url) -> None:
    open_editor(page, site_url, "?plan=riverbend-middle-math-2025-26")
    page.fill("#f-team", "Mathematics PLC")
    page.wait_for_function("document.querySelector('#bm-saved').textContent.startsWith('Draft saved')")
    # Meanwhile a change to the published plan is merged: the draft began from an older text.
    page.goto(site_url)  # the editor closed: it cannot save the draft again meanwhile
    page.evaluate("""() => {
        const key = Object.keys(localStorage).find((k) => k.endsWith(":riverbend-middle-math-2025-26"));
        const draft = JSON.parse(localStorage.getItem(key));
        draft.origin = draft.origin.replace("status: completed", "status: in-progress");
        localStorage.setItem(key, JSON.stringify(draft));
    }""")
    open_editor(page, site_url, "?plan=riverbend-middle-math-2025-26")
    page.wait_for_function("document.querySelector('#bm-notice').textContent.includes('has changed since you started it')")
    assert page.locator("#f-team").input_value() == "Mathematics PLC"


def test_keys_the_editor_does_not_show_survive(page, site_url, tmp_path) -> None:
    source = CASES / "good" / "extension-keys.yaml"
    open_editor(page, site_url)
    page.set_input_files("#bm-open-file", str(source))
    page.wait_for_function("document.querySelector('#bm-notice').textContent.startsWith('Opened extension-keys.yaml')")
    page.fill("#f-title", "Renamed")
    saved = download(page, tmp_path)
    assert saved.name == "extension-keys.yaml"
    before, after = yaml.safe_load(source.read_text()), yaml.safe_load(saved.read_text())
    assert after == {**before, "title": "Renamed"}
    kept = [k for k in after if k.startswith("x-")]
    assert kept and kept == [k for k in before if k.startswith("x-")]


def test_without_github_the_plan_goes_to_the_pl_office_by_email(page, context, tmp_path) -> None:
    from backmap_site.commands.pdf import serve
    from sites import make_project, mkdocs_build

    project = make_project(tmp_path / "project", {})
    config = (project / "mkdocs.yml").read_text()
    (project / "mkdocs.yml").write_text(config.replace("      primary_framework: spl-2011\n",
                                                       "      primary_framework: spl-2011\n      submit_email: pl-office@maple.example\n"))
    assert mkdocs_build(project, tmp_path / "site").returncode == 0
    with serve(tmp_path / "site") as url:
        open_editor(page, url)
        fill_about(page, "Maple Elementary 2026-27")
        page.goto(page.url.split("#")[0] + "#s-check")
        with page.expect_download() as download:
            page.get_by_role("button", name="Send to the PL office by e-mail").click()
        assert download.value.suggested_filename == "maple-elementary-2026-27.yaml"
        mail = urlsplit(page.locator("#bm-sent a", has_text="write to pl-office@maple.example").get_attribute("href"))
        assert (mail.scheme, mail.path) == ("mailto", "pl-office@maple.example")
        query = parse_qs(mail.query)
        assert query["subject"] == ["Plan for the site: Maple Elementary 2026-27 (maple-elementary-2026-27)"]
        assert "Attach the file maple-elementary-2026-27.yaml" in query["body"][0]
        assert "What happens next" in page.locator("#bm-sent").inner_text()


def test_a_pasted_control_character_leaves_the_draft_whole_after_a_reload(page, site_url, tmp_path) -> None:
    open_editor(page, site_url)
    fill_about(page, "Don\u0092t lose this\u2028plan")
    page.wait_for_function("document.querySelector('#bm-saved').textContent.startsWith('Draft saved')")
    page.reload()
    page.wait_for_selector("#bm-editor[data-ready]")
    assert page.locator("#f-title").input_value() == "Don\u0092t lose this\u2028plan"
    assert "is back" in page.locator("#bm-notice").inner_text()
    draft = page.evaluate("JSON.parse(Object.entries(localStorage).find(([k]) => k.endsWith(':new'))[1]).text")
    assert 'title: "Don\\x92t lose this\\u2028plan"' in draft
    saved = tmp_path / "plan.yaml"
    saved.write_text(draft, encoding="utf-8")
    assert yaml.safe_load(saved.read_text())["title"] == "Don\u0092t lose this\u2028plan", "escaped, as PyYAML reads it"


def test_a_draft_that_cannot_be_read_is_set_aside_never_deleted(page, site_url) -> None:
    open_editor(page, site_url)
    key = page.evaluate("`backmap-editor:${location.pathname}:new`")
    page.goto(site_url)  # no editor open meanwhile: an untouched new plan's editor clears its slot when it checks
    page.evaluate("k => localStorage.setItem(k, JSON.stringify({text: 'title: [broken', at: 0}))", key)
    open_editor(page, site_url)
    link = page.locator("#bm-aside a")
    assert "Download the draft of a new plan" in link.inner_text() and link.get_attribute("download").startswith("new-plan-draft-")
    kept = page.evaluate("Object.entries(localStorage).filter(([k]) => k.includes(':set-aside:')).map(([, v]) => JSON.parse(v).text)")
    assert kept == ["title: [broken"]


def test_two_tabs_on_one_draft_each_say_so(context, site_url) -> None:
    first = context.new_page()
    open_editor(first, site_url)
    second = context.new_page()
    open_editor(second, site_url)
    for tab in (first, second):
        tab.wait_for_function("document.querySelector('#bm-tabs').textContent.includes('open in another tab')")


def test_a_title_without_latin_letters_asks_for_an_id(page, site_url) -> None:
    open_editor(page, site_url)
    fill_about(page, "数学计划")
    page.goto(page.url.split("#")[0] + "#s-check")
    page.get_by_role("button", name="Propose on GitHub").click()
    assert "The plan has no id: write one, as the title gives none" in page.locator(".bm-summary").inner_text()


def test_check_and_send_lists_what_is_left_by_step_with_counts_in_words(page, site_url) -> None:
    plan = {"title": "Gap plan", "level": "school", "organization": "Maple", "school_year": "2026-27", "summary": "S.",
            "steps": {"student_learning_needs": {"needs": [{"id": "SN1", "statement": "Need one."},
                                                           {"id": "SN2", "statement": "Need two."}]},
                      "improvement_goals": [{"id": g, "statement": "Goal.", "measure": "m", "baseline": "b", "target": "t",
                                             "due": "2027-05-01", "student_needs": ["SN1"]} for g in ("G1", "G2")]}}
    open_editor(page, site_url)
    page.locator(".bm-paste summary").click()
    page.fill("#bm-paste", yaml.safe_dump(plan, sort_keys=False))
    page.get_by_role("button", name="Open the pasted plan").click()
    page.wait_for_function("document.querySelector('#f-title')?.value === 'Gap plan'")  # the pasted plan is open
    page.goto(page.url.split("#")[0] + "#s-check")
    left = page.locator("#bm-remaining")
    left.get_by_text("What is left").wait_for()
    text = " ".join(left.text_content().split())
    assert "Nothing to fix before the plan can be sent, and 5 gaps in the backward chain still to plan" in text
    assert "Step 1: Identify student learning needs" in text
    assert "Still to plan: No goal addresses need SN2 — tick it under a goal in Step 3, or remove the need" in text
    answers = " ".join(page.locator(".bm-answers").text_content().split())
    assert "2 goals" in answers and "2 student needs" in answers
    preview = page.locator("#bm-preview")  # the plan as its page will read: labels, titles, items by name
    assert preview.locator("h4").inner_text() == "Gap plan"
    assert preview.locator("h5").all_inner_texts()[0].lower() == "step 1: identify student learning needs"
    said = " ".join(preview.inner_text().split())
    assert "Level: School" in said and "Student need SN2 Statement Need two." in said and "Goal G1" in said
    assert preview.locator("section", has=page.locator("h5", has_text="Step 4")).inner_text().endswith("Not planned yet.")
    left.get_by_role("link", name="No goal addresses need SN2", exact=False).click()
    page.wait_for_function("location.hash === '#s-student_learning_needs'")


def changed_lines(before: str, after: str) -> list[str]:
    import difflib

    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


UNTICKED_FACTOR = "input[name='f-steps-professional_learning-activities-0-factors']:not(:checked)"


def test_a_change_to_one_field_changes_only_that_fields_lines(browser, site_url, samples, tmp_path) -> None:
    """Text, folded text, a date, a list and a tick box, each changed alone in every sample plan."""
    for plan_id, source in published_plans(samples).items():
        original = source.read_text()
        summary = original[original.index("summary:"):].split("\n")
        summary_lines = ["summary:" + summary[0][8:], *(line for line in summary[1:] if line.startswith("  ") or not line)]
        title = samples[plan_id].title + " (revised)"
        edits = {
            "text": ("#s-about", lambda page, title=title: page.fill("#f-title", title), 2),
            "folded text": ("#s-about", lambda page: page.fill("#f-summary", "A new summary."), len(summary_lines) + 1),
            "date": ("#s-status", lambda page: page.fill("#f-updated", "2027-01-15"), 2),
            "list": ("#s-about", lambda page: page.fill("#f-subjects", page.input_value("#f-subjects") + "\nArts"), 2),
            # the box may sit in a folded list: ticked as a click on it would
            "tick box": ("#s-professional_learning/activities/0",
                         lambda page: page.locator(UNTICKED_FACTOR).first.evaluate("box => box.click()"), 2),
        }
        for kind, (section, edit, most) in edits.items():
            context = browser.new_context(accept_downloads=True)  # no draft of the edit before
            page = context.new_page()
            open_editor(page, site_url, f"?plan={plan_id}{section}")
            edit(page)
            saved = download(page, tmp_path)
            context.close()
            changed = changed_lines(original, saved.read_text())
            assert 0 < len(changed) <= most, (plan_id, kind, changed)


def test_sending_waits_for_the_plans_a_plan_may_nest_in(page, site_url, tmp_path) -> None:
    """On a slow network the parent index comes late: the plan's parent must not seem unknown meanwhile."""
    page.add_init_script("""{
        const fetch = window.fetch;
        window.fetch = (url, ...rest) => String(url).includes("/editor/plans-")
            ? new Promise((done) => setTimeout(done, 1500)).then(() => fetch(url, ...rest)) : fetch(url, ...rest);
    }""")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_editor(page, site_url, "?plan=cedar-hollow-gr2-reading-igp-2026-27#s-check")
    with page.expect_download() as started:
        page.get_by_role("button", name="Download YAML").click()
    assert started.value.suggested_filename == "cedar-hollow-gr2-reading-igp-2026-27.yaml" and dialogs == []


def test_an_activity_has_its_own_page_with_designs_found_and_suggested(page, site_url) -> None:
    """GOV.UK's "add another": a summary row for each activity, its fields on a page of its own; designs are
    found by typing, shown as chips, and suggested from the selection factors and the environment."""
    open_editor(page, site_url, "?plan=riverbend-middle-math-2025-26#s-professional_learning")
    rows = page.locator("[data-path='[\"steps\",\"professional_learning\",\"activities\"]'] .bm-summary-list__row")
    assert rows.count() == 4 and rows.first.locator("dt").inner_text() == "Activity A1 (Proportional Reasoning Lesson Study)"
    page.get_by_role("button", name="Add an activity").click()
    page.wait_for_function("location.hash === '#s-professional_learning/activities/4'")
    assert page.evaluate("document.activeElement.id") == "bm-section-title"
    assert page.locator("#bm-section-title").inner_text().endswith("Activity A5")
    page.get_by_role("button", name="Save and return to Step 6").click()  # held back: the new activity is empty
    summary = page.locator(".bm-summary")
    page.wait_for_function("document.activeElement.classList.contains('bm-summary')")
    assert "Activity A5: enter a title" in summary.inner_text()
    page.get_by_label("Hybrid").check()
    factors = "#f-steps-professional_learning-activities-4-factors"
    page.locator(factors).locator("xpath=ancestor::details").locator("summary").click()
    page.get_by_label("Time available").check()
    page.get_by_label("Culture for risk-taking").check()
    lesson_study = page.locator(".bm-suggestions__list li", has_text="Add Lesson study")
    lesson_study.wait_for()
    assert page.locator(".bm-suggestions__list li").count() == 3
    assert "Fits 2 of this activity's selection factors (Time available for professional learning, Culture for risk-taking " \
        "and learning)" in lesson_study.inner_text() and lesson_study.inner_text().endswith(" and runs hybrid.")
    lesson_study.get_by_role("button").click()
    designs = page.locator("#f-steps-professional_learning-activities-4-designs")
    designs.fill("peer")
    page.wait_for_selector(".bm-options:not([hidden]) .bm-option")
    assert page.get_attribute("#f-steps-professional_learning-activities-4-designs", "aria-expanded") == "true"
    designs.press("ArrowDown")
    designs.press("ArrowUp")
    designs.press("Enter")
    chips = page.locator(".bm-chip > span")
    assert chips.all_inner_texts() == ["Lesson study", "Peer coaching"]
    assert designs.input_value() == ""
    assert page.evaluate("document.activeElement.id") == "f-steps-professional_learning-activities-4-designs"
    designs.fill("no such design at all")
    assert "No design matches" in page.locator(".bm-combobox + [role=status]").inner_text()
    designs.press("Escape")
    page.get_by_role("button", name="Remove Lesson study").click()
    assert chips.all_inner_texts() == ["Peer coaching"]
    page.fill("#f-steps-professional_learning-activities-4-title", "Peer observation")
    page.go_back()  # the browser's Back leaves the activity's page for the step
    page.wait_for_function("location.hash === '#s-professional_learning'")
    row = rows.nth(4)
    assert row.locator("dt").inner_text() == "Activity A5 (Peer observation)"
    assert "Peer coaching · Hybrid" in row.inner_text()
    page.get_by_role("button", name="Save and continue").click()
    page.locator(".bm-summary").get_by_role("link", name="Activity A5 (Peer observation): enter an audience").click()
    page.wait_for_function("location.hash === '#s-professional_learning/activities/4'")
    assert page.evaluate("document.activeElement.id") == "f-steps-professional_learning-activities-4-audience"


def test_a_plan_from_backmap_new_keeps_its_notes_where_they_are(page, site_url, tmp_path) -> None:
    """`backmap new` writes examples as comments under each empty step: filling steps in keeps every note in
    place, and every line not edited as it was."""
    made = subprocess.run([str(BIN / "backmap"), "new", "--level", "school", "--title", "Maple Reading Plan", "--plans",
                           str(tmp_path), "--content", str(CONTENT)], cwd=SITE, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    source = tmp_path / "maple-reading-plan.yaml"
    open_editor(page, site_url)
    page.set_input_files("#bm-open-file", str(source))
    page.wait_for_function("document.querySelector('#f-title')?.value === 'Maple Reading Plan'")
    page.fill("#f-organization", "Maple Elementary")
    for section, button, field, text in [
        ("student_learning_needs", "Add a student need", "#f-steps-student_learning_needs-needs-0-statement", "Students read."),
        ("improvement_goals", "Add a goal", "#f-steps-improvement_goals-0-statement", "More students read."),
        ("implementation", "Add a milestone", "#f-steps-implementation-milestones-0-date", "2026-10-15"),
    ]:
        page.evaluate("section => { location.hash = `#s-${section}`; }", section)
        page.get_by_role("button", name=button).click()
        page.fill(field, text)
    page.on("dialog", lambda dialog: dialog.accept())  # the plan is not finished: download it anyway
    saved = download(page, tmp_path / "out")
    changed = changed_lines(source.read_text(), saved.read_text())
    assert [line for line in changed if line.startswith("-")] == ["-organization: Your school, school system or agency"]
    assert [line for line in changed if line.startswith("+")] == [
        "+organization: Maple Elementary", "+    needs:", "+      - id: SN1", "+        statement: Students read.",
        "+    - id: G1", "+      statement: More students read.", "+    milestones:", "+      - date: 2026-10-15",
        "+        status: planned",
    ]
