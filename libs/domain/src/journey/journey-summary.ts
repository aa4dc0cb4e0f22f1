/**
 * Summaries over many journeys for the read API's dashboards: average hold, transfer rate, abandon rate,
 * promises kept, first-contact resolution and repeat contacts, grouped by day, queue or agent.
 *
 * A rate is never averaged: each journey contributes counts (one contribution per contact, tagged with
 * the contact's day, first queue and first agent), a group sums its contributions, and the rates are
 * computed once from the sums. So `summarizeContributions` over any grouping of the contributions gives
 * the right rates for that group, and the read model can store contributions as rows and sum in SQL.
 *
 * Definitions are on each field and in METRICS.md.
 */
import type { Journey, JourneyContact } from './journey';

export interface MetricCounts {
  /** Journeys (counted on the journey's first contact, or on a contribution of its own without contacts). */
  readonly journeys: number;
  /** Journeys with at least one contact: the denominator of first-contact resolution. */
  readonly journeysWithContact: number;
  /** Journeys with outcome `resolved_first_contact` (provisional ones included). */
  readonly resolvedFirstContact: number;
  readonly contacts: number;
  /** Customer-initiated contacts: inbound, not a transfer leg and not a callback. */
  readonly inboundContacts: number;
  /** Repeat contacts (see JourneyContact.repeat). */
  readonly repeatContacts: number;
  /** Offered: customer-initiated contacts that reached a queue or an agent. */
  readonly offered: number;
  /** Of the offered contacts, those the customer abandoned (hung up while queued or on hold). */
  readonly abandoned: number;
  /** Contacts an agent answered. */
  readonly handled: number;
  /** Handled contacts with at least one completed transfer. */
  readonly transferred: number;
  /** Holds that ended, and their total time. */
  readonly holds: number;
  readonly holdMs: number;
  /** Promises judged: kept in time, or broken. Pending and cancelled ones are not judged yet. */
  readonly promisesKept: number;
  readonly promisesBroken: number;
}

export interface MetricContribution {
  /** The UTC day (YYYY-MM-DD) the contact started, or the journey's first day. */
  readonly day: string | null;
  /** The first queue the contact waited in. */
  readonly queueId: string | null;
  /** The first agent who had the contact. */
  readonly agentId: string | null;
  /** The contact this contribution is about; null for a journey without contacts. */
  readonly contactId: string | null;
  readonly counts: MetricCounts;
}

export interface MetricSummary {
  readonly counts: MetricCounts;
  /** Average hold: total hold time ÷ holds. */
  readonly averageHoldMs: number | null;
  /** Transfer rate: transferred ÷ handled contacts. */
  readonly transferRate: number | null;
  /** Abandon rate: abandoned ÷ offered contacts (callbacks and transfer legs excluded from both). */
  readonly abandonRate: number | null;
  /** Promises kept: kept ÷ (kept + broken). */
  readonly promisesKeptRate: number | null;
  /** First-contact resolution rate: journeys resolved at first contact ÷ journeys with a contact. */
  readonly firstContactResolutionRate: number | null;
  /** Repeat-contact rate: repeat contacts ÷ customer-initiated contacts. */
  readonly repeatContactRate: number | null;
}

const zero: MetricCounts = {
  journeys: 0,
  journeysWithContact: 0,
  resolvedFirstContact: 0,
  contacts: 0,
  inboundContacts: 0,
  repeatContacts: 0,
  offered: 0,
  abandoned: 0,
  handled: 0,
  transferred: 0,
  holds: 0,
  holdMs: 0,
  promisesKept: 0,
  promisesBroken: 0,
};

