/**
 * The journey projection on a real read store (PGlite, and PostgreSQL when DATABASE_URL is set):
 * the stored journeys are the pure fold of their facts, a late link merges two journeys, and any
 * arrival order, split into batches and re-delivery gives the same read model. Its one filter
 * answers the same in SQL and in memory.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { foldJourney, groupFactsIntoJourneys, journeyFacets, personalFieldsOf, stories, type JourneyFact, type StoryFact } from '@hindsight/domain';
import type { RecordedAllStreamEvent } from '@hindsight/event-store';
import { journeyMatches, JourneyProjection, JourneyQueries, type JourneyFilter, type StoredJourney } from '@hindsight/projections';
import { jsonb, ReadStore } from '@hindsight/read-store';
import { readStoreTargets, reportSkippedPostgres } from '../support/read-store-targets';

const [ticketThatNobodyOwned, callbacksThatNeverCame] = stories;
const allFacts = [...ticketThatNobodyOwned.facts, ...callbacksThatNeverCame.facts];

/** What the store would deliver for a story fact, at `$all` position index + 1. */
function recorded(fact: StoryFact, index: number): RecordedAllStreamEvent {
  const position = BigInt(index + 1) * 128n;
  return {
    id: `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`,
    streamName: fact.streamName,
    revision: 0n,
    type: fact.type,
    data: fact.data as Record<string, unknown>,
    metadata: {
      $correlationId: 'test',
      $causationId: 'test',
      occurredAt: fact.occurredAt,
      source: fact.source,
      sourceEventId: fact.sourceEventId,
      schemaVersion: 1,
    },
    recordedAt: new Date(Date.parse(fact.occurredAt) + 1_000),
    position: { commit: position, prepare: position },
  };
}

const events = allFacts.map(recorded);

function asFact(event: RecordedAllStreamEvent): JourneyFact {
  return {
    type: event.type,
    data: event.data,
    eventId: event.id,
    streamName: event.streamName,
    position: event.position.commit,
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.recordedAt.toISOString(),
    source: event.metadata.source,
  } as JourneyFact;
}

