/**
 * `npm run soak`: the API on embedded defaults (in this process, in a temporary data directory, on
 * loopback), under concurrent `recordEvents` writers and `journey` readers for a bounded time (default
 * 10 minutes) and a bounded number of facts. It reports throughput, p99 latency per operation, errors,
 * memory at start, after warm-up and at the end, and the projector's lag; then it checks that every
 * acknowledged fact is in the store once and counted once in the read models. It exits non-zero when a
 * goal fails: 0 lost, 0 double-counted, 0 errors, memory flat after warm-up.
 *
 *   npm run soak -- --duration 60 --writers 2 --readers 4
 *
 * Options (or SOAK_<NAME> variables): --duration seconds (600), --warmup seconds (30% of the
 * duration), --writers (2), --readers (4), --contacts-per-call (5, ten facts each), --max-facts
 * (1,000,000). Writers and readers authenticate as the API's design wants: the soak starts the API
 * with a bootstrap admin key, creates an `integration` key for the writers and a `reader` key for
 * the readers, and turns rate limits off (it measures the server, not the limiter).
 *
 * The load generator keeps no per-fact state (a fact's identity is its writer, call and position),
 * so its own memory stays flat and the process's memory is the API's.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { FORWARDS, START, type EventStoreDBClient } from '@eventstore/db-client';
import { eventStoreClient } from '@hindsight/event-store';
import { sql } from 'kysely';
import { ReadStore } from '@hindsight/read-store';
import { appConfigFromEnv } from '../src/app.config';
import { bootstrap } from '../src/bootstrap';

const FACTS_PER_CONTACT = 10;
const STREAM_PREFIX = 'contact-soak-';
const SAMPLE_EVERY_MS = 10_000;
/** Memory is flat when the heap at the end is within this of the heap after warm-up (both after a full GC). */
const HEAP_TOLERANCE = { ratio: 0.25, bytes: 32 * 1024 * 1024 };

const { values: options } = parseArgs({
  options: {
    duration: { type: 'string' },
    warmup: { type: 'string' },
    writers: { type: 'string' },
    readers: { type: 'string' },
    'contacts-per-call': { type: 'string' },
    'max-facts': { type: 'string' },
  },
});

