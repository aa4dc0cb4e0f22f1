/**
 * The event store through the real client against the embedded store, on a temporary data
 * directory and an ephemeral port.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test, type TestingModule } from '@nestjs/testing';
import type { AllStreamSubscription } from './all-stream-subscription';
import type { DomainEvent, EventMetadata, EventToAppend, RecordedAllStreamEvent } from './domain-event';
import { EventStore, type StreamDecider } from './event-store';
import { EventStoreUnavailableError, StreamConcurrencyConflictError } from './event-store-errors';
import { EventStoreModule } from './event-store.module';
import { NO_STREAM } from './stream-revision';
import type { Upcaster } from './upcaster-registry';

type Counted = DomainEvent<'Counted', { count: number }>;
type HoldStarted = DomainEvent<'HoldStarted', { reasonCode: string; customerConsented: boolean | null }>;

const metadata = (schemaVersion = 1): EventMetadata => ({
  $correlationId: randomUUID(),
  $causationId: randomUUID(),
  occurredAt: '2026-03-02T09:15:00.000Z',
  source: 'test',
  schemaVersion,
});

const counted = (count: number): EventToAppend<Counted> => ({ type: 'Counted', data: { count }, metadata: metadata() });

/** Each test writes to its own streams, so tests never see each other's events. */
const uniqueStream = (category: string) => `${category}-${randomUUID()}`;

/** Waits for `delivered`, failing at once instead of timing out if the subscription ends first. */
async function untilDelivered(subscription: AllStreamSubscription, delivered: Promise<void>): Promise<void> {
  const outcome = await Promise.race([
    delivered.then(() => 'delivered' as const),
    subscription.finished.then(() => 'ended' as const),
  ]);
  if (outcome === 'ended') throw new Error('The subscription ended before delivering every event');
}

/**
 * A counter: each decision appends the next number, so a lost update shows as a repeated number.
 * `beforeDeciding` lets a test make something happen between the read and the append.
 */
const counter = (
  beforeDeciding: (count: number) => Promise<void> = async () => {},
): StreamDecider<number, Counted> => ({
  initialState: 0,
  evolve: (_count, event) => event.data.count,
  decide: async (count) => {
    await beforeDeciding(count);
    return [counted(count + 1)];
  },
});

/** HoldStarted v1 called its reason `reason` and did not record consent. */
const holdStartedV1toV2: Upcaster = {
  type: 'HoldStarted',
  fromSchemaVersion: 1,
  upcast: ({ data }) => {
    const { reason } = data as { reason: string };
    return { type: 'HoldStarted', schemaVersion: 2, data: { reasonCode: reason, customerConsented: null } };
  },
};

