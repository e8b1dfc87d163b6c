// @ts-check
/** @param {string} id */
export const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/**
 * Creates an element with attributes and children (text is always set as text, never as HTML).
 * @param {string} tag @param {Record<string, string | undefined>} [attrs] @param {(Node | string | null | undefined)[]} [children]
 */
export function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) node.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== '') node.append(c);
  return node;
}

/**
 * Replaces the children of `parent` and puts the focus back on the element with the same
 * `data-focus-key` if the focus was inside (focus stays where the user acted).
 * @param {HTMLElement} parent @param {Node[]} children
 */
export function replaceKeepingFocus(parent, children) {
  const active = document.activeElement;
  const key = active instanceof HTMLElement && parent.contains(active) ? active.dataset.focusKey : undefined;
  parent.replaceChildren(...children);
  if (key) {
    const again = parent.querySelector(`[data-focus-key="${CSS.escape(key)}"]`);
    if (again instanceof HTMLElement) again.focus();
  }
}
