/**
 * Kills a process that appends to the log with SIGKILL at random instants, and checks after each
 * kill that everything it was told was durable is there, byte for byte, and that no transaction is
 * visible in part. The child runs as plain JavaScript compiled once by swc, so each round pays only
 * Node's start-up.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EventLog } from './event-log';
import type { LogRecord, StoredRecord } from './log-record';
import { compileStorageTo } from './testing/compile-storage';
import { transactionEnds, workloadRecord } from './testing/crash-workload';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 100);
const ROUNDS_PER_LOG = 4; // a fresh log now and then keeps each round's full re-check short
const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));

let workDir: string;
let childScript: string;

beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(tmpdir(), 'event-log-crash-'));
  childScript = compileStorageTo(path.join(workDir, 'compiled'))('testing/log-appender.child.ts');
});

afterAll(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
});

interface Acknowledged {
  lastPosition: bigint;
  /** Records in the log up to and including the acknowledged transaction. */
  count: number;
}

interface Round {
  /** Records the appender found when it opened the log. */
  countAtStart: number;
  lastAcknowledged?: Acknowledged;
}

/** Starts the appender, kills it 20–300 ms after it is ready, and returns what it reported. */
async function appendUntilKilled(dir: string, depth: number): Promise<Round> {
  const child = spawn(process.execPath, [childScript, dir, String(SEED), String(depth)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout!.on('data', (chunk: Buffer) => {
    const wasReady = stdout.includes('READY');
    stdout += chunk.toString();
    if (!wasReady && stdout.includes('READY')) setTimeout(() => child.kill('SIGKILL'), 20 + Math.random() * 280);
  });
  const { code, signal } = await exited(child); // after 'close': every line is read, and the pid is reaped
  if (signal !== 'SIGKILL') throw new Error(`The appender exited by itself (code ${code}): ${stderr}`);

  const lines = stdout.split('\n');
  const countAtStart = Number(lines[0].split(' ')[1]);
  const acks = lines.filter((line) => line.startsWith('ACK '));
  if (acks.length === 0) return { countAtStart };
  const [, lastPosition, count] = acks[acks.length - 1].split(' ');
  return { countAtStart, lastAcknowledged: { lastPosition: BigInt(lastPosition), count: Number(count) } };
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
}

/** Every log of the run holds the same workload from sequence 0, so each record is built once. */
const expectedRecords: LogRecord[] = [];
function expectedRecord(sequence: number): LogRecord {
  return (expectedRecords[sequence] ??= workloadRecord(SEED, sequence));
}

function sameContent(stored: StoredRecord, expected: LogRecord): boolean {
  return (
    stored.id === expected.id &&
    stored.streamName === expected.streamName &&
    stored.revision === expected.revision &&
    stored.type === expected.type &&
    stored.contentType === expected.contentType &&
    stored.created === expected.created &&
    Buffer.compare(stored.data, expected.data) === 0 &&
    Buffer.compare(stored.metadata, expected.metadata) === 0
  );
}

describe('EventLog under SIGKILL', () => {
  it('keeps every acknowledged record, byte for byte, and never shows part of a transaction', async () => {
    const started = performance.now();
    const totals = { rounds: 0, acknowledged: 0, lost: 0, tornVisible: 0, mismatched: 0, disordered: 0, cutBytes: 0 };
    let dir = '';
    let acknowledgedInLog: Acknowledged | undefined;

    for (let round = 0; round < ROUNDS; round++) {
      if (round % ROUNDS_PER_LOG === 0) {
        dir = path.join(workDir, `log-${round}`);
        acknowledgedInLog = undefined;
      }
      const { countAtStart, lastAcknowledged } = await appendUntilKilled(dir, 1 + (round % 8));
      if (lastAcknowledged) acknowledgedInLog = lastAcknowledged;

      const { log, recovered, cut } = await EventLog.open(dir);
      await log.close();

      totals.rounds++;
      totals.cutBytes += cut?.bytes ?? 0;
      const acknowledgedCount = acknowledgedInLog?.count ?? 0;
      totals.acknowledged += lastAcknowledged ? lastAcknowledged.count - countAtStart : 0;
      totals.lost += Math.max(0, acknowledgedCount - recovered.length);
      const lastAcknowledgedRecord = recovered[acknowledgedCount - 1];
      if (lastAcknowledgedRecord && lastAcknowledgedRecord.position !== acknowledgedInLog?.lastPosition) totals.mismatched++;
      if (!transactionEnds(SEED, recovered.length).has(recovered.length)) totals.tornVisible++;
      recovered.forEach((record, sequence) => {
        if (!sameContent(record, expectedRecord(sequence))) totals.mismatched++;
        if (sequence > 0 && record.position <= recovered[sequence - 1].position) totals.disordered++;
      });
    }

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `crash test (seed ${SEED}): ${totals.rounds} rounds in ${seconds} s, ${totals.acknowledged} acknowledged records, ` +
        `lost ${totals.lost}, torn visible ${totals.tornVisible}, mismatched ${totals.mismatched}, ` +
        `out of order ${totals.disordered}, ${totals.cutBytes} bytes of interrupted writes cut\n`,
    );
    expect(totals).toMatchObject({ rounds: ROUNDS, lost: 0, tornVisible: 0, mismatched: 0, disordered: 0 });
    expect(totals.acknowledged).toBeGreaterThan(0);
  }, 180_000);
});
