"""The plan file format, version 1: the single source of truth.

The models below validate plan files and generate the published JSON Schema,
so the two can never disagree. Field docstrings become the schema's
descriptions, which editors show while a contributor types.

Scalars arrive from `yamlfile` as text; the types here decide what text means.
A text field takes exactly what was written (`no` stays "no", `1.10` stays
"1.10"); a number field accepts only an unquoted number.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

from backmap_site.format.yamlfile import PlainScalar

FORMAT_VERSION = 1
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
CITED = r"^([a-z0-9]+(-[a-z0-9]+)*/)?[a-z0-9]+(-[a-z0-9]+)*$"
"""A standard as a plan names it: its id in the primary framework, or `<framework>/<id>`."""
LOCAL_ID = r"^[A-Za-z][A-Za-z0-9_-]{0,31}$"
WEB_ADDRESS = r"^https?://\S+$"
PARENT = r"^([a-z0-9]+(-[a-z0-9]+)*|https?://\S+)$"
"""A parent: a plan id (SLUG), or the address of a plan's page on another site (WEB_ADDRESS)."""

LEVELS = ("state", "system", "school", "individual")
STATUSES = ("draft", "approved", "in-progress", "completed", "archived")
VISIBILITIES = ("public", "unlisted", "private")
ENVIRONMENTS = ("online", "in-person", "hybrid")
MILESTONE_STATUSES = ("planned", "done", "delayed", "cancelled")
OUTCOMES = ("knowledge", "attitudes", "skills", "aspirations", "behavior")
TOPICS = ("content", "design", "conditions")


@dataclass(frozen=True)
class Kind:
    """What a field's text means: the plan editor repeats the check of each kind (`editing.field_spec`)."""

    name: str
    """text, markdown, pattern, choice, integer, amount, date, school_year, format, or ref (an id of content)."""
    values: tuple[str, ...] = ()
    low: int | None = None
    high: int | None = None
    pattern: str | None = None
    what: str | None = None
    example: str | None = None
    ref: str | None = None


def problem(code: str, message: str, hint: str, **params: Any) -> PydanticCustomError:
    """A validation error whose message already says what is wrong and what to do, with its code (`CODES`)
    and what it names (`params`), for the editor to word it in the form's terms.

    The words travel in the context, never in pydantic's template, which would treat braces in a plan's
    text as placeholders.
    """
    return PydanticCustomError(code, "{message}", {"message": message, "hint": hint, "params": params})


def _text(value: Any) -> str:
    if isinstance(value, str):
        if not value.strip():
            raise problem("blank", "is blank", "write a value, or remove the line")
        return str(value)
    if value is None:
        raise problem("no-value", "has no value", "write a value after the colon, or remove the line")
    if isinstance(value, bool):
        raise problem("yes-no", f"reads as the yes/no value `{str(value).lower()}`", "put the text in quotes", value=str(value).lower())
    raise problem("not-text", f"must be text, not a {_kind(value)}", "write a single line of text")


def _kind(value: Any) -> str:
    return "list" if isinstance(value, list) else "mapping" if isinstance(value, dict) else type(value).__name__


def _patterned(pattern: str, what: str, example: str) -> Any:
    regex = re.compile(pattern)

    def check(value: Any) -> str:
        text = _text(value)
        if not regex.match(text):
            raise problem("pattern", f"`{text}` is not {what}", f"write it like {example}", value=text)
        return text

    return Annotated[str, StringConstraints(pattern=pattern), BeforeValidator(check),
                     Kind("pattern", pattern=pattern, what=what, example=example)]


def _choice(values: Sequence[str]) -> Any:
    def check(value: Any) -> str:
        text = _text(value)
        if text not in values:
            from backmap_site.format.diagnostics import did_you_mean, suggestion

            raise problem(
                "choice", f"`{text}` is not one of {', '.join(values)}{did_you_mean(text, values)}",
                "use one of the listed values", value=text, **suggestion(text, values),
            )
        return text

    return Annotated[Literal[tuple(values)], BeforeValidator(check), Kind("choice", values=tuple(values))]


_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")


def _number_text(value: Any) -> str:
    if isinstance(value, PlainScalar):
        return str(value)
    if isinstance(value, str):
        raise problem("quoted-number", f"`{value}` is quoted text, not a number", "remove the quotes", value=value)
    raise problem("number-type", f"must be a number, not {_kind(value) if value is not None else 'empty'}",
                  "write a number such as 3 or 1.5")


