"""The harvest of a state site, with each source's answers made up: what it keeps, what it refuses, what it says."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from backmap_site.model.harvest import HarvestError, Source, cached, harvest, report

pytestmark = pytest.mark.unit

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
MAPLE = Source("maple", "https://maple.example.org/pl", "Maple SD")


def answers(files: dict[str, bytes | int]):
    """A fake `fetch`: each URL's body, or the status it fails with; `asked` records the validators sent."""
    asked: list[tuple[str, dict]] = []

    def get(url: str, validators: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
        asked.append((url, validators))
        answer = files.get(url, 404)
        if isinstance(answer, int):
            if answer == 304:
                return 304, b"", validators
            raise HarvestError(f"{url} answered {answer}")
        return 200, answer, {"etag": f'"{len(answer)}"'}

    get.asked = asked  # type: ignore[attr-defined]
    return get


def index(*ids: str) -> bytes:
    return json.dumps({"site": {"name": "Maple School District"}, "plans": [{"id": i, "title": i.title()} for i in ids]}).encode()


def test_a_source_is_copied_with_where_each_plan_lives(tmp_path: Path) -> None:
    get = answers({"https://maple.example.org/pl/plans.json": index("a-plan"),
                   "https://maple.example.org/pl/plans/a-plan.yaml": b"title: A plan\n"})
    [done] = harvest([MAPLE], tmp_path, get=get, now=NOW)
    assert (done.outcome, done.plans) == ("fetched", 1)
    copy = cached(tmp_path, MAPLE)
    assert (copy.plans / "a-plan.yaml").read_text() == "title: A plan\n"
    assert copy.meta["fetched"] == "2026-12-07T12:00:00Z" and copy.name == "Maple SD"
    assert copy.record("a-plan")["url"] == "https://maple.example.org/pl/plans/a-plan/"


def test_the_next_harvest_asks_only_for_what_changed(tmp_path: Path) -> None:
    first = answers({"https://maple.example.org/pl/plans.json": index("a-plan"),
                     "https://maple.example.org/pl/plans/a-plan.yaml": b"title: A plan\n"})
    harvest([MAPLE], tmp_path, get=first, now=NOW)
    again = answers({"https://maple.example.org/pl/plans.json": 304})
    [done] = harvest([MAPLE], tmp_path, get=again, now=NOW)
    assert (done.outcome, done.plans) == ("unchanged", 1)
    assert again.asked == [("https://maple.example.org/pl/plans.json", {"etag": f'"{len(index("a-plan"))}"'})]


@pytest.mark.parametrize(("files", "why"), [
    ({}, "plans.json answered 404"),
    ({"https://maple.example.org/pl/plans.json": b"<html>"}, "is not a Backmap site's plans.json"),
    ({"https://maple.example.org/pl/plans.json": index("../etc/passwd")}, "whose id is not a plan id"),
    ({"https://maple.example.org/pl/plans.json": index("a-plan", "gone")}, "gone.yaml answered 404"),
])
def test_a_failed_source_keeps_its_last_good_copy(tmp_path: Path, files: dict, why: str) -> None:
    good = answers({"https://maple.example.org/pl/plans.json": index("a-plan"),
                    "https://maple.example.org/pl/plans/a-plan.yaml": b"title: A plan\n"})
    harvest([MAPLE], tmp_path, get=good, now=NOW)
    files.setdefault("https://maple.example.org/pl/plans/a-plan.yaml", b"title: Changed\n")
    [done] = harvest([MAPLE], tmp_path, get=answers(files), now=NOW)
    assert done.outcome == "failed" and why in done.why
    assert (cached(tmp_path, MAPLE).plans / "a-plan.yaml").read_text() == "title: A plan\n"
    assert report([done]) == f"maple: failed: {done.why}; its last good copy (1 plan) is kept"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["maple"], "nothing half-written is left"
