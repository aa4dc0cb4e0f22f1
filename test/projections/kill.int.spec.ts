/**
 * The projector runs in a child process (apps/projector's module, the event-counting projection)
 * while events are appended to a real embedded store, and is SIGKILLed at a random moment, round
 * after round: during startup, mid-catch-up, mid-batch, between a batch's writes and its commit.
 * After every kill the read model must agree exactly with its own checkpoint (every event up to it
 * counted once, none after it), and at the end, caught up, with every event appended: nothing
 * counted twice, nothing missed.
 *
 * PROJECTOR_KILL_ROUNDS sets the number of kills (default 10).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { jsonEvent, type EventStoreDBClient } from '@eventstore/db-client';
import { ProjectionRunner } from '@hindsight/projections';
import { ReadStore, type ReadStoreConfig } from '@hindsight/read-store';
import { compileForChild, runChild, type ChildRun, type CompiledTree } from '../support/compile-for-child';
import { collect } from '../support/events';
import { startEmbeddedStore, type RunningStore } from '../support/embedded-store';
import { countedByStream, eventCountingProjection, type StreamCount } from './fixtures/event-counting.projection';
import { eventually, startHarness } from './support/projection-harness';
import { readStoreTargets, reportSkippedPostgres } from '../support/read-store-targets';

const ROUNDS = Number(process.env.PROJECTOR_KILL_ROUNDS ?? 10);
const STREAMS = 12;
const PROJECTION = 'kill-counting';

let compiled: CompiledTree;
beforeAll(() => {
  compiled = compileForChild([
    'libs/domain/src',
    'libs/event-store/src',
    'libs/eventstore-embedded/src',
    'libs/read-store/src',
    'libs/personal-data/src',
    'libs/projections/src',
    'apps/projector/src',
    'test/projections/fixtures',
  ]);
});
afterAll(() => compiled?.remove());

reportSkippedPostgres('The projector under kill -9');

function startProjectorProcess(connectionString: string, readStore: ReadStoreConfig, streamPrefix: string): ChildRun {
  return runChild(compiled.pathOf('test/projections/fixtures/projector.child.ts'), [connectionString, JSON.stringify(readStore), PROJECTION, streamPrefix]);
}

/**
 * Appends 1–5 events at a time to random streams until told to stop; counts what was acknowledged.
 * Its appends carry no deadline: the store shares this process with PGlite, whose opening can hold
 * the event loop past the client's default 10 s on a loaded machine, and an append answered
 * DeadlineExceeded may yet be written, which would leave the count unknowable.
 */
function appendUntilStopped(client: EventStoreDBClient, streamPrefix: string) {
  const appended = new Map<string, number>();
  let stopping = false;
  const done = (async () => {
    while (!stopping) {
      const stream = `${streamPrefix}${Math.floor(Math.random() * STREAMS)}`;
      const count = 1 + Math.floor(Math.random() * 5);
      const events = Array.from({ length: count }, (_, n) =>
        jsonEvent({
          type: 'Counted',
          data: { n },
          metadata: { $correlationId: randomUUID(), $causationId: randomUUID(), occurredAt: new Date().toISOString(), source: 'kill-test', schemaVersion: 1 },
        }),
      );
      await client.appendToStream(stream, events, { deadline: Infinity });
      appended.set(stream, (appended.get(stream) ?? 0) + count);
      await sleep(Math.random() * 6);
    }
  })();
  return {
    appended,
    stop: async () => {
      stopping = true;
      await done;
    },
  };
}

/** The true counts per stream of the events in $all up to `upTo` (a commit position), or all of them. */
async function trueCounts(client: EventStoreDBClient, streamPrefix: string, upTo?: bigint): Promise<Map<string, StreamCount>> {
  const counts = new Map<string, StreamCount>();
  for (const resolved of await collect(client.readAll())) {
    const event = resolved.event;
    if (!event || !event.streamId.startsWith(streamPrefix) || event.type.startsWith('$')) continue;
    if (upTo !== undefined && event.position!.commit > upTo) continue;
    counts.set(event.streamId, { count: (counts.get(event.streamId)?.count ?? 0) + 1, outOfOrder: 0 });
  }
  return counts;
}

/** What the read store holds now: the projection's checkpoint and counts. */
async function readModel(config: ReadStoreConfig, streamPrefix: string) {
  const readStore = await ReadStore.open(config);
  try {
    return await readStore.read(async (trx) => ({
      checkpoint: (await trx.selectFrom('checkpoint').select('commit_position').where('projection', '=', PROJECTION).executeTakeFirst())?.commit_position,
      counts: await countedByStream(trx, streamPrefix),
    }));
  } finally {
    await readStore.close();
  }
}

describe.each(readStoreTargets())('The projector under kill -9, on $name', (target) => {
  let store: RunningStore;
  beforeAll(async () => {
    store = await startEmbeddedStore();
  });
  afterAll(async () => {
    await store?.stop();
    await target.cleanUp();
  });

  it(`counts every event exactly once across ${ROUNDS} kills at random moments`, async () => {
    const streamPrefix = `kill${randomUUID().slice(0, 8)}-`;
    const appender = appendUntilStopped(store.client, streamPrefix);
    const checkpoints: bigint[] = [];
    let killedAfterReady = 0;
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const run = startProjectorProcess(store.store.connectionString, target.config, streamPrefix);
        let wasReady = false;
        void run.ready.then(
          () => (wasReady = true),
          () => undefined,
        );
        // Half the rounds die at a random moment from spawn (often in startup), half after READY.
        if (round % 2 === 0) await sleep(100 + Math.random() * 2_000);
        else await run.ready.then(() => sleep(Math.random() * 1_000));
        run.child.kill('SIGKILL');
        await run.exited;
        if (wasReady) killedAfterReady++;

        const { checkpoint, counts } = await readModel(target.config, streamPrefix);
        expect(counts).toEqual(await trueCounts(store.client, streamPrefix, checkpoint ?? -1n));
        checkpoints.push(checkpoint ?? -1n);
      }
    } finally {
      await appender.stop();
    }

    // Caught up at last, the counts are the counts of everything appended.
    const harness = await startHarness(target.config, store);
    const runner = new ProjectionRunner(harness.eventStore, harness.readStore, eventCountingProjection(PROJECTION, { streamPrefix }));
    try {
      await runner.start();
      await eventually(() => runner.status(), (status) => status.caughtUp, 60_000);
      const final = await harness.readStore.read((trx) => countedByStream(trx, streamPrefix));
      const appended = new Map([...appender.appended].map(([stream, count]) => [stream, { count, outOfOrder: 0 }]));
      expect(final).toEqual(appended);
      console.log(
        `${target.name}: ${ROUNDS} kills (${killedAfterReady} after the projector was ready), ` +
          `${[...appender.appended.values()].reduce((sum, count) => sum + count, 0)} events appended, ` +
          `checkpoint advanced in ${checkpoints.filter((position, index) => position > (checkpoints[index - 1] ?? -1n)).length} rounds; ` +
          'after every kill the counts matched the checkpoint, and at the end every event was counted once',
      );
      expect(killedAfterReady).toBeGreaterThan(0);
    } finally {
      await runner.stop();
      await harness.close();
    }
  }, 60_000 + ROUNDS * 6_000);
});
