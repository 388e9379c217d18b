"""A state site's harvest: the published plans of its districts' sites, copied into a cache the build reads.

Each source is a Backmap site; its `plans.json` lists its public plans, each with the address of its file, and
the learning designs of its own content, which its plans may use.
`backmap harvest` fetches them (a few at a time, asking only for what changed since the last harvest, with
timeouts) into `<cache>/<source>/`, swapping a source's new copy in only once all of it arrived: a source that
fails keeps its last good copy, and the build, which reads only the cache, stays offline and repeatable.
"""

from __future__ import annotations

import json
import re
import shutil
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from backmap_site.format.plan import SLUG
from backmap_site.utils.progress import track

SOURCE_FILE = "source.json"
"""What the cache knows of a source: its name and address, its site's description, when it was fetched, and
the validators (ETag, Last-Modified) of every file, for the next harvest's conditional requests."""
TIMEOUT = 30
WORKERS = 8
USER_AGENT = "backmap-site harvest"


@dataclass(frozen=True)
class Source:
    """A district's (or school's) site, as a state site's `sources:` names it."""

    id: str
    url: str
    name: str | None = None

    @property
    def base(self) -> str:
        return self.url if self.url.endswith("/") else f"{self.url}/"


@dataclass
class Harvested:
    """What a harvest did with one source."""

    source: Source
    outcome: str
    """`fetched`, `unchanged` or `failed`."""
    plans: int = 0
    why: str = ""


@dataclass
class Cached:
    """A source's copy in the cache, as the build reads it."""

    source: Source
    folder: Path
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def plans(self) -> Path:
        return self.folder / "plans"

    @property
    def designs(self) -> Path:
        """The source's own learning designs, which its plans may use and the state's content may lack."""
        return self.folder / "designs"

    @property
    def name(self) -> str:
        return self.meta.get("name") or self.source.name or (self.meta.get("site") or {}).get("name") or self.source.id

    def record(self, plan_id: str) -> dict[str, Any]:
        """What the source's `plans.json` said of a plan: its page, its file, its edit link."""
        return self.meta.get("plans", {}).get(plan_id, {})


class HarvestError(Exception):
    """Why one source could not be harvested: said in the report, its last good copy kept."""


Fetch = Callable[[str, dict[str, str]], tuple[int, bytes, dict[str, str]]]


