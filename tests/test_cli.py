"""`backmap validate` and `backmap schema` as a contributor and CI run them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from backmap_site.format.loading import load_model
from backmap_site.format.plan import Plan
from conftest import CASES, CONTENT, PLANS, ROOT, SITE

pytestmark = pytest.mark.unit

BACKMAP = Path(sys.executable).with_name("backmap")


def backmap(*args: str, cwd: Path = SITE) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BACKMAP), *args], cwd=cwd, capture_output=True, text=True, timeout=60)


SAMPLE_FILES = sorted(p for p in PLANS.rglob("*") if p.suffix in (".yaml", ".yml"))
"""The sample plans, counted without the code under test."""


def test_sample_plans_are_valid_under_strict() -> None:
    run = backmap("validate", "--strict", "plans")
    assert run.returncode == 0, run.stdout + run.stderr
    assert len(SAMPLE_FILES) == 9 and run.stdout == "" and run.stderr.strip() == "9 plan file(s) valid"


def test_default_path_is_plans() -> None:
    run = backmap("validate")
    assert run.returncode == 0 and run.stderr.strip() == f"{len(SAMPLE_FILES)} plan file(s) valid"


def test_invalid_plan_exits_1_with_file_line_column() -> None:
    run = backmap("validate", str(CASES / "bad" / "unknown-refs.yaml"))
    assert run.returncode == 1
    assert f"{CASES / 'bad' / 'unknown-refs.yaml'}:37:19: steps.professional_learning.activities[0].designs[0]: " \
           "unknown learning design `lesson-studdy` (did you mean `lesson-study`?)" in run.stdout
    assert "Traceback" not in run.stderr


def test_warnings_fail_only_under_strict() -> None:
    path = str(CASES / "bad" / "alignment-warnings.yaml")
    assert backmap("validate", path).returncode == 0
    assert backmap("validate", "--strict", path).returncode == 1


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert backmap("validate", "no/such/file.yaml").returncode == 2
    assert backmap("validate", "--format", "xml").returncode == 2
    assert backmap("validate", cwd=tmp_path).returncode == 2


def test_json_format_is_machine_readable() -> None:
    run = backmap("validate", "--format", "json", str(CASES / "bad" / "school-year.yaml"))
    assert run.returncode == 1
    [item] = json.loads(run.stdout)
    assert item == {
        "file": str(CASES / "bad" / "school-year.yaml"), "line": 4, "column": 14, "field": "school_year",
        "severity": "error", "code": "school-year-span", "params": {"value": "2026-28", "suggested": "2026-27"},
        "message": "`2026-28` spans years that do not follow each other", "hint": "write 2026-27",
    }
    assert json.loads(backmap("validate", "--format", "json", "plans").stdout) == []
    assert backmap("validate", "plans").stderr.strip() == f"{len(SAMPLE_FILES)} plan file(s) valid"


def test_github_format_annotates_lines() -> None:
    run = backmap("validate", "--format", "github", str(CASES / "bad" / "alignment-warnings.yaml"))
    lines = run.stdout.splitlines()
    assert lines[0].startswith(f"::warning file={CASES / 'bad' / 'alignment-warnings.yaml'},line=6,col=9::status: a plan that")
    assert all(line.startswith("::warning ") for line in lines)


def test_broken_content_gets_the_same_clear_error(tmp_path: Path) -> None:
    content = tmp_path / "content"
    subprocess.run(["cp", "-r", str(CONTENT), str(content)], check=True)
    design = content / "designs" / "lesson-study.yaml"
    design.write_text(design.read_text().replace("environments:", "enviroments:"))
    run = backmap("validate", "--content", str(content), "plans")
    assert run.returncode == 1
    assert f"{design}:" in run.stdout and "unknown key `enviroments` (did you mean `environments`?)" in run.stdout


def test_schema_command_prints_the_packaged_schema() -> None:
    run = backmap("schema")
    assert run.returncode == 0
    assert run.stdout == (ROOT / "backmap_site" / "schema" / "plan.schema.json").read_text()


def test_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    [problem] = load_model(Plan, tmp_path).diagnostics
    assert problem.message == "cannot read the file (Is a directory)"


def test_a_plan_file_without_a_name_is_refused_never_skipped(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / ".yaml").write_text((CASES / "good" / "minimal.yaml").read_text())
    run = backmap("validate", cwd=tmp_path)
    assert run.returncode == 1
    assert "plans/.yaml:1:1: (file): the file has no name, and a plan's file name is its id" in run.stdout
    assert run.stderr.strip().endswith("in 1 plan file(s)")


def test_a_title_that_gives_no_id_asks_for_one(tmp_path: Path) -> None:
    run = backmap("new", "--level", "school", "--title", "数学计划", cwd=tmp_path)
    assert run.returncode == 2 and "the title gives no id" in run.stderr and "--id" in run.stderr
    assert not (tmp_path / "plans").exists()
