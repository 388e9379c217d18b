// A plan file as the editor reads it, as backmap_site/format/yamlfile.py reads it: the same refusals (anchors,
// aliases, tags, duplicate keys, depth, size, encoding), every scalar kept as text except null and true/false,
// `x-` keys left out of the data, and the line and column of every key and value. Each mapping and list of the
// data keeps the node it was read from, so that planwriter.js writes the file back with its comments.
import { LineCounter, Scalar, isAlias, isMap, isScalar, isSeq, parseAllDocuments, visit } from "./vendor/yaml.js";

export const MAX_BYTES = 1024 * 1024;
export const MAX_DEPTH = 32;
const NULLS = new Set(["", "~", "null", "Null", "NULL"]);
const TRUE = new Set(["true", "True", "TRUE"]);
const FALSE = new Set(["false", "False", "FALSE"]);
const STR_TAG = "tag:yaml.org,2002:str";
const SYNTAX_HINT = "check the indentation and quoting near this position (a value with ': ' or '#' needs quotes)";
export const INT = /^[-+]?[0-9]+$/;
export const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** The YAML node a mapping or list of the data was read from, or written to. */
export const NODE = Symbol("node");
/** NEL, LS and PS raw in a file: refused, as `yamlfile._ODD_BREAK` refuses them. */
const ODD_BREAK = /[\u0085\u2028\u2029]/;
/** The text each read document came from: block scalars left unchanged are written back as they were. */
export const SOURCES = new WeakMap();

/** `["steps", "improvement_goals", 0, "due"]` → `steps.improvement_goals[0].due`, as diagnostics.format_field. */
export function formatField(path) {
  let text = "";
  for (const part of path) text += typeof part === "number" ? `[${part}]` : text ? `.${part}` : part;
  return text || "(file)";
}

export class ReadError extends Error {
  constructor(problem) {
    super(`${problem.line}:${problem.column}: ${problem.message} — ${problem.hint}`);
    this.problem = problem;
  }
}

/** Where each line starts, to turn offsets into 1-based lines and columns counted in characters. */
class Lines {
  constructor(text) {
    this.text = text;
    this.starts = [0];
    for (const match of text.matchAll(/\r\n|\r|\n/g)) this.starts.push(match.index + match[0].length);
  }

  at(offset) {
    let [low, high] = [0, this.starts.length - 1];
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle] <= offset) low = middle; else high = middle - 1;
    }
    return { line: low + 1, column: [...this.text.slice(this.starts[low], offset)].length + 1 };
  }
}

/** A problem reading the file: its code (diagnostics.CODES) and, for the alert that opens a file, YAML's words. */
function problemAt(position, code, message, hint, path = [], params = {}) {
  return { ...position, path, field: formatField(path), code, params, message, hint, severity: "error" };
}

/** The plan read from a file's bytes, as `load_document` reads it; throws ReadError. */
export function readPlanBytes(bytes) {
  if (bytes.length > MAX_BYTES) {
    throw new ReadError(problemAt({ line: 1, column: 1 }, "file-too-large", "the file is larger than 1 MiB",
      "split it or remove what does not belong in a plan"));
  }
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const start = invalidUtf8(bytes);
    const before = bytes.subarray(0, start);
    const lineStart = before.lastIndexOf(10) + 1;
    throw new ReadError(problemAt({ line: before.filter((b) => b === 10).length + 1, column: start - lineStart + 1 },
      "not-utf8", "the file is not UTF-8 text", "save the file with UTF-8 encoding"));
  }
  return readPlanText(text);
}

function invalidUtf8(bytes) {
  for (let i = 0; i < bytes.length;) {
    const byte = bytes[i];
    const [length, low, high] = byte < 0x80 ? [1] : byte >= 0xc2 && byte <= 0xdf ? [2, 0x80, 0xbf]
      : byte === 0xe0 ? [3, 0xa0, 0xbf] : byte === 0xed ? [3, 0x80, 0x9f] : byte >= 0xe1 && byte <= 0xef ? [3, 0x80, 0xbf]
        : byte === 0xf0 ? [4, 0x90, 0xbf] : byte === 0xf4 ? [4, 0x80, 0x8f] : byte >= 0xf1 && byte <= 0xf3 ? [4, 0x80, 0xbf]
          : [0];
    if (!length) return i;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (next === undefined || next < min || next > max) return i;
    }
    i += length;
  }
  return bytes.length;
}

/** The line and column (in code points) just after `before`, as `yamlfile._position` counts them. */
function lineColumn(before) {
  const lines = before.match(/\r\n|\r|\n/g) ?? [];
  return { line: lines.length + 1, column: [...before.slice(Math.max(before.lastIndexOf("\n"), before.lastIndexOf("\r")) + 1)].length + 1 };
}

