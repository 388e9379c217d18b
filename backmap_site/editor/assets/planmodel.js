// Changes to a plan's data, made alike by the form (editor.js) and by the checker (checker.js), which keeps its
// own copy of the data, linked to the YAML document it writes: the form sends it each change it makes.

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
