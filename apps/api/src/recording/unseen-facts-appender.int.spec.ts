/**
 * recordEvents' deduplication over the event store through the real client against the embedded
 * store, on a temporary data directory.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test, type TestingModule } from '@nestjs/testing';
import { EventStore, EventStoreModule, type DomainEvent, type EventMetadata } from '@hindsight/event-store';
import { UnseenFactsAppender } from './unseen-facts-appender';

type Counted = DomainEvent<'Counted', { count: number }>;

const metadata = (occurredAt: string): EventMetadata => ({
  $correlationId: randomUUID(),
  $causationId: randomUUID(),
  occurredAt,
  source: 'test',
  schemaVersion: 1,
});

/** Each test writes to its own streams, so tests never see each other's events. */
const uniqueStream = (category: string) => `${category}-${randomUUID()}`;

describe(UnseenFactsAppender.name, () => {
  let dataDir: string;
  let moduleRef: TestingModule;
  let eventStore: EventStore;
  let sut: UnseenFactsAppender;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hindsight-unseen-facts-'));
    moduleRef = await Test.createTestingModule({
      imports: [EventStoreModule.forRoot({ connection: { mode: 'embedded', dataDir } })],
    }).compile();
    await moduleRef.init();
    eventStore = moduleRef.get(EventStore);
    sut = new UnseenFactsAppender(eventStore);
  });

  afterAll(async () => {
    await moduleRef?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const fact = (id: string, count: number, occurredAt = '2026-03-02T09:15:00.000Z') => ({
    type: 'Counted' as const,
    data: { count },
    id,
    metadata: metadata(occurredAt),
  });
  const countsIn = async (stream: string) =>
    (await eventStore.readStream<number[], Counted>(stream, (all, event) => [...all, event.data.count], [])).state;

  /** Another process, or this one after a restart: same store, nothing remembered. */
  const freshAppender = () => new UnseenFactsAppender(eventStore);

  it('appends the events a stream has not seen, all in one append', async () => {
    const stream = uniqueStream('contact');

    const result = await sut.appendUnseen(stream, [fact(randomUUID(), 1), fact(randomUUID(), 2)]);

    expect(result).toMatchObject({ outcomes: ['appended', 'appended'], nextExpectedRevision: 1n });
    expect(await countsIn(stream)).toEqual([1, 2]);
  });

  it('reports a re-sent event as a duplicate long after it was stored, without storing it again', async () => {
    const stream = uniqueStream('contact');
    const first = fact(randomUUID(), 1);
    await sut.appendUnseen(stream, [first]);
    await sut.appendUnseen(stream, [2, 3, 4].map((count) => fact(randomUUID(), count)));

    const result = await freshAppender().appendUnseen(stream, [first, fact(randomUUID(), 5)]);

    expect(result.outcomes).toEqual(['duplicate', 'appended']);
    expect(await countsIn(stream)).toEqual([1, 2, 3, 4, 5]);
  });

  it('counts the same fact written with another timezone or key order as a duplicate', async () => {
    const stream = uniqueStream('contact');
    const id = randomUUID();
    await sut.appendUnseen(stream, [fact(id, 1, '2026-03-02T09:15:00Z')]);

    const result = await freshAppender().appendUnseen(stream, [fact(id, 1, '2026-03-02T10:15:00+01:00')]);

    expect(result.outcomes).toEqual(['duplicate']);
  });

  describe('given the head of the log, trying a stream it does not remember as a new one', () => {
    it('appends to a new stream without reading it first', async () => {
      const stream = uniqueStream('contact');

      const result = await freshAppender().appendUnseen(stream, [fact(randomUUID(), 1)], { logHead: await eventStore.logHead() });

      expect(result.outcomes).toEqual(['appended']);
      expect(await countsIn(stream)).toEqual([1]);
    });

    it('still answers duplicates when the store replays its idempotent answer for a re-sent first batch', async () => {
      const stream = uniqueStream('contact');
      const firstBatch = [fact(randomUUID(), 1), fact(randomUUID(), 2)];
      await sut.appendUnseen(stream, firstBatch);

      const result = await freshAppender().appendUnseen(stream, firstBatch, { logHead: await eventStore.logHead() });

      expect(result.outcomes).toEqual(['duplicate', 'duplicate']);
      expect(await countsIn(stream)).toEqual([1, 2]);
    });

    it('still refuses a different fact under a known id in a re-sent first batch', async () => {
      const stream = uniqueStream('contact');
      const id = randomUUID();
      await sut.appendUnseen(stream, [fact(id, 1)]);

      const result = await freshAppender().appendUnseen(stream, [fact(id, 99)], { logHead: await eventStore.logHead() });

      expect(result.outcomes).toEqual(['conflict']);
      expect(await countsIn(stream)).toEqual([1]);
    });

    it('reads an existing stream when it turns out not to be new, and appends only what it lacks', async () => {
      const stream = uniqueStream('contact');
      const known = fact(randomUUID(), 1);
      await sut.appendUnseen(stream, [known, fact(randomUUID(), 2)]);

      const result = await freshAppender().appendUnseen(stream, [known, fact(randomUUID(), 3)], {
        logHead: await eventStore.logHead(),
      });

      expect(result.outcomes).toEqual(['duplicate', 'appended']);
      expect(await countsIn(stream)).toEqual([1, 2, 3]);
    });
  });

  it('refuses an id that already stands for a different fact, and stores nothing for it', async () => {
    const stream = uniqueStream('contact');
    const id = randomUUID();
    await sut.appendUnseen(stream, [fact(id, 1)]);

    const result = await sut.appendUnseen(stream, [fact(id, 99)]);

    expect(result.outcomes).toEqual(['conflict']);
    expect(await countsIn(stream)).toEqual([1]);
  });

  it('stores an event repeated within one call once', async () => {
    const stream = uniqueStream('contact');
    const repeated = fact(randomUUID(), 1);

    const result = await sut.appendUnseen(stream, [repeated, repeated]);

    expect(result.outcomes).toEqual(['appended', 'duplicate']);
    expect(await countsIn(stream)).toEqual([1]);
  });

  it('reads the stream again when another writer appended since it last looked', async () => {
    const stream = uniqueStream('contact');
    const shared = fact(randomUUID(), 2);
    await sut.appendUnseen(stream, [fact(randomUUID(), 1)]);
    await freshAppender().appendUnseen(stream, [shared]);

    const result = await sut.appendUnseen(stream, [shared, fact(randomUUID(), 3)]);

    expect(result.outcomes).toEqual(['duplicate', 'appended']);
    expect(await countsIn(stream)).toEqual([1, 2, 3]);
  });

  it('stores each of many racing deliveries of the same facts exactly once', async () => {
    const stream = uniqueStream('contact');
    const facts = [1, 2, 3].map((count) => fact(randomUUID(), count));

    const results = await Promise.all(
      Array.from({ length: 4 }, () => freshAppender().appendUnseen(stream, facts, { maxAttempts: 10 })),
    );

    expect(await countsIn(stream)).toEqual([1, 2, 3]);
    // Racers the store answers idempotently are told "appended" too: stored once, possibly reported twice.
    expect(new Set(results.flatMap((result) => result.outcomes))).not.toContain('conflict');
  });
});
