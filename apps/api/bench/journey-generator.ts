/**
 * Generated journeys for the journeys benchmark: a realistic mix of contacts (queue, answer, holds,
 * transfers, disconnect, wrap-up), a case (assignment, updates, escalation, resolution, follow-up)
 * and callbacks (request, promise, attempts, the call back itself), stitched by explicit links, about
 * 20 facts per journey. Every fact is checked against the catalog and carries the metadata the API
 * writes, under the id the API would give it, so the store holds what `recordEvents` would have put
 * there.
 *
 * Facts come out in waves: the journeys of a wave overlap in time, and the wave's facts are sorted by
 * `occurredAt`, so `$all` interleaves many journeys as a contact centre's log does. Seeded: the same
 * arguments give the same facts.
 */
import { randomUUID } from 'node:crypto';
import { jsonEvent, type JSONEventData, type JSONType } from '@eventstore/db-client';
import { eventCatalog, parseEventForStream, type CatalogEvent, type EventType } from '@hindsight/domain';
import { factEventId } from '../src/recording/fact-event-id';

export interface GeneratedFact {
  readonly stream: string;
  readonly type: EventType;
  readonly data: Record<string, unknown>;
  readonly occurredAt: string;
  readonly source: string;
  readonly sourceEventId: string;
}

export interface GeneratedJourney {
  /** Every stream of the journey: `journey(id)` answers for any of them. */
  readonly streams: readonly string[];
  readonly facts: readonly GeneratedFact[];
}

const QUEUES = ['billing', 'billing-2', 'support', 'support-tier-2', 'sales', 'retention', 'technical', 'returns'];
const SUBJECTS = ['Charged twice for one month', 'Router drops the connection every evening', 'Order arrived damaged', 'Cannot log in to the portal', 'Contract renewal at the wrong price'];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A small, fast, seeded generator (mulberry32): the same seed gives the same journeys. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  between(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.next() * values.length)];
  }
}

/** One journey, numbered `n`, starting at `startMs`: its facts in the order they happened. */
export function generateJourney(n: number, startMs: number, random: Random): GeneratedJourney {
  const key = `J${n.toString(36).padStart(6, '0')}`;
  const customerId = `cust-${random.between(1, 200_000)}`;
  const caseId = `T-${key}`;
  const callbackId = `CB-${key}`;
  const contact1 = `C-${key}-1`;
  const contact2 = `C-${key}-2`;
  const facts: GeneratedFact[] = [];
  let at = startMs;
  const agent = () => `agent-${random.between(1, 400)}`;
  const add = (stream: string, type: EventType, data: Record<string, unknown>, afterMs = 0) => {
    at += afterMs;
    const category = stream.slice(0, stream.indexOf('-'));
    const source = category === 'contact' ? 'telephony' : category === 'callback' ? 'crm' : 'ticketing';
    facts.push({ stream, type, data, occurredAt: new Date(at).toISOString(), source, sourceEventId: `${key}-${facts.length + 1}` });
  };
  const c1 = `contact-${contact1}`;
  const c2 = `contact-${contact2}`;
  const kase = `case-${caseId}`;
  const callback = `callback-${callbackId}`;

  // The first contact: queue, answer, explain, a case, holds, perhaps a transfer, the end.
  const channel = random.chance(0.75) ? 'voice' : 'chat';
  let firstAgent = agent();
  add(c1, 'ContactStarted', { channel, direction: 'inbound', origin: 'inbound', customerId });
  if (random.chance(0.4)) add(c1, 'CustomerIdentified', { customerId, method: random.pick(['ivr', 'caller_id', 'agent', 'authenticated_session']) }, 20_000);
  add(c1, 'ContactQueued', { queueId: random.pick(QUEUES) }, 10_000);
  const abandoned = random.chance(0.05);
  if (abandoned) {
    add(c1, 'ContactDisconnected', { by: 'customer', reason: 'Gave up waiting in the queue' }, random.between(2, 15) * MINUTE);
  } else {
    add(c1, 'ContactAnswered', { agentId: firstAgent }, random.between(5, 600) * 1_000);
    add(c1, 'ProblemExplained', { summary: random.pick(SUBJECTS), caseId }, 60_000);
  }
  add(kase, 'CaseOpened', { customerId, subject: random.pick(SUBJECTS), channel, contactId: contact1 }, 30_000);
  if (!abandoned) {
    for (let hold = random.chance(0.25) ? 2 : 1; hold > 0; hold--) {
      add(c1, 'HoldStarted', { reason: 'Checking the account', customerConsent: random.pick(['yes', 'yes', 'no', 'unknown']) }, random.between(1, 5) * MINUTE);
      if (random.chance(0.04)) {
        add(c1, 'ContactDisconnected', { by: 'customer', reason: 'Hung up while on hold' }, random.between(5, 25) * MINUTE);
        break;
      }
      add(c1, 'HoldEnded', { agentId: firstAgent }, random.between(30, 900) * 1_000);
    }
    if (facts.at(-1)!.type !== 'ContactDisconnected') {
      if (random.chance(0.3)) {
        const kind = random.pick(['warm', 'blind', 'consult']);
        const target = { type: 'queue', id: random.pick(QUEUES) };
        const contextShared = kind !== 'blind';
        add(c1, 'TransferInitiated', { kind, target, contextShared }, MINUTE);
        add(c1, 'TransferCompleted', { kind, target, contextShared }, 30_000);
        firstAgent = agent();
        add(c1, 'ContactAnswered', { agentId: firstAgent }, random.between(10, 300) * 1_000);
        if (!contextShared || random.chance(0.3)) add(c1, 'ProblemExplained', { summary: 'Explained it again to the new agent', caseId }, 30_000);
      }
      add(c1, 'ContactDisconnected', { by: random.pick(['agent', 'customer', 'customer', 'network']), reason: 'Call ended' }, random.between(2, 10) * MINUTE);
      add(c1, 'ContactWrappedUp', { outcome: 'follow_up_required', disposition: 'NEEDS-CALLBACK' }, MINUTE);
    }
  }
  if (random.chance(0.5)) add(kase, 'CaseAssigned', { assigneeId: agent() }, 5 * MINUTE);

  // A callback promised on the first contact, tried, and (mostly) made: the second contact.
  const dueBy = at + random.between(2, 24) * HOUR;
  add(callback, 'CallbackRequested', { customerId, requestedBy: 'agent', contactId: contact1, caseId, assignedTo: firstAgent }, MINUTE);
  add(callback, 'CallbackPromised', { promisedBy: firstAgent, dueBy: new Date(dueBy).toISOString() });
  const callbackAgent = agent();
  // Kept on time, a little late, or (one in ten) very late: some promises are broken.
  at = dueBy - random.between(1, 3) * HOUR + (random.chance(0.1) ? random.between(4, 20) * HOUR : 0);
  if (random.chance(0.25)) add(callback, 'CallbackAttempted', { outcome: random.pick(['no_answer', 'voicemail', 'busy']), agentId: callbackAgent }, 0);
  add(c2, 'ContactStarted', { channel: 'voice', direction: 'outbound', origin: 'callback', customerId, caseId, answersCallbackId: callbackId }, 30 * MINUTE);
  add(callback, 'CallbackAttempted', { outcome: 'reached', agentId: callbackAgent, contactId: contact2 }, 20_000);
  add(callback, 'CallbackCompleted', { contactId: contact2 });
  add(kase, 'CustomerUpdated', { channel: 'voice', summary: 'Explained what was found and what happens next', contactId: contact2 }, 2 * MINUTE);
  if (random.chance(0.2)) add(kase, 'CaseEscalated', { to: 'team-lead', from: callbackAgent, reason: 'Needs a refund approval', initiatedBy: 'agent' }, MINUTE);
  const resolvedOnCall = random.chance(0.7);
  if (resolvedOnCall) add(kase, 'CaseResolved', { resolution: 'Refunded the duplicate charge', resolvedBy: callbackAgent, contactId: contact2 }, 3 * MINUTE);
  add(c2, 'ContactDisconnected', { by: 'agent', reason: 'Call completed' }, MINUTE);
  add(c2, 'ContactWrappedUp', { outcome: resolvedOnCall ? 'resolved' : 'unresolved', disposition: 'CALLBACK-DONE' }, MINUTE);

  // The case afterwards: resolved later by email, a follow-up, closed.
  if (!resolvedOnCall) {
    add(kase, 'CustomerUpdated', { channel: 'email', summary: 'Still waiting on the vendor' }, random.between(4, 48) * HOUR);
    if (random.chance(0.8)) add(kase, 'CaseResolved', { resolution: 'The vendor fixed it', resolvedBy: agent() }, random.between(4, 48) * HOUR);
  }
  if (random.chance(0.35)) add(kase, 'FollowUpCompleted', { outcome: random.pick(['confirmed_resolved', 'confirmed_resolved', 'no_response', 'not_resolved']) }, random.between(2, 7) * 24 * HOUR);
  if (random.chance(0.2)) add(kase, 'CaseClosed', { reason: 'Done', resolved: true }, HOUR);

  const streams = [c1, kase, callback, c2];
  return { streams, facts };
}

