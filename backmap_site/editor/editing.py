"""The plan editor's data: the plan format described field by field, and what the editor offers to choose from.

The editor (`assets/`, beside this module) runs in the reader's browser, with no server. It checks a plan with the
validator's own words: the shape of every field comes from the format's models through `describe_format`,
and `rules.js` repeats the reader's refusals and the rules across fields of `validation`. The test
`tests/test_editor_rules.py` runs every sample and every bad plan through both and compares what they find.
"""

from __future__ import annotations

import re
import types
import typing
from pathlib import Path
from typing import Any, Literal, Union

from annotated_types import MinLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from backmap_site.format.diagnostics import CODES, GAP_CLOSED_IN
from backmap_site.format.markup import render_markdown
from backmap_site.format.plan import (
    CHAIN_LINKS,
    CHAIN_LISTS,
    FORMAT_VERSION,
    IDENTIFIED,
    LOCAL_ID,
    PAGE_ANCHORS,
    STATUSES,
    STEP_KEYS,
    STEP_SLUGS,
    STEPS_REQUIRED_FROM,
    Kind,
    Plan,
    plan_schema,
)
from backmap_site.model.site import LEVEL_TITLES, Site
from backmap_site.model.urls import standard_page

ASSETS = Path(__file__).parent / "assets"
"""The editor's browser code and stylesheet, published in `assets/backmap/editor/`."""

LABELS = {
    "Plan.id": "Plan id", "Plan.parent": "Part of", "Plan.updated": "Last revised",
    "Approval.by": "Approved by", "Approval.date": "Date approved", "Contact.email": "Email address",
    "StudentLearningNeeds.narrative": "About this step", "StudentLearningNeeds.data": "Student data",
    "StudentLearningNeeds.needs": "Student learning needs", "DataPoint.year": "Year of the data",
    "Context.narrative": "About this step", "Context.department": "Department or team", "Context.system": "School system",
    "Goal.statement": "Goal", "Goal.due": "Due date", "Goal.student_needs": "Student needs it addresses",
    "EducatorLearningNeeds.narrative": "About this step", "EducatorLearningNeeds.data": "Data about educators",
    "EducatorLearningNeeds.needs": "Educator learning needs",
    "EducatorNeed.statement": "What educators need to learn", "EducatorNeed.goals": "Goals it serves",
    "Research.narrative": "About this step", "Research.sources": "Research and evidence",
    "Research.conditions": "Conditions the research says are needed",
    "Source.url": "Web address", "Source.summary": "What it says that matters here", "Source.topic": "What it informs",
    "Source.evidence_level": "Evidence tier (ESSA)", "Source.needs": "Educator needs it informs",
    "ProfessionalLearning.narrative": "About this step", "ProfessionalLearning.activities": "Learning activities",
    "ProfessionalLearning.evaluation": "Evaluation",
    "Activity.designs": "Learning designs", "Activity.environment": "Learning environment",
    "Activity.start": "First day", "Activity.end": "Last day", "Activity.hours": "Hours per participant",
    "Activity.follow_up": "Follow-up", "Activity.educator_needs": "Educator needs it serves",
    "Activity.standards": "Standards it engages beyond its steps", "Activity.factors": "Selection factors",
    "Resource.funding": "Funding source",
    "EvaluationItem.level": "Level of evaluation", "EvaluationItem.indicator": "Indicator of success",
    "EvaluationItem.outcomes": "Educator outcomes", "EvaluationItem.goals": "Goals it evaluates",
    "EvaluationItem.activities": "Activities it evaluates",
    "Implementation.narrative": "About this step", "Implementation.results": "Results so far",
}
"""Labels the field names do not already say (`school_year` says "School year")."""

ITEMS = {
    "StudentNeed": ("student need", "SN"), "Goal": ("goal", "G"), "EducatorNeed": ("educator need", "EN"),
    "Activity": ("activity", "A"), "EvaluationItem": ("evaluation question", "E"), "DataPoint": ("piece of data", None),
    "Source": ("source", None), "Resource": ("resource", None), "Milestone": ("milestone", None),
    "Contact": ("contact", None), "Person": ("member of the planning team", None),
}
"""What one item of each list is called, and the prefix of the local ids the editor gives it."""

