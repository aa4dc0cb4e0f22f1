/**
 * Counts the events (system events excluded) between a checkpoint and the head of `$all`. Positions
 * are byte offsets in the log, not event numbers, so the count comes from reading: exactly up to
 * `limit` events, and past that an estimate scaled from the bytes per event seen so far.
 */
import type { EventStore, LogPosition } from '@hindsight/event-store';

export interface EventsBehind {
  readonly events: number;
  /** False when `events` was scaled from a partial count. */
  readonly exact: boolean;
  /** When the oldest event not yet applied was recorded: the lag in time runs from there. */
  readonly oldestRecordedAt?: Date;
}

/** How long to wait for the next event before deciding there are no more (only the last events before the head were system events). */
const QUIET_MS = 200;

export async function countEventsBehind(
  eventStore: EventStore,
  checkpoint: LogPosition | undefined,
  head: LogPosition,
  limit: number,
): Promise<EventsBehind> {
  if (head.commit < 0n || (checkpoint && checkpoint.commit >= head.commit)) return { events: 0, exact: true };
  let events = 0;
  let oldestRecordedAt: Date | undefined;
  let lastCounted: LogPosition | undefined;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  let quiet = setTimeout(done, QUIET_MS * 5);
  // An unreadable event is still an event the projection has not dealt with yet.
  const count = async (event: { readonly position: LogPosition; readonly recordedAt: Date }) => {
    clearTimeout(quiet);
    if (event.position.commit > head.commit) return done();
    oldestRecordedAt ??= event.recordedAt;
    events++;
    lastCounted = event.position;
    if (event.position.commit >= head.commit || events >= limit) return done();
    quiet = setTimeout(done, QUIET_MS);
  };
  const subscription = eventStore.subscribeToAll({ fromPosition: checkpoint, onUnreadable: count }, count);
  await Promise.race([finished, subscription.finished]);
  clearTimeout(quiet);
  await subscription.stop();
  if (events < limit || !lastCounted) return { events, exact: true, oldestRecordedAt };
  const start = checkpoint?.commit ?? 0n;
  const counted = lastCounted.commit - start;
  const estimate = counted > 0n ? Number(((head.commit - start) * BigInt(events)) / counted) : events;
  return { events: Math.max(events, estimate), exact: lastCounted.commit >= head.commit, oldestRecordedAt };
}
