/**
 * `npm run bench` (second part): `recordEvents` over HTTP on embedded defaults, beside the same events
 * appended directly with the client to the same store, in one run so the ratio holds. Each call is a
 * batch of contact facts, ten per stream (a contact from start to wrap-up), on fresh streams; the
 * direct baseline appends each stream's ten events with `appendToStream`, all streams of a batch at
 * once, exactly as the API's handler does. A benchmark, not a test: it prints figures, asserts nothing.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NO_STREAM, jsonEvent, type EventStoreDBClient } from '@eventstore/db-client';
import { eventStoreClient } from '@hindsight/event-store';
import { appConfigFromEnv } from '../src/app.config';
import { bootstrap } from '../src/bootstrap';

const FACTS_PER_CONFIGURATION = Number(process.env.BENCH_FACTS ?? 24_000);
const FACTS_PER_STREAM = 10;

interface Fact {
  readonly source: string;
  readonly sourceEventId: string;
  readonly occurredAt: string;
  readonly stream: string;
  readonly event: Record<string, Record<string, unknown>>;
}

/** One contact, start to wrap-up, as telephony reports it. */
function contactFacts(): Fact[] {
  const contactId = randomUUID();
  const steps: [string, Record<string, unknown>][] = [
    ['contactStarted', { channel: 'voice', direction: 'inbound', origin: 'inbound', customerId: 'cust-bench' }],
    ['contactQueued', { queueId: 'billing' }],
    ['contactAnswered', { agentId: 'agent-7' }],
    ['problemExplained', { summary: 'The invoice shows a charge twice for the same month of service' }],
    ['holdStarted', { reason: 'Checking the billing system', customerConsent: 'yes' }],
    ['holdEnded', { agentId: 'agent-7' }],
    ['transferInitiated', { kind: 'warm', target: { type: 'queue', id: 'billing-2' }, contextShared: true }],
    ['transferCompleted', { kind: 'warm', target: { type: 'queue', id: 'billing-2' }, contextShared: true }],
    ['contactDisconnected', { by: 'agent', reason: 'Resolved, call ended politely' }],
    ['contactWrappedUp', { outcome: 'resolved', disposition: 'BILLING-DOUBLE-CHARGE' }],
  ];
  return steps.map(([field, data], index) => ({
    source: 'telephony',
    sourceEventId: `${contactId}-${index}`,
    occurredAt: new Date(Date.UTC(2026, 2, 5, 10, index)).toISOString(),
    stream: `contact-${contactId}`,
    event: { [field]: data },
  }));
}

function batchOf(facts: number): Fact[] {
  return Array.from({ length: facts / FACTS_PER_STREAM }, contactFacts).flat();
}

/** The bench's own admin key, and no rate limit: it measures the API, not its limits. */
const ADMIN_KEY = randomBytes(32).toString('base64url');
const HEADERS = { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` };

const mutation = `mutation Record($facts: [FactInput!]!) { recordEvents(facts: $facts) { recorded rejected } }`;

type Call = (batch: readonly Fact[]) => Promise<void>;

function viaRecordEvents(url: string): Call {
  return async (batch) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify({ query: mutation, variables: { facts: batch } }),
    });
    const body = (await response.json()) as { data?: { recordEvents: { recorded: number } }; errors?: unknown };
    if (body.data?.recordEvents.recorded !== batch.length) throw new Error(`recordEvents failed: ${JSON.stringify(body)}`);
  };
}

/** The same events, ids and metadata as the API stores, appended straight to the store. */
function viaClient(client: EventStoreDBClient): Call {
  return async (batch) => {
    const byStream = new Map<string, Fact[]>();
    for (const fact of batch) byStream.set(fact.stream, [...(byStream.get(fact.stream) ?? []), fact]);
    await Promise.all(
      [...byStream].map(([stream, facts]) =>
        client.appendToStream(
          stream,
          facts.map((fact) => {
            const [[field, data]] = Object.entries(fact.event);
            return jsonEvent({
              id: randomUUID(),
              type: field[0].toUpperCase() + field.slice(1),
              data: data as never,
              metadata: {
                $correlationId: randomUUID(),
                $causationId: randomUUID(),
                occurredAt: fact.occurredAt,
                source: fact.source,
                sourceEventId: fact.sourceEventId,
                schemaVersion: 1,
              },
            });
          }),
          { expectedRevision: NO_STREAM },
        ),
      ),
    );
  };
}

interface Measurement {
  readonly factsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
}

async function measure(call: Call, batchSize: number, clients: number): Promise<Measurement> {
  const callsPerClient = Math.max(1, Math.round(FACTS_PER_CONFIGURATION / batchSize / clients));
  const batches = Array.from({ length: clients }, () => Array.from({ length: callsPerClient }, () => batchOf(batchSize)));
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    batches.map(async (own) => {
      for (const batch of own) {
        const before = performance.now();
        await call(batch);
        latencies.push(performance.now() - before);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  return { factsPerSecond: (clients * callsPerClient * batchSize) / seconds, p50: percentile(0.5), p99: percentile(0.99) };
}

const format = (value: number) => Math.round(value).toLocaleString('en-US');

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hindsight-bench-api-'));
  const app = await bootstrap(appConfigFromEnv({ HINDSIGHT_DATA_DIR: dataDir, PORT: '0', HINDSIGHT_ADMIN_KEY: ADMIN_KEY, HINDSIGHT_RATE_LIMIT: 'off' }), { logger: false });
  const url = `${await app.getUrl()}/graphql`;
  const health = (await (
    await fetch(url, {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify({ query: '{ health { eventStore { connectionString } } }' }),
    })
  ).json()) as { data: { health: { eventStore: { connectionString: string } } } };
  const client = eventStoreClient(health.data.health.eventStore.connectionString);
  try {
    console.log(`\nrecordEvents on embedded defaults vs direct appends with the client (${format(FACTS_PER_CONFIGURATION)} facts per row)\n`);
    console.log('batch  clients | direct facts/s  p50 ms  p99 ms | recordEvents facts/s  p50 ms  p99 ms | ratio');
    // Warm both paths (JIT, connections, schema caches) before measuring.
    await measure(viaClient(client), 100, 1);
    await measure(viaRecordEvents(url), 100, 1);
    for (const batchSize of [100, 1_000]) {
      for (const clients of [1, 8]) {
        const direct = await measure(viaClient(client), batchSize, clients);
        const recorded = await measure(viaRecordEvents(url), batchSize, clients);
        const ratio = recorded.factsPerSecond / direct.factsPerSecond;
        console.log(
          `${String(batchSize).padStart(5)}  ${String(clients).padStart(7)} | ${format(direct.factsPerSecond).padStart(14)}  ${direct.p50.toFixed(0).padStart(6)}  ${direct.p99.toFixed(0).padStart(6)} | ` +
            `${format(recorded.factsPerSecond).padStart(20)}  ${recorded.p50.toFixed(0).padStart(6)}  ${recorded.p99.toFixed(0).padStart(6)} | ${(ratio * 100).toFixed(0).padStart(4)}%` +
            (batchSize === 1_000 ? '  (goal ≥ 50%)' : ''),
        );
      }
    }
  } finally {
    await client.dispose();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
