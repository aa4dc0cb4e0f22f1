/**
 * Errors the event store raises in its own words, so callers never depend on the client's error
 * classes. Each is a member of the one error hierarchy (`@hindsight/domain`'s HindsightError), with a
 * stable code and a category; only the GraphQL edge maps them to the transport.
 */
import { ConcurrencyError, IllegalStateError, InternalError, UnavailableError, ValidationError } from '@hindsight/domain';
import type { ExpectedRevision, StreamRevision } from './stream-revision';

/** Someone else appended to the stream since it was read. */
export class StreamConcurrencyConflictError extends ConcurrencyError {
  constructor(
    readonly streamName: string,
    readonly expectedRevision: ExpectedRevision,
    readonly actualRevision: StreamRevision,
    readonly attempts = 1,
  ) {
    super(
      'EVENT_STORE.CONCURRENCY_CONFLICT',
      `Stream ${streamName} was at revision ${String(actualRevision)}, expected ${String(expectedRevision)}` +
        (attempts > 1 ? ` (gave up after ${attempts} attempts)` : ''),
    );
  }
}

/** A stored event that Hindsight cannot read: not JSON, or without the metadata every event carries. */
export class UnreadableEventError extends InternalError {
  constructor(
    readonly streamName: string,
    readonly revision: bigint,
    reason: string,
  ) {
    super('EVENT_STORE.UNREADABLE_EVENT', `Event ${revision} of stream ${streamName} is unreadable: ${reason}`);
  }
}

/** The events of one append are more than the store accepts in one go (EventStoreDB's maxAppendSize). */
export class AppendTooLargeError extends ValidationError {
  constructor(
    readonly streamName: string,
    readonly maxAppendSize: number,
  ) {
    super('EVENT_STORE.APPEND_TOO_LARGE', `The events for ${streamName} exceed the store's limit of ${maxAppendSize} bytes per append`);
  }
}

/** The stream was tombstoned: it can never be written again. */
export class StreamDeletedError extends IllegalStateError {
  constructor(readonly streamName: string) {
    super('EVENT_STORE.STREAM_DELETED', `Stream ${streamName} has been deleted for good`);
  }
}

/** The store did not answer (stopped, restarting, unreachable). Nothing was written; retrying may succeed. */
export class EventStoreUnavailableError extends UnavailableError {
  constructor(reason: string) {
    super('EVENT_STORE.UNAVAILABLE', `The event store is unavailable: ${reason}`);
  }
}

/**
 * The store did not answer within the deadline. Unlike UNAVAILABLE, an append may or may not have
 * been stored: retry with the same event ids (recordEvents does), so a retry cannot store it twice.
 */
export class EventStoreTimeoutError extends UnavailableError {
  constructor(what: string, deadlineMs?: number) {
    super('EVENT_STORE.TIMEOUT', `The event store did not answer ${what} ${deadlineMs === undefined ? 'in time' : `within ${deadlineMs} ms`}`);
  }
}
