"""The reference content: steps, standards, designs, environments and concepts.

Content is data a contributor edits in a pull request, so it is loaded and
checked exactly like plans. Each step, standard, design and environment is one
file named `<id>.yaml`; factors, attributes, the learning-communities cycle,
evaluation levels and the glossary are one file each under `concepts/`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Generic, TypeVar

from pydantic import Field

from backmap_site.format.diagnostics import Diagnostic, FieldPath, config_mark, did_you_mean
from backmap_site.format.plan import SLUG, STEP_KEYS, Level, LevelOfEvaluation, Markdown, Model, Slug, Text, Url, _choice, _integer

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
from backmap_site.format.loading import Loaded, load_model
from backmap_site.reference.layers import ContentLayers


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


class Renamed(Model):
    """A standard's current name, where its framework's publisher renamed it since: plans may cite either id."""

    id: Slug
    """The id of the current name."""
    title: Text
    """The current name."""


class Standard(Item):
    order: Order
    """Position in lists."""
    description: Markdown
    """What the standard asks of professional learning."""
    look_fors: list[Text] = Field(default_factory=list)
    """What a plan that engages this standard shows."""
    group: Slug | None = None
    """The id of its group, in frameworks that group their standards."""
    renamed: Renamed | None = None
    """Its current name, if it has a newer one."""


class Group(Model):
    id: Slug
    """The group's id, used as its anchor."""
    title: Text
    """Its name."""
    description: Text
    """What its standards have in common."""


class FrameworkInfo(Model):
    """A set of standards (`framework.yaml` in its folder): what it is and where it comes from."""

    id: Slug | None = None
    """The framework's id, as plans cite it (`<id>/<standard>`); the folder's name unless given."""
    title: Text
    """Its full name."""
    short_title: Text
    """A short name for tables and facets, such as `2022 standards`."""
    year: Annotated[int, Field(ge=1900, le=2100)]
    """The year it was published."""
    source: Text
    """Who publishes it, and where."""
    url: Url | None = None
    """Its publisher's page."""
    summary: Text
    """One plain sentence, shown in lists."""
    groups: list[Group] = Field(default_factory=list)
    """Its groups of standards, in order (none: the standards stand alone)."""


class Crosswalk(Model):
    """Which standards of a framework continue each standard of the steps' framework (`crosswalk.yaml`)."""

    note: Text
    """Who made the mapping and how far to trust it."""
    links: dict[Slug, list[Slug]]
    """A standard of the steps' framework → the standards of this framework that continue it."""
    notes: dict[Slug, Text] = Field(default_factory=dict)
    """Remarks on single links, by the id of the steps' framework's standard."""


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


class FundingSource(Model):
    id: Slug
    """The source's id, as the open data writes it."""
    title: Text
    """Its name."""
    summary: Text
    """What it is, in one sentence."""
    names: list[Text]
    """How plans write it: a resource's funding that names one of these, as whole words, is this source."""


class FundingSources(Concept):
    sources: Annotated[list[FundingSource], Field(min_length=1)]
    """The funding sources the open data names, in order."""

    def classify(self, text: str) -> tuple[str | None, str | None]:
        """The source a resource's funding names (the one named first, the longest name at that place), and else
        the name it misspells most likely, if any: `Title II-A state set-aside` → (`title-ii-a`, None);
        `Titel II-A` → (None, `Title II-A`). The editor's rules.js reads it alike."""
        words = funding_words(text)
        names = sorted(((funding_words(name), source.id, name) for source in self.sources for name in source.names),
                       key=lambda found: -len(found[0]))
        for start in range(len(words)):
            for name_words, source_id, _ in names:
                if name_words and words[start:start + len(name_words)] == name_words:
                    return source_id, None
        written = {" ".join(name_words): name for name_words, _, name in reversed(names)}  # the first name of each form
        by_length: dict[int, list[str]] = {}
        for form in written:
            by_length.setdefault(len(form.split()), []).append(form)
        for start in range(len(words)):
            for length in sorted(by_length, reverse=True):
                if start + length <= len(words):
                    close = difflib.get_close_matches(" ".join(words[start:start + length]), by_length[length], n=1, cutoff=FUNDING_CUTOFF)
                    if close:
                        return None, written[close[0]]
        return None, None


