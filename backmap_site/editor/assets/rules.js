// The validator's checks in the browser, as codes and parameters (diagnostics.CODES); words.js words them in
// the form's terms. The shape of each field comes from the format (backmap_site/editor/editing.py describes
// format/plan.py's models); the checks of each kind of field and the rules across fields repeat format/plan.py,
// loading.py and validation.py. The tests run every sample and bad plan through both and compare the codes
// found, where: change one, change the other.
import { closeMatches, closest } from "./difflib.js";
import { FLOAT, INT, formatField } from "./planfile.js";

const LARGEST = 1e12; // format.LARGEST: no hours or cost comes near it

const SPACE = "\\t-\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
/** Python's `str.isspace`, which `str.strip` and the regular expressions' \s follow. */
const BLANK = new RegExp(`^[${SPACE}]*$`, "u");

/** A Python regular expression as `re.match` reads it (`$` also before a final newline), and as pydantic does. */
function pythonPattern(pattern) {
  const source = pattern.replace(/\[([^\]]*)\]|\\s|\\S/g, (all, inside) => {
    if (inside !== undefined) return `[${inside.replaceAll("\\s", SPACE)}]`;
    return all === "\\s" ? `[${SPACE}]` : `[^${SPACE}]`;
  });
  return { loose: new RegExp(source.replace(/\$$/, "\\n?$"), "u"), strict: new RegExp(source, "u") };
}

/** A problem of one field: its code (diagnostics.CODES) and what it names. */
class Problem extends Error {
  constructor(code, params = {}) {
    super(code);
    this.code = code;
    this.params = params;
  }
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The checks of format/plan.py, one for each kind of field; each returns the text or throws a Problem. */
const KINDS = {
  text(value) {
    if (typeof value === "string") {
      if (BLANK.test(value)) throw new Problem("blank");
      return value;
    }
    if (value === null) throw new Problem("no-value");
    if (typeof value === "boolean") throw new Problem("yes-no", { value: String(value) });
    throw new Problem("not-text");
  },
  pattern(value, type) {
    const text = KINDS.text(value);
    const { loose, strict } = patterns(type.pattern);
    if (!loose.test(text)) throw new Problem("pattern", { value: text });
    if (!strict.test(text)) throw new Problem("shape");
    return text;
  },
  choice(value, type) {
    const text = KINDS.text(value);
    if (!type.values.includes(text)) throw new Problem("choice", { value: text, ...suggestion(text, type.values) });
    return text;
  },
  integer(value, type, plain) {
    const text = numberText(value, plain);
    const number = Number(text);
    if (!INT.test(text) || text.length > 30 || number < type.low || number > type.high) {
      throw new Problem("integer", { value: text, low: type.low, high: type.high });
    }
    return text;
  },
  amount(value, type, plain) {
    const text = numberText(value, plain);
    if (!INT.test(text) && !FLOAT.test(text)) throw new Problem("not-a-number", { value: text });
    const number = Number(text);
    if (number < 0) throw new Problem("negative", { value: text });
    if (!(number < LARGEST)) throw new Problem("too-large", { value: text });
    return text;
  },
  date(value) {
    const text = typeof value === "string" ? value : null;
    if (text === null || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}\n?$/.test(text)) throw new Problem("date");
    const [year, month, day] = text.split("-").map(Number);
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || year < 1 || month < 1 || month > 12 || day < 1
        || day > DAYS[month - 1] + (month === 2 && leap ? 1 : 0)) {
      throw new Problem("unreal-date", { value: text });
    }
    return text;
  },
  school_year(value) {
    const text = KINDS.text(value);
    const match = /^([0-9]{4})-([0-9]{2})\n?$/.exec(text);
    if (!match) throw new Problem("school-year", { value: text });
    const first = Number(match[1]);
    if ((first + 1) % 100 !== Number(match[2])) {
      throw new Problem("school-year-span", { value: text, suggested: `${match[1]}-${String((first + 1) % 100).padStart(2, "0")}` });
    }
    if (!/^[0-9]{4}-[0-9]{2}$/.test(text)) throw new Problem("shape");
    return text;
  },
  format(value, type, plain, format) {
    // format._format_version compares str(value): only text reads as a version
    if (typeof value !== "string" || value !== String(format.version)) throw new Problem("format-version");
    return value;
  },
};
KINDS.markdown = KINDS.text;

