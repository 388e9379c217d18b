"""The reference content: steps, standards, designs, environments and concepts.

Content is data a contributor edits in a pull request, so it is loaded and
checked exactly like plans. Each step, standard, design and environment is one
file named `<id>.yaml`; factors, attributes, the learning-communities cycle,
evaluation levels and the glossary are one file each under `concepts/`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Generic, TypeVar

from pydantic import Field

from backmap_site.diagnostics import Diagnostic, FieldPath, did_you_mean
from backmap_site.format import STEP_KEYS, Level, LevelOfEvaluation, Markdown, Model, Slug, Text, Url, _choice, _integer

if TYPE_CHECKING:
    StepNumber = int
    StepKey = str
    Order = int
    EnvironmentOrder = int
else:
    StepNumber = _integer(1, 7)
    StepKey = _choice(STEP_KEYS)
    Order = _integer(1, 99)
    EnvironmentOrder = _integer(1, 9)
from backmap_site.loading import Loaded, load_model


class Item(Model):
    """Fields every page-sized item shares; `id` defaults to the file name."""

    if TYPE_CHECKING:
        id: str  # loading fills it in from the file name (`_collect`): a loaded item always has one
    else:
        id: Slug | None = None
        """The item's id; it must equal the file name without `.yaml`."""
    title: Text
    """Its name, as in the source documents."""
    summary: Text
    """One plain sentence, shown in lists."""


class Step(Item):
    number: StepNumber
    """The step's place in the Backmapping Model."""
    key: StepKey
    """The key of this step in a plan's `steps`."""
    standards: list[Slug]
    """Ids of the standards this step engages."""
    purpose: Markdown
    """Why the step matters and how it connects to the others."""
    guiding_questions: list[Text]
    """Questions the planning team answers in this step."""
    records: Markdown
    """What a plan file records in this step."""


class Standard(Item):
    order: Order
    """Position in lists."""
    description: Markdown
    """What the standard asks of professional learning."""
    look_fors: list[Text]
    """What a plan that engages this standard shows."""


class Design(Item):
    order: Order
    """Position in the catalog."""
    description: Markdown
    """What the design is and how it runs."""
    when_it_fits: Markdown
    """The needs and conditions it suits."""
    environments: list[Slug]
    """Ids of the environments it usually runs in."""
    factors: list[Slug]
    """Ids of the selection factors that favour it."""
    attributes: list[Slug]
    """Ids of the attributes of high-quality designs it supports."""
    related: list[Slug]
    """Ids of designs it is often coupled with."""


class Environment(Item):
    order: EnvironmentOrder
    """Position in lists."""
    description: Markdown
    """What learning in this environment looks like."""
    strengths: list[Text]
    """What it does well."""
    considerations: list[Text]
    """What to plan for."""


class Entry(Model):
    """An anchored entry on a concept page."""

    id: Slug
    """The entry's id, used as its anchor."""
    title: Text
    """Its name."""
    description: Text
    """A sentence or two."""


class FactorGroup(Model):
    id: Slug
    """The group's id, used as its anchor."""
    title: Text
    """The group's name."""
    factors: Annotated[list[Entry], Field(min_length=1)]
    """The factors in this group."""


class Concept(Model):
    """A concept page: a title and an introduction."""

    title: Text
    """The page title."""
    intro: Markdown
    """The opening paragraph."""


class Factors(Concept):
    groups: Annotated[list[FactorGroup], Field(min_length=1)]
    """Factors that influence the selection of learning designs, by group."""


class Attributes(Concept):
    attributes: Annotated[list[Entry], Field(min_length=1)]
    """Attributes of high-quality learning designs."""


class CycleStep(Model):
    number: StepNumber
    """Its place in the cycle."""
    title: Text
    """A short name."""
    description: Text
    """What educators do."""


class Cycle(Concept):
    steps: Annotated[list[CycleStep], Field(min_length=7, max_length=7)]
    """The seven steps of continuous improvement of learning communities."""


