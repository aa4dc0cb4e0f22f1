/**
 * Encodes the one message a read sends per event, `ReadResp{ event: ReadEvent }`, straight from the
 * stored record into protobuf bytes. It is the hottest path of reads and subscriptions: building
 * google-protobuf objects first costs several times more than the bytes themselves, and so does
 * assembling the message from many small chunks. So it measures every field first, then writes the
 * whole message into one buffer, outermost field first.
 *
 * Field numbers are EventStoreDB's streams.proto / shared.proto; a unit test decodes the output with
 * the client's own generated classes to keep the two in step.
 */
import type { RecordedEvent } from '../engine/recorded-event';
import type { UuidFormat } from './protocol-messages';

const VARINT = 0;
const LENGTH_DELIMITED = 2;
/** Every tag used here is a field number below 16 with its wire type: one byte. */
const TAG_BYTES = 1;
const UUID_STRING_BYTES = 36;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

// ReadResp.event = 1; ReadEvent.event = 1, .link = 2, .commit_position = 3.
const READ_RESP_EVENT = tag(1, LENGTH_DELIMITED);
const READ_EVENT_EVENT = tag(1, LENGTH_DELIMITED);
const READ_EVENT_LINK = tag(2, LENGTH_DELIMITED);
const READ_EVENT_COMMIT_POSITION = tag(3, VARINT);
// RecordedEvent: id = 1, stream_identifier = 2, stream_revision = 3, prepare_position = 4,
// commit_position = 5, metadata = 6 (map<string, string>), custom_metadata = 7, data = 8.
const RECORDED_ID = tag(1, LENGTH_DELIMITED);
const RECORDED_STREAM = tag(2, LENGTH_DELIMITED);
const RECORDED_REVISION = tag(3, VARINT);
const RECORDED_PREPARE = tag(4, VARINT);
const RECORDED_COMMIT = tag(5, VARINT);
const RECORDED_METADATA_ENTRY = tag(6, LENGTH_DELIMITED);
const RECORDED_CUSTOM_METADATA = tag(7, LENGTH_DELIMITED);
const RECORDED_DATA = tag(8, LENGTH_DELIMITED);
const MAP_KEY = tag(1, LENGTH_DELIMITED);
const MAP_VALUE = tag(2, LENGTH_DELIMITED);
// StreamIdentifier.stream_name = 3; UUID.structured = 1, .string = 2; Structured: most = 1, least = 2.
const STREAM_NAME = tag(3, LENGTH_DELIMITED);
const UUID_STRUCTURED = tag(1, LENGTH_DELIMITED);
const UUID_STRING = tag(2, LENGTH_DELIMITED);
const STRUCTURED_MOST = tag(1, VARINT);
const STRUCTURED_LEAST = tag(2, VARINT);

const TYPE_KEY = 'type';
const CONTENT_TYPE_KEY = 'content-type';
const CREATED_KEY = 'created';

/** What `recordedEvent` writes, measured once for the size of every enclosing field. */
interface Measured {
  event: RecordedEvent;
  streamNameBytes: number;
  typeBytes: number;
  contentTypeBytes: number;
  created: string;
  /** The UUID message; for a structured one, also its Structured message. */
  idBytes: number;
  structuredBytes: number;
  most: bigint;
  least: bigint;
  /** The RecordedEvent message, without its own tag and length. */
  length: number;
}

export function encodeReadEventResponse(event: RecordedEvent, link: RecordedEvent | undefined, format: UuidFormat): Buffer {
  const main = link === event ? undefined : measure(event, format);
  const linked = link ? measure(link, format) : undefined;
  const readEventLength =
    (main ? fieldSize(main.length) : 0) + (linked ? fieldSize(linked.length) : 0) + TAG_BYTES + varintSize((link ?? event).position);
  const bytes = Buffer.allocUnsafe(fieldSize(readEventLength));
  let offset = writeTagAndLength(bytes, 0, READ_RESP_EVENT, readEventLength);
  // The link first, then the event it points to, as EventStoreDB sends them.
  if (linked) offset = writeRecordedEvent(bytes, offset, READ_EVENT_LINK, linked, format);
  if (main) offset = writeRecordedEvent(bytes, offset, READ_EVENT_EVENT, main, format);
  bytes[offset++] = READ_EVENT_COMMIT_POSITION;
  offset = writeVarint(bytes, offset, (link ?? event).position);
  if (offset !== bytes.length) throw new Error(`ReadResp encoded to ${offset} bytes, measured ${bytes.length}`);
  return bytes;
}

function measure(event: RecordedEvent, format: UuidFormat): Measured {
  const streamNameBytes = Buffer.byteLength(event.streamName, 'utf8');
  const typeBytes = Buffer.byteLength(event.type, 'utf8');
  const contentTypeBytes = Buffer.byteLength(event.contentType, 'utf8');
  const created = event.created.toString();
  let idBytes: number;
  let structuredBytes = 0;
  let most = 0n;
  let least = 0n;
  if (format === 'string') {
    idBytes = fieldSize(UUID_STRING_BYTES);
  } else {
    const hex = event.id.replace(/-/g, '');
    most = BigInt.asUintN(64, BigInt(`0x${hex.slice(0, 16)}`));
    least = BigInt.asUintN(64, BigInt(`0x${hex.slice(16)}`));
    structuredBytes = TAG_BYTES + varintSize(most) + TAG_BYTES + varintSize(least);
    idBytes = fieldSize(structuredBytes);
  }
  let length =
    fieldSize(idBytes) +
    fieldSize(fieldSize(streamNameBytes)) +
    TAG_BYTES + varintSize(event.revision) +
    2 * (TAG_BYTES + varintSize(event.position)) +
    fieldSize(mapEntrySize(TYPE_KEY.length, typeBytes)) +
    fieldSize(mapEntrySize(CONTENT_TYPE_KEY.length, contentTypeBytes)) +
    fieldSize(mapEntrySize(CREATED_KEY.length, created.length));
  if (event.metadata.length > 0) length += fieldSize(event.metadata.length);
  if (event.data.length > 0) length += fieldSize(event.data.length);
  return { event, streamNameBytes, typeBytes, contentTypeBytes, created, idBytes, structuredBytes, most, least, length };
}

