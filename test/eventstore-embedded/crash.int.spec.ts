/**
 * The store runs in a process group of its own (a shell waiting for Node, as `npm run` starts it)
 * while writers append to it through the real client; the whole group is SIGKILLed at a random
 * instant and the store restarted on the same data at most 100 ms later, as a supervisor would,
 * whether or not anyone has reaped the dead process yet; then written to again, round after round.
 * At the end every acknowledged append must be readable in full, and no append may be visible in part;
 * and `$by_category`, enabled from the first round, must have linked each stored event exactly once.
 */
import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, START, jsonEvent } from '@eventstore/db-client';
import { EmbeddedEventStore } from '@hindsight/eventstore-embedded';
import { collect } from '../support/events';
import { compileForChild, runChild, type ChildRun, type CompiledTree } from '../support/compile-for-child';
import { startEmbeddedStore, temporaryDataDir, type RunningStore } from '../support/embedded-store';

const ROUNDS = Number(process.env.STORE_CRASH_ROUNDS ?? 100);
const WRITERS = 4;
const SNAPSHOT_EVERY = 50;

interface AppendPart {
  append: string;
  index: number;
  of: number;
}

let compiled: CompiledTree;
beforeAll(() => {
  compiled = compileForChild(['libs/eventstore-embedded/src', 'test/eventstore-embedded/fixtures']);
});
afterAll(() => compiled.remove());

const MAX_RESTART_DELAY_MS = 100;

function startStoreProcess(dataDir: string): ChildRun {
  return runChild(compiled.pathOf('test/eventstore-embedded/fixtures/store-server.child.ts'), [dataDir, String(SNAPSHOT_EVERY)], {
    processGroup: true,
  });
}

async function portOf(run: ChildRun): Promise<number> {
  try {
    return Number(await run.ready);
  } catch {
    throw new Error(`The store did not restart after the kill: ${run.output()}`);
  }
}

const CATEGORY_STREAM = '$ce-crash';

/** Waits until the category stream holds `count` links (the projection catches up after the last restart). */
async function untilLinked(store: RunningStore, count: number): Promise<void> {
  const subscription = store.client.subscribeToStream(CATEGORY_STREAM, { fromRevision: START });
  let seen = 0;
  for await (const _link of subscription) if (++seen === count) break;
  await subscription.unsubscribe();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Appends batches of 1–10 events until the store goes away; returns the appends it acknowledged. */
async function writeUntilFailure(client: EventStoreDBClient, stream: string): Promise<Map<string, number>> {
  const acknowledged = new Map<string, number>();
  for (;;) {
    const append = randomUUID();
    const of = 1 + Math.floor(Math.random() * 10);
    const events = Array.from({ length: of }, (_, index) => jsonEvent({ type: 'CrashTestAppended', data: { append, index, of } satisfies AppendPart }));
    try {
      await client.appendToStream(stream, events);
    } catch {
      return acknowledged;
    }
    acknowledged.set(append, of);
  }
}

describe(`${EmbeddedEventStore.name} under kill -9`, () => {
  it(`loses no acknowledged append, shows no partial one, and links each event once, across ${ROUNDS} kills`, async () => {
    const dataDir = temporaryDataDir();
    const acknowledged = new Map<string, number>();
    let run = startStoreProcess(dataDir);
    let restarted: Promise<RunningStore> | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      const client = EventStoreDBClient.connectionString(`esdb://127.0.0.1:${await portOf(run)}?tls=false`);
      if (round === 0) await client.enableProjection('$by_category');
      const writers = Array.from({ length: WRITERS }, (_, writer) => writeUntilFailure(client, `crash-${writer}`));
      await sleep(30 + Math.random() * 170);
      process.kill(-run.child.pid!, 'SIGKILL');
      await sleep(Math.random() * MAX_RESTART_DELAY_MS);
      // The last restart is this process's own store, which then reads everything back.
      if (round < ROUNDS - 1) run = startStoreProcess(dataDir);
      else restarted = startEmbeddedStore({}, dataDir);
      for (const acks of await Promise.all(writers)) for (const [append, of] of acks) acknowledged.set(append, of);
      await client.dispose();
    }
    const store = await restarted!;

    const stored = (await collect(store.client.readAll()))
      .map((resolved) => resolved.event!)
      .filter((event) => event.type === 'CrashTestAppended');
    const startup = store.store.startupReport;
    await untilLinked(store, stored.length);
    const linkedIds = (await collect(store.client.readStream(CATEGORY_STREAM, { resolveLinkTos: true }))).map((resolved) => resolved.event!.id);
    await store.stop();

    const partsByAppend = new Map<string, AppendPart[]>();
    for (const event of stored) {
      const part = event.data as unknown as AppendPart;
      partsByAppend.set(part.append, [...(partsByAppend.get(part.append) ?? []), part]);
    }
    const lost = [...acknowledged.keys()].filter((append) => !partsByAppend.has(append));
    const torn = [...partsByAppend.values()].filter((parts) => parts.length !== parts[0].of || parts.some((part, index) => part.index !== index));
    const acknowledgedEvents = [...acknowledged.values()].reduce((sum, of) => sum + of, 0);
    const eventsLost = lost.reduce((sum, append) => sum + acknowledged.get(append)!, 0);
    const tornEvents = torn.reduce((sum, parts) => sum + parts.length, 0);
    console.log(
      `kill -9 rounds: ${ROUNDS}, acknowledged appends: ${acknowledged.size} (${acknowledgedEvents} events), stored events: ${stored.length}, ` +
        `acknowledged events lost: ${eventsLost}, torn events visible: ${tornEvents} (in ${torn.length} appends), ` +
        `linked into ${CATEGORY_STREAM}: ${linkedIds.length}, restart replayed ${startup.eventsReplayedFromLog} events from the log after ${startup.eventsFromSnapshot} from the snapshot`,
    );
    expect(acknowledged.size).toBeGreaterThan(ROUNDS);
    expect(lost).toEqual([]);
    expect(torn).toEqual([]);
    expect(new Set(stored.map((event) => event.id)).size).toBe(stored.length);
    expect(linkedIds).toEqual(stored.map((event) => event.id));
    // Periodic index snapshots bound what a restart after a crash re-reads.
    expect(startup.eventsFromSnapshot).toBeGreaterThan(0);
  }, 180_000);
});
