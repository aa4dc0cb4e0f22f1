/**
 * The longest a single request from a `reader` key holds the API's event loop, request by request,
 * over the shapes an attacker would try against the limits (query-limits.ts): the most expensive
 * summaries and pages the cost limit lets through, alias floods at and past the field limit, and
 * oversized documents at and past the token limit. The API runs on embedded defaults with
 * BENCH_WORST_JOURNEYS (2,000) generated journeys; the requests are sent from a worker thread, so
 * that only the server's work is on the measured loop (perf_hooks.monitorEventLoopDelay, 1 ms
 * resolution; each request is sent BENCH_WORST_REPEAT (3) times and the worst kept).
 *
 * `npm run build && node dist/apps/api/bench/worst-request.bench.js`. A benchmark, not a test: it
 * prints figures, asserts nothing. Goal: under 100 ms for every request.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { ANY, type EventStoreDBClient } from '@eventstore/db-client';
import { eventStoreClient } from '@hindsight/event-store';
import { appConfigFromEnv } from '../src/app.config';
import { bootstrap } from '../src/bootstrap';
import { generateFactWaves, toEventData, type GeneratedFact } from './journey-generator';

const JOURNEYS = Number(process.env.BENCH_WORST_JOURNEYS ?? 2_000);
const REPEAT = Number(process.env.BENCH_WORST_REPEAT ?? 3);
const ADMIN_KEY = randomBytes(32).toString('base64url');

const FULL_JOURNEY = `id customerId startedAt lastActivityAt streams
  timeline { eventId streamName type occurredAt position source description data }
  contacts { contactId } callbacks { callbackId } metrics { contacts { count } }`;
const METRICS = 'key averageHoldMs transferRate abandonRate';

/** The requests, by name: what a reader may build, near or past each limit. */
function requests(streams: readonly string[]): Record<string, string> {
  const aliases = (count: number, field: (index: number) => string) => Array.from({ length: count }, (_, index) => `a${index}: ${field(index)}`).join(' ');
  return {
    'two journeyMetrics (the most the cost allows)': `{ a: journeyMetrics(groupBy: DAY) { ${METRICS} } b: journeyMetrics(groupBy: AGENT) { ${METRICS} } }`,
    'three journeyMetrics (refused: QUERY_TOO_COMPLEX)': `{ ${aliases(3, () => `journeyMetrics(groupBy: DAY) { ${METRICS} }`)} }`,
    'journeys(first: 100), full journeys, 4 aliases': `{ ${aliases(4, () => `journeys(first: 100) { edges { node { ${FULL_JOURNEY} } } }`)} }`,
    '45 aliases of journey(id) with timeline (near the field limit)': `{ ${aliases(45, (index) => `journey(id: "${streams[index % streams.length]}") { id timeline { type } }`)} }`,
    '200 aliases of __typename (the field limit)': `{ ${aliases(200, () => '__typename')} }`,
    '2,000 aliases of journey(id) (refused: QUERY_TOO_LARGE)': `{ ${aliases(2_000, (index) => `journey(id: "${streams[index % streams.length]}") { id }`)} }`,
    '4 MB of repeated directives (refused: QUERY_TOO_LARGE)': `{ health ${'@skip(if: false) '.repeat(240_000)} { status } }`,
    'one 3 MB string argument (refused: QUERY_TOO_LARGE)': `{ journey(id: "${'z'.repeat(3_000_000)}") { id } }`,
    'one 99 KB string argument (the length limit)': `{ journey(id: "${'z'.repeat(99_000)}") { id } }`,
  };
}

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
parentPort.on('message', async (query) => {
  const response = await fetch(workerData.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + workerData.key }, body: JSON.stringify({ query }) });
  const body = await response.json();
  parentPort.postMessage((body.errors || []).map((error) => error.extensions && error.extensions.code).join(',') || 'answered');
});`;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hindsight-bench-worst-'));
  const app = await bootstrap(appConfigFromEnv({ HINDSIGHT_DATA_DIR: dataDir, PORT: '0', HINDSIGHT_ADMIN_KEY: ADMIN_KEY, HINDSIGHT_RATE_LIMIT: 'off' }), { logger: false });
  const url = `${await app.getUrl()}/graphql`;
  const admin = async <T>(query: string, variables?: object): Promise<T> => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` }, body: JSON.stringify({ query, variables }) });
    return ((await response.json()) as { data: T }).data;
  };
  const client = eventStoreClient((await admin<{ health: { eventStore: { connectionString: string } } }>('{ health { eventStore { connectionString } } }')).health.eventStore.connectionString);
  let worker: Worker | undefined;
  try {
    const streams: string[] = [];
    for (const wave of generateFactWaves({ events: JOURNEYS * 40, journeysPerWave: Math.min(1_000, JOURNEYS) })) {
      await appendByStream(client, wave.facts);
      streams.push(...wave.journeys.flatMap((journey) => journey.streams));
      if (streams.length / 4 >= JOURNEYS) break;
    }
    for (;;) {
      const { health } = await admin<{ health: { projector: { eventsBehind: number } } }>('{ health { projector { eventsBehind } } }');
      if (health.projector.eventsBehind === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const total = await admin<{ journeys: { totalCount: number } }>('{ journeys(first: 1) { totalCount } }');
    const reader = await admin<{ createApiKey: { secret: string } }>('mutation { createApiKey(name: "worst request", role: READER) { secret } }');
    worker = new Worker(WORKER, { eval: true, workerData: { url, key: reader.createApiKey.secret } });
    const send = (query: string) =>
      new Promise<string>((resolve) => {
        worker!.once('message', resolve);
        worker!.postMessage(query);
      });
    console.log(`Worst request as a reader, ${total.journeys.totalCount} journeys projected, each request ${REPEAT} times, the worst kept:\n`);
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    histogram.enable();
    const results: { name: string; maxMs: number; wallMs: number; answer: string }[] = [];
    for (const [name, query] of Object.entries(requests(streams))) {
      let maxMs = 0;
      let wallMs = 0;
      let answer = '';
      for (let round = 0; round < REPEAT; round++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        histogram.reset();
        const started = performance.now();
        answer = await send(query);
        wallMs = Math.max(wallMs, performance.now() - started);
        maxMs = Math.max(maxMs, histogram.max / 1e6);
      }
      results.push({ name, maxMs, wallMs, answer });
      console.log(`  ${name}: event loop held up to ${maxMs.toFixed(0)} ms (answered in ${wallMs.toFixed(0)} ms: ${answer.slice(0, 60)})`);
    }
    histogram.disable();
    const worst = results.reduce((a, b) => (b.maxMs > a.maxMs ? b : a));
    console.log(`\nWorst: ${worst.name}, ${worst.maxMs.toFixed(0)} ms (goal: under 100 ms)`);
  } finally {
    await worker?.terminate();
    await client.dispose();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function appendByStream(client: EventStoreDBClient, facts: readonly GeneratedFact[]): Promise<void> {
  const byStream = new Map<string, GeneratedFact[]>();
  for (const fact of facts) byStream.set(fact.stream, [...(byStream.get(fact.stream) ?? []), fact]);
  const correlationId = randomUUID();
  const entries = [...byStream];
  for (let start = 0; start < entries.length; start += 200) {
    await Promise.all(entries.slice(start, start + 200).map(([stream, own]) => client.appendToStream(stream, own.map((fact) => toEventData(fact, correlationId)), { expectedRevision: ANY })));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
