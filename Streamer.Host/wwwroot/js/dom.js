// Every piece of data reaches the page through textContent or attributes, never as markup.

/**
 * Creates an element.
 * @param {string} tag
 * @param {{ className?: string, text?: string, attrs?: Record<string, string>, children?: (Node | null | undefined)[] }} [options]
 * @returns {HTMLElement}
 */
export function el(tag, { className, text, attrs, children } = {}) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attrs ?? {})) node.setAttribute(name, value);
  for (const child of children ?? []) if (child) node.append(child);
  return node;
}

/** Shows or hides an element. */
export function show(node, visible) {
  node.hidden = !visible;
}

/** Looks up an element the page must have. */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`The page has no #${id}.`);
  return node;
}
