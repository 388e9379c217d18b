"""No input, however odd, makes the validator crash: it validates or explains."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backmap_site.model.validation import find_plan_files, validate_plans
from conftest import PLANS

pytestmark = pytest.mark.unit

SAMPLES = [yaml.safe_load(p.read_text()) for p in find_plan_files([PLANS])]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
    st.sampled_from(["no", "yes", "1.10", "2026-27", "2026-02-30", "SN1", "lesson-study", "~", "", "0x1F", ".inf"]),
)
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)


def check(text: str | bytes, reference) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzzed-plan.yaml"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
        result = validate_plans([path], reference)
    for diagnostic in result.diagnostics:
        assert diagnostic.line >= 1 and diagnostic.column >= 1 and diagnostic.message and diagnostic.hint
    assert result.plans or result.errors


@SETTINGS
@given(st.text(max_size=400))
def test_arbitrary_text(reference, text: str) -> None:
    check(text, reference)


@SETTINGS
@given(st.binary(max_size=200))
def test_arbitrary_bytes(reference, data: bytes) -> None:
    check(data, reference)


@SETTINGS
@given(st.dictionaries(st.text(max_size=12), values, max_size=6))
def test_arbitrary_yaml_mappings(reference, data: dict) -> None:
    check(yaml.safe_dump(data, allow_unicode=True), reference)


def _mutate(data: Any, path: list[int], replacement: Any, action: int) -> Any:
    """Walk down `path` (indices into keys or items) and delete, replace or rename what is there."""
    if not path or not isinstance(data, (dict, list)) or not data:
        return replacement
    keys = list(data) if isinstance(data, dict) else list(range(len(data)))
    key = keys[path[0] % len(keys)]
    copy = dict(data) if isinstance(data, dict) else list(data)
    if len(path) == 1 and action == 0:
        del copy[key]
    elif len(path) == 1 and action == 1 and isinstance(copy, dict):
        copy[f"{key}x"] = copy.pop(key)
    else:
        copy[key] = _mutate(copy[key], path[1:], replacement, action)
    return copy


@SETTINGS
@given(
    st.sampled_from(range(len(SAMPLES))),
    st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=7),
    values,
    st.integers(min_value=0, max_value=2),
)
def test_mutated_sample_plans(reference, index: int, path: list[int], replacement: Any, action: int) -> None:
    mutated = _mutate(SAMPLES[index], path, replacement, action)
    check(yaml.safe_dump(mutated, allow_unicode=True, sort_keys=False), reference)