FUNDING_CUTOFF = 0.8
"""How close a misspelt funding source must be to a name to be suggested (difflib's ratio)."""


def funding_words(text: str) -> list[str]:
    """`Title II-A (state)` → `["title", "ii", "a", "state"]`: names are compared word by word, without case."""
    return re.findall(r"[a-z0-9]+", text.casefold())


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


FRAMEWORK_FILE = "framework.yaml"
CROSSWALK_FILE = "crosswalk.yaml"
BASE_FRAMEWORK = FrameworkInfo(id="spl-2011", title="Standards for Professional Learning (2011)",
                               short_title="2011 standards", year=2011, source="Learning Forward",
                               summary="The standards the steps of the Backmapping Model engage.")
"""What `content/standards/` is when it has no `framework.yaml`."""


@dataclass
class Framework:
    """A set of standards: the one the steps engage (`content/standards/`), or another one
    (`content/frameworks/<id>/`) that a crosswalk relates to it."""

    id: str
    info: FrameworkInfo
    standards: Collection[Standard]
    source: Path
    """Its folder (where its `framework.yaml` is)."""
    crosswalk: Crosswalk | None = None
    crosswalk_file: Path | None = None

    def ids(self) -> dict[str, str]:
        """Every id a plan may cite, each to its standard's id: the standard's own and its current name's."""
        cited = {standard.id: standard.id for standard in self.standards}
        cited |= {s.renamed.id: s.id for s in self.standards if s.renamed}
        return cited

    def groups(self) -> list[tuple[Group | None, list[Standard]]]:
        """Its standards by group, in order; a framework without groups is one group, `None`."""
        if not self.info.groups:
            return [(None, list(self.standards))]
        return [(group, [s for s in self.standards if s.group == group.id]) for group in self.info.groups]

    def successors(self, base_id: str) -> list[str]:
        """The standards of this framework that continue `base_id`, a standard the steps engage."""
        return self.crosswalk.links.get(base_id, []) if self.crosswalk else []

    def predecessors(self, standard_id: str) -> list[str]:
        """The standards the steps engage that this one continues."""
        links = self.crosswalk.links if self.crosswalk else {}
        return [base for base, successors in links.items() if standard_id in successors]


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
    funding: FundingSources
    concept_sources: dict[str, Path]
    frameworks: dict[str, Framework] = field(default_factory=dict)
    """The frameworks the site shows (all in the content until `show` chooses), the steps' own first."""
    primary: str = ""
    """The framework whose standards a plan names by their bare ids; the others' are `<framework>/<id>`."""

    @cached_property
    def base(self) -> Framework:
        """The framework the steps engage (`content/standards/`): its pages are `/standards/<id>/`."""
        return next(iter(self.frameworks.values()))

    def show(self, frameworks: list[str] | None = None, primary: str | None = None) -> Reference:
        """The content as a site shows it: the frameworks named (the steps' own is always shown) and the primary.

        Raises ValueError, naming what exists, for a framework the content does not have.
        """
        known = list(self.frameworks)
        for name in [*(frameworks or []), *([primary] if primary else [])]:
            if name not in self.frameworks:
                raise ValueError(f"unknown framework `{name}`{did_you_mean(name, known)}: the content has {', '.join(known)}")
        chosen = [self.base.id, *(list(self.frameworks) if frameworks is None else frameworks)]
        if primary and primary not in chosen:
            raise ValueError(f"the primary framework `{primary}` is not among the frameworks shown: add it to `frameworks`")
        return replace(self, frameworks={f: self.frameworks[f] for f in dict.fromkeys(chosen)},
                       primary=primary or self.base.id)

    def key(self, framework: str, standard_id: str) -> str:
        """A standard's key on the site (facets, exports, links): the bare id in the steps' own framework,
        `<framework>/<id>` in the others, whichever is primary."""
        return standard_id if framework == self.base.id else f"{framework}/{standard_id}"

    def citations(self) -> dict[str, str]:
        """Every name a plan may cite a standard by, to the standard's key: `<framework>/<id>` for any shown
        framework and the bare id for the primary one, each also by the id of a standard's current name."""
        return self._citations

    @cached_property
    def _citations(self) -> dict[str, str]:  # asked for every plan the validator checks
        cited: dict[str, str] = {}
        for framework in self.frameworks.values():
            for name, standard_id in framework.ids().items():
                key = self.key(framework.id, standard_id)
                if framework.id == self.primary:
                    cited[name] = key
                cited[f"{framework.id}/{name}"] = key
        return cited

    def in_order(self) -> list[Framework]:
        """The shown frameworks as pages and exports list them: the primary first."""
        return sorted(self.frameworks.values(), key=lambda framework: framework.id != self.primary)

    def standard_keys(self) -> list[str]:
        """The keys of every shown standard, framework by framework (the primary first), each in its order."""
        return self._standard_keys

    @cached_property
    def _standard_keys(self) -> list[str]:
        return [self.key(f.id, standard_id) for f in self.in_order() for standard_id in f.standards.items]

    def standard_label(self, key: str) -> str:
        """A standard's name where standards of several frameworks mix: the primary's bare, the others' marked;
        with its current name too, where its publisher renamed it."""
        framework, standard = self.standard(key)
        title = f"{standard.title} / {standard.renamed.title}" if standard.renamed else standard.title
        return title if framework.id == self.primary else f"{title} ({framework.info.short_title})"

    def primary_folder(self) -> str:
        """Where the primary framework's standards are, for messages: `content/standards`."""
        framework = self.frameworks[self.primary]
        return "content/standards" if framework is self.base else f"content/frameworks/{framework.id}"

    def standard(self, key: str) -> tuple[Framework, Standard]:
        """The framework and the standard of a key (see `key`)."""
        framework, _, standard_id = key.rpartition("/")
        found = self.frameworks[framework] if framework else self.base
        return found, found.standards[standard_id]

    def ids(self) -> dict[str, list[str]]:
        """Every id a plan may refer to, by kind."""
        return {
            "designs": list(self.designs.items),
            "environments": list(self.environments.items),
            "standards": list(self.citations()),
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
    "funding": FundingSources,
}
_OPTIONAL_CONCEPTS: dict[str, Concept] = {
    "samples": SampleSites(title="More sample plans", intro="Websites with more sample plans.", sites=[]),
}
"""Concepts a site may go without: a district's site lists no other sites of sample plans."""
CONCEPT_FILES = {
    "factors": "factors",
    "attributes": "attributes",
    "cycle": "learning-communities-cycle",
    "evaluation_levels": "evaluation-levels",
    "glossary": "glossary",
    "samples": "sample-sites",
    "funding": "funding-sources",
}


