// The editor's voice. Every problem has a stable code (diagnostics.CODES) and parameters; `backmap validate`
// words it in YAML's terms, and this module in the form's: field labels, item names and steps, never keys.
// It needs no page, so the tests run it in Node too.

/** "a status", "an id". */
export function article(noun) {
  return /^[aeiou]/i.test(noun) ? "an" : "a";
}

export function capital(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function short(text, length = 80) {
  const plain = String(text).replace(/\s+/g, " ").trim();
  return plain.length > length ? `${plain.slice(0, length - 1)}…` : plain;
}

const quoted = (value) => `“${short(value, 40)}”`;
/** The format's own examples mark code with backticks; the form shows them in quotes. */
const plain = (text) => String(text).replace(/`([^`]*)`/g, "“$1”");

const UNREADABLE = () => "the plan's text cannot be read here: open it in a text editor and fix it at the line given";
const UNSHOWABLE = (p, at) => `${at.Label} is written in a form this editor cannot show: fix it in a text editor`;
const CHAIN_KINDS = { "student need": "StudentNeed", goal: "Goal", "educator need": "EducatorNeed", activity: "Activity" };

/** Each code's words: `p` its parameters, `at` the field it is about (see `describeProblem`). */
export const WORDS = {
  "file-too-large": UNREADABLE, "not-utf8": UNREADABLE, "control-character": UNREADABLE, "odd-line-break": UNREADABLE,
  "yaml-syntax": UNREADABLE,
  "empty-file": UNREADABLE, "top-not-mapping": UNREADABLE, "many-documents": UNREADABLE, "yaml-alias": UNREADABLE,
  "yaml-anchor": UNREADABLE, "yaml-tag": UNREADABLE, "too-deep": UNREADABLE, "key-not-plain": UNREADABLE,
  "duplicate-key": UNREADABLE, unreadable: UNREADABLE,

  required: (p, at) => at.ask,
  "no-value": (p, at) => at.ask,
  "empty-list": (p, at) => at.ask,
  content: (p, at) => `${at.Label}: the site's own content has a problem: ask the site's editors`,
  "unknown-key": (p, at) => `${quoted(p.key)} is not a part of the plan this form knows${p.suggestion ? ` (did you mean ${at.labelOf(p.suggestion)}?)` : ""}: remove it, or rename it in a text editor`,
  blank: (p, at) => `${at.Label} has only spaces: write something in it, or clear it`,
  "yes-no": (p, at) => `${at.Label} reads as the yes/no value ${quoted(p.value)}: write it as text`,
  "not-text": UNSHOWABLE, "not-mapping": UNSHOWABLE, "not-list": UNSHOWABLE, "number-type": UNSHOWABLE, shape: UNSHOWABLE,
  pattern: (p, at) => `${at.Label}: ${quoted(p.value)} is not ${at.type.what ?? "written as this field asks"}${at.type.example ? `: write it like ${plain(at.type.example)}` : ""}`,
  choice: (p, at) => `${at.Label}: ${quoted(p.value)} is not one of the choices${p.suggestion ? ` (did you mean ${quoted(at.optionOf(p.suggestion))}?)` : ""}: choose one`,
  "quoted-number": (p, at) => `${at.Label}: ${quoted(p.value)} is in quotes: write the number alone`,
  "not-a-number": (p, at) => `${at.Label}: ${quoted(p.value)} is not a number: write digits only, such as 12 or 7.5 (no units or $)`,
  integer: (p, at) => `${at.Label}: choose a whole number from ${p.low} to ${p.high}`,
  negative: (p, at) => `${at.Label} cannot be below zero: write 0 or more`,
  "too-large": (p, at) => `${at.Label}: ${quoted(p.value)} is too large: write a number below 1,000,000,000,000`,
  date: (p, at) => `${at.Label} must be a date: write it like 2026-09-15`,
  "unreal-date": (p, at) => `${at.Label}: ${quoted(p.value)} is not a real date: check the month and the day`,
  "school-year": (p, at) => `${at.Label}: ${quoted(p.value)} is not a school year: write it like 2026-27`,
  "school-year-span": (p, at) => `${at.Label}: the years of ${quoted(p.value)} do not follow each other: write ${p.suggested}`,
  "format-version": () => "this plan was written for a newer version of the site's tools: ask the site's editors to upgrade",

  "nameless-file": () => "the plan has no id: write one, as the title gives none (it has no Latin letters)",
  "file-suffix": () => "a plan's file name ends in .yaml: rename the file",
  "file-name": (p) => `${quoted(p.name.replace(/\.[^.]*$/, ""))} cannot be a plan id: use lowercase letters, digits and single hyphens (80 at most), such as maple-elementary-2026-27`,
  "id-mismatch": (p) => `the plan id ${quoted(p.id)} differs from its file's name ${quoted(p.file)}: open the plan from its own file`,
  "plan-id-taken": (p) => `a published plan has the id ${quoted(p.id)} already: choose another id, or open that plan in the editor`,
  "parent-unknown": (p) => `${quoted(p.parent)} is not a published plan of the level above: choose the plan this one nests in, or None`,
  "parent-loop": (p) => `the plans nest in a loop (${p.chain.join(" → ")}): choose a wider plan that does not nest in this one`,
  "step-required": (p, at) => `${at.step(p.step)} — write it, or set the status back to Draft`,
  "id-reserved": (p) => `${quoted(p.id)} is kept for a part of the plan's page: choose another id, such as G1 or A2`,
  "id-duplicate": (p) => `${quoted(p.id)} is the id of another item too (capitals do not count): give each item its own id`,
  "unknown-ref": (p, at) => {
    const also = p.suggestion ? ` (did you mean ${quoted(p.suggestion)}?)` : "";
    const model = CHAIN_KINDS[p.kind];
    return model
      ? `${at.Label}: ${quoted(p.value)} is not ${article(p.kind)} ${p.kind} of this plan${also}: tick one listed, or add it in ${at.stepOf(model)}`
      : `${at.Label}: ${quoted(p.value)} is not ${article(p.kind)} ${p.kind} of this site${also}: choose one listed`;
  },
  "funding-unknown": (p, at) => `${at.Label}: ${quoted(p.value)} is not a funding source this site knows (did you mean ${quoted(p.suggestion)}?): write it as the site names it`,
  "end-before-start": (p) => `the end date ${p.end} is before the start date ${p.start}: swap or correct the dates`,
  "need-unaddressed": (p, at) => `No goal addresses need ${p.id} — tick it under a goal in ${at.closedIn}, or remove the need`,
  "goal-unserved": (p, at) => `No educator need serves goal ${p.id} — tick it under an educator need in ${at.closedIn}`,
  "goal-unmeasured": (p, at) => `No level 5 evaluation question (student learning outcomes) measures goal ${p.id} — add one in ${at.closedIn} and tick the goal`,
  "educator-need-unserved": (p, at) => `No activity serves educator need ${p.id} — tick it under an activity in ${at.closedIn}`,
  "no-level-4": (p, at) => `a plan that is ${at.status(p.status)} needs a level 4 evaluation question (use of new knowledge and skills): add one in ${at.stepOf("EvaluationItem")}`,
};

