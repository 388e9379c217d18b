// Writes a plan file back: the data as YAML in the format's order, keeping the comments, key order and quoting
// of the file the plan was opened from (planfile.js links each mapping and list of the data to the node it was
// read from) wherever its items still exist, and writing anything a YAML reader would misread as an escape.
import { FLOAT, INT, NODE, SOURCES, linked, readScalar } from "./planfile.js";
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, isMap, isScalar, isSeq, visit } from "./vendor/yaml.js";

const KEPT = "\uE000kept-block-";
/** Characters a YAML reader refuses raw (controls) or reads as line breaks (NEL, LS, PS in YAML 1.1): written as
 * escapes in double quotes, so that whatever is typed or pasted reads back the same, here and in `backmap validate`. */
const UNSAFE = /[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;
const UNSAFE_ALL = new RegExp(UNSAFE.source, "gu");
const WRITE_OPTIONS = { indent: 2, indentSeq: true, lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false };

/**
 * Writes plan data as YAML: `format` gives the fields' order and kinds; `base` is the document the plan was
 * read from (its comments, order and quoting stay wherever the items still exist), or null for a new plan
 * that starts with the comment `header`.
 */
export class PlanWriter {
  constructor(format, base = null, header = "") {
    this.format = format;
    this.document = base || new Document(null);
    if (!base && header) this.document.commentBefore = header;
  }

  write(data) {
    this.document.contents = this.sync(this.document.contents, data, { kind: "model", model: this.format.root });
    // A folded paragraph the planner did not change keeps its lines as written: the writer would fold it anew.
    const source = SOURCES.get(this.document);
    const kept = [];
    if (source !== undefined) {
      visit(this.document, { Scalar: (_, node) => {
        const block = node.type === Scalar.BLOCK_FOLDED || node.type === Scalar.BLOCK_LITERAL;
        if (block && node.range && !node.comment && !/^[|>][0-9]?\+/.test(source.slice(node.range[0]))) {  // not `|+`: its end is its own
          kept.push([node, node.type, node.value]);
          Object.assign(node, { type: Scalar.PLAIN, value: `${KEPT}${kept.length - 1}\uE000` });
        }
      } });
    }
    let text;
    try {
      text = this.document.toString(WRITE_OPTIONS);
    } finally {
      for (const [node, type, value] of kept) Object.assign(node, { type, value });
    }
    kept.forEach(([node], index) => {
      text = text.replace(`${KEPT}${index}\uE000`, () => source.slice(node.range[0], node.range[1]).replace(/\s+$/, ""));
    });
    // A line left as it was keeps its spacing before a comment (`level: school  # …`): the writer puts one space.
    if (source !== undefined) {
      const spaced = new Map(source.split(/\r?\n/).filter((line) => / {2,}#/.test(line)).map((line) => [line.replace(/ {2,}#/, " #"), line]));
      if (spaced.size) text = text.split("\n").map((line) => spaced.get(line) ?? line).join("\n");
    }
    // Only double-quoted text holds such characters (`scalar`): each becomes its escape.
    return text.replace(UNSAFE_ALL, escapeCharacter);
  }

  field(model, key) {
    return this.format.models[model]?.fields.find((field) => field.key === key);
  }

  sync(node, value, type) {
    if (type?.kind === "model" && isObject(value)) return this.syncMap(node, value, type.model);
    if (type?.kind === "list" && Array.isArray(value)) return this.syncSeq(node, value, type.item);
    if (value !== null && typeof value === "object") return this.create(value, type);
    if (isScalar(node) && readScalar(node) === value) return node;
    const scalar = this.scalar(value, type);
    if (node) for (const part of ["comment", "commentBefore", "spaceBefore"]) if (node[part]) scalar[part] = node[part];
    return scalar;
  }

  syncMap(node, value, model) {
    node = value[NODE] ?? node; // an item keeps its node (and comments) wherever it moved
    if (!isMap(node)) return this.create(value, { kind: "model", model });
    const order = this.format.models[model]?.fields.map((field) => field.key) || [];
    const rank = (key) => (order.includes(key) ? order.indexOf(key) : Infinity);
    node.items = node.items.filter((pair) => {
      const key = String(pair.key?.source ?? pair.key?.value);
      return key.startsWith("x-") || Object.hasOwn(value, key);
    });
    for (const pair of node.items) {
      const key = String(pair.key.source ?? pair.key.value);
      if (!key.startsWith("x-")) pair.value = this.sync(pair.value, value[key], this.field(model, key)?.type);
    }
    const written = new Set(node.items.map((pair) => String(pair.key.source ?? pair.key.value)));
    for (const key of Object.keys(value).filter((k) => !written.has(k)).sort((a, b) => rank(a) - rank(b))) {
      const pair = new Pair(new Scalar(key), this.create(value[key], this.field(model, key)?.type));
      const after = node.items.findIndex((p) => rank(String(p.key.source ?? p.key.value)) > rank(key));
      node.items.splice(after === -1 ? node.items.length : after, 0, pair);
    }
    linked(value, node);
    return node;
  }

  syncSeq(node, items, type) {
    if (!isSeq(node)) return this.create(items, { kind: "list", item: type });
    const unused = new Set(node.items);
    node.items = items.map((item) => {
      const reused = item !== null && typeof item === "object" ? item[NODE]
        : node.items.find((candidate) => unused.has(candidate) && isScalar(candidate) && readScalar(candidate) === item);
      const synced = this.sync(unused.has(reused) ? reused : null, item, type);
      unused.delete(reused);
      return synced;
    });
    linked(items, node);
    return node;
  }

  create(value, type) {
    if (Array.isArray(value)) {
      const seq = new YAMLSeq();
      seq.items = value.map((item) => this.create(item, type?.item));
      seq.flow = value.length > 0 && value.every((item) => item === null || typeof item !== "object");
      linked(value, seq);
      return seq;
    }
    if (isObject(value)) return this.syncMap(linked(value, new YAMLMap())[NODE], value, type?.model);
    return this.scalar(value, type);
  }

  scalar(value, type) {
    const kind = type?.kind === "list" ? type.item?.kind : type?.kind;
    if (typeof value === "string" && (kind === "integer" ? INT : kind === "amount" ? FLOAT : null)?.test(value)) {
      const number = Number(value);
      if (Number.isSafeInteger(number) || (!INT.test(value) && Number.isFinite(number))) {
        const scalar = new Scalar(number);
        const decimals = /^[-+]?[0-9]*\.([0-9]+)$/.exec(value);
        if (decimals) scalar.minFractionDigits = decimals[1].length;
        return scalar;
      }
    }
    const scalar = new Scalar(value);
    if (typeof value === "string" && UNSAFE.test(value)) scalar.type = Scalar.QUOTE_DOUBLE;
    else if (typeof value === "string" && value.includes("\n")) scalar.type = Scalar.BLOCK_LITERAL;
    return scalar;
  }
}

function escapeCharacter(character) {
  const code = character.codePointAt(0);
  const [prefix, digits] = code <= 0xff ? ["\\x", 2] : code <= 0xffff ? ["\\u", 4] : ["\\U", 8];
  return prefix + code.toString(16).toUpperCase().padStart(digits, "0");
}

function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
