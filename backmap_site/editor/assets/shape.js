// The check of a plan's shape: the published JSON Schema (plan.schema.json, without the content's ids, which the
// rules name: unknown-ref) decides which values are wrong, with a vendored validator; CODES below names each
// refusal as `backmap validate` does (diagnostics.CODES), by the schema's keyword and what the value is. Only what
// the schema does not say is written here: what a refused value is called (a quoted number, a school year whose
// years do not follow, a date that does not exist).
import { closest } from "./difflib.js";
import { FLOAT, INT } from "./planfile.js";
import { Validator } from "./vendor/json-schema.js";

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const BLANK = "\\S";
const NUMBERS = new Set(["integer", "amount", "format"]);
/** Keywords that only lead to others (the errors inside them are reported), and the rules' own: a reserved id
 * (`not`), the steps a status requires (`allOf`), the plan id's length (the file name's rule). */
const NOT_SHAPE = new Set(["properties", "patternProperties", "items", "$ref", "anyOf", "allOf", "if", "then", "not", "false",
  "maxLength"]);

/** diagnostics.suggestion: the known name a slip most likely meant, when there is one. */
export function suggestion(value, known) {
  const close = closest(value, known);
  return close === undefined ? {} : { suggestion: close };
}

/** Each keyword's refusal as a code and its parameters: `value` as typed, `text` as written, `plain` unquoted. */
const CODES = {
  type({ node, value, text, plain }) {
    const expected = node.type;
    if (node.const !== undefined) return ["format-version"];
    if (node.format === "date") return ["date"];
    if (expected === "integer" || expected === "number") {
      if (typeof text !== "string") return ["number-type"];
      if (!plain) return ["quoted-number", { value: text }];
      return expected === "integer" ? CODES.maximum({ node, text }) : ["not-a-number", { value: text }];
    }
    if (value === null) return ["no-value"];
    if (expected === "object") return ["not-mapping"];
    if (expected === "array") return ["not-list"];
    return typeof value === "boolean" ? ["yes-no", { value: String(value) }] : ["not-text"];
  },
  const: () => ["format-version"],
  enum: ({ node, text }) => (isBlank(text) ? ["blank"] : ["choice", { value: text, ...suggestion(text, node.enum) }]),
  minItems: () => ["empty-list"],
  pattern({ node, text }) {
    if (node.format === "date") return date(text);
    if (node.pattern === BLANK || isBlank(text)) return ["blank"];
    if (node.pattern.startsWith("^\\d{2}(")) return schoolYear(text);
    return patternOf(node.pattern).test(text.replace(/\n$/, "")) ? ["shape"] : ["pattern", { value: text }];
  },
  format: ({ text }) => date(text),
  minimum: ({ node, text }) => (node.type === "integer" ? CODES.maximum({ node, text }) : ["negative", { value: text }]),
  maximum: ({ node, text }) => ["integer", { value: text, low: node.minimum, high: node.maximum }],
  exclusiveMaximum: ({ text }) => ["too-large", { value: text }],
};
/** Every keyword of the schema this check knows: the tests fail on one it does not. */
export const KEYWORDS = [...NOT_SHAPE, "required", "additionalProperties", ...Object.keys(CODES)];
/** When a value breaks several keywords, the one named first says what it is. */
const FIRST = ["type", "const", "enum", "minItems", "format", "pattern", "minimum", "maximum", "exclusiveMaximum"];

const patterns = new Map();
function patternOf(source) {
  if (!patterns.has(source)) patterns.set(source, new RegExp(source, "u"));
  return patterns.get(source);
}

/** Text with nothing but spaces, as the format's text fields' pattern (`\S`) reads it: blank before malformed. */
function isBlank(text) {
  return !patternOf(BLANK).test(text);
}

function date(text) {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}\n?$/.test(text)) return ["date"];
  const [year, month, day] = text.split("-").map(Number);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const real = year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= DAYS[month - 1] + (month === 2 && leap ? 1 : 0);
  return real && !text.endsWith("\n") ? ["shape"] : ["unreal-date", { value: text }];
}

