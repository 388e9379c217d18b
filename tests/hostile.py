"""A plan whose every string field carries markup, script, handlers and template syntax."""

from __future__ import annotations

PAYLOADS = [
    "<script>alert('script')</script>",
    "<img src=x onerror=alert('img')>",
    "[click](javascript:alert('md-link'))",
    '<a href="javascript:alert(\'a\')">a</a>',
    '<iframe src="https://evil.example/frame"></iframe>',
    '<object data="https://evil.example/o"></object>',
    '<form action="https://evil.example/f"><input name=q></form>',
    "<style>body{display:none}</style>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example/r">',
    "<svg onload=alert('svg')><circle r=1></circle></svg>",
    '<noscript><p title="</noscript><img src=x onerror=alert(\'mxss\')>">',
    "![pixel](https://tracker.example/p.gif)",
    '{: onclick="alert(\'attr\')" }',
    "{{ 7*7 }} {% if true %}TEMPLATE-RAN{% endif %}",
]
TEXT = " ".join(PAYLOADS)
TEMPLATE_SYNTAX = "{{ 7*7 }} {% if true %}TEMPLATE-RAN{% endif %}"


def hostile_plan(**overrides: object) -> dict:
    """A valid, complete plan with the payloads in every string field."""
    t = TEXT
    plan = {
        "title": t, "level": "school", "organization": t, "team": t, "school_year": "2026-27", "status": "completed",
        "summary": t, "subjects": [t], "grades": [t],
        "contacts": [{"name": t, "role": t, "email": "a@b.example"}], "planning_team": [{"name": t, "role": t}],
        "approval": {"by": t, "date": "2026-08-01"},
        "steps": {
            "student_learning_needs": {"narrative": t, "data": [{"source": t, "finding": t, "year": t}],
                                       "needs": [{"id": "SN1", "statement": t}]},
            "context": {"narrative": t, "department": t, "school": t, "system": t, "state": t, "federal": t},
            "improvement_goals": [{"id": "G1", "statement": t, "measure": t, "baseline": t, "target": t,
                                   "due": "2027-05-01", "student_needs": ["SN1"]}],
            "educator_learning_needs": {"narrative": t, "data": [{"source": t, "finding": t}],
                                        "needs": [{"id": "EN1", "statement": t, "goals": ["G1"]}]},
            "research": {"narrative": t, "conditions": t,
                         "sources": [{"citation": t, "url": "https://example.org/a", "summary": t, "needs": ["EN1"]}]},
            "professional_learning": {
                "narrative": t,
                "activities": [{"id": "A1", "title": t, "description": t, "designs": ["lesson-study"],
                                "environment": "hybrid", "audience": t, "facilitators": [t], "schedule": t,
                                "follow_up": t, "educator_needs": ["EN1"], "standards": ["data"], "factors": ["time-available"]}],
                "resources": [{"item": t, "cost": 10, "funding": t}],
                "evaluation": [
                    {"id": "E1", "question": t, "level": 5, "evidence": t, "timing": t, "indicator": t, "target": t,
                     "responsible": t, "goals": ["G1"]},
                    {"id": "E2", "question": t, "level": 4, "evidence": t, "timing": t},
                ],
            },
            "implementation": {"narrative": t, "support": t, "results": t,
                               "milestones": [{"date": "2026-09-01", "milestone": t, "status": "done"}]},
        },
    }
    plan.update(overrides)
    return plan
