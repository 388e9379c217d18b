// Sections and navigation: the task list, one section (or one item's page) at a time, addressed by the URL's
// hash so that Back works, and the plan's own fields that are not plain form fields (its id, its parent). Mixed
// into the Editor.
import { fieldId, h, pathKey } from "./dom.js";
import { SUBPAGES } from "./form.js";
import { getIn } from "./planmodel.js";
import { itemName } from "./words.js";

export const PLAN_SECTIONS = [
  { id: "about", title: "About the plan", fields: ["title", "id", "level", "organization", "team", "parent", "school_year", "summary", "subjects", "grades"] },
  { id: "people", title: "People", fields: ["contacts", "planning_team"] },
  { id: "status", title: "Status and approval", fields: ["status", "updated", "approval", "visibility"] },
];

export const Sections = {
  /** The section and item page the address names: `#s-professional_learning/activities/0`. */
  placeFromHash() {
    const [id, ...rest] = decodeURIComponent(location.hash.replace(/^#s-/, "")).split("/");
    const section = this.sections.find((candidate) => candidate.id === id);
    if (!section) return ["about", { item: null }];
    const item = section.step && rest.length === 2 && /^\d+$/.test(rest[1]) ? this.itemOf(["steps", id, rest[0], Number(rest[1]), "id"]) : null;
    return [id, { item }];
  },

  /** The item with a page of its own that `path` lies in (an activity…), or null. */
  itemOf(path) {
    for (let length = 1; length < path.length; length++) {
      if (typeof path[length - 1] !== "number") continue;
      const item = path.slice(0, length);
      const value = getIn(this.data, item);
      if (SUBPAGES.has(this.fields.modelAt([...item, "x"])) && value !== null && typeof value === "object") return item;
    }
    return null;
  },

  within(path, prefix) {
    return pathKey(path.slice(0, prefix.length)) === pathKey(prefix);
  },

  renderTasks() {
    const list = this.root.querySelector(".bm-tasks__list");
    list.replaceChildren(...this.sections.map((section) => {
      const state = this.state(section);
      return h("li", { class: "bm-tasks__item" },
        h("a", { href: `#s-${section.id}`, "aria-current": section.id === this.section ? "step" : null }, section.title),
        state ? h("span", { class: `bm-tag bm-tag--${state.kind}` }, state.text) : null);
    }));
  },

  state(section) {
    if (section.id === "check") return null;
    const problems = this.problems.filter((problem) => this.sectionOf(problem) === section.id);
    const errors = problems.filter((problem) => this.red(problem) && this.visible(problem)).length;
    const started = section.step ? this.started(section.id) : section.fields.some((key) => this.data[key] !== undefined);
    if (errors) return { kind: "error", text: `${errors} to fix` };
    if (!started) return { kind: "new", text: "Not started" };
    if (problems.length) return { kind: "warning", text: problems.some((p) => p.severity === "error") ? "In progress" : "Check" };
    return { kind: "done", text: "Done" };
  },

  started(step) {
    const value = this.data.steps?.[step];
    return value !== undefined && value !== null && !(Array.isArray(value) && !value.length);
  },

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
  },

  /** An item's own page: its fields, in the order that leads to its choices. */
  itemSection(item) {
    return h("div", { class: "bm-item-page", "data-path": pathKey(item) }, this.fields.fields(this.fields.modelAt([...item, "x"]), item));
  },

  /** Back from an item's page to its step, once the item's errors are fixed; focus returns to its row. */
  async returnFromItem() {
    this.reviewedItems.add(pathKey(this.item));
    await this.check();
    const summary = this.root.querySelector(".bm-summary:not(.bm-summary--warnings)");
    if (summary) return summary.focus();
    this.returnedFrom = this.item;
    location.hash = `#s-${this.section}`;
  },

  async continue(next) {
    this.reviewed.add(this.section);
    await this.check();
    const summary = this.root.querySelector(".bm-summary:not(.bm-summary--warnings)");
    if (summary) return summary.focus();
    location.hash = `#s-${next.id}`;
  },

  planSection(section) {
    return section.fields.map((key) => {
      if (key === "id") return this.idField();
      if (key === "parent") return this.parentField();
      const spec = this.fields.spec(this.format.root, key);
      return this.fields.field(this.format.root, spec, [key]);
    });
  },

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
  },

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
  },

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
  },
};
