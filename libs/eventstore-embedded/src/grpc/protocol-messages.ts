/**
 * Translation between EventStoreDB's protobuf messages (the client's own generated classes, so both
 * ends agree byte for byte) and the engine's plain values.
 */
import { StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { InvalidArgumentError } from '../engine/engine-errors';
import type { ExpectedRevision } from '../engine/expected-revision';
import type { ProposedEvent } from '../engine/recorded-event';

export type UuidFormat = 'string' | 'structured';

interface ExpectedRevisionOptions {
  hasAny(): boolean;
  hasNoStream(): boolean;
  hasStreamExists(): boolean;
}

/** Append, Delete and Tombstone name the exact revision `revision`; BatchAppend names it `stream_position`. */
export function expectedRevisionOf(options: ExpectedRevisionOptions, exactRevision: () => string | undefined): ExpectedRevision {
  if (options.hasAny()) return { kind: 'any' };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  const revision = exactRevision();
  if (revision === undefined) throw new InvalidArgumentError('An expected revision is required.');
  return { kind: 'exact', revision: BigInt(revision) };
}

export function streamNameOf(identifier: StreamIdentifier | undefined): string {
  if (!identifier) throw new InvalidArgumentError('A stream identifier is required.');
  return Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
}

export function streamIdentifier(streamName: string): StreamIdentifier {
  return new StreamIdentifier().setStreamName(Buffer.from(streamName, 'utf8'));
}

interface ProposedMessage {
  getId(): UUID | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

export function proposedEventOf(message: ProposedMessage): ProposedEvent {
  const metadata = message.getMetadataMap();
  const id = uuidOf(message.getId());
  return {
    id,
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? '',
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
  };
}

export function uuidOf(uuid: UUID | undefined): string {
  if (!uuid) throw new InvalidArgumentError('An event id is required.');
  if (uuid.hasStructured()) {
    const structured = uuid.getStructured()!;
    const bytes = Buffer.alloc(16);
    bytes.writeBigInt64BE(BigInt(structured.getMostSignificantBits()), 0);
    bytes.writeBigInt64BE(BigInt(structured.getLeastSignificantBits()), 8);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  return uuid.getString();
}

