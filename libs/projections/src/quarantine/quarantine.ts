/**
 * The quarantine: events a projection set aside because they cannot be applied for a reason that will
 * not go away (see failure-classification.ts), kept in the generation they belong to with their `$all`
 * position, stream, type, id and error, so the projection moves on and someone can apply them again
 * after a fix (`reapplyQuarantined`). Written in the transaction that moves the projection's
 * checkpoint past the event, so an event is either applied, quarantined, or still ahead: never lost.
 *
 * Texts are stored printable: what broke the projection may be a NUL byte or a lone surrogate in the
 * stream name, and the database cannot hold those either.
 */
import { sql } from 'kysely';
import type { LogPosition } from '@hindsight/event-store';
import type { ReadModelTransaction } from '@hindsight/read-store';
import { failureCode, failureMessage } from './failure-classification';

/** What identifies an event in a quarantine row. */
export interface QuarantineSubject {
  readonly id: string;
  readonly streamName: string;
  readonly type: string;
  readonly position: LogPosition;
}

export interface QuarantinedEvent {
  readonly projection: string;
  readonly position: LogPosition;
  readonly eventId: string;
  /** Printable: control characters and lone surrogates written as `\uXXXX`. */
  readonly streamName: string;
  readonly eventType: string;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly attempts: number;
  readonly quarantinedAt: Date;
  readonly lastFailedAt: Date;
}

export interface QuarantineSummary {
  readonly count: number;
  /** The error of the most recently failed event, when there is one. */
  readonly lastError?: string;
}

/** Sets the event aside for `projection`; quarantined again, it keeps its first date and counts the attempt. */
export async function quarantineEvent(
  trx: ReadModelTransaction,
  projection: string,
  subject: QuarantineSubject,
  error: unknown,
  attempts = 1,
): Promise<void> {
  await trx
    .insertInto('quarantined_events')
    .values({
      projection,
      commit_position: subject.position.commit,
      prepare_position: subject.position.prepare,
      event_id: printable(subject.id),
      stream_name: printable(subject.streamName),
      event_type: printable(subject.type),
      error_code: printable(failureCode(error)),
      error_message: printable(failureMessage(error)),
      attempts,
    })
    .onConflict((conflict) =>
      conflict.columns(['projection', 'commit_position', 'prepare_position']).doUpdateSet((excluded) => ({
        error_code: excluded.ref('excluded.error_code'),
        error_message: excluded.ref('excluded.error_message'),
        attempts: sql<number>`quarantined_events.attempts + excluded.attempts`,
        last_failed_at: sql<Date>`now()`,
      })),
    )
    .execute();
}

/** Records that re-applying it failed again, with the new error. */
export async function recordFailedAgain(trx: ReadModelTransaction, entry: QuarantinedEvent, error: unknown): Promise<void> {
  await quarantineEvent(trx, entry.projection, { ...entry, id: entry.eventId, type: entry.eventType }, error);
}

export async function releaseFromQuarantine(trx: ReadModelTransaction, projection: string, position: LogPosition): Promise<void> {
  await trx
    .deleteFrom('quarantined_events')
    .where('projection', '=', projection)
    .where('commit_position', '=', position.commit)
    .where('prepare_position', '=', position.prepare)
    .execute();
}

/** In `$all` order; all projections' unless one is named. */
export async function listQuarantined(
  trx: ReadModelTransaction,
  options: { readonly projection?: string; readonly limit?: number } = {},
): Promise<QuarantinedEvent[]> {
  let query = trx.selectFrom('quarantined_events').selectAll().orderBy('commit_position').orderBy('prepare_position').orderBy('projection');
  if (options.projection !== undefined) query = query.where('projection', '=', options.projection);
  if (options.limit !== undefined) query = query.limit(options.limit);
  const rows = await query.execute();
  return rows.map((row) => ({
    projection: row.projection,
    position: { commit: row.commit_position, prepare: row.prepare_position },
    eventId: row.event_id,
    streamName: row.stream_name,
    eventType: row.event_type,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    attempts: row.attempts,
    quarantinedAt: row.quarantined_at,
    lastFailedAt: row.last_failed_at,
  }));
}

/** How many events the projection has in quarantine, and the latest error. */
export async function summarizeQuarantine(trx: ReadModelTransaction, projection: string): Promise<QuarantineSummary> {
  const counted = await trx
    .selectFrom('quarantined_events')
    .select((eb) => eb.fn.countAll<bigint>().as('count'))
    .where('projection', '=', projection)
    .executeTakeFirst();
  const count = Number(counted?.count ?? 0);
  if (count === 0) return { count };
  const latest = await trx
    .selectFrom('quarantined_events')
    .select(['error_code', 'error_message'])
    .where('projection', '=', projection)
    .orderBy('last_failed_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return { count, lastError: latest && `${latest.error_code}: ${latest.error_message}` };
}

/** C0 controls, DEL, and surrogates without their other half. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Control characters and lone surrogates as `\uXXXX`: text any database and terminal can hold. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) =>
    `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
