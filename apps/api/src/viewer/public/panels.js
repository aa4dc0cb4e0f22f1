// @ts-check
/** The panels around the chart: the headline metrics, the outcome and the legend. */
import { COLOURS, SEVERITY_COLOURS } from './chart-style.js';
import { byId, clear, el } from './dom.js';
import { duration, words } from './format.js';

/** @typedef {import('./queries.js').Metrics} Metrics */

/**
 * @param {string} label
 * @param {unknown} value
 * @param {string | null} detail
 * @param {boolean} [alert]
 */
function metric(label, value, detail, alert) {
  const box = el('div', { class: 'metric' + (alert ? ' alert' : '') });
  box.appendChild(el('div', { class: 'value' }, value));
  box.appendChild(el('div', { class: 'label' }, label));
  if (detail) box.appendChild(el('div', { class: 'detail' }, detail));
  return box;
}

/** @param {Metrics} m */
export function renderMetrics(m) {
  const box = byId('metrics');
  clear(box);
  box.appendChild(metric('contacts', m.contacts.count, m.contacts.repeatContacts ? m.contacts.repeatContacts + ' repeat' : null, m.contacts.repeatContacts > 0));
  box.appendChild(metric('queue wait', duration(m.queue.totalWaitMs), m.queue.abandonedInQueue ? m.queue.abandonedInQueue + ' gave up queued' : null));
  box.appendChild(metric('on hold', duration(m.holds.totalMs), m.holds.count + ' hold' + (m.holds.count === 1 ? '' : 's') +
    (m.holds.withoutConsent ? ' · ' + m.holds.withoutConsent + ' without consent' : ''), m.holds.withoutConsent > 0));
  box.appendChild(metric('hung up on hold', m.holds.customerDroppedOnHold, null, m.holds.customerDroppedOnHold > 0));
  box.appendChild(metric('ended by us', m.disconnects.droppedByUs, null, m.disconnects.droppedByUs > 0));
  box.appendChild(metric('transfers', m.transfers.count, m.transfers.explainedAgain ? 'explained again ' + m.transfers.explainedAgain + '×' : null, m.transfers.explainedAgain > 0));
  box.appendChild(metric('promises broken', m.promises.broken + ' of ' + m.promises.made,
    m.promises.totalLatenessMs ? duration(m.promises.totalLatenessMs) + ' late' : m.promises.pending ? m.promises.pending + ' open' : null, m.promises.broken > 0));
  box.appendChild(metric('cases', m.cases.count, [m.cases.duplicates ? m.cases.duplicates + ' duplicate' : null, m.cases.reopened ? m.cases.reopened + ' reopened' : null]
    .filter(Boolean).join(' · ') || null, m.cases.duplicates > 0));
  box.appendChild(metric('longest silence', duration(m.cases.longestSilenceMs), null));
}

/** @param {Metrics} m */
export function renderOutcome(m) {
  const box = byId('outcome');
  box.textContent = words(m.outcome);
  box.className = 'outcome' + (m.outcome === 'customer_lost' || m.outcome === 'unresolved' ? ' bad' : m.outcome.indexOf('resolved') === 0 ? ' good' : '');
}

export function renderLegend() {
  const box = byId('legend');
  clear(box);
  [['queue wait', COLOURS.queue], ['talk', COLOURS.talk], ['hold', COLOURS.hold], ['hold without consent', COLOURS.holdNoConsent],
    ['transfer', COLOURS.transfer], ['promise kept', COLOURS.kept], ['promise broken', COLOURS.broken], ['open', COLOURS.pending]]
    .forEach((entry) => {
      const item = el('span');
      const swatch = el('i');
      swatch.style.background = entry[1];
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(entry[0]));
      box.appendChild(item);
    });
  Object.keys(SEVERITY_COLOURS).forEach((severity) => {
    const item = el('span');
    const swatch = el('i', { class: 'sev-' + severity });
    swatch.style.borderRadius = '50%';
    swatch.style.width = '12px';
    swatch.style.height = '12px';
    item.appendChild(swatch);
    item.appendChild(document.createTextNode(severity));
    box.appendChild(item);
  });
}
