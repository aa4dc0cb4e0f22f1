/**
 * A filter's regex comes from any client and runs on the store's only thread: none may stop the store.
 * The catastrophic case backtracks 2^n times for a stream name of n `a`s and a `!`: with n = 30 an
 * unbounded match takes about a minute here (it doubles with each `a`), far past the test's 10 s,
 * while a bounded one takes milliseconds. So the test completing, with the right events, shows the
 * match was bounded; the time limit is only the form a frozen store's failure takes.
 */
import { START, excludeSystemEvents, jsonEvent, streamNameFilter, type AllStreamResolvedEvent } from '@eventstore/db-client';
import { EmbeddedEventStore } from '@hindsight/eventstore-embedded';
import { startEmbeddedStore, type RunningStore } from '../support/embedded-store';

const CATASTROPHIC_REGEX = '^(a|a)*$';
const CATASTROPHIC_STREAM = `${'a'.repeat(30)}!`;
const FROZEN_AFTER_MS = 10_000;

/** The first error a subscription reports, or undefined if it delivers an event first. */
async function firstError(subscription: AsyncIterable<AllStreamResolvedEvent>): Promise<Error | undefined> {
  try {
    for await (const _event of subscription) return undefined;
  } catch (error) {
    return error as Error;
  }
  return undefined;
}

describe(`${EmbeddedEventStore.name} filter bounds`, () => {
  let sut: RunningStore;
  beforeAll(async () => {
    sut = await startEmbeddedStore();
  });
  afterAll(() => sut.stop());

  it('delivers what a catastrophic regex matches, past a stream it would backtrack on for a minute, and keeps serving others', async () => {
    await sut.client.appendToStream(CATASTROPHIC_STREAM, [jsonEvent({ type: 'Seen', data: { n: 1 } })]);
    await sut.client.appendToStream('aaaa', [jsonEvent({ type: 'Seen', data: { n: 2 } })]);
    const subscription = sut.client.subscribeToAll({ fromPosition: START, filter: streamNameFilter({ regex: CATASTROPHIC_REGEX }) });
    const received: string[] = [];

    for await (const { event } of subscription) {
      received.push(`${event!.streamId}:${(event!.data as { n: number }).n}`);
      // Live: another writer is still served while the filter keeps meeting the catastrophic name.
      if (received.length === 1) {
        await sut.client.appendToStream(CATASTROPHIC_STREAM, [jsonEvent({ type: 'Seen', data: { n: 3 } })]);
        await sut.client.appendToStream('aa', [jsonEvent({ type: 'Seen', data: { n: 4 } })]);
      }
      if (received.length === 2) break;
    }
    await subscription.unsubscribe();

    expect(received).toEqual(['aaaa:2', 'aa:4']);
  }, FROZEN_AFTER_MS);

  it.each([
    ['a lookahead', '^(?=a)(a|a)*$'],
    ['a backreference', '^(a)\\1*$'],
  ])('refuses a regex with %s, which could not be bounded, saying why', async (_feature, regex) => {
    const error = await firstError(sut.client.subscribeToAll({ fromPosition: START, filter: streamNameFilter({ regex }) }));

    expect(error?.message).toContain('cannot be matched in bounded time');
  });

  it('refuses a regex longer than 1,000 characters', async () => {
    const error = await firstError(sut.client.subscribeToAll({ fromPosition: START, filter: streamNameFilter({ regex: 'a'.repeat(1_001) }) }));

    expect(error?.message).toContain('at most 1000 characters');
  });

  it('refuses more than 1,000 prefixes, or one longer than 1,000 characters', async () => {
    const tooMany = await firstError(
      sut.client.subscribeToAll({ fromPosition: START, filter: streamNameFilter({ prefixes: Array.from({ length: 1_001 }, (_, i) => `p${i}-`) }) }),
    );
    const tooLong = await firstError(sut.client.subscribeToAll({ fromPosition: START, filter: streamNameFilter({ prefixes: ['p'.repeat(1_001)] }) }));

    expect(tooMany?.message).toContain('at most 1000 prefixes');
    expect(tooLong?.message).toContain('at most 1000 characters');
  });

  it('still takes the filter every Hindsight projection uses', async () => {
    await sut.client.appendToStream('contact-1', [jsonEvent({ type: 'ContactStarted', data: {} })]);

    const error = await firstError(sut.client.subscribeToAll({ fromPosition: START, filter: excludeSystemEvents() }));

    expect(error).toBeUndefined();
  });
});
