"""The reference content matches reference-ids.md exactly: ids, titles, counts, the step-to-standard mapping."""

from __future__ import annotations

import pytest

from backmap_site.format.plan import STEP_KEYS

pytestmark = pytest.mark.unit

STANDARDS = ["learning-communities", "leadership", "resources", "data", "learning-designs", "implementation", "outcomes"]
STEP_STANDARDS = {
    "student-learning-needs": ["data"],
    "context": ["learning-communities", "data"],
    "improvement-goals": ["outcomes"],
    "educator-learning-needs": ["data", "outcomes"],
    "research": ["learning-communities", "leadership", "resources", "learning-designs", "implementation", "outcomes"],
    "professional-learning": STANDARDS,
    "implementation": STANDARDS,
}
DESIGNS = {
    "peer-coaching": "Peer coaching",
    "coaching": "Coaching",
    "collaborative-learning-communities": "Collaborative learning communities",
    "action-research": "Action research",
    "examining-student-work": "Examining student work (assessment results, work products, assignments)",
    "examining-educator-work": "Examining educator work (assignments, assessments, communications, learning tools)",
    "co-construction-of-learning-tools": "Co-construction of learning tools (lesson plans, common assessments, units)",
    "online-communities-and-networks": "Participating in online communities and networks",
    "courses": "Courses (online, in-person, hybrid)",
    "workshops": "Workshops (usually shorter than courses)",
    "instructional-rounds": "Instructional rounds",
    "walk-throughs": "Walk-throughs",
    "co-teaching": "Co-teaching",
    "lesson-study": "Lesson study",
    "video-reviews-and-critiques": "Video reviews and critiques",
    "demonstrations": "Observing or presenting demonstrations",
    "observing-peers-and-students": "Observing peers and/or students",
    "discussion-groups": "Discussion/Dialogue groups",
    "socratic-seminars": "Socratic seminars",
    "cooperative-learning": "Cooperative learning",
    "data-analysis": "Data analysis",
    "reading-research": "Reading research and scholarly papers, books, etc.",
    "conferences": "Attending conferences",
    "writing-for-publication": "Writing papers for publication",
    "case-studies": "Case studies",
}
FACTORS = {
    "individual": ["learning-preference", "experiences-in-education", "experiences-outside-education",
                   "personal-background-and-beliefs", "previous-experience-with-content", "experience-with-change",
                   "initial-understanding-of-content", "perceived-need-and-urgency", "perceived-value-and-purpose",
                   "opportunity-to-contribute", "experience-with-learning-designs"],
    "school-and-system": ["established-need-and-urgency", "shared-vision-and-goals", "experience-with-previous-change",
                          "culture-for-risk-taking", "system-experience-with-past-change", "stability-of-leadership",
                          "time-available", "sustained-support-and-feedback", "expected-fidelity-of-implementation",
                          "monitoring-system", "sufficiency-of-resources"],
    "content": ["complexity-of-learning-outcomes", "degree-of-change-expected", "type-of-learning-outcomes"],
}


SPEC_STEP_KEYS = ["student_learning_needs", "context", "improvement_goals", "educator_learning_needs", "research",
                  "professional_learning", "implementation"]
"""The steps in order, as shared/spec/reference-ids.md writes them."""


def test_steps_and_their_standards(reference) -> None:
    assert list(STEP_KEYS) == SPEC_STEP_KEYS
    assert [(s.number, s.key, s.id) for s in reference.steps] == [
        (n, key, key.replace("_", "-")) for n, key in enumerate(SPEC_STEP_KEYS, 1)
    ]
    assert {s.id: s.standards for s in reference.steps} == STEP_STANDARDS


def test_standards(reference) -> None:
    assert list(reference.standards.items) == STANDARDS
    assert [s.title for s in reference.standards] == [
        "Learning Communities", "Leadership", "Resources", "Data", "Learning Designs", "Implementation", "Outcomes"]


def test_designs_keep_the_seed_names_in_order(reference) -> None:
    assert {d.id: d.title for d in reference.designs} == DESIGNS
    assert list(reference.designs.items) == list(DESIGNS)


def test_environments(reference) -> None:
    assert [(e.id, e.title) for e in reference.environments] == [
        ("online", "Online"), ("in-person", "In-person"), ("hybrid", "Hybrid")]


def test_factors_in_three_groups(reference) -> None:
    assert {g.id: [f.id for f in g.factors] for g in reference.factors.groups} == FACTORS
    titles = {f.id: f.title for g in reference.factors.groups for f in g.factors}
    assert titles["sufficiency-of-resources"] == (
        "Sufficiency of resources (staff, time, materials, technology, and funds) to support learning")


def test_attributes_cycle_levels_glossary(reference) -> None:
    assert [a.id for a in reference.attributes.attributes] == [
        "aligned-outcomes", "active-engagement", "reflection", "metacognition", "ongoing-support"]
    assert [s.number for s in reference.cycle.steps] == list(range(1, 8))
    assert [lv.title for lv in reference.evaluation_levels.levels] == [
        "Participants' reactions", "Participants' learning", "Organization support and change",
        "Participants' use of new knowledge and skills", "Student learning outcomes"]
    terms = [t.term.lower() for t in reference.glossary.terms]
    assert terms == sorted(terms) and len(terms) >= 15


def test_every_design_reference_resolves(reference) -> None:
    ids = reference.ids()
    used = {f for d in reference.designs for f in d.factors}
    assert used == set(ids["factors"]), "every selection factor favours at least one design"
    assert all(set(d.environments) <= set(ids["environments"]) for d in reference.designs)