def fetch(url: str, validators: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
    """GET `url`, conditionally on `validators` (`etag`, `last_modified`): (status, body, its validators)."""
    headers = {"User-Agent": USER_AGENT}
    if validators.get("etag"):
        headers["If-None-Match"] = validators["etag"]
    if validators.get("last_modified"):
        headers["If-Modified-Since"] = validators["last_modified"]
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            body = response.read()
            found = {"etag": response.headers.get("ETag"), "last_modified": response.headers.get("Last-Modified")}
            return response.status, body, {key: value for key, value in found.items() if value}
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return 304, b"", validators
        raise HarvestError(f"{url} answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise HarvestError(f"{url} could not be reached ({reason})") from None


def cached(cache: Path, source: Source) -> Cached:
    folder = cache / source.id
    try:
        meta = json.loads((folder / SOURCE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        meta = {}
    return Cached(source, folder, meta)


def harvest(sources: Iterable[Source], cache: Path, *, get: Fetch = fetch, now: datetime | None = None) -> list[Harvested]:
    """Fetch every source into `cache`, a few files at a time; report each. Never raises for a source."""
    sources = list(sources)
    moment = (now or datetime.now(UTC)).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    cache.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(WORKERS) as pool:
        def one(source: Source) -> Harvested:
            try:
                return _harvest_one(source, cache, get, pool, moment)
            except HarvestError as exc:
                return Harvested(source, "failed", len(list(cached(cache, source).plans.glob("*.yaml"))), str(exc))

        with ThreadPoolExecutor(min(WORKERS, max(len(sources), 1))) as by_source:
            return list(track(by_source.map(one, sources), "Harvesting", len(sources), minimum=2))  # each source takes seconds


def _harvest_one(source: Source, cache: Path, get: Fetch, pool: ThreadPoolExecutor, moment: str) -> Harvested:
    old = cached(cache, source)
    index_url = urljoin(source.base, "plans.json")
    status, body, validators = get(index_url, old.meta.get("index", {}))
    if status == 304 and old.meta:
        return Harvested(source, "unchanged", len(old.meta.get("plans", {})))
    try:
        index = json.loads(body)
        records = [record for record in index["plans"] if isinstance(record, dict)]
    except (ValueError, KeyError, TypeError):
        raise HarvestError(f"{index_url} is not a Backmap site's plans.json") from None
    plans: dict[str, dict[str, Any]] = {}
    for record in records:
        plan_id = record.get("id")
        if not isinstance(plan_id, str) or not re.match(SLUG, plan_id):
            raise HarvestError(f"{index_url} lists a plan whose id is not a plan id: {plan_id!r}")
        plans[plan_id] = {
            "url": urljoin(source.base, record.get("url") or f"plans/{plan_id}/"),
            "yaml": urljoin(source.base, record.get("yaml") or f"plans/{plan_id}.yaml"),
            "edit": record.get("edit"), "level": record.get("level"), "title": record.get("title"),
        }

    site = index.get("site") if isinstance(index.get("site"), dict) else {}
    designs: dict[str, dict[str, Any]] = {}
    for design in site.get("designs") or []:
        design_id = design.get("id") if isinstance(design, dict) else None
        if not isinstance(design_id, str) or not re.match(SLUG, design_id):
            raise HarvestError(f"{index_url} lists a design whose id is not an id: {design_id!r}")
        designs[design_id] = {"yaml": urljoin(source.base, design.get("yaml") or f"designs/{design_id}.yaml"), "title": design.get("title")}
    files = [("plans", plan_id, record) for plan_id, record in plans.items()] + \
        [("designs", design_id, record) for design_id, record in designs.items()]

    def fetched(kind: str, item_id: str, record: dict[str, Any]) -> tuple[int, bytes, dict[str, str]]:
        known = old.meta.get(kind, {}).get(item_id, {})
        unchanged = known.get("yaml") == record["yaml"] and (old.folder / kind / f"{item_id}.yaml").is_file()
        return get(record["yaml"], known.get("validators", {}) if unchanged else {})

    fresh = cache / f".{source.id}.new"
    shutil.rmtree(fresh, ignore_errors=True)
    for kind in ("plans", "designs"):
        (fresh / kind).mkdir(parents=True)
    try:
        for (kind, item_id, record), (status, body, found) in zip(files, pool.map(lambda file: fetched(*file), files), strict=True):
            target = fresh / kind / f"{item_id}.yaml"
            if status == 304:
                shutil.copyfile(old.folder / kind / f"{item_id}.yaml", target)
            else:
                target.write_bytes(body)
            record["validators"] = found
        meta = {"id": source.id, "url": source.base, "name": source.name or site.get("name") or source.id, "site": site,
                "fetched": moment, "index": validators, "plans": plans, "designs": designs}
        (fresh / SOURCE_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        _swap(fresh, cache / source.id)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    return Harvested(source, "fetched", len(plans))


def _swap(fresh: Path, folder: Path) -> None:
    """Put the new copy in the old one's place; the old one goes only once the new one is there."""
    old = folder.with_name(f".{folder.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        folder.rename(old)
    fresh.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def report(results: Iterable[Harvested]) -> str:
    """One line a source: what was fetched, what had not changed, what failed and why."""
    lines = []
    for result in results:
        what = f"{result.plans} plan{'s' if result.plans != 1 else ''}"
        if result.outcome == "failed":
            kept = f"its last good copy ({what}) is kept" if result.plans else "no copy of it is kept yet"
            lines.append(f"{result.source.id}: failed: {result.why}; {kept}")
        else:
            lines.append(f"{result.source.id}: {result.outcome}, {what}")
    return "\n".join(lines)
