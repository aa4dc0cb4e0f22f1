/**
 * The journey read model's writes, inside the projection's transaction: a batch's facts stitched
 * into journeys (`journey_streams`, `journey_aliases`, `journey_events`) and journeys folded again
 * from all of their facts (`journeys`). A handful of statements per batch, however many facts and
 * journeys it holds: the projector's throughput depends on it.
 */
import { sql } from 'kysely';
import { foldJourney, JourneyStitching, type JourneyFact, type StreamName } from '@hindsight/domain';
import type { ReadModelTransaction } from '@hindsight/read-store';
import { loadJourneyFacts } from './journey-queries';
import { journeyEventRow, journeyRow } from './journey-rows';

/** Rows per INSERT, well under PostgreSQL's 65,535 parameters per statement. */
const ROWS_PER_INSERT = 1_000;

/**
 * Stores the facts, each in its journey, and the merges and renames they cause; returns the
 * stitching, which says which journeys the facts touched and which journeys were renamed away.
 */
export async function storeJourneyFacts(trx: ReadModelTransaction, facts: readonly JourneyFact[]): Promise<JourneyStitching> {
  const rows = await trx
    .selectFrom('journey_streams')
    .select(['stream_name', 'journey_id'])
    .where('stream_name', 'in', JourneyStitching.streamsOf(facts))
    .execute();
  const stitching = new JourneyStitching(new Map(rows.map((row) => [row.stream_name as StreamName, row.journey_id])));
  for (const fact of facts) stitching.add(fact);
  await renameJourneys(trx, stitching.renamedJourneys());
  await insertInChunks(stitching.addedStreams(), (chunk) =>
    trx
      .insertInto('journey_streams')
      .values(chunk.map(([stream, journey]) => ({ stream_name: stream, journey_id: journey })))
      .execute(),
  );
  await insertInChunks(facts, (chunk) =>
    trx
      .insertInto('journey_events')
      .values(chunk.map((fact) => journeyEventRow(fact, stitching.journeyOf(fact.streamName))))
      .onConflict((conflict) => conflict.column('event_id').doNothing())
      .execute(),
  );
  return stitching;
}

/**
 * Moves everything of each old journey id to its new one and leaves an alias behind: a handful of
 * statements per batch, however many journeys it renames (a rebuild renames thousands).
 */
async function renameJourneys(trx: ReadModelTransaction, renames: readonly (readonly [string, string])[]) {
  for (let start = 0; start < renames.length; start += ROWS_PER_INSERT) {
    const chunk = renames.slice(start, start + ROWS_PER_INSERT);
    const mapping = sql`(values ${sql.join(chunk.map(([old, renamed]) => sql`(${old}, ${renamed})`))}) as renames(old_id, new_id)`;
    for (const table of ['journey_streams', 'journey_events', 'journey_aliases'] as const) {
      await sql`update ${sql.table(table)} set journey_id = renames.new_id from ${mapping}
                where ${sql.table(table)}.journey_id = renames.old_id`.execute(trx);
    }
    await trx
      .insertInto('journey_aliases')
      .values(chunk.map(([old, renamed]) => ({ old_id: old, journey_id: renamed })))
      .onConflict((conflict) => conflict.column('old_id').doUpdateSet((excluded) => ({ journey_id: excluded.ref('excluded.journey_id') })))
      .execute();
    await trx.deleteFrom('journeys').where('journey_id', 'in', chunk.map(([old]) => old)).execute();
  }
}

/**
 * Folds again, in the active generation, every journey with a fact about the customer: after the
 * customer's key was destroyed, this is what takes their personal data out of the stored journeys at
 * once, without waiting for the projector to reach the `CustomerForgotten` event. Returns the journeys.
 */
export async function refoldCustomerJourneys(trx: ReadModelTransaction, customerId: string): Promise<string[]> {
  const journeys = await journeysNamingCustomers(trx, [customerId]);
  await refoldJourneys(trx, journeys);
  return [...journeys];
}

/** Only events that name a customer carry that customer's personal fields. */
export async function journeysNamingCustomers(trx: ReadModelTransaction, customerIds: readonly string[]): Promise<Set<string>> {
  if (customerIds.length === 0) return new Set();
  const rows = await trx
    .selectFrom('journey_events')
    .select('journey_id')
    .distinct()
    .where(sql<string>`data->>'customerId'`, 'in', [...customerIds])
    .execute();
  return new Set(rows.map((row) => row.journey_id));
}

/** Folds each journey again from all of its facts and stores the result. */
export async function refoldJourneys(trx: ReadModelTransaction, journeyIds: ReadonlySet<string>): Promise<void> {
  const factsByJourney = await loadJourneyFacts(trx, [...journeyIds]);
  const journeys = [...factsByJourney].map(([id, facts]) => journeyRow({ id, ...foldJourney(facts) }));
  await insertInChunks(journeys, (chunk) =>
    trx
      .insertInto('journeys')
      .values(chunk)
      .onConflict((conflict) =>
        conflict.column('journey_id').doUpdateSet((excluded) => ({
          customer_id: excluded.ref('excluded.customer_id'),
          started_at: excluded.ref('excluded.started_at'),
          last_activity_at: excluded.ref('excluded.last_activity_at'),
          outcome: excluded.ref('excluded.outcome'),
          channels: excluded.ref('excluded.channels'),
          queues: excluded.ref('excluded.queues'),
          agents: excluded.ref('excluded.agents'),
          hold_total_ms: excluded.ref('excluded.hold_total_ms'),
          holds: excluded.ref('excluded.holds'),
          transfers: excluded.ref('excluded.transfers'),
          broken_promises: excluded.ref('excluded.broken_promises'),
          contacts: excluded.ref('excluded.contacts'),
          document: excluded.ref('excluded.document'),
          updated_at: sql`now()`,
        })),
      )
      .execute(),
  );
}

async function insertInChunks<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    await insert(rows.slice(start, start + ROWS_PER_INSERT));
  }
}
