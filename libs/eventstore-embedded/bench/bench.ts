/**
 * `npm run bench`: the embedded store's throughput through the real client, the same workloads on the
 * engine called directly (no gRPC, no client), and this machine's raw limit (fsync'd writes of the
 * same bytes to a plain file), all measured in one run so the ratios hold. The disk is noisy, so the
 * raw limit is measured before and after the phases compared with it, and the ratios use the mean.
 * It also runs the same appends and reads over each way a client reaches the store: plain TCP
 * (`--insecure`), the Unix socket the API embeds it behind, and TLS with credentials (the secure
 * standalone store), so the price of each shows in one run.
 * A benchmark, not a test: it prints figures and asserts nothing.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDBClient, START, jsonEvent } from '@eventstore/db-client';
import { convertGrpcEvent } from '@eventstore/db-client/dist/utils/convertGrpcEvent';
import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { Client, Server, ServerCredentials, credentials } from '@grpc/grpc-js';
import { EmbeddedEventStore } from '../src';
import { EventStoreEngine } from '../src/engine/event-store-engine';
import type { ProposedEvent } from '../src/engine/recorded-event';
import { subscribeToAll } from '../src/engine/subscription-feed';
import { encodeReadEventResponse } from '../src/grpc/read-response-encoder';

const EVENT_BYTES = 500;
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 3_000);
const payload = { text: 'x'.repeat(EVENT_BYTES - 40), at: '2026-03-05T10:08:00Z' };
const payloadBytes = Buffer.from(JSON.stringify(payload));
const NO_METADATA = new Uint8Array(0);

interface Rate {
  events: number;
  eventsPerSecond: number;
}

/** Appends through the client or to the engine: `writers` concurrent writers, each on its own stream. */
type AppendWorkload = (writers: number, perAppend: number) => Promise<Rate>;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-bench-'));
  let store = new EmbeddedEventStore({ dataDir: join(dir, 'store'), port: 0 });
  await store.start();
  let client = EventStoreDBClient.connectionString(store.connectionString);
  const viaClient: AppendWorkload = (writers, perAppend) => clientAppends(client, writers, perAppend);
  // A fresh engine per phase, closed after it: the engine writes several times more events than the
  // client, and a heap grown by them would slow (by its garbage collection) whatever runs next.
  const viaEngine: AppendWorkload = (writers, perAppend) => withEngine(join(dir, `engine-${writers}x${perAppend}`), (engine) => engineAppends(engine, writers, perAppend));
  try {
    console.log(`Embedded event store benchmark (${EVENT_BYTES}-byte JSON events, ${PHASE_MS} ms per phase)\n`);
    const table = new Table();

    // Each raw figure is measured right before and right after the store phases it is compared with.
    const raw1Before = rawFsync(join(dir, 'raw-1.log'), 1);
    const client1x1 = await viaClient(1, 1);
    const engine1x1 = await viaEngine(1, 1);
    const client8x1 = await viaClient(8, 1);
    const engine8x1 = await viaEngine(8, 1);
    const raw1After = rawFsync(join(dir, 'raw-1.log'), 1);
    const raw100Before = rawFsync(join(dir, 'raw-100.log'), 100);
    const client1x100 = await viaClient(1, 100);
    const engine1x100 = await viaEngine(1, 100);
    const client8x100 = await viaClient(8, 100);
    const engine8x100 = await viaEngine(8, 100);
    const raw100After = rawFsync(join(dir, 'raw-100.log'), 100);
    const echo1 = await grpcRoundTrips(1);
    const echo8 = await grpcRoundTrips(8);
    const decodeOnly = clientDecoding();
    const clientRead = await clientReadAll(client);
    const clientCatchUp = await clientCatchUpAll(client);
    // Reads on the engine go over the log its 1×100 phase wrote (the largest but the 8×100 one).
    const [engineRead, engineCatchUp] = await withEngine(join(dir, 'engine-1x100'), async (engine) => [engineReadAll(engine), await engineCatchUpAll(engine)]);
    const overTransports = await transportPhases(dir);

    const raw1 = (raw1Before.eventsPerSecond + raw1After.eventsPerSecond) / 2;
    const raw100 = (raw100Before.eventsPerSecond + raw100After.eventsPerSecond) / 2;
    table.row('raw file, 1 event per fdatasync (before / after)', raw1Before, raw1After);
    table.row('raw file, 100 events per fdatasync (before / after)', raw100Before, raw100After);
    table.row('bare gRPC round trips, same process (1 / 8 in flight)', echo1, echo8);
    table.header('through the client', 'engine, no gRPC');
    table.row('append, 1 writer × 1 event per append', client1x1, engine1x1);
    table.row('append, 1 writer × 100 events per append', client1x100, engine1x100);
    table.row('append, 8 writers × 1 event per append', client8x1, engine8x1);
    table.row('append, 8 writers × 100 events per append', client8x100, engine8x100);
    table.row(`$all read forwards (${clientRead.events} / ${engineRead.events} events)`, clientRead, engineRead);
    table.row(`$all catch-up subscription (${clientCatchUp.events} / ${engineCatchUp.events} events)`, clientCatchUp, engineCatchUp);

    await client.dispose();
    await store.stop();
    const restartStarted = performance.now();
    store = new EmbeddedEventStore({ dataDir: join(dir, 'store'), port: 0 });
    await store.start();
    const restartMs = performance.now() - restartStarted;
    client = EventStoreDBClient.connectionString(store.connectionString);
    const total = await countAll(client);
    console.log(`${table.render()}\nrestart: ${total.toLocaleString('en-US')} events back in ${restartMs.toFixed(0)} ms\n`);
    console.log(`${renderTransports(overTransports)}\n`);

    console.log(`Goals (raw = mean of before and after: 1/fdatasync ${perSecond(raw1)}, 100/fdatasync ${perSecond(raw100)}):`);
    for (const [label, figure] of [
      ['client', client1x100],
      ['engine', engine1x100],
    ] as const) {
      goal(`batched append 1×100, ${label}: ${perSecond(figure.eventsPerSecond)} = ${percent(figure.eventsPerSecond / raw100)} of raw 100/fdatasync`, '≥ 50%', figure.eventsPerSecond / raw100 >= 0.5);
    }
    for (const [label, figure] of [
      ['client', client8x1],
      ['engine', engine8x1],
    ] as const) {
      goal(`8 writers × 1, ${label}: ${perSecond(figure.eventsPerSecond)} = ${(figure.eventsPerSecond / raw1).toFixed(2)}× raw 1/fdatasync`, '≥ 2×', figure.eventsPerSecond / raw1 >= 2);
    }
    console.log(`    (through the client, each append is at least one gRPC round trip: ${perSecond(echo8.eventsPerSecond)} bare ones with 8 in flight)`);
    for (const [label, figure] of [
      ['$all read, client', clientRead],
      ['$all read, engine', engineRead],
      ['catch-up, client', clientCatchUp],
      ['catch-up, engine', engineCatchUp],
    ] as const) {
      goal(`${label}: ${perSecond(figure.eventsPerSecond)}`, '≥ 50,000/s', figure.eventsPerSecond >= 50_000);
    }
    console.log(`    (through the client, reads share this process with the client's decoding, ${perSecond(decodeOnly.eventsPerSecond)} on its own)`);
  } finally {
    await client.dispose();
    await store.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const TRANSPORTS = ['plain TCP', 'Unix socket', 'TLS + credentials'] as const;
type TransportRow = { name: string; rates: Rate[] };

/** One store per transport, each with a fresh log, the same workloads on each. */
async function transportPhases(dir: string): Promise<TransportRow[]> {
  const workloads: [string, (client: EventStoreDBClient) => Promise<Rate>][] = [
    ['append, 1 writer × 1 event per append', (client) => clientAppends(client, 1, 1)],
    ['append, 8 writers × 1 event per append', (client) => clientAppends(client, 8, 1)],
    ['append, 1 writer × 100 events per append', (client) => clientAppends(client, 1, 100)],
    ['$all read forwards', (client) => clientReadAll(client)],
  ];
  const rows: TransportRow[] = workloads.map(([name]) => ({ name, rates: [] }));
  for (const [index, transport] of TRANSPORTS.entries()) {
    const dataDir = join(dir, `transport-${index}`);
    const store = new EmbeddedEventStore(
      transport === 'plain TCP'
        ? { dataDir, port: 0 }
        : transport === 'Unix socket'
          ? { dataDir, socketPath: join(dataDir, 'socket', 'eventstore.sock') }
          : { dataDir, port: 0, security: { mode: 'secure' } },
    );
    await store.start();
    const client =
      transport === 'Unix socket'
        ? new EventStoreDBClient({ endpoint: `unix:${store.socketPath}` }, { insecure: true })
        : EventStoreDBClient.connectionString(store.isSecure ? store.connectionString.replace('esdb://', 'esdb://admin:changeit@') : store.connectionString);
    try {
      for (const [row, [, workload]] of workloads.entries()) rows[row].rates.push(await workload(client));
    } finally {
      await client.dispose();
      await store.stop();
    }
  }
  return rows;
}

function renderTransports(rows: TransportRow[]): string {
  const width = Math.max(...rows.map((row) => row.name.length));
  const header = `${'through the client, by transport'.padEnd(width)}  ${TRANSPORTS.map((name) => name.padStart(20)).join('  ')}`;
  return [header, ...rows.map((row) => `${row.name.padEnd(width)}  ${row.rates.map((rate) => perSecond(rate.eventsPerSecond).padStart(20)).join('  ')}`)].join('\n');
}

/** The client's own decoding of a read's messages into events (what `readAll` does per event), without any I/O. */
function clientDecoding(): Rate {
  const messages = Array.from({ length: 1_000 }, (_, n) =>
    encodeReadEventResponse(
      { id: randomUUID(), streamName: 'bench-1', revision: BigInt(n), position: BigInt(n * 700), type: 'BenchHappened', contentType: 'application/json', created: BigInt(Date.now()) * 10_000n, data: payloadBytes, metadata: NO_METADATA },
      undefined,
      'string',
    ),
  );
  let events = 0;
  const started = performance.now();
  while (performance.now() - started < PHASE_MS / 3) {
    for (const message of messages) convertGrpcEvent(ReadResp.deserializeBinary(message).getEvent()!);
    events += messages.length;
  }
  return { events, eventsPerSecond: events / ((performance.now() - started) / 1000) };
}

/**
 * The ceiling of every append through the client: a grpc-js unary call that only echoes 500 bytes
 * back, client and server in this process like the store's. Each append is at least one of these.
 */
async function grpcRoundTrips(inFlight: number): Promise<Rate> {
  const same = (bytes: Buffer) => bytes;
  const path = '/bench.Echo/Echo';
  const server = new Server();
  const method = { path, requestStream: false, responseStream: false, requestSerialize: same, requestDeserialize: same, responseSerialize: same, responseDeserialize: same };
  server.addService({ echo: method }, { echo: (call: { request: Buffer }, callback: (error: null, bytes: Buffer) => void) => callback(null, call.request) });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  const client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
  const request = Buffer.alloc(EVENT_BYTES, 'x');
  const roundTrip = () =>
    new Promise<void>((resolve, reject) => client.makeUnaryRequest(path, same, same, request, (error) => (error ? reject(error) : resolve())));
  try {
    await roundTrip();
    return await timedWriters(inFlight, 1, roundTrip);
  } finally {
    client.close();
    server.forceShutdown();
  }
}

async function withEngine<T>(dataDir: string, work: (engine: EventStoreEngine) => Promise<T>): Promise<T> {
  const engine = await EventStoreEngine.open({ dataDir });
  try {
    return await work(engine);
  } finally {
    await engine.close();
  }
}

function rawFsync(file: string, perSync: number): Rate {
  const fd = openSync(file, 'a');
  const block = Buffer.alloc(EVENT_BYTES * perSync, 'x');
  let events = 0;
  const started = performance.now();
  while (performance.now() - started < PHASE_MS) {
    writeSync(fd, block);
    fdatasyncSync(fd);
    events += perSync;
  }
  const seconds = (performance.now() - started) / 1000;
  closeSync(fd);
  return { events, eventsPerSecond: events / seconds };
}

async function clientAppends(client: EventStoreDBClient, writers: number, perAppend: number): Promise<Rate> {
  return timedWriters(writers, perAppend, async (stream) => {
    await client.appendToStream(stream, Array.from({ length: perAppend }, () => jsonEvent({ type: 'BenchHappened', data: payload })));
  });
}

/** The same bytes the client would send; JSON encoding is the client's cost, not the engine's. */
async function engineAppends(engine: EventStoreEngine, writers: number, perAppend: number): Promise<Rate> {
  return timedWriters(writers, perAppend, async (stream) => {
    const events: ProposedEvent[] = Array.from({ length: perAppend }, () => ({
      id: randomUUID(),
      type: 'BenchHappened',
      contentType: 'application/json',
      data: payloadBytes,
      metadata: NO_METADATA,
    }));
    await engine.append(stream, { kind: 'any' }, events);
  });
}

async function timedWriters(writers: number, perAppend: number, appendTo: (stream: string) => Promise<void>): Promise<Rate> {
  let events = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      const stream = `bench-${randomUUID()}`;
      while (performance.now() - started < PHASE_MS) {
        await appendTo(stream);
        events += perAppend;
      }
    }),
  );
  return { events, eventsPerSecond: events / ((performance.now() - started) / 1000) };
}

