/**
 * The projection runner against a real embedded event store, on PGlite and (when DATABASE_URL is
 * set) PostgreSQL, driving the event-counting example projection. Each test counts its own streams
 * under its own projection name, so tests share the store and the read store without meeting.
 */
import { randomUUID } from 'node:crypto';
import { ProjectionRunner, rebuildProjections, type CommittedBatch, type RebuildProgress } from '@hindsight/projections';
import type { ReadModelTransaction } from '@hindsight/read-store';
import { countedByStream, eventCountingProjection } from './fixtures/event-counting.projection';
import { appendCounted, eventually, startHarness, type Harness } from './support/projection-harness';
import { readStoreTargets, reportSkippedPostgres } from '../support/read-store-targets';

reportSkippedPostgres(ProjectionRunner.name);

describe.each(readStoreTargets())(`${ProjectionRunner.name} on $name`, (target) => {
  let harness: Harness;
  const running: ProjectionRunner[] = [];

  beforeAll(async () => {
    harness = await startHarness(target.config);
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((runner) => runner.stop()));
  });
  afterAll(async () => {
    await harness?.close();
    await target.cleanUp();
  });

  const newStreams = (count: number) => {
    const prefix = `count${randomUUID().slice(0, 8)}-`;
    return { prefix, streams: Array.from({ length: count }, (_, index) => `${prefix}${index}`) };
  };
  const startRunner = async (...args: ConstructorParameters<typeof ProjectionRunner> extends [unknown, unknown, ...infer Rest] ? Rest : never) => {
    const runner = new ProjectionRunner(harness.eventStore, harness.readStore, ...args);
    running.push(runner);
    await runner.start();
    return runner;
  };
  const countsOf = (prefix: string) => harness.readStore.read((trx) => countedByStream(trx, prefix));
  const expectedCounts = (streams: readonly string[], perStream: readonly number[]) =>
    new Map(streams.map((stream, index) => [stream, { count: perStream[index], outOfOrder: 0 }]));
  const checkpointOf = (trx: ReadModelTransaction, projection: string) =>
    trx.selectFrom('checkpoint').select(['commit_position', 'prepare_position']).where('projection', '=', projection).executeTakeFirst();

  it('applies every event once and in order, in batches, and stores the last position as its checkpoint', async () => {
    const { prefix, streams } = newStreams(3);
    const perStream = [17, 5, 30];
    const last = await appendCounted(harness.eventStore, streams, perStream);
    const batches: CommittedBatch[] = [];
    const name = `counting-${prefix}`;
    const runner = await startRunner(eventCountingProjection(name, { streamPrefix: prefix }), { batchSize: 7 });
    runner.onCommitted((batch) => batches.push(batch));

    await eventually(() => runner.status(), (status) => status.caughtUp);

    expect(await countsOf(prefix)).toEqual(expectedCounts(streams, perStream));
    const checkpoint = await harness.readStore.read((trx) => checkpointOf(trx, name));
    expect(checkpoint?.commit_position).toBeGreaterThanOrEqual(last.commit);
    expect(batches.every((batch) => batch.events <= 7)).toBe(true);
    expect(batches.length).toBeGreaterThan(1);
  });

  it('commits a batch and its checkpoint together: a batch that fails leaves neither, and is applied once on retry', async () => {
    const { prefix, streams } = newStreams(2);
    const perStream = [6, 9];
    await appendCounted(harness.eventStore, streams, perStream);
    let failures = 0;
    const name = `failing-once-${prefix}`;
    const runner = await startRunner(
      eventCountingProjection(name, {
        streamPrefix: prefix,
        afterWrites: () => {
          if (failures++ === 0) throw new Error('the database went away mid-batch');
        },
      }),
      { retryDelayMs: 50 },
    );

    await eventually(() => runner.status(), (status) => status.caughtUp);

    expect(failures).toBeGreaterThan(1);
    expect(await countsOf(prefix)).toEqual(expectedCounts(streams, perStream));
  });

  it('applies each event once when two runners of the same projection (two processes) receive every event', async () => {
    const { prefix, streams } = newStreams(4);
    const perStream = [25, 25, 25, 25];
    const name = `twice-delivered-${prefix}`;
    const first = await startRunner(eventCountingProjection(name, { streamPrefix: prefix }), { batchSize: 5 });
    const second = await startRunner(eventCountingProjection(name, { streamPrefix: prefix }), { batchSize: 3 });
    await appendCounted(harness.eventStore, streams, perStream);

    await eventually(() => Promise.all([first.status(), second.status()]), (statuses) => statuses.every((status) => status.caughtUp));

    expect(await countsOf(prefix)).toEqual(expectedCounts(streams, perStream));
  });

  it('changes nothing when restarted from its checkpoint, and carries on with new events', async () => {
    const { prefix, streams } = newStreams(2);
    const name = `restarted-${prefix}`;
    await appendCounted(harness.eventStore, streams, [4, 4]);
    const runner = await startRunner(eventCountingProjection(name, { streamPrefix: prefix }));
    await eventually(() => runner.status(), (status) => status.caughtUp);
    await runner.stop();

    const restarted = await startRunner(eventCountingProjection(name, { streamPrefix: prefix }));
    await appendCounted(harness.eventStore, streams, [1, 2]);
    await eventually(() => restarted.status(), (status) => status.caughtUp);

    expect(await countsOf(prefix)).toEqual(expectedCounts(streams, [5, 6]));
    expect(restarted.progress().eventsApplied).toBe(3);
  });

  it('reports how many events and seconds it is behind the head of $all, and nothing once caught up', async () => {
    const { prefix, streams } = newStreams(1);
    const name = `lagging-${prefix}`;
    const runner = await startRunner(eventCountingProjection(name, { streamPrefix: prefix }));
    await eventually(() => runner.status(), (status) => status.caughtUp);
    await runner.stop();
    await appendCounted(harness.eventStore, streams, [12]);
    await new Promise((resolve) => setTimeout(resolve, 400));

    const behind = await runner.status();
    expect(behind).toMatchObject({ state: 'stopped', eventsBehind: 12, eventsBehindExact: true, caughtUp: false });
    expect(behind.secondsBehind).toBeGreaterThanOrEqual(0.3);

    await runner.start();
    const caughtUp = await eventually(() => runner.status(), (status) => status.caughtUp);
    expect(caughtUp).toMatchObject({ state: 'running', eventsBehind: 0, secondsBehind: 0 });
    expect(caughtUp.checkpoint?.commit).toBeGreaterThanOrEqual(behind.head.commit);
  });

  it('tells listeners what it touched only after the batch is committed', async () => {
    const { prefix, streams } = newStreams(3);
    const name = `notifying-${prefix}`;
    const runner = await startRunner(eventCountingProjection(name, { streamPrefix: prefix }));
    const seenAtNotification: Promise<{ touched: readonly string[]; checkpoint: bigint | undefined }>[] = [];
    runner.onCommitted((batch) => {
      seenAtNotification.push(
        harness.readStore.read(async (trx) => ({ touched: batch.touched, checkpoint: (await checkpointOf(trx, name))?.commit_position })).then((seen) => {
          expect(seen.checkpoint).toBeGreaterThanOrEqual(batch.checkpoint.commit);
          return seen;
        }),
      );
    });
    await appendCounted(harness.eventStore, streams, [2, 3, 1]);
    await eventually(() => runner.status(), (status) => status.caughtUp);

    const seen = await Promise.all(seenAtNotification);
    expect(new Set(seen.flatMap((entry) => entry.touched))).toEqual(new Set(streams));
  });

  it('rebuilds into a new generation beside the live one, which answers every query until the switch', async () => {
    const { prefix, streams } = newStreams(3);
    const perStream = [40, 30, 20];
    const name = `rebuilt-${prefix}`;
    const live = await startRunner(eventCountingProjection(name, { streamPrefix: prefix }));
    await appendCounted(harness.eventStore, streams, perStream);
    await eventually(() => live.status(), (status) => status.caughtUp);
    const before = await harness.readStore.activeGeneration();

    const reads: { generation: number; total: number }[] = [];
    const progress: RebuildProgress[] = [];
    let rebuilding = true;
    const reader = (async () => {
      while (rebuilding) {
        reads.push(
          await harness.readStore.read(async (trx, generation) => ({
            generation: generation.number,
            total: [...(await countedByStream(trx, prefix)).values()].reduce((sum, entry) => sum + entry.count, 0),
          })),
        );
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const result = await rebuildProjections(harness.eventStore, harness.readStore, {
      projections: [eventCountingProjection(name, { streamPrefix: prefix, delayPerBatchMs: 15 })],
      batchSize: 5,
      progressIntervalMs: 20,
      onProgress: (entry) => progress.push(entry),
    });
    rebuilding = false;
    await reader;

    expect(result.generation.number).toBe(before.number + 1);
    expect((await harness.readStore.activeGeneration()).number).toBe(before.number + 1);
    expect(await countsOf(prefix)).toEqual(expectedCounts(streams, perStream));
    // Every query answered from a complete generation: the old one until the switch, then the new one.
    expect(reads.filter((read) => read.generation === before.number).length).toBeGreaterThan(0);
    expect(reads.every((read) => read.total === 90)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ done: true, fraction: 1 });
    expect(progress.at(-1)!.eventsDone).toBeGreaterThanOrEqual(90);
    expect(progress.some((entry) => !entry.done && entry.eventsDone > 0)).toBe(true);

    // The live runner moves to the new generation and carries on there.
    await appendCounted(harness.eventStore, streams, [1, 1, 1]);
    // The three appends may land in different batches: wait for the last stream's, then check all.
    await eventually(() => countsOf(prefix), (counts) => counts.get(streams[2])?.count === 21);
    expect(await countsOf(prefix)).toEqual(expectedCounts(streams, [41, 31, 21]));
    expect((await live.status()).generation).toBe(before.number + 1);
  });
});
