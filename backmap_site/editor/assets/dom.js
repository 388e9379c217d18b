// The editor's few DOM helpers: elements made with text children only (plan text never becomes markup), and
// where each field of the plan shows in the form.

/** Creates an element: attributes (`on*` as listeners, booleans as presence) and children (text or nodes). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

export const pathKey = (path) => JSON.stringify(path);

export const fieldId = (path) => `f-${path.join("-").replace(/[^A-Za-z0-9_-]/g, "_")}`;

/** Where the field `path` shows its messages: the field, else the closest group or section that holds it. */
export function holderOf(container, path) {
  for (let length = path.length; length >= 0; length--) {
    const found = container.querySelector(`[data-path="${CSS.escape(pathKey(path.slice(0, length)))}"]`);
    if (found) return found;
  }
  return null;
}
