/**
 * The store's durable, append-only log: one file, `events.log`, in the data directory (splitting it
 * into segments, so old data can be archived, is future work).
 *
 * `append` assigns positions at once and resolves `durable` only once the transaction's bytes are
 * written and fdatasync'ed. Group commit: while one write + fdatasync is in flight, later
 * transactions gather in the next batch, which then goes out as one write and one fdatasync.
 * Both run on libuv's thread pool, so the event loop never waits for the disk.
 *
 * It must never:
 * - call anything durable (the promise, `durablePosition`, what reads return) before its fdatasync returned;
 * - retry after a failed write or fdatasync: the kernel may already have dropped the dirty pages, so a
 *   retry could "succeed" without the data. The log stops; after a restart, recovery decides;
 * - cut anything on recovery but the interrupted final write (a torn record, a transaction without
 *   its commit marker): damage to data that was fsynced stops the open with the offset;
 * - be open twice (see directory-lock).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { DirectoryLock } from './directory-lock';
import {
  type DecodedFrame,
  FRAME_HEADER_BYTES,
  type LogRecord,
  StorageError,
  type StoredRecord,
  decodeFrame,
  encodeRecordInto,
  inspectFrame,
  maxEncodedSize,
} from './log-record';

const LOG_FILE_NAME = 'events.log';
/** What the store writes is its owner's alone: events carry what integrations sent. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIRECTORY_MODE = 0o700;
/** Block size of sequential reads: one pread per block, never one per record. */
const SCAN_BLOCK_BYTES = 256 * 1024;
/** A single record is usually far smaller; a larger one costs a second read. */
const SINGLE_READ_BYTES = 4 * 1024;
const INITIAL_BATCH_BYTES = 1024 * 1024;
/** A batch buffer grown beyond this by a huge transaction is not kept for reuse. */
const MAX_REUSED_BATCH_BYTES = 8 * 1024 * 1024;

const fdatasyncAsync = promisify(fs.fdatasync);
const ftruncateAsync = promisify(fs.ftruncate);
const closeAsync = promisify(fs.close);

/** The two calls of the write path, replaceable so tests can make them fail. */
export interface WritePathIo {
  write(
    fd: number,
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    done: (error: NodeJS.ErrnoException | null, bytesWritten: number) => void,
  ): void;
  fdatasync(fd: number, done: (error: NodeJS.ErrnoException | null) => void): void;
}

export interface EventLogOptions {
  /**
   * Where recovery starts scanning, e.g. the logPosition of an index snapshot. Must be the end of a
   * transaction the log once made durable; records before it are neither read nor checked.
   */
  fromPosition?: bigint;
  /** Told what recovery cut, if anything. */
  log?: (message: string) => void;
  writePathIo?: WritePathIo;
}

export interface RecoveryCut {
  /** The file now ends here: the end of the last complete transaction. */
  position: bigint;
  bytes: number;
  reason: string;
}

export interface OpenedEventLog {
  log: EventLog;
  /** Every committed record at or after fromPosition, in log order. */
  recovered: StoredRecord[];
  cut?: RecoveryCut;
}

export interface EventLogStats {
  /** Completed write + fdatasync rounds. */
  flushes: number;
  bytesWritten: number;
}

export interface AppendResult {
  positions: bigint[];
  /** Resolves once the transaction is fdatasync'ed; every transaction of a batch shares it. */
  durable: Promise<void>;
}

interface WriteBatch {
  /** Log position of the batch's first byte. */
  start: number;
  bytes: Buffer;
  length: number;
  durable: Promise<void>;
  markDurable: () => void;
  markFailed: (error: StorageError) => void;
}

export class EventLog {
  private pending: WriteBatch | undefined;
  private inFlight: WriteBatch | undefined;
  private flushScheduled = false;
  private reusableBuffer: Buffer | undefined;
  private writtenEnd: number;
  private durableEnd: number;
  private failure: StorageError | undefined;
  private closing: Promise<void> | undefined;
  private fdClosed = false;
  /** Reads are synchronous, so they can all share one block; decoding copies records out of it. */
  private readonly readBlock = Buffer.allocUnsafe(SCAN_BLOCK_BYTES);
  private flushes = 0;
  private bytesWritten = 0;