def load_reference(root: Path | ContentLayers) -> Reference:
    """Load and check the content of `root` (a `content/` folder alone, or layers of them), or raise ContentError."""
    layers = root if isinstance(root, ContentLayers) else ContentLayers((root,))
    diagnostics: list[Diagnostic] = []
    loaded: list[Loaded[Any]] = []
    collections: dict[str, Any] = {}  # Reference's fields, by name
    for name, model in _COLLECTIONS.items():
        files = _item_files(layers.files(name))
        if not files:
            folder = layers.top / name
            diagnostics.append(Diagnostic(str(folder), 1, 1, (), f"no `{name}` content found", f"add {name} files as {folder}/<id>.yaml"))
        items: list[Loaded[Any]] = [load_model(model, path) for path in files]
        loaded += items
        collections[name] = _collect(items)
    concepts: dict[str, Any] = {}
    concept_sources: dict[str, Path] = {}
    for name, concept in _CONCEPTS.items():
        path = layers.file("concepts", f"{CONCEPT_FILES[name]}.yaml")
        if path is None and name in _OPTIONAL_CONCEPTS:
            concepts[name] = _OPTIONAL_CONCEPTS[name]
            continue
        item: Loaded[Any] = load_model(concept, path or layers.top / "concepts" / f"{CONCEPT_FILES[name]}.yaml")
        loaded.append(item)
        concepts[name] = item.model
        concept_sources[name] = item.path
    frameworks: list[tuple[Path, bool, Loaded[Any] | None, list[Loaded[Any]], Loaded[Any] | None]] = []
    for parts in [("standards",), *(("frameworks", name) for name, _ in layers.folders("frameworks"))]:
        info_file, crosswalk_file = layers.file(*parts, FRAMEWORK_FILE), layers.file(*parts, CROSSWALK_FILE)
        is_base = parts == ("standards",)
        folder = info_file.parent if info_file else layers.top.joinpath(*parts)
        info = load_model(FrameworkInfo, info_file) if info_file else None
        standards = [] if is_base else [load_model(Standard, path) for path in _item_files(layers.files(*parts))]
        crosswalk = load_model(Crosswalk, crosswalk_file) if crosswalk_file else None
        if info is None and not is_base:
            diagnostics.append(Diagnostic(str(folder), 1, 1, (), "a framework folder without its framework.yaml",
                                          f"add {folder / FRAMEWORK_FILE}: its title, short_title, year, source, summary"))
        frameworks.append((folder, is_base, info, standards, crosswalk))
        loaded += [item for item in (info, *standards, crosswalk) if item is not None]
    diagnostics += [d for item in loaded for d in item.diagnostics]
    if diagnostics:
        raise ContentError(diagnostics)
    reference = Reference(**collections, **concepts, concept_sources=concept_sources)
    for folder, is_base, loaded_info, loaded_standards, loaded_crosswalk in frameworks:
        about: FrameworkInfo = loaded_info.model if loaded_info and loaded_info.model else BASE_FRAMEWORK
        collected: Collection[Standard] = reference.standards if is_base else _collect(loaded_standards)
        default_id = BASE_FRAMEWORK.id if is_base else folder.name
        framework = Framework(about.id or default_id or folder.name, about, collected, folder,
                              loaded_crosswalk.model if loaded_crosswalk else None,
                              loaded_crosswalk.path if loaded_crosswalk else None)
        reference.frameworks.setdefault(framework.id, framework)
    reference.primary = reference.base.id
    diagnostics = list(_check(reference, {item.path: item for item in loaded},
                              dict(layers.folders("frameworks"))))
    if diagnostics:
        raise ContentError(diagnostics)
    return reference


