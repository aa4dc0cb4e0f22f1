/**
 * One event as the log stores it, and the binary codec between the two.
 *
 * Frame (little-endian): [u32 body length][u32 crc32 of body][body]. Body:
 *   u8        flags           bit 0: last record of its transaction (the commit marker)
 *                             bit 1: content type application/json (clear: application/octet-stream)
 *   16 bytes  event id        the uuid's bytes
 *   u64       revision
 *   i64       created         .NET ticks (100 ns) since the Unix epoch
 *   u64       batch position  where the write batch holding this record starts; recovery uses it to
 *                             tell an interrupted final write from damage to older, fsynced data
 *   u32 × 4                   byte lengths of stream name, type, data, metadata
 *   then                      stream name (utf8), type (utf8), data, metadata
 *
 * Every byte written here is kept forever. Never change what a field or flag bit means: a new shape
 * takes a new flag bit (decoders refuse bits they do not know) or a new file.
 */
import { crc32 } from 'node:zlib';

export interface LogRecord {
  /** Event uuid, canonical lowercase; stored as its 16 bytes. */
  id: string;
  streamName: string;
  /** 0..2^63-1; a tombstone uses 2^63-1. */
  revision: bigint;
  type: string;
  /** 'application/json' or 'application/octet-stream' (stored as a flag bit; anything else is refused). */
  contentType: string;
  /** .NET ticks (100 ns) since the Unix epoch. */
  created: bigint;
  data: Uint8Array;
  metadata: Uint8Array;
}

export interface StoredRecord extends LogRecord {
  /** Byte offset of the record in the log; strictly increasing along the log. */
  position: bigint;
}

export type StorageErrorCode =
  /** A record cannot be stored as given (malformed id, revision out of range, too large...). */
  | 'STORAGE.INVALID_RECORD'
  /** A position that holds no readable record, or a start position that does not match the log. */
  | 'STORAGE.INVALID_POSITION'
  /** Bytes that were durable no longer read back: the store refuses to guess. */
  | 'STORAGE.CORRUPTED'
  /** Another process, or another EventLog in this one, has the log open. */
  | 'STORAGE.LOCKED'
  /** A write or fsync failed earlier: nothing more is accepted until a restart runs recovery. */
  | 'STORAGE.FAILED'
  | 'STORAGE.CLOSED';

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'StorageError';
  }
}

export const FRAME_HEADER_BYTES = 8;
/** Refused on append, and a length field above it is damage, not a record. */
const MAX_RECORD_BODY_BYTES = 64 * 1024 * 1024;

const FIXED_BODY_BYTES = 1 + 16 + 8 + 8 + 8 + 4 * 4;
const LENGTHS_OFFSET = 1 + 16 + 8 + 8 + 8;
const FLAG_ENDS_TRANSACTION = 0b01;
const FLAG_JSON = 0b10;
const KNOWN_FLAGS = FLAG_ENDS_TRANSACTION | FLAG_JSON;
const MAX_REVISION = 2n ** 63n - 1n;
const MIN_TICKS = -(2n ** 63n);
const DASH = 0x2d;
const UUID_DASHES = [8, 13, 18, 23];
/** Where each byte's two hex digits start in xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx. */
const UUID_HEX_PAIRS = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
const TWO_POW_32 = 2 ** 32;

export interface FrameContext {
  /** Marks the record as the last of its transaction: recovery keeps a transaction only if it has one. */
  endsTransaction: boolean;
  /** Log position where the write batch holding this record starts. */
  batchPosition: number;
}

export interface DecodedFrame {
  record: StoredRecord;
  endsTransaction: boolean;
  batchPosition: number;
  frameLength: number;
}

export type FrameInspection =
  | { readonly status: 'complete'; readonly frameLength: number }
  /** The bytes end before the frame does; frameLength is known once the header is there. */
  | { readonly status: 'incomplete'; readonly frameLength?: number }
  | { readonly status: 'invalid'; readonly reason: string };

/** An upper bound of what `encodeRecordInto` writes, to size the target before encoding. */
export function maxEncodedSize(record: LogRecord): number {
  const utf8Bound = 3 * (record.streamName.length + record.type.length);
  return FRAME_HEADER_BYTES + FIXED_BODY_BYTES + utf8Bound + record.data.length + record.metadata.length;
}

