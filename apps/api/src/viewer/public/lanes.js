// @ts-check
/**
 * The chart's lanes, one per contact, promise and case, on the journey's time axis: for a contact its
 * queue waits, talk, holds, transfers and how it ended; for a promise its due marker joined to the
 * moment it was kept (or to "now"/"never"); for a case its life and its updates.
 */
import { COLOURS, LANE_H, SEVERITY_COLOURS } from './chart-style.js';
import { fitted, svg, titled } from './dom.js';
import { clockTime, duration, ms, when, words } from './format.js';

/** @typedef {import('./axis.js').Axis} Axis */
/** @typedef {import('./dom.js').Attributes} Attributes */
/** @typedef {import('./queries.js').Journey} Journey */
/** @typedef {import('./queries.js').Contact} Contact */
/** @typedef {import('./queries.js').Case} Case */

/**
 * A callback or an expectation, as one kind of lane.
 * @typedef {object} PromiseLane
 * @property {string} id
 * @property {string} label
 * @property {number | null} madeAt
 * @property {number} dueBy
 * @property {number | null} keptAt
 * @property {string} status
 * @property {number | null} latenessMs
 * @property {number | null} cancelledAt
 * @property {string} stream
 */

/**
 * @param {SVGGElement} g
 * @param {Axis} axis
 * @param {number | null} from
 * @param {number | null} to
 * @param {number} y
 * @param {number} h
 * @param {Attributes} attrs
 * @param {string} tip
 */
function bar(g, axis, from, to, y, h, attrs, tip) {
  const x1 = axis.toX(from);
  const x2 = Math.max(x1 + 3, axis.toX(to));
  const rect = svg('rect', Object.assign({ x: x1, y, width: x2 - x1, height: h, rx: 3 }, attrs));
  if (tip) titled(rect, tip);
  g.appendChild(rect);
  return { x1, x2, rect };
}

/**
 * @param {SVGSVGElement} root
 * @param {number} width
 * @param {number} y
 * @param {string} label
 * @param {string} sub
 * @param {string} kind
 * @param {string} id
 */
export function laneBackground(root, width, y, label, sub, kind, id) {
  const g = svg('g', { class: 'lane', 'data-lane': kind, 'data-id': id });
  g.appendChild(svg('line', { x1: 0, x2: width, y1: y + LANE_H, y2: y + LANE_H, stroke: '#eef1f5' }));
  g.appendChild(svg('text', { x: 14, y: y + 28, class: 'lane-label' }, label));
  if (sub) g.appendChild(svg('text', { x: 14, y: y + 46, class: 'lane-sub' }, sub));
  root.appendChild(g);
  return g;
}

/**
 * @param {SVGGElement} g
 * @param {Axis} axis
 * @param {Contact} contact
 * @param {number} y
 * @param {number | null} now
 * @param {boolean} replaying
 */