def _item_files(files: list[Path]) -> list[Path]:
    """The item files of a content folder: every `<id>.yaml` but a framework's own two files."""
    return [p for p in files if p.name not in (FRAMEWORK_FILE, CROSSWALK_FILE)]


def _collect(items: list[Loaded[ItemT]]) -> Collection[ItemT]:
    collection: Collection[ItemT] = Collection()
    valid = [(item.model, item.path) for item in items if item.model is not None]
    for found, path in sorted(valid, key=lambda v: (getattr(v[0], "order", None) or getattr(v[0], "number", 0), v[1].stem)):
        item_id = found.id or path.stem
        collection.items[item_id] = found.model_copy(update={"id": item_id})
        collection.sources[item_id] = path
    return collection


def _check(reference: Reference, loaded: dict[Path, Loaded[Any]], framework_folders: dict[str, list[Path]]) -> Iterator[Diagnostic]:
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
    yield from _check_frameworks(reference, problem, framework_folders)
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


def _check_frameworks(reference: Reference, problem: Callable[[Path, FieldPath, str, str], Diagnostic],
                      folders: dict[str, list[Path]]) -> Iterator[Diagnostic]:
    """Each framework's id, its standards' files and groups, the ids plans may cite, and its crosswalk."""
    base, *others = reference.frameworks.values()
    if base.id in folders:
        yield Diagnostic(str(folders[base.id][-1]), 1, 1, (), f"the framework id `{base.id}` "
                         f"of {base.source} is also a folder of content/frameworks/", "rename that folder")
    for framework in reference.frameworks.values():
        yield from _check_names(framework, problem)
    for framework in others:
        info_file, crosswalk_file = framework.source / FRAMEWORK_FILE, framework.crosswalk_file or framework.source / CROSSWALK_FILE
        if framework.id != framework.source.name:
            yield problem(info_file, ("id",), f"the id `{framework.id}` differs from the folder's name "
                          f"`{framework.source.name}`", "leave the id out, or rename the folder")
        if not re.match(SLUG, framework.source.name):
            yield problem(info_file, (), f"the folder's name `{framework.source.name}` is not a valid id, which "
                          "plans cite it by", "name the folder with lowercase letters and digits joined by hyphens")
        if not framework.standards.items:
            yield problem(info_file, (), "the framework has no standards", f"add one <id>.yaml per standard to {framework.source}")
        groups = [group.id for group in framework.info.groups]
        for standard_id, path in framework.standards.sources.items():
            standard = framework.standards[standard_id]
            if standard_id != path.stem:
                yield problem(path, ("id",), f"id `{standard_id}` differs from the file name `{path.name}`",
                              f"rename the file to {standard_id}.yaml or fix the id")
            if groups and standard.group not in groups:
                yield problem(path, ("group",), f"unknown group `{standard.group}`{did_you_mean(standard.group, groups)}",
                              f"use one of the groups of {info_file}: {', '.join(groups)}")
            if not groups and standard.group:
                yield problem(path, ("group",), f"the framework has no groups, but this standard names `{standard.group}`",
                              f"add the group to {info_file}, or leave `group` out")
        if framework.crosswalk is None:
            continue
        for base_id, successors in framework.crosswalk.links.items():
            if base_id not in base.standards:
                yield problem(crosswalk_file, ("links", base_id), f"unknown standard `{base_id}` of {base.id}"
                              f"{did_you_mean(base_id, base.standards.items)}", f"use the ids of {base.source}")
            for index, successor in enumerate(successors):
                if successor not in framework.standards:
                    yield problem(crosswalk_file, ("links", base_id, index), f"unknown standard `{successor}` of "
                                  f"{framework.id}{did_you_mean(successor, framework.standards.items)}",
                                  f"use the ids of the files in {framework.source}")
        for base_id in framework.crosswalk.notes:
            if base_id not in framework.crosswalk.links:
                yield problem(crosswalk_file, ("notes", base_id), f"a note on `{base_id}`, which has no link",
                              "add its links, or remove the note")


