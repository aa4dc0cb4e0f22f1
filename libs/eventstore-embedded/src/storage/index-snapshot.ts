/**
 * The engine's in-memory index, saved now and then, so a restart loads it and scans only the log
 * after `logPosition` instead of the whole log.
 *
 * File `index.snapshot`, little-endian:
 *   8 bytes  magic "ESIDXSNP"
 *   u32      format version (1)
 *   u32      crc32 of everything after this field
 *   u64      logPosition
 *   u32      count, u32 stream name count, u32 byte length of the stream name text
 *   u32 × stream name count   each name's length in UTF-16 code units
 *   bytes    all stream names, concatenated, utf8
 *   f64 × count positions, u32 × count stream ids, f64 × count revisions (tombstone: -1)
 *
 * It must never replace a good snapshot with a partial one (temporary file, fsync, rename, fsync of
 * the directory), nor hand back one it has not verified. A rejected snapshot costs only a full scan
 * of the log, so reading never throws on bad content.
 */
import * as fs from 'node:fs';
import { endianness } from 'node:os';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { fsyncDirectory, PRIVATE_FILE_MODE } from './event-log';

export interface IndexSnapshot {
  /** The log position up to which the snapshot is complete: the end of a durable transaction. */
  logPosition: bigint;
  /** Stream id -> name. */
  streamNames: string[];
  /** Number of events; only the first `count` entries of the arrays below count. */
  count: number;
  /** Per event, in $all order: its log position. */
  positions: Float64Array;
  /** Per event: index into streamNames. */
  streamIds: Uint32Array;
  /** Per event: its revision; a tombstone is -1. */
  revisions: Float64Array;
}

export interface ReadIndexSnapshotOptions {
  /** Told why an existing snapshot was not used. */
  onRejected?: (reason: string) => void;
}

const SNAPSHOT_FILE_NAME = 'index.snapshot';
const TEMPORARY_FILE_NAME = 'index.snapshot.tmp';
const MAGIC = Buffer.from('ESIDXSNP', 'latin1');
const FORMAT_VERSION = 1;
const CHECKSUMMED_FROM = 16;
const HEADER_BYTES = 36;
// The arrays are copied byte for byte, so the file's byte order is the machine's; the format says little-endian.
const LITTLE_ENDIAN_HOST = endianness() === 'LE';

/** Writes of one directory run one after the other: they share the temporary file. */
const writesInProgress = new Map<string, Promise<void>>();

/**
 * Encodes the snapshot before returning (the caller may go on mutating its arrays), then replaces
 * the directory's snapshot atomically.
 */
export function writeIndexSnapshot(dir: string, snapshot: IndexSnapshot): Promise<void> {
  const bytes = encodeSnapshot(snapshot);
  const key = path.resolve(dir);
  const previous = writesInProgress.get(key) ?? Promise.resolve();
  const write = previous.then(ignore, ignore).then(() => replaceSnapshotFile(dir, bytes));
  writesInProgress.set(key, write);
  const forget = () => {
    if (writesInProgress.get(key) === write) writesInProgress.delete(key);
  };
  write.then(forget, forget);
  return write;
}

/** The directory's snapshot, or undefined when there is none or it does not verify. */
export function readIndexSnapshot(dir: string, options: ReadIndexSnapshotOptions = {}): IndexSnapshot | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path.join(dir, SNAPSHOT_FILE_NAME));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') options.onRejected?.(`cannot read it: ${(error as Error).message}`);
    return undefined;
  }
  try {
    const decoded = decodeSnapshot(bytes);
    if (typeof decoded === 'string') {
      options.onRejected?.(decoded);
      return undefined;
    }
    return decoded;
  } catch (error) {
    options.onRejected?.(`cannot decode it: ${(error as Error).message}`);
    return undefined;
  }
}