/** diagnostics.suggestion: the known name a slip most likely meant, when there is one. */
function suggestion(value, known) {
  const close = closest(value, known);
  return close === undefined ? {} : { suggestion: close };
}

const compiled = new Map();
function patterns(pattern) {
  if (!compiled.has(pattern)) compiled.set(pattern, pythonPattern(pattern));
  return compiled.get(pattern);
}

function numberText(value, plain) {
  if (typeof value === "string" && plain) return value;
  if (typeof value === "string") throw new Problem("quoted-number", { value });
  throw new Problem("number-type");
}

/** The format's checks (format/plan.py through loading.py): the problems of a plan's shape, in no order. */
function shapeProblems(plan, format, report) {
  function model(value, name, path) {
    const fields = format.models[name].fields;
    for (const field of fields) {
      const where = [...path, field.key];
      if (!Object.hasOwn(value, field.key)) {
        if (field.required) report(where, "required");
      } else {
        check(value[field.key], field.type, where);
      }
    }
    const known = fields.map((field) => field.key);
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) {
        report([...path, key], "unknown-key", { key, ...suggestion(key, known) }, { key: true });
      }
    }
  }

  function check(value, type, path) {
    if (value === null && type.nullable) return;
    if (type.kind === "model" || type.kind === "list") {
      if (value === null) return report(path, "no-value");
      if (type.kind === "model") {
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
          return report(path, "not-mapping");
        }
        return model(value, type.model, path);
      }
      if (!Array.isArray(value)) return report(path, "not-list");
      if (type.min && value.length < type.min) return report(path, "empty-list");
      return value.forEach((item, index) => check(item, type.item, [...path, index]));
    }
    try {
      KINDS[type.kind](value, type, plan.isPlain(path), format);
    } catch (problem) {
      if (!(problem instanceof Problem)) throw problem;
      report(path, problem.code, problem.params);
    }
  }

  model(plan.data, format.root, []);
}

function isReservedAnchor(id, format) {
  const anchor = id.toLowerCase();
  return format.reservedAnchors.includes(anchor) || format.stepSlugs.some((slug) => anchor === slug || anchor.startsWith(`${slug}-`));
}