/** The model of the value at `path`, from the plan's root; null past a leaf. */
/** The number of the step whose list holds the items of `model` (goals: 3); undefined for no such list. */
export function stepNumber(site, model) {
  const key = site.format.chain.lists[model]?.[1];
  return site.steps.find((step) => step.key === key)?.number;
}

export function modelAt(format, path) {
  let model = format.root;
  for (const part of path.slice(0, -1)) {
    if (typeof part === "number") continue;
    const type = format.models[model]?.fields.find((field) => field.key === part)?.type;
    model = type?.kind === "list" ? type.item.model : type?.model;
    if (!model) return null;
  }
  return model;
}

function specOf(format, model, key) {
  return format.models[model]?.fields.find((field) => field.key === key);
}

/** The item a path is in, named as the form names it: "Milestone 2 (Coaching cycle begins)", "Goal G1". */
export function itemName(format, data, path) {
  let name = null;
  let value = data;
  for (const [index, part] of path.entries()) {
    value = value?.[part];
    if (typeof part !== "number") continue;
    const model = modelAt(format, [...path.slice(0, index + 1), "x"]);
    if (!model || !format.models[model].noun || value === null || typeof value !== "object") continue;
    const noun = capital(format.models[model].noun);
    const title = value.title ?? value.milestone ?? value.name ?? value.question ?? value.item ?? value.citation;
    name = typeof value.id === "string" && value.id ? `${noun} ${value.id}` : `${noun} ${part + 1}`;
    if (typeof title === "string" && title.trim()) name += ` (${short(title, 40)})`;
  }
  return name;
}

/** A problem in the form's words, naming the item it is in: "Milestone 2 (Coaching cycle begins): choose a status". */
export function describeProblem(problem, site, data) {
  const format = site.format;
  const path = problem.path;
  const lastKey = [...path].reverse().find((part) => typeof part === "string");
  const keyAt = path.lastIndexOf(lastKey);
  const model = lastKey === undefined ? null : modelAt(format, path.slice(0, keyAt + 1));
  const spec = model ? specOf(format, model, lastKey) : null;
  const label = spec?.label ?? "The plan";
  const type = spec?.type ?? {};
  const step = (key) => {
    const found = site.steps.find((candidate) => candidate.key === key);
    return found ? `Step ${found.number}: ${found.title}` : key;
  };
  const stepOf = (itemModel) => {
    const number = stepNumber(site, itemModel);
    return number ? `Step ${number}` : "its step";
  };
  const choices = (spec?.options ?? []).map(([value, text]) => [value, text]);
  const noun = type.kind === "list" && type.item?.model ? format.models[type.item.model].noun : null;
  const lower = label.toLowerCase();
  const ask = noun ? `add ${article(noun)} ${noun}`
    : type.kind === "list" ? `tick at least one of ${lower}`
      : choices.length || type.kind === "choice" || type.ref ? `choose ${article(lower)} ${lower}`
        : `enter ${article(lower)} ${lower}`;
  const at = {
    Label: label, type, ask, step, stepOf,
    closedIn: `Step ${site.steps.find((candidate) => candidate.key === format.gapClosedIn[problem.code])?.number ?? ""}`,
    labelOf: (key) => quoted(specOf(format, model, key)?.label ?? key),
    optionOf: (value) => choices.find(([option]) => option === value)?.[1] ?? value,
    status: (value) => (specOf(format, format.root, "status")?.options ?? []).find(([option]) => option === value)?.[1]?.toLowerCase() ?? value,
  };
  const words = WORDS[problem.code] ?? WORDS.content;
  const text = words(problem.params ?? {}, at);
  const item = problem.code in format.gapClosedIn ? null : itemName(format, data, path);
  return item ? `${item}: ${text}` : capital(text);
}
