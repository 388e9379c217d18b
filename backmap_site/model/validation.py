"""The rules of a plan beyond its shape: ids, references, required steps, alignment.

The format models check each field; these rules check how fields relate:
within a plan (the backward chain from student needs to evaluation), to the
reference content, and between plans (ids, parents).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from backmap_site.format.diagnostics import Diagnostic, FieldPath, Severity, did_you_mean, suggestion
from backmap_site.format.loading import load_model
from backmap_site.format.plan import (
    CHAIN_LINKS,
    CHAIN_LISTS,
    IDENTIFIED,
    SLUG,
    STATUSES,
    STEP_KEYS,
    STEPS_REQUIRED_FROM,
    WEB_ADDRESS,
    Plan,
    is_reserved_anchor,
)
from backmap_site.format.yamlfile import Document
from backmap_site.reference.content import Reference
from backmap_site.utils.parallel import ordered_map
from backmap_site.utils.progress import track

if TYPE_CHECKING:
    from backmap_site.model.federation import Origin

_PAST_APPROVED = set(STATUSES[STATUSES.index("in-progress"):])


@dataclass
class PlanFile:
    """A plan that passed the format checks (it may still carry warnings)."""

    id: str
    path: Path
    plan: Plan
    document: Document
    origin: Origin | None = None
    """Where a plan harvested from another site came from; None for the site's own."""

    @cached_property
    def data(self) -> dict[str, Any]:
        """The plan as JSON data; kept with the file's other findings until the file changes."""
        return self.plan.model_dump(mode="json", exclude_none=True)


@dataclass
class Validation:
    plans: list[PlanFile] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    harvest_notes: list[str] = field(default_factory=list)
    """A state site's harvested plans left out, and why: said at the build, failing nothing."""

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    @property
    def notes(self) -> list[Diagnostic]:
        """A draft's gaps in the backward chain: shown on its page as still to plan, failing no build."""
        return [d for d in self.diagnostics if d.severity == "note"]

    def ok(self, *, strict: bool = False) -> bool:
        return not (self.errors or (strict and self.warnings))


def is_web_address(parent: str) -> bool:
    return re.match(WEB_ADDRESS, parent) is not None


NAMELESS = (".yaml", ".yml")
"""Files with an ending and no name: refused, never skipped, as a title without Latin letters can give them."""


