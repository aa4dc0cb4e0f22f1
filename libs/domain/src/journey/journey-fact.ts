/**
 * What the journey fold reads: one recorded catalog event as the store delivers it, with where it lives
 * (`streamName`), where it sits in `$all` (`position`) and both clocks: when it happened by the source
 * (`occurredAt`) and when we learned it (`recordedAt`).
 *
 * The projector builds these from the store's subscription; replay builds them from a read of the
 * journey's streams. Nothing here knows either: a fact is plain data.
 */
import type { JourneyEvent } from '../catalog/event-catalog';
import type { StreamName } from '../shared/stream-name';

export type JourneyFact = JourneyEvent & {
  /** The store's event id; the same fact delivered twice carries the same id. */
  readonly eventId: string;
  readonly streamName: StreamName;
  /** Its commit position in `$all`: a bigint, because past 2^53 a number is wrong. */
  readonly position: bigint;
  /** ISO-8601 from the event's metadata: the source's clock. */
  readonly occurredAt: string;
  /** ISO-8601: when the store recorded it. */
  readonly recordedAt: string;
  /** The system that reported it (`telephony`, `crm`, `ticketing`, `frontend`...). */
  readonly source: string;
};

/** Milliseconds since the epoch, or NaN for a string that is not an instant. */
export function instantOf(iso: string): number {
  return Date.parse(iso);
}

/**
 * The journey's one order: by `occurredAt`, then by `$all` position (the order the store committed facts
 * that share a moment), then by event id (so even a malformed set of facts has one order).
 */
export function compareJourneyFacts(a: JourneyFact, b: JourneyFact): number {
  return (
    instantOf(a.occurredAt) - instantOf(b.occurredAt) ||
    comparePositions(a.position, b.position) ||
    (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0)
  );
}

/** Two `$all` positions in commit order. */
export function comparePositions(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