  private constructor(
    private readonly fd: number,
    end: number,
    private readonly lock: DirectoryLock,
    private readonly io: WritePathIo,
  ) {
    this.writtenEnd = end;
    this.durableEnd = end;
  }

  static async open(dir: string, options: EventLogOptions = {}): Promise<OpenedEventLog> {
    await createDirectoryDurably(dir);
    const lock = await DirectoryLock.acquire(dir);
    let fd: number | undefined;
    try {
      fd = await openLogFile(dir);
      const { recovered, end, cut } = await recover(fd, options.fromPosition ?? 0n);
      if (cut) {
        options.log?.(`event log recovery cut ${cut.bytes} bytes at position ${cut.position}: ${cut.reason}`);
      }
      return { log: new EventLog(fd, end, lock, options.writePathIo ?? fs), recovered, cut };
    } catch (error) {
      if (fd !== undefined) await closeAsync(fd);
      await lock.release();
      throw error;
    }
  }

  /** End of everything accepted; the next append starts here. */
  get writtenPosition(): bigint {
    return BigInt(this.writtenEnd);
  }

  /** End of what is fdatasync'ed; reads stop here. */
  get durablePosition(): bigint {
    return BigInt(this.durableEnd);
  }

  get stats(): EventLogStats {
    return { flushes: this.flushes, bytesWritten: this.bytesWritten };
  }

  /**
   * Queues the transaction for the next write batch and returns its positions at once. Throws, and
   * queues nothing, if a record cannot be stored or the log is closing or failed.
   */
  append(transaction: readonly LogRecord[]): AppendResult {
    if (this.failure) throw new StorageError('STORAGE.FAILED', this.failure.message, { cause: this.failure });
    if (this.closing) throw new StorageError('STORAGE.CLOSED', 'The event log is closed');
    if (transaction.length === 0) throw new StorageError('STORAGE.INVALID_RECORD', 'A transaction needs at least one record');

    const batch = this.pending ?? this.newBatch();
    const lengthBefore = batch.length;
    const positions: bigint[] = [];
    try {
      for (let i = 0; i < transaction.length; i++) {
        const record = transaction[i];
        this.reserve(batch, maxEncodedSize(record));
        positions.push(BigInt(batch.start + batch.length));
        const context = { endsTransaction: i === transaction.length - 1, batchPosition: batch.start };
        batch.length += encodeRecordInto(batch.bytes, batch.length, record, context);
      }
    } catch (error) {
      batch.length = lengthBefore; // none of a refused transaction may reach the disk
      throw error;
    }
    this.pending = batch;
    this.writtenEnd = batch.start + batch.length;
    this.scheduleFlush();
    return { positions, durable: batch.durable };
  }

  /** The durable record at `position`, with one pread in the common case. */
  readAt(position: bigint): StoredRecord {
    const offset = this.readableOffset(position);
    if (offset >= this.durableEnd) {
      throw new StorageError('STORAGE.INVALID_POSITION', `No durable record at ${position}: the durable log ends at ${this.durableEnd}`);
    }
    const read = readFrameAt(new BlockReader(this.fd, this.durableEnd, SINGLE_READ_BYTES, this.readBlock), offset);
    if (read.kind !== 'valid') {
      throw new StorageError('STORAGE.INVALID_POSITION', `No valid record at position ${position} (${whatIsWrong(read)})`);
    }
    return read.frame.record;
  }

  /**
   * Up to `maxRecords` durable records from `fromPosition` (a record's position, or the durable end)
   * on, stopping before `untilPosition`. Reads in 256 KiB blocks.
   */
  readForward(fromPosition: bigint, maxRecords: number, untilPosition?: bigint): StoredRecord[] {
    const start = this.readableOffset(fromPosition);
    const stop = untilPosition === undefined ? this.durableEnd : Math.min(this.durableEnd, this.readableOffset(untilPosition));
    const reader = new BlockReader(this.fd, this.durableEnd, SCAN_BLOCK_BYTES, this.readBlock);
    const records: StoredRecord[] = [];
    for (let offset = start; offset < stop && records.length < maxRecords; ) {
      const read = readFrameAt(reader, offset);
      if (read.kind !== 'valid') {
        throw offset === start
          ? new StorageError('STORAGE.INVALID_POSITION', `No valid record at position ${fromPosition} (${whatIsWrong(read)})`)
          : new StorageError('STORAGE.CORRUPTED', `Durable record at position ${offset} does not read back (${whatIsWrong(read)})`);
      }
      records.push(read.frame.record);
      offset += read.frame.frameLength;
    }
    return records;
  }

