/**
 * The journey read model's rows and the values they hold: a journey's fold as `journeys` stores it
 * (the whole fold in `document`, the columns a filter needs beside it) and a fact as `journey_events`
 * stores it. Both ways, so what is written is what is read back.
 */
import { journeyFacets, type Journey, type JourneyEvent, type JourneyFact, type StreamName } from '@hindsight/domain';
import { jsonb, type JourneyEventRow, type NewJourney, type NewJourneyEvent } from '@hindsight/read-store';

/** A journey as stored: the fold, under the journey's id. */
export type StoredJourney = Journey & { readonly id: string };

export function journeyRow(journey: StoredJourney): NewJourney {
  const { metrics } = journey;
  const { channels, queues, agents } = journeyFacets(journey);
  return {
    journey_id: journey.id,
    customer_id: journey.customerId,
    started_at: journey.startedAt,
    last_activity_at: journey.lastActivityAt,
    outcome: metrics.outcome,
    channels: [...channels],
    queues: [...queues],
    agents: [...agents],
    hold_total_ms: Math.round(metrics.holds.totalMs),
    holds: metrics.holds.count,
    transfers: metrics.transfers.count,
    broken_promises: metrics.promises.broken,
    contacts: metrics.contacts.count,
    document: jsonb(journey),
  };
}

export function journeyEventRow(fact: JourneyFact, journeyId: string): NewJourneyEvent {
  return {
    event_id: fact.eventId,
    journey_id: journeyId,
    stream_name: fact.streamName,
    log_position: fact.position,
    occurred_at: fact.occurredAt,
    recorded_at: fact.recordedAt,
    type: fact.type,
    data: jsonb(fact.data),
    metadata: jsonb({ occurredAt: fact.occurredAt, source: fact.source }),
  };
}

export function factFromRow(row: JourneyEventRow): JourneyFact {
  const { occurredAt, source } = row.metadata as { occurredAt: string; source: string };
  return {
    ...({ type: row.type, data: row.data } as JourneyEvent),
    eventId: row.event_id,
    streamName: row.stream_name as StreamName,
    position: row.log_position,
    occurredAt,
    recordedAt: row.recorded_at.toISOString(),
    source,
  };
}
