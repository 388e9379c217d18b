// The validator's checks in the browser, in its own words. The shape of each field comes from the format
// (backmap_site/editing.py describes format.py's models); the checks of each kind of field, the reader's
// refusals and the rules across fields repeat format.py, loading.py and validation.py. The tests run every
// sample and bad plan through both and compare the problems found: change one, change the other.
import { didYouMean } from "./difflib.js";
import { FLOAT, INT, formatField } from "./planfile.js";

const LARGEST = 1e12; // format.LARGEST: no hours or cost comes near it

/** A number as a message quotes it: a long one cut short (format._shown does the same). */
function shown(text) {
  return text.length <= 30 ? text : `${text.slice(0, 20)}…`;
}

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

class Problem extends Error {
  constructor(message, hint) {
    super(message);
    this.hint = hint;
  }
}

function kindOf(value) {
  return Array.isArray(value) ? "list" : value !== null && typeof value === "object" ? "mapping" : typeof value === "boolean" ? "bool" : "str";
}

/** Python's str() of a value, as messages quote it. */
function pyStr(value) {
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "string") return value;
  return pyRepr(value);
}

function pyRepr(value) {
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  if (value !== null && typeof value === "object") return `{${Object.entries(value).map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(", ")}}`;
  if (typeof value !== "string") return pyStr(value);
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  return quote + value.replaceAll("\\", "\\\\").replaceAll(quote, `\\${quote}`).replaceAll("\n", "\\n").replaceAll("\t", "\\t").replaceAll("\r", "\\r") + quote;
}

function describe(value) {
  if (Array.isArray(value)) return "a list";
  if (value !== null && typeof value === "object") return "a mapping";
  return `the value \`${pyStr(value)}\``;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The checks of format.py, one for each kind of field; each returns the text or throws a Problem. */
const KINDS = {
  text(value) {
    if (typeof value === "string") {
      if (BLANK.test(value)) throw new Problem("is blank", "write a value, or remove the line");
      return value;
    }
    if (value === null) throw new Problem("has no value", "write a value after the colon, or remove the line");
    if (typeof value === "boolean") throw new Problem(`reads as the yes/no value \`${value}\``, "put the text in quotes");
    throw new Problem(`must be text, not a ${kindOf(value)}`, "write a single line of text");
  },
  pattern(value, type) {
    const text = KINDS.text(value);
    const { loose, strict } = patterns(type.pattern);
    if (!loose.test(text)) throw new Problem(`\`${text}\` is not ${type.what}`, `write it like ${type.example}`);
    if (!strict.test(text)) throw new Problem(`String should match pattern '${type.pattern}'`, "see the plan format in the README");
    return text;
  },
  choice(value, type) {
    const text = KINDS.text(value);
    if (!type.values.includes(text)) {
      throw new Problem(`\`${text}\` is not one of ${type.values.join(", ")}${didYouMean(text, type.values)}`, "use one of the listed values");
    }
    return text;
  },
  integer(value, type, plain) {
    const text = numberText(value, plain);
    const number = Number(text);
    if (!INT.test(text) || text.length > 30 || number < type.low || number > type.high) {
      const all = Array.from({ length: type.high - type.low + 1 }, (_, i) => type.low + i);
      throw new Problem(`\`${shown(text)}\` is not a whole number from ${type.low} to ${type.high}`, `write one of ${all.join(", ")}`);
    }
    return text;
  },
  amount(value, type, plain) {
    const text = numberText(value, plain);
    if (!INT.test(text) && !FLOAT.test(text)) {
      throw new Problem(`\`${shown(text)}\` is not a number`, "write digits only, such as 12 or 7.5 (no units or $)");
    }
    const number = Number(text);
    if (number < 0) throw new Problem(`\`${shown(text)}\` is below zero`, "write 0 or more");
    if (!(number < LARGEST)) throw new Problem(`\`${shown(text)}\` is too large`, "write a number below 1,000,000,000,000");
    return text;
  },
  date(value) {
    const text = typeof value === "string" ? value : null;
    if (text === null || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}\n?$/.test(text)) {
      throw new Problem("must be a date written YYYY-MM-DD", "write it like 2026-09-15");
    }
    const [year, month, day] = text.split("-").map(Number);
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || year < 1 || month < 1 || month > 12 || day < 1
        || day > DAYS[month - 1] + (month === 2 && leap ? 1 : 0)) {
      throw new Problem(`\`${text}\` is not a real date`, "check the month and the day");
    }
    return text;
  },
  school_year(value) {
    const text = KINDS.text(value);
    const match = /^([0-9]{4})-([0-9]{2})\n?$/.exec(text);
    if (!match) throw new Problem(`\`${text}\` is not a school year`, "write it like 2026-27");
    const first = Number(match[1]);
    if ((first + 1) % 100 !== Number(match[2])) {
      throw new Problem(`\`${text}\` spans years that do not follow each other`,
        `write ${match[1]}-${String((first + 1) % 100).padStart(2, "0")}`);
    }
    if (!/^[0-9]{4}-[0-9]{2}$/.test(text)) throw new Problem("String should match pattern '^[0-9]{4}-[0-9]{2}$'", "see the plan format in the README");
    return text;
  },
  format(value, type, plain, format) {
    if (pyStr(value) !== String(format.version)) {
      throw new Problem(`format \`${pyStr(value)}\` is not known to this version of Backmap Site`,
        `write format: ${format.version}, or upgrade backmap-site`);
    }
    return value;
  },
};
KINDS.markdown = KINDS.text;

