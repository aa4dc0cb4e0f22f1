/**
 * The shapes of events as Hindsight writes and reads them. Types only, so the rest of the
 * codebase can speak about events without touching the client.
 *
 * An event's `type` is a string literal chosen by a person and stored forever: never derive it
 * from a class name, which a rename or a minifier would change under stored streams.
 */
import type { UnreadableEventError } from './event-store-errors';

/** What happened: a past-tense type and its JSON-serialisable data. */
export interface DomainEvent<Type extends string = string, Data extends object = Record<string, unknown>> {
  readonly type: Type;
  readonly data: Data;
}

/** Stored beside every event. The `$`-prefixed names are EventStoreDB's own convention. */
export interface EventMetadata {
  /** Shared by everything that one request or one source interaction caused. */
  readonly $correlationId: string;
  /** The id of the command or event that caused this one. */
  readonly $causationId: string;
  /** When it happened by the source's clock (ISO-8601); the store's `recordedAt` is when we learned it. */
  readonly occurredAt: string;
  /** The system that reported it, e.g. `telephony`, `ticketing`, `hindsight-api`. */
  readonly source: string;
  /** The source's own id for the fact, the basis of deduplication. */
  readonly sourceEventId?: string;
  /** The version of this event type's data shape; upcasters bring older versions forward on read. */
  readonly schemaVersion: number;
  /** Who appended it (a user, an integration, a process). */
  readonly recordedBy?: string;
}

/** An event on its way into the store. */
export type EventToAppend<E extends DomainEvent = DomainEvent> = E & {
  readonly metadata: EventMetadata;
  /** A deterministic UUID makes re-sending the same fact idempotent; when omitted a random one is used. */
  readonly id?: string;
};

/** A place in the global log (`$all`). Always bigint: past 2^53 a number would silently be wrong. */
export interface LogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/** An event as read back from a stream, already upcast to the newest schema version. */
export type RecordedDomainEvent<E extends DomainEvent = DomainEvent> = E & {
  readonly id: string;
  readonly streamName: string;
  /** Its index in its stream, from 0. */
  readonly revision: bigint;
  readonly metadata: EventMetadata;
  /** When the store recorded it. */
  readonly recordedAt: Date;
  /** Servers older than 22.6 leave it out of stream reads; `$all` always carries it. */
  readonly position?: LogPosition;
};

/** An event as delivered by a subscription to `$all`, where the position is always known. */
export type RecordedAllStreamEvent<E extends DomainEvent = DomainEvent> = RecordedDomainEvent<E> & {
  readonly position: LogPosition;
};

/**
 * An event of `$all` that cannot be read as a Hindsight event (not JSON, metadata missing, an
 * upcaster failed): what the store says of it, and why it is unreadable. Subscribers that can set such
 * an event aside (a projection's quarantine) are given this instead of an error that ends the feed.
 */
export interface UnreadableAllStreamEvent {
  readonly id: string;
  readonly streamName: string;
  readonly revision: bigint;
  readonly type: string;
  readonly recordedAt: Date;
  readonly position: LogPosition;
  readonly unreadable: UnreadableEventError;
}

/** What reading one event of `$all` gives: the event, or what is known of it when it cannot be read. */
export type AllStreamDelivery<E extends DomainEvent = DomainEvent> = RecordedAllStreamEvent<E> | UnreadableAllStreamEvent;

export function isUnreadable(delivery: AllStreamDelivery): delivery is UnreadableAllStreamEvent {
  return 'unreadable' in delivery;
}
