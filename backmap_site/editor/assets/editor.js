// The plan editor: a planning team works through the plan's details and the seven steps, one section at a
// time, sees the site's checks as it types, and downloads the plan or proposes it on GitHub. Drafts stay in
// this browser (localStorage), one for a new plan and one for each published plan; nothing is sent anywhere.
import { Fields, SUBPAGES, fieldId, getIn, h, holderOf, pathKey, short } from "./form.js";
import { ReadError, readPlanBytes, readPlanText } from "./planfile.js";
import { removeIn, setIn } from "./planmodel.js";
import { checkPlan, referenceIds } from "./rules.js";
import { preview } from "./preview.js";
import { describeProblem, itemName } from "./words.js";

const PLAN_SECTIONS = [
  { id: "about", title: "About the plan", fields: ["title", "id", "level", "organization", "team", "parent", "school_year", "summary", "subjects", "grades"] },
  { id: "people", title: "People", fields: ["contacts", "planning_team"] },
  { id: "status", title: "Status and approval", fields: ["status", "updated", "approval", "visibility"] },
];
const URL_LIMIT = 8000;
/** What a new item starts with: a milestone added while planning is planned. */
const NEW_ITEMS = { Milestone: { status: "planned" } };
/** GitHub refuses much longer addresses; a longer plan is copied instead of sent in the new-file link. */
const PRIVATE = "A private plan is never published, and a proposed plan's file is public in the repository: so a private plan can be downloaded and kept, but not proposed or sent.";
const STORAGE = `backmap-editor:${location.pathname}:`;
const ASIDE = `${STORAGE}set-aside:`;
const LABELS = { error: "Error", warning: "Warning", note: "Still to plan" };
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** `backmap new`'s id from a title (scaffold.slugify). */
function slugify(title) {
  const letters = title.toLowerCase().normalize("NFKD").replace(/\p{Mn}/gu, "");
  return letters.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80).replace(/-+$/, "");
}

