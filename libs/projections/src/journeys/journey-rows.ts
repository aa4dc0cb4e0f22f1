/**
 * The journey read model's rows and the values they hold: a journey's fold as `journeys` stores it
 * (the whole fold in `document`, the columns a filter needs beside it) and a fact as `journey_events`
 * stores it. Both ways, so what is written is what is read back.
 */
import {
  findingSeverities,
  journeyFacets,
  judgementOf,
  type FindingCode,
  type FindingSeverity,
  type Journey,
  type JourneyEvent,
  type JourneyFact,
  type JourneyJudgement,
  type StreamName,
} from '@hindsight/domain';
import { jsonb, type JourneyEventRow, type NewJourney, type NewJourneyEvent } from '@hindsight/read-store';

/**
 * A journey as stored: the fold under the journey's id, with its verdict: the rulebook that judged it
 * at its `judgedAt`, the codes of what it found, and when that verdict changes if no new fact comes.
 */
export type StoredJourney = Journey & {
  readonly id: string;
  readonly rulebook: string;
  readonly findingCodes: readonly FindingCode[];
  /** The worst severity among its findings; null for none. */
  readonly worstSeverity: FindingSeverity | null;
  readonly nextChangeAt: string | null;
};

/** The stored form of a journey's judgement. */
export function storedJourney(id: string, { journey, rulebook, findings, nextChangeAt }: JourneyJudgement): StoredJourney {
  const ranks = findings.map((finding) => findingSeverities.indexOf(finding.severity));
  return {
    id,
    ...journey,
    rulebook,
    findingCodes: [...new Set(findings.map((finding) => finding.code))],
    worstSeverity: ranks.length === 0 ? null : findingSeverities[Math.max(...ranks)],
    nextChangeAt,
  };
}

/**
 * A `journeys.document` as read: a journey stored before journeys were judged (read-store migration
 * 0006) has no verdict in it yet, so it gets the current rulebook's verdict at its own `judgedAt`, the
 * one the projector's timer is about to store for it.
 */
export function storedJourneyOf(document: unknown): StoredJourney {
  const stored = document as StoredJourney | (Journey & { readonly id: string; readonly rulebook?: undefined });
  return stored.rulebook === undefined ? storedJourney(stored.id, judgementOf(stored)) : stored;
}

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
    judged_at: journey.judgedAt,
    rulebook: journey.rulebook,
    next_change_at: journey.nextChangeAt,
    finding_codes: [...journey.findingCodes],
    finding_severity: journey.worstSeverity === null ? null : findingSeverities.indexOf(journey.worstSeverity),
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
