// @ts-check
/**
 * Building the page with DOM calls. Every text from the data goes in through textContent or an
 * attribute value, never through innerHTML, so nothing in a fact can become markup.
 */

const SVG = 'http://www.w3.org/2000/svg';

/** @typedef {Record<string, string | number | null | undefined>} Attributes */

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attributes | null} [attrs]
 * @param {unknown} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, attrs, text) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/**
 * @template {keyof SVGElementTagNameMap} K
 * @param {K} tag
 * @param {Attributes | null} [attrs]
 * @param {unknown} [text]
 * @returns {SVGElementTagNameMap[K]}
 */
export function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  setAttrs(node, attrs);
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/**
 * @param {Element} node
 * @param {Attributes | null | undefined} attrs
 */
function setAttrs(node, attrs) {
  if (!attrs) return;
  Object.keys(attrs).forEach((name) => {
    const value = attrs[name];
    if (value !== undefined && value !== null) node.setAttribute(name, String(value));
  });
}

/**
 * Appends a text that must fit in `room` pixels: the first of `texts` that fits, or none.
 * @param {SVGElement} g
 * @param {Attributes} attrs
 * @param {string[]} texts
 * @param {number} room
 */
export function fitted(g, attrs, texts, room) {
  for (let i = 0; i < texts.length; i++) {
    const node = svg('text', attrs, texts[i]);
    g.appendChild(node);
    if (node.getComputedTextLength() <= room) return node;
    g.removeChild(node);
  }
  return null;
}

/**
 * @template {SVGElement} E
 * @param {E} node
 * @param {string} text
 * @returns {E}
 */
export function titled(node, text) { node.appendChild(svg('title', null, text)); return node; }

/** @param {Node} node */
export function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

/**
 * An element the page's HTML is sure to have.
 * @template {HTMLElement} [E=HTMLElement]
 * @param {string} id
 * @returns {E}
 */
export function byId(id) { return /** @type {E} */ (document.getElementById(id)); }