export function drawContact(g, axis, contact, y, now, replaying) {
  const start = ms(contact.startedAt);
  const end = ms(contact.endedAt) || now;
  const mid = y + 30;
  if (start !== null) {
    g.appendChild(svg('line', { x1: axis.toX(start), x2: axis.toX(end), y1: mid + 9, y2: mid + 9, stroke: '#9aa6b5', 'stroke-width': 2 }));
  }
  contact.queueVisits.forEach((visit) => {
    const to = ms(visit.answeredAt) || (contact.disconnect ? ms(contact.disconnect.at) : null) || now;
    bar(g, axis, ms(visit.queuedAt), to, mid, 18, { fill: COLOURS.queue, 'data-kind': 'queue' },
      'Queued in ' + visit.queueId + (visit.waitMs !== null ? ' for ' + duration(visit.waitMs) : '') + (visit.abandoned ? ', gave up' : ''));
  });
  const answered = ms(contact.answeredAt);
  if (answered !== null) {
    const talk = bar(g, axis, answered, end, mid, 18, { fill: COLOURS.talk, 'data-kind': 'talk' },
      'With ' + (contact.agents.join(' → ') || 'an agent') + ' from ' + when(answered));
    // The label goes on the part of the talk bar no hold covers.
    const firstHold = contact.holds.map((hold) => ms(hold.startedAt)).filter((t) => t >= answered)[0];
    const visible = (firstHold !== undefined ? axis.toX(firstHold) : talk.x2) - talk.x1;
    if (contact.agents.length) {
      fitted(g, { x: talk.x1 + 5, y: mid + 13, class: 'bar-label' }, [contact.agents.join(' → '), contact.agents[0]], visible - 8);
    }
  }
  contact.holds.forEach((hold) => {
    const noConsent = hold.customerConsent === 'no';
    const to = ms(hold.endedAt) || now;
    const b = bar(g, axis, ms(hold.startedAt), to, mid - 3, 24, {
      fill: noConsent ? 'url(#no-consent)' : COLOURS.hold,
      stroke: noConsent ? COLOURS.holdNoConsent : '#c7861f',
      'stroke-width': 1.5,
      'data-kind': 'hold',
      'data-consent': hold.customerConsent,
    }, 'On hold' + (hold.durationMs !== null ? ' for ' + duration(hold.durationMs) : ' (still)') + ': ' + hold.reason +
      (noConsent ? ' · without the customer\'s consent' : ' · consent: ' + hold.customerConsent) +
      (hold.customerDropped ? ' · the customer hung up on hold' : ''));
    const length = hold.durationMs !== null ? ' ' + duration(hold.durationMs) : '';
    const inside = fitted(g, { x: b.x1 + 6, y: mid + 13, class: 'bar-label' },
      noConsent ? ['HOLD · NO CONSENT' + length, 'NO CONSENT' + length, 'NO CONSENT'] : ['HOLD' + length, 'HOLD'], b.x2 - b.x1 - 16);
    if (!inside) g.appendChild(svg('text', { x: b.x1, y: mid + 36, class: noConsent ? 'late' : 'note' }, noConsent ? 'hold, no consent' : 'hold'));
  });
  contact.transfers.forEach((transfer) => {
    const t = ms(transfer.settledAt) || ms(transfer.initiatedAt);
    if (t === null) return;
    const x = axis.toX(t);
    const failed = transfer.status === 'failed';
    const arrow = svg('path', {
      d: 'M' + x + ' ' + (mid - 10) + ' l0 34 m-5 -6 l5 6 l5 -6',
      stroke: failed ? COLOURS.broken : COLOURS.transfer, 'stroke-width': 2.5, fill: 'none', 'data-kind': 'transfer',
    });
    titled(arrow, words(transfer.kind) + ' transfer to ' + transfer.target.type + ' ' + transfer.target.id + ' · ' + transfer.status +
      (transfer.contextShared ? ' · context shared' : ' · without context') + (transfer.failureReason ? ' · ' + transfer.failureReason : ''));
    g.appendChild(arrow);
    g.appendChild(svg('text', { x: x + 4, y: mid - 6, class: 'note' }, '→ ' + transfer.target.id + (failed ? ' (failed)' : '')));
  });
  if (!contact.disconnect && contact.endedAt === null && start !== null) {
    g.appendChild(svg('text', { x: axis.toX(end), y: mid + 4, 'text-anchor': 'end', class: 'note' }, replaying ? 'still going' : 'no end recorded'));
  }
  if (contact.disconnect) {
    const dx = axis.toX(ms(contact.disconnect.at));
    const ours = contact.droppedByUs;
    const mark = svg('path', {
      d: 'M' + (dx - 5) + ' ' + (mid + 4) + ' l10 10 m0 -10 l-10 10',
      stroke: ours ? COLOURS.broken : '#1d2330', 'stroke-width': 2.5, 'data-kind': 'disconnect',
    });
    titled(mark, 'Ended by the ' + contact.disconnect.by + ': ' + contact.disconnect.reason);
    g.appendChild(mark);
    g.appendChild(svg('text', { x: dx + 9, y: mid + 13, class: ours ? 'late' : 'note' },
      contact.disconnect.by + (contact.disconnect.whileOnHold ? ' hung up on hold' : ours ? ' ended it' : ' ended')));
  }
}