class EvaluationLevel(Model):
    level: LevelOfEvaluation
    """Guskey's level."""
    title: Text
    """Its name."""
    description: Text
    """What it asks."""
    example_evidence: list[Text]
    """Typical evidence at this level."""


class EvaluationLevels(Concept):
    levels: Annotated[list[EvaluationLevel], Field(min_length=5, max_length=5)]
    """The five levels of evaluating professional learning."""


class Term(Model):
    id: Slug
    """The term's anchor."""
    term: Text
    """The term."""
    definition: Markdown
    """What it means."""


class Glossary(Concept):
    terms: Annotated[list[Term], Field(min_length=1)]
    """The terms, in alphabetical order."""


class SampleSite(Model):
    title: Text
    """The site's name."""
    url: Url
    """Its address (http or https)."""
    levels: Annotated[list[Level], Field(min_length=1)]
    """The levels of plans it shows: state, system, school, individual."""
    description: Text
    """What a reader finds there."""


class SampleSites(Concept):
    sites: list[SampleSite]
    """Websites with more sample plans."""


ItemT = TypeVar("ItemT", bound=Item)


@dataclass
class Collection(Generic[ItemT]):
    """Items of one kind by id, in display order, with the file of each."""

    items: dict[str, ItemT] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)

    def __iter__(self) -> Iterator[ItemT]:
        return iter(self.items.values())

    def __getitem__(self, item_id: str) -> ItemT:
        return self.items[item_id]

    def __contains__(self, item_id: object) -> bool:
        return item_id in self.items


@dataclass
class Reference:
    steps: Collection[Step]
    standards: Collection[Standard]
    designs: Collection[Design]
    environments: Collection[Environment]
    factors: Factors
    attributes: Attributes
    cycle: Cycle
    evaluation_levels: EvaluationLevels
    glossary: Glossary
    samples: SampleSites
    concept_sources: dict[str, Path]

    def ids(self) -> dict[str, list[str]]:
        """Every id a plan may refer to, by kind."""
        return {
            "designs": list(self.designs.items),
            "environments": list(self.environments.items),
            "standards": list(self.standards.items),
            "factors": [f.id for group in self.factors.groups for f in group.factors],
        }

    def step_for_key(self, key: str) -> Step:
        return next(step for step in self.steps if step.key == key)


