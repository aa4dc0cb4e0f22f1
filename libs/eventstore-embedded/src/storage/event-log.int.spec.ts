import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EventLog, type EventLogOptions, type WritePathIo } from './event-log';
import { type LogRecord, type StoredRecord, encodeRecordInto, maxEncodedSize } from './log-record';

const LOG_FILE = 'events.log';
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(tmpdir(), 'event-log-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

let sequence = 0;
function anEvent(overrides: Partial<LogRecord> = {}): LogRecord {
  sequence++;
  return {
    id: randomUUID(),
    streamName: `contact-${sequence % 5}`,
    revision: BigInt(sequence),
    type: 'HoldStarted',
    contentType: 'application/json',
    created: 17_000_000_000_000_000n + BigInt(sequence),
    data: Buffer.from(JSON.stringify({ sequence, text: 'x'.repeat(sequence % 300) })),
    metadata: Buffer.from('{}'),
    ...overrides,
  };
}

function transactionOf(size: number): LogRecord[] {
  return Array.from({ length: size }, () => anEvent());
}

/** Compares what came back with what went in, field by field, bytes included. */
function contentOf(record: LogRecord | StoredRecord) {
  const { id, streamName, revision, type, contentType, created } = record;
  const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
  return { id, streamName, revision, type, contentType, created, data: hex(record.data), metadata: hex(record.metadata) };
}

async function openLog(options?: EventLogOptions) {
  return EventLog.open(dir, options);
}

/** Appends each transaction as its own batch and closes the log; returns the positions per transaction. */
async function writeTransactions(transactions: LogRecord[][]): Promise<bigint[][]> {
  const { log } = await openLog();
  const positions: bigint[][] = [];
  for (const transaction of transactions) {
    const appended = log.append(transaction);
    await appended.durable;
    positions.push(appended.positions);
  }
  await log.close();
  return positions;
}

function logFile(): string {
  return path.join(dir, LOG_FILE);
}

function fileSize(): number {
  return fs.statSync(logFile()).size;
}

/** Frames records as the log would, as one write batch starting at the current end of the file. */
function framedAtEnd(records: LogRecord[], options: { commit: boolean }): Buffer {
  const batchPosition = fileSize();
  const bytes = Buffer.alloc(records.reduce((sum, record) => sum + maxEncodedSize(record), 0));
  let length = 0;
  records.forEach((record, i) => {
    const endsTransaction = options.commit && i === records.length - 1;
    length += encodeRecordInto(bytes, length, record, { endsTransaction, batchPosition });
  });
  return bytes.subarray(0, length);
}

function flipByteAt(offset: number): void {
  const fd = fs.openSync(logFile(), 'r+');
  const byte = Buffer.alloc(1);
  fs.readSync(fd, byte, 0, 1, offset);
  byte[0] ^= 0xff;
  fs.writeSync(fd, byte, 0, 1, offset);
  fs.closeSync(fd);
}

/** The write path, with fdatasync held until the test lets it go, and every call counted. */
function heldSyncIo() {
  const held: Array<() => void> = [];
  const calls = { fdatasync: 0 };
  const io: WritePathIo = {
    write: (fd, buffer, offset, length, position, done) => fs.write(fd, buffer, offset, length, position, done),
    fdatasync: (fd, done) => {
      calls.fdatasync++;
      held.push(() => fs.fdatasync(fd, done));
    },
  };
  const releaseAll = () => held.splice(0).forEach((release) => release());
  return { io, calls, releaseAll, heldCount: () => held.length };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe(EventLog.name, () => {
  describe('appending and reading', () => {
    it('reads back every field of what was appended, at the positions append returned', async () => {
      const { log: sut } = await openLog();
      const transaction = [anEvent(), anEvent({ data: new Uint8Array(0), contentType: 'application/octet-stream' }), anEvent()];

      const { positions, durable } = sut.append(transaction);
      await durable;

      expect(positions[0]).toBe(0n);
      expect(positions.map((position) => contentOf(sut.readAt(position)))).toEqual(transaction.map(contentOf));
      expect(sut.readForward(0n, 10).map(contentOf)).toEqual(transaction.map(contentOf));
      expect(sut.readForward(0n, 10).map((record) => record.position)).toEqual(positions);
      await sut.close();
    });

    it('hands out strictly increasing positions, and reads them back in that order', async () => {
      const { log: sut } = await openLog();
      const appended = Array.from({ length: 40 }, (_, i) => sut.append(transactionOf(1 + (i % 4))));
      await Promise.all(appended.map((append) => append.durable));

      const positions = appended.flatMap((append) => append.positions);
      positions.forEach((position, i) => i > 0 && expect(position).toBeGreaterThan(positions[i - 1]));
      expect(sut.readForward(0n, 1000).map((record) => record.position)).toEqual(positions);
      expect(sut.durablePosition).toBe(sut.writtenPosition);
      await sut.close();
    });

    it('stops at maxRecords and before untilPosition', async () => {
      const { log: sut } = await openLog();
      const { positions, durable } = sut.append(transactionOf(10));
      await durable;

      expect(sut.readForward(positions[2], 3).map((record) => record.position)).toEqual(positions.slice(2, 5));
      expect(sut.readForward(positions[2], 100, positions[6]).map((record) => record.position)).toEqual(positions.slice(2, 6));
      expect(sut.readForward(sut.durablePosition, 10)).toEqual([]);
      expect(sut.readForward(2n ** 62n, 10, 2n ** 63n)).toEqual([]);
      await sut.close();
    });

    it('reads records larger than its read block, and across block boundaries', async () => {
      const { log: sut } = await openLog();
      const transaction = [100_000, 400_000, 10, 300_000, 70_000].map((size) => anEvent({ data: Buffer.alloc(size, size % 251) }));
      const { positions, durable } = sut.append(transaction);
      await durable;

      expect(sut.readForward(0n, 10).map(contentOf)).toEqual(transaction.map(contentOf));
      expect(contentOf(sut.readAt(positions[3]))).toEqual(contentOf(transaction[3]));
      await sut.close();
    });

    it('refuses a position where no record starts', async () => {
      const { log: sut } = await openLog();
      const { positions, durable } = sut.append(transactionOf(2));
      await durable;

      expect(() => sut.readAt(positions[1] + 1n)).toThrow(expect.objectContaining({ code: 'STORAGE.INVALID_POSITION' }));
      expect(() => sut.readForward(positions[1] + 1n, 10)).toThrow(expect.objectContaining({ code: 'STORAGE.INVALID_POSITION' }));
      expect(() => sut.readAt(sut.durablePosition)).toThrow(expect.objectContaining({ code: 'STORAGE.INVALID_POSITION' }));
      await sut.close();
    });

    it('keeps what was appended across a close and reopen, and appends after it', async () => {
      const first = transactionOf(3);
      const [positions] = await writeTransactions([first]);

      const endBefore = BigInt(fileSize());
      const { log: sut, recovered, cut } = await openLog();
      const next = sut.append(transactionOf(1));
      await next.durable;

      expect(cut).toBeUndefined();
      expect(recovered.map(contentOf)).toEqual(first.map(contentOf));
      expect(recovered.map((record) => record.position)).toEqual(positions);
      expect(next.positions[0]).toBe(endBefore);
      await sut.close();
    });
  });

  describe('durability and transactions', () => {
    it('shows nothing of a transaction until all of it is durable, then all of it', async () => {
      const { io, releaseAll, heldCount } = heldSyncIo();
      const { log: sut } = await openLog({ writePathIo: io });
      const { positions, durable } = sut.append(transactionOf(5));

      await until(() => heldCount() === 1); // written, not yet fdatasync'ed
      expect(sut.durablePosition).toBe(0n);
      expect(sut.writtenPosition).toBeGreaterThan(0n);
      expect(sut.readForward(0n, 10)).toEqual([]);
      expect(() => sut.readAt(positions[0])).toThrow(expect.objectContaining({ code: 'STORAGE.INVALID_POSITION' }));

      releaseAll();
      await durable;
      expect(sut.durablePosition).toBe(sut.writtenPosition);
      expect(sut.readForward(0n, 10).map((record) => record.position)).toEqual(positions);
      await sut.close();
    });

    it('queues nothing of a transaction that holds a record it cannot store', async () => {
      const { log: sut } = await openLog();
      const before = sut.writtenPosition;

      expect(() => sut.append([anEvent(), anEvent({ id: 'not-a-uuid' }), anEvent()])).toThrow(
        expect.objectContaining({ code: 'STORAGE.INVALID_RECORD' }),
      );
      const valid = transactionOf(1);
      await sut.append(valid).durable;

      expect(sut.readForward(before, 10).map(contentOf)).toEqual(valid.map(contentOf));
      await sut.close();
    });

    it('writes transactions appended together with one write and one fdatasync', async () => {
      const { log: sut } = await openLog();

      const appended = Array.from({ length: 50 }, () => sut.append(transactionOf(1)));
      await Promise.all(appended.map((append) => append.durable));

      expect(sut.stats.flushes).toBe(1);
      expect(sut.stats.bytesWritten).toBe(Number(sut.durablePosition));
      await sut.close();
    });

    it('shares fdatasyncs between concurrent appenders (group commit)', async () => {
      const { log: sut } = await openLog();
      const appenders = 8;
      const appendsEach = 25;

      await Promise.all(
        Array.from({ length: appenders }, async () => {
          for (let i = 0; i < appendsEach; i++) await sut.append(transactionOf(1)).durable;
        }),
      );

      expect(sut.stats.flushes).toBeLessThan((appenders * appendsEach) / 2);
      expect(sut.readForward(0n, 1000)).toHaveLength(appenders * appendsEach);
      await sut.close();
    });

    it('resolves the durable promises of a batch in append order', async () => {
      const { log: sut } = await openLog();
      const resolved: number[] = [];

      const appended = Array.from({ length: 10 }, (_, i) => sut.append(transactionOf(1)).durable.then(() => resolved.push(i)));
      await Promise.all(appended);

      expect(resolved).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      await sut.close();
    });

    it('writes the next batch while the previous fdatasync runs, not before it returns', async () => {
      const { io, calls, releaseAll, heldCount } = heldSyncIo();
      const { log: sut } = await openLog({ writePathIo: io });
      const first = sut.append(transactionOf(1));
      await until(() => heldCount() === 1);

      const second = sut.append(transactionOf(2));
      const third = sut.append(transactionOf(3));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(calls.fdatasync).toBe(1); // the second batch waits for the first fdatasync

      releaseAll();
      await first.durable;
      await until(() => heldCount() === 1);
      releaseAll();
      await Promise.all([second.durable, third.durable]);
      expect(sut.stats.flushes).toBe(2);
      await sut.close();
    });

    it('stops for good when an fdatasync fails: rejects that batch and every later append, and never retries', async () => {
      const calls = { fdatasync: 0 };
      const failingIo: WritePathIo = {
        write: (fd, buffer, offset, length, position, done) => fs.write(fd, buffer, offset, length, position, done),
        fdatasync: (fd, done) => {
          calls.fdatasync++;
          if (calls.fdatasync === 1) fs.fdatasync(fd, done);
          else setTimeout(() => done(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })), 10);
        },
      };
      const { log: sut } = await openLog({ writePathIo: failingIo });
      await sut.append(transactionOf(1)).durable;
      const durableBefore = sut.durablePosition;

      const failed = sut.append(transactionOf(1)).durable;
      await until(() => calls.fdatasync === 2);
      const queuedBehind = sut.append(transactionOf(1)).durable;

      await expect(failed).rejects.toMatchObject({ code: 'STORAGE.FAILED' });
      await expect(queuedBehind).rejects.toMatchObject({ code: 'STORAGE.FAILED' });
      expect(() => sut.append(transactionOf(1))).toThrow(expect.objectContaining({ code: 'STORAGE.FAILED' }));
      expect(sut.durablePosition).toBe(durableBefore);
      await sut.close();
      expect(calls.fdatasync).toBe(2);
    });

    it('finishes pending flushes on close, then refuses appends', async () => {
      const { log: sut } = await openLog();
      const transaction = transactionOf(3);
      const { durable } = sut.append(transaction);

      await sut.close();

      await expect(durable).resolves.toBeUndefined();
      expect(() => sut.append(transactionOf(1))).toThrow(expect.objectContaining({ code: 'STORAGE.CLOSED' }));
      const { log: reopened, recovered } = await openLog();
      expect(recovered.map(contentOf)).toEqual(transaction.map(contentOf));
      await reopened.close();
    });
  });

  describe('recovery', () => {
    async function reopenAfter(damage: () => void) {
      const kept = [transactionOf(2), transactionOf(3)];
      const positions = await writeTransactions(kept);
      const intactEnd = fileSize();
      damage();
      const opened = await openLog();
      await opened.log.close();
      return { ...opened, kept: kept.flat(), positions, intactEnd };
    }

    it('cuts garbage after the last transaction', async () => {
      const { recovered, cut, kept, intactEnd } = await reopenAfter(() => fs.appendFileSync(logFile(), Buffer.from('garbage that is no record at all')));

      expect(recovered.map(contentOf)).toEqual(kept.map(contentOf));
      expect(cut).toMatchObject({ position: BigInt(intactEnd), bytes: 32 });
      expect(fileSize()).toBe(intactEnd);
    });

    it('cuts a final record that was only half written, with the rest of its transaction', async () => {
      let tornEnd = 0;
      const { recovered, cut, kept, intactEnd } = await reopenAfter(() => {
        const torn = framedAtEnd(transactionOf(3), { commit: true });
        tornEnd = fileSize() + torn.length - 40;
        fs.appendFileSync(logFile(), torn.subarray(0, torn.length - 40));
      });

      expect(recovered.map(contentOf)).toEqual(kept.map(contentOf));
      expect(cut).toMatchObject({ position: BigInt(intactEnd), bytes: tornEnd - intactEnd });
      expect(fileSize()).toBe(intactEnd);
    });

    it('cuts a final transaction that has no commit marker', async () => {
      const { recovered, cut, kept, intactEnd } = await reopenAfter(() =>
        fs.appendFileSync(logFile(), framedAtEnd(transactionOf(4), { commit: false })),
      );

      expect(recovered.map(contentOf)).toEqual(kept.map(contentOf));
      expect(cut?.reason).toMatch(/no commit marker/);
      expect(fileSize()).toBe(intactEnd);
    });

    it('cuts a zero-filled tail (a file extended by the filesystem, data never written)', async () => {
      const { recovered, kept, intactEnd } = await reopenAfter(() => fs.appendFileSync(logFile(), Buffer.alloc(10_000)));

      expect(recovered.map(contentOf)).toEqual(kept.map(contentOf));
      expect(fileSize()).toBe(intactEnd);
    });

    it('cuts a final write batch with a hole, even though records of that batch survive after the hole', async () => {
      const { recovered, cut, kept, intactEnd } = await reopenAfter(() => {
        const batch = framedAtEnd([...transactionOf(2), ...transactionOf(1)], { commit: true });
        batch.fill(0, 100, 400); // a page that never reached the disk before the power went
        fs.appendFileSync(logFile(), batch);
      });

      expect(recovered.map(contentOf)).toEqual(kept.map(contentOf));
      expect(cut?.reason).toMatch(/same interrupted write/);
      expect(fileSize()).toBe(intactEnd);
    });

    it('cuts a torn record of random-looking bytes quickly (searching it for later records stays cheap)', async () => {
      let started = 0;
      const { recovered, kept, intactEnd } = await reopenAfter(() => {
        const torn = framedAtEnd([anEvent({ data: randomBytes(8 * 1024 * 1024), contentType: 'application/octet-stream' })], { commit: true });
        fs.appendFileSync(logFile(), torn.subarray(0, torn.length - 1));
        started = performance.now();
      });

      expect(performance.now() - started).toBeLessThan(5_000);
      expect(recovered.map(contentOf)).toEqual(kept.map(contentOf));
      expect(fileSize()).toBe(intactEnd);
    });

    it('refuses to open, naming the offset, when durable data in the middle is damaged', async () => {
      const positions = await writeTransactions([transactionOf(2), transactionOf(2), transactionOf(2)]);
      const damaged = Number(positions[1][1]) + 30;
      flipByteAt(damaged);
      const sizeBefore = fileSize();

      const opening = openLog();

      await expect(opening).rejects.toMatchObject({ code: 'STORAGE.CORRUPTED' });
      await expect(opening).rejects.toThrow(`damaged at position ${positions[1][1]}`);
      expect(fileSize()).toBe(sizeBefore);
      await expect(openLog()).rejects.toMatchObject({ code: 'STORAGE.CORRUPTED' }); // not LOCKED: the failed open let go
    });

    it('scans only the tail after fromPosition', async () => {
      const positions = await writeTransactions([transactionOf(3), transactionOf(2), transactionOf(4)]);
      const tailStart = positions[2][0];
      flipByteAt(Number(positions[0][1]) + 20); // damage the log cannot see if it never reads there

      const { log: sut, recovered } = await openLog({ fromPosition: tailStart });

      expect(recovered.map((record) => record.position)).toEqual(positions[2]);
      await sut.close();
    });

    it('cuts an interrupted write that began exactly at fromPosition', async () => {
      const positions = await writeTransactions([transactionOf(3)]);
      const intactEnd = fileSize();
      fs.appendFileSync(logFile(), framedAtEnd(transactionOf(3), { commit: true }).subarray(0, 100));

      const { log: sut, recovered, cut } = await openLog({ fromPosition: BigInt(intactEnd) });

      expect(recovered).toEqual([]);
      expect(cut?.position).toBe(BigInt(intactEnd));
      expect(fileSize()).toBe(intactEnd);
      expect(sut.durablePosition).toBe(BigInt(intactEnd));
      expect(positions[0]).toHaveLength(3);
      await sut.close();
    });

    it('refuses a fromPosition where no transaction ends, rather than cut anything', async () => {
      const positions = await writeTransactions([transactionOf(3), transactionOf(1)]);
      const sizeBefore = fileSize();

      await expect(openLog({ fromPosition: positions[0][1] + 5n })).rejects.toMatchObject({ code: 'STORAGE.INVALID_POSITION' });
      await expect(openLog({ fromPosition: BigInt(sizeBefore + 1) })).rejects.toMatchObject({ code: 'STORAGE.INVALID_POSITION' });
      expect(fileSize()).toBe(sizeBefore);
    });

    it('tells its log callback what it cut', async () => {
      await writeTransactions([transactionOf(1)]);
      fs.appendFileSync(logFile(), Buffer.from('torn'));
      const messages: string[] = [];

      const { log: sut } = await openLog({ log: (message) => messages.push(message) });

      expect(messages).toEqual([expect.stringMatching(/cut 4 bytes at position \d+/)]);
      await sut.close();
    });
  });

  describe('lock', () => {
    it('refuses a second open of the same log in the same process', async () => {
      const { log: first } = await openLog();

      await expect(openLog()).rejects.toMatchObject({ code: 'STORAGE.LOCKED' });
      await first.close();
      const { log: again } = await openLog();
      await again.close();
    });

    it('opens a log whose LOCK file from an older version names a live process: a pid proves nothing', async () => {
      fs.writeFileSync(path.join(dir, 'LOCK'), String(process.ppid));

      const { log: sut } = await openLog();

      await sut.close();
    });
  });
});
