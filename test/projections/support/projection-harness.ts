/**
 * A real embedded event store (in a temporary directory), Hindsight's EventStore over it, and a read
 * store on the given target: what the projection runner needs, without the API around it.
 */
import { randomUUID } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { ANY, EventStore, EventStoreModule, type EventToAppend, type LogPosition } from '@hindsight/event-store';
import { ReadStore, type ReadStoreConfig } from '@hindsight/read-store';
import { startEmbeddedStore, type RunningStore } from '../../support/embedded-store';

export interface Harness {
  readonly store: RunningStore;
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  close(): Promise<void>;
}

/** Starts a store of its own unless given one (which it then leaves running on close). */
export async function startHarness(readStoreConfig: ReadStoreConfig, existingStore?: RunningStore): Promise<Harness> {
  const store = existingStore ?? (await startEmbeddedStore());
  const stopStore = () => (existingStore ? Promise.resolve() : store.stop());
  let moduleRef: TestingModule | undefined;
  let readStore: ReadStore | undefined;
  try {
    moduleRef = await Test.createTestingModule({
      imports: [EventStoreModule.forRoot({ connection: { mode: 'external', connectionString: store.store.connectionString } })],
    }).compile();
    moduleRef.useLogger(false);
    readStore = await ReadStore.open(readStoreConfig);
  } catch (error) {
    await moduleRef?.close();
    await stopStore();
    throw error;
  }
  const eventStore = moduleRef.get(EventStore);
  return {
    store,
    eventStore,
    readStore,
    close: async () => {
      await readStore.close();
      await moduleRef.close();
      await stopStore();
    },
  };
}

export function counted(n: number): EventToAppend {
  return {
    type: 'Counted',
    data: { n },
    metadata: { $correlationId: randomUUID(), $causationId: randomUUID(), occurredAt: new Date().toISOString(), source: 'test', schemaVersion: 1 },
  };
}

/** Appends `perStream[i]` events to stream i, in appends of up to 4, interleaving the streams. Returns the last position. */
export async function appendCounted(eventStore: EventStore, streams: readonly string[], perStream: readonly number[]): Promise<LogPosition> {
  const left = [...perStream];
  let last: LogPosition | undefined;
  while (left.some((count) => count > 0)) {
    for (const [index, stream] of streams.entries()) {
      const take = Math.min(left[index], 1 + ((index + left[index]) % 4));
      if (take === 0) continue;
      const result = await eventStore.append(stream, Array.from({ length: take }, (_, n) => counted(n)), { expectedRevision: ANY });
      left[index] -= take;
      last = result.position ?? last;
    }
  }
  if (!last) throw new Error('Nothing appended');
  return last;
}

/** Polls until `check` holds, failing after `timeoutMs` with what it last saw. */
export async function eventually<T>(probe: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out; last seen: ${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
