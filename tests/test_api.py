"""The package's small public API (`backmap_site.load`, `validate`, `build`): what a Python program calls."""

from __future__ import annotations

from pathlib import Path

import pytest

import backmap_site
from conftest import CASES, CONTENT, PLANS
from sites import make_project, plan


@pytest.mark.unit
def test_load_gives_a_plan_or_its_problems_at_their_lines() -> None:
    good = backmap_site.load(next(PLANS.rglob("*.yaml")))
    assert good.model is not None and good.diagnostics == []
    bad = backmap_site.load(CASES / "bad" / "bad-level.yaml")
    assert bad.model is None and bad.diagnostics and all(d.line >= 1 for d in bad.diagnostics)


@pytest.mark.unit
def test_validate_checks_plans_against_the_content_and_each_other() -> None:
    assert backmap_site.validate([PLANS], CONTENT).ok(strict=True)
    result = backmap_site.validate([CASES / "bad" / "unknown-refs.yaml"], CONTENT)
    assert not result.ok() and {d.code for d in result.errors} >= {"unknown-ref"}


@pytest.mark.build
def test_build_builds_a_site_and_keeps_the_old_one_when_it_fails(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"maple": plan("Maple Elementary")})
    assert backmap_site.build(project / "mkdocs.yml", project / "site") == 0
    assert (project / "site" / "plans" / "maple" / "index.html").is_file()
    (project / "plans" / "broken.yaml").write_text("id: [unclosed\n")
    assert backmap_site.build(project / "mkdocs.yml", project / "site") != 0
    assert (project / "site" / "plans" / "maple" / "index.html").is_file()
