// The chain pickers: the choices of a list field (the plan's own items it may name, the site's designs,
// standards and selection factors, or fixed options) as checkboxes or a summary list, and the designs suggested
// for an activity, each with why. Mixed into the form's Fields.
import { fieldId, h, pathKey } from "./dom.js";
import { getIn } from "./planmodel.js";
import { article, capital, itemName, short, stepNumber } from "./words.js";

/** Lists of choices longer than these (required, optional) fold away. */
const LONG = 8;
const SHORT = 4;

/** Text compared without case or accents. */
function normal(text) {
  return String(text).toLowerCase().normalize("NFKD").replace(/\p{Mn}/gu, "");
}

/**
 * The designs that fit an activity best, each with why: ranked by how many of the plan's chosen selection
 * factors (this activity's first, then the other activities') and the activity's environment match the
 * design's own `factors` and `environments` (content/designs/).
 */
export function suggest(site, data, activityPath, chosen, count = 3) {
  const activity = getIn(data, activityPath) ?? {};
  const activities = getIn(data, activityPath.slice(0, -1));
  const own = new Set(activity.factors ?? []);
  const plan = new Set((Array.isArray(activities) ? activities.flatMap((other) => other?.factors ?? []) : []).filter((factor) => !own.has(factor)));
  const titles = new Map(site.factors.flatMap((group) => group.factors.map((factor) => [factor.id, factor.title])));
  const named = (factors) => factors.map((factor) => titles.get(factor) ?? factor).join(", ");
  const environment = site.environments.find((candidate) => candidate.id === activity.environment);
  return site.designs.filter((design) => !chosen.includes(design.id)).map((design) => {
    const fitsOwn = (design.factors ?? []).filter((factor) => own.has(factor));
    const fitsPlan = (design.factors ?? []).filter((factor) => plan.has(factor));
    const inEnvironment = Boolean(environment && (design.environments ?? []).includes(environment.id));
    const reasons = [fitsOwn.length && `fits ${fitsOwn.length} of this activity's selection factors (${named(fitsOwn)})`,
      fitsPlan.length && `${fitsOwn.length ? `${fitsPlan.length} more` : `fits ${fitsPlan.length}`} of the plan's (${named(fitsPlan)})`,
      inEnvironment && `runs ${environment.title.toLowerCase()}`].filter(Boolean);
    const why = reasons.length > 1 ? `${reasons.slice(0, -1).join(", ")} and ${reasons.at(-1)}` : reasons[0];
    return { design, fits: fitsOwn.length + fitsPlan.length, score: 2 * fitsOwn.length + fitsPlan.length + Number(inEnvironment), why: capital(`${why}.`) };
  }).filter(({ fits }) => fits) // the environment alone fits most designs
    .sort((a, b) => b.score - a.score || a.design.title.localeCompare(b.design.title)).slice(0, count);
}

