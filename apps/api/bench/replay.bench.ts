/**
 * `npm run bench` (fourth part): replay and findings, pure functions only (no store, no server).
 *
 * 1. Step-by-step replay. One long journey of BENCH_REPLAY_EVENTS (default 1,000) facts: one case and
 *    the many contacts about it (queue, answer, explanation, holds, transfers, disconnect, wrap-up), with
 *    callbacks promised and made and status updates, every fact checked against the catalog. The plain
 *    fold of the same facts (`foldJourney`) beside the replay with findings at every step
 *    (`findingsByStep`), median of several runs each. The replay walks the facts once but judges the
 *    whole journey and runs every rule at each step, so it still grows about quadratically: it is also timed at smaller sizes (100, 250, 500, ...) to show the growth, and above
 *    BENCH_REPLAY_MAX_SECONDS (180) for one run, larger sizes are extrapolated rather than run.
 *    Goal: steps within 2× the fold.
 * 2. Findings throughput. BENCH_FINDINGS_JOURNEYS (default 50,000) generated journeys, about 20 facts each
 *    (./journey-generator.ts): journeys/s for `foldJourney` alone and for `foldJourney` + `evaluateFindings`
 *    (the current rulebook). Goal: fold + findings within 2× the fold's time.
 *
 * BENCH_REPLAY_PARTS=steps or =findings runs one part only. A benchmark, not a test: it prints figures,
 * asserts nothing.
 */
import { availableParallelism, loadavg } from 'node:os';
import { evaluateFindings, findingsByStep, foldJourney, type JourneyFact, type StreamName } from '@hindsight/domain';
import { factEventId } from '../src/recording/fact-event-id';
import { checkAgainstCatalog, generateJourney, Random, type GeneratedFact } from './journey-generator';

const REPLAY_EVENTS = Number(process.env.BENCH_REPLAY_EVENTS ?? 1_000);
const REPLAY_MAX_SECONDS = Number(process.env.BENCH_REPLAY_MAX_SECONDS ?? 180);
const FINDINGS_JOURNEYS = Number(process.env.BENCH_FINDINGS_JOURNEYS ?? 50_000);
const PARTS = (process.env.BENCH_REPLAY_PARTS ?? 'steps,findings').split(',');
/** Journeys generated, folded and judged at a time (keeps memory flat at 50,000 journeys). */
const CHUNK = 5_000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

async function main(): Promise<void> {
  const load = loadavg().map((value) => value.toFixed(2)).join(' ');
  console.log(`\nReplay and findings (pure functions, one thread; Node ${process.version}, ${availableParallelism()} CPUs, load average ${load})\n`);
  if (PARTS.includes('steps')) stepsPart();
  if (PARTS.includes('findings')) findingsPart();
}

// ---------------------------------------------------------------------------------------------
// Facts as the fold reads them

/** The fact as the store would deliver it: the API's id for it, a `$all` position, recorded a little later. */
function toJourneyFact(fact: GeneratedFact, position: bigint, recordedAfterMs: number): JourneyFact {
  return {
    eventId: factEventId(fact.source, fact.sourceEventId),
    streamName: fact.stream as StreamName,
    position,
    occurredAt: fact.occurredAt,
    recordedAt: new Date(Date.parse(fact.occurredAt) + recordedAfterMs).toISOString(),
    source: fact.source,
    type: fact.type,
    data: fact.data,
  } as JourneyFact;
}

/**
 * One long journey of exactly `events` facts: a customer and one case, contacted again and again over
 * weeks. Each contact is linked to the case (ContactStarted and ProblemExplained name it); some are held,
 * some transferred (cold transfers make the customer explain again), some end with a callback promised
 * and made on a later, outbound contact; status updates go out on the case between contacts.
 */
