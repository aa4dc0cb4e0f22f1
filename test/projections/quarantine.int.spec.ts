/**
 * The quarantine, against a real embedded store and the real journey and review projections, on
 * PGlite and (with DATABASE_URL) PostgreSQL. Poison pills are appended straight to the store through
 * the client, as another writer could: each is quarantined with its position and error, and the
 * facts after it are projected. A failure that is not the event's (the database gone) is retried and
 * never quarantined; a projection's bug quarantines the one event it trips on after a bounded number
 * of attempts; a rebuild over poison pills completes with its own quarantine.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { RecordedAllStreamEvent } from '@hindsight/event-store';
import {
  JourneyProjection,
  ProjectionRunner,
  ReviewProjection,
  listQuarantined,
  rebuildProjections,
  reapplyQuarantined,
  type Projection,
} from '@hindsight/projections';
import { ReadStore, type ReadModelTransaction } from '@hindsight/read-store';
import { appendGoodContact, appendPoisonPills } from './support/poison-pills';
import { eventually, startHarness, type Harness } from './support/projection-harness';
import { readStoreTargets, reportSkippedPostgres } from '../support/read-store-targets';

reportSkippedPostgres('Quarantine');

describe.each(readStoreTargets())('Quarantine on $name', (target) => {
  let harness: Harness;
  const running: ProjectionRunner[] = [];

  beforeAll(async () => {
    harness = await startHarness(target.config);
  });
  const afterTest: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((runner) => runner.stop()));
    for (const cleanUp of afterTest.splice(0)) await cleanUp();
  });
  afterAll(async () => {
    await harness?.close();
    // The outage test on PGlite replaces the harness's read store with a new one.
    await harness?.readStore.close();
    await target.cleanUp();
  });

  const startRunner = async (projection: Projection, options: ConstructorParameters<typeof ProjectionRunner>[3] = {}, readStore = harness.readStore) => {
    const runner = new ProjectionRunner(harness.eventStore, readStore, projection, { retryDelayMs: 50, ...options });
    running.push(runner);
    await runner.start();
    return runner;
  };
  /** What `projection` quarantined of this test's streams (other tests' poison pills lie in the same log). */
  const quarantinedOf = (readStore: ReadStore, projection: string, prefix: string) =>
    readStore.read(async (trx) => (await listQuarantined(trx, { projection })).filter((entry) => entry.streamName.includes(prefix)));
  const journeyOfStream = (stream: string) =>
    harness.readStore.read((trx) => trx.selectFrom('journey_streams').select('journey_id').where('stream_name', '=', stream).executeTakeFirst());

  it('quarantines each poison pill with its position and error, and projects the facts after it', async () => {
    const prefix = randomUUID().slice(0, 8);
    const pills = await appendPoisonPills(harness.store.client, prefix);
    const good = `contact-${prefix}-good`;
    await appendGoodContact(harness.store.client, good, `cust-${prefix}`);
    // A name of its own, so its checkpoint and quarantine are this test's alone.
    const journeys = await startRunner(Object.assign(new JourneyProjection(), { name: `journeys-${prefix}` }), { batchSize: 50 });
    const reviews = await startRunner(Object.assign(new ReviewProjection(), { name: `reviews-${prefix}` }));

    await eventually(() => Promise.all([journeys.status(), reviews.status()]), (statuses) => statuses.every((status) => status.caughtUp));

    expect(await journeyOfStream(good)).toEqual({ journey_id: good });
    const quarantined = await harness.readStore.read((trx) => listQuarantined(trx, { projection: `journeys-${prefix}` }));
    const byStream = new Map(quarantined.map((entry) => [entry.streamName, entry]));
    expect([...byStream.keys()].sort()).toEqual(
      [
        pills.nulInCustomerId.stream,
        `contact-${prefix}-nul\\u0000stream`,
        pills.withoutCorrelationId.stream,
        pills.dataNotAnObject.stream,
        pills.metadataNotJson.stream,
      ].sort(),
    );
    expect(byStream.get(pills.nulInCustomerId.stream)).toMatchObject({ eventType: 'ContactStarted', errorCode: expect.stringMatching(/^22/), attempts: 1 });
    // The catalog refuses a journey stream's id holding a NUL before the database would.
    expect(byStream.get(`contact-${prefix}-nul\\u0000stream`)).toMatchObject({ errorCode: 'STREAM.INVALID_NAME' });
    expect(byStream.get(pills.withoutCorrelationId.stream)).toMatchObject({
      errorCode: 'EVENT_STORE.UNREADABLE_EVENT',
      errorMessage: expect.stringContaining('metadata.$correlationId is missing'),
    });
    expect(byStream.get(pills.dataNotAnObject.stream)?.errorMessage).toContain('its data is not a JSON object');
    expect(byStream.get(pills.metadataNotJson.stream)?.errorMessage).toContain('it has no JSON metadata');
    expect(quarantined.every((entry) => entry.position.commit >= 0n && entry.eventId.length > 0)).toBe(true);
    // The review projection cannot read the unreadable ones either; the others are not review events.
    expect((await harness.readStore.read((trx) => listQuarantined(trx, { projection: `reviews-${prefix}` }))).map((entry) => entry.streamName).sort()).toEqual(
      [pills.withoutCorrelationId.stream, pills.dataNotAnObject.stream, pills.metadataNotJson.stream].sort(),
    );
    expect((await journeys.status()).quarantine).toEqual({ count: 5, lastError: expect.any(String) });
    expect(journeys.progress().eventsQuarantined).toBe(5);
    expect((await journeys.status()).state).toBe('running');
  });

  it('quarantines the one event a projection keeps failing on for an unknown reason, after a bounded number of attempts, and re-applies it once the bug is fixed', async () => {
    const prefix = randomUUID().slice(0, 8);
    const streams = [0, 1, 2].map((index) => `contact-${prefix}-${index}`);
    for (const stream of streams) await appendGoodContact(harness.store.client, stream, `cust-${prefix}`);
    let bugFixed = false;
    let failures = 0;
    const name = `journeys-bug-${prefix}`;
    // A projection with a bug that trips on one event (the stream ending in -1) until it is fixed.
    const buggy = new (class extends JourneyProjection {
      override readonly name = name as 'journeys';
      override async apply(trx: ReadModelTransaction, events: readonly RecordedAllStreamEvent[]) {
        if (!bugFixed && events.some((event) => event.streamName === streams[1])) {
          failures++;
          throw new TypeError("Cannot read properties of undefined (reading 'queueId')");
        }
        return super.apply(trx, events);
      }
    })();
    const runner = await startRunner(buggy, { maxAttemptsPerEvent: 3 });

    await eventually(() => runner.status(), (status) => status.caughtUp);

    // Three times alone (and with its batch before that, as batches form).
    expect(failures).toBeGreaterThanOrEqual(3);
    expect(await journeyOfStream(streams[0])).toBeDefined();
    expect(await journeyOfStream(streams[1])).toBeUndefined();
    expect(await journeyOfStream(streams[2])).toBeDefined();
    const quarantinedHere = () => quarantinedOf(harness.readStore, name, prefix);
    expect(await quarantinedHere()).toEqual([expect.objectContaining({ streamName: streams[1], errorCode: 'TypeError', attempts: 3 })]);

    bugFixed = true;
    const results = await reapplyQuarantined(harness.eventStore, harness.readStore, { projections: [buggy] });

    expect(results.filter((result) => result.entry.streamName === streams[1]).map((result) => result.outcome)).toEqual(['applied']);
    expect(await journeyOfStream(streams[1])).toBeDefined();
    expect(await quarantinedHere()).toEqual([]);
  });

  it('retries, and never quarantines, when the database is what failed', async () => {
    const prefix = randomUUID().slice(0, 8);
    const stream = `contact-${prefix}-0`;
    const name = `journeys-outage-${prefix}`;
    // Its own read store, so closing it (PGlite) or killing its connections (PostgreSQL) touches no other test.
    const readStore = target.config.kind === 'pglite' ? harness.readStore : await ReadStore.open(target.config);
    if (readStore !== harness.readStore) afterTest.push(() => readStore.close());
    let outages = 0;
    const outage = async (trx: ReadModelTransaction) => {
      outages++;
      if (target.config.kind === 'postgres') await sql`select pg_terminate_backend(pg_backend_pid())`.execute(trx);
      else await readStore.close();
    };
    const projection = new (class extends JourneyProjection {
      override readonly name = name as 'journeys';
      override async apply(trx: ReadModelTransaction, events: readonly RecordedAllStreamEvent[]) {
        if (outages < 3) await outage(trx);
        return super.apply(trx, events);
      }
    })();
    // An unknown failure would be quarantined at its first attempt here.
    const runner = await startRunner(projection, { maxAttemptsPerEvent: 1 }, readStore);
    await appendGoodContact(harness.store.client, stream, `cust-${prefix}`);

    if (target.config.kind === 'postgres') {
      await eventually(() => runner.status(), (status) => status.caughtUp);
      expect(outages).toBe(3);
      expect(await journeyOfStream(stream)).toEqual({ journey_id: stream });
      expect(await quarantinedOf(readStore, name, prefix)).toEqual([]);
    } else {
      // PGlite closed under the runner: it keeps retrying, and nothing can be written meanwhile.
      await eventually(async () => runner.progress(), (progress) => progress.consecutiveFailures >= 3);
      expect(runner.progress()).toMatchObject({ eventsQuarantined: 0, lastError: expect.stringContaining('The read store is unavailable') });
      expect((await runner.status()).state).toBe('retrying');
      await runner.stop();
      harness = { ...harness, readStore: await ReadStore.open(target.config) };
      expect(await quarantinedOf(harness.readStore, name, prefix)).toEqual([]);
      const checkpoint = await harness.readStore.read((trx) => trx.selectFrom('checkpoint').select('commit_position').where('projection', '=', name).executeTakeFirst());
      expect(checkpoint?.commit_position).toBe(-1n);
    }
  });

  it('completes a rebuild over a log with poison pills, with their quarantine in the new generation', async () => {
    const prefix = randomUUID().slice(0, 8);
    await appendPoisonPills(harness.store.client, prefix);
    const good = `contact-${prefix}-good`;
    await appendGoodContact(harness.store.client, good, `cust-${prefix}`);
    const live = await harness.readStore.activeGeneration();

    const result = await rebuildProjections(harness.eventStore, harness.readStore, { projections: [new JourneyProjection(), new ReviewProjection()], progressIntervalMs: 50 });

    expect(result.generation.number).toBeGreaterThan(live.number);
    expect((await harness.readStore.activeGeneration()).number).toBe(result.generation.number);
    expect(await journeyOfStream(good)).toEqual({ journey_id: good });
    const quarantined = await harness.readStore.read((trx) => listQuarantined(trx));
    const ours = quarantined.filter((entry) => entry.streamName.includes(prefix));
    expect(ours.filter((entry) => entry.projection === 'journeys')).toHaveLength(5);
    expect(ours.filter((entry) => entry.projection === 'reviews')).toHaveLength(3);
    expect(result.quarantined).toBe(quarantined.length);
  });
});
