// @ts-check
/**
 * The findings, numbered once so the pins on the chart and the list beside it agree: pinned where
 * they became true, listed with their sentence; hovering a pin marks its entry in the list.
 */
import { SEVERITY_COLOURS, SEVERITY_RANK } from './chart-style.js';
import { byId, clear, el, svg, titled } from './dom.js';
import { ms, when } from './format.js';

/** @typedef {import('./axis.js').Axis} Axis */
/** @typedef {import('./queries.js').Finding} Finding */

/**
 * In the order they became true, the most severe first of those at the same moment.
 * @param {Finding[]} findings
 */
export function orderedFindings(findings) {
  return findings.slice().sort((a, b) => ms(a.at) - ms(b.at) || (SEVERITY_RANK[b.severity] || 0) - (SEVERITY_RANK[a.severity] || 0));
}

/**
 * @param {SVGSVGElement} root
 * @param {Axis} axis
 * @param {Finding[]} findings
 * @param {(finding: Finding) => number} laneOf the top of the lane a finding goes on
 */
export function drawPins(root, axis, findings, laneOf) {
  const g = svg('g', { class: 'pins' });
  /** @type {Record<string, boolean>} */
  const used = {};
  findings.forEach((finding, i) => {
    const laneY = laneOf(finding);
    let x = axis.toX(ms(finding.at));
    let key = laneY + ':' + Math.round(x / 18);
    while (used[key]) { x += 18; key = laneY + ':' + Math.round(x / 18); }
    used[key] = true;
    const y = laneY + 10;
    const colour = SEVERITY_COLOURS[finding.severity] || '#5f6b7a';
    const pin = svg('g', { class: 'pin', 'data-code': finding.code, 'data-severity': finding.severity });
    pin.appendChild(svg('line', { x1: x, x2: x, y1: y + 8, y2: laneY + 40, stroke: colour, 'stroke-width': 1.5 }));
    pin.appendChild(svg('circle', { cx: x, cy: y, r: 9, fill: colour, stroke: '#fff', 'stroke-width': 1.5 }));
    pin.appendChild(svg('text', { x, y: y + 4, 'text-anchor': 'middle' }, i + 1));
    titled(pin, (i + 1) + '. ' + finding.code + ' (' + finding.severity + '): ' + finding.sentence);
    pin.addEventListener('mouseenter', () => { highlight(i, true); });
    pin.addEventListener('mouseleave', () => { highlight(i, false); });
    g.appendChild(pin);
  });
  root.appendChild(g);
}

/**
 * @param {number} i
 * @param {boolean} on
 */
function highlight(i, on) {
  const item = document.querySelectorAll('#findings-list li')[i];
  if (item) item.classList.toggle('active', on);
}

/** @param {Finding[]} findings in the order of orderedFindings */
export function renderFindings(findings) {
  const list = byId('findings-list');
  clear(list);
  byId('findings-count').textContent = '(' + findings.length + ')';
  if (!findings.length) list.appendChild(el('li', { class: 'muted' }, 'Nothing found (yet).'));
  findings.forEach((finding, i) => {
    const item = el('li', { 'data-code': finding.code, 'data-severity': finding.severity });
    item.appendChild(el('span', { class: 'num sev-' + finding.severity, title: finding.severity }, i + 1));
    const body = el('div');
    body.appendChild(el('span', { class: 'code' }, finding.code + ' · ' + finding.severity));
    body.appendChild(document.createTextNode(' '));
    body.appendChild(el('span', { class: 'at' }, when(ms(finding.at))));
    body.appendChild(el('div', { class: 'sentence' }, finding.sentence));
    item.appendChild(body);
    list.appendChild(item);
  });
}