function longJourneyFacts(events: number, seed = 7): JourneyFact[] {
  const random = new Random(seed);
  const customerId = 'cust-long-1';
  const caseId = 'T-LONG-1';
  const kase = `case-${caseId}`;
  const facts: GeneratedFact[] = [];
  let at = Date.UTC(2026, 0, 5, 8);
  const agent = () => `agent-${random.between(1, 40)}`;
  const add = (stream: string, type: GeneratedFact['type'], data: Record<string, unknown>, afterMs = 0) => {
    at += afterMs;
    const category = stream.slice(0, stream.indexOf('-'));
    const source = category === 'contact' ? 'telephony' : category === 'callback' ? 'crm' : 'ticketing';
    facts.push({ stream, type, data, occurredAt: new Date(at).toISOString(), source, sourceEventId: `LONG-${facts.length + 1}` });
  };

  let contactNumber = 0;
  let callbackNumber = 0;
  /** A callback promised on the last contact, made on the next one. */
  let pendingCallback: { callbackId: string; agentId: string; dueBy: number } | null = null;
  while (facts.length < events) {
    const contactId = `C-LONG-${++contactNumber}`;
    const contact = `contact-${contactId}`;
    let agentId = agent();
    if (pendingCallback) {
      const { callbackId } = pendingCallback;
      at = pendingCallback.dueBy - random.between(1, 3) * HOUR + (random.chance(0.15) ? random.between(4, 20) * HOUR : 0);
      agentId = pendingCallback.agentId;
      if (random.chance(0.25)) add(`callback-${callbackId}`, 'CallbackAttempted', { outcome: random.pick(['no_answer', 'voicemail', 'busy']), agentId }, 0);
      add(contact, 'ContactStarted', { channel: 'voice', direction: 'outbound', origin: 'callback', customerId, caseId, answersCallbackId: callbackId }, 30 * MINUTE);
      add(`callback-${callbackId}`, 'CallbackAttempted', { outcome: 'reached', agentId, contactId }, 20_000);
      add(`callback-${callbackId}`, 'CallbackCompleted', { contactId });
      add(contact, 'ProblemExplained', { summary: 'Went through what had been found so far', caseId }, MINUTE);
      pendingCallback = null;
    } else {
      add(contact, 'ContactStarted', { channel: 'voice', direction: 'inbound', origin: 'inbound', customerId, caseId }, random.between(6, 72) * HOUR);
      if (random.chance(0.4)) add(contact, 'CustomerIdentified', { customerId, method: random.pick(['ivr', 'caller_id', 'agent']) }, 20_000);
      add(contact, 'ContactQueued', { queueId: random.pick(['billing', 'support', 'technical']) }, 10_000);
      add(contact, 'ContactAnswered', { agentId }, random.between(5, 600) * 1_000);
      add(contact, 'ProblemExplained', { summary: 'The router still drops the connection every evening', caseId }, MINUTE);
      if (contactNumber === 1) add(kase, 'CaseOpened', { customerId, subject: 'Router drops the connection every evening', channel: 'voice', contactId }, 30_000);
    }
    let dropped = false;
    for (let hold = random.chance(0.3) ? 2 : 1; hold > 0; hold--) {
      add(contact, 'HoldStarted', { reason: 'Checking the line', customerConsent: random.pick(['yes', 'yes', 'no', 'unknown']) }, random.between(1, 5) * MINUTE);
      if (random.chance(0.05)) {
        add(contact, 'ContactDisconnected', { by: 'customer', reason: 'Hung up while on hold' }, random.between(5, 25) * MINUTE);
        dropped = true;
        break;
      }
      add(contact, 'HoldEnded', { agentId }, random.between(30, 900) * 1_000);
    }
    if (!dropped) {
      if (random.chance(0.35)) {
        const kind = random.pick(['warm', 'blind', 'consult']);
        const target = { type: 'queue', id: random.pick(['support-tier-2', 'technical', 'retention']) };
        const contextShared = kind !== 'blind';
        add(contact, 'TransferInitiated', { kind, target, contextShared }, MINUTE);
        add(contact, 'TransferCompleted', { kind, target, contextShared }, 30_000);
        agentId = agent();
        add(contact, 'ContactAnswered', { agentId }, random.between(10, 300) * 1_000);
        if (!contextShared || random.chance(0.3)) add(contact, 'ProblemExplained', { summary: 'Explained it again to the new agent', caseId }, 30_000);
      }
      add(contact, 'ContactDisconnected', { by: random.pick(['agent', 'customer', 'customer', 'network']), reason: 'Call ended' }, random.between(2, 10) * MINUTE);
      add(contact, 'ContactWrappedUp', { outcome: 'follow_up_required', disposition: 'NEEDS-FOLLOW-UP' }, MINUTE);
    }
    if (random.chance(0.3)) add(kase, 'CaseAssigned', { assigneeId: agent() }, 5 * MINUTE);
    if (random.chance(0.4)) {
      const callbackId = `CB-LONG-${++callbackNumber}`;
      const dueBy = at + random.between(2, 24) * HOUR;
      add(`callback-${callbackId}`, 'CallbackRequested', { customerId, requestedBy: 'agent', contactId, caseId, assignedTo: agentId }, MINUTE);
      add(`callback-${callbackId}`, 'CallbackPromised', { promisedBy: agentId, dueBy: new Date(dueBy).toISOString() });
      pendingCallback = { callbackId, agentId, dueBy };
    } else {
      add(kase, 'CustomerUpdated', { channel: 'email', summary: 'Still looking into it', contactId }, random.between(1, 24) * HOUR);
    }
  }
  const taken = facts.slice(0, events);
  for (const fact of taken) checkAgainstCatalog(fact);
  return taken.map((fact, index) => toJourneyFact(fact, BigInt(index + 1) * 64n, 500 + random.between(0, 5_000)));
}