/** validation.py's rules within one plan, on a plan whose shape is valid. */
function planProblems(plan, context, report) {
  const { format, ids } = context;
  const data = plan.data;
  const steps = data.steps;
  const status = data.status ?? "draft";
  const written = (key) => (Array.isArray(steps[key]) ? steps[key].length > 0 : steps[key] != null);

  for (const [key, from] of Object.entries(format.stepsRequiredFrom)) {
    if (format.statuses.indexOf(status) >= format.statuses.indexOf(from) && !written(key)) {
      report(["steps"], "step-required", { step: key, status }, { key: true, step: key });
    }
  }

  const seen = new Map();
  const declare = (path, items) => (items || []).map((item, index) => {
    const where = [...path, index];
    if (isReservedAnchor(item.id, format)) {
      report([...where, "id"], "id-reserved", { id: item.id });
    } else if (seen.has(item.id.toLowerCase())) {
      const line = plan.mark([...seen.get(item.id.toLowerCase()), "id"]).line;
      report([...where, "id"], "id-duplicate", { id: item.id, line });
    } else {
      seen.set(item.id.toLowerCase(), where);
    }
    return [where, item];
  });
  const { chain } = format;
  const itemsOf = (model) => {
    const items = chain.lists[model].reduce((value, key) => value?.[key], data);
    return Array.isArray(items) ? items : [];
  };
  const declared = Object.fromEntries(chain.identified.map((model) => [model, declare(chain.lists[model], itemsOf(model))]));
  const unknown = (where, value, known, kind) => report(where, "unknown-ref", { value, kind, ...suggestion(value, known) });
  const refs = (where, values, known, kind) => (values || []).forEach((value, index) => {
    if (!known.includes(value)) unknown([...where, index], value, known, kind);
  });
  for (const [name, target] of Object.entries(chain.refs)) {
    const [source, field] = name.split(".");
    const known = declared[target].map(([, item]) => item.id);
    itemsOf(source).forEach((item, index) => refs([...chain.lists[source], index, field], item[field], known, chain.nouns[target]));
  }
  const learning = steps.professional_learning;
  for (const [where, activity] of declared.Activity) {
    refs([...where, "designs"], activity.designs, ids.designs, "learning design");
    refs([...where, "standards"], activity.standards, ids.standards, "standard");
    refs([...where, "factors"], activity.factors, ids.factors, "selection factor");
    if (!ids.environments.includes(activity.environment)) {
      unknown([...where, "environment"], activity.environment, ids.environments, "environment");
    }
    if (activity.start && activity.end && activity.end < activity.start) {
      report([...where, "end"], "end-before-start", { start: activity.start, end: activity.end });
    }
  }
  (learning?.resources || []).forEach((resource, index) => {
    const funding = resource?.funding;
    const [known, suggested] = funding ? classifyFunding(funding, ids.funding) : [null, null];
    if (funding && known === null && suggested) {
      report(["steps", "professional_learning", "resources", index, "funding"], "funding-unknown",
        { value: funding, suggestion: suggested }, { severity: "warning" });
    }
  });

  // A draft's gaps are notes: planning takes weeks, and a draft with gaps is the normal state of a plan.
  const gap = status === "draft" ? "note" : "warning";
  const warn = (where, code, id) => report([...where, "id"], code, { id }, { severity: gap });
  for (const [name, code] of Object.entries(chain.gaps)) {
    const [source, field] = name.split(".");
    const named = new Set(itemsOf(source).flatMap((item) => item[field] ?? []));
    for (const [where, item] of declared[chain.refs[name]]) {
      if (!named.has(item.id)) warn(where, code, item.id);
    }
  }
  const evaluation = declared.EvaluationItem;
  const level5 = evaluation.map(([, item]) => item).filter((item) => Number(item.level) === 5);
  for (const [where, goal] of declared.Goal) {
    if (!level5.some((item) => !item.goals?.length || item.goals.includes(goal.id))) warn(where, "goal-unmeasured", goal.id);
  }
  const pastApproved = format.statuses.slice(format.statuses.indexOf("in-progress"));
  if (pastApproved.includes(status) && !evaluation.some(([, item]) => Number(item.level) === 4)) {
    report(["status"], "no-level-4", { status }, { severity: "warning" });
  }
}

const NAMELESS = [".yaml", ".yml"];

function fileProblems(plan, fileName, report) {
  if (NAMELESS.includes(fileName)) return report([], "nameless-file");
  const dot = fileName.lastIndexOf(".");
  const [stem, suffix] = dot > 0 ? [fileName.slice(0, dot), fileName.slice(dot)] : [fileName, ""];
  if (suffix !== ".yaml") report([], "file-suffix", { suffix });
  if (!/^[a-z0-9]+(-[a-z0-9]+)*\n?$/.test(stem) || [...stem].length > 80) {
    report([], "file-name", { name: fileName });
  } else if (plan.data.id != null && plan.data.id !== stem) {
    report(["id"], "id-mismatch", { id: plan.data.id, file: fileName });
  }
}

