/**
 * The API's glue over the journey read model (`JourneyQueries` in @hindsight/projections, which owns
 * every read): cursors and page sizes, bounded walks over many journeys, and one DataLoader per
 * request so that journeys asked for several times in one query are read once, together.
 */
import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { journeyContributions, summarizeContributions, ValidationError, type MetricContribution } from '@hindsight/domain';
import { JourneyQueries, type StoredJourney } from '@hindsight/projections';
import { checkPageSize, decodeCursor, encodeCursor } from '../graphql/page-cursor';
import type { JourneyConnection, MetricGroup } from './journey-connection.model';
import type { JourneyModel } from './journey.model';
import { checkJourneysFilter, MetricGrouping, type JourneysFilter } from './journeys-filter.input';

/** Summaries and what-ifs judge at most this many journeys; narrow the filter for more. */
export const MAX_SUMMARIZED_JOURNEYS = 20_000;
/** Journeys read at once by a summary: a few milliseconds of the event loop each page. */
const STORED_JOURNEYS_PAGE = 50;

@Injectable()
export class JourneyReader {
  private readonly journeyLoaders = new WeakMap<object, DataLoader<string, StoredJourney | null>>();
  private readonly positionLoaders = new WeakMap<object, DataLoader<string, bigint | null>>();

  constructor(private readonly queries: JourneyQueries) {}

  /** Journeys by id (see `JourneyQueries.byIds`), batched and cached for the request `context`. */
  journeyLoader(context: object): DataLoader<string, StoredJourney | null> {
    let loader = this.journeyLoaders.get(context);
    if (!loader) {
      loader = new DataLoader((ids: readonly string[]) => this.queries.byIds(ids));
      this.journeyLoaders.set(context, loader);
    }
    return loader;
  }

  /** Journeys' positions in `$all` (see `JourneyQueries.positionsOf`), batched and cached for the request `context`. */
  positionLoader(context: object): DataLoader<string, bigint | null> {
    let loader = this.positionLoaders.get(context);
    if (!loader) {
      loader = new DataLoader(async (ids: readonly string[]) => {
        const positions = await this.queries.positionsOf(ids);
        return ids.map((id) => positions.get(id) ?? null);
      });
      this.positionLoaders.set(context, loader);
    }
    return loader;
  }

  async journeys(filter: JourneysFilter, first: number, after?: string | null): Promise<JourneyConnection> {
    checkPageSize(first);
    const cursor = after ? decodeCursor(after, ['instant', 'streamName']) : undefined;
    checkJourneysFilter(filter);
    const page = await this.queries.page(filter, first, cursor && { lastActivityAt: cursor[0], journeyId: cursor[1] });
    const edges = page.journeys.slice(0, first).map(({ journey, lastActivityAt }) => ({
      cursor: encodeCursor([(lastActivityAt ?? new Date(0)).toISOString(), journey.id]),
      node: toJourneyModel(journey),
    }));
    return {
      edges,
      pageInfo: { hasNextPage: page.journeys.length > first, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: page.totalCount,
    };
  }

  /**
   * Every stored journey matching the filter, refused past `limit` so a request stays bounded. Read
   * a page at a time, yielding between pages: thousands of documents read and parsed at once would
   * hold the event loop for seconds, for every other caller too. Pages are separate reads, so a
   * journey merged during the walk may count in either of its forms; fine for summaries.
   */
  async storedJourneys(filter: JourneysFilter, limit: number): Promise<StoredJourney[]> {
    checkJourneysFilter(filter);
    const journeys: StoredJourney[] = [];
    let after: string | undefined;
    for (;;) {
      const batch = await this.queries.batchAfter(filter, STORED_JOURNEYS_PAGE, after);
      journeys.push(...batch);
      if (journeys.length > limit) {
        throw new ValidationError('TOO_MANY_JOURNEYS', `This covers at most ${limit} journeys; narrow the filter (e.g. from/to)`, 'filter');
      }
      if (batch.length < STORED_JOURNEYS_PAGE) return journeys;
      after = batch.at(-1)!.id;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async metricSummary(groupBy: MetricGrouping, filter: JourneysFilter): Promise<MetricGroup[]> {
    const journeys = await this.storedJourneys(filter, MAX_SUMMARIZED_JOURNEYS);
    const groups = new Map<string, MetricContribution[]>();
    for (const [index, journey] of journeys.entries()) {
      if (index % STORED_JOURNEYS_PAGE === STORED_JOURNEYS_PAGE - 1) await new Promise((resolve) => setImmediate(resolve));
      for (const contribution of journeyContributions(journey)) {
        const key = groupKey(contribution, groupBy) ?? '(none)';
        const group = groups.get(key);
        if (group) group.push(contribution);
        else groups.set(key, [contribution]);
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
