// The plan editor's form: fields drawn from the plan format, in the GOV.UK Design System's patterns (label,
// hint, error message, then the control; "(optional)" on optional fields; fieldsets for groups of choices).
// Plan text is only ever put into the page as text, never as markup.
import { fieldId, h, pathKey } from "./dom.js";
import { Pickers } from "./pickers.js";
import { getIn } from "./planmodel.js";
import { article, capital, modelAt } from "./words.js";

const LINES_HINT = "One on each line.";

/**
 * Draws the fields of a model at `path` of the plan's data. `editor` gives the data, the format and the site's
 * content (`editor.site`), and is told of every change: `set(path, value)`, `touch(path)`, `addItem`, `removeItem`,
 * `renamed(path, old, new)`.
 */
export class Fields {
  constructor(editor) {
    this.editor = editor;
    this.format = editor.site.format;
  }

  model(name) {
    return this.format.models[name];
  }

  spec(model, key) {
    return this.model(model).fields.find((field) => field.key === key);
  }

  /** The fields of `model` named in `keys` (all when absent, in the order of ORDER or the format), at `path`. */
  fields(model, path, keys = ORDER[model] ?? null) {
    const specs = this.model(model).fields.filter((spec) => (keys ? keys.includes(spec.key) : spec.key !== "format"));
    return (keys ? keys.map((key) => specs.find((spec) => spec.key === key)) : specs)
      .map((spec) => this.field(model, spec, [...path, spec.key]));
  }

  field(model, spec, path) {
    const type = spec.type;
    const value = getIn(this.editor.data, path);
    if (type.kind === "model") return this.group(spec, path, this.fields(type.model, path));
    if (type.kind === "list" && type.item.kind === "model") {
      return SUBPAGES.has(type.item.model) ? this.summaryList(spec, path, type.item.model) : this.items(spec, path, type.item.model);
    }
    if (type.kind === "list" && type.item.ref === "designs") return this.designs(spec, path, value);
    if (type.kind === "list") {
      const choices = this.choicesOf(model, spec, path);
      return choices ? this.checkboxes(spec, path, choices, value) : this.lines(spec, path, value);
    }
    if (spec.options || type.ref === "environments") return this.radios(spec, path, this.optionsOf(spec), value);
    if (type.kind === "markdown") return this.text(spec, path, value, { multiline: true });
    return this.text(spec, path, value, { width: WIDTHS[type.kind] });
  }

  label(spec, forId) {
    return h("label", { class: "bm-label", for: forId }, spec.label, spec.required ? "" : h("span", { class: "bm-optional" }, " (optional)"));
  }

  hint(spec, id) {
    return spec.hint ? h("div", { class: "bm-hint", id: `${id}-hint` }, spec.hint) : null;
  }

  holder(path, ...children) {
    return h("div", { class: "bm-field", "data-path": pathKey(path) }, ...children);
  }

  text(spec, path, value, { multiline = false, width } = {}) {
    const id = fieldId(path);
    const attributes = {
      id, class: `bm-input${width ? ` bm-input--${width}` : ""}`, name: id, "aria-describedby": spec.hint ? `${id}-hint` : null,
      spellcheck: NO_SPELLING.has(spec.type.kind) ? "false" : null, autocomplete: "off",
      inputmode: spec.type.kind === "amount" ? "decimal" : spec.type.kind === "date" ? "numeric" : null,
      oninput: (event) => this.editor.set(path, event.target.value),
      onchange: () => this.editor.touch(path),
    };
    // A resource's funding: the site's funding sources offered as the planner types (any words are kept).
    const offered = spec.key === "funding" && this.editor.site.funding;
    const control = multiline ? h("textarea", { ...attributes, rows: 4 })
      : h("input", { ...attributes, type: "text", list: offered ? "bm-funding-sources" : null });
    control.value = value === undefined || value === null ? "" : String(value);
    if (offered && !document.getElementById("bm-funding-sources")) {
      document.body.append(h("datalist", { id: "bm-funding-sources" }, this.editor.site.funding.map((source) => h("option", { value: source.title }))));
    }
    if (spec.key === "id" && this.model(this.modelAt(path)).prefix) {
      control.addEventListener("change", () => this.editor.renamed(path.slice(0, -1), control.defaultValue, control.value));
      control.defaultValue = control.value;
    }
    return this.holder(path, this.label(spec, id), this.hint(spec, id), control);
  }

  modelAt(path) {
    return modelAt(this.format, path);
  }

