/**
 * The crash test's workload, shared by the appender child and the test that checks its log: every
 * record's content, and where each transaction ends, follow from the seed alone, so the checker
 * can rebuild exactly what should be on disk.
 */
import type { LogRecord } from '../log-record';

/** Sizes that cross the log's 256 KiB read blocks now and then. */
const LARGE_RECORD_BYTES = 300_000;
const LARGE_RECORD_EVERY = 397;
const MAX_TRANSACTION_RECORDS = 20;

/** Records in the transaction that starts at `firstSequence`: 1 to 20. */
export function transactionSizeAt(seed: number, firstSequence: number): number {
  return 1 + (hash(seed, firstSequence, 1) % MAX_TRANSACTION_RECORDS);
}

/** Sequence numbers at which a transaction ends, up to and including `count` if it is one. */
export function transactionEnds(seed: number, count: number): Set<number> {
  const ends = new Set<number>([0]);
  for (let end = 0; end < count; ) {
    end += transactionSizeAt(seed, end);
    ends.add(end);
  }
  return ends;
}

export function workloadRecord(seed: number, sequence: number): LogRecord {
  const h = (salt: number) => hash(seed, sequence, salt);
  const id = [h(10), h(11), h(12), h(13)].map((word) => word.toString(16).padStart(8, '0')).join('');
  const dataBytes = sequence % LARGE_RECORD_EVERY === LARGE_RECORD_EVERY - 1 ? LARGE_RECORD_BYTES : h(2) % 1_200;
  return {
    id: `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`,
    streamName: `crash-${h(3) % 13}-ü`,
    revision: BigInt(sequence),
    type: `Happened${h(4) % 5}`,
    contentType: h(5) % 2 === 0 ? 'application/json' : 'application/octet-stream',
    created: 16_000_000_000_000_000n + BigInt(sequence) * 10_000n,
    data: pseudoRandomBytes(h(6), dataBytes),
    metadata: pseudoRandomBytes(h(7), h(8) % 64),
  };
}

function pseudoRandomBytes(start: number, length: number): Uint8Array {
  const words = new Uint32Array(Math.ceil(length / 4));
  let state = start | 1;
  for (let i = 0; i < words.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    words[i] = state;
  }
  return new Uint8Array(words.buffer, 0, length);
}

function hash(seed: number, sequence: number, salt: number): number {
  let x = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(sequence + 1, 0xc2b2ae35) ^ Math.imul(salt, 0x27d4eb2f);
  x ^= x >>> 15;
  x = Math.imul(x, 0x2c1b3c6d);
  x ^= x >>> 12;
  x = Math.imul(x, 0x297a2d39);
  x ^= x >>> 15;
  return x >>> 0;
}
