/**
 * The journey read model's query side: every read of `journeys`, `journey_events`, `journey_streams`
 * and `journey_aliases` the API makes, each in one read-store transaction on the active generation.
 * Every journey is one stored document, so nested fields (contacts, holds, metrics) cost nothing more;
 * what is asked for per request is asked for many ids at once. Paging, limits and errors are the API's.
 */
import { sql } from 'kysely';
import type { JourneyFact } from '@hindsight/domain';
import type { ReadModelTransaction, ReadStore } from '@hindsight/read-store';
import { whereJourneyMatches, type JourneyFilter } from './journey-filter';
import { factFromRow, type StoredJourney } from './journey-rows';

/** Where a page of `journeys` starts: after this journey, most recently active first. */
export interface JourneyPageStart {
  readonly lastActivityAt: string;
  readonly journeyId: string;
}

export interface JourneyPage {
  /** Up to the size asked, plus one more when there is one: the caller tells whether a next page exists. */
  readonly journeys: readonly { readonly journey: StoredJourney; readonly lastActivityAt: Date | null }[];
  readonly totalCount: number;
}

export class JourneyQueries {
  constructor(private readonly readStore: ReadStore) {}

  /**
   * Journeys by id, in the order asked, null where none: an id may be a journey's id, an id it had
   * before a merge, or the name of any of its streams (`contact-C-1`).
   */
  async byIds(ids: readonly string[]): Promise<(StoredJourney | null)[]> {
    const wanted = [...new Set(ids)];
    // One statement: each id resolved as a journey id, then an old id, then a stream name.
    const rows = await this.readStore.read(async (trx) =>
      (
        await sql<{ requested: string; document: StoredJourney }>`
          select wanted.id as requested, journeys.document
          from unnest(${wanted}::text[]) as wanted(id)
          join journeys on journeys.journey_id = coalesce(
            (select journey_id from journeys where journey_id = wanted.id),
            (select journey_id from journey_aliases where old_id = wanted.id),
            (select journey_id from journey_streams where stream_name = wanted.id))`.execute(trx)
      ).rows,
    );
    const documents = new Map(rows.map((row) => [row.requested, row.document]));
    return ids.map((id) => documents.get(id) ?? null);
  }

  /**
   * Where each journey stands in `$all`: the log position of the latest fact projected into it.
   * Journeys without facts (or unknown ids) are left out; no ids, no read.
   */
  async positionsOf(journeyIds: readonly string[]): Promise<Map<string, bigint>> {
    if (journeyIds.length === 0) return new Map();
    const rows = await this.readStore.read((trx) =>
      trx
        .selectFrom('journey_events')
        .select(['journey_id', (eb) => eb.fn.max('log_position').as('position')])
        .where('journey_id', 'in', [...new Set(journeyIds)])
        .groupBy('journey_id')
        .execute(),
    );
    return new Map(rows.map((row) => [row.journey_id, BigInt(row.position as bigint)]));
  }

  /**
   * Every journey with a fact projected after `after`, oldest change first, each with its position:
   * what a subscriber that last saw `after` has missed. One read, so the list is consistent.
   */
  async changedAfter(after: bigint): Promise<{ journey: StoredJourney; position: bigint }[]> {
    const rows = await this.readStore.read(
      async (trx) =>
        (
          await sql<{ document: StoredJourney; position: bigint }>`
            select journeys.document, changed.position
            from (select journey_id, max(log_position) as position from journey_events
                  where journey_id in (select journey_id from journey_events where log_position > ${after})
                  group by journey_id) as changed
            join journeys on journeys.journey_id = changed.journey_id
            order by changed.position`.execute(trx)
        ).rows,
    );
    return rows.map((row) => ({ journey: row.document, position: BigInt(row.position) }));
  }

  /** The facts of one journey (by its current id), as the projection folded them. */
  async factsOf(journeyId: string): Promise<JourneyFact[]> {
    return (await this.readStore.read((trx) => loadJourneyFacts(trx, [journeyId]))).get(journeyId) ?? [];
  }

  /**
   * `size` + 1 journeys matching the filter after `start`, most recently active first, and how many
   * match in all: one read, so the page and its count agree.
   */
  page(filter: JourneyFilter, size: number, start?: JourneyPageStart): Promise<JourneyPage> {
    return this.readStore.read(async (trx) => {
      const filtered = whereJourneyMatches(trx.selectFrom('journeys'), filter);
      let page = filtered.select(['journey_id', 'last_activity_at', 'document']);
      if (start) {
        const lastActivityAt = new Date(start.lastActivityAt);
        page = page.where((eb) =>
          eb.or([
            eb('last_activity_at', '<', lastActivityAt),
            eb.and([eb('last_activity_at', '=', lastActivityAt), eb('journey_id', '<', start.journeyId)]),
          ]),
        );
      }
      const [rows, total] = await Promise.all([
        page.orderBy('last_activity_at', 'desc').orderBy('journey_id', 'desc').limit(size + 1).execute(),
        filtered.select(sql<string>`count(*)`.as('count')).executeTakeFirstOrThrow(),
      ]);
      return {
        journeys: rows.map((row) => ({ journey: row.document as StoredJourney, lastActivityAt: row.last_activity_at })),
        totalCount: Number(total.count),
      };
    });
  }

  /** Up to `size` journeys matching the filter, by id, after the id `afterId`: a walk over all of them, a read at a time. */
  async batchAfter(filter: JourneyFilter, size: number, afterId?: string): Promise<StoredJourney[]> {
    const rows = await this.readStore.read((trx) => {
      const batch = whereJourneyMatches(trx.selectFrom('journeys'), filter).select(['journey_id', 'document']);
      return (afterId === undefined ? batch : batch.where('journey_id', '>', afterId)).orderBy('journey_id').limit(size).execute();
    });
    return rows.map((row) => row.document as StoredJourney);
  }
}

/**
 * The facts of each journey, as the projection folded them: what replay folds too, so a replay and
 * the read model can never disagree. Personal fields come out sealed, as stored.
 */
export async function loadJourneyFacts(trx: ReadModelTransaction, journeyIds: readonly string[]): Promise<Map<string, JourneyFact[]>> {
  const factsByJourney = new Map<string, JourneyFact[]>();
  if (journeyIds.length === 0) return factsByJourney;
  const rows = await trx.selectFrom('journey_events').selectAll().where('journey_id', 'in', [...journeyIds]).execute();
  for (const row of rows) {
    const facts = factsByJourney.get(row.journey_id) ?? [];
    facts.push(factFromRow(row));
    factsByJourney.set(row.journey_id, facts);
  }
  return factsByJourney;
}