  /** Refuses further appends, waits until everything accepted is durable (or failed), closes the file. */
  close(): Promise<void> {
    this.closing ??= this.closeWhenFlushed();
    return this.closing;
  }

  private async closeWhenFlushed(): Promise<void> {
    // Batches complete in order, so the last one settling means every earlier one has too. Its
    // failure was already reported to its appenders; closing still has to release the file.
    const last = this.pending ?? this.inFlight;
    if (last) await last.durable.then(ignore, ignore);
    this.fdClosed = true;
    await closeAsync(this.fd);
    await this.lock.release();
  }

  private newBatch(): WriteBatch {
    const bytes = this.reusableBuffer ?? Buffer.allocUnsafe(INITIAL_BATCH_BYTES);
    this.reusableBuffer = undefined;
    let markDurable!: () => void;
    let markFailed!: (error: StorageError) => void;
    const durable = new Promise<void>((resolve, reject) => {
      markDurable = resolve;
      markFailed = reject;
    });
    return { start: this.writtenEnd, bytes, length: 0, durable, markDurable, markFailed };
  }

  private reserve(batch: WriteBatch, bytes: number): void {
    if (batch.length + bytes <= batch.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(batch.bytes.length * 2, batch.length + bytes));
    batch.bytes.copy(grown, 0, 0, batch.length);
    batch.bytes = grown;
  }

  /** Waits one turn of the event loop, so appends arriving together share the first write too. */
  private scheduleFlush(): void {
    if (this.flushScheduled || this.inFlight) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flushNext();
    });
  }

  private flushNext(): void {
    const batch = this.pending;
    if (!batch || this.inFlight || this.failure) return;
    this.pending = undefined;
    this.inFlight = batch;
    this.writeFully(batch, 0, (writeError) => {
      if (writeError) return this.fail(batch, 'write', writeError);
      this.io.fdatasync(this.fd, (syncError) => {
        if (syncError) return this.fail(batch, 'fdatasync', syncError);
        this.inFlight = undefined;
        this.durableEnd = batch.start + batch.length;
        this.flushes++;
        this.bytesWritten += batch.length;
        if (batch.bytes.length <= MAX_REUSED_BATCH_BYTES) this.reusableBuffer = batch.bytes;
        this.flushNext(); // the batch that gathered meanwhile goes out at once
        batch.markDurable();
      });
    });
  }

  private writeFully(batch: WriteBatch, written: number, done: (error: Error | null) => void): void {
    const remaining = batch.length - written;
    this.io.write(this.fd, batch.bytes, written, remaining, batch.start + written, (error, bytesWritten) => {
      if (error) return done(error);
      if (bytesWritten === 0) return done(new Error(`write made no progress with ${remaining} bytes left`));
      if (bytesWritten < remaining) return this.writeFully(batch, written + bytesWritten, done);
      done(null);
    });
  }

  private fail(batch: WriteBatch, operation: string, cause: Error): void {
    this.failure = new StorageError(
      'STORAGE.FAILED',
      `The event log stopped after a failed ${operation} at position ${batch.start} (${cause.message}); ` +
        'it accepts nothing more. Restart the process: recovery will check what reached the disk.',
      { cause },
    );
    this.inFlight = undefined;
    batch.markFailed(this.failure);
    this.pending?.markFailed(this.failure);
    this.pending = undefined;
  }

  private readableOffset(position: bigint): number {
    if (this.fdClosed) throw new StorageError('STORAGE.CLOSED', 'The event log is closed');
    if (position < 0n) throw new StorageError('STORAGE.INVALID_POSITION', `Position ${position} is negative`);
    // Anything past the durable end reads as the end; this also keeps huge bigints out of number land.
    return position > BigInt(this.durableEnd) ? this.durableEnd : Number(position);
  }
}

/** Reads a range of the file in blocks, into a buffer it reuses, and lends views into the current block. */
class BlockReader {
  bytes: Buffer = Buffer.alloc(0);
  private bytesStart = 0;

