/**
 * Which journeys a `journeys` query or a `journeysChanged` subscription wants. Each criterion is
 * written once as SQL over the read model's columns (queries) and once as a test of a folded journey
 * (live updates, which filter in memory), side by side: a field added here reaches both, and the two
 * cannot drift apart. Queues and agents come from `journeyFacets` on both sides, as the row's columns do.
 *
 * A field left out (null, undefined or an empty text) does not filter. Nothing here validates: the
 * API refuses a malformed filter before it gets here.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import { journeyFacets, type JourneyFacets, type JourneyOutcome } from '@hindsight/domain';
import type { ReadModels } from '@hindsight/read-store';
import type { StoredJourney } from './journey-rows';

export interface JourneyFilter {
  readonly customerId?: string | null;
  /** ISO-8601: journeys with activity at or after it. */
  readonly from?: string | null;
  /** ISO-8601: journeys that started before it. */
  readonly to?: string | null;
  readonly channel?: string | null;
  readonly queue?: string | null;
  readonly agent?: string | null;
  readonly outcome?: JourneyOutcome | null;
  readonly minHoldMs?: number | null;
  readonly minTransfers?: number | null;
  /** True: only journeys with a broken promise; false: only without. */
  readonly brokenPromise?: boolean | null;
}

export type JourneysQuery = SelectQueryBuilder<ReadModels, 'journeys', object>;

interface Criterion<Value> {
  readonly where: (query: JourneysQuery, value: Value) => JourneysQuery;
  readonly matches: (journey: StoredJourney, facets: JourneyFacets, value: Value) => boolean;
}

const CRITERIA: { readonly [Field in keyof JourneyFilter]-?: Criterion<NonNullable<JourneyFilter[Field]>> } = {
  customerId: {
    where: (query, id) => query.where('customer_id', '=', id),
    matches: (journey, _facets, id) => journey.customerId === id,
  },
  from: {
    where: (query, from) => query.where('last_activity_at', '>=', new Date(from)),
    matches: (journey, _facets, from) => journey.lastActivityAt !== null && Date.parse(journey.lastActivityAt) >= Date.parse(from),
  },
  to: {
    where: (query, to) => query.where('started_at', '<', new Date(to)),
    matches: (journey, _facets, to) => journey.startedAt !== null && Date.parse(journey.startedAt) < Date.parse(to),
  },
  channel: {
    where: (query, channel) => query.where(sql<boolean>`${channel} = any(channels)`),
    matches: (_journey, facets, channel) => facets.channels.some((used) => used === channel),
  },
  queue: {
    where: (query, queue) => query.where(sql<boolean>`${queue} = any(queues)`),
    matches: (_journey, facets, queue) => facets.queues.includes(queue),
  },
  agent: {
    where: (query, agent) => query.where(sql<boolean>`${agent} = any(agents)`),
    matches: (_journey, facets, agent) => facets.agents.includes(agent),
  },
  outcome: {
    where: (query, outcome) => query.where('outcome', '=', outcome),
    matches: (journey, _facets, outcome) => journey.metrics.outcome === outcome,
  },
  // The column holds the total rounded to a whole ms; totals are whole ms, so both sides agree.
  minHoldMs: {
    where: (query, ms) => query.where('hold_total_ms', '>=', BigInt(Math.ceil(ms))),
    matches: (journey, _facets, ms) => journey.metrics.holds.totalMs >= ms,
  },
  minTransfers: {
    where: (query, count) => query.where('transfers', '>=', count),
    matches: (journey, _facets, count) => journey.metrics.transfers.count >= count,
  },
  brokenPromise: {
    where: (query, broken) => query.where('broken_promises', broken ? '>' : '=', 0),
    matches: (journey, _facets, broken) => journey.metrics.promises.broken > 0 === broken,
  },
};

/** `query` narrowed to the journeys `filter` wants. */
export function whereJourneyMatches(query: JourneysQuery, filter: JourneyFilter): JourneysQuery {
  return criteriaOf(filter).reduce((narrowed, [criterion, value]) => criterion.where(narrowed, value), query);
}

/** Whether `filter` wants `journey`; no filter wants every journey. */
export function journeyMatches(journey: StoredJourney, filter: JourneyFilter | null | undefined): boolean {
  if (!filter) return true;
  const facets = journeyFacets(journey);
  return criteriaOf(filter).every(([criterion, value]) => criterion.matches(journey, facets, value));
}

function criteriaOf(filter: JourneyFilter): [Criterion<unknown>, unknown][] {
  return (Object.keys(CRITERIA) as (keyof JourneyFilter)[]).flatMap((field) => {
    const value = filter[field];
    return value === null || value === undefined || value === '' ? [] : [[CRITERIA[field] as Criterion<unknown>, value]];
  });
}
