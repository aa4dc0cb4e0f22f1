// @ts-check
/**
 * The replay control: the whole journey as stored now, or any step of journeySteps on either clock
 * (occurred: what happened when; recorded: what Hindsight knew when), with the buttons, the slider
 * and the arrow keys. Steps are fetched once per clock.
 */
import { graphql } from './api.js';
import { forgetAxis, render } from './chart.js';
import { byId, clear, el } from './dom.js';
import { clockTime, ms, when } from './format.js';
import { renderLegend } from './panels.js';
import { journeyQuery, stepsQuery } from './queries.js';
import { fail } from './sign-in.js';

/** @typedef {import('./queries.js').JourneyAnswer} JourneyAnswer */
/** @typedef {import('./queries.js').StepsAnswer} StepsAnswer */
/** @typedef {import('./queries.js').Step} Step */
/** @typedef {import('./queries.js').StoredJourney} StoredJourney */

/**
 * @type {{
 *   id: string,
 *   journey: StoredJourney | null,
 *   instants: (number | null)[],
 *   clock: string,
 *   steps: Record<string, Step[]>,
 *   step: number | null,
 * }}
 */
const state = { id: '', journey: null, instants: [], clock: 'OCCURRED', steps: {}, step: null };

/** @returns {HTMLInputElement} */
function slider() { return byId('step-slider'); }

function showWhole() {
  const journey = /** @type {StoredJourney} */ (state.journey);
  state.step = null;
  slider().value = slider().max;
  const info = byId('step-info');
  clear(info);
  info.appendChild(document.createTextNode('The whole journey, as stored now: ' + journey.timeline.length +
    ' events. Step through it with ◀ ▶ (or the arrow keys).'));
  render(journey, { now: ms(journey.lastActivityAt), cursor: null }, state.instants);
}

/** @returns {Promise<Step[]>} */
function loadSteps() {
  const clock = state.clock;
  if (state.steps[clock]) return Promise.resolve(state.steps[clock]);
  return graphql(stepsQuery, { id: state.id, clock }).then((/** @type {StepsAnswer} */ data) => {
    state.steps[clock] = data.journeySteps;
    slider().max = String(data.journeySteps.length);
    return data.journeySteps;
  });
}

/** @param {number} n the step, from 1; past the last, the whole journey */
function showStep(n) {
  return loadSteps().then((steps) => {
    if (!steps.length) return;
    if (n >= steps.length + 1) { showWhole(); return; }
    const i = Math.max(0, Math.min(steps.length - 1, n - 1));
    state.step = i;
    const step = steps[i];
    slider().value = String(i + 1);
    const occurred = ms(step.entry.occurredAt);
    const recordedClock = state.clock === 'RECORDED';
    const info = byId('step-info');
    clear(info);
    info.setAttribute('data-step', String(i + 1));
    info.appendChild(el('span', { class: 'when' }, 'Step ' + (i + 1) + ' of ' + steps.length + ' · '));
    info.appendChild(el('span', { class: 'when' }, recordedClock
      ? 'known at ' + when(ms(step.entry.recordedAt)) + ' (happened ' + when(occurred) + ')'
      : when(occurred)));
    info.appendChild(document.createTextNode(' · ' + step.entry.streamName + ' · ' + step.entry.description));
    render(step.journey, {
      // On the occurred clock "now" is the step's instant; on the recorded clock, the latest moment known.
      now: recordedClock ? ms(step.journey.lastActivityAt) : ms(step.asOf),
      cursor: occurred,
      cursorLabel: recordedClock ? 'known by ' + clockTime(ms(step.entry.recordedAt)) : 'now: ' + clockTime(occurred),
    }, state.instants);
  }).catch(fail);
}

function current() { return state.step === null ? (state.steps[state.clock] || []).length + 1 : state.step + 1; }

/** @param {string} id the journey's id or one of its streams, as the address gives it */
export function wireReplay(id) {
  state.id = id;
  byId('step-first').addEventListener('click', () => { showStep(1); });
  byId('step-prev').addEventListener('click', () => { showStep(current() - 1); });
  byId('step-next').addEventListener('click', () => {
    if (state.step === null) showStep(1); else showStep(current() + 1);
  });
  byId('step-all').addEventListener('click', () => { showWhole(); });
  slider().addEventListener('input', () => { showStep(Number(slider().value)); });
  document.querySelectorAll('input[name="clock"]').forEach((element) => {
    const radio = /** @type {HTMLInputElement} */ (element);
    radio.addEventListener('change', () => {
      state.clock = radio.value;
      const at = state.step;
      loadSteps().then(() => { if (at === null) showWhole(); else showStep(at + 1); }).catch(fail);
    });
  });
  document.addEventListener('keydown', (event) => {
    const target = /** @type {HTMLElement | null} */ (event.target);
    if (target && target.tagName === 'INPUT') return; // the slider and the clock use the arrows themselves
    if (event.key === 'ArrowRight') byId('step-next').click();
    if (event.key === 'ArrowLeft') byId('step-prev').click();
  });
  /** @type {number | undefined} */
  let resizeTimer;
  window.addEventListener('resize', () => {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(() => {
      forgetAxis();
      if (state.step === null) showWhole(); else showStep(state.step + 1);
    }, 150);
  });
}

/** Reads the journey, draws it whole, then fetches the steps of the clock shown. */
export function loadJourney() {
  graphql(journeyQuery, { id: state.id }).then((/** @type {JourneyAnswer} */ data) => {
    const journey = data.journey;
    if (!journey) throw new Error('no journey has the id ' + state.id);
    state.journey = journey;
    // The axis is drawn once for the whole journey, so stepping never moves what is already there.
    state.instants = /** @type {(number | null)[]} */ (journey.timeline.map((e) => ms(e.occurredAt)))
      .concat(journey.callbacks.map((c) => ms(c.dueBy)))
      .concat(journey.expectations.map((e) => ms(e.dueBy)))
      .concat(journey.findings.map((f) => ms(f.at)));
    byId('journey-summary').textContent =
      (journey.id !== state.id ? 'Stored as journey ' + journey.id + ' · ' : '') +
      (journey.customerId ? 'Customer ' + journey.customerId + ' · ' : '') +
      (journey.startedAt ? when(ms(journey.startedAt)) + ' – ' + when(/** @type {number} */ (ms(journey.lastActivityAt))) + ' UTC · ' : '') +
      journey.streams.length + ' streams';
    slider().max = String(journey.timeline.length + 1);
    renderLegend();
    showWhole();
    document.body.setAttribute('data-state', 'ready');
    return loadSteps();
  }).catch(fail);
}
