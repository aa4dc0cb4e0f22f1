// @ts-check
/**
 * The journey drawn as SVG: contacts as lanes on one time axis, then promises, then cases, the
 * findings pinned on the lane of their evidence, the replay's cursor, and the panels beside it.
 */
import { buildAxis, drawAxis } from './axis.js';
import { AXIS_H, COLOURS, LANE_H, RIGHT_PAD } from './chart-style.js';
import { byId, clear, svg } from './dom.js';
import { drawPins, orderedFindings, renderFindings } from './findings.js';
import { ms } from './format.js';
import { drawCase, drawContact, drawPromise, laneBackground, promisesOf } from './lanes.js';
import { renderMetrics, renderOutcome } from './panels.js';

/** @typedef {import('./axis.js').Axis} Axis */
/** @typedef {import('./queries.js').Journey} Journey */

/**
 * What moment the drawing stands at.
 * @typedef {object} View
 * @property {number | null} now what is still open runs to here
 * @property {number | null} cursor the replay's step, marked by a line; null for the whole journey
 * @property {string} [cursorLabel]
 */

/**
 * The axis is laid out once for the whole journey's instants and the chart's width, so stepping never
 * moves what is already there.
 * @type {{ axis: Axis | null, width: number, instants: (number | null)[] | null }}
 */
const layout = { axis: null, width: 0, instants: null };

/** After a resize: the next drawing lays the axis out again. */
export function forgetAxis() { layout.axis = null; }

/**
 * @param {Journey} journey
 * @param {View} view
 * @param {(number | null)[]} instants every moment of the whole journey, for the axis
 */
export function render(journey, view, instants) {
  const chart = byId('chart');
  const width = Math.max(900, chart.clientWidth || 1200);
  const axis = layout.axis && layout.width === width && layout.instants === instants ? layout.axis : buildAxis(instants, width);
  layout.axis = axis;
  layout.width = width;
  layout.instants = instants;
  const edge = axis.end + RIGHT_PAD - 14;
  const now = view.now;
  const contacts = journey.contacts.slice().sort((a, b) => (ms(a.startedAt) || 0) - (ms(b.startedAt) || 0));
  const promises = promisesOf(journey);
  const cases = journey.cases;
  const bottom = AXIS_H + LANE_H * (contacts.length + promises.length + cases.length);
  const height = bottom + 22;

  const root = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, width, height });
  const defs = svg('defs');
  const pattern = svg('pattern', { id: 'no-consent', width: 8, height: 8, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
  pattern.appendChild(svg('rect', { width: 8, height: 8, fill: COLOURS.holdNoConsent }));
  pattern.appendChild(svg('rect', { width: 3, height: 8, fill: '#f08a80' }));
  defs.appendChild(pattern);
  root.appendChild(defs);
  // In the document while drawing, so that labels can be measured and left out when they do not fit.
  clear(chart);
  chart.appendChild(root);
  drawAxis(root, axis, bottom);

  /** @type {Record<string, number>} the top of each stream's lane */
  const laneY = {};
  /** @type {Record<string, [number | null, number | null]>} when each contact was under way */
  const spans = {};
  let y = AXIS_H;
  contacts.forEach((contact) => {
    const sub = [contact.channel, contact.direction, contact.origin !== contact.direction ? contact.origin : null]
      .filter(Boolean).join(' · ');
    const g = laneBackground(root, width, y, 'Contact ' + contact.contactId, sub, 'contact', contact.contactId);
    drawContact(g, axis, contact, y, now, view.cursor !== null && view.cursor !== undefined);
    laneY[contact.streamName] = y;
    spans[contact.streamName] = [ms(contact.startedAt), ms(contact.endedAt) || now];
    y += LANE_H;
  });
  promises.forEach((promise) => {
    const g = laneBackground(root, width, y, promise.id.charAt(0).toUpperCase() + promise.id.slice(1), 'promise', 'promise', promise.id);
    drawPromise(g, axis, promise, y, now, edge);
    if (laneY[promise.stream] === undefined) laneY[promise.stream] = y;
    y += LANE_H;
  });
  cases.forEach((kase) => {
    const g = laneBackground(root, width, y, 'Case ' + kase.caseId, kase.customerLost ? kase.status + ' · customer lost' : kase.status, 'case', kase.caseId);
    drawCase(g, axis, kase, y, now);
    if (laneY[kase.streamName] === undefined) laneY[kase.streamName] = y;
    y += LANE_H;
  });

  const findings = orderedFindings(journey.findings);
  // A finding goes on the lane of its evidence; of several contacts, the one under way when it became true.
  drawPins(root, axis, findings, (finding) => {
    const at = ms(finding.at);
    const onLanes = finding.streamNames.filter((name) => laneY[name] !== undefined);
    const during = onLanes.filter((name) => {
      const span = spans[name];
      return span && /** @type {number} */ (span[0]) <= at && at <= /** @type {number} */ (span[1]);
    });
    const name = during[during.length - 1] || onLanes[0];
    return name !== undefined ? laneY[name] : AXIS_H;
  });

  if (view.cursor !== null && view.cursor !== undefined) {
    const cx = axis.toX(view.cursor);
    root.appendChild(svg('line', { x1: cx, x2: cx, y1: AXIS_H - 4, y2: bottom + 4, stroke: COLOURS.now, 'stroke-width': 1.5, 'stroke-dasharray': '4 3', class: 'cursor' }));
    const inCluster = axis.clusters.filter((c) => c.x <= cx && cx <= c.x + c.width)[0];
    const toLeft = inCluster && cx > inCluster.x + inCluster.width - 90;
    root.appendChild(svg('text', {
      x: toLeft ? cx - 4 : cx + 4, y: bottom + 15, 'text-anchor': toLeft ? 'end' : 'start', class: 'note', 'font-weight': 600,
      stroke: '#fff', 'stroke-width': 4, 'paint-order': 'stroke',
    }, view.cursorLabel));
  }
  renderMetrics(journey.metrics);
  renderFindings(findings);
  renderOutcome(journey.metrics);
}
