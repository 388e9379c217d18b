"""The layers of ARCHITECTURE.md hold: `make check` runs import-linter, and an upward import fails it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.unit

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--config", str(ROOT / "pyproject.toml")], cwd=root,
                          capture_output=True, text=True, timeout=120, env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})


def test_the_package_keeps_its_layers() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(("module", "upward"), [
    ("format/plan.py", "backmap_site.model.site"),              # the format knows no site
    ("model/catalog.py", "backmap_site.render.pages"),          # the model knows no page
    ("render/pages.py", "backmap_site.engines.plugin"),         # rendering knows no engine
    ("engines/plugin.py", "backmap_site.commands.cli"),         # an adapter knows no command
])
def test_an_import_from_a_lower_layer_to_a_higher_fails_the_check(tmp_path: Path, module: str, upward: str) -> None:
    shutil.copytree(ROOT / "backmap_site", tmp_path / "backmap_site", ignore=shutil.ignore_patterns("__pycache__"))
    changed = tmp_path / "backmap_site" / module
    changed.write_text(changed.read_text() + f"\nimport {upward}  # noqa\n")
    result = _lint(tmp_path)
    assert result.returncode != 0 and f"backmap_site.{module[:-3].replace('/', '.')} -> {upward}" in result.stdout