  /** Free tags (subjects, grades, facilitators): a text box, one on each line. */
  lines(spec, path, value) {
    const id = fieldId(path);
    const control = h("textarea", {
      id, name: id, rows: 3, class: "bm-input", "aria-describedby": `${id}-hint`, autocomplete: "off",
      oninput: (event) => this.editor.set(path, event.target.value.split("\n").map((line) => line.trim()).filter(Boolean)),
      onchange: () => this.editor.touch(path),
    });
    control.value = Array.isArray(value) ? value.map(String).join("\n") : "";
    const hint = h("div", { class: "bm-hint", id: `${id}-hint` }, spec.hint ? `${spec.hint} ${LINES_HINT}` : LINES_HINT);
    return this.holder(path, this.label(spec, id), hint, control);
  }

  legend(spec, id) {
    return h("legend", { class: "bm-legend" }, spec.label, spec.required ? "" : h("span", { class: "bm-optional" }, " (optional)"));
  }

  /** A group of controls; choices that name themselves need no hint. */
  fieldset(spec, path, ...children) {
    const id = fieldId(path);
    const hint = spec.options ? null : this.hint(spec, id);
    return h("fieldset", { class: "bm-fieldset", "data-path": pathKey(path), "aria-describedby": hint ? `${id}-hint` : null },
      this.legend(spec, id), hint, ...children);
  }

  group(spec, path, children) {
    return this.fieldset(spec, path, ...children);
  }

  optionsOf(spec) {
    if (spec.options) return spec.options.map(([value, label, hint]) => ({ value, label, hint }));
    return this.editor.site.environments.map((e) => ({ value: e.id, label: e.title, hint: e.summary }));
  }

  radios(spec, path, options, value) {
    const id = fieldId(path);
    const current = value === undefined || value === null ? spec.default ?? null : String(value);
    const known = options.some((option) => option.value === current);
    const all = [...options, ...(current !== null && !known ? [{ value: current, label: `${current} (not one of the choices)` }] : []),
      ...(spec.required || spec.default ? [] : [{ value: "", label: "Not stated" }])];
    return this.fieldset(spec, path, h("div", { class: "bm-choices" }, all.map((option, index) => {
      const optionId = index ? `${id}-${index}` : id;
      const input = h("input", {
        type: "radio", class: "bm-choice__input", id: optionId, name: id, value: option.value,
        "aria-describedby": option.hint ? `${optionId}-hint` : null,
        onchange: () => { this.editor.set(path, option.value); this.editor.touch(path); },
      });
      input.checked = option.value === (current ?? "");
      return h("div", { class: "bm-choice" }, input, h("label", { class: "bm-choice__label", for: optionId }, option.label),
        option.hint ? h("div", { class: "bm-hint bm-choice__hint", id: `${optionId}-hint` }, option.hint) : null);
    })));
  }

  /** A list of items (needs, goals, activities…): each in its own fieldset, with Remove, then Add. */
  items(spec, path, model) {
    const list = getIn(this.editor.data, path);
    const noun = this.model(model).noun;
    const items = Array.isArray(list) ? list : [];
    const id = fieldId(path);
    return h("section", { class: "bm-items", "data-path": pathKey(path), "aria-labelledby": `${id}-title` },
      h("h3", { class: "bm-items__title", id: `${id}-title` }, spec.label, spec.required ? "" : h("span", { class: "bm-optional" }, " (optional)")),
      this.hint(spec, id),
      items.map((item, index) => {
        const itemPath = [...path, index];
        const name = item && typeof item.id === "string" && item.id ? `${capital(noun)} ${item.id}` : `${capital(noun)} ${index + 1}`;
        return h("fieldset", { class: "bm-item", id: fieldId(itemPath), "data-path": pathKey(itemPath) },
          h("legend", { class: "bm-item__legend" }, name),
          item !== null && typeof item === "object" && !Array.isArray(item) ? this.fields(model, itemPath) : null,
          h("button", { type: "button", class: "bm-button bm-button--secondary", onclick: () => this.editor.removeItem(path, index, name) },
            "Remove", h("span", { class: "bm-visually-hidden" }, ` ${noun} ${name.slice(noun.length + 1)}`)));
      }),
      h("button", { type: "button", class: "bm-button bm-button--secondary", id: `${id}-add`, onclick: () => this.editor.addItem(path, model) },
        `Add ${article(noun)} ${noun}`));
  }
}

/** Items large enough for a page of their own ("add another"). */
export const SUBPAGES = new Set(["Activity", "EvaluationItem"]);
/** The order of an item's fields on its page where it differs from the format's: what leads to the designs first. */
const ORDER = {
  Activity: ["id", "title", "description", "environment", "factors", "designs", "audience", "facilitators", "schedule",
    "start", "end", "hours", "follow_up", "educator_needs", "standards"],
};

const WIDTHS = { date: "date", school_year: "year", amount: "number", integer: "number" };
const NO_SPELLING = new Set(["pattern", "date", "school_year", "amount"]);

Object.assign(Fields.prototype, Pickers);
