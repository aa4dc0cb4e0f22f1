/**
 * Appends through the real @eventstore/db-client against the embedded store: expected revisions,
 * idempotency, atomicity, concurrency, size limits and deadlines, over both BatchAppend and the unary Append.
 */
import { randomUUID } from 'node:crypto';
import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  binaryEvent,
  jsonEvent,
  type AppendExpectedRevision,
} from '@eventstore/db-client';
import { EmbeddedEventStore } from '@hindsight/eventstore-embedded';
import { collect, numbersOf, testEvent, testEvents } from '../support/events';
import { startEmbeddedStore, type RunningStore } from '../support/embedded-store';

/** Passing credentials makes the client use the unary Append call instead of BatchAppend. */
const protocols = [
  { name: 'BatchAppend', options: {} },
  { name: 'unary Append', options: { credentials: { username: 'admin', password: 'changeit' } } },
];

describe(`${EmbeddedEventStore.name} appends`, () => {
  let sut: RunningStore;
  beforeAll(async () => {
    sut = await startEmbeddedStore();
  });
  afterAll(() => sut.stop());

  const stream = () => `contact-${randomUUID()}`;

  describe.each(protocols)('over $name', ({ options }) => {
    const append = (streamName: string, events: ReturnType<typeof testEvent>[], expectedRevision: AppendExpectedRevision) =>
      sut.client.appendToStream(streamName, events, { expectedRevision, ...options });

    it('creates a stream with no_stream and returns its last revision and position', async () => {
      const name = stream();
      const result = await append(name, testEvents(3), NO_STREAM);
      expect(result.success).toBe(true);
      expect(result.nextExpectedRevision).toBe(2n);
      expect(result.position!.commit).toBeGreaterThan(0n);
      expect(result.position!.commit).toBe(result.position!.prepare);
    });

    it('rejects no_stream on an existing stream with the actual revision', async () => {
      const name = stream();
      await append(name, testEvents(2), NO_STREAM);
      const failure = await append(name, [testEvent(9)], NO_STREAM).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(WrongExpectedVersionError);
      expect((failure as WrongExpectedVersionError).actualVersion).toBe(1n);
      expect((failure as WrongExpectedVersionError).expectedVersion).toBe(NO_STREAM);
    });

    it('accepts an exact revision that matches and rejects one that does not', async () => {
      const name = stream();
      await append(name, testEvents(2), NO_STREAM);
      await expect(append(name, [testEvent(2)], 1n)).resolves.toMatchObject({ nextExpectedRevision: 2n });
      const failure = (await append(name, [testEvent(3)], 5n).catch((error: unknown) => error)) as WrongExpectedVersionError;
      expect(failure).toBeInstanceOf(WrongExpectedVersionError);
      expect(failure.actualVersion).toBe(2n);
      expect(failure.expectedVersion).toBe(5n);
    });

    it('requires an existing stream for stream_exists', async () => {
      const name = stream();
      const failure = (await append(name, [testEvent(0)], STREAM_EXISTS).catch((error: unknown) => error)) as WrongExpectedVersionError;
      expect(failure).toBeInstanceOf(WrongExpectedVersionError);
      expect(failure.actualVersion).toBe(NO_STREAM);
      await append(name, [testEvent(0)], ANY);
      await expect(append(name, [testEvent(1)], STREAM_EXISTS)).resolves.toMatchObject({ nextExpectedRevision: 1n });
    });

    it('treats a retry of the same events with the same expected revision as already done', async () => {
      const name = stream();
      const events = testEvents(3);
      const first = await append(name, events, NO_STREAM);
      const retry = await append(name, events, NO_STREAM);
      expect(retry).toEqual(first);
      expect(numbersOf(await collect(sut.client.readStream(name)))).toEqual([0, 1, 2]);
    });

    it('treats a retry of the same events with any as already done', async () => {
      const name = stream();
      const events = testEvents(2);
      const first = await append(name, events, ANY);
      const retry = await append(name, events, ANY);
      expect(retry.nextExpectedRevision).toBe(first.nextExpectedRevision);
      expect(await collect(sut.client.readStream(name))).toHaveLength(2);
    });

    it('stores an event of any other content type as binary, as EventStoreDB does', async () => {
      const name = stream();
      // The client's helpers only make JSON or binary events; it sends any other content type as given
      // (though without the data, which it only serialises for those two).
      const plainText = { ...binaryEvent({ type: 'NoteAttached', data: Buffer.from('hello') }), contentType: 'text/plain' };
      await append(name, [plainText as unknown as ReturnType<typeof testEvent>], NO_STREAM);
      const [read] = await collect(sut.client.readStream(name));
      expect(read.event).toMatchObject({ id: plainText.id, type: 'NoteAttached', isJson: false });
    });

    it('refuses a retry that only partly matches what was written', async () => {
      const name = stream();
      const events = testEvents(2);
      await append(name, events, NO_STREAM);
      await expect(append(name, [events[0], testEvent(7)], NO_STREAM)).rejects.toBeInstanceOf(WrongExpectedVersionError);
    });
  });

  it('writes a multi-event append as one unit with strictly increasing positions', async () => {
    const name = stream();
    await sut.client.appendToStream(name, testEvents(50), { expectedRevision: NO_STREAM });
    const events = await collect(sut.client.readStream(name));
    expect(numbersOf(events)).toEqual(Array.from({ length: 50 }, (_, n) => n));
    const positions = events.map((resolved) => resolved.event!.position!.commit);
    for (let i = 1; i < positions.length; i++) expect(positions[i]).toBeGreaterThan(positions[i - 1]);
  });

  it('lets exactly one of many concurrent appends with the same expected revision win', async () => {
    const name = stream();
    await sut.client.appendToStream(name, [testEvent(0)], { expectedRevision: NO_STREAM });
    const attempts = await Promise.allSettled(
      Array.from({ length: 20 }, (_, writer) =>
        sut.client.appendToStream(name, testEvents(3, 100 * (writer + 1)), { expectedRevision: 0n }),
      ),
    );
    const winners = attempts.filter((attempt) => attempt.status === 'fulfilled');
    const losers = attempts.filter((attempt): attempt is PromiseRejectedResult => attempt.status === 'rejected');
    expect(winners).toHaveLength(1);
    expect(losers.every((loser) => loser.reason instanceof WrongExpectedVersionError)).toBe(true);
    const numbers = numbersOf(await collect(sut.client.readStream(name)));
    expect(numbers).toHaveLength(4);
    // The winner's three events sit together, uninterleaved.
    expect(numbers[2] - numbers[1]).toBe(1);
    expect(numbers[3] - numbers[2]).toBe(1);
  });

  it('refuses an append larger than the maximum append size and writes none of it', async () => {
    const name = stream();
    const big = jsonEvent({ type: 'Big', data: { blob: 'x'.repeat(700_000) } });
    const failure = await sut.client
      .appendToStream(name, [big, jsonEvent({ type: 'Big', data: { blob: 'y'.repeat(700_000) } })])
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MaxAppendSizeExceededError);
    await expect(collect(sut.client.readStream(name))).rejects.toThrow(/not found/);
  });

  it('keeps the ids it was given', async () => {
    const name = stream();
    const id = randomUUID();
    await sut.client.appendToStream(name, [testEvent(1, id)]);
    const [read] = await collect(sut.client.readStream(name));
    expect(read.event!.id).toBe(id);
    expect(read.event!.created.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('answers DeadlineExceeded to a batched append whose deadline has passed, and writes none of it', async () => {
    const name = stream();

    // BatchAppend carries the deadline in the append's options, not on the call: only the store can keep it.
    await expect(sut.client.appendToStream(name, testEvents(3), { deadline: 0 })).rejects.toBeInstanceOf(DeadlineExceededError);

    await expect(collect(sut.client.readStream(name))).rejects.toBeInstanceOf(StreamNotFoundError);
  });
});