/**
 * The journey's callbacks and expectations that have a due time.
 * @param {Journey} journey
 * @returns {PromiseLane[]}
 */
export function promisesOf(journey) {
  /** @type {(Omit<PromiseLane, 'dueBy'> & { dueBy: number | null })[]} */
  const list = [];
  journey.callbacks.forEach((cb) => {
    list.push({
      id: 'callback ' + cb.callbackId, label: 'Callback ' + cb.callbackId + (cb.promisedBy ? ' (' + cb.promisedBy + ')' : ''),
      madeAt: ms(cb.requestedAt), dueBy: ms(cb.dueBy), keptAt: ms(cb.keptAt), status: cb.status, latenessMs: cb.latenessMs,
      cancelledAt: cb.cancelled ? ms(cb.cancelled.at) : null, stream: 'callback-' + cb.callbackId,
    });
  });
  journey.expectations.forEach((ex) => {
    list.push({
      id: words(ex.kind) + ' on ' + ex.caseId, label: words(ex.kind) + ': ' + ex.what + ' (' + ex.promisedBy + ')',
      madeAt: ms(ex.madeAt), dueBy: ms(ex.dueBy), keptAt: ms(ex.keptAt), status: ex.status, latenessMs: ex.latenessMs,
      cancelledAt: null, stream: 'case-' + ex.caseId,
    });
  });
  return /** @type {PromiseLane[]} */ (list.filter((p) => p.dueBy !== null));
}

/**
 * @param {SVGGElement} g
 * @param {Axis} axis
 * @param {PromiseLane} promise
 * @param {number} y
 * @param {number | null} now
 * @param {number} edge
 */
export function drawPromise(g, axis, promise, y, now, edge) {
  const mid = y + 32;
  const due = axis.toX(promise.dueBy);
  if (promise.madeAt !== null) {
    const made = axis.toX(promise.madeAt);
    g.appendChild(svg('line', { x1: made, x2: due, y1: mid, y2: mid, stroke: '#c4ccd6', 'stroke-width': 2, 'stroke-dasharray': '2 4' }));
    g.appendChild(titled(svg('circle', { cx: made, cy: mid, r: 4, fill: '#5f6b7a' }), 'Promised ' + when(promise.madeAt) + ': ' + promise.label));
  }
  const status = promise.status;
  const colour = status === 'kept' ? COLOURS.kept : status === 'broken' ? COLOURS.broken : COLOURS.pending;
  const end = promise.keptAt || promise.cancelledAt;
  const endX = end !== null ? axis.toX(end) : (status === 'broken' ? edge : axis.toX(now));
  const ahead = status === 'pending' && end === null && endX < due; // not due yet: nothing to join
  if (!ahead && (status !== 'kept' || end !== null)) {
    g.appendChild(svg('line', {
      x1: due, x2: endX, y1: mid, y2: mid, stroke: colour, 'stroke-width': 3,
      'stroke-dasharray': end === null ? '7 5' : null, 'data-kind': 'promise-link', 'data-status': status,
    }));
  }
  const dueMark = svg('path', {
    d: 'M' + due + ' ' + (mid - 9) + ' l9 9 l-9 9 l-9 -9 z', fill: '#fff', stroke: colour, 'stroke-width': 2.5,
    'data-kind': 'promise-due', 'data-status': status,
  });
  titled(dueMark, promise.label + ' · due ' + when(promise.dueBy) + ' · ' + status +
    (promise.latenessMs ? ' · ' + duration(promise.latenessMs) + ' late' : ''));
  g.appendChild(dueMark);
  g.appendChild(svg('text', { x: due, y: mid + 24, 'text-anchor': 'middle', class: 'note' }, 'due ' + clockTime(promise.dueBy)));
  let tail;
  if (end !== null) {
    const endMark = svg('circle', { cx: endX, cy: mid, r: 6, fill: colour, 'data-kind': 'promise-end', 'data-status': status });
    titled(endMark, (promise.keptAt ? 'Kept ' : 'Called off ') + when(end));
    g.appendChild(endMark);
    tail = status === 'broken' ? (promise.keptAt ? 'kept ' + duration(promise.latenessMs) + ' late' : 'called off late')
      : status === 'kept' ? 'kept' : 'called off';
  } else {
    tail = status === 'broken' ? 'never kept' + (promise.latenessMs ? ' · ' + duration(promise.latenessMs) + ' late so far' : '') : 'open';
    if (!ahead) g.appendChild(svg('path', { d: 'M' + endX + ' ' + (mid - 6) + ' l8 6 l-8 6', fill: 'none', stroke: colour, 'stroke-width': 2.5 }));
  }
  const tailX = Math.max(due, endX);
  const anchor = tailX > edge - 120 ? 'end' : 'start';
  g.appendChild(svg('text', {
    x: anchor === 'end' ? tailX - 4 : tailX + 10, y: anchor === 'end' ? mid - 12 : mid + 4, 'text-anchor': anchor,
    class: status === 'broken' ? 'late' : 'note', 'data-kind': 'promise-status',
  }, tail));
}