/** validate_plans' check of `parent` against the other plans: `plans` maps their ids to their parents. */
function parentProblems(plan, planId, plans, report) {
  const parent = plan.data.parent;
  if (parent == null || /^https?:\/\//.test(parent)) return; // a plan on another site (its state's)
  const known = [...new Set([...plans.keys(), planId])];
  if (!known.includes(parent)) return report(["parent"], "parent-unknown", { parent, ...suggestion(parent, known) });
  const chain = [planId];
  let current = parent;
  while (plans.has(current) && !chain.includes(current)) {
    chain.push(current);
    current = plans.get(current);
  }
  if (current === planId) report(["parent"], "parent-loop", { chain: [...chain, current] });
}

/**
 * Everything `backmap validate` finds in one plan file: each problem with its `code` (diagnostics.CODES),
 * `params`, `path`, `field`, `line`, `column` and `severity` (and, for a missing step, its `step`); words.js
 * words them. `context`: `format` (editing.describe_format), `ids` (content ids by kind), `fileName`, and
 * `plans`, a Map of the other plans' ids to their parents (null when they have none); without it, parents are
 * not checked (the editor, until it has loaded the plans of the levels above).
 */
export function checkPlan(plan, context) {
  const problems = [];
  const report = (path, code, params = {}, { key = false, severity = "error", step } = {}) => {
    problems.push({ path, field: formatField(path), ...plan.mark(path, { key }), code, params, severity, ...(step && { step }) });
  };
  shapeProblems(plan, context.format, report);
  if (!problems.length) {
    fileProblems(plan, context.fileName, report);
    planProblems(plan, context, report);
    if (context.plans && !problems.some((problem) => problem.severity === "error")) {
      const stem = context.fileName.replace(/\.[^.]*$/, "");
      parentProblems(plan, plan.data.id ?? stem, context.plans, report);
    }
  }
  return sortProblems(problems);
}

/** In the order of the file: line, column, then code. */
export function sortProblems(problems) {
  return problems.sort((a, b) => a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** reference.funding_words: names are compared word by word, without case. */
function fundingWords(text) {
  return String(text).toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

/**
 * FundingSources.classify: the source a resource's funding names (the one named first, the longest name at that
 * place), else the name it most likely misspells: [id, null], [null, name] or [null, null].
 */
export function classifyFunding(text, sources) {
  const words = fundingWords(text);
  const names = sources.flatMap((source) => source.names.map((name) => [fundingWords(name), source.id, name]))
    .sort((a, b) => b[0].length - a[0].length);
  for (let start = 0; start < words.length; start++) {
    for (const [nameWords, id] of names) {
      if (nameWords.length && nameWords.every((word, index) => words[start + index] === word)) return [id, null];
    }
  }
  const written = new Map();
  for (const [nameWords, , name] of names) if (!written.has(nameWords.join(" "))) written.set(nameWords.join(" "), name);
  const byLength = new Map();
  for (const form of written.keys()) byLength.set(form.split(" ").length, [...(byLength.get(form.split(" ").length) ?? []), form]);
  const lengths = [...byLength.keys()].sort((a, b) => b - a);
  for (let start = 0; start < words.length; start++) {
    for (const length of lengths) {
      if (start + length > words.length) continue;
      const [close] = closeMatches(words.slice(start, start + length).join(" "), byLength.get(length), 1, FUNDING_CUTOFF);
      if (close !== undefined) return [null, written.get(close)];
    }
  }
  return [null, null];
}

const FUNDING_CUTOFF = 0.8; // reference.FUNDING_CUTOFF

/** The ids a plan may name, by kind, from the editor's data (editor/data.json), as `Reference.ids`. */
export function referenceIds(site) {
  return {
    designs: site.designs.map((design) => design.id),
    environments: site.environments.map((environment) => environment.id),
    standards: Object.keys(site.citations),
    primary: site.primary,
    factors: site.factors.flatMap((group) => group.factors.map((factor) => factor.id)),
    funding: site.funding,
  };
}