def find_plan_files(paths: Iterable[Path]) -> list[Path]:
    """Plan files named by `paths`: files as given, folders searched recursively (hidden ones left out, but a
    file that is all ending, `.yaml`, which is refused)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*")
                if (p.suffix in NAMELESS or p.name in NAMELESS) and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parent.parts)
                and not (p.name.startswith(".") and p.name not in NAMELESS)
            )
        else:
            found.append(path)
    return list(dict.fromkeys(found))


Checked = tuple[list[Diagnostic], "PlanFile | None"]


class CheckedFiles:
    """What `check_file` found in each file, kept while the file's size and modification time stay the same.

    `mkdocs serve` rebuilds after every save; with this, only the saved files are read again.
    """

    def __init__(self, reference: Reference) -> None:
        self.reference = reference
        self._found: dict[Path, tuple[tuple[int, int], Checked]] = {}

    def check(self, files: Sequence[Path], *, parallel: bool = True) -> Iterator[Checked]:
        stamps = {path: _stamp(path) for path in files}
        kept = {path: self._found[path] for path in files
                if stamps[path] is not None and self._found.get(path, (None,))[0] == stamps[path]}
        fresh = ordered_map(lambda path: check_file(path, self.reference), [p for p in files if p not in kept],
                            parallel=parallel)
        for path in files:
            if path in kept:
                checked = kept[path][1]
            else:
                checked = next(fresh)
                stamp = stamps[path]
                if stamp is not None:
                    kept[path] = (stamp, checked)
            yield checked
        self._found = kept


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None  # check_file reports why it cannot be read
    return stat.st_mtime_ns, stat.st_size


def validate_plans(files: Sequence[Path], reference: Reference, *, other_ids: Iterable[str] = (),
                   checked_files: CheckedFiles | None = None, parallel: bool = True) -> Validation:
    """Check every file; `other_ids` are plan ids that exist beyond `files` (for `parent`)."""
    result = Validation()
    by_id: dict[str, PlanFile] = {}
    if checked_files is not None and checked_files.reference is reference:
        checked = checked_files.check(files, parallel=parallel)
    else:
        checked = ordered_map(lambda path: check_file(path, reference), files, parallel=parallel)
    for diagnostics, plan_file in track(checked, "Validating plans", len(files)):
        result.diagnostics += diagnostics
        if plan_file is None:
            continue
        if plan_file.id in by_id:
            result.diagnostics.append(_at(plan_file, ("id",), f"the plan id `{plan_file.id}` is also used by "
                                          f"{by_id[plan_file.id].path}", "give each plan file its own name",
                                          code="plan-id-taken", id=plan_file.id))
        elif not any(d.severity == "error" for d in diagnostics):
            by_id[plan_file.id] = plan_file
            result.plans.append(plan_file)
    known = {*by_id, *other_ids, *(path.stem for path in files)}
    parents_ok = []
    for plan_file in result.plans:
        problems = list(_check_parent(plan_file, by_id, known))
        result.diagnostics += problems
        if not problems:
            parents_ok.append(plan_file)
    result.plans = parents_ok
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result


def check_file(path: Path, reference: Reference) -> tuple[list[Diagnostic], PlanFile | None]:
    """Everything that can be checked in one file alone; the plan is None when its shape is invalid."""
    loaded = load_model(Plan, path)
    if loaded.model is None or loaded.document is None:
        return loaded.diagnostics, None
    plan_file = PlanFile(loaded.model.id or path.stem, path, loaded.model, loaded.document)
    problems = list(_check_file(plan_file)) + list(_check_plan(plan_file, reference))
    plan_file.document = loaded.document.keeping(("id",), ("parent",))
    return problems, plan_file


def _at(plan_file: PlanFile, where: FieldPath, message: str, hint: str, *, code: str, **params: Any) -> Diagnostic:
    return plan_file.document.diagnostic(where, message, hint, code=code, params=params)


def _check_file(plan_file: PlanFile) -> Iterator[Diagnostic]:
    path = plan_file.path
    if path.name in NAMELESS:
        yield _at(plan_file, (), "the file has no name, and a plan's file name is its id",
                  "name it after the plan in lowercase letters, digits and single hyphens, e.g. maple-elementary-2026-27.yaml",
                  code="nameless-file")
        return
    if path.suffix != ".yaml":
        yield _at(plan_file, (), f"plan files end in .yaml, not {path.suffix}", f"rename it to {path.stem}.yaml",
                  code="file-suffix", suffix=path.suffix)
    if not re.match(SLUG, path.stem) or len(path.stem) > 80:
        yield _at(plan_file, (), f"the file name `{path.name}` is not a valid plan id",
                  "rename it in lowercase letters, digits and single hyphens (80 characters at most), e.g. maple-elementary-2026-27.yaml",
                  code="file-name", name=path.name)
    elif plan_file.plan.id is not None and plan_file.plan.id != path.stem:
        yield _at(plan_file, ("id",), f"the id `{plan_file.plan.id}` differs from the file name `{path.name}`",
                  f"rename the file to {plan_file.plan.id}.yaml, or remove the `id` line",
                  code="id-mismatch", id=plan_file.plan.id, file=path.name)


def _check_parent(plan_file: PlanFile, by_id: dict[str, PlanFile], known: set[str]) -> Iterator[Diagnostic]:
    parent = plan_file.plan.parent
    if parent is None or is_web_address(parent):
        return  # a plan on another site (its state's): that site lists it as nesting there
    if parent not in known:
        yield _at(plan_file, ("parent",), f"unknown parent plan `{parent}`{did_you_mean(parent, known)}",
                  "use the id (file name without .yaml) of an existing plan",
                  code="parent-unknown", parent=parent, **suggestion(parent, known))
        return
    chain = [plan_file.id]
    current: str | None = parent
    while current in by_id and current not in chain:
        chain.append(current)
        current = by_id[current].plan.parent
    if current == plan_file.id:
        yield _at(plan_file, ("parent",), f"the parents form a loop: {' → '.join([*chain, current])}",
                  "a plan's parent must be a plan at a wider level that does not nest in it",
                  code="parent-loop", chain=[*chain, current])


def _check_plan(plan_file: PlanFile, reference: Reference) -> Iterator[Diagnostic]:
    plan = plan_file.plan
    steps = plan.steps
    at = plan_file.document.diagnostic

    for key, status in STEPS_REQUIRED_FROM.items():
        if STATUSES.index(plan.status) >= STATUSES.index(status) and not getattr(steps, key):
            number = STEP_KEYS.index(key) + 1
            yield at(("steps",), f"step {number} `{key}` is required once the status is `{plan.status}`",
                     f"add `{key}:` under `steps`, or set `status: draft`", key=True,
                     code="step-required", params={"step": key, "status": plan.status})

    local = _LocalIds(plan_file)
    learning = steps.professional_learning
    declared = {model: local.declare(CHAIN_LISTS[model].path, CHAIN_LISTS[model].items(plan)) for model in IDENTIFIED}
    yield from local.problems

    ids = reference.ids()
    refs = _References(plan_file)
    for link in CHAIN_LINKS:
        source, target = CHAIN_LISTS[link.source], CHAIN_LISTS[link.target]
        target_ids = [item.id for _, item in declared[link.target]]
        for index, item in enumerate(source.items(plan)):
            refs.check((*source.path, index, link.field), getattr(item, link.field) or [], target_ids, target.noun, target.step)
    for where, activity in declared["Activity"]:
        refs.check((*where, "designs"), activity.designs, ids["designs"], "learning design", "content/designs")
        refs.check((*where, "standards"), activity.standards or [], ids["standards"], "standard",
                   reference.primary_folder(), listed=list(reference.frameworks[reference.primary].standards.items))
        refs.check((*where, "factors"), activity.factors or [], ids["factors"], "selection factor", "content/concepts/factors.yaml")
        if activity.environment not in ids["environments"]:
            refs.unknown((*where, "environment"), activity.environment, ids["environments"], "environment", "content/environments")
        if activity.start and activity.end and activity.end < activity.start:
            yield at((*where, "end"), f"the end {activity.end} is before the start {activity.start}", "swap or correct the dates",
                     code="end-before-start", params={"start": str(activity.start), "end": str(activity.end)})
    for index, resource in enumerate((learning and learning.resources) or []):
        funding = resource.funding
        known, suggested = reference.funding.classify(funding) if funding else (None, None)
        if funding and known is None and suggested:
            yield at(("steps", "professional_learning", "resources", index, "funding"),
                     f"the funding source `{funding}` is not one this site knows (did you mean `{suggested}`?)",
                     "write it as content/concepts/funding-sources.yaml names it, or add the source there",
                     severity="warning", code="funding-unknown",
                     params={"value": funding, "suggestion": suggested})
    yield from refs.problems

    gap: Severity = "note" if plan.status == "draft" else "warning"  # a draft with gaps is the normal state of a plan

    def warn(where: FieldPath, code: str, id: str, message: str, hint: str) -> Diagnostic:
        return at((*where, "id"), message, hint, severity=gap, code=code, params={"id": id})

    for link in CHAIN_LINKS:
        if link.gap is not None:
            named = {value for item in CHAIN_LISTS[link.source].items(plan) for value in getattr(item, link.field) or []}
            message, hint = _GAPS[link.gap]
            yield from (warn(where, link.gap, item.id, message.format(id=item.id), hint)
                        for where, item in declared[link.target] if item.id not in named)
    evaluation = declared["EvaluationItem"]
    level5 = [item for _, item in evaluation if item.level == 5]
    for where, goal in declared["Goal"]:
        if not any(not item.goals or goal.id in item.goals for item in level5):
            yield warn(where, "goal-unmeasured", goal.id,
                       f"no level 5 evaluation item (student learning outcomes) measures the goal `{goal.id}`",
                       "add an evaluation item with `level: 5` whose `goals` names it (step 6)")
    if plan.status in _PAST_APPROVED and not any(item.level == 4 for _, item in evaluation):
        yield at(("status",), f"a plan that is `{plan.status}` has no level 4 evaluation item (use of new knowledge and skills)",
                 "add an evaluation item with `level: 4` under steps.professional_learning.evaluation", severity="warning",
                 code="no-level-4", params={"status": plan.status})


_GAPS = {
    "need-unaddressed": ("no goal addresses the student need `{id}`", "name it in a goal's `student_needs` (step 3), or remove it"),
    "goal-unserved": ("no educator need serves the goal `{id}`", "name it in an educator need's `goals` (step 4)"),
    "educator-need-unserved": ("no activity serves the educator need `{id}`",
                               "name it in an activity's `educator_needs` (step 6)"),
}
"""What `backmap validate` says of each gap in the backward chain (`CHAIN_LINKS`' `gap`)."""


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


ItemT = TypeVar("ItemT", bound=_Identified)


class _LocalIds:
    """Local ids become page anchors: unique in a plan whatever their case, and clear of the page's own."""

    def __init__(self, plan_file: PlanFile) -> None:
        self.plan_file = plan_file
        self.seen: dict[str, FieldPath] = {}
        self.problems: list[Diagnostic] = []

    def declare(self, where: FieldPath, items: Sequence[ItemT] | None) -> list[tuple[FieldPath, ItemT]]:
        declared = [((*where, index), item) for index, item in enumerate(items or [])]
        for item_where, item in declared:
            if is_reserved_anchor(item.id):
                self.problems.append(self.plan_file.document.diagnostic(
                    (*item_where, "id"), f"the id `{item.id}` is reserved for a section of the plan page",
                    "choose another id, such as one ending in a number (G1, A2)", code="id-reserved", params={"id": item.id}))
                continue
            first = self.seen.setdefault(item.id.lower(), item_where)
            if first != item_where:
                line = self.plan_file.document.mark((*first, "id")).line
                self.problems.append(self.plan_file.document.diagnostic(
                    (*item_where, "id"), f"the id `{item.id}` is already used on line {line}",
                    "give each item its own id (ids are compared without regard to case)",
                    code="id-duplicate", params={"id": item.id, "line": line}))
        return declared


class _References:
    def __init__(self, plan_file: PlanFile) -> None:
        self.plan_file = plan_file
        self.problems: list[Diagnostic] = []

    def check(self, where: FieldPath, values: Sequence[str], known: Sequence[str], kind: str, origin: str,
              listed: Sequence[str] | None = None) -> None:
        for index, value in enumerate(values):
            if value not in known:
                self.unknown((*where, index), value, known, kind, origin, listed)

    def unknown(self, where: FieldPath, value: str, known: Sequence[str], kind: str, origin: str,
                listed_ids: Sequence[str] | None = None) -> None:
        """`listed_ids`: the ids the hint lists, when not all of `known` (standards: the primary framework's)."""
        shown = known if listed_ids is None else listed_ids
        listed = f": {', '.join(shown)}" if 0 < len(shown) <= 8 else ""
        hint = f"use an id from {origin}{listed}" if known else f"add it in {origin} first"
        self.problems.append(self.plan_file.document.diagnostic(
            where, f"unknown {kind} `{value}`{did_you_mean(value, known)}", hint,
            code="unknown-ref", params={"value": value, "kind": kind, **suggestion(value, known)}))
