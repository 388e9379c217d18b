// The last section, Check and send: the plan's answers, what is left to fix, its page and its YAML; then
// downloading it, proposing it on GitHub, or sending it to the PL office by e-mail. Mixed into the Editor.
import { h } from "./dom.js";
import { short } from "./words.js";
import { preview } from "./preview.js";
import { PRIVATE } from "./problems.js";

/** GitHub refuses much longer addresses; a longer plan is copied instead of sent in the new-file link. */
const URL_LIMIT = 8000;

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

export const Sending = {
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
  },

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
  },

  renderOutput() {
    const code = this.root.querySelector("#bm-yaml");
    if (code) code.textContent = this.text;
    this.root.querySelector("#bm-preview")?.replaceChildren(...preview(this.site, this.data).flat(Infinity));
    this.renderRemaining();
  },

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
  },

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
  },

  /** The plan, downloaded as `file`. */
  save(file) {
    const link = h("a", { href: URL.createObjectURL(new Blob([this.text], { type: "application/yaml" })), download: file });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  },

  /** What was done and what comes next: text becomes a paragraph, elements stay as they are. */
  sent(...content) {
    this.root.querySelector("#bm-sent").replaceChildren(...content.flat().map((part) => (typeof part === "string" ? h("p", {}, part) : part)));
  },

  /** Whether the plan may be sent: no errors or warnings (which the site's checks refuse), and not private;
   * checked once the plans it may nest in are known (before, its parent would seem unknown). */
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
  },

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
  },

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
  },

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
  },

  whatNext() {
    const pulls = `${this.site.repository.url}/pulls`;
    return [h("h3", {}, "What happens next"),
      h("ol", {},
        h("li", {}, "The site's checks run on your pull request and mark any problem on its line."),
        h("li", {}, "The PL office reviews the plan there, and may ask for changes."),
        h("li", {}, "When they merge it, the site publishes the plan within minutes.")),
      h("p", {}, "Your pull request will be among ", external(pulls, "the repository's pull requests"), ".")];
  },
};
