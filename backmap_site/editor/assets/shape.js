// The checks of a plan's shape, as codes and parameters (diagnostics.CODES): each field against the format's
// models (editing.describe_format), as format/plan.py and format/loading.py check it, with Python's and
// pydantic's readings of text where JavaScript's differ (what counts as blank, where `$` matches).
import { closest } from "./difflib.js";
import { FLOAT, INT } from "./planfile.js";

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
export function suggestion(value, known) {
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
export function shapeProblems(plan, format, report) {
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
