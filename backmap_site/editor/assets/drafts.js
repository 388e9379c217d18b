// The drafts this browser keeps: one for each plan being edited (its slot: "new", or the plan's id), and those
// set aside because they could not be read back, which are never deleted. No DOM: any Storage will do
// (localStorage in the editor), so the fast tests run it in Node.

export class Drafts {
  constructor(storage, prefix) {
    this.storage = storage;
    this.prefix = prefix;
    this.aside = `${prefix}set-aside:`;
  }

  /** The slot's draft, or null; a draft that cannot be read is set aside. */
  get(slot) {
    const stored = this.storage.getItem(this.prefix + slot);
    try {
      return JSON.parse(stored);
    } catch {
      this.setAside(slot, { text: stored, at: Date.now() });
      return null;
    }
  }

  /** A draft that cannot be read is kept aside, never deleted, and offered for download. */
  setAside(slot, draft) {
    this.storage.setItem(`${this.aside}${slot}:${draft.at ?? Date.now()}`, JSON.stringify(draft));
    this.storage.removeItem(this.prefix + slot);
  }

  /** Keeps the slot's draft; whether the storage kept it (read back, as it was written). */
  keep(slot, draft) {
    const stored = JSON.stringify(draft);
    try {
      this.storage.setItem(this.prefix + slot, stored);
      return this.storage.getItem(this.prefix + slot) === stored;
    } catch {
      return false; // full, or refused: the editor then asks for a download
    }
  }

  forget(slot) {
    this.storage.removeItem(this.prefix + slot);
  }

  /** Whether a storage event (another tab's change) is about the slot's draft. */
  isKeyOf(slot, key) {
    return key === this.prefix + slot;
  }

  /** The drafts set aside, oldest first: each with its storage key, slot, text, date and a file name for it. */
  setAsideDrafts() {
    return this.keys().filter((key) => key.startsWith(this.aside)).sort().map((key) => {
      let text = this.storage.getItem(key);
      let at = Number(key.slice(key.lastIndexOf(":") + 1)) || Date.now();
      try {
        const draft = JSON.parse(text);
        if (draft !== null && typeof draft === "object" && !Array.isArray(draft)) {
          text = draft.text;
          if (Number.isFinite(draft.at)) at = draft.at;
        }
      } catch {
        // kept as it was stored: offered as it is
      }
      const slot = key.slice(this.aside.length).replace(/:\d+$/, "");
      const name = `${slot === "new" ? "new-plan" : slot}-draft-${new Date(at).toISOString().slice(0, 10)}.yaml`;
      return { key, slot, text: text ?? "", at, name };
    });
  }

  /** Forgets a draft set aside, by its storage key. */
  forgetSetAside(key) {
    if (key.startsWith(this.aside)) this.storage.removeItem(key);
  }

  /** The slots of the other drafts this browser keeps. */
  others(slot) {
    return this.keys().filter((key) => key.startsWith(this.prefix) && !key.startsWith(this.aside))
      .map((key) => key.slice(this.prefix.length)).filter((other) => other !== slot);
  }

  keys() {
    return Array.from({ length: this.storage.length }, (_, index) => this.storage.key(index));
  }
}
