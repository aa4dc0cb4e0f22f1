/** Reads of one stream and of `$all` through the real client: directions, starting points, counts, links. */
import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  StreamNotFoundError,
  binaryEvent,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { EmbeddedEventStore } from '@hindsight/eventstore-embedded';
import { collect, numbersOf, testEvents } from '../support/events';
import { startEmbeddedStore, type RunningStore } from '../support/embedded-store';

describe(`${EmbeddedEventStore.name} reads`, () => {
  let sut: RunningStore;
  const name = `case-${randomUUID()}`;
  beforeAll(async () => {
    sut = await startEmbeddedStore();
    await sut.client.appendToStream(name, testEvents(10));
  });
  afterAll(() => sut.stop());

  it('reads a stream forwards from the start', async () => {
    expect(numbersOf(await collect(sut.client.readStream(name)))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('reads a stream forwards from a revision, inclusively, up to a count', async () => {
    const events = await collect(sut.client.readStream(name, { fromRevision: 4n, maxCount: 3 }));
    expect(numbersOf(events)).toEqual([4, 5, 6]);
    expect(events.map((resolved) => resolved.event!.revision)).toEqual([4n, 5n, 6n]);
  });

  it('reads a stream backwards from the end and from a revision', async () => {
    expect(numbersOf(await collect(sut.client.readStream(name, { direction: BACKWARDS, fromRevision: END, maxCount: 3 })))).toEqual([9, 8, 7]);
    expect(numbersOf(await collect(sut.client.readStream(name, { direction: BACKWARDS, fromRevision: 2n })))).toEqual([2, 1, 0]);
  });

  it('reads nothing forwards from the end or past the last revision', async () => {
    expect(await collect(sut.client.readStream(name, { fromRevision: END }))).toEqual([]);
    expect(await collect(sut.client.readStream(name, { fromRevision: 50n }))).toEqual([]);
  });

  it('reports a stream that was never written as not found', async () => {
    const failure = await collect(sut.client.readStream(`case-${randomUUID()}`)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StreamNotFoundError);
  });

  it('reads $all forwards and backwards, in position order', async () => {
    const forwards = await collect(sut.client.readAll({ fromPosition: START, direction: FORWARDS }));
    const backwards = await collect(sut.client.readAll({ fromPosition: END, direction: BACKWARDS }));
    const positionsOf = (events: ResolvedEvent[]) => events.map((resolved) => resolved.event!.position!.commit);
    expect(positionsOf(backwards)).toEqual([...positionsOf(forwards)].reverse());
    expect(forwards.filter((resolved) => resolved.event!.streamId === name)).toHaveLength(10);
  });

  it('reads $all from a position: forwards includes it, backwards starts before it', async () => {
    const all = await collect(sut.client.readAll());
    const middle = all[5].event!.position!;
    const forwards = await collect(sut.client.readAll({ fromPosition: middle, maxCount: 2 }));
    expect(forwards.map((resolved) => resolved.event!.id)).toEqual([all[5].event!.id, all[6].event!.id]);
    const backwards = await collect(sut.client.readAll({ fromPosition: middle, direction: BACKWARDS, maxCount: 2 }));
    expect(backwards.map((resolved) => resolved.event!.id)).toEqual([all[4].event!.id, all[3].event!.id]);
  });

  it('resolves $> links when asked, and returns the link alone when not', async () => {
    const links = `links-${randomUUID()}`;
    await sut.client.appendToStream(links, [
      binaryEvent({ type: '$>', data: Buffer.from(`3@${name}`) }),
      binaryEvent({ type: '$>', data: Buffer.from(`0@case-that-does-not-exist`) }),
    ]);
    const [resolved, dangling] = await collect(sut.client.readStream(links, { resolveLinkTos: true }));
    expect(resolved.link!.type).toBe('$>');
    expect(resolved.event!.streamId).toBe(name);
    expect(resolved.event!.revision).toBe(3n);
    expect(dangling.link!.streamId).toBe(links);
    expect(dangling.event).toBeUndefined();
    const [unresolved] = await collect(sut.client.readStream(links, { resolveLinkTos: false, maxCount: 1 }));
    expect(unresolved.event!.type).toBe('$>');
    expect(unresolved.link).toBeUndefined();
  });
});