/** What one journey adds to the summaries: one contribution per contact, or one for a journey without contacts. */
export function journeyContributions(journey: Journey): MetricContribution[] {
  const journeyCounts: MetricCounts = {
    ...zero,
    journeys: 1,
    journeysWithContact: journey.contacts.length > 0 ? 1 : 0,
    resolvedFirstContact: journey.metrics.outcome === 'resolved_first_contact' ? 1 : 0,
  };
  const promisesOn = (contactId: string | null) => {
    const promises = [
      ...journey.callbacks.filter((callback) => callback.dueBy !== null),
      ...journey.expectations,
    ].filter((promise) => (promise.contactId ?? null) === contactId);
    return {
      promisesKept: promises.filter((promise) => promise.status === 'kept').length,
      promisesBroken: promises.filter((promise) => promise.status === 'broken').length,
    };
  };
  const contactIds = new Set(journey.contacts.map((contact) => contact.contactId));
  // Promises made on no contact of this journey are counted with the journey.
  const unplaced = [...journey.callbacks.filter((callback) => callback.dueBy !== null), ...journey.expectations].filter(
    (promise) => promise.contactId === null || !contactIds.has(promise.contactId),
  );
  const unplacedCounts = {
    promisesKept: unplaced.filter((promise) => promise.status === 'kept').length,
    promisesBroken: unplaced.filter((promise) => promise.status === 'broken').length,
  };

  if (journey.contacts.length === 0) {
    return [
      {
        day: dayOf(journey.startedAt),
        queueId: null,
        agentId: null,
        contactId: null,
        counts: add(journeyCounts, { ...zero, ...unplacedCounts }),
      },
    ];
  }
  return journey.contacts.map((contact, index) => {
    const counts = add(contactCounts(contact), { ...zero, ...promisesOn(contact.contactId) });
    return {
      day: dayOf(contact.startedAt ?? journey.startedAt),
      queueId: contact.queueVisits[0]?.queueId ?? null,
      agentId: contact.agents[0] ?? null,
      contactId: contact.contactId,
      counts: index === 0 ? add(add(counts, journeyCounts), { ...zero, ...unplacedCounts }) : counts,
    };
  });
}

function contactCounts(contact: JourneyContact): MetricCounts {
  const customerInitiated =
    contact.direction === 'inbound' && contact.origin !== 'transfer' && contact.origin !== 'callback';
  const reachedUs = contact.queueVisits.length > 0 || contact.answeredAt !== null || contact.holds.length > 0;
  const offered = customerInitiated && reachedUs;
  const endedHolds = contact.holds.filter((hold) => hold.durationMs !== null);
  return {
    ...zero,
    contacts: 1,
    inboundContacts: customerInitiated ? 1 : 0,
    repeatContacts: contact.repeat ? 1 : 0,
    offered: offered ? 1 : 0,
    abandoned: offered && contact.abandoned ? 1 : 0,
    handled: contact.answeredAt !== null ? 1 : 0,
    transferred:
      contact.answeredAt !== null && contact.transfers.some((transfer) => transfer.status === 'completed') ? 1 : 0,
    holds: endedHolds.length,
    holdMs: endedHolds.reduce((total, hold) => total + (hold.durationMs ?? 0), 0),
  };
}

export function summarizeContributions(contributions: readonly MetricContribution[]): MetricSummary {
  const counts = contributions.reduce((total, contribution) => add(total, contribution.counts), zero);
  return {
    counts,
    averageHoldMs: ratio(counts.holdMs, counts.holds),
    transferRate: ratio(counts.transferred, counts.handled),
    abandonRate: ratio(counts.abandoned, counts.offered),
    promisesKeptRate: ratio(counts.promisesKept, counts.promisesKept + counts.promisesBroken),
    firstContactResolutionRate: ratio(counts.resolvedFirstContact, counts.journeysWithContact),
    repeatContactRate: ratio(counts.repeatContacts, counts.inboundContacts),
  };
}

export function summarizeJourneys(journeys: readonly Journey[]): MetricSummary {
  return summarizeContributions(journeys.flatMap(journeyContributions));
}

function add(a: MetricCounts, b: MetricCounts): MetricCounts {
  const total: Record<string, number> = {};
  for (const key of Object.keys(zero) as (keyof MetricCounts)[]) total[key] = a[key] + b[key];
  return total as unknown as MetricCounts;
}

/** null when there is nothing to divide by: "no data" is not 0%. */
function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

function dayOf(instant: string | null): string | null {
  return instant === null ? null : instant.slice(0, 10);
}
