/**
 * Catch-up-then-live subscriptions as pull-based async generators. Catch-up and live are one code path:
 * the feed always reads the durable index after its cursor, and only waits for a commit signal when it
 * has nothing left. So there is no seam to lose or repeat an event at, and a slow consumer costs the
 * server nothing but a cursor: it simply reads further behind, from disk, and writers never wait for it.
 */
import type { EventStoreEngine } from './event-store-engine';
import type { EventFilter } from './event-filter';
import type { RecordedEvent } from './recorded-event';

export type SubscriptionMessage =
  | { kind: 'event'; event: RecordedEvent }
  | { kind: 'checkpoint'; position: bigint }
  | { kind: 'caught-up' }
  | { kind: 'fell-behind' };

/** A live subscriber that finds a full block waiting has fallen behind and is catching up again. */
const BLOCK_SIZE = 512;

export interface AllSubscriptionOptions {
  from: 'start' | 'end' | bigint;
  filter?: EventFilter;
  /** Send a checkpoint after this many events were examined (filtered subscriptions only). */
  checkpointInterval: number;
  signal: AbortSignal;
}

export async function* subscribeToAll(engine: EventStoreEngine, options: AllSubscriptionOptions): AsyncGenerator<SubscriptionMessage> {
  const { filter, checkpointInterval, signal } = options;
  let after = options.from === 'start' ? undefined : options.from === 'end' ? engine.headPosition : options.from;
  let examinedSinceCheckpoint = 0;
  const tracker = new LiveTracker();
  while (!signal.aborted && !engine.isClosed) {
    const nextCommit = engine.nextCommit();
    const block = engine.readAllAfter(after, BLOCK_SIZE);
    const transition = tracker.observe(block.length);
    if (transition) yield transition;
    if (block.length === 0) {
      await untilCommitOrAbort(nextCommit, signal);
      continue;
    }
    for (const event of block) {
      after = event.position;
      if (!filter || filter.matches(event.streamName, event.type)) yield { kind: 'event', event };
      if (filter && ++examinedSinceCheckpoint >= checkpointInterval) {
        examinedSinceCheckpoint = 0;
        yield { kind: 'checkpoint', position: event.position };
      }
      if (signal.aborted) return;
    }
  }
}

export interface StreamSubscriptionOptions {
  from: 'start' | 'end' | bigint;
  signal: AbortSignal;
}

export async function* subscribeToStream(
  engine: EventStoreEngine,
  streamName: string,
  options: StreamSubscriptionOptions,
): AsyncGenerator<SubscriptionMessage> {
  const { signal } = options;
  let after = options.from === 'start' ? -1 : options.from === 'end' ? engine.lastStreamRevision(streamName) : Number(options.from);
  const tracker = new LiveTracker();
  while (!signal.aborted && !engine.isClosed) {
    const nextCommit = engine.nextCommit();
    const block = engine.readStreamAfter(streamName, after, BLOCK_SIZE);
    const transition = tracker.observe(block.length);
    if (transition) yield transition;
    if (block.length === 0) {
      await untilCommitOrAbort(nextCommit, signal);
      continue;
    }
    for (const event of block) {
      after = Number(event.revision);
      yield { kind: 'event', event };
      if (signal.aborted) return;
    }
  }
}

/** Tells when a subscription reaches the head (caught up) and when a live one falls a full block behind. */
class LiveTracker {
  private live = false;

  observe(waiting: number): SubscriptionMessage | undefined {
    if (!this.live && waiting === 0) {
      this.live = true;
      return { kind: 'caught-up' };
    }
    if (this.live && waiting === BLOCK_SIZE) {
      this.live = false;
      return { kind: 'fell-behind' };
    }
    return undefined;
  }
}

function untilCommitOrAbort(nextCommit: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const onAbort = () => resolve();
    signal.addEventListener('abort', onAbort, { once: true });
    void nextCommit.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}
