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

/** The events of one append are more than the store accepts in one go (EventStoreDB's maxAppendSize). */
export class AppendTooLargeError extends Error {
  readonly code = 'EVENT_STORE.APPEND_TOO_LARGE';
  readonly category = 'validation';

  constructor(
    readonly streamName: string,
    readonly maxAppendSize: number,
  ) {
    super(`The events for ${streamName} exceed the store's limit of ${maxAppendSize} bytes per append`);
    this.name = 'AppendTooLargeError';
  }
}

/** The stream was tombstoned: it can never be written again. */
export class StreamDeletedError extends Error {
  readonly code = 'EVENT_STORE.STREAM_DELETED';
  readonly category = 'illegal_state';

  constructor(readonly streamName: string) {
    super(`Stream ${streamName} has been deleted for good`);
    this.name = 'StreamDeletedError';
  }
}

/** The store did not answer (stopped, restarting, unreachable). Nothing was written; retrying may succeed. */
export class EventStoreUnavailableError extends Error {
  readonly code = 'EVENT_STORE.UNAVAILABLE';
  readonly category = 'unavailable';

  constructor(reason: string) {
    super(`The event store is unavailable: ${reason}`);
    this.name = 'EventStoreUnavailableError';
  }
}

/**
 * The store did not answer within the deadline. Unlike UNAVAILABLE, an append may or may not have
 * been stored: retry with the same event ids (recordEvents does), so a retry cannot store it twice.
 */
export class EventStoreTimeoutError extends Error {
  readonly code = 'EVENT_STORE.TIMEOUT';
  readonly category = 'unavailable';

  constructor(what: string, deadlineMs?: number) {
    super(`The event store did not answer ${what} ${deadlineMs === undefined ? 'in time' : `within ${deadlineMs} ms`}`);
    this.name = 'EventStoreTimeoutError';
  }
}
