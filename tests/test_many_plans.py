"""What large sites rely on: lists longer than the excerpts, plan bodies as fragments, and rebuilds that
redo only what a change touches (in the project, and in `mkdocs serve --dirty`)."""

from __future__ import annotations

import contextlib
import re
import tempfile
import time
from pathlib import Path

import pytest
import yaml

from backmap_site.model.catalog import PAGE_SIZE
from backmap_site.render.output import FRAGMENT
from backmap_site.render.pages import EXCERPTS
from backmap_site.render.project import Project
from sites import designed, links_from, make_project, mkdocs_build, page, search_index, serving, wait_for

pytestmark = pytest.mark.build

MANY = EXCERPTS + 3


def _family() -> dict[str, dict]:
    """A district plan, a school plan within it, and plans unrelated to both; all use lesson study."""
    plans = {"district": designed("District Before", level="system"),
             "school": designed("School Plan", parent="district")}
    plans |= {f"other-{i:02}": designed(f"Other Plan {i:02}") for i in range(MANY)}
    return plans


def test_lists_longer_than_the_excerpts_still_link_every_plan(tmp_path: Path) -> None:
    project = make_project(tmp_path, _family())
    assert mkdocs_build(project).returncode == 0
    site = project / "site"
    linked = {link.split("#")[0] for link in links_from(site, "designs/lesson-study/") if link.startswith("plans/")}
    assert linked >= {f"plans/{name}/" for name in _family()}
    text = page(site, "designs/lesson-study/").text
    assert f"{MANY + 2} activities in {MANY + 2} plans" in text and "More plans:" in text


def test_lists_of_plans_stop_growing_and_send_the_rest_to_the_plans_browser(tmp_path: Path) -> None:
    plans = {f"p-{i:03}": designed(f"Plan {i:03}") for i in range(EXCERPTS + PAGE_SIZE + 5)}
    project = make_project(tmp_path, plans)
    assert mkdocs_build(project).returncode == 0
    site = project / "site"
    for url, query in (("designs/lesson-study/", "design=lesson-study"), ("standards/data/", "standard=data"),
                       ("steps/professional-learning/", None)):
        linked = {link.split("#")[0] for link in links_from(site, url) if link.startswith("plans/p-")}
        assert len(linked) == EXCERPTS + PAGE_SIZE, url
        html = (site / url / "index.html").read_text()
        browse = f'href="../../plans/{"?" + query if query else ""}">5 more in the plans browser</a>'
        assert browse in html.replace("&amp;", "&"), url


def test_plan_bodies_reach_the_page_and_the_search_index_as_text(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"district": designed("District Before", level="system")})
    assert mkdocs_build(project).returncode == 0
    html = (project / "site" / "plans" / "district" / "index.html").read_text()
    assert not FRAGMENT.search(html) and 'id="a1"' in html and "Activity of District Before" in html
    searched = search_index(project / "site")["/plans/district/"]
    assert "Activity of District Before" in searched["content"] and searched["filters"] == {"plan": ["district"]}
    assert {"professional-learning", "a1"} <= {anchor["id"] for anchor in searched["anchors"]}


def _edit(path: Path, **fields: object) -> None:
    data = yaml.safe_load(path.read_text())
    path.write_text(yaml.safe_dump({**data, **fields}, sort_keys=False, allow_unicode=True))


def test_a_second_render_redoes_only_the_changed_plan_and_its_neighbours(tmp_path: Path) -> None:
    project = make_project(tmp_path, _family())
    workspace = Project.at(project)
    first, _ = workspace.render({})
    unbuilt, _ = workspace.render({})
    assert unbuilt.plans["other-00"].page is not first.plans["other-00"].page, "only the pages of a finished build"
    workspace.built(first)
    checked = {plan_file.id: plan_file for plan_file in workspace.validate()[1].plans}
    _edit(project / "plans" / "district.yaml", title="District After")
    second, validation = workspace.render({})
    before = {p.src: p for p in first.pages}
    after = {p.src: p for p in second.pages}
    assert after["plans/other-00/index.md"] is before["plans/other-00/index.md"]
    assert after["plans/district/index.md"] is not before["plans/district/index.md"]
    assert "District After" in after["plans/school/index.md"].complete_markdown  # "Part of" names its parent
    assert "District After" in after["designs/lesson-study/index.md"].complete_markdown
    again = {plan_file.id: plan_file for plan_file in validation.plans}
    assert again["other-00"] is checked["other-00"] and again["district"] is not checked["district"]


def test_serve_dirty_rebuilds_only_the_pages_a_change_touches(tmp_path: Path) -> None:
    project = make_project(tmp_path, _family())
    temporary = set(Path(tempfile.gettempdir()).glob("backmap-pages-*"))
    with serving(project, "--dirty", "-v") as (base, log):
        wait_for(base + "plans/district/", "District Before")
        [site] = re.findall(r"Config value 'site_dir' = '([^']+)'", log.read_text())
        pages = ("plans/district", "plans/school", "designs/lesson-study", "plans/other-00", "designs/coaching")
        built = {name: (Path(site) / name / "index.html").stat().st_mtime_ns for name in pages}
        _edit(project / "plans" / "district.yaml", title="District After")
        for name in pages[:3]:
            wait_for(f"{base}{name}/", "District After")
        deadline = time.monotonic() + 120
        while log.read_text().count("Documentation built") < 2:
            assert time.monotonic() < deadline, "the rebuild did not finish"
            time.sleep(0.3)
        while _searched_title(Path(site), "plans/district/") != "District After":
            assert time.monotonic() < deadline, "the preview's search did not follow the change"
            time.sleep(0.3)
        rebuilt = {name for name in pages if (Path(site) / name / "index.html").stat().st_mtime_ns != built[name]}
        gone = [Path(site) / name for name in ("plans/other-01/index.html", "plans/other-01.yaml",
                                               "plans/other-02/index.html", "plans/other-02.yaml")]
        assert all(path.exists() for path in gone)
        _edit(project / "plans" / "other-01.yaml", visibility="private")
        (project / "plans" / "other-02.yaml").unlink()
        while any(path.exists() for path in gone):
            assert time.monotonic() < deadline, "a private or deleted plan stayed in the preview"
            time.sleep(0.3)
    assert rebuilt == set(pages[:3]), "only the pages that show the changed title are built again"
    assert "Traceback" not in log.read_text()
    assert set(Path(tempfile.gettempdir()).glob("backmap-pages-*")) == temporary, "the pages folder is removed"


def _searched_title(site: Path, url: str) -> str | None:
    """The title the site's search holds for a page; None while its index is being written."""
    with contextlib.suppress(OSError, EOFError, KeyError, ValueError):
        return search_index(site)[f"/{url}"]["meta"]["title"]
    return None


def test_a_plan_cannot_pose_as_a_fragment_placeholder(tmp_path: Path) -> None:
    placeholder = "<!--backmap-fragment-0-->"
    poser = designed(f"Poser {placeholder}", summary=f"Summary {placeholder}\n\n{placeholder}\n")
    project = make_project(tmp_path, {"poser": poser})
    assert mkdocs_build(project).returncode == 0
    html = (project / "site" / "plans" / "poser" / "index.html").read_text()
    assert not FRAGMENT.search(html)
    assert html.count('class="bm-facts"') == 1  # the first fragment went in once, where the page put it
    assert page(project / "site", "plans/poser/").text.count(placeholder) >= 2  # shown as text
