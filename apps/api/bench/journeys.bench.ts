/**
 * `npm run bench` (third part): the journey read side.
 *
 * 1. Rebuild throughput. BENCH_JOURNEY_EVENTS (default 1,000,000) generated facts, about 20 per
 *    journey (./journey-generator.ts), are appended with the client to an embedded store. Then, in
 *    the same run: the raw `$all` catch-up rate (system events excluded, from the start, until every
 *    event is seen) through the client alone and through Hindsight's `EventStore.subscribeToAll` (the
 *    projector's feed: it adds metadata checks and upcasting); and `rebuildProjections` of the journey
 *    projection alone on PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test, under a
 *    schema prefix of its own, dropped afterwards) and on PGlite (a fresh directory), as events/s.
 *    Goal: the PostgreSQL rebuild at least 25% of the raw catch-up rate.
 * 2. `journey(id)` latency. The API on embedded defaults (PGlite; then PostgreSQL, unless
 *    BENCH_LATENCY_POSTGRES=false), BENCH_LATENCY_JOURNEYS (2,000) journeys appended to its store and
 *    projected, then BENCH_CLIENTS (50) concurrent keep-alive clients, in a worker thread so their own
 *    parsing stays off the server's event loop, ask for a journey (timeline, contacts with holds and
 *    transfers, metrics, notes) by a random stream name for BENCH_LATENCY_SECONDS (10) seconds; then
 *    the same for `{ __typename }` on the same server. Goal: journey(id) p99 within 3× the trivial p99.
 *
 * BENCH_JOURNEY_PARTS=rebuild or =latency runs one part only; BENCH_REBUILD_ON=postgres or =pglite
 * rebuilds on one database only; BENCH_REBUILD_BATCH_SIZE sets the rebuild's batch size. A benchmark, not a test: it prints
 * figures, asserts nothing.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { NestFactory } from '@nestjs/core';
import { ANY, EventStoreDBClient, START, excludeSystemEvents } from '@eventstore/db-client';
import { sql } from 'kysely';
import { EventStore, EventStoreModule, eventStoreClient } from '@hindsight/event-store';
import { EmbeddedEventStore } from '@hindsight/eventstore-embedded';
import { JourneyProjection, rebuildProjections, type RebuildProgress } from '@hindsight/projections';
import { ReadStore, type ReadStoreConfig } from '@hindsight/read-store';
import { appConfigFromEnv } from '../src/app.config';
import { bootstrap } from '../src/bootstrap';
import { checkAgainstCatalog, generateFactWaves, toEventData, type GeneratedFact } from './journey-generator';

const EVENTS = Number(process.env.BENCH_JOURNEY_EVENTS ?? 1_000_000);
const JOURNEYS_PER_WAVE = Number(process.env.BENCH_JOURNEYS_PER_WAVE ?? 1_000);
const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const LATENCY_JOURNEYS = Number(process.env.BENCH_LATENCY_JOURNEYS ?? 2_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
/** The bench's own admin key (the main thread's; workers get it in their request). */
const ADMIN_KEY = randomBytes(32).toString('base64url');
const LATENCY_MS = Number(process.env.BENCH_LATENCY_SECONDS ?? 10) * 1_000;
const LATENCY_ON_POSTGRES = process.env.BENCH_LATENCY_POSTGRES !== 'false';
const PARTS = (process.env.BENCH_JOURNEY_PARTS ?? 'rebuild,latency').split(',');
const REBUILD_ON = (process.env.BENCH_REBUILD_ON ?? 'postgres,pglite').split(',');
/** The rebuild's batch size; the runner's default (500) unless set. */
const REBUILD_BATCH_SIZE = process.env.BENCH_REBUILD_BATCH_SIZE ? Number(process.env.BENCH_REBUILD_BATCH_SIZE) : undefined;
/** Facts per round of appends: grouped by stream, one append per stream, all streams at once. */
const FACTS_PER_ROUND = 5_000;
const PROGRESS_EVERY_MS = 5_000;