/**
 * @param {SVGGElement} g
 * @param {Axis} axis
 * @param {Case} kase
 * @param {number} y
 * @param {number | null} now
 */
export function drawCase(g, axis, kase, y, now) {
  const mid = y + 30;
  const opened = ms(kase.openedAt);
  const ended = kase.customerLost ? ms(kase.customerLost.at) : kase.closed ? ms(kase.closed.at) : now;
  if (opened !== null) {
    bar(g, axis, opened, ended, mid + 2, 12, { fill: COLOURS.caseBar, 'data-kind': 'case' },
      (kase.subject || 'Case') + ' · ' + kase.status + (kase.duplicateOf ? ' · duplicate of ' + kase.duplicateOf : ''));
    g.appendChild(svg('text', { x: axis.toX(opened) + 4, y: mid - 4, class: 'note' }, 'opened' + (kase.duplicateOf ? ' as duplicate of ' + kase.duplicateOf : '')));
  }
  /**
   * @param {string} iso
   * @param {string} colour
   * @param {string} tip
   */
  function tick(iso, colour, tip) {
    const x = axis.toX(ms(iso));
    g.appendChild(titled(svg('rect', { x: x - 2, y: mid - 2, width: 4, height: 20, fill: colour }), tip));
  }
  kase.customerUpdates.forEach((u) => { tick(u.at, '#3f74c9', 'Status update ' + when(ms(u.at))); });
  kase.resolutions.forEach((r) => { tick(r.at, COLOURS.kept, 'Resolved ' + when(ms(r.at))); });
  kase.reopenings.forEach((r) => { tick(r.at, COLOURS.broken, 'Reopened ' + when(ms(r.at))); });
  if (kase.closed) tick(kase.closed.at, '#5f6b7a', 'Closed ' + (kase.closed.resolved ? 'resolved' : 'unresolved') + ' ' + when(ms(kase.closed.at)));
  if (kase.customerLost) {
    const lx = axis.toX(ms(kase.customerLost.at));
    g.appendChild(titled(svg('rect', { x: lx - 3, y: mid - 4, width: 6, height: 24, fill: SEVERITY_COLOURS.critical }), 'Customer lost: ' + kase.customerLost.reason));
    g.appendChild(svg('text', { x: lx - 8, y: mid + 13, 'text-anchor': 'end', class: 'late' }, 'customer lost'));
  }
}
