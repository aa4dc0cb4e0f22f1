/**
 * Reads journeys from the read store's active generation. Every journey is one stored document, so
 * nested fields (contacts, holds, metrics) cost nothing more; what is looked up per request is
 * batched (see `journeysByIds`).
 */
import { Injectable } from '@nestjs/common';
import { sql, type SelectQueryBuilder } from 'kysely';
import {
  foldJourney,
  journeyContributions,
  summarizeContributions,
  type FoldJourneyOptions,
  type JourneyFact,
  type MetricContribution,
} from '@hindsight/domain';
import { CustomerKeyStore } from '@hindsight/personal-data';
import { loadJourneyFacts, type StoredJourney } from '@hindsight/projections';
import { ReadStore, type ReadModels } from '@hindsight/read-store';
import { ApiError } from '../graphql/api-error';
import { checkPageSize, decodeCursor, encodeCursor } from '../graphql/page-cursor';
import type { JourneyConnection, MetricGroup } from './journey-connection.model';
import type { JourneyModel } from './journey.model';
import { checkJourneysFilter, MetricGrouping, type JourneysFilter } from './journeys-filter.input';

/** Summaries and what-ifs judge at most this many journeys; narrow the filter for more. */
export const MAX_SUMMARIZED_JOURNEYS = 20_000;

type JourneysQuery = SelectQueryBuilder<ReadModels, 'journeys', object>;

@Injectable()
export class JourneyReader {
  constructor(
    private readonly readStore: ReadStore,
    private readonly keys: CustomerKeyStore,
  ) {}

  /**
   * Journeys by id, in the order asked, null where none: an id may be a journey's id, an id it had
   * before a merge, or the name of any of its streams (`contact-C-1`).
   */
  async journeysByIds(ids: readonly string[]): Promise<(StoredJourney | null)[]> {
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
   * Journeys without facts (or unknown ids) are left out.
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

  /**
   * The journey as it stood at a moment: its stored facts folded again by the same pure fold the
   * projection uses, cut at `asOf` on the chosen clock. Null when no journey answers to `id`.
   */
  async replay(id: string, options: FoldJourneyOptions): Promise<StoredJourney | null> {
    const facts = await this.factsOf(id);
    return facts && { id: facts.journeyId, ...foldJourney(facts.facts, options) };
  }

  /** A journey's facts as stored by the projection, under its current id. */
  async factsOf(id: string): Promise<{ journeyId: string; facts: JourneyFact[] } | null> {
    const [journey] = await this.journeysByIds([id]);
    if (!journey) return null;
    const facts = await this.readStore.read((trx) => loadJourneyFacts(trx, this.keys, [journey.id]));
    return { journeyId: journey.id, facts: facts.get(journey.id) ?? [] };
  }

  async journeys(filter: JourneysFilter, first: number, after?: string | null): Promise<JourneyConnection> {
    checkPageSize(first);
    const cursor = after ? decodeCursor(after, ['instant', 'streamName']) : undefined;
    return this.readStore.read(async (trx) => {
      const filtered = applyFilter(trx.selectFrom('journeys'), filter);
      let page = filtered.select(['journey_id', 'last_activity_at', 'document']);
      if (cursor) {
        const [lastActivityAt, journeyId] = cursor;
        page = page.where((eb) =>
          eb.or([
            eb('last_activity_at', '<', new Date(lastActivityAt)),
            eb.and([eb('last_activity_at', '=', new Date(lastActivityAt)), eb('journey_id', '<', journeyId)]),
          ]),
        );
      }
      const [rows, total] = await Promise.all([
        page.orderBy('last_activity_at', 'desc').orderBy('journey_id', 'desc').limit(first + 1).execute(),
        filtered.select(sql<string>`count(*)`.as('count')).executeTakeFirstOrThrow(),
      ]);
      const edges = rows.slice(0, first).map((row) => ({
        cursor: encodeCursor([(row.last_activity_at ?? new Date(0)).toISOString(), row.journey_id]),
        node: toJourneyModel(row.document as StoredJourney),
      }));
      return {
        edges,
        pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
        totalCount: Number(total.count),
      };
    });
  }

  /** Every stored journey matching the filter, refused past `limit` so a request stays bounded. */
  async storedJourneys(filter: JourneysFilter, limit: number): Promise<StoredJourney[]> {
    const rows = await this.readStore.read((trx) =>
      applyFilter(trx.selectFrom('journeys'), filter).select('document').orderBy('journey_id').limit(limit + 1).execute(),
    );
    if (rows.length > limit) {
      throw new ApiError(
        'TOO_MANY_JOURNEYS',
        `This covers at most ${limit} journeys; narrow the filter (e.g. from/to)`,
        'filter',
      );
    }
    return rows.map((row) => row.document as StoredJourney);
  }

  async metricSummary(groupBy: MetricGrouping, filter: JourneysFilter): Promise<MetricGroup[]> {
    const journeys = await this.storedJourneys(filter, MAX_SUMMARIZED_JOURNEYS);
    const groups = new Map<string, MetricContribution[]>();
    for (const journey of journeys) {
      for (const contribution of journeyContributions(journey)) {
        const key = groupKey(contribution, groupBy) ?? '(none)';
        groups.set(key, [...(groups.get(key) ?? []), contribution]);
      }
    }
    return [...groups]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, contributions]) => ({ key, ...summarizeContributions(contributions) }));
  }
}

/**
 * The stored fold is the GraphQL model field for field (journey.model.ts mirrors the domain's
 * Journey); only TypeScript's readonly arrays stand between them.
 */
export function toJourneyModel(journey: StoredJourney): JourneyModel {
  return journey as unknown as JourneyModel;
}

function groupKey(contribution: MetricContribution, groupBy: MetricGrouping): string | null {
  switch (groupBy) {
    case MetricGrouping.DAY:
      return contribution.day;
    case MetricGrouping.QUEUE:
      return contribution.queueId;
    case MetricGrouping.AGENT:
      return contribution.agentId;
  }
}

function applyFilter(query: JourneysQuery, filter: JourneysFilter): JourneysQuery {
  checkJourneysFilter(filter);
  let filtered = query;
  if (filter.customerId) filtered = filtered.where('customer_id', '=', filter.customerId);
  if (filter.from) filtered = filtered.where('last_activity_at', '>=', new Date(filter.from));
  if (filter.to) filtered = filtered.where('started_at', '<', new Date(filter.to));
  if (filter.channel) filtered = filtered.where(sql<boolean>`${filter.channel} = any(channels)`);
  if (filter.queue) filtered = filtered.where(sql<boolean>`${filter.queue} = any(queues)`);
  if (filter.agent) filtered = filtered.where(sql<boolean>`${filter.agent} = any(agents)`);
  if (filter.outcome) filtered = filtered.where('outcome', '=', filter.outcome);
  if (filter.minHoldMs != null) filtered = filtered.where('hold_total_ms', '>=', BigInt(Math.ceil(filter.minHoldMs)));
  if (filter.minTransfers != null) filtered = filtered.where('transfers', '>=', filter.minTransfers);
  if (filter.brokenPromise != null) {
    filtered = filtered.where('broken_promises', filter.brokenPromise ? '>' : '=', 0);
  }
  return filtered;
}