  constructor(
    private readonly fd: number,
    /** Nothing at or past this offset is read. */
    readonly end: number,
    /** How much one read fetches, at least. */
    private readonly readBytes: number,
    private buffer: Buffer,
  ) {}

  /** Makes [offset, offset + length) resident, clipped at `end`, and returns offset's index in `bytes`. */
  load(offset: number, length: number): number {
    if (offset >= this.bytesStart && offset + length <= this.bytesStart + this.bytes.length) return offset - this.bytesStart;
    const size = Math.max(0, Math.min(Math.max(this.readBytes, length), this.end - offset));
    if (size > this.buffer.length) this.buffer = Buffer.allocUnsafe(size); // a record larger than a block
    let filled = 0;
    while (filled < size) {
      const read = fs.readSync(this.fd, this.buffer, filled, size - filled, offset + filled);
      if (read === 0) break;
      filled += read;
    }
    this.bytes = this.buffer.subarray(0, filled);
    this.bytesStart = offset;
    return 0;
  }
}

type FrameRead = { kind: 'valid'; frame: DecodedFrame } | { kind: 'torn' } | { kind: 'invalid'; reason: string };

function readFrameAt(reader: BlockReader, offset: number): FrameRead {
  let index = reader.load(offset, FRAME_HEADER_BYTES);
  let inspection = inspectFrame(reader.bytes, index);
  if (inspection.status === 'incomplete' && inspection.frameLength !== undefined && offset + inspection.frameLength <= reader.end) {
    index = reader.load(offset, inspection.frameLength);
    inspection = inspectFrame(reader.bytes, index);
  }
  switch (inspection.status) {
    case 'complete':
      return { kind: 'valid', frame: decodeFrame(reader.bytes, index, offset) };
    case 'incomplete':
      return { kind: 'torn' };
    case 'invalid':
      return { kind: 'invalid', reason: inspection.reason };
    default:
      return assertNever(inspection);
  }
}

function whatIsWrong(read: Exclude<FrameRead, { kind: 'valid' }>): string {
  return read.kind === 'torn' ? 'the record is cut short' : read.reason;
}

interface Recovery {
  recovered: StoredRecord[];
  /** The end of the log once recovery is done. */
  end: number;
  cut?: RecoveryCut;
}

/**
 * Scans from `fromPosition` to the end of the file, cuts an interrupted final write, and fdatasyncs:
 * a previous process may have died between its write and its fdatasync, and what is served from now
 * on must be on disk, not only in the page cache.
 */
async function recover(fd: number, fromPosition: bigint): Promise<Recovery> {
  const fileEnd = fs.fstatSync(fd).size;
  if (fromPosition < 0n || fromPosition > BigInt(fileEnd)) {
    throw new StorageError('STORAGE.INVALID_POSITION', `Cannot recover from ${fromPosition}: the log holds ${fileEnd} bytes`);
  }
  const from = Number(fromPosition);
  const scan = startsWithRecord(fd, fileEnd, from) ? scanLog(fd, fileEnd, from, from) : scanToConfirmEnd(fd, fileEnd, from);
  if (scan.cut) await ftruncateAsync(fd, scan.end);
  await fdatasyncAsync(fd);
  return scan;
}

function startsWithRecord(fd: number, fileEnd: number, from: number): boolean {
  return from === 0 || from === fileEnd || readFrameAt(new BlockReader(fd, fileEnd, SINGLE_READ_BYTES, Buffer.allocUnsafe(SINGLE_READ_BYTES)), from).kind === 'valid';
}

/**
 * Nothing readable at `from`: either the write that began there was interrupted, or `from` is not a
 * transaction boundary of this log (then cutting at it could cut durable data). Only a scan from the
 * start tells them apart; it is rare (a crash right after the snapshot that gave `from`).
 */
function scanToConfirmEnd(fd: number, fileEnd: number, from: number): Recovery {
  const scan = scanLog(fd, fileEnd, 0, from);
  if (scan.end !== from) {
    throw new StorageError(
      'STORAGE.INVALID_POSITION',
      `Cannot recover from ${from}: no record starts there, and this log's complete transactions end at ${scan.end}`,
    );
  }
  return scan;
}

