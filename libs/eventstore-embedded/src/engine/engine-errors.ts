/**
 * The failures the engine reports, shaped after EventStoreDB's own so the gRPC layer can
 * translate each to exactly what a real server would send.
 */
import type { ExpectedRevision } from './expected-revision';

export abstract class EngineError extends Error {}

export class WrongExpectedVersionError extends EngineError {
  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
    /** The stream's last revision, or undefined when it has none (`no_stream`). */
    readonly currentRevision: bigint | undefined,
  ) {
    super(
      `Append failed due to WrongExpectedVersion. Stream: ${streamName}, Expected version: ${describeExpected(expected)}, Actual version: ${currentRevision ?? -1}`,
    );
  }
}

export class StreamDeletedError extends EngineError {
  constructor(readonly streamName: string) {
    super(`Event stream '${streamName}' is deleted.`);
  }
}

export class MaximumAppendSizeExceededError extends EngineError {
  constructor(readonly maxAppendSize: number) {
    super(`Maximum Append Size of ${maxAppendSize} Exceeded.`);
  }
}

export class RequiredMetadataPropertyMissingError extends EngineError {
  constructor(readonly property: string) {
    super(`Required Metadata Property '${property}' is missing`);
  }
}

export class InvalidArgumentError extends EngineError {}

/** The caller is known, or anonymous, and may not do this to this stream. */
export class AccessDeniedError extends EngineError {
  constructor() {
    super('Access Denied');
  }
}

/** The call carried credentials that do not match a user. */
export class NotAuthenticatedError extends EngineError {
  constructor() {
    super('Bad username or password');
  }
}

/** The caller's deadline passed before the append was durable: it may or may not have been written. */
export class AppendDeadlineExceededError extends EngineError {
  constructor() {
    super('Deadline Exceeded');
  }
}

/** The store can no longer guarantee durability (a write or fsync failed); it must be restarted. */
export class StoreUnavailableError extends EngineError {}

function describeExpected(expected: ExpectedRevision): string {
  return expected.kind === 'exact' ? expected.revision.toString() : expected.kind;
}
