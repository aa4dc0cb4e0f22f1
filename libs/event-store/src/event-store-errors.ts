/**
 * Errors the event store raises in its own words, so callers never depend on the client's error
 * classes. Each carries a stable `code`; the GraphQL error formatter maps codes to the transport.
 */
import type { ExpectedRevision, StreamRevision } from './stream-revision';

/** Someone else appended to the stream since it was read. */
export class StreamConcurrencyConflictError extends Error {
  readonly code = 'EVENT_STORE.CONCURRENCY_CONFLICT';
  readonly category = 'concurrency';

  constructor(
    readonly streamName: string,
    readonly expectedRevision: ExpectedRevision,
    readonly actualRevision: StreamRevision,
    readonly attempts = 1,
  ) {
    super(
      `Stream ${streamName} was at revision ${String(actualRevision)}, expected ${String(expectedRevision)}` +
        (attempts > 1 ? ` (gave up after ${attempts} attempts)` : ''),
    );
    this.name = 'StreamConcurrencyConflictError';
  }
}

/** A stored event that Hindsight cannot read: not JSON, or without the metadata every event carries. */
export class UnreadableEventError extends Error {
  readonly code = 'EVENT_STORE.UNREADABLE_EVENT';
  readonly category = 'internal';

  constructor(
    readonly streamName: string,
    readonly revision: bigint,
    reason: string,
  ) {
    super(`Event ${revision} of stream ${streamName} is unreadable: ${reason}`);
    this.name = 'UnreadableEventError';
  }
}
