// Opening plans: from the address (a draft kept in this browser, or a published plan), a file chosen or pasted,
// or a new one; and the published plans of the levels above, which a plan may nest in. Mixed into the Editor.
import { fieldId, h, pathKey } from "./dom.js";
import { ReadError, readPlanBytes, readPlanText } from "./planfile.js";
import { SLUG, slugify } from "./planmodel.js";
import { checkPlan } from "./rules.js";

function time(at) {
  return new Date(at).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export const Opening = {
  newPlan() {
    const header = [this.site.schema ? ` yaml-language-server: $schema=${this.site.schema}` : null,
      " A professional learning plan, following the seven steps of the Backmapping Model."].filter(Boolean).join("\n");
    this.setPlan({ slot: "new", data: { steps: {} }, header, planId: "", published: false });
    return this.check({ opened: true });
  },

  /** Takes a plan as the one being edited, read from `text` (or new, with the file's `header`); `published`
   * plans are proposed as changes of `path`. The checker takes a copy. */
  setPlan({ slot, data, text, header = "", planId, published, path = null, idEdited = false }) {
    Object.assign(this, { slot, data, planId, published, path, idEdited });
    this.changes = [];
    this.checker.postMessage(text === undefined ? { type: "open", data, header } : { type: "open", text });
    this.touched = new WeakMap();
    this.parentsLoaded = this.loadParents();
  },

  fromText(text, options) {
    const plan = readPlanText(text);
    this.setPlan({ ...options, data: plan.data, text: plan.text });
  },

  async restore(draft, slot) {
    try {
      this.fromText(draft.text, { slot, planId: draft.planId, idEdited: draft.idEdited, published: draft.published, path: draft.path });
    } catch {
      this.drafts.setAside(slot, draft);
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
  },

  /** `?path=` names the file a proposal changes: only a file of the plans folder. */
  planPath(path) {
    const plans = this.site.repository?.plans;
    return path && plans && path.startsWith(`${plans}/`) && /^[\w./-]+\.yaml$/.test(path) && !path.includes("..") ? path : null;
  },

  async fetchPublished(id) {
    const response = await fetch(new URL(`${encodeURIComponent(id)}.yaml`, new URL(this.root.dataset.plans, this.base)));
    if (!response.ok) throw new Error(String(response.status));
    return response.text();
  },

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
  },

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
  },

  discard() {
    clearTimeout(this.timer);
    this.discarded = true; // no check may save the draft again before the page reloads
    this.drafts.forget(this.slot);
    this.saved = this.text;
    location.reload();
  },

  startNew(event) {
    if (this.slot === "new" && this.text !== this.origin) {
      event.preventDefault();
      if (confirm("Discard your draft of a new plan and start again?")) this.discard();
    }
  },

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
    if (slot !== this.slot && this.drafts.get(slot) && !confirm(`Replace your unsaved draft of ${slot === "new" ? "a new plan" : slot}?`)) return;
    this.setPlan({ slot, data: plan.data, text: plan.text, planId: id, published, idEdited: named || !pasted });
    this.alert("");
    this.origin = null; // kept as a draft at once: the file is not what the site publishes
    await this.check({ opened: "file" });
    this.reviewed = new Set(this.sections.map((section) => section.id));
    this.notify(`Opened ${name}${published ? `, a change to the published plan ${id}` : ""}.`);
    this.show("about");
    this.changed();
  },

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
  },

  /** Whether the site publishes a plan of this id; the answer is kept (`known.get(id).taken`). */
  isPublished(id) {
    if (!this.known.has(id)) {
      const entry = {};
      entry.asked = fetch(new URL(`${id}.yaml`, new URL(this.root.dataset.plans, this.base)), { method: "HEAD" })
        .then((response) => response.ok, () => false).then((taken) => (entry.taken = taken));
      this.known.set(id, entry);
    }
    return this.known.get(id).asked;
  },

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
  },

  /** The published plans of a level (editor/plans-<level>.json), fetched once. */
  index(level) {
    if (!this.indexes.has(level)) {
      const entry = { plans: [] };
      entry.loaded = fetch(new URL(`plans-${level}.json`, this.base)).then((r) => (r.ok ? r.json() : []))
        .catch(() => []).then((plans) => (entry.plans = plans));
      this.indexes.set(level, entry);
    }
    return this.indexes.get(level).loaded;
  },

  /** Links to download the drafts set aside, each with a button to forget it. */
  showSetAsideDrafts() {
    const kept = this.drafts.setAsideDrafts();
    if (!kept.length) return;
    const links = kept.map(({ key, slot, text, at, name }) => {
      const href = URL.createObjectURL(new Blob([text], { type: "application/yaml" }));
      return h("li", {}, h("a", { href, download: name }, `Download the draft of ${slot === "new" ? "a new plan" : slot} from ${time(at)}`), " ",
        h("button", { type: "button", class: "bm-button bm-button--secondary bm-button--small", onclick: (event) => {
          this.drafts.forgetSetAside(key);
          event.target.closest("li").remove();
        } }, "Forget it"));
    });
    this.root.querySelector("#bm-aside").replaceChildren(
      h("p", {}, "This browser keeps drafts it could not read back. Nothing of them was deleted: download each to keep it."),
      h("ul", {}, links));
  },

  /** Links to the other drafts this browser keeps. */
  showOtherDrafts() {
    const others = this.drafts.others(this.slot);
    if (!others.length) return;
    this.root.querySelector(".bm-toolbar").after(h("p", { class: "bm-drafts" }, "Other drafts in this browser: ",
      others.map((slot, index) => [index ? ", " : "", h("a", { href: slot === "new" ? "./" : `?plan=${encodeURIComponent(slot)}` }, slot === "new" ? "a new plan" : slot)])));
  },

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
      if (this.drafts.isKeyOf(this.slot, event.key) && event.newValue !== null) warn();
    });
  },
};