/**
 * Writes the framed record at `offset` (the target must have `maxEncodedSize(record)` bytes free) and
 * returns its length. Throws INVALID_RECORD without a usable frame; the caller discards what was written.
 */
export function encodeRecordInto(target: Buffer, offset: number, record: LogRecord, context: FrameContext): number {
  assertStorable(record);
  const bodyStart = offset + FRAME_HEADER_BYTES;
  target[bodyStart] = (context.endsTransaction ? FLAG_ENDS_TRANSACTION : 0) | (record.contentType === 'application/json' ? FLAG_JSON : 0);
  if (!writeUuid(target, bodyStart + 1, record.id)) throw refusal(record, 'the id must be a canonical lowercase uuid');
  target.writeBigUInt64LE(record.revision, bodyStart + 17);
  target.writeBigInt64LE(record.created, bodyStart + 25);
  writeUInt64(target, bodyStart + 33, context.batchPosition);

  let cursor = bodyStart + FIXED_BODY_BYTES;
  const streamNameBytes = target.write(record.streamName, cursor, 'utf8');
  cursor += streamNameBytes;
  const typeBytes = target.write(record.type, cursor, 'utf8');
  cursor += typeBytes;
  target.set(record.data, cursor);
  cursor += record.data.length;
  target.set(record.metadata, cursor);
  cursor += record.metadata.length;

  const lengths = bodyStart + LENGTHS_OFFSET;
  target.writeUInt32LE(streamNameBytes, lengths);
  target.writeUInt32LE(typeBytes, lengths + 4);
  target.writeUInt32LE(record.data.length, lengths + 8);
  target.writeUInt32LE(record.metadata.length, lengths + 12);

  const bodyLength = cursor - bodyStart;
  if (bodyLength > MAX_RECORD_BODY_BYTES) throw refusal(record, `it takes ${bodyLength} bytes; the limit is ${MAX_RECORD_BODY_BYTES}`);
  target.writeUInt32LE(bodyLength, offset);
  target.writeUInt32LE(crc32(target.subarray(bodyStart, cursor)), offset + 4);
  return cursor - offset;
}

// Shared answers: a search through damaged bytes asks at every offset, and should not allocate for it.
const IMPLAUSIBLE_LENGTH: FrameInspection = { status: 'invalid', reason: 'implausible record length' };
const UNKNOWN_FLAGS: FrameInspection = { status: 'invalid', reason: 'unknown flag bits' };
const LENGTHS_MISMATCH: FrameInspection = { status: 'invalid', reason: 'field lengths do not add up' };
const CHECKSUM_MISMATCH: FrameInspection = { status: 'invalid', reason: 'checksum mismatch' };

/**
 * Checks the frame at `offset` as far as `bytes` reach: a plausible length, a known layout (flags,
 * field lengths adding up to the body), then a complete body with a matching crc. The layout comes
 * before the crc so that scanning damaged bytes for the next record costs little per offset.
 */
export function inspectFrame(bytes: Buffer, offset: number): FrameInspection {
  const available = bytes.length - offset;
  if (available < FRAME_HEADER_BYTES) return { status: 'incomplete' };
  const bodyLength = bytes.readUInt32LE(offset);
  if (bodyLength < FIXED_BODY_BYTES || bodyLength > MAX_RECORD_BODY_BYTES) {
    return IMPLAUSIBLE_LENGTH;
  }
  const frameLength = FRAME_HEADER_BYTES + bodyLength;
  if (available < FRAME_HEADER_BYTES + FIXED_BODY_BYTES) return { status: 'incomplete', frameLength };

  const bodyStart = offset + FRAME_HEADER_BYTES;
  if ((bytes[bodyStart] & ~KNOWN_FLAGS) !== 0) return UNKNOWN_FLAGS;
  const lengths = bodyStart + LENGTHS_OFFSET;
  const variableBytes =
    bytes.readUInt32LE(lengths) + bytes.readUInt32LE(lengths + 4) + bytes.readUInt32LE(lengths + 8) + bytes.readUInt32LE(lengths + 12);
  if (FIXED_BODY_BYTES + variableBytes !== bodyLength) return LENGTHS_MISMATCH;
  if (available < frameLength) return { status: 'incomplete', frameLength };
  if (crc32(bytes.subarray(bodyStart, bodyStart + bodyLength)) !== bytes.readUInt32LE(offset + 4)) {
    return CHECKSUM_MISMATCH;
  }
  return { status: 'complete', frameLength };
}

