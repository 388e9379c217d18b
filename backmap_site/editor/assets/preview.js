// The plan as its page will read, for Check and send: its details, then each step's answers under the form's
// labels, items named as the form names them, and content named by its titles rather than its ids. Text is
// shown as written (the published page also formats its Markdown); nothing is put in as markup.
import { h } from "./dom.js";
import { getIn } from "./planmodel.js";
import { itemName, modelAt } from "./words.js";

const ABOUT = ["level", "organization", "school_year", "status", "subjects", "grades", "summary"];

/** The preview of `data`, a plan, as a list of nodes. */
export function preview(site, data) {
  const format = site.format;
  const titles = {
    designs: new Map(site.designs.map((design) => [design.id, design.title])),
    standards: new Map(site.standards.map((standard) => [standard.id, standard.title])),
    environments: new Map(site.environments.map((environment) => [environment.id, environment.title])),
    factors: new Map(site.factors.flatMap((group) => group.factors.map((factor) => [factor.id, factor.title]))),
  };
  const spec = (model, key) => format.models[model]?.fields.find((field) => field.key === key);
  const optionOf = (field, value) => field.options?.find(([option]) => option === String(value))?.[1] ?? String(value);

  const text = (field, value) => {
    const type = field.type;
    if (Array.isArray(value)) {
      const names = type.item?.ref && titles[type.item.ref] ? value.map((item) => titles[type.item.ref].get(item) ?? item) : value;
      return names.map(String).join(", ");
    }
    if (type.ref && titles[type.ref]) return titles[type.ref].get(value) ?? String(value);
    return field.options ? optionOf(field, value) : String(value);
  };

  const answer = (field, value) => {
    if (field.type.kind === "markdown") {
      return h("div", { class: "bm-preview__answer" }, h("p", { class: "bm-preview__label" }, field.label),
        String(value).split(/\n\s*\n/).map((paragraph) => h("p", {}, paragraph)));
    }
    return h("p", {}, h("strong", {}, `${field.label}: `), text(field, value));
  };

  const heading = (level, ...children) => h(`h${Math.min(level, 6)}`, {}, ...children);

  /** A field's answer at `path`: a group of fields, a list of items, or a value. */
  const part = (field, path, level) => {
    const value = getIn(data, path);
    const type = field.type;
    if (type.kind === "model" && value && typeof value === "object") return fields(type.model, path, level);
    if (type.kind === "list" && type.item.kind === "model" && Array.isArray(value)) {
      return value.map((item, index) => h("section", { class: "bm-preview__item" }, heading(level, itemName(format, data, [...path, index])),
        item && typeof item === "object" ? fields(type.item.model, [...path, index], level + 1) : null));
    }
    return answer(field, value);
  };

  const fields = (model, path, level) => format.models[model].fields
    .filter((field) => field.key !== "id" && getIn(data, [...path, field.key]) !== undefined)
    .map((field) => (field.type.kind === "model" || (field.type.kind === "list" && field.type.item.kind === "model")
      ? h("section", {}, heading(level, field.label), part(field, [...path, field.key], level + 1))
      : part(field, [...path, field.key], level)));

  const root = format.root;
  const steps = modelAt(format, ["steps", "x"]);
  return [
    h("h4", { class: "bm-preview__title" }, String(data.title ?? "Untitled plan")),
    ABOUT.filter((key) => data[key] !== undefined).map((key) => answer(spec(root, key), data[key])),
    site.steps.map((step) => h("section", {}, h("h5", {}, `Step ${step.number}: ${step.title}`),
      data.steps?.[step.key] === undefined || data.steps?.[step.key] === null ? h("p", {}, "Not planned yet.")
        : part(spec(steps, step.key), ["steps", step.key], 6))),
  ];
}