function option(name: keyof typeof options, fallback: number): number {
  const text = options[name] ?? process.env[`SOAK_${name.toUpperCase().replaceAll('-', '_')}`];
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number, got "${text}"`);
  return value;
}

const DURATION_S = option('duration', 600);
// Warm-up covers the caches filling (the API remembers the 10,000 most recent streams' fact ids).
const WARMUP_S = option('warmup', Math.round(DURATION_S * 0.3));
const WRITERS = option('writers', 2);
const READERS = option('readers', 4);
const CONTACTS_PER_CALL = option('contacts-per-call', 5);
const MAX_FACTS = option('max-facts', 1_000_000);

/** Latencies in 1 ms buckets up to a minute: constant memory however long the run. */
class Histogram {
  private readonly buckets = new Uint32Array(60_001);
  count = 0;

  record(ms: number): void {
    this.buckets[Math.min(this.buckets.length - 1, Math.max(0, Math.round(ms)))]++;
    this.count++;
  }

  percentile(p: number): number {
    let seen = 0;
    const wanted = Math.ceil(this.count * p);
    for (let ms = 0; ms < this.buckets.length; ms++) {
      seen += this.buckets[ms];
      if (seen >= wanted && seen > 0) return ms;
    }
    return 0;
  }
}

interface Operation {
  readonly latency: Histogram;
  calls: number;
  errors: number;
}

const operations = {
  recordEvents: { latency: new Histogram(), calls: 0, errors: 0 } as Operation,
  journey: { latency: new Histogram(), calls: 0, errors: 0 } as Operation,
};
const errorsByCode = new Map<string, number>();
const firstErrors: string[] = [];

function countError(operation: Operation, code: string, detail: string): void {
  operation.errors++;
  errorsByCode.set(code, (errorsByCode.get(code) ?? 0) + 1);
  if (firstErrors.length < 5) firstErrors.push(`${code}: ${detail.slice(0, 300)}`);
}

/** A fact's identity is where it was sent from: writer, call, contact, step. */
const contactId = (writer: number, call: number, contact: number) => `soak-${writer}-${call}-${contact}`;

function contactFacts(writer: number, call: number, contact: number): object[] {
  const id = contactId(writer, call, contact);
  const steps: [string, Record<string, unknown>][] = [
    ['contactStarted', { channel: 'voice', direction: 'inbound', origin: 'inbound', customerId: `cust-${id}` }],
    ['contactQueued', { queueId: `queue-${contact}` }],
    ['contactAnswered', { agentId: `agent-${writer}` }],
    ['problemExplained', { summary: 'The invoice shows a charge twice for the same month of service' }],
    ['holdStarted', { reason: 'Checking the billing system', customerConsent: 'yes' }],
    ['holdEnded', { agentId: `agent-${writer}` }],
    ['transferInitiated', { kind: 'warm', target: { type: 'queue', id: 'billing-2' }, contextShared: true }],
    ['transferCompleted', { kind: 'warm', target: { type: 'queue', id: 'billing-2' }, contextShared: true }],
    ['contactDisconnected', { by: 'agent', reason: 'Resolved, call ended politely' }],
    ['contactWrappedUp', { outcome: 'resolved', disposition: 'BILLING-DOUBLE-CHARGE' }],
  ];
  return steps.map(([field, data], step) => ({
    source: 'soak',
    sourceEventId: `${id}-${step}`,
    occurredAt: new Date(Date.UTC(2026, 2, 5, 10, step)).toISOString(),
    stream: `contact-${id}`,
    event: { [field]: data },
  }));
}

const recordMutation = `mutation Record($facts: [FactInput!]!) { recordEvents(facts: $facts) { recorded duplicates rejected results { status error { code message } } } }`;
const journeyQuery = `query Journey($id: ID!) { journey(id: $id) { id metrics { holds { count } transfers { agentChain } } timeline { type } } }`;

interface GraphQLBody {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: readonly { message: string; extensions?: { code?: string } }[];
}

async function post(url: string, credential: string, query: string, variables: object): Promise<GraphQLBody> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLBody;
}

interface MemorySample {
  readonly rssMb: number;
  readonly heapUsedMb: number;
  readonly externalMb: number;
}

function memory(): MemorySample {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed, external } = process.memoryUsage();
  const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  return { rssMb: mb(rss), heapUsedMb: mb(heapUsed), externalMb: mb(external) };
}

async function main(): Promise<void> {
  if (!(globalThis as { gc?: unknown }).gc) console.log('note: run with node --expose-gc (npm run soak does) for steady memory readings');
  const dataDir = mkdtempSync(join(tmpdir(), 'hindsight-soak-'));
  const adminKey = randomBytes(32).toString('base64url');
  const config = appConfigFromEnv({ HINDSIGHT_DATA_DIR: dataDir, PORT: '0', HINDSIGHT_ADMIN_KEY: adminKey, HINDSIGHT_RATE_LIMIT: 'off' });
  const memoryAtStart = memory();
  const app = await bootstrap(config, { logger: ['error', 'warn'] });
  const url = `${await app.getUrl()}/graphql`;
  const readStore = app.get(ReadStore, { strict: false });
  let storeClient: EventStoreDBClient | undefined;
  let failed: boolean | undefined;
  try {
    const createKey = async (role: string) => {
      const body = await post(url, adminKey, `mutation Key($role: Role!) { createApiKey(name: "soak ${role}", role: $role) { secret } }`, { role });
      const secret = (body.data?.createApiKey as { secret?: string } | undefined)?.secret;
      if (!secret) throw new Error(`Could not create a ${role} key: ${JSON.stringify(body.errors)}`);
      return secret;
    };
    const integrationKey = await createKey('INTEGRATION');
    const readerKey = await createKey('READER');
    const health = await post(url, adminKey, '{ health { eventStore { connectionString } } }', {});
    const connectionString = (health.data?.health as { eventStore: { connectionString: string } }).eventStore.connectionString;
    storeClient = eventStoreClient(connectionString);

    console.log(
      `soak: ${DURATION_S} s (warm-up ${WARMUP_S} s), ${WRITERS} writers of ${CONTACTS_PER_CALL * FACTS_PER_CONTACT} facts per call, ` +
        `${READERS} journey readers, at most ${MAX_FACTS} facts; API at ${url} on embedded defaults in ${dataDir}`,
    );

    const startedAt = performance.now();
    const endsAt = startedAt + DURATION_S * 1_000;
    const elapsedS = () => (performance.now() - startedAt) / 1_000;
    /** Per writer: how many calls it made, and which were answered with every fact RECORDED. */
    const acknowledgedCalls = Array.from({ length: WRITERS }, () => [] as boolean[]);
    let acknowledgedFacts = 0;
    let sentFacts = 0;
    const running = () => performance.now() < endsAt;

    const writer = async (w: number) => {
      for (let call = 0; running() && sentFacts < MAX_FACTS; call++) {
        const facts = Array.from({ length: CONTACTS_PER_CALL }, (_, contact) => contactFacts(w, call, contact)).flat();
        sentFacts += facts.length;
        const before = performance.now();
        let acknowledged = false;
        try {
          const body = await post(url, integrationKey, recordMutation, { facts });
          const answer = body.data?.recordEvents as { recorded: number; results: { status: string; error?: { code: string; message: string } }[] } | undefined;
          if (!answer) {
            countError(operations.recordEvents, body.errors?.[0]?.extensions?.code ?? 'NO_DATA', JSON.stringify(body.errors));
          } else if (answer.recorded !== facts.length) {
            const failedResult = answer.results.find((result) => result.status !== 'RECORDED');
            countError(operations.recordEvents, failedResult?.error?.code ?? failedResult?.status ?? 'NOT_RECORDED', JSON.stringify(failedResult));
          } else {
            acknowledged = true;
          }
        } catch (error) {
          countError(operations.recordEvents, 'FETCH_FAILED', String(error));
        }
        operations.recordEvents.latency.record(performance.now() - before);
        operations.recordEvents.calls++;
        acknowledgedCalls[w][call] = acknowledged;
        if (acknowledged) acknowledgedFacts += facts.length;
      }
    };

    const reader = async (r: number) => {
      let seed = r + 1;
      while (running()) {
        // A journey some writer has had acknowledged: its facts may or may not be projected yet.
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        const w = seed % WRITERS;
        const calls = acknowledgedCalls[w].length;
        if (calls === 0) {
          await sleep(10);
          continue;
        }
        const id = `contact-${contactId(w, seed % calls, seed % CONTACTS_PER_CALL)}`;
        const before = performance.now();
        try {
          const body = await post(url, readerKey, journeyQuery, { id });
          if (body.errors) countError(operations.journey, body.errors[0]?.extensions?.code ?? 'ERROR', JSON.stringify(body.errors));
        } catch (error) {
          countError(operations.journey, 'FETCH_FAILED', String(error));
        }
        operations.journey.latency.record(performance.now() - before);
        operations.journey.calls++;
      }
    };

    let memoryAfterWarmup: MemorySample | undefined;
    let maxEventsBehind = 0;
    let maxSecondsBehind = 0;
    const projectorLag = async () => {
      const body = await post(url, adminKey, '{ health { projector { eventsBehind secondsBehind } } }', {});
      return (body.data?.health as { projector: { eventsBehind: number; secondsBehind: number } } | undefined)?.projector;
    };
    const sampler = (async () => {
      while (running()) {
        await sleep(Math.min(SAMPLE_EVERY_MS, Math.max(0, endsAt - performance.now())));
        const lag = await projectorLag().catch(() => undefined);
        if (lag) {
          maxEventsBehind = Math.max(maxEventsBehind, lag.eventsBehind);
          maxSecondsBehind = Math.max(maxSecondsBehind, lag.secondsBehind);
        }
        if (!memoryAfterWarmup && elapsedS() >= WARMUP_S) memoryAfterWarmup = memory();
        const mem = memory();
        console.log(
          `  ${Math.round(elapsedS())} s: ${acknowledgedFacts} facts acknowledged, ${operations.journey.calls} journey reads, ` +
            `errors ${operations.recordEvents.errors + operations.journey.errors}, projector ${lag ? `${lag.eventsBehind} events / ${lag.secondsBehind} s behind` : 'unknown'}, ` +
            `rss ${mem.rssMb} MB, heap ${mem.heapUsedMb} MB`,
        );
      }
    })();

    await Promise.all([...Array.from({ length: WRITERS }, (_, w) => writer(w)), ...Array.from({ length: READERS }, (_, r) => reader(r)), sampler]);
    const loadSeconds = elapsedS();
    const memoryAtEnd = memory();
    memoryAfterWarmup ??= memoryAtEnd;

    // The projector catches up on what was acknowledged before the read models are judged.
    const catchUpStarted = performance.now();
    for (;;) {
      const lag = await projectorLag();
      if (lag && lag.eventsBehind === 0) break;
      await sleep(500);
    }
    const catchUpSeconds = (performance.now() - catchUpStarted) / 1_000;

    // Every acknowledged fact in the store, once.
    const eventsPerStream = new Map<string, number>();
    let storedEvents = 0;
    for await (const { event } of storeClient.readAll({ direction: FORWARDS, fromPosition: START })) {
      if (!event?.streamId.startsWith(STREAM_PREFIX)) continue;
      storedEvents++;
      eventsPerStream.set(event.streamId, (eventsPerStream.get(event.streamId) ?? 0) + 1);
    }
    let lostFacts = 0;
    let acknowledgedContacts = 0;
    for (let w = 0; w < WRITERS; w++) {
      acknowledgedCalls[w].forEach((acknowledged, call) => {
        if (!acknowledged) return;
        for (let contact = 0; contact < CONTACTS_PER_CALL; contact++) {
          acknowledgedContacts++;
          const stored = eventsPerStream.get(`contact-${contactId(w, call, contact)}`) ?? 0;
          lostFacts += Math.max(0, FACTS_PER_CONTACT - stored);
        }
      });
    }
    const storedTwice = [...eventsPerStream.values()].reduce((sum, count) => sum + Math.max(0, count - FACTS_PER_CONTACT), 0);

    // Counted once in the read models: one journey per contact, one contact, one hold and ten facts in each.
    const counted = await readStore.read(async (trx) => {
      const { rows } = await sql<{ journeys: string; contacts: string; holds: string; facts: string; off: string }>`
        select count(*) as journeys,
               coalesce(sum(contacts), 0) as contacts,
               coalesce(sum(holds), 0) as holds,
               coalesce(sum(jsonb_array_length(document->'timeline')), 0) as facts,
               count(*) filter (where contacts <> 1 or holds <> 1 or jsonb_array_length(document->'timeline') <> ${FACTS_PER_CONTACT}) as off
        from journeys where journey_id like ${`${STREAM_PREFIX}%`}`.execute(trx);
      const { rows: events } = await sql<{ count: string }>`select count(*) as count from journey_events where stream_name like ${`${STREAM_PREFIX}%`}`.execute(trx);
      return { ...rows[0], events: events[0].count };
    });
    const readModelFacts = Number(counted.events);
    const doubleCounted =
      Math.max(0, readModelFacts - storedEvents) + Number(counted.off) + Math.max(0, Number(counted.contacts) - Number(counted.journeys));
    const missingFromReadModels = Math.max(0, acknowledgedFacts - readModelFacts);

    const errors = operations.recordEvents.errors + operations.journey.errors;
    const heapLimitMb = memoryAfterWarmup.heapUsedMb + Math.max(memoryAfterWarmup.heapUsedMb * HEAP_TOLERANCE.ratio, HEAP_TOLERANCE.bytes / 1024 / 1024);
    const memoryFlat = memoryAtEnd.heapUsedMb <= heapLimitMb;
    const rate = (count: number) => Math.round(count / loadSeconds);
    const report = [
      `soak finished after ${loadSeconds.toFixed(0)} s of load`,
      `  recordEvents: ${operations.recordEvents.calls} calls (${rate(operations.recordEvents.calls)}/s), ${acknowledgedFacts} facts acknowledged (${rate(acknowledgedFacts)} facts/s), ` +
        `p50 ${operations.recordEvents.latency.percentile(0.5)} ms, p99 ${operations.recordEvents.latency.percentile(0.99)} ms, errors ${operations.recordEvents.errors}`,
      `  journey:      ${operations.journey.calls} calls (${rate(operations.journey.calls)}/s), p50 ${operations.journey.latency.percentile(0.5)} ms, ` +
        `p99 ${operations.journey.latency.percentile(0.99)} ms, errors ${operations.journey.errors}`,
      `  errors by code: ${errorsByCode.size === 0 ? 'none' : JSON.stringify(Object.fromEntries(errorsByCode))}${firstErrors.length ? `\n    ${firstErrors.join('\n    ')}` : ''}`,
      `  memory (after full GC): start rss ${memoryAtStart.rssMb} MB heap ${memoryAtStart.heapUsedMb} MB; after warm-up rss ${memoryAfterWarmup.rssMb} MB heap ${memoryAfterWarmup.heapUsedMb} MB; ` +
        `end rss ${memoryAtEnd.rssMb} MB heap ${memoryAtEnd.heapUsedMb} MB (flat: heap at end ≤ ${heapLimitMb.toFixed(1)} MB, after warm-up + max(25%, 32 MB))`,
      `  projector lag: max ${maxEventsBehind} events / ${maxSecondsBehind} s behind during the run; caught up ${catchUpSeconds.toFixed(1)} s after the load stopped`,
      `  store: ${storedEvents} soak events for ${acknowledgedContacts} acknowledged contacts (${acknowledgedFacts} facts): lost ${lostFacts}, stored twice ${storedTwice}`,
      `  read models: ${counted.journeys} journeys, ${counted.contacts} contacts, ${counted.holds} holds, ${readModelFacts} facts (${counted.facts} in timelines): ` +
        `double-counted ${doubleCounted}, missing ${missingFromReadModels}`,
    ];
    const goals: [string, boolean][] = [
      ['0 lost', lostFacts === 0 && missingFromReadModels === 0],
      ['0 double-counted', doubleCounted === 0 && storedTwice === 0],
      ['0 errors', errors === 0],
      ['memory flat after warm-up', memoryFlat],
    ];
    report.push(`  goals: ${goals.map(([goal, met]) => `${goal} ${met ? 'MET' : 'FAILED'}`).join(', ')}`);
    console.log(report.join('\n'));
    failed = goals.some(([, met]) => !met);
  } finally {
    await storeClient?.dispose();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.exitCode = failed === false ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