/** The journeys the fold says these events make, keyed by their smallest stream name. */
function expectedJourneys(delivered: readonly RecordedAllStreamEvent[]): StoredJourney[] {
  return groupFactsIntoJourneys(delivered.map(asFact))
    .map((facts) => {
      const journey = foldJourney(facts);
      return { id: [...journey.streams].sort()[0], ...journey };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
}

reportSkippedPostgres('The journey projection');

describe.each(readStoreTargets())('The journey projection on $name', (target) => {
  let readStore: ReadStore;
  const sut = new JourneyProjection();

  const apply = (batch: readonly RecordedAllStreamEvent[]) =>
    readStore.transaction((trx) => sut.apply(trx, batch));
  const storedJourneys = () =>
    readStore.read(async (trx) =>
      (await trx.selectFrom('journeys').select('document').orderBy('journey_id').execute()).map(
        (row) => row.document as StoredJourney,
      ),
    );
  const journeyOfStream = (stream: string) =>
    readStore.read(async (trx) =>
      (await trx.selectFrom('journey_streams').select('journey_id').where('stream_name', '=', stream).executeTakeFirst())
        ?.journey_id,
    );

  beforeAll(async () => {
    readStore = await ReadStore.open(target.config);
  });

  beforeEach(async () => {
    await readStore.transaction(async (trx) => {
      for (const table of ['journeys', 'journey_events', 'journey_streams', 'journey_aliases'] as const) {
        await trx.deleteFrom(table).execute();
      }
    });
  });

  afterAll(async () => {
    await readStore?.close();
    await target.cleanUp();
  });

  it('rewrites, when migrated, a document an older version stored with personal fields in plain text: sealed, as its facts are', async () => {
    const envelope = (field: string) => ({ $pii: 'v1', kid: 'key-1', iv: `iv-${field}`, data: `sealed-${field}` });
    const withPersonal = (value: (field: string) => unknown) => (data: object, type: string) => ({
      ...data,
      ...Object.fromEntries(personalFieldsOf(type).map((field) => [field, value(field)])),
    });
    await apply(events.map((event) => ({ ...event, data: withPersonal(envelope)(event.data, event.type) })));
    const sealed = await storedJourneys();
    // As documents were stored before they were sealed at rest: the same fields, revealed.
    await readStore.transaction(async (trx) => {
      for (const journey of sealed) {
        const timeline = journey.timeline.map((entry) => ({ ...entry, data: withPersonal((field) => `Plain ${field}`)(entry.data, entry.type) }));
        await trx.updateTable('journeys').set({ document: jsonb({ ...journey, timeline }) }).where('journey_id', '=', journey.id).execute();
      }
    });
    expect(JSON.stringify(await storedJourneys())).toContain('Plain name');

    await readStore.transaction((trx, generation) =>
      sql`delete from ${sql.table(`${generation.schema}.kysely_migration`)} where name = '0005-journey-documents-sealed'`.execute(trx),
    );
    await readStore.migrate();

    expect(await storedJourneys()).toEqual(sealed);
  });

  it('answers every filter the same in SQL (queries) and in memory (live updates)', async () => {
    await apply(events);
    const journeys = await storedJourneys();
    const filters: JourneyFilter[] = [
      {},
      ...journeys.flatMap((journey) => {
        const { channels, queues, agents } = journeyFacets(journey);
        return [
          { customerId: journey.customerId },
          { from: journey.lastActivityAt, to: journey.startedAt && new Date(Date.parse(journey.startedAt) + 1).toISOString() },
          ...channels.map((channel) => ({ channel })),
          ...queues.map((queue) => ({ queue, outcome: journey.metrics.outcome })),
          ...agents.map((agent) => ({ agent, minTransfers: journey.metrics.transfers.count })),
          { minHoldMs: journey.metrics.holds.totalMs, brokenPromise: journey.metrics.promises.broken > 0 },
          { brokenPromise: journey.metrics.promises.broken === 0, minTransfers: 0, minHoldMs: 0.5 },
        ];
      }),
    ];
    const queries = new JourneyQueries(readStore);

    for (const filter of filters) {
      const inSql = (await queries.batchAfter(filter, 1_000)).map((journey) => journey.id);
      const inMemory = journeys.filter((journey) => journeyMatches(journey, filter)).map((journey) => journey.id);
      expect({ filter, ids: inSql }).toEqual({ filter, ids: inMemory });
    }
    expect(new Set(filters.map((filter) => journeys.filter((journey) => journeyMatches(journey, filter)).length)).size).toBeGreaterThan(1);
  });

  it('stores each journey as the fold of its facts, under its smallest stream name', async () => {
    await apply(events);

    expect(await storedJourneys()).toEqual(expectedJourneys(events));
  });

  it('merges two journeys when a late fact links them, and keeps the old id findable', async () => {
    const ticket = events.slice(0, ticketThatNobodyOwned.facts.length);
    const isLateLink = (event: RecordedAllStreamEvent) =>
      (event.type === 'ProblemExplained' && event.streamName === 'contact-C-3') ||
      (event.type === 'CaseOpened' && event.streamName === 'case-T-2');
    await apply(ticket.filter((event) => !isLateLink(event)));
    const before = await storedJourneys();

    await apply(ticket.filter(isLateLink));

    const after = await storedJourneys();
    expect(before).toHaveLength(2);
    expect(after).toEqual(expectedJourneys(ticket));
    expect(after).toHaveLength(1);
    expect(after[0].metrics).toMatchObject({ contacts: { count: 4 }, cases: { duplicates: 1 }, outcome: 'customer_lost' });
    const mergedAway = before.map((journey) => journey.id).filter((id) => id !== after[0].id);
    const aliases = await readStore.read((trx) => trx.selectFrom('journey_aliases').selectAll().execute());
    expect(aliases).toEqual(mergedAway.map((id) => ({ old_id: id, journey_id: after[0].id })));
    for (const stream of after[0].streams) expect(await journeyOfStream(stream)).toBe(after[0].id);
  });

  it('gives the same journeys whatever the arrival order, the split into batches and the re-deliveries', async () => {
    const expected = expectedJourneys(events);
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
        fc.array(fc.integer({ min: 0, max: events.length - 1 }), { maxLength: 10 }),
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 20 }),
        async (arrival, redelivered, batchSizes) => {
          await readStore.transaction(async (trx) => {
            for (const table of ['journeys', 'journey_events', 'journey_streams', 'journey_aliases'] as const) {
              await trx.deleteFrom(table).execute();
            }
          });
          const delivered = [...arrival, ...redelivered.map((index) => arrival[index])];
          for (let start = 0, batch = 0; start < delivered.length; batch++) {
            const size = batchSizes[batch % batchSizes.length];
            await apply(delivered.slice(start, start + size));
            start += size;
          }
          expect(await storedJourneys()).toEqual(expected);
        },
      ),
      { numRuns: 12, seed: 20_260_305 },
    );
  });
});