class ContentError(Exception):
    """The reference content is invalid; the diagnostics say where and why."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} problem(s) in the reference content")
        self.diagnostics = diagnostics


_COLLECTIONS: dict[str, type[Item]] = {"steps": Step, "standards": Standard, "designs": Design, "environments": Environment}
_CONCEPTS: dict[str, type[Concept]] = {
    "factors": Factors,
    "attributes": Attributes,
    "cycle": Cycle,
    "evaluation_levels": EvaluationLevels,
    "glossary": Glossary,
    "samples": SampleSites,
}
CONCEPT_FILES = {
    "factors": "factors",
    "attributes": "attributes",
    "cycle": "learning-communities-cycle",
    "evaluation_levels": "evaluation-levels",
    "glossary": "glossary",
    "samples": "sample-sites",
}


def load_reference(root: Path) -> Reference:
    """Load and check everything in `root` (the `content/` folder), or raise ContentError."""
    diagnostics: list[Diagnostic] = []
    loaded: list[Loaded[Any]] = []
    collections: dict[str, Any] = {}  # Reference's fields, by name
    for name, model in _COLLECTIONS.items():
        folder = root / name
        files = sorted(folder.glob("*.yaml"))
        if not files:
            diagnostics.append(Diagnostic(str(folder), 1, 1, (), f"no `{name}` content found", f"add {name} files as {folder}/<id>.yaml"))
        items: list[Loaded[Any]] = [load_model(model, path) for path in files]
        loaded += items
        collections[name] = _collect(items)
    concepts: dict[str, Any] = {}
    concept_sources: dict[str, Path] = {}
    for name, concept in _CONCEPTS.items():
        path = root / "concepts" / f"{CONCEPT_FILES[name]}.yaml"
        item: Loaded[Any] = load_model(concept, path)
        loaded.append(item)
        concepts[name] = item.model
        concept_sources[name] = path
    diagnostics += [d for item in loaded for d in item.diagnostics]
    if diagnostics:
        raise ContentError(diagnostics)
    reference = Reference(**collections, **concepts, concept_sources=concept_sources)
    diagnostics = list(_check(reference, {item.path: item for item in loaded}))
    if diagnostics:
        raise ContentError(diagnostics)
    return reference


def _collect(items: list[Loaded[ItemT]]) -> Collection[ItemT]:
    collection: Collection[ItemT] = Collection()
    valid = [(item.model, item.path) for item in items if item.model is not None]
    for found, path in sorted(valid, key=lambda v: (getattr(v[0], "order", None) or getattr(v[0], "number", 0), v[1].stem)):
        item_id = found.id or path.stem
        collection.items[item_id] = found.model_copy(update={"id": item_id})
        collection.sources[item_id] = path
    return collection


def _check(reference: Reference, loaded: dict[Path, Loaded[Any]]) -> Iterator[Diagnostic]:
    """Cross-references between content items, and the fixed shape of the model."""

    def problem(path: Path, where: FieldPath, message: str, hint: str) -> Diagnostic:
        document = loaded[path].document
        assert document is not None  # only valid files reach these checks
        return document.diagnostic(where, message, hint)

    def refs(path: Path, where: FieldPath, values: list[str], known: Collection[Any] | list[str],
             kind: str) -> Iterator[Diagnostic]:
        names = list(known.items) if isinstance(known, Collection) else known
        for index, value in enumerate(values):
            if value not in names:
                yield problem(path, (*where, index), f"unknown {kind} `{value}`{did_you_mean(value, names)}",
                              f"use one of the {kind} ids in content/")

    for collection in (reference.steps, reference.standards, reference.designs, reference.environments):
        for item_id, path in collection.sources.items():
            if item_id != path.stem:
                yield problem(path, ("id",), f"id `{item_id}` differs from the file name `{path.name}`",
                              f"rename the file to {item_id}.yaml or fix the id")
    for step in reference.steps:
        if step.id != step.key.replace("_", "-"):
            yield problem(reference.steps.sources[step.id], ("key",), f"the step `{step.id}` has the key `{step.key}`",
                          f"name the file {step.key.replace('_', '-')}.yaml, the key with hyphens")
    numbers = sorted(step.number for step in reference.steps)
    keys = {step.key for step in reference.steps}
    if numbers != list(range(1, 8)) or keys != set(STEP_KEYS):
        first = next(iter(reference.steps.sources.values()))
        yield problem(first, ("number",), "the steps must be numbered 1 to 7, one for each plan step key",
                      f"keep one file per step with keys {', '.join(STEP_KEYS)}")
    factor_ids = reference.ids()["factors"]
    attribute_ids = [a.id for a in reference.attributes.attributes]
    for step in reference.steps:
        yield from refs(reference.steps.sources[step.id], ("standards",), step.standards, reference.standards, "standard")
    for design in reference.designs:
        path = reference.designs.sources[design.id]
        yield from refs(path, ("environments",), design.environments, reference.environments, "environment")
        yield from refs(path, ("factors",), design.factors, factor_ids, "factor")
        yield from refs(path, ("attributes",), design.attributes, attribute_ids, "attribute")
        yield from refs(path, ("related",), design.related, reference.designs, "design")
    for name, ids in (("factors", factor_ids), ("attributes", attribute_ids), ("glossary", [t.id for t in reference.glossary.terms])):
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            yield problem(reference.concept_sources[name], (), f"ids used more than once: {', '.join(duplicates)}",
                          "give every entry its own id")
    numbered = (("cycle", [s.number for s in reference.cycle.steps]),
                ("evaluation_levels", [lv.level for lv in reference.evaluation_levels.levels]))
    for name, numbers in numbered:
        if numbers != list(range(1, len(numbers) + 1)):
            yield problem(reference.concept_sources[name], (), "the entries must be numbered 1, 2, 3 … in order", "renumber them")