/**
 * Waves of `journeysPerWave` journeys starting within `spreadMs` of each other, each wave's facts
 * sorted by `occurredAt`, until `events` facts (the last wave is cut short to give exactly that).
 */
export function* generateFactWaves(options: {
  readonly events: number;
  readonly journeysPerWave: number;
  readonly seed?: number;
  readonly spreadMs?: number;
}): Generator<{ readonly facts: GeneratedFact[]; readonly journeys: GeneratedJourney[] }> {
  const random = new Random(options.seed ?? 42);
  const spreadMs = options.spreadMs ?? 2 * HOUR;
  let produced = 0;
  let n = 0;
  let waveStart = Date.UTC(2026, 0, 5, 8);
  while (produced < options.events) {
    const journeys: GeneratedJourney[] = [];
    for (let index = 0; index < options.journeysPerWave; index++) {
      journeys.push(generateJourney(n++, waveStart + Math.floor(random.next() * spreadMs), random));
    }
    const facts = journeys.flatMap((journey) => journey.facts).sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
    const room = options.events - produced;
    const taken = facts.length > room ? facts.slice(0, room) : facts;
    produced += taken.length;
    waveStart += spreadMs;
    yield { facts: taken, journeys };
  }
}

/** Checks a fact against the catalog (stream category and data), as `recordEvents` does. */
export function checkAgainstCatalog(fact: GeneratedFact): void {
  parseEventForStream(fact.stream, { type: fact.type, data: fact.data } as CatalogEvent);
}

/** The fact as the API stores it: its deterministic id and the API's metadata. */
export function toEventData(fact: GeneratedFact, correlationId = randomUUID()): JSONEventData {
  return jsonEvent({
    id: factEventId(fact.source, fact.sourceEventId),
    type: fact.type,
    data: fact.data as JSONType,
    metadata: {
      $correlationId: correlationId,
      $causationId: correlationId,
      occurredAt: fact.occurredAt,
      source: fact.source,
      sourceEventId: fact.sourceEventId,
      schemaVersion: eventCatalog[fact.type].schemaVersion,
    },
  });
}
