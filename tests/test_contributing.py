"""The contributor's path: backmap new, edit, validate in three formats, build, and the edit link."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest
import yaml

from backmap_site.render.scaffold import current_school_year, slugify
from conftest import ROOT
from sites import BIN, make_project, page, plan, run, snapshot

pytestmark = pytest.mark.build

WORKFLOWS = ROOT / ".github" / "workflows"


def backmap(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run([str(BIN / "backmap"), *args], cwd)


def test_new_writes_a_commented_draft_that_validates_and_names_the_schema(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    schema = project / "backmap_site" / "schema" / "plan.schema.json"  # the project's own, as in this repository
    schema.parent.mkdir(parents=True)
    schema.write_text((ROOT / "backmap_site" / "schema" / "plan.schema.json").read_text())
    made = backmap("new", "--level", "school", "--title", "Maple Elementary: Fractions 2026–27", cwd=project)
    assert made.returncode == 0, made.stderr
    path = project / made.stdout.strip()
    assert path == project / "plans" / "maple-elementary-fractions-2026-27.yaml"
    first = path.read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../backmap_site/schema/plan.schema.json"
    assert (path.parent / first.split("=", 1)[1]).resolve() == schema
    assert path.read_text().count("# Step ") == 7
    check = backmap("validate", "--strict", str(path), cwd=project)
    assert check.returncode == 0, check.stdout
    plan = yaml.safe_load(path.read_text())
    assert (plan["title"], plan["level"], plan["status"]) == ("Maple Elementary: Fractions 2026–27", "school", "draft")
    assert plan["school_year"] == current_school_year(date.today())


def test_new_names_the_published_schema_where_the_project_has_none(tmp_path: Path) -> None:
    """The package may be installed anywhere (a virtualenv): its own copy is never the one named."""
    project = make_project(tmp_path, {})
    made = backmap("new", "--level", "state", "--title", "Statewide", cwd=project)
    first = (project / made.stdout.strip()).read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=https://example.org/backmap-site/schema/plan.schema.json"
    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text().replace("site_url:", "# site_url:"))
    made = backmap("new", "--level", "state", "--title", "Statewide two", cwd=project)
    assert not (project / made.stdout.strip()).read_text().startswith("# yaml-language-server")
    check = backmap("validate", "--strict", cwd=project)
    assert check.returncode == 0 and check.stderr.strip() == "2 plan file(s) valid"


def test_new_never_overwrites(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"district/taken": plan("Taken")})
    before = snapshot(project / "plans")
    again = backmap("new", "--level", "school", "--title", "Taken", cwd=project)
    assert again.returncode == 1 and "exists already; nothing was written" in again.stderr
    assert snapshot(project / "plans") == before


def test_new_options_and_refusals(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"state-plan": plan("State", level="state")})
    made = backmap("new", "--level", "system", "--title", "District", "--id", "district-2027", "--year", "2027-28",
                   "--organization", "Riverbend SD", "--parent", "state-plan", cwd=project)
    assert made.returncode == 0, made.stderr
    written = yaml.safe_load((project / "plans" / "district-2027.yaml").read_text())
    assert (written["parent"], written["school_year"], written["organization"]) == ("state-plan", "2027-28", "Riverbend SD")
    wrong_parent = backmap("new", "--level", "school", "--title", "X", "--parent", "state-pln", cwd=project)
    assert wrong_parent.returncode == 1 and "(did you mean `state-plan`?)" in wrong_parent.stderr
    assert backmap("new", "--level", "school", "--title", "X", "--year", "2026-28", cwd=project).returncode == 2
    assert backmap("new", "--level", "school", "--title", "X", "--id", "Bad Id", cwd=project).returncode == 2
    assert backmap("new", "--level", "county", "--title", "X", cwd=project).returncode == 2
    assert not (project / "plans" / "x.yaml").exists()
    assert slugify("École Saint-Jean — Plan") == "ecole-saint-jean-plan"


def test_the_whole_contributor_path_on_a_git_repository(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    git = lambda *args: subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, check=True, timeout=60)  # noqa: E731
    git("init", "-q")
    git("-c", "user.email=t@example.org", "-c", "user.name=T", "commit", "-q", "--allow-empty", "-m", "start")
    path = Path(backmap("new", "--level", "individual", "--title", "Ms Rivera growth plan", cwd=project).stdout.strip())
    plan_file = project / path
    text = plan_file.read_text().replace(
        "  student_learning_needs:\n",
        "  student_learning_needs:\n    needs:\n      - id: SN1\n        statement: Students explain fraction size.\n"
        "      - id: SN2\n        statement: Students compare fractions.\n")
    text = text.replace(
        "  improvement_goals:\n",
        "  improvement_goals:\n    - id: G1\n      statement: Better explanations.\n      measure: Rubric\n"
        "      baseline: 30%\n      target: 60%\n      due: 2027-05-30\n      student_needs: [SN1, SN3]\n")
    plan_file.write_text(text)
    line = next(n for n, content in enumerate(text.splitlines(), 1) if "[SN1, SN3]" in content)
    column = text.splitlines()[line - 1].index("SN3") + 1
    as_text = backmap("validate", str(path), cwd=project)
    assert as_text.returncode == 1
    assert f"{path}:{line}:{column}: steps.improvement_goals[0].student_needs[1]: unknown student need `SN3`" \
        in as_text.stdout
    as_json = json.loads(backmap("validate", "--format", "json", str(path), cwd=project).stdout)
    assert [(d["line"], d["column"]) for d in as_json if d["severity"] == "error"] == [(line, column)]
    as_github = backmap("validate", "--format", "github", str(path), cwd=project).stdout
    assert f"::error file={path},line={line},col={column}::steps.improvement_goals[0].student_needs[1]: unknown student need" \
        in as_github
    plan_file.write_text(text.replace("[SN1, SN3]", "[SN1, SN2]"))
    noted = backmap("validate", "--strict", "--format", "github", str(path), cwd=project)
    assert noted.returncode == 0 and noted.stdout.startswith("::notice ") and "::error" not in noted.stdout, \
        "a draft's gaps are notes, which pass"
    approved = text.replace("[SN1, SN3]", "[SN1, SN2]").replace("status: draft", "status: approved")
    assert approved != text.replace("[SN1, SN3]", "[SN1, SN2]"), "the new plan is a draft"
    plan_file.write_text(approved)
    warned = backmap("validate", "--strict", "--format", "github", str(path), cwd=project)
    assert warned.returncode == 1 and "::warning " in warned.stdout, "from approved on, gaps are warnings"
    plan_file.write_text(text.replace("[SN1, SN3]", "[SN1, SN2]"))
    assert backmap("validate", str(path), cwd=project).returncode == 0
    build = run([str(BIN / "mkdocs"), "build"], project)
    assert build.returncode == 0, build.stderr
    html = page(project / "site", f"plans/{plan_file.stem}")
    assert f"https://github.com/backmap/backmap-site/edit/main/{path.as_posix()}" in html.hrefs()
    assert f"../{plan_file.stem}.yaml" in html.hrefs()
    status = git("status", "--porcelain", "--untracked-files=all").stdout.splitlines()
    assert [line for line in status if not line.endswith(("/", ".yml")) and "site/" not in line and "content/" not in line] \
        == [f"?? {path.as_posix()}"]


def test_the_schema_is_published_with_the_site(sample_site: Path) -> None:
    assert (sample_site / "schema" / "plan.schema.json").read_text() == \
        (ROOT / "backmap_site" / "schema" / "plan.schema.json").read_text()


def test_workflows_check_pull_requests_and_deploy_main() -> None:
    lint = subprocess.run([str(BIN / "actionlint"), *map(str, sorted(WORKFLOWS.glob("*.yml")))],
                          capture_output=True, text=True, timeout=120)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    texts = {p.name: p.read_text() for p in WORKFLOWS.glob("*.yml")}
    assert not any("pull_request_target" in yaml.safe_load(text)[True] for text in texts.values())
    pr = yaml.safe_load(texts["pull-request.yml"])
    assert list(pr[True]) == ["pull_request"]  # YAML 1.1 reads the key `on` as true
    runs = " ".join(step.get("run", "") + step.get("uses", "") for step in pr["jobs"]["check"]["steps"])
    assert "backmap validate --strict --format github" in runs and 'backmap build --engine "$ENGINE" --check-links' in runs
    assert [step.get("run") for step in pr["jobs"]["test"]["steps"]][-1] == ".ci/run test-pr", "all but the slow tests"
    nightly = yaml.safe_load(texts["nightly.yml"])
    assert nightly[True]["schedule"] and [step.get("run") for step in nightly["jobs"]["everything"]["steps"]][-1] == ".ci/run"
    newest = " ".join(step.get("run", "") for step in nightly["jobs"]["newest"]["steps"])
    assert "constraints.txt" not in newest and "--upgrade" in newest and "--tier unit" in newest
    assert "actions/upload-artifact" in runs
    deploy = yaml.safe_load(texts["deploy.yml"])
    assert deploy[True]["push"]["branches"] == ["main"]
    assert deploy["permissions"]["pages"] == "write"
    assert "actions/deploy-pages" in str(deploy["jobs"]["deploy"])
