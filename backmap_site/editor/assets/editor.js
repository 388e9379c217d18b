// The plan editor: a planning team works through the plan's details and the seven steps, one section at a
// time, sees the site's checks as it types, and downloads the plan or proposes it on GitHub. Drafts stay in
// this browser (localStorage), one for a new plan and one for each published plan; nothing is sent anywhere.
// This module owns the editor's state and the round trip of its checks (run off the page's thread by
// checker.js); its other concerns are mixed in, each from a module that says what it owns.
import { Changes } from "./changes.js";
import { Drafts } from "./drafts.js";
import { h } from "./dom.js";
import { Fields } from "./form.js";
import { Opening } from "./opening.js";
import { SLUG } from "./planmodel.js";
import { Problems } from "./problems.js";
import { referenceIds } from "./rules.js";
import { PLAN_SECTIONS, Sections } from "./sections.js";
import { Sending } from "./sending.js";

const STORAGE = `backmap-editor:${location.pathname}:`;

class Editor {
  constructor(root, site, base) {
    this.root = root;
    this.site = site;
    this.base = base;
    this.format = site.format;
    this.fields = new Fields(this);
    this.drafts = new Drafts(localStorage, STORAGE);
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

  async start() {
    const query = new URLSearchParams(location.search);
    const id = query.get("plan");
    const path = query.get("path");
    this.render();
    if (id !== null && !SLUG.test(id)) {
      await this.newPlan();
      this.notify(`“${id}” is not a plan id, so a new plan was started.`);
    } else if (id !== null) {
      const draft = this.drafts.get(id);
      if (draft) await this.restore(draft, id);
      else await this.openPublished(id, this.planPath(path));
      if (draft) this.compareWithPublished(id, draft);
    } else {
      const draft = this.drafts.get("new");
      if (draft) await this.restore(draft, "new");
      else await this.newPlan();
    }
    this.showOtherDrafts();
    this.showSetAsideDrafts();
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
      this.drafts.forget(this.slot);
      return;
    }
    const { planId, idEdited, published, path, origin, saved, text } = this;
    if (readable && this.drafts.keep(this.slot, { text, planId, idEdited, published, path, origin, saved, at: Date.now() })) {
      this.status(`Draft saved in this browser at ${new Date().toLocaleTimeString()}.`);
    } else {
      this.status("This browser cannot keep the draft: download the plan to keep your work.");
    }
  }

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

  notify(text, ...actions) {
    this.root.querySelector("#bm-notice").replaceChildren(h("p", {}, text, " ", ...actions));
  }

  alert(text) {
    this.root.querySelector("#bm-alert").replaceChildren(...(text ? [h("p", {}, text)] : []));
  }

  status(text) {
    this.root.querySelector("#bm-saved").textContent = text;
  }
}

Object.assign(Editor.prototype, Opening, Changes, Problems, Sections, Sending);

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