const compiled = new Map();
function patterns(pattern) {
  if (!compiled.has(pattern)) compiled.set(pattern, pythonPattern(pattern));
  return compiled.get(pattern);
}

function numberText(value, plain) {
  if (typeof value === "string" && plain) return value;
  if (typeof value === "string") throw new Problem(`\`${value}\` is quoted text, not a number`, "remove the quotes");
  throw new Problem(`must be a number, not ${value !== null ? kindOf(value) : "empty"}`, "write a number such as 3 or 1.5");
}

/** The format's checks (format.py through loading.py): the problems of a plan's shape, in no order. */
function shapeProblems(plan, format, report) {
  function model(value, name, path) {
    const fields = format.models[name].fields;
    for (const field of fields) {
      const where = [...path, field.key];
      if (!Object.hasOwn(value, field.key)) {
        if (field.required) report(where, "is required", `add \`${field.key}:\` with a value`);
      } else {
        check(value[field.key], field.type, where);
      }
    }
    const known = fields.map((field) => field.key);
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) {
        report([...path, key], `unknown key \`${key}\`${didYouMean(key, known)}`,
          "fix the spelling, or start the key with `x-` to keep your own note", { key: true });
      }
    }
  }

  function check(value, type, path) {
    if (value === null && type.nullable) return;
    if (type.kind === "model" || type.kind === "list") {
      if (value === null) return report(path, "has no value", "write a value after the colon, or remove the line");
      if (type.kind === "model") {
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
          return report(path, `must be a mapping of fields, not ${describe(value)}`, "write the fields indented below the key, one per line");
        }
        return model(value, type.model, path);
      }
      if (!Array.isArray(value)) return report(path, `must be a list, not ${describe(value)}`, "write each item on its own line, starting with `- `");
      if (type.min && value.length < type.min) return report(path, "is empty", "add at least one item");
      return value.forEach((item, index) => check(item, type.item, [...path, index]));
    }
    try {
      KINDS[type.kind](value, type, plan.isPlain(path), format);
    } catch (problem) {
      if (!(problem instanceof Problem)) throw problem;
      report(path, problem.message, problem.hint);
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
      report(["steps"], `step ${format.stepKeys.indexOf(key) + 1} \`${key}\` is required once the status is \`${status}\``,
        `add \`${key}:\` under \`steps\`, or set \`status: draft\``, { key: true, step: key });
    }
  }

  const seen = new Map();
  const declare = (path, items) => (items || []).map((item, index) => {
    const where = [...path, index];
    if (isReservedAnchor(item.id, format)) {
      report([...where, "id"], `the id \`${item.id}\` is reserved for a section of the plan page`,
        "choose another id, such as one ending in a number (G1, A2)");
    } else if (seen.has(item.id.toLowerCase())) {
      const line = plan.mark([...seen.get(item.id.toLowerCase()), "id"]).line;
      report([...where, "id"], `the id \`${item.id}\` is already used on line ${line}`,
        "give each item its own id (ids are compared without regard to case)");
    } else {
      seen.set(item.id.toLowerCase(), where);
    }
    return [where, item];
  });
  const learning = steps.professional_learning;
  const studentNeeds = declare(["steps", "student_learning_needs", "needs"], steps.student_learning_needs?.needs);
  const goals = declare(["steps", "improvement_goals"], steps.improvement_goals);
  const educatorNeeds = declare(["steps", "educator_learning_needs", "needs"], steps.educator_learning_needs?.needs);
  const activities = declare(["steps", "professional_learning", "activities"], learning?.activities);
  const evaluation = declare(["steps", "professional_learning", "evaluation"], learning?.evaluation);

  const unknown = (where, value, known, kind, origin, listedIds) => {
    const shown = listedIds || known;  // standards: the hint lists the primary framework's
    const listed = shown.length > 0 && shown.length <= 8 ? `: ${shown.join(", ")}` : "";
    report(where, `unknown ${kind} \`${value}\`${didYouMean(value, known)}`, known.length ? `use an id from ${origin}${listed}` : `add it in ${origin} first`);
  };
  const refs = (where, values, known, kind, origin, listedIds) => (values || []).forEach((value, index) => {
    if (!known.includes(value)) unknown([...where, index], value, known, kind, origin, listedIds);
  });
  const idsOf = (declared) => declared.map(([, item]) => item.id);
  const [studentNeedIds, goalIds, educatorNeedIds, activityIds] = [studentNeeds, goals, educatorNeeds, activities].map(idsOf);
  for (const [where, goal] of goals) refs([...where, "student_needs"], goal.student_needs, studentNeedIds, "student need", "step 1");
  for (const [where, need] of educatorNeeds) refs([...where, "goals"], need.goals, goalIds, "goal", "step 3");
  (steps.research?.sources || []).forEach((source, index) => {
    refs(["steps", "research", "sources", index, "needs"], source.needs, educatorNeedIds, "educator need", "step 4");
  });
  const dated = [];
  for (const [where, activity] of activities) {
    refs([...where, "educator_needs"], activity.educator_needs, educatorNeedIds, "educator need", "step 4");
    refs([...where, "designs"], activity.designs, ids.designs, "learning design", "content/designs");
    refs([...where, "standards"], activity.standards, ids.standards, "standard", ids.primary.folder, ids.primary.ids);
    refs([...where, "factors"], activity.factors, ids.factors, "selection factor", "content/concepts/factors.yaml");
    if (!ids.environments.includes(activity.environment)) {
      unknown([...where, "environment"], activity.environment, ids.environments, "environment", "content/environments");
    }
    if (activity.start && activity.end && activity.end < activity.start) dated.push([where, activity]);
  }
  for (const [where, item] of evaluation) {
    refs([...where, "goals"], item.goals, goalIds, "goal", "step 3");
    refs([...where, "activities"], item.activities, activityIds, "activity", "step 6");
  }
  for (const [where, activity] of dated) {
    report([...where, "end"], `the end ${activity.end} is before the start ${activity.start}`, "swap or correct the dates");
  }

  // A draft's gaps are notes: planning takes weeks, and a draft with gaps is the normal state of a plan.
  const gap = status === "draft" ? "note" : "warning";
  const warn = (where, message, hint) => report([...where, "id"], message, hint, { severity: gap });
  const addressed = new Set(goals.flatMap(([, goal]) => goal.student_needs));
  const servedGoals = new Set(educatorNeeds.flatMap(([, need]) => need.goals));
  const servedNeeds = new Set(activities.flatMap(([, activity]) => activity.educator_needs));
  const level5 = evaluation.map(([, item]) => item).filter((item) => Number(item.level) === 5);
  for (const [where, need] of studentNeeds) {
    if (!addressed.has(need.id)) warn(where, `no goal addresses the student need \`${need.id}\``, "name it in a goal's `student_needs` (step 3), or remove it");
  }
  for (const [where, goal] of goals) {
    if (!servedGoals.has(goal.id)) warn(where, `no educator need serves the goal \`${goal.id}\``, "name it in an educator need's `goals` (step 4)");
    if (!level5.some((item) => !item.goals?.length || item.goals.includes(goal.id))) {
      warn(where, `no level 5 evaluation item (student learning outcomes) measures the goal \`${goal.id}\``,
        "add an evaluation item with `level: 5` whose `goals` names it (step 6)");
    }
  }
  for (const [where, need] of educatorNeeds) {
    if (!servedNeeds.has(need.id)) warn(where, `no activity serves the educator need \`${need.id}\``, "name it in an activity's `educator_needs` (step 6)");
  }
  const pastApproved = format.statuses.slice(format.statuses.indexOf("in-progress"));
  if (pastApproved.includes(status) && !evaluation.some(([, item]) => Number(item.level) === 4)) {
    report(["status"], `a plan that is \`${status}\` has no level 4 evaluation item (use of new knowledge and skills)`,
      "add an evaluation item with `level: 4` under steps.professional_learning.evaluation", { severity: "warning" });
  }
}