export const Pickers = {
  /** The choices of a list field: items of the plan it may name, content, or fixed options; null for free text. */
  choicesOf(model, spec, path) {
    const site = this.editor.site;
    const target = site.format.chain.refs[`${model}.${spec.key}`];
    if (target) {
      const list = getIn(this.editor.data, site.format.chain.lists[target]);
      const noun = this.model(target).noun;
      return {
        empty: `No ${noun}s yet: add them in step ${stepNumber(site, target)} first.`,
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
  },

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
    if (count <= (spec.required ? LONG : SHORT)) return this.fieldset(spec, path, ...body);
    // A long list (designs, factors) folds away once something is chosen; its summary says what.
    const names = groups.flatMap((group) => group.options).filter((option) => chosen.includes(option.value)).map((option) => option.label);
    return this.fieldset(spec, path, h("details", { class: "bm-choose", open: !names.length && spec.required },
      h("summary", {}, names.length ? `${names.length} chosen: ${names.join(", ")}` : `Choose from ${count}`), ...body));
  },

  /** A list of large items (activities, evaluation questions), in GOV.UK's "add another" pattern: a summary of
   * each, with a link to change it on its own page, then Add. */
  summaryList(spec, path, model) {
    const list = getIn(this.editor.data, path);
    const items = Array.isArray(list) ? list : [];
    const noun = this.model(model).noun;
    const id = fieldId(path);
    return h("section", { class: "bm-items", "data-path": pathKey(path), "aria-labelledby": `${id}-title` },
      h("h3", { class: "bm-items__title", id: `${id}-title` }, spec.label, spec.required ? "" : h("span", { class: "bm-optional" }, " (optional)")),
      this.hint(spec, id),
      items.length ? h("dl", { class: "bm-summary-list" }, items.map((item, index) => {
        const itemPath = [...path, index];
        const name = itemName(this.format, this.editor.data, itemPath);
        return h("div", { class: "bm-summary-list__row", id: fieldId(itemPath), "data-path": pathKey(itemPath) },
          h("dt", {}, name),
          h("dd", {}, this.described(model, item)),
          h("dd", { class: "bm-summary-list__actions" },
            h("a", { href: this.editor.itemHash(itemPath) }, "Change", h("span", { class: "bm-visually-hidden" }, ` ${name}`)), " ",
            h("button", { type: "button", class: "bm-button bm-button--secondary bm-button--small", onclick: () => this.editor.removeItem(path, index, name) },
              "Remove", h("span", { class: "bm-visually-hidden" }, ` ${name}`))));
      })) : h("p", { class: "bm-hint" }, `No ${noun === "activity" ? "activities" : `${noun}s`} yet.`),
      h("button", { type: "button", class: "bm-button bm-button--secondary", id: `${id}-add`, onclick: () => this.editor.addItem(path, model) },
        `Add ${article(noun)} ${noun}`));
  },

  /** What a summary row says of an item: the answers a reader looks for first. */
  described(model, item) {
    if (item === null || typeof item !== "object") return "";
    const site = this.editor.site;
    const titleOf = (list, key) => list.find((entry) => entry.id === key)?.title ?? key;
    const parts = model === "Activity"
      ? [(item.designs ?? []).map((key) => titleOf(site.designs, key)).join(", "), item.environment && titleOf(site.environments, item.environment),
        item.hours !== undefined && `${item.hours} hours`, item.schedule]
      : [item.level && `Level ${item.level}`, item.evidence, item.timing];
    const text = parts.filter((part) => typeof part === "string" && part).join(" · ");
    return text || "Not filled in yet";
  },

  /** The learning designs: a box that filters them as you type, the chosen ones as removable chips, and the
   * designs that fit the activity's environment and the plan's selection factors best. */
  designs(spec, path) {
    const id = fieldId(path);
    const site = this.editor.site;
    const activityPath = path.slice(0, -1);
    const chosen = () => {
      const value = getIn(this.editor.data, path);
      return Array.isArray(value) ? value.map(String) : [];
    };
    const title = (key) => site.designs.find((design) => design.id === key)?.title ?? `${key} (not a design of this site)`;
    const input = h("input", {
      type: "text", id, class: "bm-input", role: "combobox", autocomplete: "off", spellcheck: "false",
      "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": `${id}-options`, "aria-describedby": `${id}-hint`,
    });
    const options = h("ul", { id: `${id}-options`, role: "listbox", class: "bm-options", "aria-label": `${spec.label}: matches`, hidden: true });
    const chips = h("ul", { class: "bm-chips", "aria-label": `${spec.label} chosen` });
    const suggested = h("div", { class: "bm-suggestions" });
    const said = h("div", { class: "bm-visually-hidden", role: "status" });
    let matches = [];
    let active = -1;

    const choose = (keys, { focus = input } = {}) => {
      this.editor.set(path, keys);
      this.editor.touch(path);
      draw();
      focus?.focus();
    };
    const add = (key) => {
      if (!chosen().includes(key)) choose([...chosen(), key]);
      said.textContent = `Added ${title(key)}.`;
      input.value = "";
      filter();
    };
    const filter = () => {
      const words = normal(input.value).split(/\s+/).filter(Boolean);
      const query = words.join(" ");
      const rank = (design) => (normal(design.title).startsWith(query) ? 0 : normal(design.title).includes(query) ? 1 : 2);
      matches = words.length ? site.designs.filter((design) => !chosen().includes(design.id)
        && words.every((word) => normal(`${design.title} ${design.summary}`).includes(word))).sort((a, b) => rank(a) - rank(b)) : [];
      active = matches.length ? 0 : -1;
      options.replaceChildren(...matches.map((design, index) => h("li", {
        role: "option", id: `${id}-option-${index}`, class: "bm-option", "aria-selected": index === active ? "true" : "false",
        onmousedown: (event) => { event.preventDefault(); add(design.id); },
      }, h("span", { class: "bm-option__title" }, design.title), h("span", { class: "bm-option__hint" }, design.summary))));
      options.hidden = !matches.length;
      input.setAttribute("aria-expanded", String(!options.hidden));
      mark();
      if (words.length) said.textContent = matches.length ? `${matches.length} ${matches.length === 1 ? "design matches" : "designs match"}: use the arrow keys, then Enter.` : "No design matches.";
    };
    const mark = () => {
      [...options.children].forEach((option, index) => option.setAttribute("aria-selected", index === active ? "true" : "false"));
      if (active >= 0) {
        input.setAttribute("aria-activedescendant", `${id}-option-${active}`);
        options.children[active].scrollIntoView?.({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    };
    input.addEventListener("input", filter);
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!matches.length) return;
        event.preventDefault();
        active = (active + (event.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length;
        mark();
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        add(matches[active].id);
      } else if (event.key === "Escape" && !options.hidden) {
        event.preventDefault();
        input.value = "";
        filter();
      }
    });
    input.addEventListener("blur", () => { options.hidden = true; input.setAttribute("aria-expanded", "false"); });
    input.addEventListener("focus", () => input.value && filter());

    const draw = () => {
      chips.replaceChildren(...chosen().map((key, index) => h("li", { class: "bm-chip" }, h("span", {}, title(key)), " ",
        h("button", { type: "button", class: "bm-chip__remove", onclick: () => {
          const left = chosen().filter((other) => other !== key);
          choose(left, { focus: null });
          said.textContent = `Removed ${title(key)}.`;
          (chips.querySelectorAll("button")[Math.min(index, left.length - 1)] ?? input).focus();
        } }, "Remove", h("span", { class: "bm-visually-hidden" }, ` ${title(key)}`)))));
      chips.hidden = !chosen().length;
      const suggestions = suggest(site, this.editor.data, activityPath, chosen());
      suggested.replaceChildren(...(suggestions.length ? [
        h("p", { class: "bm-suggestions__title", id: `${id}-suggested` }, "Suggested for this activity"),
        h("ul", { class: "bm-suggestions__list", "aria-labelledby": `${id}-suggested` }, suggestions.map(({ design, why }) => h("li", {},
          h("button", { type: "button", class: "bm-button bm-button--secondary bm-button--small", "aria-describedby": `${id}-why-${design.id}`,
            onclick: () => add(design.id) }, "Add ", design.title),
          " ", h("span", { class: "bm-hint", id: `${id}-why-${design.id}` }, why))))]
        : [h("p", { class: "bm-hint" }, "Choose the activity's selection factors above to see the designs that fit them best.")]));
    };
    this.editor.onChange(activityPath, draw);
    draw();
    const hint = h("div", { class: "bm-hint", id: `${id}-hint` },
      "Type part of a design's name or what it does, then choose it with the arrow keys and Enter. Several designs are often coupled.");
    return this.holder(path, this.label(spec, id), hint, chips, h("div", { class: "bm-combobox" }, input, options), said, suggested);
  },
};
