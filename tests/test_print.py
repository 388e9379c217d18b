"""A plan prints as a clean document: `backmap pdf` through headless Chromium, read back with pdftotext."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from sites import BIN, run

pytestmark = pytest.mark.browser

PLAN = "riverbend-middle-math-2025-26"


def printed(plan_id: str, site: Path, folder: Path) -> str:
    """The plan's PDF from `backmap pdf`, as pdftotext reads it, on one line."""
    output = folder / f"{plan_id}.pdf"
    made = run([str(BIN / "backmap"), "pdf", plan_id, "--site-dir", str(site), "--output", str(output)], folder)
    assert made.returncode == 0, made.stderr
    text = subprocess.run(["pdftotext", "-layout", str(output), "-"], capture_output=True, text=True, check=True,
                          timeout=120).stdout
    return " ".join(text.split())


def test_backmap_pdf_prints_every_step_and_goal(sample_site: Path, samples, reference, tmp_path: Path) -> None:
    flat = printed(PLAN, sample_site, tmp_path)
    plan = samples[PLAN]
    positions = [flat.index(f"Step {step.number}: {step.title}") for step in reference.steps]
    assert positions == sorted(positions), "the seven steps, in order"
    for goal in plan.steps.improvement_goals:
        assert f"Goal {goal.id}" in flat
        assert " ".join(goal.statement.split())[:60] in flat
    assert "Page 1 of" in flat
    assert "https://github.com/backmap/backmap-site/edit/main/plans/" not in flat, "no edit chrome"
    assert "Skip to content" not in flat and "Initializing search" not in flat and "Made with" not in flat


def test_backmap_pdf_writes_out_external_link_targets(sample_site: Path, samples, tmp_path: Path) -> None:
    plan_id, citation = next((plan_id, source) for plan_id, plan in samples.items() if plan.steps.research
                             for source in plan.steps.research.sources or [] if source.url)
    assert citation.url in printed(plan_id, sample_site, tmp_path).replace(" ", "")


def test_backmap_pdf_explains_what_is_missing(tmp_path: Path, sample_site: Path) -> None:
    no_site = run([str(BIN / "backmap"), "pdf", PLAN, "--site-dir", str(tmp_path / "nothing")], tmp_path)
    assert no_site.returncode == 1 and "build it first with `backmap build`" in no_site.stderr
    no_plan = run([str(BIN / "backmap"), "pdf", "no-such-plan", "--site-dir", str(sample_site)], tmp_path)
    assert no_plan.returncode == 1 and "no published plan has the id `no-such-plan`" in no_plan.stderr
