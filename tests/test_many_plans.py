"""What large sites rely on: lists longer than the excerpts, plan bodies as fragments, and rebuilds that
redo only what a change touches (in the project, and in `mkdocs serve --dirty`)."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import yaml

from backmap_site import parallel
from backmap_site.output import FRAGMENT
from backmap_site.pages import EXCERPTS
from backmap_site.parallel import Ahead, ordered_map
from backmap_site.project import Project
from sites import designed, links_from, make_project, mkdocs_build, page, serving, wait_for

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


def test_plan_bodies_reach_the_page_and_the_search_index_as_text(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"district": designed("District Before", level="system")})
    assert mkdocs_build(project).returncode == 0
    html = (project / "site" / "plans" / "district" / "index.html").read_text()
    assert not FRAGMENT.search(html) and 'id="a1"' in html and "Activity of District Before" in html
    index = json.loads((project / "site" / "search" / "search_index.json").read_text())["docs"]
    sections = {doc["location"]: doc for doc in index if doc["location"].startswith("plans/district/")}
    assert "Activity of District Before" in sections["plans/district/#professional-learning"]["text"]
    assert not any("<a " in doc["text"] or "<table" in doc["text"] for doc in sections.values())
    assert "plans/district/#a1" not in sections, "sections are the plan's headings, not each item's"


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


def test_a_plan_cannot_pose_as_a_fragment_placeholder(tmp_path: Path) -> None:
    placeholder = "<!--backmap-fragment-0-->"
    poser = designed(f"Poser {placeholder}", summary=f"Summary {placeholder}\n\n{placeholder}\n")
    project = make_project(tmp_path, {"poser": poser})
    assert mkdocs_build(project).returncode == 0
    html = (project / "site" / "plans" / "poser" / "index.html").read_text()
    assert not FRAGMENT.search(html)
    assert html.count('class="bm-facts"') == 1  # the first fragment went in once, where the page put it
    assert page(project / "site", "plans/poser/").text.count(placeholder) >= 2  # shown as text


def test_a_failed_item_fails_alone_and_the_rest_keep_their_places() -> None:
    def task(n: int) -> int:
        if n == 1:
            raise ValueError("one")
        return n * 10

    ahead = Ahead(ordered_map(task, [0, 1, 2, 3]))
    assert ahead[2] == 20 and ahead[0] == 0 and ahead[3] == 30
    with pytest.raises(ValueError, match="one"):
        ahead[1]


WORKERS_FAIL = """
from backmap_site import parallel
from backmap_site.parallel import Ahead, ordered_map
parallel.PARALLEL_FROM = 2

def task(n):
    if n == 1:
        raise ValueError("one")
    return n * 10

ahead = Ahead(ordered_map(task, [0, 1, 2, 3]))
for index in range(4):
    try:
        print(index, ahead[index])
    except Exception as error:
        print(index, type(error).__name__, error)
"""


def test_a_failed_item_on_the_workers_fails_its_index_and_those_after_it() -> None:
    """On the workers (a process without threads, which may fork), results come in order: what follows a
    failure is not done, and says so."""
    run = subprocess.run([sys.executable, "-c", WORKERS_FAIL], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        "0 0", "1 ValueError one", "2 RuntimeError an earlier item failed, so this one was not done",
        "3 RuntimeError an earlier item failed, so this one was not done"]


def test_work_stays_in_one_process_where_processes_cannot_fork(monkeypatch) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # it never forks here: no worker can inherit a lock
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    pid = os.getpid()
    assert list(ordered_map(lambda n: (n, os.getpid()), [1, 2, 3])) == [(1, pid), (2, pid), (3, pid)]
