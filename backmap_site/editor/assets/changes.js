// Changes the form makes to the plan: values, items added and removed (with Undo), and ids renamed, with the
// fields of the backward chain that name them following. Each change is kept for the checker. Mixed into the Editor.
import { fieldId, h, pathKey } from "./dom.js";
import { SUBPAGES } from "./form.js";
import { freshId, getIn, localIds, references, removeIn, setIn, slugify } from "./planmodel.js";

/** What a new item starts with: a milestone added while planning is planned. */
const NEW_ITEMS = { Milestone: { status: "planned" } };

export const Changes = {
  /** Sets the value at `path`, making the mappings on the way; an empty value takes the key away. */
  set(path, value) {
    setIn(this.data, path, value);
    this.changes.push(["set", path, structuredClone(value)]);
    if (pathKey(path) === pathKey(["level"])) this.parentsLoaded = this.loadParents();
    for (const [prefix, refresh] of this.refreshers) if (pathKey(path.slice(0, prefix.length)) === pathKey(prefix)) refresh();
    if (pathKey(path) === pathKey(["title"]) && !this.published && !this.idEdited) {
      this.planId = slugify(value || "");
      const field = document.getElementById(fieldId(["id"]));
      if (field) field.value = this.planId;
    }
    this.changed();
  },

  /** Takes the key at `path` away, and mappings left empty with it (never a list's item, nor `steps`). */
  remove(path) {
    removeIn(this.data, path);
    this.changes.push(["remove", path]);
  },

  touch(path) {
    const parent = getIn(this.data, path.slice(0, -1));
    if (parent === null || typeof parent !== "object") return;
    if (!this.touched.has(parent)) this.touched.set(parent, new Set());
    this.touched.get(parent).add(path.at(-1));
    this.changed();
  },

  changed() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.check(), 150);
  },

  /** Calls `refresh` whenever a value at or below `path` changes, until another section is shown. */
  onChange(path, refresh) {
    this.refreshers.push([path, refresh]);
  },

  addItem(path, model) {
    const list = getIn(this.data, path);
    const prefix = this.format.models[model].prefix;
    const item = { ...NEW_ITEMS[model] };
    if (prefix) {
      item.id = freshId(this.data, this.format.chain, prefix);
    }
    if (Array.isArray(list)) this.set([...path, list.length], item); else this.set(path, [item]);
    const index = getIn(this.data, path).length - 1;
    this.status(`Added ${this.format.models[model].noun}${item.id ? ` ${item.id}` : ""}.`);
    this.changed();
    if (SUBPAGES.has(model)) {
      location.hash = this.itemHash([...path, index]); // its own page, which Back leaves
      return;
    }
    this.show(this.section, { focus: false });
    const fieldset = document.getElementById(fieldId([...path, index]));
    fieldset?.querySelector("input, textarea")?.focus();
  },

  /** The address of an item's own page: `#s-professional_learning/activities/0`. */
  itemHash(itemPath) {
    return `#s-${itemPath[1]}/${itemPath.slice(2).join("/")}`;
  },

  /** Every local id of the plan, wherever its items live. */
  localIds() {
    return localIds(this.data, this.format.chain);
  },

  /** The fields that name items of the list at `listPath`: [the field's path, its values, owner, its id] for each. */
  references(listPath) {
    return references(this.data, this.format.chain, listPath);
  },

  removeItem(path, index, name) {
    const before = this.check(); // the text before the removal, which Undo brings back
    const item = getIn(this.data, path)[index];
    const id = item?.id;
    const from = [];
    if (typeof id === "string" && !this.localIds().some((other, i, all) => other === id && all.indexOf(other) !== i)) {
      for (const [where, values, owner, ownerId] of this.references(path)) {
        if (!values.includes(id)) continue;
        from.push(`${this.format.models[owner].noun} ${ownerId}`);
        this.set(where, values.filter((value) => value !== id));
      }
    }
    this.remove([...path, index]);
    if (!getIn(this.data, path)?.length) this.remove(path);
    if (this.item) history.replaceState(null, "", `#s-${this.section}`);
    this.show(this.section, { focus: false, item: null });
    document.getElementById(`${fieldId(path)}-add`)?.focus();
    this.notify(`Removed ${name.toLowerCase()}${from.length ? `, and took it out of ${from.join(", ")}` : ""}.`,
      h("button", { type: "button", class: "bm-button bm-button--secondary", onclick: async () => this.undo(await before, path) }, "Undo"));
    this.changed();
  },

  undo(text, path) {
    this.fromText(text, { slot: this.slot, planId: this.planId, idEdited: this.idEdited, published: this.published, path: this.path });
    this.show(this.section, { focus: false });
    document.getElementById(`${fieldId(path)}-add`)?.focus();
    this.notify("Undone.");
    this.changed();
  },

  /** An item's id changed from `old` to `id`: the fields naming it follow, unless another item has that id. */
  renamed(itemPath, old, id) {
    if (!old || !id || old === id) return;
    const ids = this.localIds();
    if (ids.filter((other) => other.toLowerCase() === id.toLowerCase()).length > 1 || ids.includes(old)) return;
    let count = 0;
    for (const [where, values] of this.references(itemPath.slice(0, -1))) {
      if (!values.includes(old)) continue;
      count += 1;
      values.splice(values.indexOf(old), 1, id);
      this.set(where, values);
    }
    this.show(this.section, { focus: false });
    document.getElementById(fieldId([...itemPath, "id"]))?.focus();
    if (count) this.status(`Renamed ${old} to ${id} in ${count} place${count > 1 ? "s" : ""}.`);
  },
};
