"""The editor's model (its plan data, the backward chain's bookkeeping, its drafts) in Node's test runner, without
a page: `tests/editor/*.test.mjs`, run by `node --test` in the fast tier."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from test_editor_words import node

pytestmark = pytest.mark.unit

TESTS = Path(__file__).parent / "editor"


def test_the_editor_s_model_passes_its_node_tests() -> None:
    files = sorted(TESTS.glob("*.test.mjs"))
    run = subprocess.run([node(), "--test", *map(str, files)], capture_output=True, text=True, timeout=120)
    assert files and run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "# fail 0" in run.stdout
