/**
 * `npm run bench`: the embedded store's throughput through the real client, beside this machine's raw
 * limit (fsync'd writes of the same bytes to a plain file), all measured in one run so the ratios hold.
 * A benchmark, not a test: it prints figures and asserts nothing.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDBClient, START, jsonEvent } from '@eventstore/db-client';
import { EmbeddedEventStore } from '../src';

const EVENT_BYTES = 500;
const PHASE_MS = Number(process.env.BENCH_PHASE_MS ?? 3_000);
const payload = { text: 'x'.repeat(EVENT_BYTES - 40), at: '2026-03-05T10:08:00Z' };

interface Figure {
  name: string;
  eventsPerSecond: number;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hindsight-bench-'));
  const figures: Figure[] = [];
  try {
    figures.push(rawFsync(join(dir, 'raw-1.log'), 1), rawFsync(join(dir, 'raw-100.log'), 100));

    let store = new EmbeddedEventStore({ dataDir: join(dir, 'store'), port: 0 });
    await store.start();
    let client = EventStoreDBClient.connectionString(store.connectionString);
    for (const [writers, perAppend] of [
      [1, 1],
      [1, 100],
      [8, 1],
      [8, 100],
    ]) {
      figures.push(await appends(client, writers, perAppend));
    }
    figures.push(await readAll(client), await catchUp(client));

    await client.dispose();
    await store.stop();
    const restartStarted = performance.now();
    store = new EmbeddedEventStore({ dataDir: join(dir, 'store'), port: 0 });
    await store.start();
    const restartMs = performance.now() - restartStarted;
    client = EventStoreDBClient.connectionString(store.connectionString);
    const total = await countAll(client);
    await client.dispose();
    await store.stop();

    report(figures, restartMs, total);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function rawFsync(file: string, perSync: number): Figure {
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
  return { name: `raw file, ${perSync} event(s) per fsync`, eventsPerSecond: events / seconds };
}

async function appends(client: EventStoreDBClient, writers: number, perAppend: number): Promise<Figure> {
  let events = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      const stream = `bench-${randomUUID()}`;
      while (performance.now() - started < PHASE_MS) {
        await client.appendToStream(stream, Array.from({ length: perAppend }, () => jsonEvent({ type: 'BenchHappened', data: payload })));
        events += perAppend;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { name: `append, ${writers} writer(s) × ${perAppend} event(s) per append`, eventsPerSecond: events / seconds };
}

async function readAll(client: EventStoreDBClient): Promise<Figure> {
  const started = performance.now();
  const events = await countAll(client);
  return { name: `$all read forwards (${events} events)`, eventsPerSecond: events / ((performance.now() - started) / 1000) };
}

async function countAll(client: EventStoreDBClient): Promise<number> {
  let events = 0;
  for await (const _ of client.readAll({ fromPosition: START })) events++;
  return events;
}

async function catchUp(client: EventStoreDBClient): Promise<Figure> {
  const started = performance.now();
  const subscription = client.subscribeToAll({ fromPosition: START });
  let events = 0;
  const caughtUp = new Promise<void>((resolve) => subscription.once('caughtUp', resolve));
  subscription.on('data', () => events++);
  await caughtUp;
  const seconds = (performance.now() - started) / 1000;
  await subscription.unsubscribe();
  return { name: `$all subscription catch-up (${events} events)`, eventsPerSecond: events / seconds };
}

function report(figures: Figure[], restartMs: number, totalEvents: number): void {
  const rate = (name: string) => figures.find((figure) => figure.name.startsWith(name))!.eventsPerSecond;
  const width = Math.max(...figures.map((figure) => figure.name.length));
  console.log(`Embedded event store benchmark (${EVENT_BYTES}-byte events, ${PHASE_MS} ms per phase)\n`);
  for (const figure of figures) console.log(`${figure.name.padEnd(width)}  ${Math.round(figure.eventsPerSecond).toLocaleString('en-US').padStart(10)} events/s`);
  console.log(`${'restart with'.padEnd(width)}  ${totalEvents.toLocaleString('en-US').padStart(10)} events in ${restartMs.toFixed(0)} ms`);
  const ratio = (value: number, goal: number, label: string) =>
    console.log(`${label.padEnd(58)} ${value.toFixed(2)}  (goal ≥ ${goal})  ${value >= goal ? 'met' : 'NOT met'}`);
  console.log('\nRatios, this run:');
  ratio(rate('append, 1 writer(s) × 100') / rate('raw file, 100'), 0.5, 'batched append (100/append) ÷ raw 100-per-fsync');
  ratio(rate('append, 8 writer(s) × 1 ') / rate('raw file, 1 '), 2, '8 single-event writers ÷ raw one-fsync-per-event');
  ratio(rate('$all read') / 50_000, 1, '$all read ÷ 50,000 events/s');
  ratio(rate('$all subscription') / 50_000, 1, 'catch-up ÷ 50,000 events/s');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