LARGEST = 10**12
"""No hours or cost in a plan comes near it; a number this large is a slip of the keyboard."""


def _shown(text: str) -> str:
    """A number as a message quotes it: a long one cut short (the editor's rules.js does the same)."""
    return text if len(text) <= 30 else f"{text[:20]}…"


def _integer(low: int, high: int) -> Any:
    def check(value: Any) -> int:
        text = _number_text(value)
        if not _INT.match(text) or len(text) > 30 or not low <= int(text) <= high:
            raise problem("integer", f"`{_shown(text)}` is not a whole number from {low} to {high}",
                          f"write one of {', '.join(map(str, range(low, high + 1)))}", value=text, low=low, high=high)
        return int(text)

    return Annotated[int, BeforeValidator(check), WithJsonSchema({"type": "integer", "minimum": low, "maximum": high}),
                     Kind("integer", low=low, high=high)]


def _amount(value: Any) -> int | float:
    text = _number_text(value)
    if _INT.match(text) and len(text) <= 30:
        number: int | float = int(text)
    elif _INT.match(text) or _FLOAT.match(text):
        number = float(text)
    else:
        raise problem("not-a-number", f"`{_shown(text)}` is not a number", "write digits only, such as 12 or 7.5 (no units or $)",
                      value=text)
    if number < 0:
        raise problem("negative", f"`{_shown(text)}` is below zero", "write 0 or more", value=text)
    if not number < LARGEST:
        raise problem("too-large", f"`{_shown(text)}` is too large", "write a number below 1,000,000,000,000", value=text)
    return number