def shown(reference: Reference, config_file: Path, frameworks: Sequence[str] | None, primary: str | None) -> Reference:
    """`reference` with the frameworks a site's configuration chooses; raises ContentError naming the file."""
    try:
        if frameworks is not None and (isinstance(frameworks, str) or not all(isinstance(f, str) for f in frameworks)):
            raise ValueError(f"`frameworks` is {frameworks!r}, not a list of framework ids such as [spl-2011, spl-2022]")
        if primary is not None and not isinstance(primary, str):
            raise ValueError(f"`primary_framework` is {primary!r}, not a framework id such as spl-2011")
        return reference.show(list(frameworks) if frameworks is not None else None, primary)
    except ValueError as exc:
        line, column = config_mark(config_file, "primary_framework" if "primary" in str(exc) else "frameworks")
        raise ContentError([Diagnostic(str(config_file), line, column, ("plugins", "backmap"), str(exc),
                                       "name frameworks of content/ in the backmap plugin's `frameworks` and "
                                       "`primary_framework` options")]) from None


def _check_names(framework: Framework, problem: Callable[[Path, FieldPath, str, str], Diagnostic]) -> Iterator[Diagnostic]:
    """Every name a plan may cite a standard of `framework` by names one standard only."""
    taken = set(framework.standards.items)
    for standard in framework.standards:
        if standard.renamed is None:
            continue
        path = framework.standards.sources[standard.id]
        if standard.renamed.id in taken:
            yield problem(path, ("renamed", "id"), f"the current name's id `{standard.renamed.id}` is already a name "
                          f"of a standard of {framework.id}", "give the current name an id of its own")
        taken.add(standard.renamed.id)