async function clientReadAll(client: EventStoreDBClient): Promise<Rate> {
  const started = performance.now();
  const events = await countAll(client);
  return { events, eventsPerSecond: events / ((performance.now() - started) / 1000) };
}

async function countAll(client: EventStoreDBClient): Promise<number> {
  let events = 0;
  for await (const _ of client.readAll({ fromPosition: START })) events++;
  return events;
}

function engineReadAll(engine: EventStoreEngine): Rate {
  const started = performance.now();
  let events = 0;
  for (const _ of engine.readAll('start', 'forwards', Number.MAX_SAFE_INTEGER)) events++;
  return { events, eventsPerSecond: events / ((performance.now() - started) / 1000) };
}

async function clientCatchUpAll(client: EventStoreDBClient): Promise<Rate> {
  const started = performance.now();
  const subscription = client.subscribeToAll({ fromPosition: START });
  let events = 0;
  const caughtUp = new Promise<void>((resolve) => subscription.once('caughtUp', resolve));
  subscription.on('data', () => events++);
  await caughtUp;
  const seconds = (performance.now() - started) / 1000;
  await subscription.unsubscribe();
  return { events, eventsPerSecond: events / seconds };
}

async function engineCatchUpAll(engine: EventStoreEngine): Promise<Rate> {
  const abort = new AbortController();
  const started = performance.now();
  let events = 0;
  for await (const message of subscribeToAll(engine, { from: 'start', checkpointInterval: 32, signal: abort.signal })) {
    if (message.kind === 'event') events++;
    else if (message.kind === 'caught-up') break;
  }
  abort.abort();
  return { events, eventsPerSecond: events / ((performance.now() - started) / 1000) };
}

/** Rows of one or two figures, aligned. */
class Table {
  private readonly lines: (string | [string, Rate, Rate])[] = [];

  header(left: string, right: string): void {
    this.lines.push(`\u0000${left}\u0000${right}`);
  }

  row(name: string, left: Rate, right: Rate): void {
    this.lines.push([name, left, right]);
  }

  render(): string {
    const width = Math.max(...this.lines.map((line) => (typeof line === 'string' ? 0 : line[0].length)));
    return this.lines
      .map((line) => {
        if (typeof line === 'string') {
          const [, left, right] = line.split('\u0000');
          return `\n${''.padEnd(width)}  ${left.padStart(20)}  ${right.padStart(20)}`;
        }
        const [name, left, right] = line;
        return `${name.padEnd(width)}  ${perSecond(left.eventsPerSecond).padStart(20)}  ${perSecond(right.eventsPerSecond).padStart(20)}`;
      })
      .join('\n');
  }
}

function goal(statement: string, target: string, met: boolean): void {
  console.log(`  ${statement} (goal ${target}): ${met ? 'met' : 'NOT met'}`);
}

function perSecond(eventsPerSecond: number): string {
  return `${Math.round(eventsPerSecond).toLocaleString('en-US')}/s`;
}

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)}%`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
