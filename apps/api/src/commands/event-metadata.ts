/**
 * What every event the API appends carries beside it, built in one place for the three ways events
 * come in: a fact an integration recorded, a frontend command decided, a customer forgotten. The schema
 * version always comes from the catalog, so no writer can store an event under a version it guessed.
 */
import { eventCatalog, type EventType } from '@hindsight/domain';
import type { EventMetadata } from '@hindsight/event-store';

/** Who appends what frontends decide and what the API does on its own (forgetting a customer). */
export const FRONTEND_SOURCE = 'hindsight-api';

/** Where an event came from, and what caused it. */
export interface EventOrigin {
  /** Shared by everything one request caused. */
  readonly correlationId: string;
  /** The command that caused it; the request itself (its correlation id) when nothing stands between. */
  readonly causationId?: string;
  /** When it happened by the source's clock (ISO-8601). */
  readonly occurredAt: string;
  readonly source: string;
  /** The source's own id for a fact it reported. */
  readonly sourceEventId?: string;
  /** The principal whose request appended it. */
  readonly recordedBy?: string;
}

export function eventMetadata(type: EventType, origin: EventOrigin): EventMetadata {
  return {
    $correlationId: origin.correlationId,
    $causationId: origin.causationId ?? origin.correlationId,
    occurredAt: origin.occurredAt,
    source: origin.source,
    ...(origin.sourceEventId !== undefined && { sourceEventId: origin.sourceEventId }),
    schemaVersion: eventCatalog[type].schemaVersion,
    ...(origin.recordedBy !== undefined && { recordedBy: origin.recordedBy }),
  };
}