describe(EventStore.name, () => {
  let dataDir: string;
  let moduleRef: TestingModule;
  let sut: EventStore;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hindsight-event-store-'));
    moduleRef = await Test.createTestingModule({
      imports: [
        EventStoreModule.forRoot({
          connection: { mode: 'embedded', dataDir },
          upcasters: [holdStartedV1toV2],
        }),
      ],
    }).compile();
    await moduleRef.init();
    sut = moduleRef.get(EventStore);
  });

  afterAll(async () => {
    await moduleRef?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('append', () => {
    it('creates a stream when it expects none, then continues it from the returned revision', async () => {
      const stream = uniqueStream('contact');

      const first = await sut.append(stream, [counted(1), counted(2)], { expectedRevision: NO_STREAM });
      const second = await sut.append(stream, [counted(3)], { expectedRevision: first.nextExpectedRevision });

      expect(first.nextExpectedRevision).toBe(1n);
      expect(second.nextExpectedRevision).toBe(2n);
      expect(typeof second.position?.commit).toBe('bigint');
      expect(second.position!.commit > first.position!.commit).toBe(true);
    });

    it('refuses an append whose expected revision is stale', async () => {
      const stream = uniqueStream('contact');
      await sut.append(stream, [counted(1), counted(2)], { expectedRevision: NO_STREAM });

      const stale = sut.append(stream, [counted(3)], { expectedRevision: 0n });

      await expect(stale).rejects.toThrow(StreamConcurrencyConflictError);
      await expect(stale).rejects.toMatchObject({ expectedRevision: 0n, actualRevision: 1n });
    });

    it('stores an event under the id the caller chose', async () => {
      const stream = uniqueStream('contact');
      const id = randomUUID();

      await sut.append(stream, [{ ...counted(1), id }], { expectedRevision: NO_STREAM });

      const { state } = await sut.readStream(stream, (ids: string[], event) => [...ids, event.id], []);
      expect(state).toEqual([id]);
    });
  });

  describe('readStream', () => {
    it('folds the events in stream order and returns the last revision', async () => {
      const stream = uniqueStream('contact');
      await sut.append(stream, [counted(1), counted(2), counted(3)], { expectedRevision: NO_STREAM });

      const result = await sut.readStream<number[], Counted>(stream, (seen, event) => [...seen, event.data.count], []);

      expect(result).toEqual({ state: [1, 2, 3], revision: 2n });
    });

    it('treats a stream that does not exist as empty', async () => {
      const result = await sut.readStream(uniqueStream('contact'), (count: number) => count + 1, 0);

      expect(result).toEqual({ state: 0, revision: NO_STREAM });
    });

    it('hands the fold events upcast to their newest version', async () => {
      const stream = uniqueStream('contact');
      await sut.append(stream, [{ type: 'HoldStarted', data: { reason: 'lookup' }, metadata: metadata(1) }], {
        expectedRevision: NO_STREAM,
      });

      const { state } = await sut.readStream<HoldStarted[], HoldStarted>(stream, (all, event) => [...all, event], []);

      expect(state[0]).toMatchObject({
        type: 'HoldStarted',
        data: { reasonCode: 'lookup', customerConsented: null },
        metadata: { schemaVersion: 2 },
      });
    });
  });

  describe('appendWithRetry', () => {
    it('appends what the decision returns, at the revision it read', async () => {
      const stream = uniqueStream('contact');

      const result = await sut.appendWithRetry(stream, counter());

      expect(result).toMatchObject({ appendedEvents: 1, nextExpectedRevision: 0n, attempts: 1 });
    });

    it('appends nothing when the decision returns no events', async () => {
      const stream = uniqueStream('contact');
      await sut.append(stream, [counted(1)], { expectedRevision: NO_STREAM });

      const result = await sut.appendWithRetry(stream, { ...counter(), decide: () => [] });

      expect(result).toEqual({ appendedEvents: 0, nextExpectedRevision: 0n, attempts: 1 });
    });

    it('re-reads and decides again when another writer appended in between, and then wins', async () => {
      const stream = uniqueStream('contact');
      const seenByFirstWriter: number[] = [];
      const firstWriter = counter(async (count) => {
        seenByFirstWriter.push(count);
        // The first time it decides, a second writer gets in before it can append.
        if (seenByFirstWriter.length === 1) await sut.appendWithRetry(stream, counter());
      });

      const result = await sut.appendWithRetry(stream, firstWriter);

      expect(result).toMatchObject({ attempts: 2, nextExpectedRevision: 1n });
      expect(seenByFirstWriter).toEqual([0, 1]);
      const { state } = await sut.readStream<number[], Counted>(stream, (all, event) => [...all, event.data.count], []);
      expect(state).toEqual([1, 2]);
    });

    it('loses no update when deciders race on the same stream', async () => {
      const stream = uniqueStream('contact');

      await Promise.all(Array.from({ length: 5 }, () => sut.appendWithRetry(stream, counter(), { maxAttempts: 10 })));

      const { state } = await sut.readStream<number[], Counted>(stream, (all, event) => [...all, event.data.count], []);
      expect(state).toEqual([1, 2, 3, 4, 5]);
    });

    it('gives up with a concurrency conflict after the allowed attempts', async () => {
      const stream = uniqueStream('contact');
      const alwaysInterrupted = counter(async () => {
        await sut.appendWithRetry(stream, counter());
      });

      const attempt = sut.appendWithRetry(stream, alwaysInterrupted, { maxAttempts: 2 });

      await expect(attempt).rejects.toThrow(StreamConcurrencyConflictError);
      await expect(attempt).rejects.toMatchObject({ attempts: 2 });
    });
  });

  describe('subscribeToAll', () => {
    it('delivers events in log order, one at a time, waiting for each handler to finish', async () => {
      const prefix = `ordered${randomUUID().slice(0, 8)}-`;
      await sut.append(`${prefix}a`, [counted(1), counted(2)], { expectedRevision: NO_STREAM });
      await sut.append(`${prefix}b`, [counted(3)], { expectedRevision: NO_STREAM });

      const delivered: RecordedAllStreamEvent<Counted>[] = [];
      let handlersRunning = 0;
      let mostHandlersAtOnce = 0;
      let allDelivered!: () => void;
      const done = new Promise<void>((resolve) => (allDelivered = resolve));

      const subscription = sut.subscribeToAll<Counted>({ filter: { streamNamePrefixes: [prefix] } }, async (event) => {
        handlersRunning++;
        mostHandlersAtOnce = Math.max(mostHandlersAtOnce, handlersRunning);
        // Earlier events take longer: an unawaited handler would let later ones overtake them.
        await new Promise((resolve) => setTimeout(resolve, 60 - 10 * event.data.count));
        delivered.push(event);
        handlersRunning--;
        if (delivered.length === 5) allDelivered();
      });
      // Two more arrive while the subscription is live.
      await sut.append(`${prefix}a`, [counted(4)], { expectedRevision: 1n });
      await sut.append(`${prefix}c`, [counted(5)], { expectedRevision: NO_STREAM });
      await untilDelivered(subscription, done);
      await subscription.stop();

      expect(delivered.map((event) => event.data.count)).toEqual([1, 2, 3, 4, 5]);
      expect(mostHandlersAtOnce).toBe(1);
      const commits = delivered.map((event) => event.position.commit);
      expect(commits.every((commit) => typeof commit === 'bigint')).toBe(true);
      expect(commits).toEqual([...commits].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    });

    it('resumes after a given position', async () => {
      const prefix = `resumed${randomUUID().slice(0, 8)}-`;
      const checkpoint = await sut.append(`${prefix}a`, [counted(1), counted(2)], { expectedRevision: NO_STREAM });
      await sut.append(`${prefix}a`, [counted(3)], { expectedRevision: 1n });

      const counts: number[] = [];
      let received!: () => void;
      const done = new Promise<void>((resolve) => (received = resolve));
      const subscription = sut.subscribeToAll<Counted>(
        { fromPosition: checkpoint.position!, filter: { streamNamePrefixes: [prefix] } },
        async (event) => {
          counts.push(event.data.count);
          received();
        },
      );
      await untilDelivered(subscription, done);
      await subscription.stop();

      expect(counts).toEqual([3]);
    });

    it('hands the handler events upcast to their newest version', async () => {
      const prefix = `upcast${randomUUID().slice(0, 8)}-`;
      await sut.append(`${prefix}a`, [{ type: 'HoldStarted', data: { reason: 'lookup' }, metadata: metadata(1) }], {
        expectedRevision: NO_STREAM,
      });

      let received!: (event: RecordedAllStreamEvent<HoldStarted>) => void;
      const firstEvent = new Promise<RecordedAllStreamEvent<HoldStarted>>((resolve) => (received = resolve));
      const subscription = sut.subscribeToAll<HoldStarted>({ filter: { streamNamePrefixes: [prefix] } }, async (event) =>
        received(event),
      );
      await untilDelivered(subscription, firstEvent.then(() => undefined));
      await subscription.stop();
      const event = await firstEvent;

      expect(event).toMatchObject({ data: { reasonCode: 'lookup', customerConsented: null }, metadata: { schemaVersion: 2 } });
    });

    it('ends with the handler error when a handler fails', async () => {
      const prefix = `failing${randomUUID().slice(0, 8)}-`;
      await sut.append(`${prefix}a`, [counted(1), counted(2)], { expectedRevision: NO_STREAM });
      const handled: number[] = [];

      const subscription = sut.subscribeToAll<Counted>({ filter: { streamNamePrefixes: [prefix] } }, async (event) => {
        handled.push(event.data.count);
        throw new Error('projection failed');
      });

      await expect(subscription.finished).rejects.toThrow('projection failed');
      expect(handled).toEqual([1]);
    });
  });

  describe('checkHealth', () => {
    it('reports the embedded store as connected', async () => {
      const health = await sut.checkHealth();

      expect(health).toEqual({
        connected: true,
        mode: 'embedded',
        connectionString: `unix:${join(dataDir, 'socket', 'eventstore.sock')}`,
      });
    });
  });
});

describe(`${EventStore.name} with nothing listening where its store should be`, () => {
  let moduleRef: TestingModule;
  let sut: EventStore;

  beforeAll(async () => {
    // A port that was free a moment ago: connections to it are refused.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    moduleRef = await Test.createTestingModule({
      imports: [EventStoreModule.forRoot({ connection: { mode: 'external', connectionString: `esdb://127.0.0.1:${port}?tls=false` } })],
    }).compile();
    await moduleRef.init();
    sut = moduleRef.get(EventStore);
  });

  afterAll(async () => {
    await moduleRef?.close();
  });

  it('answers the first append on the connection as unavailable and worth retrying, not as an unknown error', async () => {
    await expect(sut.append(uniqueStream('counter'), [counted(1)], { expectedRevision: NO_STREAM })).rejects.toMatchObject({
      code: 'EVENT_STORE.UNAVAILABLE',
      category: 'unavailable',
    });
  });

  it('answers a read the same way', async () => {
    await expect(sut.readStream(uniqueStream('counter'), (count: number) => count, 0)).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });
});
