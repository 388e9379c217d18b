"""Hostile plans in a real browser, reproducible and atomic builds, and sources that are never touched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backmap_site.commands.pdf import serve
from conftest import PLANS, ROOT
from hostile import TEMPLATE_SYNTAX, hostile_plan
from sites import BIN, make_project, mkdocs_build, run, snapshot

DOM_CHECK = """() => {
  const problems = [];
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const value = attribute.value.trim().toLowerCase();
      if (attribute.name.startsWith("on")) problems.push(`handler ${attribute.name} on <${element.localName}>`);
      if (["href", "src", "action", "formaction", "data", "xlink:href"].includes(attribute.name)
          && (value.startsWith("javascript:") || value.startsWith("data:text") || value.includes("evil.example")))
        problems.push(`${attribute.name}=${value} on <${element.localName}>`);
    }
    if (["iframe", "object", "embed", "frame"].includes(element.localName)) problems.push(`<${element.localName}>`);
    if (element.localName === "meta" && element.httpEquiv) problems.push("meta http-equiv");
    if (element.localName === "script" && !element.src && /alert|evil/.test(element.textContent)) problems.push("inline script");
    if (element.localName === "img" && /tracker/.test(element.src)) problems.push("tracking image");
  }
  return problems;
}"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> str:
    project = make_project(tmp_path_factory.mktemp("hostile"), {"hostile": hostile_plan()})
    build = mkdocs_build(project)
    assert build.returncode == 0, build.stderr
    with serve(project / "site") as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize("url", ["plans/hostile/", "plans/", "plans/?q=script", "coverage/", "designs/lesson-study/",
                                 "standards/data/", "environments/hybrid/", "steps/context/", "concepts/factors/", ""])
def test_no_payload_runs_or_survives_in_the_browser(browser, hostile_site: str, url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(hostile_site + url)
    page.wait_for_load_state("networkidle")
    page.mouse.move(200, 300)
    assert page.evaluate(DOM_CHECK) == []
    assert dialogs == [] and errors == []
    if url == "plans/hostile/":
        assert page.inner_text("article").count(TEMPLATE_SYNTAX) >= 40
        assert "<script>alert('script')</script>" in page.title()
    context.close()


@pytest.mark.browser
def test_search_results_stay_inert(browser, hostile_site: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(hostile_site + "plans/hostile/")
    page.click(".bm-search-open")
    page.keyboard.type("alert true")  # words of the payloads (`{% if true %}`)
    page.wait_for_selector(".bm-search__results a", timeout=15_000)
    assert "<script>alert('script')</script>" in page.inner_text(".bm-search__results"), "shown as text"
    assert page.evaluate(DOM_CHECK) == [] and dialogs == []
    context.close()


@pytest.mark.build
def test_builds_are_reproducible(tmp_path: Path) -> None:
    sites = []
    for seed, order in (("1", sorted), ("2", lambda paths: sorted(paths, reverse=True))):
        project = tmp_path / f"project-{seed}"
        make_project(project, {})
        for path in order(PLANS.rglob("*.yaml")):  # a different creation order on disk
            target = project / "plans" / path.relative_to(PLANS)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        build = run([str(BIN / "mkdocs"), "build", "--strict"], project, PYTHONHASHSEED=seed)
        assert build.returncode == 0, build.stderr
        sites.append(snapshot(project / "site"))
    assert sites[0] == sites[1]


@pytest.mark.build
@pytest.mark.parametrize("fault", ["invalid plan", "template error", "broken link under strict"])
def test_a_failed_build_leaves_the_previous_site_exactly_as_it_was(tmp_path: Path, fault: str) -> None:
    project = make_project(tmp_path, {"good": {"title": "Good", "level": "school", "organization": "O",
                                               "school_year": "2026-27", "summary": "S", "steps": {}}})
    assert run([str(BIN / "backmap"), "build"], project).returncode == 0
    before = snapshot(project / "site")
    if fault == "invalid plan":
        (project / "plans" / "bad.yaml").write_text("title: Bad\n")
    elif fault == "template error":
        (project / "overrides").mkdir()
        (project / "overrides" / "main.html").write_text('{% extends "base.html" %}{% block content %}{{ nothing.here() }}{% endblock %}')
        config = (project / "mkdocs.yml").read_text().replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
        (project / "mkdocs.yml").write_text(config)
    else:
        (project / "content" / "about.md").write_text("# About\n\nSee [the missing page](missing.md).\n")
    failed = run([str(BIN / "backmap"), "build"], project)
    assert failed.returncode != 0
    assert "is unchanged" in failed.stderr and "Traceback" not in failed.stderr.split("backmap: the build failed")[-1]
    assert snapshot(project / "site") == before
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site")]


@pytest.mark.build
def test_no_command_writes_into_the_sources(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", {})
    shutil.copytree(PLANS, project / "plans", dirs_exist_ok=True)
    backmap = str(BIN / "backmap")
    commands = [
        [backmap, "validate"], [backmap, "validate", "--format", "json", "--strict"],
        [backmap, "validate", "--format", "github", "plans"], [backmap, "schema"], [backmap, "pages", str(tmp_path / "out")],
        [backmap, "build"], [str(BIN / "mkdocs"), "build", "--strict"], [backmap, "new", "--level", "school", "--title", "Nothing lost"],
        [backmap, "new", "--level", "school", "--title", "Nothing lost"],
    ]
    codes = []
    for command in commands:
        before = {name: snapshot(project / name) for name in ("content", "plans")}
        codes.append(run(command, project).returncode)
        after = {name: snapshot(project / name) for name in ("content", "plans")}
        if command[1:2] == ["new"] and "nothing-lost.yaml" not in before["plans"]:
            added = {k: v for k, v in after["plans"].items() if k not in before["plans"]}
            assert list(added) == ["nothing-lost.yaml"]
            after["plans"] = {k: v for k, v in after["plans"].items() if k in before["plans"]}
        assert after == before, command
    assert codes == [0] * 8 + [1], "each command ran; only the second `new` refuses"


@pytest.mark.build
def test_a_ten_megabyte_plan_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("title: " + "x" * 10_000_000 + "\n")
    result = run([str(BIN / "backmap"), "validate", "--content", str(ROOT / "content"), str(path)], tmp_path)
    assert result.returncode == 1
    assert result.stdout.strip() == f"{path}:1:1: (file): the file is larger than 1 MiB — split it or remove what does not belong in a plan"
