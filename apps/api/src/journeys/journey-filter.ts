/** `JourneysFilter` applied to one journey in memory, for live updates (queries filter in SQL). */
import type { StoredJourney } from '@hindsight/projections';
import type { JourneysFilter } from './journeys-filter.input';

export function journeyMatches(journey: StoredJourney, filter: JourneysFilter | null | undefined): boolean {
  if (!filter) return true;
  const { metrics } = journey;
  const queues = journey.contacts.flatMap((contact) => contact.queueVisits.map((visit) => visit.queueId));
  const agents = journey.contacts.flatMap((contact) => contact.agents);
  const checks: boolean[] = [
    !filter.customerId || journey.customerId === filter.customerId,
    !filter.from || (journey.lastActivityAt !== null && Date.parse(journey.lastActivityAt) >= Date.parse(filter.from)),
    !filter.to || (journey.startedAt !== null && Date.parse(journey.startedAt) < Date.parse(filter.to)),
    !filter.channel || metrics.contacts.channels.some((channel) => channel === filter.channel),
    !filter.queue || queues.includes(filter.queue),
    !filter.agent || agents.includes(filter.agent),
    !filter.outcome || metrics.outcome === filter.outcome,
    filter.minHoldMs == null || metrics.holds.totalMs >= filter.minHoldMs,
    filter.minTransfers == null || metrics.transfers.count >= filter.minTransfers,
    filter.brokenPromise == null || metrics.promises.broken > 0 === filter.brokenPromise,
  ];
  return checks.every(Boolean);
}
