/**
 * Engine failures as EventStoreDB puts them on the wire: a gRPC status with the `exception` metadata the
 * client switches on (for unary and streaming calls), or a google.rpc.Status with a packed detail
 * message (for BatchAppend responses). One place, so every call reports a failure the same way.
 */
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { Code } from '@eventstore/db-client/generated/code_pb';
import {
  AccessDenied,
  MaximumAppendSizeExceeded,
  StreamDeleted,
  Timeout,
  Unknown,
  WrongExpectedVersion,
} from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as ProtobufEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import {
  AccessDeniedError,
  AppendDeadlineExceededError,
  EngineError,
  InvalidArgumentError,
  NotAuthenticatedError,
  MaximumAppendSizeExceededError,
  RequiredMetadataPropertyMissingError,
  StoreUnavailableError,
  StreamDeletedError,
  WrongExpectedVersionError,
} from '../engine/engine-errors';
import { StorageError } from '../storage/log-record';
import { streamIdentifier } from './protocol-messages';

/** EventStoreDB's numeric spellings of the expected-revision keywords, used in error metadata. */
const EXPECTED_VERSION_NUMBER = { any: -2n, no_stream: -1n, stream_exists: -4n } as const;

export function toServiceError(error: unknown): Partial<ServiceError> {
  const metadata = new Metadata();
  if (error instanceof WrongExpectedVersionError) {
    metadata.set('exception', 'wrong-expected-version');
    metadata.set('stream-name', error.streamName);
    const expected = error.expected.kind === 'exact' ? error.expected.revision : EXPECTED_VERSION_NUMBER[error.expected.kind];
    metadata.set('expected-version', expected.toString());
    if (error.currentRevision !== undefined) metadata.set('actual-version', error.currentRevision.toString());
    return { code: status.FAILED_PRECONDITION, details: error.message, metadata };
  }
  if (error instanceof StreamDeletedError) {
    metadata.set('exception', 'stream-deleted');
    metadata.set('stream-name', error.streamName);
    return { code: status.FAILED_PRECONDITION, details: error.message, metadata };
  }
  if (error instanceof MaximumAppendSizeExceededError) {
    metadata.set('exception', 'maximum-append-size-exceeded');
    metadata.set('maximum-append-size', error.maxAppendSize.toString());
    return { code: status.INVALID_ARGUMENT, details: error.message, metadata };
  }
  if (error instanceof RequiredMetadataPropertyMissingError) {
    metadata.set('exception', 'missing-required-metadata-property');
    metadata.set('required-metadata-properties', error.property);
    return { code: status.INVALID_ARGUMENT, details: error.message, metadata };
  }
  if (error instanceof AccessDeniedError) {
    metadata.set('exception', 'access-denied');
    return { code: status.PERMISSION_DENIED, details: error.message, metadata };
  }
  // EventStoreDB refuses bad credentials before the call reaches a service: HTTP 401, which is UNAUTHENTICATED.
  if (error instanceof NotAuthenticatedError) return { code: status.UNAUTHENTICATED, details: error.message, metadata };
  if (error instanceof AppendDeadlineExceededError) return { code: status.DEADLINE_EXCEEDED, details: error.message, metadata };
  if (error instanceof InvalidArgumentError) return { code: status.INVALID_ARGUMENT, details: error.message, metadata };
  if (error instanceof StoreUnavailableError) return { code: status.UNAVAILABLE, details: error.message, metadata };
  // A read that meets the log closing under it: the store is shutting down, as for an append.
  if (error instanceof StorageError && error.code === 'STORAGE.CLOSED') return { code: status.UNAVAILABLE, details: error.message, metadata };
  return { code: status.INTERNAL, details: error instanceof EngineError || error instanceof Error ? error.message : String(error), metadata };
}

/** BatchAppend answers failures in-band, as a google.rpc.Status carrying a typed detail. */
export function toBatchAppendStatus(error: unknown): Status {
  const result = new Status().setMessage(error instanceof Error ? error.message : String(error));
  if (error instanceof WrongExpectedVersionError) {
    const detail = new WrongExpectedVersion();
    if (error.currentRevision === undefined) detail.setCurrentNoStream(new ProtobufEmpty());
    else detail.setCurrentStreamRevision(error.currentRevision.toString());
    switch (error.expected.kind) {
      case 'any':
        detail.setExpectedAny(new ProtobufEmpty());
        break;
      case 'no_stream':
        detail.setExpectedNoStream(new ProtobufEmpty());
        break;
      case 'stream_exists':
        detail.setExpectedStreamExists(new ProtobufEmpty());
        break;
      case 'exact':
        detail.setExpectedStreamPosition(error.expected.revision.toString());
        break;
    }
    return result.setCode(Code.FAILED_PRECONDITION).setDetails(packed(detail.serializeBinary(), 'event_store.client.WrongExpectedVersion'));
  }
  if (error instanceof StreamDeletedError) {
    const detail = new StreamDeleted().setStreamIdentifier(streamIdentifier(error.streamName));
    return result.setCode(Code.FAILED_PRECONDITION).setDetails(packed(detail.serializeBinary(), 'event_store.client.StreamDeleted'));
  }
  if (error instanceof MaximumAppendSizeExceededError) {
    const detail = new MaximumAppendSizeExceeded().setMaxappendsize(error.maxAppendSize);
    return result.setCode(Code.INVALID_ARGUMENT).setDetails(packed(detail.serializeBinary(), 'event_store.client.MaximumAppendSizeExceeded'));
  }
  if (error instanceof AccessDeniedError) {
    return result.setCode(Code.PERMISSION_DENIED).setDetails(packed(new AccessDenied().serializeBinary(), 'event_store.client.AccessDenied'));
  }
  if (error instanceof AppendDeadlineExceededError) {
    return result.setCode(Code.DEADLINE_EXCEEDED).setDetails(packed(new Timeout().serializeBinary(), 'event_store.client.Timeout'));
  }
  const code = error instanceof InvalidArgumentError || error instanceof RequiredMetadataPropertyMissingError ? Code.INVALID_ARGUMENT : Code.UNKNOWN;
  return result.setCode(code).setDetails(packed(new Unknown().serializeBinary(), 'event_store.client.Unknown'));
}

function packed(serialized: Uint8Array, typeName: string): Any {
  const any = new Any();
  any.pack(serialized, typeName);
  return any;
}
