"""Golden files: every bad plan produces exactly the messages beside it; good plans produce none."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from backmap_site.format.diagnostics import CODES, render
from backmap_site.format.yamlfile import PlainScalar
from backmap_site.model.validation import find_plan_files, validate_plans
from backmap_site.utils import parallel
from conftest import CASES, CONTENT
from synthetic import write_plans

pytestmark = pytest.mark.unit

BAD = sorted(p for p in (CASES / "bad").iterdir() if p.suffix in (".yaml", ".yml"))
GOOD = sorted((CASES / "good").glob("*.yaml"))


def messages(paths, reference, cwd: Path) -> str:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = validate_plans([p.relative_to(cwd) for p in paths], reference)
    finally:
        os.chdir(old)
    return render(result.diagnostics, "text") + "\n"


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_bad_plan_gives_exactly_its_messages(path: Path, reference) -> None:
    expected = path.with_suffix(".expected")
    actual = messages([path], reference, path.parent)
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(actual)
        pytest.skip("golden file rewritten")
    assert actual == expected.read_text()
    assert actual.strip(), "a bad plan must produce at least one message"


def test_plan_tree_rules(reference) -> None:
    tree = CASES / "tree"
    expected = tree / "expected.txt"
    actual = messages(find_plan_files([tree]), reference, tree)
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(actual)
        pytest.skip("golden file rewritten")
    assert actual == expected.read_text()


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_good_plan_has_no_messages(path: Path, reference) -> None:
    result = validate_plans([path], reference)
    assert result.diagnostics == []
    assert [p.id for p in result.plans] == [path.stem]


def test_every_message_names_file_line_column_field_and_remedy(reference) -> None:
    result = validate_plans(BAD, reference)
    assert len(result.diagnostics) >= len(BAD)
    for diagnostic in result.diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1
        assert diagnostic.message and diagnostic.hint
        assert str(diagnostic).startswith(f"{diagnostic.file}:{diagnostic.line}:{diagnostic.column}: {diagnostic.field}: ")
        assert " — " in str(diagnostic)


def test_yaml_11_surprises_keep_the_text_as_written(reference) -> None:
    plan = validate_plans([CASES / "good" / "yaml11-surprises.yaml"], reference).plans[0].plan
    assert (plan.title, plan.organization, plan.summary) == ("no", "1.10", "yes")
    assert plan.subjects == ["off", "1.10", "012", "1e3", "quoted"]
    assert not any(isinstance(s, PlainScalar) for s in plan.subjects)


def test_extension_keys_are_ignored(reference) -> None:
    plan = validate_plans([CASES / "good" / "extension-keys.yaml"], reference).plans[0].plan
    assert plan.steps.context.school == "Text"


def test_numbers_dates_and_defaults_are_typed(reference) -> None:
    plan = validate_plans([CASES / "good" / "complete.yaml"], reference).plans[0].plan
    activity = plan.steps.professional_learning.activities[0]
    assert activity.hours == 12 and isinstance(activity.hours, int)
    assert activity.start.isoformat() == "2026-09-01"
    assert plan.format == 1 and plan.visibility == "unlisted"
    assert validate_plans([CASES / "good" / "minimal.yaml"], reference).plans[0].plan.status == "draft"


def test_invalid_plans_are_not_returned(reference) -> None:
    result = validate_plans(BAD, reference)
    assert [p.path.name for p in result.plans] == ["alignment-warnings.yaml", "funding-misspelt.yaml"]  # warnings alone
    assert not result.ok(strict=True) and not result.ok()


def test_many_files_are_checked_on_every_core_with_the_same_messages(tmp_path: Path, reference, monkeypatch) -> None:
    write_plans(parallel.PARALLEL_FROM + 50, tmp_path)
    for bad in ("unknown-refs.yaml", "alignment-warnings.yaml", "duplicate-key.yaml", "bad-ids.yaml"):
        shutil.copyfile(CASES / "bad" / bad, tmp_path / bad)
    files = find_plan_files([tmp_path])
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10**9)
    serial = validate_plans(files, reference)
    # `backmap validate` in a process of its own (no threads), counting the worker pools it starts.
    counting = ("import atexit, sys; from backmap_site.utils import parallel; pools = []; real = parallel.ProcessPoolExecutor; "
                "parallel.ProcessPoolExecutor = lambda *a, **k: pools.append(1) or real(*a, **k); "
                "atexit.register(lambda: print(f'pools={len(pools)}', file=sys.stderr)); "
                "sys.argv = ['backmap'] + sys.argv[1:]; from backmap_site.commands.cli import main; main()")
    on_every_core = subprocess.run([sys.executable, "-c", counting, "validate", "--format", "json", "--content",
                                    str(CONTENT), str(tmp_path)], capture_output=True, text=True, timeout=300,
                                   env={"PATH": "/usr/bin:/bin"})
    assert on_every_core.returncode == 1
    assert json.loads(on_every_core.stdout) == json.loads(render(serial.diagnostics, "json")) != []
    assert "pools=1" in on_every_core.stderr, "the files were checked by workers"


ELSEWHERE = {
    "file-too-large": "a file over 1 MiB: test_hardening writes one",
    "unreadable": "a file that cannot be read: test_cli makes one",
    "nameless-file": "a file named `.yaml`, which a folder of fixtures would hide: test_cli",
    "content": "a problem of the content, not of a plan: test_content and test_frameworks",
}
"""The codes no bad plan of `tests/plans/` can show, and where each is tested instead."""


def test_every_rule_code_has_a_bad_plan_with_its_expected_output(reference) -> None:
    """Each rule is covered on purpose: some bad plan (with its `.expected`) or the plan tree shows its code."""
    shown = {d.code for path in BAD for d in validate_plans([path], reference).diagnostics}
    shown |= {d.code for d in validate_plans(find_plan_files([CASES / "tree"]), reference).diagnostics}
    assert set(CODES) - shown == set(ELSEWHERE)
    assert all(path.with_suffix(".expected").is_file() for path in BAD)
