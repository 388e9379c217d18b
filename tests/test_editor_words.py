"""One rule set, two voices: every problem code (`diagnostics.CODES`) has the editor's words (words.js), in the
form's terms. Runs the editor's modules in Node, without a browser."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from backmap_site.editor.editing import describe_format
from backmap_site.format.diagnostics import CODES

pytestmark = pytest.mark.unit

EDITOR = Path(__file__).resolve().parent.parent / "backmap_site" / "editor" / "assets"
PARAMS = {
    "value": "Maple", "key": "sumary", "suggestion": "summary", "low": 1, "high": 5, "suggested": "2026-27",
    "name": "Maple Plan.yaml", "id": "G1", "file": "other.yaml", "parent": "maple-district", "chain": ["a", "b", "a"],
    "step": "research", "status": "approved", "kind": "goal", "start": "2026-09-01", "end": "2026-08-01",
    "character": "U+0092", "suffix": ".yml", "line": 3,
}
PATHS = [
    [], ["title"], ["status"], ["steps"], ["steps", "improvement_goals", 0, "id"],
    ["steps", "professional_learning", "activities", 0, "designs", 1],
    ["steps", "implementation", "milestones", 1, "status"],
]
DATA = {"steps": {"improvement_goals": [{"id": "G1", "statement": "Read more"}],
                  "professional_learning": {"activities": [{"id": "A1", "title": "Lesson study"}]},
                  "implementation": {"milestones": [{}, {"milestone": "Coaching cycle begins"}]}}}
SCRIPT = """
const { WORDS, describeProblem } = await import(process.argv[1]);
const { site, data, cases } = JSON.parse(await new Promise((done) => {
  let text = ""; process.stdin.on("data", (chunk) => (text += chunk)).on("end", () => done(text));
}));
console.log(JSON.stringify({ codes: Object.keys(WORDS), said: cases.map((problem) => describeProblem(problem, site, data)) }));
"""


def node() -> str:
    found = shutil.which("node")
    assert found, "Node.js is needed to test the editor's modules: install Debian's nodejs"
    return found


def words(site: dict, cases: list[dict]) -> dict:
    run = subprocess.run([node(), "--input-type=module", "-e", SCRIPT, (EDITOR / "words.js").as_uri()],
                         input=json.dumps({"site": site, "data": DATA, "cases": cases}), capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


@pytest.fixture(scope="module")
def site(reference) -> dict:
    return {"format": describe_format(),
            "steps": [{"key": step.key, "number": step.number, "title": step.title} for step in reference.steps]}


def yaml_keys(site: dict) -> set[str]:
    return {field["key"] for model in site["format"]["models"].values() for field in model["fields"]}


def in_yaml_terms(text: str, keys: set[str]) -> list[str]:
    """What a message written for the form must not say: code spans, snake_case keys, and a key to write
    (`add status:`, `set status: draft`)."""
    said = re.findall(r"`[^`]*`", text) + re.findall(r"\bx-", text)
    said += [key for key in keys if re.search(rf"(^|\b(add|set|write|under) ){key}:", text)]
    return said + [key for key in keys if "_" in key and re.search(rf"\b{key}\b", text)]


def test_the_editor_words_every_code_and_no_other(site) -> None:
    assert set(words(site, [])["codes"]) == set(CODES)


def test_the_browser_checks_know_every_code_of_a_plan() -> None:
    """A rule added to the validator and not to the editor's checks (or its reader) fails here: every code
    but the two no plan in the editor can have is written in the browser's modules, or in the backward chain's
    table that they read (its gaps)."""
    source = "\n".join(path.read_text() for path in sorted(EDITOR.glob("*.js")))
    written = set(re.findall(r'"([a-z][a-z0-9]*(?:-[a-z0-9]+)*)"', source)) | set(describe_format()["chain"]["gaps"].values())
    assert set(CODES) - {"content", "unreadable"} <= written, set(CODES) - written


def test_every_message_is_in_the_form_s_words(site) -> None:
    cases = [{"code": code, "params": PARAMS, "path": path, "severity": "error"} for code in CODES for path in PATHS]
    said = words(site, cases)["said"]
    keys = yaml_keys(site)
    wrong = {f"{case['code']} at {case['path']}": text for case, text in zip(cases, said, strict=True)
             if in_yaml_terms(text, keys) or re.search(r"undefined|null|NaN|\[object", text) or text[0].islower()}
    assert wrong == {}


def test_a_message_names_the_item_it_is_about(site) -> None:
    milestone = ["steps", "implementation", "milestones", 1, "status"]
    said = words(site, [{"code": "required", "params": {}, "path": milestone},
                        {"code": "need-unaddressed", "params": {"id": "SN2"},
                         "path": ["steps", "student_learning_needs", "needs", 1, "id"]},
                        {"code": "choice", "params": {"value": "aproved", "suggestion": "approved"}, "path": ["status"]}])["said"]
    assert said == [
        "Milestone 2 (Coaching cycle begins): choose a status",
        "No goal addresses need SN2 — tick it under a goal in Step 3, or remove the need",
        "Status: “aproved” is not one of the choices (did you mean “approved”?): choose one",
    ]


def test_the_yaml_key_check_catches_yaml_terms(site) -> None:
    keys = yaml_keys(site)
    assert in_yaml_terms("name it in a goal's `student_needs`", keys)
    assert in_yaml_terms("add status: with a value", keys)
    assert in_yaml_terms("tick it in student_needs", keys)
    assert not in_yaml_terms("Milestone 2 (Coaching cycle begins): choose a status", keys)