const NAMELESS = [".yaml", ".yml"];
const NAMELESS_HINT = "name it after the plan in lowercase letters, digits and single hyphens, e.g. maple-elementary-2026-27.yaml";

function fileProblems(plan, fileName, report) {
  if (NAMELESS.includes(fileName)) {
    report([], "the file has no name, and a plan's file name is its id", NAMELESS_HINT);
    return;
  }
  const dot = fileName.lastIndexOf(".");
  const [stem, suffix] = dot > 0 ? [fileName.slice(0, dot), fileName.slice(dot)] : [fileName, ""];
  if (suffix !== ".yaml") report([], `plan files end in .yaml, not ${suffix}`, `rename it to ${stem}.yaml`);
  if (!/^[a-z0-9]+(-[a-z0-9]+)*\n?$/.test(stem) || [...stem].length > 80) {
    report([], `the file name \`${fileName}\` is not a valid plan id`,
      "rename it in lowercase letters, digits and single hyphens (80 characters at most), e.g. maple-elementary-2026-27.yaml");
  } else if (plan.data.id != null && plan.data.id !== stem) {
    report(["id"], `the id \`${plan.data.id}\` differs from the file name \`${fileName}\``,
      `rename the file to ${plan.data.id}.yaml, or remove the \`id\` line`);
  }
}