// ---------------------------------------------------------------------------------------------
// 1. Step-by-step replay of one long journey beside the plain fold

interface StepsTiming {
  readonly events: number;
  readonly foldMs: number;
  readonly stepsMs: number;
  readonly runs: number;
}

function stepsPart(): void {
  const sizes = [...new Set([100, 250, 500, 1_000, 2_000].filter((size) => size < REPLAY_EVENTS).concat(REPLAY_EVENTS))].sort((a, b) => a - b);
  const all = longJourneyFacts(Math.max(...sizes));
  const whole = foldJourney(all);
  const findings = evaluateFindings(whole);
  console.log(
    `1. Step-by-step replay: one journey, ${format(all.length)} facts (${whole.contacts.length} contacts, ${whole.cases.length} case, ` +
      `${whole.callbacks.length} callbacks; ${findings.length} findings at the end)\n`,
  );
  console.log('events | foldJourney ms | findingsByStep ms | per step ms | ratio (steps / fold) | per step / fold | runs');
  const timings: StepsTiming[] = [];
  let skipped: number[] = [];
  for (const size of sizes) {
    const facts = all.slice(0, size);
    const previous = timings.at(-1);
    if (previous) {
      // Quadratic: predict this size's one run from the last, and extrapolate rather than run it past the limit.
      const predictedSeconds = (previous.stepsMs * (size / previous.events) ** 2) / 1000;
      if (predictedSeconds > REPLAY_MAX_SECONDS) {
        skipped = sizes.filter((s) => s >= size);
        break;
      }
    }
    const timing = timeSteps(facts);
    timings.push(timing);
    console.log(
      `${format(size).padStart(6)} | ${timing.foldMs.toFixed(3).padStart(14)} | ${timing.stepsMs.toFixed(1).padStart(17)} | ${(timing.stepsMs / size).toFixed(3).padStart(11)} | ` +
        `${format(timing.stepsMs / timing.foldMs).padStart(19)}× | ${(timing.stepsMs / size / timing.foldMs).toFixed(2).padStart(14)}× | ${String(timing.runs).padStart(4)}`,
    );
  }
  const last = timings.at(-1)!;
  for (const size of skipped) {
    const stepsMs = last.stepsMs * (size / last.events) ** 2;
    const foldMs = last.foldMs * (size / last.events);
    console.log(`${format(size).padStart(6)} | ${`~${foldMs.toFixed(3)}`.padStart(14)} | ${`~${stepsMs.toFixed(0)}`.padStart(17)} | ${(stepsMs / size).toFixed(3).padStart(11)} | ${`~${format(stepsMs / foldMs)}`.padStart(19)}× | ${(stepsMs / size / foldMs).toFixed(2).padStart(14)}× | extrapolated (quadratic), not run`);
  }
  console.log('\n  (ratio: the whole replay against one fold of the same facts; per step / fold: one step of the replay against that fold)');
  if (timings.length >= 2) {
    const first = timings[0];
    const growth = Math.log(last.stepsMs / first.stepsMs) / Math.log(last.events / first.events);
    const foldGrowth = Math.log(last.foldMs / first.foldMs) / Math.log(last.events / first.events);
    console.log(`  growth from ${format(first.events)} to ${format(last.events)} events: findingsByStep ~ n^${growth.toFixed(2)}, foldJourney ~ n^${foldGrowth.toFixed(2)}`);
  }
  const target = skipped.includes(REPLAY_EVENTS) ? undefined : timings.find((timing) => timing.events === REPLAY_EVENTS);
  if (target) {
    goal(
      `findingsByStep of ${format(target.events)} events: ${target.stepsMs.toFixed(1)} ms = ${format(target.stepsMs / target.foldMs)}× foldJourney's ${target.foldMs.toFixed(3)} ms`,
      '≤ 2×',
      target.stepsMs <= 2 * target.foldMs,
    );
  } else {
    goal(`findingsByStep of ${format(REPLAY_EVENTS)} events: not run (extrapolated above)`, '≤ 2×', false);
  }
  console.log('');
}

/** Median of several runs of each, after a warm-up: at least 5 runs, more while under ~2 s each. */
function timeSteps(facts: readonly JourneyFact[]): StepsTiming {
  findingsByStep(facts);
  for (let i = 0; i < 20; i++) foldJourney(facts);
  const stepsTimes: number[] = [];
  const stepsStarted = performance.now();
  while (stepsTimes.length < 5 || (stepsTimes.length < 21 && performance.now() - stepsStarted < 2_000)) {
    const started = performance.now();
    const result = findingsByStep(facts);
    stepsTimes.push(performance.now() - started);
    if (result.length !== facts.length) throw new Error(`findingsByStep gave ${result.length} steps for ${facts.length} facts`);
  }
  const foldTimes: number[] = [];
  const foldStarted = performance.now();
  while (foldTimes.length < 21 || (foldTimes.length < 1_001 && performance.now() - foldStarted < 1_000)) {
    const started = performance.now();
    foldJourney(facts);
    foldTimes.push(performance.now() - started);
  }
  return { events: facts.length, foldMs: median(foldTimes), stepsMs: median(stepsTimes), runs: stepsTimes.length };
}

