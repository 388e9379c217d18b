"""Write N synthetic, valid, varied plans: `python benchmarks/synthetic.py N OUT_DIR`.

Plans nest state → systems → schools → individuals and draw designs, environments, subjects, grades,
statuses and evaluation levels at random (seeded, so the same N gives the same plans).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml

DESIGNS = [
    "peer-coaching", "coaching", "collaborative-learning-communities", "action-research", "examining-student-work",
    "examining-educator-work", "co-construction-of-learning-tools", "online-communities-and-networks", "courses",
    "workshops", "instructional-rounds", "walk-throughs", "co-teaching", "lesson-study", "video-reviews-and-critiques",
    "demonstrations", "observing-peers-and-students", "discussion-groups", "socratic-seminars", "cooperative-learning",
    "data-analysis", "reading-research", "conferences", "writing-for-publication", "case-studies",
]
SUBJECTS = ["ELA", "Mathematics", "Science", "Social studies", "English learners", "SEL", "Special education"]
GRADES = ["K-2", "3-5", "6-8", "9-12"]
STATUSES = ["draft", "approved", "in-progress", "completed"]
WORDS = ["students", "teachers", "reading", "writing", "fractions", "evidence", "feedback", "coaching", "data", "goals",
         "literacy", "number", "sense", "argument", "discourse", "assessment", "planning", "units", "lessons", "practice",
         "inquiry", "reasoning", "vocabulary"]


def sentence(rng: random.Random, n: int = 14) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def plan(rng: random.Random, index: int, level: str, parent: str | None) -> dict:
    year = rng.choice([2025, 2026])
    needs = rng.randint(1, 3)
    activities = rng.randint(needs, needs + 2)
    steps = {
        "student_learning_needs": {
            "data": [{"source": "State assessment", "finding": sentence(rng), "year": str(year)}],
            "needs": [{"id": f"SN{i}", "statement": sentence(rng)} for i in range(1, needs + 1)],
        },
        "context": {"school": sentence(rng, 30), "state": sentence(rng, 20)},
        "improvement_goals": [
            {"id": f"G{i}", "statement": sentence(rng), "measure": "Spring assessment", "baseline": f"{rng.randint(20, 50)}%",
             "target": f"{rng.randint(55, 80)}%", "due": f"{year + 1}-05-30", "student_needs": [f"SN{i}"]}
            for i in range(1, needs + 1)
        ],
        "educator_learning_needs": {"needs": [
            {"id": f"EN{i}", "statement": sentence(rng), "goals": [f"G{i}"]} for i in range(1, needs + 1)
        ]},
        "research": {"sources": [{"citation": f"Study {index} ({year - 3})", "summary": sentence(rng),
                                  "evidence_level": rng.randint(1, 4), "needs": ["EN1"]}],
                     "conditions": sentence(rng)},
        "professional_learning": {
            "activities": [
                {"id": f"A{i}", "title": f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} cycle",
                 "description": sentence(rng, 25), "designs": rng.sample(DESIGNS, rng.randint(1, 3)),
                 "environment": rng.choice(["online", "in-person", "hybrid"]), "audience": "Grade-level teams",
                 "schedule": "Monthly", "start": f"{year}-09-01", "end": f"{year + 1}-05-01", "hours": rng.randint(2, 30),
                 "educator_needs": [f"EN{1 + (i - 1) % needs}"], "standards": rng.sample(["data", "leadership", "outcomes"], 1)}
                for i in range(1, activities + 1)
            ],
            "resources": [{"item": "Substitute days", "cost": rng.randint(0, 20000),
                           "funding": rng.choice(["Title II-A", "Title I", "local"])}],
            "evaluation": [
                {"id": "E1", "question": sentence(rng, 8), "level": 5, "evidence": "Assessment", "timing": "Spring"},
                {"id": "E2", "question": sentence(rng, 8), "level": 4, "evidence": "Observations", "timing": "Quarterly"},
                {"id": "E3", "question": sentence(rng, 8), "level": rng.randint(1, 3), "evidence": "Survey", "timing": "After sessions"},
            ],
        },
        "implementation": {"milestones": [{"date": f"{year}-10-01", "milestone": "First cycle", "status": "done"}],
                           "support": sentence(rng)},
    }
    return {
        "title": f"{level.capitalize()} plan {index}: {sentence(rng, 4)[:-1]}", "level": level,
        "organization": f"Organization {index}", **({"parent": parent} if parent else {}),
        "school_year": f"{year}-{(year + 1) % 100:02d}", "status": rng.choice(STATUSES), "summary": sentence(rng, 40),
        "subjects": rng.sample(SUBJECTS, 2), "grades": rng.sample(GRADES, 2), "steps": steps,
    }


def write_plans(count: int, out: Path, seed: int = 1) -> list[Path]:
    """Write `count` plans into `out` (one state, then systems, schools and individuals) and return their paths."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    levels = ["state"] + ["system"] * max(1, count // 20) + ["school"] * max(1, count // 3)
    levels = (levels + ["individual"] * count)[:count]
    written, by_level = [], {"state": [], "system": [], "school": []}
    above = {"system": "state", "school": "system", "individual": "school"}
    for index, level in enumerate(levels, 1):
        parent = rng.choice(by_level[above[level]]) if level in above and by_level[above[level]] else None
        plan_id = f"{level}-{index:05d}"
        path = out / f"group-{index % 50:02d}" / f"{plan_id}.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(yaml.safe_dump(plan(rng, index, level, parent), sort_keys=False, allow_unicode=True))
        by_level.setdefault(level, []).append(plan_id)
        written.append(path)
    return written


if __name__ == "__main__":
    write_plans(int(sys.argv[1]), Path(sys.argv[2]))