function schoolYear(text) {
  const match = /^([0-9]{4})-([0-9]{2})\n?$/.exec(text);
  if (!match) return ["school-year", { value: text }];
  const next = (Number(match[1]) + 1) % 100;
  if (next !== Number(match[2])) return ["school-year-span", { value: text, suggested: `${match[1]}-${String(next).padStart(2, "0")}` }];
  return ["shape"];
}

const validators = new WeakMap();
function validatorOf(format) {
  if (!validators.has(format)) validators.set(format, new Validator(format.schema, "2020-12", false));
  return validators.get(format);
}

/** The data as the schema reads it: numbers written plain in the format's number fields are numbers (the
 * format's version is compared as text, quoted or not); all else stays the text it was written as. */
function typed(plan, format) {
  const walk = (value, type, path) => {
    if (value === null || typeof value !== "object") {
      const number = typeof value === "string" && NUMBERS.has(type?.kind) && (plan.isPlain(path) || type.kind === "format")
        && (INT.test(value) || FLOAT.test(value));
      return number ? Number(value) : value;
    }
    if (Array.isArray(value)) return value.map((item, index) => walk(item, type?.kind === "list" ? type.item : null, [...path, index]));
    const fields = type?.kind === "model" ? format.models[type.model].fields : [];
    return Object.fromEntries(Object.entries(value).map(([key, child]) =>
      [key, walk(child, fields.find((field) => field.key === key)?.type, [...path, key])]));
  };
  return walk(plan.data, { kind: "model", model: format.root }, []);
}

/** A JSON pointer's parts (`#/properties/steps`), unescaped. */
function pointer(location) {
  return location.replace(/^#\/?/, "").split("/").filter(Boolean)
    .map((part) => decodeURIComponent(part).replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** The schema's node that holds an error's keyword, through the `$ref`s on the way. */
function nodeAt(schema, location) {
  return pointer(location).slice(0, -1).reduce((node, part) => (part === "$ref"
    ? pointer(node.$ref).reduce((found, step) => found[step], schema) : node[part]), schema);
}

/** An error's place as a path of the data: list indexes as numbers. */
function pathOf(data, location) {
  const path = [];
  let value = data;
  for (const part of pointer(location)) {
    path.push(Array.isArray(value) ? Number(part) : part);
    value = value?.[path.at(-1)];
  }
  return path;
}

/** The problems of a plan's shape, in no order: what `backmap validate` finds before its rules. */
export function shapeProblems(plan, format, report) {
  const data = typed(plan, format);
  const byPlace = new Map();
  for (const error of validatorOf(format).validate(data).errors) {
    if (NOT_SHAPE.has(error.keyword) || error.keywordLocation.includes("/allOf/")) continue;
    const node = nodeAt(format.schema, error.keywordLocation);
    const path = pathOf(data, error.instanceLocation);
    if (error.keyword === "type" && node.type === "null") continue; // the other branch of an optional field
    const named = /"([^"]*)"/.exec(error.error)?.[1];
    if (error.keyword === "required") {
      report([...path, named], "required");
    } else if (error.keyword === "additionalProperties") {
      report([...path, named], "unknown-key", { key: named, ...suggestion(named, Object.keys(node.properties)) }, { key: true });
    } else {
      const place = JSON.stringify(path);
      if (!byPlace.has(place)) byPlace.set(place, [path, []]);
      byPlace.get(place)[1].push([error.keyword, node]);
    }
  }
  for (const [path, refused] of byPlace.values()) {
    const [keyword, node] = refused.sort((a, b) => FIRST.indexOf(a[0]) - FIRST.indexOf(b[0]))[0];
    const at = (root) => path.reduce((value, part) => value?.[part], root);
    const [code, params = {}] = CODES[keyword]({ node, value: at(data), text: at(plan.data), plain: plan.isPlain(path) });
    report(path, code, params);
  }
}