/** validate_plans' check of `parent` against the other plans: `plans` maps their ids to their parents. */
function parentProblems(plan, planId, plans, report) {
  const parent = plan.data.parent;
  if (parent == null) return;
  const known = [...new Set([...plans.keys(), planId])];
  if (!known.includes(parent)) {
    report(["parent"], `unknown parent plan \`${parent}\`${didYouMean(parent, known)}`, "use the id (file name without .yaml) of an existing plan");
    return;
  }
  const chain = [planId];
  let current = parent;
  while (plans.has(current) && !chain.includes(current)) {
    chain.push(current);
    current = plans.get(current);
  }
  if (current === planId) {
    report(["parent"], `the parents form a loop: ${[...chain, current].join(" → ")}`,
      "a plan's parent must be a plan at a wider level that does not nest in it");
  }
}

/**
 * Everything `backmap validate` finds in one plan file, sorted as it sorts them: each problem with its
 * `path`, `field`, `line`, `column`, `message`, `hint` and `severity` (and, for a missing step, its `step`).
 * `context`: `format` (editing.describe_format), `ids` (content ids by kind), `fileName`, and `plans`, a Map
 * of the other plans' ids to their parents (null when they have none).
 */
export function checkPlan(plan, context) {
  const problems = [];
  const report = (path, message, hint, { key = false, severity = "error", step } = {}) => {
    problems.push({ path, field: formatField(path), ...plan.mark(path, { key }), message, hint, severity, ...(step && { step }) });
  };
  shapeProblems(plan, context.format, report);
  if (!problems.length) {
    fileProblems(plan, context.fileName, report);
    planProblems(plan, context, report);
    if (!problems.some((problem) => problem.severity === "error")) {
      const stem = context.fileName.replace(/\.[^.]*$/, "");
      parentProblems(plan, plan.data.id ?? stem, context.plans || new Map(), report);
    }
  }
  return sortProblems(problems);
}

/** Diagnostic.sort_key: line, column, then message (compared by code point, as Python compares text). */
export function sortProblems(problems) {
  const byCodePoint = (x, y) => {
    const [a, b] = [Array.from(x, (c) => c.codePointAt(0)), Array.from(y, (c) => c.codePointAt(0))];
    const at = a.findIndex((code, i) => code !== b[i]);
    return at === -1 ? a.length - b.length : at >= b.length ? 1 : a[at] - b[at];
  };
  return problems.sort((a, b) => a.line - b.line || a.column - b.column || byCodePoint(a.message, b.message));
}

/** The ids a plan may name, by kind, from the editor's data (editor/data.json), as `Reference.ids`. */
export function referenceIds(site) {
  return {
    designs: site.designs.map((design) => design.id),
    environments: site.environments.map((environment) => environment.id),
    standards: Object.keys(site.citations),
    primary: site.primary,
    factors: site.factors.flatMap((group) => group.factors.map((factor) => factor.id)),
  };
}