const JOURNEY_QUERY = `query Journey($id: ID!) {
  journey(id: $id) {
    id customerId startedAt lastActivityAt streams
    timeline { eventId streamName type occurredAt position source description }
    contacts {
      contactId channel direction origin startedAt endedAt durationMs queueWaitMs agents repeat abandoned
      queueVisits { queueId waitMs abandoned }
      holds { startedAt endedAt durationMs customerConsent reason customerDropped }
      transfers { kind status contextShared target { type id } }
      disconnect { at by reason whileOnHold }
      wrapUp { outcome disposition }
    }
    cases { caseId status openedAt resolvedAt timeToFirstResponseMs timeToResolutionMs longestSilenceMs escalations { to reason } }
    callbacks { callbackId status dueBy keptAt latenessMs attempts { at outcome } }
    metrics {
      contacts { count inbound outbound channels repeatContacts }
      queue { queued totalWaitMs longestWaitMs abandonedInQueue }
      holds { count totalMs longestMs averageMs withoutConsent customerDroppedOnHold }
      transfers { count blind withoutContext failed agentChain explainedAgain }
      disconnects { customer agent system network droppedByUs }
      promises { made kept broken pending totalLatenessMs }
      cases { count escalations duplicates reopened timeToFirstResponseMs timeToResolutionMs longestSilenceMs followUpAfterResolution }
      outcome outcomeProvisional
    }
    notes { code streamName message }
  }
}`;
const TRIVIAL_QUERY = '{ __typename }';

interface Rate {
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
}

async function main(): Promise<void> {
  const parts = [
    ...(PARTS.includes('rebuild') ? [`a rebuild over ${format(EVENTS)} events`] : []),
    ...(PARTS.includes('latency') ? [`journey(id) over ${format(LATENCY_JOURNEYS)} journeys with ${CLIENTS} clients`] : []),
  ];
  console.log(`\nJourneys benchmark: ${parts.join('; ')}`);
  console.log(`(${availableParallelism()} cores, load average ${loadavg().map((load) => load.toFixed(1)).join(' ')} at the start: other processes share them)\n`);
  if (PARTS.includes('rebuild')) await rebuildPart();
  if (PARTS.includes('latency')) await latencyPart();
}

// ---------------------------------------------------------------------------------------------
// 1. Rebuild throughput beside the raw $all catch-up rate

