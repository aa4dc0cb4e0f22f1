/**
 * What a journey is found by besides its own fields: the channels, queues and agents of its contacts.
 * One derivation for the read model's filter columns and for the filter applied in memory to live
 * updates, so a query and a subscription with the same filter can never disagree about a journey.
 */
import type { Channel } from '../shared/schema';
import type { Journey } from './journey';

export interface JourneyFacets {
  /** In the order first used. */
  readonly channels: readonly Channel[];
  /** Every queue one of its contacts waited in, without repeats. */
  readonly queues: readonly string[];
  /** Every agent who had one of its contacts, without repeats. */
  readonly agents: readonly string[];
}

export function journeyFacets(journey: Pick<Journey, 'contacts' | 'metrics'>): JourneyFacets {
  return {
    channels: journey.metrics.contacts.channels,
    queues: [...new Set(journey.contacts.flatMap((contact) => contact.queueVisits.map((visit) => visit.queueId)))],
    agents: [...new Set(journey.contacts.flatMap((contact) => contact.agents))],
  };
}
