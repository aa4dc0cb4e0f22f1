/** Soft delete, tombstones, stream metadata and system events, with EventStoreDB's semantics. */
import { randomUUID } from 'node:crypto';
import {
  NO_STREAM,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
} from '@eventstore/db-client';
import { EmbeddedEventStore } from '@hindsight/eventstore-embedded';
import { collect, numbersOf, testEvent, testEvents } from '../support/events';
import { startEmbeddedStore, type RunningStore } from '../support/embedded-store';

describe(`${EmbeddedEventStore.name} deletes and metadata`, () => {
  let sut: RunningStore;
  beforeAll(async () => {
    sut = await startEmbeddedStore();
  });
  afterAll(() => sut.stop());

  const stream = () => `callback-${randomUUID()}`;

  describe('soft delete', () => {
    it('makes the stream read as not found', async () => {
      const name = stream();
      await sut.client.appendToStream(name, testEvents(3));
      await sut.client.deleteStream(name);
      await expect(collect(sut.client.readStream(name))).rejects.toBeInstanceOf(StreamNotFoundError);
    });

    it('lets the stream be written again, its revisions continuing and its old events hidden', async () => {
      const name = stream();
      await sut.client.appendToStream(name, testEvents(3));
      await sut.client.deleteStream(name, { expectedRevision: 2n });
      const result = await sut.client.appendToStream(name, [testEvent(3)], { expectedRevision: NO_STREAM });
      expect(result.nextExpectedRevision).toBe(3n);
      const events = await collect(sut.client.readStream(name));
      expect(events.map((resolved) => resolved.event!.revision)).toEqual([3n]);
      expect((await sut.client.getStreamMetadata(name)).metadata?.truncateBefore).toBe(3);
    });

    it('checks the expected revision', async () => {
      const name = stream();
      await sut.client.appendToStream(name, testEvents(2));
      await expect(sut.client.deleteStream(name, { expectedRevision: 0n })).rejects.toBeInstanceOf(WrongExpectedVersionError);
    });
  });

  describe('tombstone', () => {
    it('fails every later read and write with StreamDeleted', async () => {
      const name = stream();
      await sut.client.appendToStream(name, testEvents(2));
      await sut.client.tombstoneStream(name);
      await expect(collect(sut.client.readStream(name))).rejects.toBeInstanceOf(StreamDeletedError);
      await expect(sut.client.appendToStream(name, [testEvent(9)])).rejects.toBeInstanceOf(StreamDeletedError);
      await expect(sut.client.tombstoneStream(name)).rejects.toBeInstanceOf(StreamDeletedError);
      await expect(sut.client.deleteStream(name)).rejects.toBeInstanceOf(StreamDeletedError);
      await expect(sut.client.setStreamMetadata(name, { maxCount: 1 })).rejects.toBeInstanceOf(StreamDeletedError);
    });

    it('shows as a $streamDeleted event in $all', async () => {
      const name = stream();
      await sut.client.appendToStream(name, testEvents(1));
      await sut.client.tombstoneStream(name);
      const all = await collect(sut.client.readAll());
      const tombstone = all.find((resolved) => resolved.event!.streamId === name && resolved.event!.type === '$streamDeleted');
      expect(tombstone!.event!.revision).toBe(9223372036854775807n);
    });
  });

  describe('stream metadata', () => {
    it('limits reads to the last $maxCount events', async () => {
      const name = stream();
      await sut.client.appendToStream(name, testEvents(5));
      await sut.client.setStreamMetadata(name, { maxCount: 2 });
      expect(numbersOf(await collect(sut.client.readStream(name)))).toEqual([3, 4]);
    });

    it('hides events before $tb', async () => {
      const name = stream();
      await sut.client.appendToStream(name, testEvents(5));
      await sut.client.setStreamMetadata(name, { truncateBefore: 3 });
      expect(numbersOf(await collect(sut.client.readStream(name)))).toEqual([3, 4]);
    });

    it('hides events older than $maxAge', async () => {
      const name = stream();
      await sut.client.appendToStream(name, testEvents(2));
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      await sut.client.appendToStream(name, testEvents(1, 2));
      await sut.client.setStreamMetadata(name, { maxAge: 1 });
      expect(numbersOf(await collect(sut.client.readStream(name)))).toEqual([2]);
    });

    it('keeps custom metadata and reads it back', async () => {
      const name = stream();
      await sut.client.setStreamMetadata(name, { maxCount: 10, owner: 'quality-team' });
      const { metadata } = await sut.client.getStreamMetadata(name);
      expect(metadata).toEqual({ maxCount: 10, owner: 'quality-team' });
    });
  });

  describe('system events', () => {
    it('has $-prefixed system events in $all that excludeSystemEvents() leaves out', async () => {
      const name = stream();
      await sut.client.appendToStream(name, testEvents(1));
      await sut.client.setStreamMetadata(name, { maxCount: 5 });
      const all = await collect(sut.client.readAll());
      const types = new Set(all.map((resolved) => resolved.event!.type));
      expect(types).toContain('$settings');
      expect(types).toContain('$metadata');

      const subscription = sut.client.subscribeToAll({ filter: excludeSystemEvents() });
      const seen: string[] = [];
      for await (const resolved of subscription) {
        seen.push(resolved.event!.type);
        if (resolved.event!.streamId === name) break;
      }
      await subscription.unsubscribe();
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.some((type) => type.startsWith('$'))).toBe(false);
    });
  });
});
