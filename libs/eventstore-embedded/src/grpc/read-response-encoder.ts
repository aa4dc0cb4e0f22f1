/**
 * Encodes the one message a read sends per event, `ReadResp{ event: ReadEvent }`, straight from the
 * stored record into protobuf bytes. It is the hottest path of reads and subscriptions, and building
 * google-protobuf objects first costs several times more than the bytes themselves.
 *
 * Field numbers are EventStoreDB's streams.proto / shared.proto; a unit test decodes the output with
 * the client's own generated classes to keep the two in step.
 */
import type { RecordedEvent } from '../engine/recorded-event';
import type { UuidFormat } from './protocol-messages';

const VARINT = 0;
const LENGTH_DELIMITED = 2;

export function encodeReadEventResponse(event: RecordedEvent, link: RecordedEvent | undefined, format: UuidFormat): Buffer {
  const readEvent = new ProtoWriter();
  if (link) {
    readEvent.message(2, recordedEvent(link, format));
    if (link !== event) readEvent.message(1, recordedEvent(event, format));
  } else {
    readEvent.message(1, recordedEvent(event, format));
  }
  readEvent.uint64(3, (link ?? event).position);
  return new ProtoWriter().message(1, readEvent).toBuffer();
}

function recordedEvent(event: RecordedEvent, format: UuidFormat): ProtoWriter {
  const writer = new ProtoWriter()
    .message(1, uuid(event.id, format))
    .message(2, new ProtoWriter().bytes(3, Buffer.from(event.streamName, 'utf8')))
    .uint64(3, event.revision)
    .uint64(4, event.position)
    .uint64(5, event.position)
    .message(6, mapEntry('type', event.type))
    .message(6, mapEntry('content-type', event.contentType))
    .message(6, mapEntry('created', event.created.toString()));
  if (event.metadata.length > 0) writer.bytes(7, event.metadata);
  if (event.data.length > 0) writer.bytes(8, event.data);
  return writer;
}

function uuid(id: string, format: UuidFormat): ProtoWriter {
  if (format === 'string') return new ProtoWriter().bytes(2, Buffer.from(id, 'latin1'));
  const bytes = Buffer.from(id.replace(/-/g, ''), 'hex');
  const structured = new ProtoWriter().int64(1, bytes.readBigInt64BE(0)).int64(2, bytes.readBigInt64BE(8));
  return new ProtoWriter().message(1, structured);
}

function mapEntry(key: string, value: string): ProtoWriter {
  return new ProtoWriter().bytes(1, Buffer.from(key, 'utf8')).bytes(2, Buffer.from(value, 'utf8'));
}

/** A tiny protobuf writer: collects chunks, knows its encoded length, concatenates once at the end. */
class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  length = 0;

  uint64(field: number, value: bigint): this {
    return this.push(varint(tag(field, VARINT))).push(varint(value));
  }

  /** int64 fields carry negative values as their 64-bit two's complement. */
  int64(field: number, value: bigint): this {
    return this.uint64(field, BigInt.asUintN(64, value));
  }

  bytes(field: number, value: Uint8Array): this {
    return this.push(varint(tag(field, LENGTH_DELIMITED))).push(varint(value.length)).push(value);
  }

  message(field: number, nested: ProtoWriter): this {
    this.push(varint(tag(field, LENGTH_DELIMITED))).push(varint(nested.length));
    for (const chunk of nested.chunks) this.push(chunk);
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }

  private push(chunk: Uint8Array): this {
    this.chunks.push(chunk);
    this.length += chunk.length;
    return this;
  }
}

function tag(field: number, wireType: number): number {
  return (field << 3) | wireType;
}

const smallVarints = Array.from({ length: 128 }, (_, value) => Uint8Array.of(value));
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Plain number arithmetic below 2^53 (every position and revision but a tombstone's); bigint above. */
function varint(value: bigint | number): Uint8Array {
  if (typeof value === 'bigint') {
    if (value > MAX_SAFE) return bigVarint(value);
    value = Number(value);
  }
  if (value < 128) return smallVarints[value];
  const bytes: number[] = [];
  while (value >= 128) {
    bytes.push((value % 128) | 128);
    value = Math.floor(value / 128);
  }
  bytes.push(value);
  return Uint8Array.from(bytes);
}

function bigVarint(value: bigint): Uint8Array {
  const bytes: number[] = [];
  while (value >= 128n) {
    bytes.push(Number(value & 127n) | 128);
    value >>= 7n;
  }
  bytes.push(Number(value));
  return Uint8Array.from(bytes);
}