function writeRecordedEvent(bytes: Buffer, offset: number, fieldTag: number, measured: Measured, format: UuidFormat): number {
  const { event } = measured;
  offset = writeTagAndLength(bytes, offset, fieldTag, measured.length);
  offset = writeTagAndLength(bytes, offset, RECORDED_ID, measured.idBytes);
  if (format === 'string') {
    offset = writeTagAndLength(bytes, offset, UUID_STRING, UUID_STRING_BYTES);
    offset += bytes.write(event.id, offset, UUID_STRING_BYTES, 'latin1');
  } else {
    offset = writeTagAndLength(bytes, offset, UUID_STRUCTURED, measured.structuredBytes);
    bytes[offset++] = STRUCTURED_MOST;
    offset = writeVarint(bytes, offset, measured.most);
    bytes[offset++] = STRUCTURED_LEAST;
    offset = writeVarint(bytes, offset, measured.least);
  }
  offset = writeTagAndLength(bytes, offset, RECORDED_STREAM, fieldSize(measured.streamNameBytes));
  offset = writeTagAndLength(bytes, offset, STREAM_NAME, measured.streamNameBytes);
  offset += bytes.write(event.streamName, offset, measured.streamNameBytes, 'utf8');
  bytes[offset++] = RECORDED_REVISION;
  offset = writeVarint(bytes, offset, event.revision);
  bytes[offset++] = RECORDED_PREPARE;
  offset = writeVarint(bytes, offset, event.position);
  bytes[offset++] = RECORDED_COMMIT;
  offset = writeVarint(bytes, offset, event.position);
  offset = writeMapEntry(bytes, offset, TYPE_KEY, event.type, measured.typeBytes);
  offset = writeMapEntry(bytes, offset, CONTENT_TYPE_KEY, event.contentType, measured.contentTypeBytes);
  offset = writeMapEntry(bytes, offset, CREATED_KEY, measured.created, measured.created.length);
  if (event.metadata.length > 0) offset = writeBytes(bytes, offset, RECORDED_CUSTOM_METADATA, event.metadata);
  if (event.data.length > 0) offset = writeBytes(bytes, offset, RECORDED_DATA, event.data);
  return offset;
}

/** Keys are ASCII; `valueBytes` is the value's utf8 length. */
function writeMapEntry(bytes: Buffer, offset: number, key: string, value: string, valueBytes: number): number {
  offset = writeTagAndLength(bytes, offset, RECORDED_METADATA_ENTRY, mapEntrySize(key.length, valueBytes));
  offset = writeTagAndLength(bytes, offset, MAP_KEY, key.length);
  offset += bytes.write(key, offset, key.length, 'latin1');
  offset = writeTagAndLength(bytes, offset, MAP_VALUE, valueBytes);
  offset += bytes.write(value, offset, valueBytes, 'utf8');
  return offset;
}

function writeBytes(bytes: Buffer, offset: number, fieldTag: number, value: Uint8Array): number {
  offset = writeTagAndLength(bytes, offset, fieldTag, value.length);
  bytes.set(value, offset);
  return offset + value.length;
}

function writeTagAndLength(bytes: Buffer, offset: number, fieldTag: number, length: number): number {
  bytes[offset] = fieldTag;
  return writeVarint(bytes, offset + 1, length);
}

function mapEntrySize(keyBytes: number, valueBytes: number): number {
  return fieldSize(keyBytes) + fieldSize(valueBytes);
}

/** A length-delimited field holding `length` bytes: tag, length varint, the bytes. */
function fieldSize(length: number): number {
  return TAG_BYTES + varintSize(length) + length;
}

function tag(field: number, wireType: number): number {
  return (field << 3) | wireType;
}

/** Plain number arithmetic below 2^53 (every position and revision but a tombstone's); bigint above. */
function varintSize(value: bigint | number): number {
  if (typeof value === 'bigint') {
    if (value > MAX_SAFE) {
      let size = 1;
      while (value >= 128n) {
        value >>= 7n;
        size++;
      }
      return size;
    }
    value = Number(value);
  }
  let size = 1;
  while (value >= 128) {
    value = Math.floor(value / 128);
    size++;
  }
  return size;
}

function writeVarint(bytes: Buffer, offset: number, value: bigint | number): number {
  if (typeof value === 'bigint') {
    if (value > MAX_SAFE) {
      while (value >= 128n) {
        bytes[offset++] = Number(value & 127n) | 128;
        value >>= 7n;
      }
      bytes[offset++] = Number(value);
      return offset;
    }
    value = Number(value);
  }
  while (value >= 128) {
    bytes[offset++] = (value % 128) | 128;
    value = Math.floor(value / 128);
  }
  bytes[offset++] = value;
  return offset;
}
