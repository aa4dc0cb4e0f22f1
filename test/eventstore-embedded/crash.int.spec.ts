/**
 * The store runs in a child process while writers append to it through the real client; the child is
 * SIGKILLed at a random instant, restarted on the same data, and written to again, round after round.
 * At the end every acknowledged append must be readable in full, and no append may be visible in part.
 */
import { type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { EmbeddedEventStore } from '@hindsight/eventstore-embedded';
import { collect } from '../support/events';
import { compileForChild, runChild, type CompiledTree } from '../support/compile-for-child';
import { startEmbeddedStore, temporaryDataDir } from '../support/embedded-store';

const ROUNDS = Number(process.env.STORE_CRASH_ROUNDS ?? 100);
const WRITERS = 4;
const SNAPSHOT_EVERY = 200;

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

async function startStoreProcess(dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  const run = runChild(compiled.pathOf('test/eventstore-embedded/fixtures/store-server.child.ts'), [dataDir, String(SNAPSHOT_EVERY)]);
  return { child: run.child, port: Number(await run.ready) };
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
  it(`loses no acknowledged append and shows no partial one across ${ROUNDS} kills`, async () => {
    const dataDir = temporaryDataDir();
    const acknowledged = new Map<string, number>();
    for (let round = 0; round < ROUNDS; round++) {
      const { child, port } = await startStoreProcess(dataDir);
      const client = EventStoreDBClient.connectionString(`esdb://127.0.0.1:${port}?tls=false`);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      setTimeout(() => child.kill('SIGKILL'), 50 + Math.random() * 350);
      const writers = Array.from({ length: WRITERS }, (_, writer) => writeUntilFailure(client, `crash-${writer}`));
      for (const acks of await Promise.all(writers)) for (const [append, of] of acks) acknowledged.set(append, of);
      await exited;
      await client.dispose();
    }

    const store = await startEmbeddedStore({}, dataDir);
    const stored = (await collect(store.client.readAll()))
      .map((resolved) => resolved.event!)
      .filter((event) => event.type === 'CrashTestAppended');
    const startup = store.store.startupReport;
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
        `restart replayed ${startup.eventsReplayedFromLog} events from the log after ${startup.eventsFromSnapshot} from the snapshot`,
    );
    expect(acknowledged.size).toBeGreaterThan(ROUNDS);
    expect(lost).toEqual([]);
    expect(torn).toEqual([]);
    expect(new Set(stored.map((event) => event.id)).size).toBe(stored.length);
    // Periodic index snapshots bound what a restart after a crash re-reads.
    expect(startup.eventsFromSnapshot).toBeGreaterThan(0);
  });
});