/** Reads the log from `scanFrom`, keeping the committed records at or after `keepFrom`. */
function scanLog(fd: number, fileEnd: number, scanFrom: number, keepFrom: number): Recovery {
  const reader = new BlockReader(fd, fileEnd, SCAN_BLOCK_BYTES, Buffer.allocUnsafe(SCAN_BLOCK_BYTES));
  const recovered: StoredRecord[] = [];
  let transaction: StoredRecord[] = [];
  let committedEnd = scanFrom;
  let offset = scanFrom;
  while (offset < fileEnd) {
    const read = readFrameAt(reader, offset);
    if (read.kind !== 'valid') {
      const intactAfter = assertOnlyTheInterruptedBatchFollows(reader, offset, whatIsWrong(read));
      const after = intactAfter > 0 ? `; the ${intactAfter} intact record(s) after it belong to the same interrupted write` : '';
      const reason = `unreadable record at position ${offset} (${whatIsWrong(read)})${after}`;
      return { recovered, end: committedEnd, cut: cutAt(committedEnd, fileEnd, reason) };
    }
    if (offset >= keepFrom) transaction.push(read.frame.record);
    offset += read.frame.frameLength;
    if (read.frame.endsTransaction) {
      for (const record of transaction) recovered.push(record);
      transaction = [];
      committedEnd = offset;
    }
  }
  if (committedEnd < fileEnd) {
    return { recovered, end: committedEnd, cut: cutAt(committedEnd, fileEnd, 'the last transaction has no commit marker') };
  }
  return { recovered, end: fileEnd };
}

function cutAt(position: number, fileEnd: number, reason: string): RecoveryCut {
  return { position: BigInt(position), bytes: fileEnd - position, reason };
}

/**
 * Batches are written one after the other, and a batch is written only after the previous one's
 * fdatasync returned. So a valid record from a batch that started after `badOffset` proves the bytes
 * at `badOffset` were fsynced: that is damage to durable data, never to be cut. Valid records of the
 * same batch are the remains of its interrupted write (after a power cut, pages may land out of order).
 * Returns how many of those follow. Limit: damage inside the final batch looks exactly like its
 * interrupted write, so it is cut too (and reported as cut).
 */
function assertOnlyTheInterruptedBatchFollows(reader: BlockReader, badOffset: number, damage: string): number {
  let intactRecords = 0;
  for (let offset = badOffset + 1; offset + FRAME_HEADER_BYTES <= reader.end; ) {
    const read = readFrameAt(reader, offset);
    if (read.kind !== 'valid') {
      offset++;
      continue;
    }
    if (read.frame.batchPosition > badOffset) {
      throw new StorageError(
        'STORAGE.CORRUPTED',
        `The event log is damaged at position ${badOffset} (${damage}), and intact records written after it follow ` +
          `(from position ${offset}). Refusing to cut durable data: restore ${LOG_FILE_NAME} from a backup, ` +
          'or copy it away and repair it by hand.',
      );
    }
    intactRecords++;
    offset += read.frame.frameLength;
  }
  return intactRecords;
}

/** The log, readable by its owner only (a log written by an older version is made so too). */
async function openLogFile(dir: string): Promise<number> {
  const file = path.join(dir, LOG_FILE_NAME);
  try {
    const fd = await promisify(fs.open)(file, 'r+');
    await promisify(fs.fchmod)(fd, PRIVATE_FILE_MODE);
    return fd;
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
  const fd = await promisify(fs.open)(file, 'wx+', PRIVATE_FILE_MODE);
  await fsyncDirectory(dir); // the new file's name must survive a power cut too
  return fd;
}

/**
 * mkdir -p, owner-only (the directory itself also when it was there already), then fsync the parent
 * of every directory it created, so the path survives a power cut.
 */
async function createDirectoryDurably(dir: string): Promise<void> {
  const firstCreated = await fs.promises.mkdir(dir, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
  await fs.promises.chmod(dir, PRIVATE_DIRECTORY_MODE);
  if (firstCreated === undefined) return;
  const stopAt = path.dirname(path.resolve(firstCreated));
  for (let created = path.resolve(dir); created !== stopAt; created = path.dirname(created)) {
    await fsyncDirectory(path.dirname(created));
  }
}

export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await fs.promises.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isErrno(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code;
}

function ignore(): void {}

function assertNever(value: never): never {
  throw new Error(`Unexpected value ${JSON.stringify(value)}`);
}
