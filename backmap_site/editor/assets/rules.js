// The validator's checks in the browser, as codes and parameters (diagnostics.CODES); words.js words them in
// the form's terms. A plan's shape is checked first (shape.js); then, as model/validation.py does, the rules
// across fields (the backward chain, from the format's table of it), the file's name, and the parents across
// plans. The tests run every sample and bad plan through both and compare the codes found, where.
import { closeMatches } from "./difflib.js";
import { formatField } from "./planfile.js";
import { shapeProblems, suggestion } from "./shape.js";

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