function time(at) {
  return new Date(at).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

class Editor {
  constructor(root, site, base) {
    this.root = root;
    this.site = site;
    this.base = base;
    this.format = site.format;
    this.fields = new Fields(this);
    this.sections = [...PLAN_SECTIONS,
      ...site.steps.map((step) => ({ id: step.key, title: `Step ${step.number}: ${step.title}`, step })),
      { id: "check", title: "Check and send" }];
    this.touched = new WeakMap();
    this.reviewed = new Set();
    this.reviewedItems = new Set();
    this.visited = new Set();
    this.item = null;
    this.refreshers = [];
    this.changes = [];
    this.serial = 0;
    this.waiting = new Map();
    // The checks run off the page's thread, so that typing stays quick however large the plan.
    this.checker = new Worker(new URL("./checker.js", import.meta.url), { type: "module" });
    this.checker.addEventListener("message", (event) => this.checked(event.data));
    this.checker.addEventListener("error", () => this.alert("The editor's checks stopped working: download the plan to keep your work, then reload the page."));
    this.checker.postMessage({ type: "start", format: site.format, ids: referenceIds(site) });
    this.parentTitles = new Map();
    this.problems = [];
    this.parents = null; // until the plans of the levels above are loaded: till then, no parent is unknown
    this.indexes = new Map();
    this.known = new Map();
    this.timer = null;
  }

  // Opening plans ---------------------------------------------------------------------------------------

  async start() {
    const query = new URLSearchParams(location.search);
    const id = query.get("plan");
    const path = query.get("path");
    this.render();
    if (id !== null && !SLUG.test(id)) {
      await this.newPlan();
      this.notify(`“${id}” is not a plan id, so a new plan was started.`);
    } else if (id !== null) {
      const draft = this.draft(id);
      if (draft) await this.restore(draft, id);
      else await this.openPublished(id, this.planPath(path));
      if (draft) this.compareWithPublished(id, draft);
    } else {
      const draft = this.draft("new");
      if (draft) await this.restore(draft, "new");
      else await this.newPlan();
    }
    this.drafts();
    this.asideDrafts();
    this.watchTabs();
    // `?section=` (a plan page's "Still to plan" links): a query, since the site's link check reads anchors.
    const section = query.get("section");
    if (section && !location.hash) history.replaceState(null, "", `${location.search}#s-${section}`);
    addEventListener("hashchange", () => this.show(...this.placeFromHash()));
    addEventListener("beforeunload", (event) => {
      if (this.text !== this.saved || this.changes.length) event.preventDefault();
    });
    const [shown, place] = this.placeFromHash();
    this.show(shown, { ...place, focus: false });
  }

  /** `?path=` names the file a proposal changes: only a file of the plans folder. */
  planPath(path) {
    const plans = this.site.repository?.plans;
    return path && plans && path.startsWith(`${plans}/`) && /^[\w./-]+\.yaml$/.test(path) && !path.includes("..") ? path : null;
  }

  draft(slot) {
    const stored = localStorage.getItem(STORAGE + slot);
    try {
      return JSON.parse(stored);
    } catch {
      this.setAside(slot, { text: stored, at: Date.now() });
      return null;
    }
  }

  /** A draft that cannot be read is kept aside, never deleted, and offered for download. */
  setAside(slot, draft) {
    localStorage.setItem(`${ASIDE}${slot}:${draft.at ?? Date.now()}`, JSON.stringify(draft));
    localStorage.removeItem(STORAGE + slot);
  }

  asideDrafts() {
    const kept = Object.keys(localStorage).filter((key) => key.startsWith(ASIDE)).sort();
    if (!kept.length) return;
    const links = kept.map((key) => {
      let text = localStorage.getItem(key);
      let at = Number(key.slice(key.lastIndexOf(":") + 1)) || Date.now();
      try {
        ({ text, at = at } = JSON.parse(text));
      } catch {
        // kept as it was stored: offered as it is
      }
      const slot = key.slice(ASIDE.length).replace(/:\d+$/, "");
      const name = `${slot === "new" ? "new-plan" : slot}-draft-${new Date(at).toISOString().slice(0, 10)}.yaml`;
      const href = URL.createObjectURL(new Blob([text ?? ""], { type: "application/yaml" }));
      return h("li", {}, h("a", { href, download: name }, `Download the draft of ${slot === "new" ? "a new plan" : slot} from ${time(at)}`), " ",
        h("button", { type: "button", class: "bm-button bm-button--secondary bm-button--small", onclick: (event) => {
          localStorage.removeItem(key);
          event.target.closest("li").remove();
        } }, "Forget it"));
    });
    this.root.querySelector("#bm-aside").replaceChildren(
      h("p", {}, "This browser keeps drafts it could not read back. Nothing of them was deleted: download each to keep it."),
      h("ul", {}, links));
  }

  /** Other tabs of this browser editing the same draft: each says so before either overwrites the other. */
  watchTabs() {
    const warn = () => this.root.querySelector("#bm-tabs").replaceChildren(h("p", {},
      "This plan is open in another tab of this browser too. Both save to the same draft, so the last to save replaces the other's work: keep one tab and close the other."));
    if ("BroadcastChannel" in window) {
      const channel = new BroadcastChannel("backmap-editor");
      const me = crypto.randomUUID?.() ?? String(Math.random());
      channel.onmessage = ({ data }) => {
        if (data.tab === me || data.slot !== this.slot) return;
        if (data.type === "open") channel.postMessage({ type: "here", slot: this.slot, tab: me });
        warn();
      };
      channel.postMessage({ type: "open", slot: this.slot, tab: me });
    }
    addEventListener("storage", (event) => {
      if (event.key === STORAGE + this.slot && event.newValue !== null) warn();
    });
  }

  newPlan() {
    const header = [this.site.schema ? ` yaml-language-server: $schema=${this.site.schema}` : null,
      " A professional learning plan, following the seven steps of the Backmapping Model."].filter(Boolean).join("\n");
    this.setPlan({ slot: "new", data: { steps: {} }, header, planId: "", published: false });
    return this.check({ opened: true });
  }

  /** Takes a plan as the one being edited, read from `text` (or new, with the file's `header`); `published`
   * plans are proposed as changes of `path`. The checker takes a copy. */
  setPlan({ slot, data, text, header = "", planId, published, path = null, idEdited = false }) {
    Object.assign(this, { slot, data, planId, published, path, idEdited });
    this.changes = [];
    this.checker.postMessage(text === undefined ? { type: "open", data, header } : { type: "open", text });
    this.touched = new WeakMap();
    this.parentsLoaded = this.loadParents();
  }

  fromText(text, options) {
    const plan = readPlanText(text);
    this.setPlan({ ...options, data: plan.data, text: plan.text });
  }

  async restore(draft, slot) {
    try {
      this.fromText(draft.text, { slot, planId: draft.planId, idEdited: draft.idEdited, published: draft.published, path: draft.path });
    } catch {
      this.setAside(slot, draft);
      return slot === "new" ? this.newPlan() : this.openPublished(slot, null);
    }
    this.origin = draft.origin;
    this.saved = draft.saved;
    this.text = draft.text;
    this.reviewed = new Set(this.sections.map((section) => section.id));
    const what = slot === "new" ? "your new plan" : `the plan ${slot}`;
    this.notify(`Your unsaved draft of ${what} from ${time(draft.at)} is back.`,
      h("button", { type: "button", class: "bm-button bm-button--secondary", onclick: () => this.discard() },
        slot === "new" ? "Discard the draft and start again" : "Discard the draft and reload the published plan"));
  }

  async fetchPublished(id) {
    const response = await fetch(new URL(`${encodeURIComponent(id)}.yaml`, new URL(this.root.dataset.plans, this.base)));
    if (!response.ok) throw new Error(String(response.status));
    return response.text();
  }

  /** A draft may be older than the published plan: someone else's change was merged meanwhile. */
  async compareWithPublished(id, draft) {
    try {
      const data = (text) => JSON.stringify(readPlanText(text).data);
      if (data(await this.fetchPublished(id)) === data(draft.origin)) return;
    } catch {
      return;
    }
    this.notify(`Your unsaved draft of the plan ${id} from ${time(draft.at)} is back, but the published plan has changed since you started it. Keep your draft only if it should replace those changes.`,
      h("button", { type: "button", class: "bm-button bm-button--secondary", onclick: () => this.discard() }, "Discard the draft and load the published plan"));
  }

  async openPublished(id, path) {
    let text;
    try {
      text = await this.fetchPublished(id);
    } catch {
      await this.newPlan();
      this.notify(`No published plan has the id ${id}, so a new plan was started.`);
      return;
    }
    try {
      this.fromText(text, { slot: id, planId: id, published: true, path });
    } catch (error) {
      await this.newPlan();
      this.notify(`The published plan ${id} cannot be read: ${error.message}`);
      return;
    }
    await this.check({ opened: true });
    this.reviewed = new Set(this.sections.map((section) => section.id));
  }

  discard() {
    clearTimeout(this.timer);
    this.discarded = true; // no check may save the draft again before the page reloads
    localStorage.removeItem(STORAGE + this.slot);
    this.saved = this.text;
    location.reload();
  }

  /** A YAML file chosen or pasted: a broken one is explained and the current draft kept. */
  async openFile(name, bytesOrText, { pasted = false } = {}) {
    let plan;
    try {
      plan = typeof bytesOrText === "string" ? readPlanText(bytesOrText) : readPlanBytes(bytesOrText);
    } catch (error) {
      if (!(error instanceof ReadError)) throw error;
      const { line, column, message, hint } = error.problem;
      this.alert(`${name} cannot be opened: line ${line}, column ${column}: ${message} — ${hint}. Your draft is unchanged.`);
      return;
    }
    const unshown = this.unshowable(plan);
    if (unshown) {
      this.alert(`${name} cannot be shown in the editor: line ${unshown.line}, column ${unshown.column}: ${this.describe(unshown, plan.data)}. Your draft is unchanged.`);
      return;
    }
    const named = typeof plan.data.id === "string";
    const id = named ? plan.data.id : pasted ? slugify(String(plan.data.title ?? "")) : name.replace(/\.[^.]*$/, "");
    const published = SLUG.test(id) && (await this.isPublished(id));
    const slot = published ? id : "new";
    if (slot !== this.slot && this.draft(slot) && !confirm(`Replace your unsaved draft of ${slot === "new" ? "a new plan" : slot}?`)) return;
    this.setPlan({ slot, data: plan.data, text: plan.text, planId: id, published, idEdited: named || !pasted });
    this.alert("");
    this.origin = null; // kept as a draft at once: the file is not what the site publishes
    await this.check({ opened: "file" });
    this.reviewed = new Set(this.sections.map((section) => section.id));
    this.notify(`Opened ${name}${published ? `, a change to the published plan ${id}` : ""}.`);
    this.show("about");
    this.changed();
  }

  /** The first value the form cannot show (a list where text belongs…), as the validator words it; or null. */
  unshowable(plan) {
    const context = this.context();
    const problems = checkPlan(plan, context);
    const wrong = (value, type) => {
      if (value === null || value === undefined) return false;
      if (type.kind === "model") return typeof value !== "object" || Array.isArray(value);
      if (type.kind === "list") return !Array.isArray(value);
      return typeof value === "object";
    };
    const walk = (value, model, path) => {
      for (const spec of this.format.models[model].fields) {
        const child = value[spec.key];
        const where = [...path, spec.key];
        if (wrong(child, spec.type)) return where;
        if (child && spec.type.kind === "model") {
          const found = walk(child, spec.type.model, where);
          if (found) return found;
        }
        if (Array.isArray(child)) {
          for (const [index, item] of child.entries()) {
            const itemPath = [...where, index];
            if (wrong(item, spec.type.item)) return itemPath;
            if (spec.type.item.kind === "model") {
              const found = walk(item, spec.type.item.model, itemPath);
              if (found) return found;
            }
          }
        }
      }
      return null;
    };
    const path = walk(plan.data, this.format.root, []);
    return path && (problems.find((problem) => pathKey(problem.path) === pathKey(path)) || { ...plan.mark(path), path, code: "shape", params: {} });
  }

  /** Whether the site publishes a plan of this id; the answer is kept (`known.get(id).taken`). */
  isPublished(id) {
    if (!this.known.has(id)) {
      const entry = {};
      entry.asked = fetch(new URL(`${id}.yaml`, new URL(this.root.dataset.plans, this.base)), { method: "HEAD" })
        .then((response) => response.ok, () => false).then((taken) => (entry.taken = taken));
      this.known.set(id, entry);
    }
    return this.known.get(id).asked;
  }

  /** The published plans of the levels above this plan's: the parent picker's choices and the parents' chain. */
  async loadParents() {
    const level = this.data.level;
    const levels = this.site.levels;
    const above = levels.includes(level) ? levels.slice(0, levels.indexOf(level)) : [];
    const loaded = await Promise.all(above.map((wider) => this.index(wider)));
    if (this.data.level !== level) return;
    this.parents = new Map(loaded.flat().map((plan) => [plan.id, plan.parent ?? null]));
    this.parentTitles = new Map(loaded.flat().map((plan) => [plan.id, plan.title]));
    const field = this.root.querySelector(`[data-path="${CSS.escape(pathKey(["parent"]))}"]`);
    if (field) {
      const focused = document.activeElement === field.querySelector("select");
      field.replaceWith(this.parentField());
      if (focused) document.getElementById(fieldId(["parent"])).focus();
    }
    this.changed();
  }

  /** The published plans of a level (editor/plans-<level>.json), fetched once. */
  index(level) {
    if (!this.indexes.has(level)) {
      const entry = { plans: [] };
      entry.loaded = fetch(new URL(`plans-${level}.json`, this.base)).then((r) => (r.ok ? r.json() : []))
        .catch(() => []).then((plans) => (entry.plans = plans));
      this.indexes.set(level, entry);
    }
    return this.indexes.get(level).loaded;
  }

  // Changes ---------------------------------------------------------------------------------------------

  /** Sets the value at `path`, making the mappings on the way; an empty value takes the key away. */
  set(path, value) {
    setIn(this.data, path, value);
    this.changes.push(["set", path, structuredClone(value)]);
    if (pathKey(path) === pathKey(["level"])) this.parentsLoaded = this.loadParents();
    for (const [prefix, refresh] of this.refreshers) if (pathKey(path.slice(0, prefix.length)) === pathKey(prefix)) refresh();
    if (pathKey(path) === pathKey(["title"]) && !this.published && !this.idEdited) {
      this.planId = slugify(value || "");
      const field = document.getElementById(fieldId(["id"]));
      if (field) field.value = this.planId;
    }
    this.changed();
  }

  /** Takes the key at `path` away, and mappings left empty with it (never a list's item, nor `steps`). */
  remove(path) {
    removeIn(this.data, path);
    this.changes.push(["remove", path]);
  }

  touch(path) {
    const parent = getIn(this.data, path.slice(0, -1));
    if (parent === null || typeof parent !== "object") return;
    if (!this.touched.has(parent)) this.touched.set(parent, new Set());
    this.touched.get(parent).add(path.at(-1));
    this.changed();
  }

  addItem(path, model) {
    const list = getIn(this.data, path);
    const prefix = this.format.models[model].prefix;
    const item = { ...NEW_ITEMS[model] };
    if (prefix) {
      const used = new Set(this.localIds().map((id) => id.toLowerCase()));
      let number = 1;
      while (used.has(`${prefix}${number}`.toLowerCase())) number++;
      item.id = `${prefix}${number}`;
    }
    if (Array.isArray(list)) this.set([...path, list.length], item); else this.set(path, [item]);
    const index = getIn(this.data, path).length - 1;
    this.status(`Added ${this.format.models[model].noun}${item.id ? ` ${item.id}` : ""}.`);
    this.changed();
    if (SUBPAGES.has(model)) {
      location.hash = this.itemHash([...path, index]); // its own page, which Back leaves
      return;
    }
    this.show(this.section, { focus: false });
    const fieldset = document.getElementById(fieldId([...path, index]));
    fieldset?.querySelector("input, textarea")?.focus();
  }

  /** The address of an item's own page: `#s-professional_learning/activities/0`. */
  itemHash(itemPath) {
    return `#s-${itemPath[1]}/${itemPath.slice(2).join("/")}`;
  }

  /** Calls `refresh` whenever a value at or below `path` changes, until another section is shown. */
  onChange(path, refresh) {
    this.refreshers.push([path, refresh]);
  }

  /** Every local id of the plan, wherever its items live. */
  localIds() {
    return Object.values(this.site.format.chain.lists).flatMap((path) => getIn(this.data, path) || [])
      .map((item) => item?.id).filter((id) => typeof id === "string");
  }

  /** The fields that name items of the list at `listPath`: [the field's path, its values] for each. */
  references(listPath) {
    const { lists, refs } = this.site.format.chain;
    const model = Object.keys(lists).find((name) => pathKey(lists[name]) === pathKey(listPath));
    if (!model) return [];
    return Object.entries(refs).filter(([, target]) => target === model).flatMap(([field]) => {
      const [owner, key] = field.split(".");
      return (getIn(this.data, lists[owner]) || []).map((item, index) => [[...lists[owner], index, key], item?.[key], owner, item?.id]);
    }).filter(([, values]) => Array.isArray(values));
  }

  removeItem(path, index, name) {
    const before = this.check(); // the text before the removal, which Undo brings back
    const item = getIn(this.data, path)[index];
    const id = item?.id;
    const from = [];
    if (typeof id === "string" && !this.localIds().some((other, i, all) => other === id && all.indexOf(other) !== i)) {
      for (const [where, values, owner, ownerId] of this.references(path)) {
        if (!values.includes(id)) continue;
        from.push(`${this.format.models[owner].noun} ${ownerId}`);
        this.set(where, values.filter((value) => value !== id));
      }
    }
    this.remove([...path, index]);
    if (!getIn(this.data, path)?.length) this.remove(path);
    if (this.item) history.replaceState(null, "", `#s-${this.section}`);
    this.show(this.section, { focus: false, item: null });
    document.getElementById(`${fieldId(path)}-add`)?.focus();
    this.notify(`Removed ${name.toLowerCase()}${from.length ? `, and took it out of ${from.join(", ")}` : ""}.`,
      h("button", { type: "button", class: "bm-button bm-button--secondary", onclick: async () => this.undo(await before, path) }, "Undo"));
    this.changed();
  }

  undo(text, path) {
    this.fromText(text, { slot: this.slot, planId: this.planId, idEdited: this.idEdited, published: this.published, path: this.path });
    this.show(this.section, { focus: false });
    document.getElementById(`${fieldId(path)}-add`)?.focus();
    this.notify("Undone.");
    this.changed();
  }

  /** An item's id changed from `old` to `id`: the fields naming it follow, unless another item has that id. */
  renamed(itemPath, old, id) {
    if (!old || !id || old === id) return;
    const ids = this.localIds();
    if (ids.filter((other) => other.toLowerCase() === id.toLowerCase()).length > 1 || ids.includes(old)) return;
    let count = 0;
    for (const [where, values] of this.references(itemPath.slice(0, -1))) {
      if (!values.includes(old)) continue;
      count += 1;
      values.splice(values.indexOf(old), 1, id);
      this.set(where, values);
    }
    this.show(this.section, { focus: false });
    document.getElementById(fieldId([...itemPath, "id"]))?.focus();
    if (count) this.status(`Renamed ${old} to ${id} in ${count} place${count > 1 ? "s" : ""}.`);
  }

  changed() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.check(), 150);
  }

  // Checking --------------------------------------------------------------------------------------------

  context() {
    return { format: this.format, ids: referenceIds(this.site), fileName: `${this.planId}.yaml`, plans: this.parents };
  }

  /**
   * Checks the plan as it would be downloaded now (a change waiting for its check is checked first): the
   * checker writes it with the changes made since the last check. Resolves to the plan's text. `opened`: the
   * plan was just opened, and the text is what it was (`"file"`: what was downloaded).
   */
  check({ opened = false } = {}) {
    clearTimeout(this.timer);
    const id = !this.published && typeof this.data.id === "string" && this.planId ? this.planId : null; // `id:` names the file
    if (id) this.data.id = id;
    const serial = ++this.serial;
    this.checker.postMessage({ type: "check", serial, changes: this.changes, fileName: `${this.planId}.yaml`, plans: this.parents, id });
    this.changes = [];
    return new Promise((resolve) => this.waiting.set(serial, { resolve, opened }));
  }

  /** The checker's answer: shown only if no later check is on its way. */
  checked({ serial, text, problems, readable }) {
    const { resolve, opened } = this.waiting.get(serial);
    this.waiting.delete(serial);
    this.text = text;
    if (opened === true) this.origin = text;
    if (opened) this.saved = text;
    if (serial === this.serial) this.showChecked(problems, readable);
    resolve(text);
  }

  showChecked(problems, readable) {
    this.problems = problems;
    if (!this.published && this.planId && SLUG.test(this.planId)) {
      const id = this.planId;
      if (!this.known.has(id)) this.isPublished(id).then(() => this.planId === id && this.changed());
      if (this.known.get(id).taken) {
        this.problems.unshift({ path: ["id"], field: "id", line: 1, column: 1, severity: "error", code: "plan-id-taken", params: { id } });
      }
    }
    if (this.section) this.showProblems(); // not before the first section is shown
    this.saveDraft(readable);
    if (this.section === "check") this.renderOutput();
  }

  /** Keeps the draft in this browser; "saved" only once the checker read its text back, and the browser too. */
  saveDraft(readable = true) {
    if (this.discarded) return;
    if (this.text === this.origin) {
      localStorage.removeItem(STORAGE + this.slot);
      return;
    }
    const { planId, idEdited, published, path, origin, saved, text } = this;
    const stored = JSON.stringify({ text, planId, idEdited, published, path, origin, saved, at: Date.now() });
    try {
      if (!readable) throw new Error("unreadable");
      localStorage.setItem(STORAGE + this.slot, stored);
      if (localStorage.getItem(STORAGE + this.slot) !== stored) throw new Error("not kept");
      this.status(`Draft saved in this browser at ${new Date().toLocaleTimeString()}.`);
    } catch {
      this.status("This browser cannot keep the draft: download the plan to keep your work.");
    }
  }

  sectionOf(problem) {
    const [first, second] = problem.path;
    if (first === "steps") return problem.step || second || "about";
    return PLAN_SECTIONS.find((section) => section.fields.includes(first))?.id || "about";
  }

  /** Where a problem shows in the form: a field's path, or the file's problems on the plan id. */
  target(problem) {
    if (!problem.path.length) return ["id"];
    if (problem.step) return ["steps", problem.step];
    return problem.path;
  }

  visible(problem) {
    if (problem.severity !== "error") {  // a gap in the chain waits until the planner reaches the step that closes it
      const step = this.format.gapClosedIn[problem.code];
      return !step || this.visited.has(step) || this.reviewed.has(step);
    }
    if (this.reviewed.has(this.sectionOf(problem))) return true;
    if ([...this.reviewedItems].some((item) => this.within(problem.path, JSON.parse(item)))) return true;
    const path = problem.step ? ["status"] : problem.path;
    for (let length = path.length; length > 0; length--) {
      const parent = getIn(this.data, path.slice(0, length - 1));
      if (parent && this.touched.get(parent)?.has(path[length - 1])) return true;
    }
    return false;
  }

  /** A problem in the form's words (words.js). */
  describe(problem, data = this.data) {
    return describeProblem(problem, this.site, data);
  }

  showProblems() {
    const container = this.root.querySelector(".bm-section");
    for (const old of container.querySelectorAll(".bm-error, .bm-warning")) old.remove();
    for (const field of container.querySelectorAll(".bm-field--error")) field.classList.remove("bm-field--error");
    for (const control of container.querySelectorAll("[aria-invalid]")) {
      control.removeAttribute("aria-invalid");
      control.setAttribute("aria-describedby", (control.getAttribute("aria-describedby") || "").split(" ").filter((id) => !id.endsWith("-error")).join(" "));
    }
    const shown = this.problems.filter((problem) => this.sectionOf(problem) === this.section && this.visible(problem)
      && (!this.item || this.within(problem.path, this.item)));
    shown.forEach((problem, index) => this.showAt(container, problem, index));
    this.summary(container.querySelector(".bm-summary-slot"), shown);
    this.renderTasks();
    this.showPrivacy(container);
  }

  /** What a proposed file makes public, said beside the fields that choose it. */
  showPrivacy(container) {
    for (const old of container.querySelectorAll(".bm-privacy")) old.remove();
    const notes = [];
    const visibility = this.data.visibility;
    if (visibility === "private") notes.push([["visibility"], PRIVATE]);
    if (visibility === "unlisted") {
      notes.push([["visibility"], "An unlisted plan stays out of the site's lists and search, but a proposed plan's file is public in the repository: anyone can read it there."]);
    }
    if ((this.data.contacts ?? []).some((contact) => contact?.email)) {
      notes.push([["contacts"], "E-mail addresses in a proposed plan are public in the repository: add only work addresses that their owners agreed to share."]);
    }
    for (const [path, text] of notes) {
      const holder = container.querySelector(`[data-path="${CSS.escape(pathKey(path))}"]`);
      holder?.append(h("p", { class: "bm-privacy" }, h("strong", {}, "Privacy: "), text));
    }
  }

  showAt(container, problem, index) {
    const holder = holderOf(container, this.target(problem));
    if (!holder) return;
    const id = `bm-problem-${index}`;
    const warning = !this.red(problem);
    const extra = this.unknownKey(problem);
    const message = h("p", { class: warning ? "bm-warning" : "bm-error", id },
      h("span", { class: this.pending(problem) ? "" : "bm-visually-hidden" }, `${this.label(problem)}: `), this.describe(problem), extra);
    const anchor = holder.querySelector(":scope > .bm-hint, :scope > legend, :scope > label, :scope > h2, :scope > h3");
    const after = holder.matches(".bm-field") ? holder.querySelector(":scope > .bm-hint") || holder.querySelector(":scope > label") : anchor;
    if (holder.matches(".bm-summary-list__row")) holder.querySelector("dd").prepend(message); // a list's row holds only dt and dd
    else if (after) after.after(message);
    else holder.prepend(message);
    if (!warning) holder.classList.add("bm-field--error");
    const control = holder.matches(".bm-field") ? holder.querySelector("input, textarea, select") : null;
    if (control) {
      if (!warning) control.setAttribute("aria-invalid", "true");
      control.setAttribute("aria-describedby", `${control.getAttribute("aria-describedby") || ""} ${id}-error`.trim());
      message.id = `${id}-error`;
    }
  }

  /** A key the form does not know can only be removed (or kept, by renaming it in the file to x-…). */
  unknownKey(problem) {
    if (problem.code !== "unknown-key") return null;
    return [" ", h("button", { type: "button", class: "bm-button bm-button--secondary bm-button--small", onclick: () => {
      this.remove(problem.path);
      this.show(this.section, { focus: false });
      this.changed();
    } }, `Remove ${problem.path.at(-1)}`)];
  }

  summary(slot, problems) {
    slot.replaceChildren();
    if (!problems.length) return;
    const errors = problems.filter((problem) => this.red(problem));
    slot.append(h("div", { class: `bm-summary${errors.length ? "" : " bm-summary--warnings"}`, tabindex: "-1", "aria-labelledby": "bm-summary-title" },
      h("h2", { class: "bm-summary__title", id: "bm-summary-title" }, errors.length ? "There is a problem" : "Check the backward chain"),
      h("ul", { class: "bm-summary__list" }, problems.map((problem) => h("li", {},
        h("a", { href: `#${this.linkTarget(problem)}`, onclick: (event) => { event.preventDefault(); this.go(problem); } },
          this.red(problem) ? "" : `${this.label(problem)}: `, this.describe(problem)))))));
  }

  linkTarget(problem) {
    return fieldId(this.target(problem));
  }

  /** Goes to a problem's field: its section (and the page of its item), then the field itself (the first choice of a group). */
  go(problem) {
    const section = this.sectionOf(problem);
    const item = this.itemOf(problem.path);
    if (section !== this.section || pathKey(item ?? []) !== pathKey(this.item ?? [])) this.show(section, { focus: false, push: true, item });
    const holder = holderOf(this.root.querySelector(".bm-section"), this.target(problem));
    const control = holder?.matches("input, textarea, select") ? holder : holder?.querySelector("input, textarea, select, button");
    (control || holder)?.focus();
    (holder?.querySelector("label, legend, h2, h3") || holder)?.scrollIntoView({ block: "start" });
  }

  // Drawing ---------------------------------------------------------------------------------------------

  render() {
    const file = h("input", { type: "file", id: "bm-open-file", accept: ".yaml,.yml,text/yaml", class: "bm-file",
      onchange: async (event) => {
        const [chosen] = event.target.files;
        if (chosen) await this.openFile(chosen.name, new Uint8Array(await chosen.arrayBuffer()));
        event.target.value = "";
      } });
    const pasted = h("textarea", { id: "bm-paste", class: "bm-input", rows: 6, spellcheck: "false" });
    this.root.replaceChildren(
      h("div", { class: "bm-toolbar" },
        h("a", { class: "bm-button bm-button--secondary", href: "./", onclick: (event) => this.startNew(event) }, "Start a new plan"),
        h("div", { class: "bm-toolbar__file" }, h("label", { for: "bm-open-file", class: "bm-label" }, "Open a plan's YAML file"), file),
        h("details", { class: "bm-paste" }, h("summary", {}, "Paste a plan's YAML"),
          h("label", { for: "bm-paste", class: "bm-label" }, "The plan's YAML"), pasted,
          h("button", { type: "button", class: "bm-button bm-button--secondary", onclick: () => this.openFile("The pasted plan", pasted.value, { pasted: true }) }, "Open the pasted plan"))),
      h("div", { class: "bm-notice", id: "bm-notice", role: "status" }),
      h("div", { class: "bm-notice", id: "bm-aside", role: "status" }),
      h("div", { class: "bm-alert", id: "bm-tabs", role: "alert" }),
      h("div", { class: "bm-alert", id: "bm-alert", role: "alert" }),
      h("div", { class: "bm-editor__body" },
        h("nav", { class: "bm-tasks", "aria-label": "Parts of the plan" }, h("ol", { class: "bm-tasks__list" })),
        h("div", { class: "bm-section" })),
      h("p", { class: "bm-saved", id: "bm-saved", role: "status" }));
  }

  startNew(event) {
    if (this.slot === "new" && this.text !== this.origin) {
      event.preventDefault();
      if (confirm("Discard your draft of a new plan and start again?")) this.discard();
    }
  }

  /** Links to the other drafts this browser keeps. */
  drafts() {
    const others = Object.keys(localStorage).filter((key) => key.startsWith(STORAGE) && !key.startsWith(ASIDE))
      .map((key) => key.slice(STORAGE.length)).filter((slot) => slot !== this.slot);
    if (!others.length) return;
    this.root.querySelector(".bm-toolbar").after(h("p", { class: "bm-drafts" }, "Other drafts in this browser: ",
      others.map((slot, index) => [index ? ", " : "", h("a", { href: slot === "new" ? "./" : `?plan=${encodeURIComponent(slot)}` }, slot === "new" ? "a new plan" : slot)])));
  }

  notify(text, ...actions) {
    this.root.querySelector("#bm-notice").replaceChildren(h("p", {}, text, " ", ...actions));
  }

  alert(text) {
    this.root.querySelector("#bm-alert").replaceChildren(...(text ? [h("p", {}, text)] : []));
  }

  status(text) {
    this.root.querySelector("#bm-saved").textContent = text;
  }

  /** The section and item page the address names: `#s-professional_learning/activities/0`. */
  placeFromHash() {
    const [id, ...rest] = decodeURIComponent(location.hash.replace(/^#s-/, "")).split("/");
    const section = this.sections.find((candidate) => candidate.id === id);
    if (!section) return ["about", { item: null }];
    const item = section.step && rest.length === 2 && /^\d+$/.test(rest[1]) ? this.itemOf(["steps", id, rest[0], Number(rest[1]), "id"]) : null;
    return [id, { item }];
  }

  /** The item with a page of its own that `path` lies in (an activity…), or null. */
  itemOf(path) {
    for (let length = 1; length < path.length; length++) {
      if (typeof path[length - 1] !== "number") continue;
      const item = path.slice(0, length);
      const value = getIn(this.data, item);
      if (SUBPAGES.has(this.fields.modelAt([...item, "x"])) && value !== null && typeof value === "object") return item;
    }
    return null;
  }

  within(path, prefix) {
    return pathKey(path.slice(0, prefix.length)) === pathKey(prefix);
  }

  renderTasks() {
    const list = this.root.querySelector(".bm-tasks__list");
    list.replaceChildren(...this.sections.map((section) => {
      const state = this.state(section);
      return h("li", { class: "bm-tasks__item" },
        h("a", { href: `#s-${section.id}`, "aria-current": section.id === this.section ? "step" : null }, section.title),
        state ? h("span", { class: `bm-tag bm-tag--${state.kind}` }, state.text) : null);
    }));
  }

  state(section) {
    if (section.id === "check") return null;
    const problems = this.problems.filter((problem) => this.sectionOf(problem) === section.id);
    const errors = problems.filter((problem) => this.red(problem) && this.visible(problem)).length;
    const started = section.step ? this.started(section.id) : section.fields.some((key) => this.data[key] !== undefined);
    if (errors) return { kind: "error", text: `${errors} to fix` };
    if (!started) return { kind: "new", text: "Not started" };
    if (problems.length) return { kind: "warning", text: problems.some((p) => p.severity === "error") ? "In progress" : "Check" };
    return { kind: "done", text: "Done" };
  }

  started(step) {
    const value = this.data.steps?.[step];
    return value !== undefined && value !== null && !(Array.isArray(value) && !value.length);
  }

  /** A step the status requires but the planner has not started is needed before approval: it blocks sending,
   * but is not shown in red as a mistake. */
  pending(problem) {
    return Boolean(problem.step) && !this.started(problem.step);
  }

  red(problem) {
    return problem.severity === "error" && !this.pending(problem);
  }

  label(problem) {
    return this.pending(problem) ? `Needed before the plan is ${this.data.status}` : LABELS[problem.severity];
  }

  /** Shows a section, or the page of one of its items (`item`, its path). */
  show(id, { focus = true, push = false, item = id === this.section ? this.item : null } = {}) {
    const active = document.activeElement?.id;
    this.section = id;
    this.item = item && this.itemOf([...item, "id"]) ? item : null;
    this.refreshers = [];
    this.visited.add(id);
    if (push) history.pushState(null, "", this.item ? this.itemHash(this.item) : `#s-${id}`);
    const section = this.sections.find((candidate) => candidate.id === id);
    const container = this.root.querySelector(".bm-section");
    const name = this.item && itemName(this.format, this.data, this.item);
    const heading = h("h2", { class: "bm-section__title", tabindex: "-1", id: "bm-section-title" },
      this.item ? [h("span", { class: "bm-caption" }, section.title), name] : section.title);
    if (this.item) {
      container.replaceChildren(h("a", { class: "bm-link bm-back", href: `#s-${id}` }, `Back to ${section.title}`), heading,
        h("div", { class: "bm-summary-slot" }), this.itemSection(this.item),
        h("div", { class: "bm-section__buttons" },
          h("button", { type: "button", class: "bm-button", onclick: () => this.returnFromItem() }, `Save and return to ${section.title.split(":")[0]}`)));
      document.title = `${name} – ${section.title} – Plan editor`;
    } else {
      const body = id === "check" ? this.checkSection() : section.step ? this.stepSection(section.step) : this.planSection(section);
      const index = this.sections.indexOf(section);
      const next = this.sections[index + 1];
      const previous = this.sections[index - 1];
      container.replaceChildren(heading, h("div", { class: "bm-summary-slot" }), ...body,
        h("div", { class: "bm-section__buttons" },
          next ? h("button", { type: "button", class: "bm-button", onclick: () => this.continue(next) }, "Save and continue") : null,
          previous ? h("a", { class: "bm-link", href: `#s-${previous.id}` }, `Back to ${previous.title}`) : null));
      document.title = `${section.title} – Plan editor`;
    }
    if (id === "check") this.check();
    this.showProblems();
    const returned = this.returnedFrom && document.getElementById(fieldId(this.returnedFrom))?.querySelector("a");
    this.returnedFrom = null;
    if (returned && !this.item) returned.focus();
    else if (focus) heading.focus();
    else if (active) document.getElementById(active)?.focus();
  }

  /** An item's own page: its fields, in the order that leads to its choices. */
  itemSection(item) {
    return h("div", { class: "bm-item-page", "data-path": pathKey(item) }, this.fields.fields(this.fields.modelAt([...item, "x"]), item));
  }

  /** Back from an item's page to its step, once the item's errors are fixed; focus returns to its row. */
  async returnFromItem() {
    this.reviewedItems.add(pathKey(this.item));
    await this.check();
    const summary = this.root.querySelector(".bm-summary:not(.bm-summary--warnings)");
    if (summary) return summary.focus();
    this.returnedFrom = this.item;
    location.hash = `#s-${this.section}`;
  }

  async continue(next) {
    this.reviewed.add(this.section);
    await this.check();
    const summary = this.root.querySelector(".bm-summary:not(.bm-summary--warnings)");
    if (summary) return summary.focus();
    location.hash = `#s-${next.id}`;
  }

  planSection(section) {
    return section.fields.map((key) => {
      if (key === "id") return this.idField();
      if (key === "parent") return this.parentField();
      const spec = this.fields.spec(this.format.root, key);
      return this.fields.field(this.format.root, spec, [key]);
    });
  }

  idField() {
    const spec = this.fields.spec(this.format.root, "id");
    const id = fieldId(["id"]);
    if (this.published) {
      return h("div", { class: "bm-field", "data-path": pathKey(["id"]) }, h("p", { class: "bm-label" }, "Plan id"),
        h("p", { class: "bm-hint" }, `This plan's file name and web address: ${this.planId}. It stays the same when you change the plan.`));
    }
    const input = h("input", { type: "text", id, class: "bm-input", spellcheck: "false", autocomplete: "off", "aria-describedby": `${id}-hint`,
      oninput: (event) => { this.planId = event.target.value.trim(); this.idEdited = true; this.changed(); },
      onchange: () => this.touch(["id"]) });
    input.value = this.planId;
    return h("div", { class: "bm-field", "data-path": pathKey(["id"]) }, h("label", { class: "bm-label", for: id }, spec.label),
      h("div", { class: "bm-hint", id: `${id}-hint` }, "The plan's file name and web address: lowercase letters, digits and single hyphens, such as maple-elementary-2026-27. It is made from the title until you change it."),
      input);
  }

  parentField() {
    const id = fieldId(["parent"]);
    const level = this.data.level;
    const levels = this.site.levels;
    const above = levels.includes(level) ? levels[levels.indexOf(level) - 1] : undefined;
    const hint = h("div", { class: "bm-hint", id: `${id}-hint` }, !levels.includes(level) ? "Choose the plan's level first."
      : above ? `The ${above === "system" ? "school system" : above} plan this one nests in, if any.` : "A state plan nests in no other plan.");
    const current = typeof this.data.parent === "string" ? this.data.parent : "";
    const choices = (this.indexes.get(above)?.plans || []).map((plan) => [plan.id, `${plan.title} (${plan.year})`]);
    if (current && !choices.some(([value]) => value === current)) choices.unshift([current, `${current} (not a published plan of the level above)`]);
    const select = h("select", { id, class: "bm-input bm-select", "aria-describedby": `${id}-hint`, disabled: !above && !current,
      onchange: (event) => { this.set(["parent"], event.target.value); this.touch(["parent"]); } },
      h("option", { value: "" }, "None"), choices.map(([value, label]) => h("option", { value }, label)));
    select.value = current;
    return h("div", { class: "bm-field", "data-path": pathKey(["parent"]) },
      h("label", { class: "bm-label", for: id }, this.fields.spec(this.format.root, "parent").label, h("span", { class: "bm-optional" }, " (optional)")), hint, select);
  }

  stepSection(step) {
    const standards = step.standards.map((id) => this.site.standards.find((standard) => standard.id === id));
    const intro = h("div", { class: "bm-step-intro" });
    intro.innerHTML = step.purpose; // the site's own content, rendered and sanitized at build time
    const spec = this.fields.spec("Steps", step.key);
    const path = ["steps", step.key];
    const type = spec.type;
    const fields = type.kind === "model" ? this.fields.fields(type.model, path)
      : [this.fields.items({ ...spec, hint: "", required: true }, path, type.item.model)]; // the step's heading says the rest
    return [
      h("div", { class: "bm-step", "data-path": pathKey(path) },
        intro,
        h("h3", { class: "bm-step__questions" }, "Questions to answer"),
        h("ul", {}, step.questions.map((question) => h("li", {}, question))),
        h("p", { class: "bm-step__standards" }, "Standards this step engages: ",
          standards.map((standard, index) => [index ? ", " : "", h("a", { href: standard.url }, standard.title)]), " · ",
          h("a", { href: step.url }, `More about step ${step.number}`)),
        ...fields),
    ];
  }

  checkSection() {
    this.reviewed = new Set(this.sections.map((section) => section.id));
    const repository = this.site.repository;
    return [
      h("p", {}, "Check the plan, then download it or propose it on GitHub. Change any part through its link."),
      h("dl", { class: "bm-answers" }, this.sections.filter((section) => section.id !== "check").map((section) => h("div", { class: "bm-answers__row" },
        h("dt", {}, section.title),
        h("dd", {}, this.answer(section)),
        h("dd", { class: "bm-answers__action" }, h("a", { href: `#s-${section.id}` }, "Change", h("span", { class: "bm-visually-hidden" }, ` ${section.title}`)))))),
      h("div", { id: "bm-remaining" }),
      h("h3", { id: "bm-preview-title" }, "How the plan's page will read"),
      h("p", { class: "bm-hint" }, "Its text is shown as written here; the published page also shows its lists, links and emphasis."),
      h("div", { class: "bm-preview", id: "bm-preview", role: "region", "aria-labelledby": "bm-preview-title", tabindex: "0" }),
      h("h3", {}, "The plan as YAML"),
      h("div", { class: "bm-yaml", role: "region", "aria-label": "The plan as YAML", tabindex: "0" }, h("pre", {}, h("code", { id: "bm-yaml" }))),
      h("div", { class: "bm-send" },
        h("button", { type: "button", class: "bm-button", onclick: () => this.download() }, "Download YAML"),
        repository ? h("button", { type: "button", class: "bm-button", onclick: () => this.propose() }, "Propose on GitHub") : null,
        this.site.submit_email ? h("button", { type: "button", class: "bm-button", onclick: () => this.email() }, "Send to the PL office by e-mail") : null),
      h("p", { class: "bm-hint" }, repository
        ? this.published ? `Proposing downloads the plan and opens GitHub's page for replacing its file (${this.path || `${repository.plans}/${this.planId}.yaml`}), with the steps to follow there.`
          : `Proposing opens GitHub with the new file ${repository.plans}/${this.planId || "…"}.yaml filled in (a long plan is downloaded and uploaded instead). Without write access, GitHub copies the repository to your account and opens a pull request.`
        : "This site names no repository to propose plans to: download the file and send it to the site's editors.",
        this.site.submit_email ? ` Without a GitHub account, send it to the PL office by e-mail (${this.site.submit_email}): the plan is downloaded for you to attach.` : ""),
      h("div", { id: "bm-sent", role: "status" }),
    ];
  }

  answer(section) {
    if (section.step) {
      const value = this.data.steps?.[section.id];
      if (value === undefined || value === null) return "Not started";
      const lists = Array.isArray(value) ? [[this.format.models.Goal.noun, value]] : Object.entries(value).filter(([, v]) => Array.isArray(v))
        .map(([key, items]) => {
          const spec = this.fields.spec(this.fields.modelAt(["steps", section.id, key]), key);
          return [this.format.models[spec?.type?.item?.model]?.noun ?? spec?.label.toLowerCase() ?? key, items];
        });
      const counts = lists.map(([noun, items]) => counted(items.length, noun));
      const ids = lists.flatMap(([, items]) => items).filter((item) => item?.id).map((item) => `${item.id}: ${short(item.statement ?? item.title ?? item.question ?? "", 60)}`);
      return [counts.join(", ") || "Written", ids.length ? h("ul", {}, ids.map((line) => h("li", {}, line))) : null];
    }
    return h("ul", { class: "bm-answers__list" }, section.fields.filter((key) => key === "id" || this.data[key] !== undefined).map((key) => {
      const spec = this.fields.spec(this.format.root, key);
      const value = key === "id" ? this.planId : key === "parent" ? this.parentTitles.get(this.data.parent) ?? this.data.parent : this.data[key];
      const text = Array.isArray(value) ? value.map((item) => (typeof item === "object" && item ? Object.values(item).join(", ") : item)).join("; ")
        : typeof value === "object" && value ? Object.values(value).join(", ") : String(value);
      return h("li", {}, h("strong", {}, spec.label, ": "), short(text, 160));
    }));
  }

  renderOutput() {
    const code = this.root.querySelector("#bm-yaml");
    if (code) code.textContent = this.text;
    this.root.querySelector("#bm-preview")?.replaceChildren(...preview(this.site, this.data).flat(Infinity));
    this.renderRemaining();
  }

  /** Every problem left, grouped by the part of the plan it is in, each linked to its field. */
  renderRemaining() {
    const slot = this.root.querySelector("#bm-remaining");
    if (!slot) return;
    const groups = this.sections.map((section) => [section, this.problems.filter((problem) => this.sectionOf(problem) === section.id)])
      .filter(([, problems]) => problems.length);
    const errors = this.problems.filter((problem) => problem.severity === "error").length;
    const others = this.problems.length - errors;
    slot.replaceChildren(h("h3", {}, "What is left"),
      h("p", {}, this.problems.length
        ? `${errors ? counted(errors, "problem") : "Nothing"} to fix before the plan can be sent${others ? `, and ${counted(others, "gap")} in the backward chain still to plan` : ""}.`
        : "Nothing is left to fix: the plan can be sent."),
      ...groups.flatMap(([section, problems]) => [h("h4", {}, section.title), h("ul", { class: "bm-remaining" }, problems.map((problem) => h("li", {},
        h("a", { href: `#${this.linkTarget(problem)}`, onclick: (event) => { event.preventDefault(); this.go(problem); } },
          this.red(problem) ? "" : `${this.label(problem)}: `, this.describe(problem)))))]));
  }

  async download() {
    await this.parentsLoaded?.catch(() => null);
    await this.check();
    const errors = this.problems.filter((problem) => problem.severity === "error").length;
    if (errors && !confirm(`The plan has ${errors === 1 ? "a problem" : `${errors} problems`} that the site's checks refuse. Download it anyway, to finish it later?`)) return;
    const file = `${this.planId || "plan"}.yaml`;
    this.save(file);
    this.saved = this.text;
    this.saveDraft();
    this.sent(`Downloaded ${file}.`);
  }

  /** The plan, downloaded as `file`. */
  save(file) {
    const link = h("a", { href: URL.createObjectURL(new Blob([this.text], { type: "application/yaml" })), download: file });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  }

  /** What was done and what comes next: text becomes a paragraph, elements stay as they are. */
  sent(...content) {
    this.root.querySelector("#bm-sent").replaceChildren(...content.flat().map((part) => (typeof part === "string" ? h("p", {}, part) : part)));
  }

  /** Whether the plan may be sent: no errors or warnings (which the site's checks refuse), and not private. */
  /** Checked once the plans it may nest in are known (before, its parent would seem unknown). */
  async sendable() {
    await this.parentsLoaded?.catch(() => null);
    this.reviewed = new Set(this.sections.map((section) => section.id));
    await this.check();
    if (this.data.visibility === "private") {
      this.sent(PRIVATE);
      return false;
    }
    const blocking = this.problems.filter((problem) => problem.severity !== "note");  // a draft's gaps pass the checks
    if (blocking.length) {
      const slot = this.root.querySelector(".bm-summary-slot");
      this.summary(slot, blocking);
      slot.querySelector(".bm-summary__title").textContent = `Fix ${blocking.length === 1 ? "this problem" : `these ${blocking.length} problems`} before you send the plan: the site's checks refuse plans with errors or warnings`;
      slot.querySelector(".bm-summary").focus();
      return false;
    }
    return true;
  }

  async propose() {
    if (!(await this.sendable())) return;
    const { url, branch, plans } = this.site.repository;
    const file = `${this.planId}.yaml`;
    if (!this.published) {
      const address = `${url}/new/${branch}/${plans}?filename=${encodeURIComponent(file)}&value=${encodeURIComponent(this.text)}`;
      if (address.length <= URL_LIMIT) {
        window.open(address, "_blank", "noopener");
        this.sent(h("p", {}, "GitHub opened with the new file ", file, " filled in. There, choose Commit changes… (or Propose new file), then Create pull request. If no page opened, ", external(address, "open GitHub's new-file page"), "."), this.whatNext());
      } else {
        this.upload(plans, file, false);
      }
    } else {
      const listed = (await this.index(this.data.level)).find((plan) => plan.id === this.planId);
      const path = this.path || listed?.path || `${plans}/${file}`;
      this.upload(path.slice(0, path.lastIndexOf("/")), path.slice(path.lastIndexOf("/") + 1), true);
    }
    this.saved = this.text;
    this.saveDraft();
  }

  /** Too long for a link, or a change: the file is downloaded and GitHub's upload page for its folder opened. */
  upload(folder, file, replacing) {
    const { url, branch } = this.site.repository;
    const address = `${url}/upload/${branch}/${folder}`;
    this.save(file);
    window.open(address, "_blank", "noopener");
    this.sent(h("p", {}, `The plan was downloaded as ${file}, and GitHub's page for adding files to ${folder}/ opened. There:`),
      h("ol", {},
        h("li", {}, "Sign in to GitHub if it asks you to. If you may not change the repository, GitHub offers to make your own copy of it (a fork): accept."),
        h("li", {}, `Drag ${file} from your Downloads folder onto the page, or choose “choose your files” and pick it.${replacing ? " It replaces the plan's file of the same name." : ""}`),
        h("li", {}, "Under “Commit changes”, say in a few words what the plan adds or changes, then choose Propose changes (or Commit changes)."),
        h("li", {}, "On the next page, choose Create pull request.")),
      h("p", {}, "If no page opened, ", external(address, "open GitHub's upload page"), "."), this.whatNext());
  }

  /** For planners without GitHub: the file is downloaded and an e-mail to the PL office started. */
  async email() {
    if (!(await this.sendable())) return;
    const file = `${this.planId}.yaml`;
    const title = String(this.data.title ?? this.planId);
    const address = `mailto:${this.site.submit_email}?subject=${encodeURIComponent(`Plan for the site: ${title} (${this.planId})`)}`
      + `&body=${encodeURIComponent(`Hello,\n\nPlease publish the attached plan “${title}” (${file}), written in the plan editor.\n\n`
        + `[Attach the file ${file} from your Downloads folder before you send this e-mail.]\n`)}`;
    this.save(file);
    const mail = h("a", { href: address, class: "bm-link" }, `write to ${this.site.submit_email}`);
    this.sent(h("p", {}, `The plan was downloaded as ${file}, and an e-mail to the PL office was started. Attach ${file} from your Downloads folder, then send it. If no e-mail opened, `, mail, " and attach the file."),
      h("h3", {}, "What happens next"),
      h("p", {}, "The PL office adds your plan to the site's repository, where the site's checks run on it; you may be asked for changes. Once it is added, the site publishes it within minutes."));
    location.href = address;
    this.saved = this.text;
    this.saveDraft();
  }

  whatNext() {
    const pulls = `${this.site.repository.url}/pulls`;
    return [h("h3", {}, "What happens next"),
      h("ol", {},
        h("li", {}, "The site's checks run on your pull request and mark any problem on its line."),
        h("li", {}, "The PL office reviews the plan there, and may ask for changes."),
        h("li", {}, "When they merge it, the site publishes the plan within minutes.")),
      h("p", {}, "Your pull request will be among ", external(pulls, "the repository's pull requests"), ".")];
  }
}

/** "1 goal", "2 goals", "3 activities", "2 pieces of data". */
function counted(count, noun) {
  if (count === 1) return `1 ${noun}`;
  const [word, rest] = noun.includes(" of ") ? [noun.slice(0, noun.indexOf(" of ")), noun.slice(noun.indexOf(" of "))] : [noun, ""];
  const plural = /[^aeiou]y$/.test(word) ? `${word.slice(0, -1)}ies` : word.endsWith("s") ? word : `${word}s`;
  return `${count} ${plural}${rest}`;
}

function external(address, text) {
  return h("a", { href: address, target: "_blank", rel: "noopener" }, text);
}

const root = document.getElementById("bm-editor");
if (root) {
  const base = new URL(".", location.href);
  try {
    const site = await (await fetch(new URL(root.dataset.data, base))).json();
    await new Editor(root, site, base).start();
    root.dataset.ready = "true";
  } catch (error) {
    root.append(h("p", { class: "bm-alert", role: "alert" }, `The plan editor could not start (${error.message}). Reload the page to try again.`));
    throw error;
  }
}
