/**
 * The process the crash test kills: opens the log in the directory it is given, appends the seeded
 * workload from wherever the log ends, keeping up to `depth` transactions in flight, and prints
 * `ACK <last position> <record count>` as soon as each transaction is durable. It never stops by
 * itself; SIGKILL ends it, at any instant.
 *
 * Usage: node log-appender.child.js <dir> <seed> <depth>
 */
import { EventLog } from '../event-log';
import { transactionSizeAt, workloadRecord } from './crash-workload';

async function main(): Promise<void> {
  const [dir, seedArgument, depthArgument] = process.argv.slice(2);
  const seed = Number(seedArgument);
  const depth = Number(depthArgument);
  const { log, recovered } = await EventLog.open(dir);
  let count = recovered.length;
  process.stdout.write(`READY ${count}\n`);

  const inFlight: Promise<void>[] = [];
  for (;;) {
    const size = transactionSizeAt(seed, count);
    const records = Array.from({ length: size }, (_, i) => workloadRecord(seed, count + i));
    const { positions, durable } = log.append(records);
    count += size;
    const acknowledged = `ACK ${positions[positions.length - 1]} ${count}\n`;
    // Writes to a pipe are synchronous on Linux: once this returns, the line outlives a SIGKILL.
    inFlight.push(durable.then(() => void process.stdout.write(acknowledged)));
    if (inFlight.length >= depth) await inFlight.shift();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
