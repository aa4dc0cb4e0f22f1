/**
 * recordEvents over HTTP, against the whole API on embedded defaults: both stories recorded, re-sent,
 * shuffled and split, and bad input of every kind.
 */
import { stories, type StoryFact } from '@hindsight/domain';
import { startApi, type RunningApi } from '../support/api';
import { factInput, recordEventsMutation, storedFacts, type RecordEventsBody, type StoredFact } from '../support/facts';

const allFacts: readonly StoryFact[] = stories.flatMap((story) => story.facts);

/** A deterministic shuffle (seeded), so a failure can be reproduced. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed;
  for (let i = copy.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** What a stored fact is, apart from where and when it landed. */
const essence = ({ id, stream, type, data, metadata }: StoredFact) => ({
  id,
  stream,
  type,
  data,
  occurredAt: metadata.occurredAt,
  source: metadata.source,
  sourceEventId: metadata.sourceEventId,
});
const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);

describe('recordEvents', () => {
  let api: RunningApi;

  const record = (facts: readonly object[]) => api.graphql<RecordEventsBody>(recordEventsMutation, { facts });

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api?.stop();
  });

  describe('recording both stories', () => {
    let first: RecordEventsBody['recordEvents'];
    let storedAfterFirst: StoredFact[];

    beforeAll(async () => {
      const response = await record(allFacts.map(factInput));
      expect(response.errors).toBeUndefined();
      first = response.data!.recordEvents;
      storedAfterFirst = await storedFacts(api.storeClient);
    });

    it('records every fact, answering each at its own index', () => {
      expect(first).toMatchObject({ recorded: allFacts.length, duplicates: 0, rejected: 0 });
      expect(first.results.map((result) => [result.index, result.status, result.stream])).toEqual(
        allFacts.map((fact, index) => [index, 'RECORDED', fact.streamName]),
      );
    });

    it('stores each fact once, on its stream, in the order sent, with its source, its id and its time', () => {
      const stored = storedAfterFirst.map(essence);

      expect(stored).toHaveLength(allFacts.length);
      for (const [index, fact] of allFacts.entries()) {
        const onItsStream = stored.filter((event) => event.stream === fact.streamName);
        const sentBefore = allFacts.slice(0, index).filter((earlier) => earlier.streamName === fact.streamName);
        expect(onItsStream[sentBefore.length]).toEqual({
          id: first.results[index].eventId,
          stream: fact.streamName,
          type: fact.type,
          data: fact.data,
          occurredAt: fact.occurredAt,
          source: fact.source,
          sourceEventId: fact.sourceEventId,
        });
      }
    });

    it('stamps every event with a correlation id, the schema version and the fact it came from', () => {
      for (const { metadata } of storedAfterFirst) {
        expect(metadata).toMatchObject({
          $correlationId: expect.any(String),
          $causationId: expect.any(String),
          schemaVersion: 1,
        });
      }
    });

    it('answers the whole batch sent again as duplicates, and stores nothing more', async () => {
      const again = await record(allFacts.map(factInput));

      expect(again.data!.recordEvents).toMatchObject({ recorded: 0, duplicates: allFacts.length, rejected: 0 });
      expect(again.data!.recordEvents.results.map((result) => result.eventId)).toEqual(
        first.results.map((result) => result.eventId),
      );
      expect(await storedFacts(api.storeClient)).toEqual(storedAfterFirst);
    });
  });

  describe('the same facts shuffled, split into many calls and repeated', () => {
    let other: RunningApi;

    beforeAll(async () => {
      other = await startApi();
    });

    afterAll(async () => {
      await other?.stop();
    });

    it('stores exactly the same events as one call in story order', async () => {
      const inOrder = await api.graphql<RecordEventsBody>(recordEventsMutation, { facts: allFacts.map(factInput) });
      expect(inOrder.errors).toBeUndefined();
      const deliveries = shuffled([...allFacts, ...allFacts.slice(0, 15), ...allFacts.slice(-7)], 42);

      for (let start = 0; start < deliveries.length; start += 4) {
        const response = await other.graphql<RecordEventsBody>(recordEventsMutation, {
          facts: deliveries.slice(start, start + 4).map(factInput),
        });
        expect(response.data!.recordEvents.rejected).toBe(0);
      }

      const expected = (await storedFacts(api.storeClient)).map(essence).sort(byId);
      expect((await storedFacts(other.storeClient)).map(essence).sort(byId)).toEqual(expected);
    });
  });

  describe('bad input', () => {
    const [holdFact] = allFacts.filter((fact) => fact.type === 'HoldStarted');
    const valid = (sourceEventId: string) => ({ ...factInput(holdFact), sourceEventId });

    /** Sends a batch and proves that the store did not change. */
    async function rejectedWholesale(facts: readonly object[]) {
      const before = await storedFacts(api.storeClient);
      const response = await record(facts);
      expect(response.data?.recordEvents ?? null).toBeNull();
      expect(await storedFacts(api.storeClient)).toEqual(before);
      return response.errors!;
    }

    it.each([
      ['an unknown event type', { event: { holdFinished: { reason: 'x' } } }, 'facts.1.event.holdFinished'],
      ['a missing field', { event: { holdStarted: { reason: 'Checking' } } }, 'facts.1.event.holdStarted.customerConsent'],
      ['a wrong-typed field', { event: { holdStarted: { reason: 'Checking', customerConsent: true } } }, 'facts.1.event.holdStarted.customerConsent'],
      ['a value outside an enum', { event: { holdStarted: { reason: 'Checking', customerConsent: 'maybe' } } }, 'facts.1.event.holdStarted.customerConsent'],
      ['a timestamp without a timezone', { occurredAt: '2026-02-03T10:15:00' }, 'facts.1.occurredAt'],
      ['two event types in one fact', { event: { holdEnded: {}, holdStarted: { reason: 'x', customerConsent: 'yes' } } }, 'facts.1.event'],
    ])('refuses the whole call for %s, naming the field, and stores nothing', async (_, change, field) => {
      const errors = await rejectedWholesale([valid('bad-1'), { ...valid('bad-2'), ...change }]);

      expect(errors).toContainEqual(
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field }) }),
      );
      expect(errors.every((error) => error.extensions?.code === 'BAD_USER_INPUT')).toBe(true);
    });

    it('refuses a call of more than 1,000 facts', async () => {
      const errors = await rejectedWholesale(Array.from({ length: 1_001 }, (_, index) => valid(`big-${index}`)));

      expect(errors).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'BATCH_TOO_LARGE', field: 'facts' }) }),
      ]);
    });

    it('refuses a request body over the size limit before reading it', async () => {
      const before = await storedFacts(api.storeClient);
      const reason = 'x'.repeat(9_000);
      const facts = Array.from({ length: 500 }, (_, index) => ({
        ...valid(`huge-${index}`),
        event: { holdStarted: { reason, customerConsent: 'yes' } },
      }));

      const response = await record(facts);

      expect(response.status).toBe(413);
      expect(response.errors).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'REQUEST_TOO_LARGE' }) }),
      ]);
      expect(await storedFacts(api.storeClient)).toEqual(before);
    });

    it('rejects a fact whose values break the catalog, naming the field, and records the rest', async () => {
      const response = await record([
        valid('mixed-1'),
        { ...valid('mixed-2'), event: { holdStarted: { reason: '   ', customerConsent: 'no' } } },
        { ...valid('mixed-3'), stream: 'case-X-1' },
        { ...valid('mixed-4'), source: 'tele phony' },
      ]);

      const { results, recorded, rejected } = response.data!.recordEvents;
      expect({ recorded, rejected }).toEqual({ recorded: 1, rejected: 3 });
      expect(results.map((result) => [result.status, result.error?.code, result.error?.field])).toEqual([
        ['RECORDED', undefined, undefined],
        ['REJECTED', 'EVENT.INVALID_DATA', 'facts.1.event.holdStarted.reason'],
        ['REJECTED', 'EVENT.WRONG_STREAM', 'facts.2.stream'],
        ['REJECTED', 'FACT.INVALID_ID', 'facts.3.source'],
      ]);
      const stored = await storedFacts(api.storeClient);
      expect(stored.filter((event) => String(event.metadata.sourceEventId).startsWith('mixed-'))).toHaveLength(1);
    });

    it('refuses a different fact sent under an id already recorded, and keeps the first', async () => {
      await record([valid('twice')]);

      const response = await record([
        { ...valid('twice'), event: { holdStarted: { reason: 'Something else', customerConsent: 'no' } } },
      ]);

      expect(response.data!.recordEvents.results[0]).toMatchObject({
        status: 'REJECTED',
        error: { code: 'FACT.CONFLICTS_WITH_RECORDED', field: 'facts.0.sourceEventId', retryable: false },
      });
      const stored = (await storedFacts(api.storeClient)).filter((event) => event.metadata.sourceEventId === 'twice');
      expect(stored.map((event) => event.data)).toEqual([holdFact.data]);
    });
  });
});