function isPrintable(code) {
  return code === 0x09 || code === 0x0a || code === 0x0d || (code >= 0x20 && code <= 0x7e) || code === 0x85
    || (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

/** libyaml refuses control characters; Python then places the byte offset it reports among the characters. */
function controlCharacter(text) {
  let bytes = 0;
  const characters = [...text];
  for (let index = 0; index < characters.length; index++) {
    const code = characters[index].codePointAt(0);
    if (!isPrintable(code)) {
      const hex = code.toString(16).toUpperCase().padStart(4, "0");
      return problemAt(lineColumn(characters.slice(0, bytes).join("")),
        "control-character", `the file contains the control character U+${hex}`,
        "delete it (it often comes with text pasted from another program)", [], { character: `U+${hex}` });
    }
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return null;
}

/** A plan read from text: its data, where everything is written, and the YAML document for writing it back. */
export class PlanText {
  constructor(text) {
    // A lone CR ends a line for PyYAML, not for the parser: read as LF, every offset stays where it was.
    this.text = text.replace(/^\uFEFF/, "").replace(/\r(?!\n)/g, "\n");
    this.lines = new Lines(this.text);
    this.values = new Map();
    this.keys = new Map();
    this.quoted = new Set();
    this.document = null;
    this.data = null;
  }

  position(offset) {
    return this.lines.at(offset);
  }

  /** Where a field is written; falls back to its closest written parent, as `Document.mark`. */
  mark(path, { key = false } = {}) {
    const where = JSON.stringify(path);
    if (key && this.keys.has(where)) return this.position(this.keys.get(where));
    for (let length = path.length; length >= 0; length--) {
      const offset = this.values.get(JSON.stringify(path.slice(0, length)));
      if (offset !== undefined) return this.position(offset);
    }
    return { line: 1, column: 1 };
  }

  /** Whether the scalar at `path` was written without quotes or tag: only such text may be a number. */
  isPlain(path) {
    return !this.quoted.has(JSON.stringify(path));
  }
}

/** The plan read from text, as `load_document` reads it; throws ReadError. */
export function readPlanText(text) {
  const plan = new PlanText(text);
  const odd = ODD_BREAK.exec(plan.text);
  if (odd) {
    const character = `U+${odd[0].codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
    throw new ReadError(problemAt(lineColumn(plan.text.slice(0, odd.index)),
      "odd-line-break", `the file contains ${character}, which YAML readers disagree on (some take it for a line break)`,
      "delete it, or write a space or a line break instead", [], { character }));
  }
  const control = controlCharacter(plan.text);
  if (control) throw new ReadError(control);
  const documents = parseAllDocuments(plan.text, { lineCounter: new LineCounter(), uniqueKeys: false, prettyErrors: false });
  const syntax = documents.flatMap((document) => document.errors || []).concat(documents.errors || [])
    .sort((a, b) => a.pos[0] - b.pos[0])[0];
  const refuse = (offset, code, message, hint, path = []) => {
    const problem = problemAt(plan.position(offset), code, message, hint, path);
    if (syntax && syntax.pos[0] < offset) throw syntaxError(plan, syntax);
    throw new ReadError(problem);
  };
  if (!documents.length) {
    if (syntax) throw syntaxError(plan, syntax);
    refuse(plan.text.length, "empty-file", "the file is empty", "write the plan's fields, starting with `title:`");
  }
  const [document] = documents;
  const top = document.contents;
  if (!isMap(top)) {
    refuse(top ? top.range[0] : document.range[0], "top-not-mapping", "the top of the file must be a mapping of fields",
      "start with `title: ...` on the first line");
  }
  plan.data = compose(plan, top, [], 0, refuse);
  if (documents.length > 1) {
    refuse(documents[1].range[0], "many-documents", "the file holds more than one YAML document", "remove the second `---` and what follows");
  }
  if (syntax) throw syntaxError(plan, syntax);
  keepNotes(document, plan.text);
  plan.document = document;
  SOURCES.set(document, plan.text);
  return plan;
}

/**
 * Notes under an empty key (`backmap new` writes `student_learning_needs:` and an example in comments below
 * it) are read as the empty value's own comment, which would be written back on the key's line, or lost once
 * the key has a value: they are kept as the notes before the next key (or the end of the mapping) instead.
 */
function keepNotes(document, text) {
  visit(document, { Map: (_, map) => {
    map.items.forEach((pair, index) => {
      const value = pair.value;
      if (!isScalar(value) || value.value !== null || !value.comment || !value.range || !/^[ \t]*(\r?\n)/.test(text.slice(value.range[0]))) return;
      const next = map.items[index + 1];
      if (next && isScalar(next.key)) {
        const before = next.key.commentBefore;
        // a blank line between the two notes stays: the parser marks it as a space before the key's own note
        const lines = text.slice(0, next.key.range[0]).split("\n");
        const blank = before && /^\s*$/.test(lines.at(-2 - before.split("\n").length) ?? "");
        next.key.commentBefore = before ? `${value.comment}\n${blank ? "\n" : ""}${before}` : value.comment;
        next.key.spaceBefore = false;
      } else {
        map.comment = map.comment ? `${value.comment}\n${map.comment}` : value.comment;
      }
      value.comment = undefined;
    });
  } });
}

function syntaxError(plan, error) {
  const message = error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
  return new ReadError(problemAt(plan.position(error.pos[0]), "yaml-syntax", `YAML syntax: ${message}`, SYNTAX_HINT));
}

/** Where a node starts, its anchor and tag included (the parser's ranges begin after them). */
function start(text, node) {
  let offset = node.range[0];
  const token = (at) => { // the whitespace-delimited token around `at`
    while (at > 0 && !/\s/.test(text[at - 1])) at--;
    return at;
  };
  if (node.anchor) offset = Math.min(offset, token(text.lastIndexOf(`&${node.anchor}`, offset - 1)));
  if (node.tag) offset = Math.min(offset, token(text.lastIndexOf("!", offset - 1)));
  return offset;
}

function compose(plan, node, path, depth, refuse) {
  if (isAlias(node)) refuse(node.range[0], "yaml-alias", `YAML aliases (*${node.source}) are not allowed`, "write the value out in full", path);
  if (node.anchor) refuse(start(plan.text, node), "yaml-anchor", `YAML anchors (&${node.anchor}) are not allowed`, "remove the anchor and write values out in full", path);
  if (node.tag && !(isScalar(node) && (node.tag === STR_TAG || node.tag === "!"))) {
    refuse(start(plan.text, node), "yaml-tag", `YAML tags (${node.tag.replace("tag:yaml.org,2002:", "!!")}) are not allowed`,
      "remove the tag and write a plain value", path);
  }
  if (!isScalar(node) && depth > MAX_DEPTH) {
    refuse(start(plan.text, node), "too-deep", `the data is nested more than ${MAX_DEPTH} levels deep`, "flatten the structure", path);
  }
  plan.values.set(JSON.stringify(path), start(plan.text, node));
  if (isScalar(node)) {
    // PyYAML refuses an escape of half a surrogate pair ("\ud800"); this parser would keep it
    if (node.type === Scalar.QUOTE_DOUBLE && /[\ud800-\udfff]/u.test(node.source ?? "")) {
      throw new ReadError(problemAt(plan.position(node.range[0]), "yaml-syntax", "YAML syntax: found invalid Unicode character escape code", SYNTAX_HINT));
    }
    if (node.tag || node.type !== Scalar.PLAIN) {
      plan.quoted.add(JSON.stringify(path));
      return String(node.source ?? node.value);
    }
    return scalarValue(node.source ?? String(node.value));
  }
  if (isSeq(node)) {
    return linked(node.items.map((item, index) => compose(plan, item, [...path, index], depth + 1, refuse)), node);
  }
  const mapping = linked({}, node);
  for (const pair of node.items) {
    const key = pair.key;
    if (!isScalar(key)) refuse(key ? key.range[0] : node.range[0], "key-not-plain", "a key must be a plain name", "write `name: value`", path);
    if (key.anchor || (key.tag && key.tag !== STR_TAG)) refuse(key.range[0], "key-not-plain", "keys may not carry anchors or tags", "write a plain key", path);
    const name = String(key.source ?? key.value);
    const keyPath = JSON.stringify([...path, name]);
    if (plan.keys.has(keyPath)) {
      refuse(key.range[0], "duplicate-key", `duplicate key \`${name}\` (first written on line ${plan.position(plan.keys.get(keyPath)).line})`,
        "keep one of the two and merge their contents", [...path, name]);
    }
    plan.keys.set(keyPath, key.range[0]);
    const value = pair.value === null ? null : compose(plan, pair.value, [...path, name], depth + 1, refuse);
    if (pair.value === null || isEmpty(pair.value)) { // libyaml places an empty value just after the colon
      plan.values.set(keyPath, plan.text.indexOf(":", key.range[1]) + 1);
    }
    if (!name.startsWith("x-")) mapping[name] = value;
  }
  return mapping;
}

function isEmpty(node) {
  return isScalar(node) && node.type === Scalar.PLAIN && !node.tag && !node.anchor && node.source === "";
}

function scalarValue(text) {
  if (NULLS.has(text)) return null;
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  return text;
}

export function linked(value, node) {
  Object.defineProperty(value, NODE, { value: node, writable: true, configurable: true });
  return value;
}

/** What a scalar node reads as: null, true, false, or its text. */
export function readScalar(node) {
  if (node.tag || node.type !== Scalar.PLAIN || node.source === undefined) {
    return node.source === undefined && (node.value === null || typeof node.value === "boolean") ? node.value : String(node.source ?? node.value);
  }
  return scalarValue(node.source);
}