/**
 * Decodes a frame that `inspectFrame` found complete. Data and metadata are copied out (one copy for
 * both), so `bytes` may be reused and a record kept for long does not pin a whole read block.
 */
export function decodeFrame(bytes: Buffer, offset: number, position: number): DecodedFrame {
  const bodyStart = offset + FRAME_HEADER_BYTES;
  const flags = bytes[bodyStart];
  const hex = bytes.toString('hex', bodyStart + 1, bodyStart + 17);
  const lengths = bodyStart + LENGTHS_OFFSET;
  const streamNameEnd = bodyStart + FIXED_BODY_BYTES + bytes.readUInt32LE(lengths);
  const typeEnd = streamNameEnd + bytes.readUInt32LE(lengths + 4);
  const dataLength = bytes.readUInt32LE(lengths + 8);
  const metadataEnd = typeEnd + dataLength + bytes.readUInt32LE(lengths + 12);
  const payload = Buffer.allocUnsafe(metadataEnd - typeEnd);
  bytes.copy(payload, 0, typeEnd, metadataEnd);
  return {
    record: {
      id: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
      streamName: bytes.toString('utf8', bodyStart + FIXED_BODY_BYTES, streamNameEnd),
      revision: bytes.readBigUInt64LE(bodyStart + 17),
      type: bytes.toString('utf8', streamNameEnd, typeEnd),
      contentType: flags & FLAG_JSON ? 'application/json' : 'application/octet-stream',
      created: bytes.readBigInt64LE(bodyStart + 25),
      data: payload.subarray(0, dataLength),
      metadata: payload.subarray(dataLength),
      position: BigInt(position),
    },
    endsTransaction: (flags & FLAG_ENDS_TRANSACTION) !== 0,
    batchPosition: readUInt64(bytes, bodyStart + 33),
    frameLength: metadataEnd - offset,
  };
}

function assertStorable(record: LogRecord): void {
  // Checked again exactly once encoded; this early bound keeps a huge payload from growing the batch first.
  if (record.data.length + record.metadata.length > MAX_RECORD_BODY_BYTES) {
    throw refusal(record, `data and metadata exceed ${MAX_RECORD_BODY_BYTES} bytes`);
  }
  if (record.revision < 0n || record.revision > MAX_REVISION) throw refusal(record, `revision ${record.revision} is outside 0..2^63-1`);
  if (record.created < MIN_TICKS || record.created > MAX_REVISION) throw refusal(record, `created ${record.created} does not fit 64 bits`);
  if (record.contentType !== 'application/json' && record.contentType !== 'application/octet-stream') {
    throw refusal(record, `content type ${record.contentType} is neither application/json nor application/octet-stream`);
  }
}

function refusal(record: LogRecord, why: string): StorageError {
  return new StorageError('STORAGE.INVALID_RECORD', `Event ${record.id} in ${record.streamName}: ${why}`);
}

/** Writes the uuid's 16 bytes; false, with nothing promised about the target, if `id` is not canonical lowercase. */
function writeUuid(target: Buffer, offset: number, id: string): boolean {
  if (id.length !== 36) return false;
  for (const dash of UUID_DASHES) if (id.charCodeAt(dash) !== DASH) return false;
  for (let byte = 0; byte < 16; byte++) {
    const digit = UUID_HEX_PAIRS[byte];
    const high = hexDigitValue(id.charCodeAt(digit));
    const low = hexDigitValue(id.charCodeAt(digit + 1));
    if (high < 0 || low < 0) return false;
    target[offset + byte] = (high << 4) | low;
  }
  return true;
}

function hexDigitValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 97 && code <= 102) return code - 87; // a-f
  return -1;
}

// Batch positions stay numbers in memory (file offsets below 2^53), and are stored as u64.
function writeUInt64(target: Buffer, offset: number, value: number): void {
  target.writeUInt32LE(value % TWO_POW_32, offset);
  target.writeUInt32LE(Math.floor(value / TWO_POW_32), offset + 4);
}

function readUInt64(bytes: Buffer, offset: number): number {
  return bytes.readUInt32LE(offset) + bytes.readUInt32LE(offset + 4) * TWO_POW_32;
}
