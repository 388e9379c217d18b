// The site's checks in the form: which problems show where (a field, its section, the error summary), when
// (a field once touched, a section once reviewed, a gap once its step is reached) and how. Mixed into the Editor.
import { fieldId, h, holderOf, pathKey } from "./dom.js";
import { getIn } from "./planmodel.js";
import { PLAN_SECTIONS } from "./sections.js";
import { describeProblem } from "./words.js";

export const PRIVATE = "A private plan is never published, and a proposed plan's file is public in the repository: so a private plan can be downloaded and kept, but not proposed or sent.";
const LABELS = { error: "Error", warning: "Warning", note: "Still to plan" };

export const Problems = {
  sectionOf(problem) {
    const [first, second] = problem.path;
    if (first === "steps") return problem.step || second || "about";
    return PLAN_SECTIONS.find((section) => section.fields.includes(first))?.id || "about";
  },

  /** Where a problem shows in the form: a field's path, or the file's problems on the plan id. */
  target(problem) {
    if (!problem.path.length) return ["id"];
    if (problem.step) return ["steps", problem.step];
    return problem.path;
  },

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
  },

  /** A problem in the form's words (words.js). */
  describe(problem, data = this.data) {
    return describeProblem(problem, this.site, data);
  },

  /** A step the status requires but the planner has not started is needed before approval: it blocks sending,
   * but is not shown in red as a mistake. */
  pending(problem) {
    return Boolean(problem.step) && !this.started(problem.step);
  },

  red(problem) {
    return problem.severity === "error" && !this.pending(problem);
  },

  label(problem) {
    return this.pending(problem) ? `Needed before the plan is ${this.data.status}` : LABELS[problem.severity];
  },

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
  },

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
  },

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
  },

  /** A key the form does not know can only be removed (or kept, by renaming it in the file to x-…). */
  unknownKey(problem) {
    if (problem.code !== "unknown-key") return null;
    return [" ", h("button", { type: "button", class: "bm-button bm-button--secondary bm-button--small", onclick: () => {
      this.remove(problem.path);
      this.show(this.section, { focus: false });
      this.changed();
    } }, `Remove ${problem.path.at(-1)}`)];
  },

  summary(slot, problems) {
    slot.replaceChildren();
    if (!problems.length) return;
    const errors = problems.filter((problem) => this.red(problem));
    slot.append(h("div", { class: `bm-summary${errors.length ? "" : " bm-summary--warnings"}`, tabindex: "-1", "aria-labelledby": "bm-summary-title" },
      h("h2", { class: "bm-summary__title", id: "bm-summary-title" }, errors.length ? "There is a problem" : "Check the backward chain"),
      h("ul", { class: "bm-summary__list" }, problems.map((problem) => h("li", {},
        h("a", { href: `#${this.linkTarget(problem)}`, onclick: (event) => { event.preventDefault(); this.go(problem); } },
          this.red(problem) ? "" : `${this.label(problem)}: `, this.describe(problem)))))));
  },

  linkTarget(problem) {
    return fieldId(this.target(problem));
  },

  /** Goes to a problem's field: its section (and the page of its item), then the field itself (the first choice of a group). */
  go(problem) {
    const section = this.sectionOf(problem);
    const item = this.itemOf(problem.path);
    if (section !== this.section || pathKey(item ?? []) !== pathKey(this.item ?? [])) this.show(section, { focus: false, push: true, item });
    const holder = holderOf(this.root.querySelector(".bm-section"), this.target(problem));
    const control = holder?.matches("input, textarea, select") ? holder : holder?.querySelector("input, textarea, select, button");
    (control || holder)?.focus();
    (holder?.querySelector("label, legend, h2, h3") || holder)?.scrollIntoView({ block: "start" });
  },
};