CHAIN = {
    "lists": {model: list(chain_list.path) for model, chain_list in CHAIN_LISTS.items()},
    "nouns": {model: chain_list.noun for model, chain_list in CHAIN_LISTS.items()},
    "identified": list(IDENTIFIED),
    "refs": {link.name: link.target for link in CHAIN_LINKS},
    "gaps": {link.name: link.gap for link in CHAIN_LINKS if link.gap},
}
"""The backward chain (`format.plan.CHAIN_LINKS`) for the editor's checks and pickers: where each kind of item
lives, what one is called, which fields name which, and the gap each leaves unnamed."""

OPTIONS = {
    "Plan.status": {"draft": "Draft", "approved": "Approved", "in-progress": "In progress", "completed": "Completed",
                    "archived": "Archived"},
    "Plan.visibility": {"public": "Public: listed everywhere", "unlisted": "Unlisted: a page, but in no listing",
                        "private": "Private: checked, never published"},
    "Source.topic": {"content": "The content", "design": "The learning design", "conditions": "The conditions"},
    "Source.evidence_level": {"1": "Tier 1: strong", "2": "Tier 2: moderate", "3": "Tier 3: promising",
                              "4": "Tier 4: demonstrates a rationale"},
    "EvaluationItem.outcomes": {"knowledge": "Knowledge", "attitudes": "Attitudes", "skills": "Skills",
                                "aspirations": "Aspirations", "behavior": "Behavior"},
    "Milestone.status": {"planned": "Planned", "done": "Done", "delayed": "Delayed", "cancelled": "Cancelled"},
}
"""How the choices of a field read; levels, environments and evaluation levels come from the site."""


def describe_format() -> dict[str, Any]:
    """Every model of the plan format with its fields in order: label, hint, whether required, and kind."""
    models: dict[str, Any] = {}

    def visit(model: type[BaseModel]) -> None:
        if model.__name__ in models:
            return
        fields: list[dict[str, Any]] = []
        models[model.__name__] = {"doc": (model.__doc__ or "").strip(), "fields": fields}
        for key, info in model.model_fields.items():
            fields.append({
                "key": key,
                "label": LABELS.get(f"{model.__name__}.{key}", key.replace("_", " ").capitalize()),
                "hint": _form_hint(info.description or ""),
                "required": info.is_required(),
                "type": _type(_annotation(info), visit),
                **({"default": str(info.default)} if isinstance(info.default, (str, int)) else {}),
            })

    visit(Plan)
    for name, (noun, prefix) in ITEMS.items():
        models[name] |= {"noun": noun, **({"prefix": prefix} if prefix else {})}
    return {
        "version": FORMAT_VERSION, "root": Plan.__name__, "models": models, "localId": LOCAL_ID,
        "statuses": list(STATUSES), "stepKeys": list(STEP_KEYS), "stepsRequiredFrom": STEPS_REQUIRED_FROM,
        "reservedAnchors": list(PAGE_ANCHORS), "stepSlugs": list(STEP_SLUGS),
        "codes": list(CODES), "gapClosedIn": GAP_CLOSED_IN, "chain": CHAIN,
        "schema": _checks(plan_schema()),  # the shape's checks: without the content's ids, which the rules check
    }


ANNOTATIONS = frozenset({"$schema", "$id", "title", "description", "default", "contentMediaType"})
"""The schema's keywords that describe a value and refuse nothing: the form has its own labels and hints."""


