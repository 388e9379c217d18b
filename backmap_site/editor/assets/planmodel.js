// The plan's data and changes to it, made alike by the form (changes.js) and by the checker (checker.js), which
// keeps its own copy of the data, linked to the YAML document it writes: the form sends it each change it makes.
// Also what the backward chain makes of the data: its local ids, and the fields that name an item. No DOM: the
// fast tests run it in Node.

/** A plan id: its file name and web address. */
export const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** `backmap new`'s id from a title (scaffold.slugify). */
export function slugify(title) {
  const letters = title.toLowerCase().normalize("NFKD").replace(/\p{Mn}/gu, "");
  return letters.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80).replace(/-+$/, "");
}

export function getIn(data, path) {
  return path.reduce((value, part) => (value === null || value === undefined ? undefined : value[part]), data);
}

const same = (a, b) => a.length === b.length && a.every((part, index) => part === b[index]);

/** Sets the value at `path`, making the mappings on the way; an empty value takes the key away. */
export function setIn(data, path, value) {
  if (value === "" || value === null || (Array.isArray(value) && !value.length)) return removeIn(data, path);
  let node = data;
  for (const [index, part] of path.slice(0, -1).entries()) {
    if (node[part] === null || typeof node[part] !== "object") node[part] = typeof path[index + 1] === "number" ? [] : {};
    node = node[part];
  }
  node[path.at(-1)] = value;
  return undefined;
}

/** Takes the key at `path` away, and mappings left empty with it (never a list's item, nor `steps`). */
export function removeIn(data, path) {
  for (let length = path.length; length > 0; length--) {
    const parent = getIn(data, path.slice(0, length - 1));
    const key = path[length - 1];
    if (parent === null || typeof parent !== "object" || !(key in parent)) return;
    if (Array.isArray(parent)) {
      parent.splice(key, 1);
      return;
    }
    delete parent[key];
    const up = path.slice(0, length - 1);
    if (Object.keys(parent).length || !up.length || same(up, ["steps"]) || typeof up.at(-1) === "number") return;
  }
}

/** Applies the changes `[["set", path, value] | ["remove", path], …]` in order. */
export function apply(data, changes) {
  for (const [change, path, value] of changes) {
    if (change === "set") setIn(data, path, value);
    else removeIn(data, path);
  }
}

/** Every local id of the plan, wherever the items of the backward chain live (`chain`: format.chain). */
export function localIds(data, chain) {
  return Object.values(chain.lists).flatMap((path) => getIn(data, path) || [])
    .map((item) => item?.id).filter((id) => typeof id === "string");
}

/** A new item's id: the prefix and the first number no item uses (ids compare without case). */
export function freshId(data, chain, prefix) {
  const used = new Set(localIds(data, chain).map((id) => id.toLowerCase()));
  let number = 1;
  while (used.has(`${prefix}${number}`.toLowerCase())) number++;
  return `${prefix}${number}`;
}

/** The fields that name items of the list at `listPath`: [the field's path, its values, the naming item's model,
 * its id] for each. */
export function references(data, chain, listPath) {
  const { lists, refs } = chain;
  const key = JSON.stringify(listPath);
  const model = Object.keys(lists).find((name) => JSON.stringify(lists[name]) === key);
  if (!model) return [];
  return Object.entries(refs).filter(([, target]) => target === model).flatMap(([field]) => {
    const [owner, name] = field.split(".");
    return (getIn(data, lists[owner]) || []).map((item, index) => [[...lists[owner], index, name], item?.[name], owner, item?.id]);
  }).filter(([, values]) => Array.isArray(values));
}