async function replaceSnapshotFile(dir: string, bytes: Buffer): Promise<void> {
  const temporary = path.join(dir, TEMPORARY_FILE_NAME);
  const handle = await fs.promises.open(temporary, 'w', PRIVATE_FILE_MODE);
  try {
    await handle.chmod(PRIVATE_FILE_MODE); // a temporary file left by a crash keeps its old mode otherwise
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.promises.rename(temporary, path.join(dir, SNAPSHOT_FILE_NAME));
  await fsyncDirectory(dir);
}

function encodeSnapshot(snapshot: IndexSnapshot): Buffer {
  if (!LITTLE_ENDIAN_HOST) throw new Error('Index snapshots are only written on little-endian machines');
  const { count, streamNames } = snapshot;
  if (count > snapshot.positions.length || count > snapshot.streamIds.length || count > snapshot.revisions.length) {
    throw new Error(`Index snapshot count ${count} exceeds its arrays`);
  }
  const nameText = Buffer.from(streamNames.join(''), 'utf8');
  const size = HEADER_BYTES + 4 * streamNames.length + nameText.length + 20 * count;
  const bytes = Buffer.allocUnsafe(size);
  MAGIC.copy(bytes, 0);
  bytes.writeUInt32LE(FORMAT_VERSION, 8);
  bytes.writeBigUInt64LE(snapshot.logPosition, 16);
  bytes.writeUInt32LE(count, 24);
  bytes.writeUInt32LE(streamNames.length, 28);
  bytes.writeUInt32LE(nameText.length, 32);
  let offset = HEADER_BYTES;
  for (const name of streamNames) offset = bytes.writeUInt32LE(name.length, offset);
  offset += nameText.copy(bytes, offset);
  offset += copyElements(snapshot.positions, count, bytes, offset);
  offset += copyElements(snapshot.streamIds, count, bytes, offset);
  copyElements(snapshot.revisions, count, bytes, offset);
  bytes.writeUInt32LE(crc32(bytes.subarray(CHECKSUMMED_FROM)), 12);
  return bytes;
}

/** The snapshot, or why it was rejected. */
function decodeSnapshot(bytes: Buffer): IndexSnapshot | string {
  if (!LITTLE_ENDIAN_HOST) return 'this machine is big-endian';
  if (bytes.length < HEADER_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return 'not an index snapshot';
  const version = bytes.readUInt32LE(8);
  if (version !== FORMAT_VERSION) return `format version ${version}, expected ${FORMAT_VERSION}`;
  if (crc32(bytes.subarray(CHECKSUMMED_FROM)) !== bytes.readUInt32LE(12)) return 'checksum mismatch';

  const count = bytes.readUInt32LE(24);
  const streamCount = bytes.readUInt32LE(28);
  const nameTextBytes = bytes.readUInt32LE(32);
  const expectedSize = HEADER_BYTES + 4 * streamCount + nameTextBytes + 20 * count;
  if (bytes.length !== expectedSize) return `size ${bytes.length} does not match its header (${expectedSize})`;

  let offset = HEADER_BYTES;
  const nameLengths = new Uint32Array(streamCount);
  for (let i = 0; i < streamCount; i++, offset += 4) nameLengths[i] = bytes.readUInt32LE(offset);
  // One decode for all names, then slices: far cheaper than a decode per name.
  const nameText = bytes.toString('utf8', offset, offset + nameTextBytes);
  offset += nameTextBytes;
  const streamNames: string[] = new Array(streamCount);
  let nameStart = 0;
  for (let i = 0; i < streamCount; i++) {
    streamNames[i] = nameText.slice(nameStart, nameStart + nameLengths[i]);
    nameStart += nameLengths[i];
  }
  if (nameStart !== nameText.length) return 'stream name lengths do not match their text';

  const positions = new Float64Array(count);
  const streamIds = new Uint32Array(count);
  const revisions = new Float64Array(count);
  offset += fillElements(positions, bytes, offset);
  offset += fillElements(streamIds, bytes, offset);
  fillElements(revisions, bytes, offset);
  for (let i = 0; i < count; i++) {
    if (streamIds[i] >= streamCount) return `event ${i} refers to stream ${streamIds[i]} of ${streamCount}`;
  }
  return { logPosition: bytes.readBigUInt64LE(16), streamNames, count, positions, streamIds, revisions };
}

function copyElements(from: Float64Array | Uint32Array, count: number, to: Buffer, offset: number): number {
  const byteLength = count * from.BYTES_PER_ELEMENT;
  to.set(new Uint8Array(from.buffer, from.byteOffset, byteLength), offset);
  return byteLength;
}

function fillElements(to: Float64Array | Uint32Array, from: Buffer, offset: number): number {
  new Uint8Array(to.buffer, to.byteOffset, to.byteLength).set(from.subarray(offset, offset + to.byteLength));
  return to.byteLength;
}

function ignore(): void {}
