// The plan editor's form: fields drawn from the plan format, in the GOV.UK Design System's patterns (label,
// hint, error message, then the control; "(optional)" on optional fields; fieldsets for groups of choices).
// Plan text is only ever put into the page as text, never as markup.
import { article, capital, modelAt, short } from "./words.js";

export { capital, short };

/** Creates an element: attributes (`on*` as listeners, booleans as presence) and children (text or nodes). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

export const pathKey = (path) => JSON.stringify(path);

export const fieldId = (path) => `f-${path.join("-").replace(/[^A-Za-z0-9_-]/g, "_")}`;

export function getIn(data, path) {
  return path.reduce((value, part) => (value === null || value === undefined ? undefined : value[part]), data);
}

/** Where the field `path` shows its messages: the field, else the closest group or section that holds it. */
export function holderOf(container, path) {
  for (let length = path.length; length >= 0; length--) {
    const found = container.querySelector(`[data-path="${CSS.escape(pathKey(path.slice(0, length)))}"]`);
    if (found) return found;
  }
  return null;
}

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

  /** The fields of `model` named in `keys` (all when absent), at `path`. */
  fields(model, path, keys = null) {
    const specs = this.model(model).fields.filter((spec) => (keys ? keys.includes(spec.key) : spec.key !== "format"));
    return (keys ? keys.map((key) => specs.find((spec) => spec.key === key)) : specs)
      .map((spec) => this.field(model, spec, [...path, spec.key]));
  }

  field(model, spec, path) {
    const type = spec.type;
    const value = getIn(this.editor.data, path);
    if (type.kind === "model") return this.group(spec, path, this.fields(type.model, path));
    if (type.kind === "list" && type.item.kind === "model") return this.items(spec, path, type.item.model);
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
    const control = multiline ? h("textarea", { ...attributes, rows: 4 }) : h("input", { ...attributes, type: "text" });
    control.value = value === undefined || value === null ? "" : String(value);
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

  /** The choices of a list field: items of the plan it may name, content, or fixed options; null for free text. */
  choicesOf(model, spec, path) {
    const site = this.editor.site;
    const target = site.chain.refs[`${model}.${spec.key}`];
    if (target) {
      const list = getIn(this.editor.data, site.chain.lists[target]);
      const noun = this.model(target).noun;
      return {
        empty: `No ${noun}s yet: add them in step ${stepOf(site, target)} first.`,
        options: (Array.isArray(list) ? list : []).filter((item) => item && typeof item.id === "string" && item.id)
          .map((item) => ({ value: item.id, label: `${item.id}: ${short(item.statement ?? item.title ?? "")}` })),
      };
    }
    const content = { designs: site.designs, standards: site.standards }[spec.type.item.ref];
    if (content) return { options: content.map((c) => ({ value: c.id, label: c.title, hint: c.summary, url: c.url })) };
    if (spec.type.item.ref === "factors") {
      return { groups: site.factors.map((group) => ({ title: group.title, options: group.factors.map((f) => ({ value: f.id, label: f.title, hint: f.summary })) })) };
    }
    if (spec.options) return { options: spec.options.map(([value, label]) => ({ value, label })) };
    return null;
  }

  checkboxes(spec, path, choices, value) {
    const id = fieldId(path);
    // A standard may be named otherwise than the list names it (`spl-2022/learning-practices`): tick its box.
    const citations = spec.type.item.ref === "standards" ? this.editor.site.citations : {};
    const chosen = (Array.isArray(value) ? value.map(String) : []).map((item) => citations[item] ?? item);
    const groups = choices.groups || [{ options: choices.options }];
    const listed = new Set(groups.flatMap((group) => group.options.map((option) => option.value)));
    const strays = chosen.filter((item) => !listed.has(item)).map((item) => ({ value: item, label: `${item} (not in this plan)` }));
    if (strays.length) groups.push({ options: strays });
    let index = 0;
    const update = () => {
      const boxes = [...document.querySelectorAll(`input[name="${CSS.escape(id)}"]`)];
      this.editor.set(path, boxes.filter((box) => box.checked).map((box) => box.value));
      this.editor.touch(path);
    };
    const box = (option) => {
      const optionId = index++ ? `${id}-${index - 1}` : id;
      const input = h("input", {
        type: "checkbox", class: "bm-choice__input", id: optionId, name: id, value: option.value,
        "aria-describedby": option.hint ? `${optionId}-hint` : null, onchange: update,
      });
      input.checked = chosen.includes(option.value);
      return h("div", { class: "bm-choice" }, input, h("label", { class: "bm-choice__label", for: optionId }, option.label),
        option.hint || option.url ? h("div", { class: "bm-hint bm-choice__hint", id: `${optionId}-hint` }, option.hint || "",
          option.url ? [" ", h("a", { href: option.url, target: "_blank" }, "About ", option.label.toLowerCase(), h("span", { class: "bm-visually-hidden" }, " (opens in a new tab)"))] : null) : null);
    };
    const count = groups.reduce((total, group) => total + group.options.length, 0);
    if (!count) return this.fieldset(spec, path, h("p", { class: "bm-hint", id }, choices.empty));
    const body = groups.map((group) => h("div", { class: "bm-choices" }, group.title ? h("p", { class: "bm-choices__title" }, group.title) : null, group.options.map(box)));
    if (count <= LONG) return this.fieldset(spec, path, ...body);
    // A long list (designs, factors) folds away once something is chosen; its summary says what.
    const names = groups.flatMap((group) => group.options).filter((option) => chosen.includes(option.value)).map((option) => option.label);
    return this.fieldset(spec, path, h("details", { class: "bm-choose", open: !names.length && spec.required },
      h("summary", {}, names.length ? `${names.length} chosen: ${names.join(", ")}` : `Choose from ${count}`), ...body));
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

const LONG = 8;
/** Lists of choices longer than this fold away. */
const WIDTHS = { date: "date", school_year: "year", amount: "number", integer: "number" };
const NO_SPELLING = new Set(["pattern", "date", "school_year", "amount"]);

function stepOf(site, model) {
  const key = site.chain.lists[model][1];
  return site.steps.find((step) => step.key === key).number;
}
