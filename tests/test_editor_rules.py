"""One contract, two implementations: the plan editor's checks (its JavaScript modules, run by Node with the data
the editor's page carries) and `backmap validate` find the same problems (codes and what they name), at the same
line and column, in every sample, bad and generated plan; the editor words each in the form's terms. No site is
built: this is the fast tier."""

from __future__ import annotations

import base64
import json
import random
import re
import subprocess
from pathlib import Path

import pytest
from test_editor_words import EDITOR, in_yaml_terms, node

from backmap_site.editor.editing import ANNOTATIONS, describe_format
from backmap_site.format.diagnostics import Diagnostic
from backmap_site.format.yamlfile import load_document
from backmap_site.model.validation import find_plan_files, validate_plans
from conftest import CASES, PLANS

pytestmark = pytest.mark.unit

SAMPLES = find_plan_files([PLANS])
FIXTURES = sorted(p for folder in ("bad", "good") for p in (CASES / folder).iterdir() if p.suffix in (".yaml", ".yml"))
TREE = find_plan_files([CASES / "tree"])

CHECK = """
const editor = process.argv[1];
const { readPlanBytes } = await import(`${editor}/planfile.js`);
const { checkPlan, referenceIds } = await import(`${editor}/rules.js`);
const { describeProblem } = await import(`${editor}/words.js`);
const { site, cases } = JSON.parse(await new Promise((done) => {
  let text = ""; process.stdin.on("data", (chunk) => (text += chunk)).on("end", () => done(text));
}));
console.log(JSON.stringify(cases.map(([name, bytes, plans]) => {
  const context = { format: site.format, ids: referenceIds(site), fileName: name, plans: new Map(plans) };
  let problems, plan;
  try {
    plan = readPlanBytes(Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0)));
    problems = checkPlan(plan, context);
  } catch (error) {
    if (!error.problem) return [["crash", String(error.stack)]];
    problems = [error.problem];
  }
  return problems.map((p) => [p.line, p.column, p.field, p.severity, p.code, JSON.stringify(p.params),
    describeProblem(p, site, plan?.data ?? {})]);
})));
"""


def row(d: Diagnostic) -> list:
    return [d.line, d.column, d.field, d.severity, d.code, json.dumps(d.params, ensure_ascii=False, separators=(",", ":"))]


def by_the_validator(paths: list[Path], reference, others: dict[str, str | None]) -> dict[Path, list[list]]:
    """Each file's problems as `backmap validate` finds them beside the plans `others` (ids and parents)."""
    found: dict[Path, list[list]] = {path: [] for path in paths}
    result = validate_plans(paths, reference, other_ids=others)
    for d in result.diagnostics:
        found[Path(d.file)].append(row(d))
    return found


def by_the_editor(site: dict, paths: list[Path], others_of) -> list[list]:
    cases = [[p.name, base64.b64encode(p.read_bytes()).decode(), list(others_of(p).items())] for p in paths]
    run = subprocess.run([node(), "--input-type=module", "-e", CHECK, EDITOR.as_uri()], capture_output=True, text=True,
                         input=json.dumps({"site": site, "cases": cases}), timeout=300)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def comparable(problems: list[list]) -> list[list]:
    """Codes, places and parameters in order, without the editor's words; parsers find YAML syntax errors
    their own way, so that one is compared by its code alone."""
    if len(problems) == 1 and problems[0][4] == "yaml-syntax":
        return [["yaml-syntax"]]
    return sorted(([*problem[:4], problem[4], json.loads(problem[5])] for problem in problems), key=repr)


def in_the_form_s_words(found: list[list[list]]) -> None:
    """Every message the editor shows for these problems is in the form's terms."""
    keys = {field["key"] for model in describe_format()["models"].values() for field in model["fields"]}
    wrong = [problem[6] for problems in found for problem in problems if in_yaml_terms(problem[6], keys)]
    assert wrong == []


def test_editor_and_validator_agree_on_every_sample_and_fixture(editor_site, reference) -> None:
    samples = {p.stem: None for p in SAMPLES}
    single = SAMPLES + FIXTURES
    expected = {p: by_the_validator([p], reference, samples)[p] for p in single}
    actual = by_the_editor(editor_site, single, lambda p: samples)
    differ = {p.name: (expected[p], got) for p, got in zip(single, actual, strict=True) if comparable(expected[p]) != comparable(got)}
    assert differ == {}
    in_the_form_s_words(actual)
    assert sum(len(found) for found in expected.values()) > 70, "the fixtures must give the checks something to find"
    assert any(found[0][4] == "yaml-syntax" for found in expected.values() if found)
    assert {"need-unaddressed", "step-required", "unknown-key", "unknown-ref"} <= {p[4] for found in expected.values() for p in found}