def _checks(schema: Any, parent: str | None = None) -> Any:
    """The schema without its annotations: what the editor's check of a plan's shape needs (a third of it)."""
    if isinstance(schema, list):
        return [_checks(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    named = parent in ("properties", "$defs", "patternProperties")  # names of fields, not keywords
    return {key: _checks(value, key) for key, value in schema.items() if named or key not in ANNOTATIONS}


def _form_hint(description: str) -> str:
    """A field's hint in the form: the format's docs name ids ("Ids of the goals…"), the form shows the things."""
    text = re.sub(r"^Ids of (the )?", lambda match: "the " if match[1] else "", description)
    return text[:1].upper() + text[1:]


def _annotation(info: FieldInfo) -> Any:
    """The field's type with the constraints pydantic took out of its `Annotated`."""
    return typing.Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation


def _type(annotation: Any, visit: Any) -> dict[str, Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *metadata = typing.get_args(annotation)
        spec = _type(base, visit)
        for meta in metadata:
            for constraint in [meta, *getattr(meta, "metadata", [])]:
                if isinstance(constraint, MinLen):
                    spec["min"] = constraint.min_length
            if isinstance(meta, Kind):
                params = {k: list(v) if isinstance(v, tuple) else v for k, v in vars(meta).items()
                          if k != "name" and v not in (None, ())}
                spec |= {"ref": meta.ref} if meta.name == "ref" else {"kind": meta.name, **params}
        return spec
    if origin in (Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return {**_type(options[0], visit), "nullable": True}
    if origin is list:
        return {"kind": "list", "item": _type(typing.get_args(annotation)[0], visit)}
    if origin is Literal:
        return {}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        visit(annotation)
        return {"kind": "model", "model": annotation.__name__}
    return {}


def editor_data(site: Site, *, repo_url: str | None, branch: str, plans_folder: str, schema: str | None,
                page_url: Any, submit_email: str | None = None) -> dict[str, Any]:
    """All the editor needs besides the parent indexes: the format, the content to choose from, the repository.

    `page_url(kind, id)` is a page's URL relative to the editor.
    """
    reference = site.reference
    levels = {level.level: level for level in reference.evaluation_levels.levels}
    options = OPTIONS | {
        "Plan.level": LEVEL_TITLES,
        "EvaluationItem.level": {str(n): f"{n}: {level.title}" for n, level in levels.items()},
    }
    hints = {"EvaluationItem.level": {str(n): level.description for n, level in levels.items()}}
    described = describe_format()
    for name, model in described["models"].items():
        for spec in model["fields"]:
            key = f"{name}.{spec['key']}"
            if key in options:
                spec["options"] = [[value, label, hints.get(key, {}).get(value, "")] for value, label in options[key].items()]
    citations = reference.citations()
    names: dict[str, str] = {}
    for name, key in citations.items():  # a standard's own id comes before its current name's, the bare before `<framework>/`
        names.setdefault(key, name)
    return {
        "format": described,
        "steps": [{
            "number": step.number, "key": step.key, "title": step.title, "summary": step.summary,
            "purpose": str(render_markdown(step.purpose)), "questions": step.guiding_questions,
            "standards": [names[key] for key in step.standards], "url": page_url("step", step.id),
        } for step in reference.steps],
        "standards": [{"id": names[key], "title": reference.standard_label(key), "summary": standard.summary,
                       "url": page_url(*standard_page(key))}
                      for key in reference.standard_keys() for standard in [reference.standard(key)[1]]],
        "citations": {name: names[key] for name, key in citations.items()},  # each name → the listed one
        "primary": {"folder": reference.primary_folder(), "ids": list(reference.frameworks[reference.primary].standards.items)},
        "designs": [{"id": d.id, "title": d.title, "summary": d.summary, "url": page_url("design", d.id),
                     "factors": d.factors, "environments": d.environments}  # for "Suggested for this activity"
                    for d in reference.designs if d.id not in site.design_origins],
        "environments": [{"id": e.id, "title": e.title, "summary": e.summary} for e in reference.environments],
        "factors": [{"title": group.title, "factors": [{"id": f.id, "title": f.title, "summary": f.description}
                                                       for f in group.factors]}
                    for group in reference.factors.groups],
        "funding": [{"id": f.id, "title": f.title, "names": f.names} for f in reference.funding.sources],
        "levels": list(LEVEL_TITLES),
        "repository": {"url": repo_url, "branch": branch, "plans": plans_folder} if repo_url else None,
        "submit_email": submit_email,
        "schema": schema,
    }


def parent_index(site: Site, level: str, repo_path: Any) -> list[dict[str, Any]]:
    """The listed plans of one level, for the parent picker: ids, titles and parents, never their text."""
    return [{"id": p.id, "title": p.plan.title, "parent": p.plan.parent, "year": p.plan.school_year,
             "path": repo_path(p.source)}
            for p in site.listed if p.plan.level == level and not p.origin]  # a harvested plan is its own site's to nest in
