from __future__ import annotations

from pathlib import Path

import pytest

from backmap_site.reference import Reference, load_reference

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
PLANS = ROOT / "plans"
CASES = Path(__file__).resolve().parent / "plans"


@pytest.fixture(scope="session")
def reference() -> Reference:
    return load_reference(CONTENT)
