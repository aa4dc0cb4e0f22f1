/** Catch-up subscriptions through the real client: starting points, the catch-up/live seam, filters, slow readers. */
import { randomUUID } from 'node:crypto';
import {
  END,
  START,
  eventTypeFilter,
  jsonEvent,
  streamNameFilter,
  type Position,
} from '@eventstore/db-client';
import { EmbeddedEventStore } from '@hindsight/eventstore-embedded';
import { numbersOf, testEvent, testEvents } from '../support/events';
import { startEmbeddedStore, type RunningStore } from '../support/embedded-store';

/** Reads a subscription until `count` events arrived, then unsubscribes. */
async function take<E>(subscription: AsyncIterable<E> & { unsubscribe(): Promise<void> }, count: number): Promise<E[]> {
  const events: E[] = [];
  if (count > 0) {
    for await (const event of subscription) {
      events.push(event);
      if (events.length === count) break;
    }
  }
  await subscription.unsubscribe();
  return events;
}

describe(`${EmbeddedEventStore.name} subscriptions`, () => {
  let sut: RunningStore;
  beforeAll(async () => {
    sut = await startEmbeddedStore();
  });
  afterAll(() => sut.stop());

  const stream = () => `contact-${randomUUID()}`;

  it('subscribes to a stream from the start, catching up then going live', async () => {
    const name = stream();
    await sut.client.appendToStream(name, testEvents(3));
    const subscription = sut.client.subscribeToStream(name, { fromRevision: START });
    const confirmed = new Promise((resolve) => subscription.once('confirmation', resolve));
    const caughtUp = new Promise((resolve) => subscription.once('caughtUp', resolve));
    const received = take(subscription, 5);
    await confirmed;
    await caughtUp;
    await sut.client.appendToStream(name, testEvents(2, 3));
    expect(numbersOf(await received)).toEqual([0, 1, 2, 3, 4]);
  });

  it('subscribes to a stream after a revision (exclusive) and from the end', async () => {
    const name = stream();
    await sut.client.appendToStream(name, testEvents(3));
    const afterOne = take(sut.client.subscribeToStream(name, { fromRevision: 1n }), 2);
    const fromEnd = sut.client.subscribeToStream(name, { fromRevision: END });
    await new Promise((resolve) => fromEnd.once('caughtUp', resolve));
    const live = take(fromEnd, 1);
    await sut.client.appendToStream(name, [testEvent(3)]);
    expect(numbersOf(await afterOne)).toEqual([2, 3]);
    expect(numbersOf(await live)).toEqual([3]);
  });

  it('waits for a stream that does not exist yet', async () => {
    const name = stream();
    const subscription = sut.client.subscribeToStream(name);
    const received = take(subscription, 1);
    await new Promise((resolve) => subscription.once('caughtUp', resolve));
    await sut.client.appendToStream(name, [testEvent(42)]);
    expect(numbersOf(await received)).toEqual([42]);
  });

  it('delivers every event of $all exactly once, in order, across catch-up into live while writers keep writing', async () => {
    const prefix = `seam-${randomUUID()}-`;
    const writers = 4;
    const appendsPerWriter = 25;
    const eventsPerAppend = 4;
    const write = (writer: number, start: number, end: number) =>
      (async () => {
        for (let append = start; append < end; append++) {
          await sut.client.appendToStream(`${prefix}${writer}`, testEvents(eventsPerAppend, append * eventsPerAppend));
        }
      })();
    // Half the history exists before the subscription starts, half is written during catch-up and live.
    await Promise.all(Array.from({ length: writers }, (_, writer) => write(writer, 0, appendsPerWriter / 5)));
    const subscription = sut.client.subscribeToAll({ fromPosition: START, filter: streamNameFilter({ prefixes: [prefix] }) });
    const expected = writers * appendsPerWriter * eventsPerAppend;
    const received = take(subscription, expected);
    await Promise.all(Array.from({ length: writers }, (_, writer) => write(writer, appendsPerWriter / 5, appendsPerWriter)));
    const events = await received;

    const ids = events.map((resolved) => resolved.event!.id);
    expect(new Set(ids).size).toBe(expected);
    const positions = events.map((resolved) => resolved.event!.position!.commit);
    for (let i = 1; i < positions.length; i++) expect(positions[i]).toBeGreaterThan(positions[i - 1]);
    for (let writer = 0; writer < writers; writer++) {
      const ofWriter = events.filter((resolved) => resolved.event!.streamId === `${prefix}${writer}`);
      expect(numbersOf(ofWriter)).toEqual(Array.from({ length: appendsPerWriter * eventsPerAppend }, (_, n) => n));
    }
  });

  it('subscribes to $all after a position (exclusive)', async () => {
    const name = stream();
    const first = await sut.client.appendToStream(name, [testEvent(0)]);
    await sut.client.appendToStream(name, [testEvent(1)]);
    const [next] = await take(sut.client.subscribeToAll({ fromPosition: first.position! }), 1);
    expect(next.event!.streamId).toBe(name);
    expect(numbersOf([next])).toEqual([1]);
  });

  it('filters $all on the server by event type, sending checkpoints as it scans', async () => {
    const type = `Rare${randomUUID().slice(0, 8)}`;
    const checkpoints: Position[] = [];
    const name = stream();
    await sut.client.appendToStream(name, testEvents(100));
    await sut.client.appendToStream(name, [jsonEvent({ type, data: { n: 0 } })]);
    const subscription = sut.client.subscribeToAll({
      fromPosition: START,
      filter: eventTypeFilter({
        regex: `^${type}$`,
        checkpointInterval: 1,
        checkpointReached: (_subscription, position) => {
          checkpoints.push(position);
        },
      }),
    });
    const [rare] = await take(subscription, 1);
    expect(rare.event!.type).toBe(type);
    expect(checkpoints.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < checkpoints.length; i++) expect(checkpoints[i].commit).toBeGreaterThan(checkpoints[i - 1].commit);
  });

  it('keeps writers going while a subscriber does not read, and the subscriber still gets everything after', async () => {
    const name = stream();
    const subscription = sut.client.subscribeToStream(name, { fromRevision: START }, { highWaterMark: 1 });
    subscription.pause();
    const total = 3_000;
    // Were writers held back by the paused reader, these appends would never finish.
    for (let batch = 0; batch < total / 100; batch++) await sut.client.appendToStream(name, testEvents(100, batch * 100));
    subscription.resume();
    const events = await take(subscription, total);
    expect(numbersOf(events)).toEqual(Array.from({ length: total }, (_, n) => n));
  });
});
