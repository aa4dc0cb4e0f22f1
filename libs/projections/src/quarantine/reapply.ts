/**
 * Applies quarantined events again, after whatever kept them out was fixed (an upcaster added, a
 * projection's bug fixed): each is read again from the event store at its position (so a new upcaster
 * takes effect), applied by its projection to the active generation, and released from quarantine in
 * the same transaction. One that still fails stays, with its new error and one more attempt.
 *
 * Each event takes its projection's checkpoint row lock first, as every batch of a live runner does,
 * so a re-apply and a live projector beside it never write the same journey at once.
 *
 * A re-applied event comes after events that followed it in `$all`: fine for a projection whose
 * result does not depend on the order (journeys fold from all their facts); the review projection
 * applies a review's events in stream order and skips one older than what it already applied, so for
 * reviews a rebuild after the fix is the faithful way back.
 */
import { isUnreadable, type EventStore } from '@hindsight/event-store';
import { readCheckpoint, type ReadStore } from '@hindsight/read-store';
import { notifyCommitted } from '../committed-notifications';
import type { Projection } from '../projection';
import { classifyFailure } from './failure-classification';
import { listQuarantined, recordFailedAgain, releaseFromQuarantine, type QuarantinedEvent } from './quarantine';

export interface ReapplyOptions {
  readonly projections: readonly Projection[];
  /** Only this projection's quarantine; every projection's when omitted. */
  readonly projection?: string;
  /** Told of each event as it is done. */
  readonly onResult?: (result: ReapplyResult) => void;
}

export interface ReapplyResult {
  readonly entry: QuarantinedEvent;
  /** `applied`: released from quarantine; `failed`: still there, with `error`. */
  readonly outcome: 'applied' | 'failed';
  readonly error?: string;
}

/** The event store has no event at a quarantined position any more (its stream was deleted and scavenged). */
export class QuarantinedEventGoneError extends Error {
  readonly code = 'PROJECTION.QUARANTINED_EVENT_GONE';

  constructor(entry: QuarantinedEvent) {
    super(`The event store has no event at ${entry.position.commit}/${entry.position.prepare} any more`);
    this.name = 'QuarantinedEventGoneError';
  }
}

/**
 * Re-applies, oldest first. A transient failure (a store away) stops it with that error: what was
 * done stays done, the rest stays in quarantine for the next run.
 */
export async function reapplyQuarantined(eventStore: EventStore, readStore: ReadStore, options: ReapplyOptions): Promise<ReapplyResult[]> {
  const projections = options.projections.filter((projection) => options.projection === undefined || projection.name === options.projection);
  if (projections.length === 0) {
    throw new Error(`No projection is named "${options.projection}"; the projections are ${options.projections.map((projection) => projection.name).join(', ')}`);
  }
  const results: ReapplyResult[] = [];
  for (const projection of projections) {
    const entries = await readStore.read((trx) => listQuarantined(trx, { projection: projection.name }));
    for (const entry of entries) {
      const result = await reapplyOne(eventStore, readStore, projection, entry);
      results.push(result);
      options.onResult?.(result);
    }
  }
  return results;
}

async function reapplyOne(eventStore: EventStore, readStore: ReadStore, projection: Projection, entry: QuarantinedEvent): Promise<ReapplyResult> {
  const delivery = await eventStore.readEventAt(entry.position);
  try {
    if (!delivery) throw new QuarantinedEventGoneError(entry);
    if (isUnreadable(delivery)) throw delivery.unreadable;
    await readStore.transaction(async (trx, generation) => {
      await readCheckpoint(trx, projection.name, { lock: true });
      const touched = [...new Set((await projection.apply(trx, [delivery])) ?? [])];
      await releaseFromQuarantine(trx, projection.name, entry.position);
      if (readStore.kind === 'postgres' && touched.length > 0) await notifyCommitted(trx, { projection: projection.name, generation: generation.number, touched });
    });
    return { entry, outcome: 'applied' };
  } catch (error) {
    if (classifyFailure(error) === 'transient') throw error;
    await readStore.transaction((trx) => recordFailedAgain(trx, entry, error));
    return { entry, outcome: 'failed', error: error instanceof Error ? error.message : String(error) };
  }
}
