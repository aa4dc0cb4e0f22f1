/**
 * The tables of one read-model generation, as Kysely sees them. Names are the SQL names
 * (snake_case), so a query reads like the SQL it compiles to. Positions and other 64-bit counts
 * are bigint both ways: PGlite and our pg pool both parse int8 to bigint, never to number.
 */
import type { ColumnType, Generated, Insertable, Selectable, Transaction, Updateable } from 'kysely';

/** Read as a Date; written as a Date or an ISO-8601 string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** Read as bigint; written as bigint (or a number/string that fits). */
export type Int8 = ColumnType<bigint, bigint | number | string, bigint | number | string>;
/** Read parsed; written as JSON text (see `jsonb`), the one form pg and PGlite both take for jsonb. */
export type Jsonb<T = unknown> = ColumnType<T, string, string>;

export interface CheckpointTable {
  /** The projection's name: each projection keeps its own place in `$all`. */
  projection: string;
  commit_position: Int8;
  prepare_position: Int8;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Every stream (or stream only linked to so far) and the journey it belongs to. */
export interface JourneyStreamsTable {
  stream_name: string;
  journey_id: string;
}

export interface JourneyEventsTable {
  event_id: string;
  journey_id: string;
  stream_name: string;
  log_position: Int8;
  occurred_at: Timestamp;
  recorded_at: Timestamp;
  type: string;
  data: Jsonb;
  metadata: Jsonb;
}

export interface JourneysTable {
  journey_id: string;
  customer_id: string | null;
  started_at: Timestamp | null;
  last_activity_at: Timestamp | null;
  outcome: string | null;
  channels: ColumnType<string[], string[] | undefined, string[]>;
  queues: ColumnType<string[], string[] | undefined, string[]>;
  agents: ColumnType<string[], string[] | undefined, string[]>;
  hold_total_ms: ColumnType<bigint, bigint | number | string | undefined, bigint | number | string>;
  holds: ColumnType<number, number | undefined, number>;
  transfers: ColumnType<number, number | undefined, number>;
  broken_promises: ColumnType<number, number | undefined, number>;
  contacts: ColumnType<number, number | undefined, number>;
  /** The whole journey as the projection folded it: timeline, metrics, notes. */
  document: Jsonb;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** A journey id merged into another: look-ups by the old id follow it. */
export interface JourneyAliasesTable {
  old_id: string;
  journey_id: string;
}

/** A review of a journey: filter columns beside the whole fold (`document`). */
export interface ReviewsTable {
  review_id: string;
  /** As given when it was opened: the journey's id or one of its stream names. */
  journey_id: string;
  title: string | null;
  state: 'open' | 'closed';
  opened_at: Timestamp;
  closed_at: Timestamp | null;
  root_cause: string | null;
  /** The last revision of the review's stream applied: older deliveries are skipped. */
  revision: Int8;
  document: Jsonb;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ReviewActionItemsTable {
  review_id: string;
  action_item_id: string;
  description: string;
  owner: string;
  due_by: Timestamp;
  completed_at: Timestamp | null;
}

/** An event a projection set aside (see generation-migrations.ts); texts as stored: printable. */
export interface QuarantinedEventsTable {
  projection: string;
  commit_position: Int8;
  prepare_position: Int8;
  event_id: string;
  stream_name: string;
  event_type: string;
  /** A SQLSTATE (`22021`), a Hindsight code (`EVENT_STORE.UNREADABLE_EVENT`) or the error's name. */
  error_code: string;
  error_message: string;
  /** How many times it failed: once when quarantined, plus each re-apply that failed again. */
  attempts: ColumnType<number, number | undefined, number>;
  quarantined_at: ColumnType<Date, Date | string | undefined, Date | string>;
  last_failed_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** One generation's tables. Queries get a handle already scoped to the active generation's schema. */
export interface ReadModels {
  checkpoint: CheckpointTable;
  journey_streams: JourneyStreamsTable;
  journey_events: JourneyEventsTable;
  journeys: JourneysTable;
  journey_aliases: JourneyAliasesTable;
  reviews: ReviewsTable;
  review_action_items: ReviewActionItemsTable;
  quarantined_events: QuarantinedEventsTable;
}

/** A transaction on one generation: what projections write through and queries read through. */
export type ReadModelTransaction = Transaction<ReadModels>;

export type Checkpoint = Selectable<CheckpointTable>;
export type JourneyRow = Selectable<JourneysTable>;
export type NewJourney = Insertable<JourneysTable>;
export type JourneyUpdate = Updateable<JourneysTable>;
export type JourneyEventRow = Selectable<JourneyEventsTable>;
export type NewJourneyEvent = Insertable<JourneyEventsTable>;
export type ReviewRow = Selectable<ReviewsTable>;
export type NewReview = Insertable<ReviewsTable>;
export type ReviewActionItemRow = Selectable<ReviewActionItemsTable>;
export type NewReviewActionItem = Insertable<ReviewActionItemsTable>;
export type QuarantinedEventRow = Selectable<QuarantinedEventsTable>;

/** The bookkeeping table in `public`: which generations exist for a schema prefix, and which one is live. */
export interface GenerationsTable {
  schema_prefix: string;
  generation: number;
  state: 'building' | 'active';
  created_at: Generated<Date>;
  activated_at: Date | null;
}

export interface ReadStoreCatalog {
  'public.read_store_generations': GenerationsTable;
}

/** JSON text for a jsonb column; bigints (positions, durations) become decimal strings. */
export function jsonb(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
}