def test_editor_and_validator_agree_on_parents_across_plans(editor_site, reference) -> None:
    """A plan's parent must exist and form no loop: the editor knows the other plans' ids and parents."""
    together = validate_plans(TREE, reference)
    stems = {p.stem: load_document(p).data.get("parent") for p in TREE}
    expected = {p: [] for p in TREE}
    for d in together.diagnostics:
        expected[Path(d.file)].append(row(d))
    actual = by_the_editor(editor_site, TREE, lambda p: {i: q for i, q in stems.items() if i != p.stem})
    by_name = dict(zip(TREE, actual, strict=True))
    assert {p.name: comparable(by_name[p]) for p in TREE if "same-name" not in p.name} == \
        {p.name: comparable(expected[p]) for p in TREE if "same-name" not in p.name}  # two files of one id: a folder's rule
    assert any(m[4] == "parent-loop" for found in expected.values() for m in found)


VALUES = ["", "~", "null", "no", "yes", "true", "False", "1.10", "12", "-3", "0", "5", "9", "1e3", "'12'", '"7"',
          "2026-13-01", "2026-02-29", "2024-02-29", "2026-9-1", "2026-27", "2026-28", "x", "[a, b]", "{a: b}", "[]",
          "{}", "lesson-studdy", "lesson-study", "in-persn", "online", "SN1", "G9", "[SN1, SN9]", "[G1]", "'  '",
          "http://x.org", "javascript:alert(1)", "a@b.co", "bad email", "Research", "chain", "g1", "A1", "E1",
          "approved", "in-progress", "completed", "drafty", "|\n      multi\n      line", "!!str 5", "café", "𝔸𝔹 {x}",
          '"tab\\there"', "state", "individual",
          # odd text: line and paragraph separators, NEL, a C1 control, surrogates (escaped, and raw), a lone CR
          "a\u2028b", "a\u2029b", "x\u0085y", "it\u0092s", '"\\ud800"', '"\\U0001F600"', "\ud800", "one\rtwo"]
KEYS = ["titel", "x-note", "steps", "id", "goals", "level", "status", "neds", "parent", "format", "summery"]


def mutated(text: str, rng: random.Random) -> str:
    """A plan with a few lines changed the way hurried hands change them: values, keys, lines, indentation."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines))
        m = re.match(r"^(\s*(?:- )?)([A-Za-z_x-]+):(.*)$", lines[i])
        roll = rng.random()
        if m and roll < 0.45:
            lines[i] = f"{m[1]}{m[2]}: {rng.choice(VALUES)}"
        elif m and roll < 0.6:
            lines[i] = f"{m[1]}{rng.choice(KEYS)}:{m[3]}"
        elif roll < 0.7:
            del lines[i]
        elif roll < 0.8:
            lines.insert(i, lines[i])
        elif m and roll < 0.85:
            lines[i] = " " + lines[i]
        elif m and roll < 0.95:
            lines[i] = f"{m[1]}{m[2]}:{m[3]}  # a comment"
        else:
            lines.insert(i, re.match(r"^\s*", lines[i])[0] + "x-extra: 1")
    return "\n".join(lines)


def test_editor_and_validator_agree_on_mutated_plans(editor_site, reference, tmp_path: Path) -> None:
    rng = random.Random(20261129)
    sources = SAMPLES + sorted((CASES / "good").glob("*.yaml"))
    samples = {p.stem: None for p in SAMPLES}
    paths = []
    for n in range(300):
        source = rng.choice(sources)
        path = tmp_path / str(n) / (source.name if rng.random() < 0.85 else rng.choice(["Bad Name.yaml", "x.yml"]))
        path.parent.mkdir()
        text = mutated(source.read_text(), rng)
        ending = rng.random()
        text = text.replace("\n", "\r") if ending < 0.05 else text.replace("\n", "\r\n") if ending < 0.1 else text
        path.write_bytes(text.encode("utf-8", "surrogatepass"))  # a raw surrogate is not UTF-8: both must say so
        paths.append(path)
    expected = {p: by_the_validator([p], reference, samples)[p] for p in paths}
    actual = by_the_editor(editor_site, paths, lambda p: samples)
    differ = {str(p.relative_to(tmp_path)): (expected[p], got) for p, got in zip(paths, actual, strict=True)
              if comparable(expected[p]) != comparable(got)}
    assert differ == {}
    in_the_form_s_words(actual)
    assert sum(bool(found) for found in expected.values()) > 200


def test_the_editor_handles_every_keyword_of_the_schema() -> None:
    """The editor checks a plan's shape with the published schema: a keyword it cannot name a problem for (a
    new constraint of the format) fails here, before a planner meets an unexplained refusal."""
    from backmap_site.format.plan import plan_schema

    def keywords(node: object, parent: str | None = None) -> set[str]:
        if isinstance(node, list):
            return set().union(*(keywords(item) for item in node))
        if not isinstance(node, dict):
            return set()
        named = set() if parent in ("properties", "$defs", "patternProperties") else set(node)
        return named.union(*(keywords(value, key) for key, value in node.items()))

    run = subprocess.run([node(), "--input-type=module", "-e",
                          "const { KEYWORDS } = await import(process.argv[1]); console.log(JSON.stringify(KEYWORDS));",
                          (EDITOR / "shape.js").as_uri()], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert keywords(plan_schema()) - ANNOTATIONS - {"$defs"} - set(json.loads(run.stdout)) == set()
