// The editor's model, without a page: the plan's data and the changes to it, the backward chain's bookkeeping,
// and the drafts this browser keeps. Run by `node --test` (tests/test_editor_model.py, the fast tier).
import assert from "node:assert/strict";
import { test } from "node:test";

import { Drafts } from "../../backmap_site/editor/assets/drafts.js";
import { SLUG, apply, freshId, getIn, localIds, references, removeIn, setIn, slugify }
  from "../../backmap_site/editor/assets/planmodel.js";

const CHAIN = {
  lists: { StudentNeed: ["steps", "student_learning_needs", "needs"], Goal: ["steps", "improvement_goals"],
    Activity: ["steps", "professional_learning", "activities"] },
  refs: { "Goal.student_needs": "StudentNeed", "Activity.goals": "Goal" },
};

function plan() {
  return { title: "Maple", steps: {
    student_learning_needs: { needs: [{ id: "SN1" }, { id: "sn2" }] },
    improvement_goals: [{ id: "G1", student_needs: ["SN1", "sn2"] }, { id: "G2", student_needs: ["SN1"] }],
    professional_learning: { activities: [{ id: "A1", goals: ["G2"] }, { id: "A2" }] },
  } };
}

/** A Storage as the browser's localStorage is one. */
class MemoryStorage {
  constructor(entries = {}) { this.map = new Map(Object.entries(entries)); }
  get length() { return this.map.size; }
  key(index) { return [...this.map.keys()][index] ?? null; }
  getItem(key) { return this.map.has(key) ? this.map.get(key) : null; }
  setItem(key, value) { this.map.set(key, String(value)); }
  removeItem(key) { this.map.delete(key); }
}

test("a value is set with the mappings on its way, and an empty one takes its key away", () => {
  const data = { steps: {} };
  setIn(data, ["steps", "context", "school"], "A school");
  assert.deepEqual(data, { steps: { context: { school: "A school" } } });
  setIn(data, ["steps", "context", "school"], "");
  assert.deepEqual(data, { steps: {} }, "the emptied mapping goes, but never `steps`");
  setIn(data, ["steps", "improvement_goals", 0, "id"], "G1");
  assert.deepEqual(data.steps.improvement_goals, [{ id: "G1" }], "a number in the path makes a list");
});

test("removing a list's item keeps the list's other items in order", () => {
  const data = plan();
  removeIn(data, ["steps", "improvement_goals", 0]);
  assert.deepEqual(getIn(data, ["steps", "improvement_goals"]).map((goal) => goal.id), ["G2"]);
});

test("the checker's copy follows the form's changes in order", () => {
  const form = plan();
  const copy = structuredClone(form);
  const changes = [["set", ["title"], "Oak"], ["remove", ["steps", "improvement_goals", 1]], ["set", ["grades"], ["K-2"]]];
  for (const [change, path, value] of changes) (change === "set" ? setIn : removeIn)(form, path, value);
  apply(copy, changes);
  assert.deepEqual(copy, form);
});

test("local ids are found in every list of the chain, and a new item's id is the first free number", () => {
  const data = plan();
  assert.deepEqual(localIds(data, CHAIN), ["SN1", "sn2", "G1", "G2", "A1", "A2"]);
  assert.equal(freshId(data, CHAIN, "SN"), "SN3", "ids compare without case: sn2 is taken");
  assert.equal(freshId({ steps: {} }, CHAIN, "G"), "G1");
});

test("the fields that name a list's items are found through the chain's table", () => {
  const data = plan();
  assert.deepEqual(references(data, CHAIN, ["steps", "student_learning_needs", "needs"]), [
    [["steps", "improvement_goals", 0, "student_needs"], ["SN1", "sn2"], "Goal", "G1"],
    [["steps", "improvement_goals", 1, "student_needs"], ["SN1"], "Goal", "G2"],
  ]);
  assert.deepEqual(references(data, CHAIN, ["steps", "improvement_goals"]).map(([where]) => where),
    [["steps", "professional_learning", "activities", 0, "goals"]], "an activity without goals names none");
  assert.deepEqual(references(data, CHAIN, ["title"]), []);
});

test("a title gives the id `backmap new` would give", () => {
  assert.equal(slugify("École Maple — Grade 4 Fractions (2026-27)"), "ecole-maple-grade-4-fractions-2026-27");
  assert.ok(SLUG.test(slugify("  Oak  ")) && !SLUG.test("Oak Plan"));
});

test("a draft is kept per plan and read back; one that cannot be read is set aside, never lost", () => {
  const storage = new MemoryStorage({ "editor:maple": "{not json", "editor:oak": JSON.stringify({ text: "title: Oak\n" }) });
  const drafts = new Drafts(storage, "editor:");
  assert.deepEqual(drafts.get("oak"), { text: "title: Oak\n" });
  assert.equal(drafts.get("maple"), null);
  const [aside] = drafts.setAsideDrafts();
  assert.equal(aside.slot, "maple");
  assert.equal(aside.text, "{not json");
  assert.match(aside.name, /^maple-draft-\d{4}-\d{2}-\d{2}\.yaml$/);
  assert.equal(storage.getItem("editor:maple"), null, "the unreadable draft left its slot");
  assert.ok(drafts.keep("new", { text: "title: New\n" }));
  assert.deepEqual(drafts.others("oak"), ["new"], "drafts set aside are not among the others");
  drafts.forgetSetAside(aside.key);
  assert.deepEqual(drafts.setAsideDrafts(), []);
  assert.ok(drafts.isKeyOf("oak", "editor:oak") && !drafts.isKeyOf("oak", "editor:new"));
});

test("a draft the storage refuses (it is full) is said not to be kept", () => {
  const full = new MemoryStorage();
  full.setItem = () => { throw new Error("QuotaExceededError"); };
  assert.equal(new Drafts(full, "editor:").keep("new", { text: "x" }), false);
});

test("a draft set aside that is not a draft's record is offered as it was stored", () => {
  const storage = new MemoryStorage({ "editor:set-aside:new:1790000000000": "[1, 2]" });
  const [aside] = new Drafts(storage, "editor:").setAsideDrafts();
  assert.equal(aside.text, "[1, 2]");
  assert.equal(aside.at, 1790000000000);
  assert.equal(aside.name, "new-plan-draft-2026-09-21.yaml");
});
