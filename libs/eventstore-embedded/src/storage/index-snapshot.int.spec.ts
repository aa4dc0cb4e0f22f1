import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type IndexSnapshot, readIndexSnapshot, writeIndexSnapshot } from './index-snapshot';

const SNAPSHOT_FILE = 'index.snapshot';
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(tmpdir(), 'index-snapshot-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** An index of `count` events spread over `streams` streams, its arrays larger than `count` like the engine's. */
function anIndex(count: number, streams: number, logPosition = 123_456_789n): IndexSnapshot {
  const capacity = count + 17;
  const snapshot: IndexSnapshot = {
    logPosition,
    streamNames: Array.from({ length: streams }, (_, i) => (i % 3 === 0 ? `case-Zoë-${i}-🙂` : `contact-${i}`)),
    count,
    positions: new Float64Array(capacity).fill(-7),
    streamIds: new Uint32Array(capacity).fill(99_999),
    revisions: new Float64Array(capacity).fill(-7),
  };
  const nextRevision = new Array<number>(streams).fill(0);
  for (let i = 0; i < count; i++) {
    const stream = (i * 7919) % streams;
    snapshot.positions[i] = i * 613;
    snapshot.streamIds[i] = stream;
    snapshot.revisions[i] = i % 1000 === 999 ? -1 : nextRevision[stream]++;
  }
  return snapshot;
}

function theFirst(snapshot: IndexSnapshot) {
  const { count } = snapshot;
  return {
    logPosition: snapshot.logPosition,
    streamNames: [...snapshot.streamNames],
    count,
    positions: Array.from(snapshot.positions.subarray(0, count)),
    streamIds: Array.from(snapshot.streamIds.subarray(0, count)),
    revisions: Array.from(snapshot.revisions.subarray(0, count)),
  };
}

/** Byte-wise, for sizes where element-wise matchers take seconds. */
function bytesOfTheFirst(snapshot: IndexSnapshot) {
  const bytesOf = (array: Float64Array | Uint32Array) => Buffer.from(array.buffer, array.byteOffset, snapshot.count * array.BYTES_PER_ELEMENT);
  return {
    logPosition: snapshot.logPosition,
    streamNames: snapshot.streamNames.join('\n'),
    count: snapshot.count,
    positions: bytesOf(snapshot.positions).toString('base64'),
    streamIds: bytesOf(snapshot.streamIds).toString('base64'),
    revisions: bytesOf(snapshot.revisions).toString('base64'),
  };
}

function rejectionOf(): string[] {
  const reasons: string[] = [];
  expect(readIndexSnapshot(dir, { onRejected: (reason) => reasons.push(reason) })).toBeUndefined();
  return reasons;
}

describe('index snapshot', () => {
  it('reads back what was written: the first count entries, names, tombstones and position', async () => {
    const written = anIndex(5_000, 300);

    await writeIndexSnapshot(dir, written);

    expect(theFirst(readIndexSnapshot(dir)!)).toEqual(theFirst(written));
  });

  it('round-trips an empty index', async () => {
    await writeIndexSnapshot(dir, anIndex(0, 0, 0n));

    expect(readIndexSnapshot(dir)).toMatchObject({ logPosition: 0n, count: 0, streamNames: [] });
  });

  it('copies the arrays when called, so the caller may go on changing them', async () => {
    const written = anIndex(100, 10);
    const expected = theFirst(written);

    const writing = writeIndexSnapshot(dir, written);
    written.positions.fill(0);
    written.streamNames[0] = 'renamed';
    await writing;

    expect(theFirst(readIndexSnapshot(dir)!)).toEqual(expected);
  });

  it('keeps the newer of two overlapping writes, and leaves no temporary file behind', async () => {
    await Promise.all([writeIndexSnapshot(dir, anIndex(10, 2, 100n)), writeIndexSnapshot(dir, anIndex(20, 2, 200n))]);

    expect(readIndexSnapshot(dir)?.logPosition).toBe(200n);
    expect(fs.readdirSync(dir)).toEqual([SNAPSHOT_FILE]);
  });

  it('loads a million events back as they were written', async () => {
    const written = anIndex(1_000_000, 100_000);
    await writeIndexSnapshot(dir, written);

    const read = readIndexSnapshot(dir)!;

    expect(bytesOfTheFirst(read)).toEqual(bytesOfTheFirst(written));
  });

  it('is undefined when there is no snapshot, without calling that a rejection', () => {
    expect(rejectionOf()).toEqual([]);
  });

  it('rejects a snapshot with a flipped bit', async () => {
    await writeIndexSnapshot(dir, anIndex(1_000, 50));
    const file = path.join(dir, SNAPSHOT_FILE);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 100] ^= 0b100;
    fs.writeFileSync(file, bytes);

    expect(rejectionOf()).toEqual(['checksum mismatch']);
  });

  it('rejects a truncated snapshot', async () => {
    await writeIndexSnapshot(dir, anIndex(1_000, 50));
    const file = path.join(dir, SNAPSHOT_FILE);
    fs.truncateSync(file, fs.statSync(file).size - 8);

    expect(rejectionOf()).toEqual(['checksum mismatch']);
  });

  it('rejects a file that is not a snapshot, or a format version it does not know', async () => {
    const file = path.join(dir, SNAPSHOT_FILE);
    fs.writeFileSync(file, '{"positions": []}');
    expect(rejectionOf()).toEqual(['not an index snapshot']);

    await writeIndexSnapshot(dir, anIndex(10, 2));
    const bytes = fs.readFileSync(file);
    bytes.writeUInt32LE(2, 8);
    fs.writeFileSync(file, bytes);
    expect(rejectionOf()).toEqual(['format version 2, expected 1']);
  });
});