async function rebuildPart(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-bench-journeys-'));
  const store = new EmbeddedEventStore({ dataDir: join(dir, 'events'), port: 0 });
  await store.start();
  const client = EventStoreDBClient.connectionString(store.connectionString);
  const context = await NestFactory.createApplicationContext(
    EventStoreModule.forRoot({ connection: { mode: 'external', connectionString: store.connectionString } }),
    { logger: false },
  );
  const eventStore = context.get(EventStore);
  try {
    const loaded = await loadEvents(client, EVENTS);
    console.log(
      `generated and appended ${format(loaded.events)} events (${format(loaded.journeys)} journeys, ${(loaded.events / loaded.journeys).toFixed(1)} events per journey, ` +
        `${format(loaded.streams)} streams) in ${loaded.seconds.toFixed(0)} s: ${perSecond(loaded.events / loaded.seconds)}\n`,
    );

    const clientCatchUp = await clientCatchUpRate(client, loaded.events);
    console.log(`$all catch-up through the client: ${format(clientCatchUp.events)} events in ${clientCatchUp.seconds.toFixed(1)} s: ${perSecond(clientCatchUp.eventsPerSecond)}`);
    const feedCatchUp = await eventStoreCatchUpRate(eventStore, loaded.events);
    console.log(`$all catch-up through EventStore.subscribeToAll: ${format(feedCatchUp.events)} events in ${feedCatchUp.seconds.toFixed(1)} s: ${perSecond(feedCatchUp.eventsPerSecond)}\n`);

    const postgres = REBUILD_ON.includes('postgres') ? await rebuildOn('PostgreSQL', postgresTarget(DATABASE_URL), eventStore, loaded) : undefined;
    const pglite = REBUILD_ON.includes('pglite') ? await rebuildOn('PGlite', pgliteTarget(), eventStore, loaded) : undefined;

    const raw = clientCatchUp.eventsPerSecond;
    console.log(`\nRebuild of the journey projection, ${format(loaded.events)} events (${format(loaded.journeys)} journeys), batches of up to ${REBUILD_BATCH_SIZE ?? 'the default 500'}\n`);
    console.log('                                   events/s    seconds   of raw client catch-up   of EventStore feed');
    const line = (label: string, rate: Rate) =>
      console.log(
        `${label.padEnd(32)} ${perSecond(rate.eventsPerSecond).padStart(11)} ${rate.seconds.toFixed(1).padStart(10)} ${percent(rate.eventsPerSecond / raw).padStart(24)} ${percent(rate.eventsPerSecond / feedCatchUp.eventsPerSecond).padStart(20)}`,
      );
    line('raw $all catch-up, client', clientCatchUp);
    line('$all via EventStore.subscribeToAll', feedCatchUp);
    if (postgres) line('rebuild on PostgreSQL', postgres);
    if (pglite) line('rebuild on PGlite', pglite);
    console.log('');
    if (postgres) goal(`rebuild on PostgreSQL ${perSecond(postgres.eventsPerSecond)} = ${percent(postgres.eventsPerSecond / raw)} of the raw catch-up ${perSecond(raw)}`, '≥ 25%', postgres.eventsPerSecond / raw >= 0.25);
    if (pglite) console.log(`  (PGlite: ${percent(pglite.eventsPerSecond / raw)} of the raw catch-up)`);
  } finally {
    await context.close();
    await client.dispose();
    await store.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Loaded {
  readonly events: number;
  readonly journeys: number;
  readonly streams: number;
  readonly seconds: number;
  /** Every stream of every journey whose facts were all appended. */
  readonly journeyStreams: string[];
}

/** Generates `events` facts in interleaved waves and appends them with the client, one append per stream per round. */
async function loadEvents(client: EventStoreDBClient, events: number, journeysPerWave = JOURNEYS_PER_WAVE): Promise<Loaded> {
  const started = performance.now();
  let lastReport = started;
  let appended = 0;
  let journeys = 0;
  let streams = 0;
  const journeyStreams: string[] = [];
  for (const wave of generateFactWaves({ events, journeysPerWave })) {
    for (const fact of wave.facts) checkAgainstCatalog(fact);
    const complete = new Set(wave.facts.map((fact) => fact.stream));
    for (const journey of wave.journeys) {
      if (journey.streams.every((stream) => complete.has(stream))) journeyStreams.push(...journey.streams);
      if (journey.streams.some((stream) => complete.has(stream))) journeys++;
    }
    streams += complete.size;
    for (let start = 0; start < wave.facts.length; start += FACTS_PER_ROUND) {
      await appendRound(client, wave.facts.slice(start, start + FACTS_PER_ROUND));
      appended += Math.min(FACTS_PER_ROUND, wave.facts.length - start);
      const now = performance.now();
      if (now - lastReport >= PROGRESS_EVERY_MS) {
        lastReport = now;
        console.log(`  … appended ${format(appended)} of ${format(events)} events (${perSecond(appended / ((now - started) / 1000))})`);
      }
    }
  }
  return { events: appended, journeys, streams, seconds: (performance.now() - started) / 1000, journeyStreams };
}

async function appendRound(client: EventStoreDBClient, facts: readonly GeneratedFact[]): Promise<void> {
  const byStream = new Map<string, GeneratedFact[]>();
  for (const fact of facts) {
    const own = byStream.get(fact.stream);
    if (own) own.push(fact);
    else byStream.set(fact.stream, [fact]);
  }
  await Promise.all(
    [...byStream].map(([stream, own]) => {
      const correlationId = randomUUID();
      return client.appendToStream(
        stream,
        own.map((fact) => toEventData(fact, correlationId)),
        { expectedRevision: ANY },
      );
    }),
  );
}

async function clientCatchUpRate(client: EventStoreDBClient, expected: number): Promise<Rate> {
  const started = performance.now();
  const subscription = client.subscribeToAll({ fromPosition: START, filter: excludeSystemEvents() });
  let events = 0;
  await new Promise<void>((resolve, reject) => {
    subscription.on('data', (resolved) => {
      if (resolved.event && ++events === expected) resolve();
    });
    subscription.on('error', reject);
  });
  const seconds = (performance.now() - started) / 1000;
  await subscription.unsubscribe();
  return { events, seconds, eventsPerSecond: events / seconds };
}

async function eventStoreCatchUpRate(eventStore: EventStore, expected: number): Promise<Rate> {
  const started = performance.now();
  let events = 0;
  let seen!: () => void;
  const allSeen = new Promise<void>((resolve) => (seen = resolve));
  const subscription = eventStore.subscribeToAll({}, async () => {
    if (++events === expected) seen();
  });
  await Promise.race([allSeen, subscription.finished]);
  const seconds = (performance.now() - started) / 1000;
  await subscription.stop();
  return { events, seconds, eventsPerSecond: events / seconds };
}

interface Target {
  readonly config: ReadStoreConfig;
  cleanUp(): Promise<void>;
}

async function rebuildOn(name: string, target: Target, eventStore: EventStore, loaded: Loaded): Promise<Rate | undefined> {
  let readStore: ReadStore | undefined;
  try {
    readStore = await ReadStore.open(target.config);
    const started = performance.now();
    let lastReport = started;
    const result = await rebuildProjections(eventStore, readStore, {
      // The journey projection alone: its own rate, whatever other projections run beside it.
      projections: [new JourneyProjection()],
      progressIntervalMs: 500,
      batchSize: REBUILD_BATCH_SIZE,
      onProgress: (progress: RebuildProgress) => {
        const now = performance.now();
        if (now - lastReport < PROGRESS_EVERY_MS || progress.done) return;
        lastReport = now;
        const rate = progress.eventsDone / ((now - started) / 1000);
        const eta = rate > 0 ? (loaded.events - progress.eventsDone) / rate : Number.NaN;
        console.log(`  … ${name} rebuild: ${format(progress.eventsDone)} of ${format(loaded.events)} events (${perSecond(rate)}, about ${eta.toFixed(0)} s to go)`);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    const counts = await readStore.read(async (trx) => {
      const journeys = await trx.selectFrom('journeys').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      const facts = await trx.selectFrom('journey_events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      return { journeys: Number(journeys.n), facts: Number(facts.n) };
    });
    console.log(`rebuild on ${name}: ${format(result.events)} events in ${seconds.toFixed(1)} s: ${perSecond(result.events / seconds)} (${format(counts.journeys)} journeys, ${format(counts.facts)} facts stored)`);
    return { events: result.events, seconds, eventsPerSecond: result.events / seconds };
  } catch (error) {
    console.log(`rebuild on ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  } finally {
    await readStore?.close();
    await target.cleanUp().catch((error: unknown) => console.log(`cleaning up ${name} failed: ${String(error)}`));
  }
}

function pgliteTarget(): Target {
  const parent = mkdtempSync(join(tmpdir(), 'hindsight-bench-pglite-'));
  return { config: { kind: 'pglite', dataDir: join(parent, 'read-store') }, cleanUp: async () => rmSync(parent, { recursive: true, force: true }) };
}

/** A schema prefix of its own; cleaning up drops every generation under it and its bookkeeping rows. */
function postgresTarget(connectionString: string, schemaPrefix = `bench${randomUUID().replaceAll('-', '').slice(0, 12)}`): Target {
  const config: ReadStoreConfig = { kind: 'postgres', connectionString, schemaPrefix };
  return {
    config,
    cleanUp: async () => {
      const store = await ReadStore.open(config);
      try {
        const schemas = await sql<{ nspname: string }>`select nspname from pg_namespace where nspname like ${`${schemaPrefix}\\_g%`}`.execute(store.db);
        for (const { nspname } of schemas.rows) await sql`drop schema if exists ${sql.id(nspname)} cascade`.execute(store.db);
        await store.db.deleteFrom('public.read_store_generations').where('schema_prefix', '=', schemaPrefix).execute();
      } finally {
        await store.close();
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// 2. journey(id) latency beside a trivial query, on the running API

interface Latencies {
  readonly requests: number;
  readonly errors: number;
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
}

async function latencyPart(): Promise<void> {
  const rows: [string, Latencies, Latencies][] = [];
  const pglite = await latencyOn('PGlite', undefined);
  if (pglite) rows.push(['PGlite', ...pglite]);
  if (LATENCY_ON_POSTGRES) {
    const postgres = await latencyOn('PostgreSQL', postgresTarget(DATABASE_URL));
    if (postgres) rows.push(['PostgreSQL', ...postgres]);
  }
  console.log(`\njourney(id) vs { __typename }, ${CLIENTS} concurrent clients, ${LATENCY_MS / 1000} s each, ${format(LATENCY_JOURNEYS)} journeys\n`);
  console.log('read store  | journey(id) req/s  p50 ms  p99 ms  errors | trivial req/s  p50 ms  p99 ms | p99 ratio');
  for (const [name, journey, trivial] of rows) {
    console.log(
      `${name.padEnd(11)} | ${format(journey.requestsPerSecond).padStart(17)} ${journey.p50.toFixed(1).padStart(7)} ${journey.p99.toFixed(1).padStart(7)} ${String(journey.errors).padStart(7)} | ` +
        `${format(trivial.requestsPerSecond).padStart(13)} ${trivial.p50.toFixed(1).padStart(7)} ${trivial.p99.toFixed(1).padStart(7)} | ${(journey.p99 / trivial.p99).toFixed(2).padStart(8)}×`,
    );
  }
  console.log('');
  for (const [name, journey, trivial] of rows) {
    goal(`journey(id) p99 on ${name}: ${journey.p99.toFixed(1)} ms = ${(journey.p99 / trivial.p99).toFixed(2)}× the trivial query's ${trivial.p99.toFixed(1)} ms`, '≤ 3×', journey.p99 <= 3 * trivial.p99);
  }
}

async function latencyOn(name: string, postgres: Target | undefined): Promise<[Latencies, Latencies] | undefined> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hindsight-bench-latency-'));
  // Unlimited: the bench measures the API, not its rate limits.
  const env: NodeJS.ProcessEnv = { HINDSIGHT_DATA_DIR: dataDir, PORT: '0', HINDSIGHT_ADMIN_KEY: ADMIN_KEY, HINDSIGHT_RATE_LIMIT: 'off' };
  if (postgres?.config.kind === 'postgres') Object.assign(env, { DATABASE_URL: postgres.config.connectionString, HINDSIGHT_READ_SCHEMA_PREFIX: postgres.config.schemaPrefix });
  let app: Awaited<ReturnType<typeof bootstrap>> | undefined;
  let client: EventStoreDBClient | undefined;
  try {
    app = await bootstrap(appConfigFromEnv(env), { logger: false });
    const url = `${await app.getUrl()}/graphql`;
    const health = await graphql<{ health: { eventStore: { connectionString: string } } }>(url, '{ health { eventStore { connectionString } } }');
    client = eventStoreClient(health.health.eventStore.connectionString);
    // Overlapping journeys, as in the rebuild; only the streams of complete journeys are asked for.
    const events = LATENCY_JOURNEYS * 40;
    const loaded = await loadJourneys(client, LATENCY_JOURNEYS, events);
    const started = performance.now();
    let lastReport = started;
    for (;;) {
      const { projector } = (await graphql<{ health: { projector: { eventsBehind: number } } }>(url, '{ health { projector { eventsBehind } } }')).health;
      if (projector.eventsBehind === 0) break;
      if (performance.now() - lastReport >= PROGRESS_EVERY_MS) {
        lastReport = performance.now();
        console.log(`  … ${name}: the projector is ${format(projector.eventsBehind)} events behind`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    console.log(
      `${name}: ${format(loaded.events)} events (${format(loaded.journeyStreams.length / 4)} journeys) appended in ${loaded.seconds.toFixed(1)} s, projected ${((performance.now() - started) / 1000).toFixed(1)} s later`,
    );
    const ids = loaded.journeyStreams;
    const check = await graphql<{ journey: { id: string; timeline: unknown[] } | null }>(url, JOURNEY_QUERY, { id: ids[0] });
    if (!check.journey) throw new Error(`journey(${ids[0]}) answered null`);
    // Warm both (JIT, connections, caches) before measuring.
    await load(url, JOURNEY_QUERY, ids, 2_000);
    await load(url, TRIVIAL_QUERY, [], 2_000);
    const journey = await load(url, JOURNEY_QUERY, ids, LATENCY_MS);
    const trivial = await load(url, TRIVIAL_QUERY, [], LATENCY_MS);
    console.log(`${name}: journey(id) p50 ${journey.p50.toFixed(1)} ms p99 ${journey.p99.toFixed(1)} ms; { __typename } p50 ${trivial.p50.toFixed(1)} ms p99 ${trivial.p99.toFixed(1)} ms`);
    return [journey, trivial];
  } catch (error) {
    console.log(`journey(id) latency on ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return undefined;
  } finally {
    await client?.dispose();
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
    await postgres?.cleanUp().catch((error: unknown) => console.log(`cleaning up ${name} failed: ${String(error)}`));
  }
}

/** Whole journeys, in overlapping waves, appended directly with the client. */
async function loadJourneys(client: EventStoreDBClient, journeys: number, upToEvents: number): Promise<Loaded> {
  const started = performance.now();
  let appended = 0;
  const journeyStreams: string[] = [];
  for (const wave of generateFactWaves({ events: upToEvents, journeysPerWave: Math.min(JOURNEYS_PER_WAVE, journeys) })) {
    for (const fact of wave.facts) checkAgainstCatalog(fact);
    const complete = new Set(wave.facts.map((fact) => fact.stream));
    let facts = wave.facts;
    const wanted = wave.journeys.slice(0, journeys - journeyStreams.length / 4);
    if (wanted.length < wave.journeys.length) {
      const streams = new Set(wanted.flatMap((journey) => journey.streams));
      facts = facts.filter((fact) => streams.has(fact.stream));
    }
    for (const journey of wanted) if (journey.streams.every((stream) => complete.has(stream))) journeyStreams.push(...journey.streams);
    for (let start = 0; start < facts.length; start += FACTS_PER_ROUND) await appendRound(client, facts.slice(start, start + FACTS_PER_ROUND));
    appended += facts.length;
    if (journeyStreams.length / 4 >= journeys) break;
  }
  return { events: appended, journeys: journeyStreams.length / 4, streams: journeyStreams.length, seconds: (performance.now() - started) / 1000, journeyStreams };
}

interface LoadRequest {
  readonly url: string;
  readonly apiKey: string;
  readonly query: string;
  readonly ids: readonly string[];
  readonly clients: number;
  readonly durationMs: number;
}

/** Runs the clients in a worker thread, so their requests and parsing do not share the server's event loop. */
function load(url: string, query: string, ids: readonly string[], durationMs: number): Promise<Latencies> {
  const request: LoadRequest = { url, apiKey: ADMIN_KEY, query, ids, clients: CLIENTS, durationMs };
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: request });
    worker.once('message', (result: { latencies: Float64Array; errors: number; seconds: number }) => {
      const latencies = [...result.latencies].sort((a, b) => a - b);
      const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN;
      resolve({ requests: latencies.length, errors: result.errors, requestsPerSecond: latencies.length / result.seconds, p50: percentile(0.5), p99: percentile(0.99) });
    });
    worker.once('error', reject);
  });
}

/** In the worker: `clients` keep-alive loops, each waiting for its answer (and reading it) before the next request. */
async function runClients(request: LoadRequest): Promise<void> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: request.clients }, async () => {
      while (performance.now() - started < request.durationMs) {
        const variables = request.ids.length ? { id: request.ids[Math.floor(Math.random() * request.ids.length)] } : undefined;
        const before = performance.now();
        try {
          const response = await fetch(request.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${request.apiKey}` },
            body: JSON.stringify({ query: request.query, variables }),
          });
          const body = (await response.json()) as { data?: Record<string, unknown> | null; errors?: unknown };
          if (body.errors || !body.data || (request.ids.length > 0 && !body.data.journey)) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - before);
      }
    }),
  );
  parentPort!.postMessage({ latencies: Float64Array.from(latencies), errors, seconds: (performance.now() - started) / 1000 });
}

async function graphql<T>(url: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (body.errors || !body.data) throw new Error(`GraphQL request failed: ${JSON.stringify(body)}`);
  return body.data;
}

// ---------------------------------------------------------------------------------------------

function goal(statement: string, target: string, met: boolean): void {
  console.log(`  ${statement} (goal ${target}): ${met ? 'met' : 'NOT met'}`);
}

function format(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function perSecond(eventsPerSecond: number): string {
  return `${format(eventsPerSecond)}/s`;
}

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)}%`;
}

if (isMainThread) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  runClients(workerData as LoadRequest).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