def _iso_date(value: Any) -> date:
    text = value if isinstance(value, str) else None
    if text is None or not re.match(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", text):
        raise problem("date", "must be a date written YYYY-MM-DD", "write it like 2026-09-15")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise problem("unreal-date", f"`{text}` is not a real date", "check the month and the day", value=text) from None


def _school_year(value: Any) -> str:
    text = _text(value)
    match = re.match(r"^([0-9]{4})-([0-9]{2})$", text)  # Western digits: `\d` would take ٢٠٢٦ too
    if not match:
        raise problem("school-year", f"`{text}` is not a school year", "write it like 2026-27", value=text)
    if (int(match[1]) + 1) % 100 != int(match[2]):
        suggested = f"{match[1]}-{(int(match[1]) + 1) % 100:02d}"
        raise problem("school-year-span", f"`{text}` spans years that do not follow each other", f"write {suggested}",
                      value=text, suggested=suggested)
    return text


Text = Annotated[str, StringConstraints(pattern=r"\S"), BeforeValidator(_text), Kind("text")]
Markdown = Annotated[Text, WithJsonSchema({"type": "string", "pattern": r"\S", "contentMediaType": "text/markdown"}),
                     Kind("markdown")]
IsoDate = Annotated[date, BeforeValidator(_iso_date), Kind("date"),
                    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"})]
Amount = Annotated[int | float, BeforeValidator(_amount),
                   WithJsonSchema({"type": "number", "minimum": 0, "exclusiveMaximum": LARGEST}), Kind("amount")]
SchoolYear = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-[0-9]{2}$"), BeforeValidator(_school_year), Kind("school_year"),
                       WithJsonSchema({"type": "string", "pattern": r"^\d{2}(" + "|".join(
                           f"{year:02d}-{(year + 1) % 100:02d}" for year in range(100)) + ")$"})]
"""A school year's two years follow each other: the schema lists the hundred endings that do."""


def _ref(kind: str, pattern: str = SLUG) -> Any:
    """An id of reference content; the schema later lists the known ids as an enum."""
    checked = Slug if pattern == SLUG else _patterned(
        pattern, "a valid id", "`data`, or `<framework>/<id>` for a standard of another framework")
    return Annotated[checked, WithJsonSchema({"type": "string", "pattern": pattern, "x-ref": kind}), Kind("ref", ref=kind)]


if TYPE_CHECKING:  # what each field holds, for the type checker; at run time, the checks around it
    Slug = str
    LocalId = str
    Email = str
    Url = str
    PlanId = str
    ParentRef = str
    DesignId = str
    EnvironmentId = str
    StandardId = str
    FactorId = str
    Level = str
    Status = str
    Visibility = str
    Topic = str
    MilestoneStatus = str
    Outcome = str
    LevelOfEvaluation = int
    EvidenceTier = int
else:
    Slug = _patterned(SLUG, "a valid id", "`lesson-study`: lowercase letters and digits, words joined by single hyphens")
    LocalId = _patterned(LOCAL_ID, "a valid local id", "`G1`: a letter, then letters, digits, - or _ (32 characters at most)")
    Email = _patterned(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", "an email address", "`name@district.org`")
    Url = _patterned(WEB_ADDRESS, "an http(s) web address", "`https://example.org/report`")
    PlanId = Annotated[Slug, WithJsonSchema({"type": "string", "pattern": SLUG, "maxLength": 80})]
    """A plan's id is its file name: 80 characters at most (`validation` checks the name)."""
    ParentRef = _patterned(PARENT, "a plan id or an http(s) web address",
                           "`maple-district-2026-27`, or a plan's address on another site, `https://state.example.org/plans/state-pl/`")
    """The plan a plan nests in: on the same site by its id, on another (a state's) by its page's address."""
    DesignId = _ref("designs")
    EnvironmentId = _ref("environments")
    StandardId = _ref("standards", CITED)
    FactorId = _ref("factors")
    Level = _choice(LEVELS)
    Status = _choice(STATUSES)
    Visibility = _choice(VISIBILITIES)
    Topic = _choice(TOPICS)
    MilestoneStatus = _choice(MILESTONE_STATUSES)
    Outcome = _choice(OUTCOMES)
    LevelOfEvaluation = _integer(1, 5)
    EvidenceTier = _integer(1, 4)


class Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        use_attribute_docstrings=True,
        json_schema_extra={"patternProperties": {"^x-": {}}},
    )


# Step 1 and 4 ----------------------------------------------------------------


class DataPoint(Model):
    """A piece of evidence and what it shows."""

    source: Text
    """Where the data comes from (an assessment, a survey, observations)."""
    finding: Markdown
    """What the data shows."""
    year: Text | None = None
    """The school year or date of the data."""


class StudentNeed(Model):
    """A student learning need; goals point at it by `id`."""

    id: LocalId
    """A short id unique in this plan, such as SN1; it becomes the anchor #sn1."""
    statement: Markdown
    """What students need to learn."""


class StudentLearningNeeds(Model):
    """Step 1: identify student learning needs."""

    narrative: Markdown | None = None
    """Optional prose about this step."""
    data: list[DataPoint] | None = None
    """The student data the team analyzed."""
    needs: Annotated[list[StudentNeed], Field(min_length=1)]
    """The student learning needs found (at least one)."""


# Step 2 ----------------------------------------------------------------------


class Context(Model):
    """Step 2: the department, school, system, state and federal context."""

    narrative: Markdown | None = None
    """Optional prose about this step."""
    department: Markdown | None = None
    """The department or grade-level team's context."""
    school: Markdown | None = None
    """The school's context."""
    system: Markdown | None = None
    """The school system's (district's) context."""
    state: Markdown | None = None
    """The state's context: policies, initiatives, requirements."""
    federal: Markdown | None = None
    """The federal context: laws and programs that bear on the plan."""


# Step 3 ----------------------------------------------------------------------


class Goal(Model):
    """An improvement goal whose end result is improved student achievement."""

    id: LocalId
    """A short id unique in this plan, such as G1."""
    statement: Markdown
    """The goal."""
    measure: Text
    """How progress is measured."""
    baseline: Text
    """Where students are now."""
    target: Text
    """Where they should be by the due date."""
    due: IsoDate
    """When the target should be met (YYYY-MM-DD)."""
    student_needs: Annotated[list[LocalId], Field(min_length=1)]
    """Ids of the step 1 needs this goal addresses."""


# Step 4 ----------------------------------------------------------------------


class EducatorNeed(Model):
    """What educators need to learn to reach the goals."""

    id: LocalId
    """A short id unique in this plan, such as EN1."""
    statement: Markdown
    """What educators need to learn."""
    goals: Annotated[list[LocalId], Field(min_length=1)]
    """Ids of the step 3 goals this need serves."""


class EducatorLearningNeeds(Model):
    """Step 4: educators' learning needs, from data about educators."""

    narrative: Markdown | None = None
    """Optional prose about this step."""
    data: list[DataPoint] | None = None
    """The data about educators the team analyzed."""
    needs: list[EducatorNeed] | None = None
    """The educator learning needs found."""


# Step 5 ----------------------------------------------------------------------


class Source(Model):
    """A piece of research or evidence the plan relies on."""

    citation: Text
    """The reference, in any common citation style."""
    url: Url | None = None
    """A link to the source (http or https)."""
    summary: Markdown
    """What it says that matters for this plan."""
    topic: Topic | None = None
    """What it informs: the content, the learning design, or the conditions."""
    evidence_level: EvidenceTier | None = None
    """ESSA tier: 1 strong, 2 moderate, 3 promising, 4 demonstrates a rationale."""
    needs: list[LocalId] | None = None
    """Ids of the step 4 educator needs it informs."""


class Research(Model):
    """Step 5: research and evidence on content, designs and conditions."""

    narrative: Markdown | None = None
    """Optional prose about this step."""
    sources: list[Source] | None = None
    """The research and evidence reviewed."""
    conditions: Markdown | None = None
    """The organizational conditions the research says are needed."""


# Step 6 ----------------------------------------------------------------------


class Activity(Model):
    """A professional learning experience."""

    id: LocalId
    """A short id unique in this plan, such as A1."""
    title: Text
    """The activity's name."""
    description: Markdown | None = None
    """What happens in it."""
    designs: Annotated[list[DesignId], Field(min_length=1)]
    """Ids of the learning designs it uses (several are often coupled)."""
    environment: EnvironmentId
    """Where it happens: online, in-person or hybrid."""
    audience: Text
    """Who takes part."""
    facilitators: list[Text] | None = None
    """Who leads it."""
    schedule: Text
    """When and how often it meets."""
    start: IsoDate | None = None
    """First day (YYYY-MM-DD)."""
    end: IsoDate | None = None
    """Last day (YYYY-MM-DD), not before `start`."""
    hours: Amount | None = None
    """Hours of learning per participant."""
    follow_up: Markdown | None = None
    """The support that follows (coaching, feedback, practice)."""
    educator_needs: Annotated[list[LocalId], Field(min_length=1)]
    """Ids of the step 4 educator needs it serves."""
    standards: list[StandardId] | None = None
    """Ids of standards it engages beyond those its steps imply."""
    factors: list[FactorId] | None = None
    """Ids of the selection factors that led to its designs."""


class Resource(Model):
    """A resource the learning needs, and how it is paid for."""

    item: Text
    """What is needed (staff time, substitutes, materials, stipends)."""
    cost: Amount | None = None
    """Its cost, in the plan's currency, as a number."""
    funding: Text | None = None
    """The funding source, such as Title II-A, Title I, local or a grant."""


class EvaluationItem(Model):
    """A question the evaluation answers, at one of Guskey's five levels."""

    id: LocalId
    """A short id unique in this plan, such as E1."""
    question: Markdown
    """The evaluation question."""
    level: LevelOfEvaluation
    """1 reactions, 2 learning, 3 organization support, 4 use of new knowledge and skills, 5 student outcomes."""
    evidence: Text
    """The data that answers it."""
    timing: Text
    """When the data is collected."""
    indicator: Text | None = None
    """What counts as success."""
    target: Text | None = None
    """The level of success aimed for."""
    responsible: Text | None = None
    """Who collects and reports it."""
    outcomes: list[Outcome] | None = None
    """The educator outcomes (KASAB) it looks at."""
    goals: list[LocalId] | None = None
    """Ids of the step 3 goals it evaluates."""
    activities: list[LocalId] | None = None
    """Ids of the activities it evaluates."""


class ProfessionalLearning(Model):
    """Step 6: the professional learning, its resources and its evaluation."""

    narrative: Markdown | None = None
    """Optional prose about this step."""
    activities: list[Activity] | None = None
    """The learning activities."""
    resources: list[Resource] | None = None
    """What the learning costs and who pays."""
    evaluation: list[EvaluationItem] | None = None
    """How the learning is evaluated."""


# Step 7 ----------------------------------------------------------------------


class Milestone(Model):
    """A dated point in the implementation."""

    date: IsoDate
    """When (YYYY-MM-DD)."""
    milestone: Text
    """What happens or is due."""
    status: MilestoneStatus
    """planned, done, delayed or cancelled."""


class Implementation(Model):
    """Step 7: implement, sustain and evaluate the learning."""

    narrative: Markdown | None = None
    """Optional prose about this step."""
    milestones: list[Milestone] | None = None
    """The timeline."""
    support: Markdown | None = None
    """How the learning is sustained (coaching, follow-up)."""
    results: Markdown | None = None
    """What the evaluation has found so far."""


class Steps(Model):
    """The seven steps of the Backmapping Model; from `approved` on, steps 1-6 are required, step 7 from `in-progress`."""

    student_learning_needs: StudentLearningNeeds | None = None
    """Step 1: identify student learning needs."""
    context: Context | None = None
    """Step 2: analyze the context."""
    improvement_goals: list[Goal] | None = None
    """Step 3: improvement goals."""
    educator_learning_needs: EducatorLearningNeeds | None = None
    """Step 4: educator learning needs."""
    research: Research | None = None
    """Step 5: research and evidence."""
    professional_learning: ProfessionalLearning | None = None
    """Step 6: the professional learning, its resources and evaluation."""
    implementation: Implementation | None = None
    """Step 7: implementation and results."""


# The plan --------------------------------------------------------------------


class Person(Model):
    """A member of the planning team."""

    name: Text
    """Their name."""
    role: Text
    """Their role."""


class Contact(Person):
    """Someone to ask about the plan."""

    email: Email | None = None
    """Their email address."""


class Approval(Model):
    """Who approved the plan, and when."""

    by: Text
    """The person or body that approved it."""
    date: IsoDate
    """When (YYYY-MM-DD)."""


def _format_version(value: Any) -> int:
    if str(value) != str(FORMAT_VERSION):
        raise problem("format-version", f"format `{value}` is not known to this version of Backmap Site",
                      f"write format: {FORMAT_VERSION}, or upgrade backmap-site")
    return FORMAT_VERSION


class Plan(Model):
    """A professional learning plan (Backmap Site plan format, version 1)."""

    format: Annotated[Literal[1], BeforeValidator(_format_version), Kind("format")] = 1
    """The version of this format."""
    id: PlanId | None = None
    """The plan's id; it must equal the file name without `.yaml`. The plan's page is /plans/<id>/."""
    title: Text
    """The plan's title."""
    level: Level
    """state, system (a school system or district), school, or individual."""
    organization: Text
    """Who the plan belongs to: a state agency, district, school, or a person's role and school."""
    team: Text | None = None
    """The department, grade-level team or PLC that made the plan."""
    parent: ParentRef | None = None
    """The id of the plan this one nests in (school → system → state), or the address of its page on another
    site (a district's plan nesting in its state's)."""
    school_year: SchoolYear
    """The school year, written like 2026-27."""
    status: Status = "draft"
    """draft, approved, in-progress, completed or archived."""
    summary: Markdown
    """One paragraph shown in listings."""
    subjects: list[Text] | None = None
    """Subjects, such as ELA or Mathematics."""
    grades: list[Text] | None = None
    """Grade bands, such as K-2, 3-5 or 9-12."""
    contacts: list[Contact] | None = None
    """Whom to ask about the plan."""
    planning_team: list[Person] | None = None
    """Who made the plan."""
    updated: IsoDate | None = None
    """The last substantive revision (YYYY-MM-DD)."""
    approval: Approval | None = None
    """Who approved the plan, and when."""
    visibility: Visibility = "public"
    """public: listed everywhere; unlisted: a page, but in no listing; private: never published."""
    steps: Steps
    """The seven steps of the Backmapping Model."""


STEP_KEYS = tuple(Steps.model_fields)
STEP_SLUGS = tuple(key.replace("_", "-") for key in STEP_KEYS)
STEPS_REQUIRED_FROM = dict.fromkeys(STEP_KEYS[:6], "approved") | {STEP_KEYS[6]: "in-progress"}
"""The status from which each step must be written."""


@dataclass(frozen=True)
class ChainList:
    """A list of the backward chain: where its items are written and what one is called."""

    model: str
    path: tuple[str, ...]
    noun: str
    step: str
    """The step that holds the list, where a hint sends the writer."""

    def items(self, plan: Any) -> list[Any]:
        """The list's items in a plan (a `Plan`, or its data as read from YAML); none when it is not written."""
        value = plan
        for key in self.path:
            value = value.get(key) if isinstance(value, Mapping) else getattr(value, key, None)
            if value is None:
                return []
        return list(value)


@dataclass(frozen=True)
class ChainLink:
    """A field by which each item of one list names items of another: the backward chain, read forwards."""

    source: str
    field: str
    target: str
    gap: str | None = None
    """The code of an item of `target` that no item of `source` names, when that leaves a gap in the chain."""

    @property
    def name(self) -> str:
        return f"{self.source}.{self.field}"


CHAIN_LISTS = {chain_list.model: chain_list for chain_list in (
    ChainList("StudentNeed", ("steps", "student_learning_needs", "needs"), "student need", "step 1"),
    ChainList("Goal", ("steps", "improvement_goals"), "goal", "step 3"),
    ChainList("EducatorNeed", ("steps", "educator_learning_needs", "needs"), "educator need", "step 4"),
    ChainList("Source", ("steps", "research", "sources"), "source", "step 5"),
    ChainList("Activity", ("steps", "professional_learning", "activities"), "activity", "step 6"),
    ChainList("EvaluationItem", ("steps", "professional_learning", "evaluation"), "evaluation question", "step 6"),
)}
CHAIN_LINKS = (
    ChainLink("Goal", "student_needs", "StudentNeed", gap="need-unaddressed"),
    ChainLink("EducatorNeed", "goals", "Goal", gap="goal-unserved"),
    ChainLink("Source", "needs", "EducatorNeed"),
    ChainLink("Activity", "educator_needs", "EducatorNeed", gap="educator-need-unserved"),
    ChainLink("EvaluationItem", "activities", "Activity"),
    ChainLink("EvaluationItem", "goals", "Goal"),
)
"""The backward chain, declared once: the validator, the editor's checks and pickers, the plan page's chain
table and its diagram all read it."""
IDENTIFIED = ("StudentNeed", "Goal", "EducatorNeed", "Activity", "EvaluationItem")
"""The chain's lists whose items have ids (a research source has none), in backmapping order."""

PAGE_ANCHORS = ("plan", "about", "chain", "alignment")
"""Anchors of a plan page's own sections; steps anchor at their slugs, their parts at `<slug>-<part>`."""


def _reserved_anchors_pattern() -> str:
    """`is_reserved_anchor` as a regular expression without flags (JSON Schema's have none): `[Pp][Ll][Aa][Nn]`."""
    def any_case(word: str) -> str:  # the words are lowercase letters and hyphens
        return "".join(f"[{c.upper()}{c}]" if c.isalpha() else c for c in word)

    words = [any_case(word) for word in PAGE_ANCHORS] + [f"{any_case(slug)}(?:-.*)?" for slug in STEP_SLUGS]
    return f"^(?:{'|'.join(words)})$"


def is_reserved_anchor(local_id: str) -> bool:
    """Whether a local id would collide with a section anchor of the plan page."""
    anchor = local_id.lower()
    return anchor in PAGE_ANCHORS or any(anchor == slug or anchor.startswith(f"{slug}-") for slug in STEP_SLUGS)


def plan_schema(reference_ids: Mapping[str, Sequence[str]] | None = None) -> dict[str, Any]:
    """The JSON Schema (2020-12) of a plan file, listing the known reference ids as enums."""
    schema = Plan.model_json_schema()
    _finish(schema, reference_ids or {}, {"pattern": _reserved_anchors_pattern()})
    schema["allOf"] = [
        {"if": {"required": ["status"], "properties": {"status": {"enum": list(STATUSES[STATUSES.index(status):])}}},
         "then": {"properties": {"steps": {"required": [k for k, s in STEPS_REQUIRED_FROM.items() if s == status]}}}}
        for status in dict.fromkeys(STEPS_REQUIRED_FROM.values())
    ]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "plan.schema.json",
        **schema,
    }


def schema_text(reference_ids: Mapping[str, Sequence[str]] | None = None) -> str:
    """The schema as published: `backmap_site/schema/plan.schema.json` and `/schema/plan.schema.json` on the site."""
    return json.dumps(plan_schema(reference_ids), indent=2, ensure_ascii=False) + "\n"


def _finish(node: Any, reference_ids: Mapping[str, Sequence[str]], reserved: dict[str, str]) -> None:
    """List the known ids of content as enums; keep local ids clear of the plan page's anchors."""
    if isinstance(node, dict):
        kind = node.pop("x-ref", None)
        if kind in reference_ids:
            node["enum"] = list(reference_ids[kind])
        if node.get("pattern") == LOCAL_ID:
            node["not"] = reserved
        for value in list(node.values()):
            _finish(value, reference_ids, reserved)
    elif isinstance(node, list):
        for value in node:
            _finish(value, reference_ids, reserved)