// ---------------------------------------------------------------------------------------------
// 2. Findings over many journeys beside the plain fold

function findingsPart(): void {
  const random = new Random(42);
  let n = 0;
  let position = 0n;
  let facts = 0;
  let findings = 0;
  let foldMs = 0;
  let findingsMs = 0;
  let journeys = 0;
  const start = Date.UTC(2026, 0, 5, 8);
  console.log(`2. Findings: ${format(FINDINGS_JOURNEYS)} generated journeys, in chunks of ${format(CHUNK)}, each chunk folded alone, then folded and judged\n`);
  // Warm-up on journeys of their own, so both passes start with the JIT settled.
  const warmUp = Array.from({ length: 2_000 }, (_, i) => journeyOf(generateJourney(1_000_000 + i, start, random).facts, 0n, random));
  for (let round = 0; round < 3; round++) for (const journey of warmUp) evaluateFindings(foldJourney(journey));
  const progressEvery = Math.max(CHUNK, Math.floor(FINDINGS_JOURNEYS / 5 / CHUNK) * CHUNK);
  while (journeys < FINDINGS_JOURNEYS) {
    const size = Math.min(CHUNK, FINDINGS_JOURNEYS - journeys);
    const chunk: JourneyFact[][] = [];
    for (let i = 0; i < size; i++) {
      const generated = generateJourney(n, start + (n % 1_000) * MINUTE, random).facts;
      for (const fact of generated) checkAgainstCatalog(fact);
      const journey = journeyOf(generated, position, random);
      n++;
      position += BigInt(journey.length) * 64n;
      facts += journey.length;
      chunk.push(journey);
    }
    // Alternate which pass goes first, so neither always runs on a warmer cache or a fresher heap.
    const foldFirst = (journeys / CHUNK) % 2 === 0;
    const runFold = () => {
      const started = performance.now();
      for (const journey of chunk) foldJourney(journey);
      foldMs += performance.now() - started;
    };
    const runFindings = () => {
      const started = performance.now();
      for (const journey of chunk) findings += evaluateFindings(foldJourney(journey)).length;
      findingsMs += performance.now() - started;
    };
    if (foldFirst) {
      runFold();
      runFindings();
    } else {
      runFindings();
      runFold();
    }
    journeys += size;
    if (journeys % progressEvery === 0 && journeys < FINDINGS_JOURNEYS) console.log(`  … ${format(journeys)} of ${format(FINDINGS_JOURNEYS)} journeys`);
  }
  const foldRate = journeys / (foldMs / 1000);
  const findingsRate = journeys / (findingsMs / 1000);
  console.log(`  ${format(journeys)} journeys, ${format(facts)} facts (${(facts / journeys).toFixed(1)} per journey), ${format(findings)} findings (${(findings / journeys).toFixed(2)} per journey)\n`);
  console.log('pass                            | seconds | journeys/s | facts/s    | µs per journey');
  console.log(`foldJourney                     | ${(foldMs / 1000).toFixed(2).padStart(7)} | ${format(foldRate).padStart(10)} | ${format(facts / (foldMs / 1000)).padStart(10)} | ${((foldMs * 1000) / journeys).toFixed(1).padStart(14)}`);
  console.log(`foldJourney + evaluateFindings  | ${(findingsMs / 1000).toFixed(2).padStart(7)} | ${format(findingsRate).padStart(10)} | ${format(facts / (findingsMs / 1000)).padStart(10)} | ${((findingsMs * 1000) / journeys).toFixed(1).padStart(14)}`);
  console.log('');
  goal(
    `fold + findings: ${format(findingsRate)} journeys/s = ${(findingsMs / foldMs).toFixed(2)}× the fold's time (${format(foldRate)} journeys/s)`,
    '≤ 2×',
    findingsMs <= 2 * foldMs,
  );
  console.log('');
}

function journeyOf(facts: readonly GeneratedFact[], firstPosition: bigint, random: Random): JourneyFact[] {
  return facts.map((fact, index) => toJourneyFact(fact, firstPosition + BigInt(index + 1) * 64n, 500 + random.between(0, 5_000)));
}

// ---------------------------------------------------------------------------------------------

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function goal(statement: string, target: string, met: boolean): void {
  console.log(`  ${statement} (goal ${target}): ${met ? 'met' : 'NOT met'}`);
}

function format(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
