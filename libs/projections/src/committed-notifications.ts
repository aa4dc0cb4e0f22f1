/**
 * Tells other processes what a projector committed, through PostgreSQL's NOTIFY: sent inside the
 * batch's transaction, so it is delivered if and only if the batch commits. The API (which in
 * production does not run the projector) listens and pushes live updates from it. PGlite is one
 * process by construction, so there the in-process `onCommitted` is enough.
 */
import { sql } from 'kysely';
import { Client } from 'pg';
import type { ReadModelTransaction } from '@hindsight/read-store';
import type { CommittedBatch } from './projection';

export const COMMITTED_CHANNEL = 'hindsight_projection_committed';
/** NOTIFY payloads must stay under 8,000 bytes: many touched keys go in several notifications. */
const MAX_PAYLOAD_BYTES = 7_000;

type Notified = Pick<CommittedBatch, 'projection' | 'generation' | 'touched'>;

export async function notifyCommitted(trx: ReadModelTransaction, batch: Notified): Promise<void> {
  for (const touched of chunksUnder(batch.touched, MAX_PAYLOAD_BYTES)) {
    const payload = JSON.stringify({ projection: batch.projection, generation: batch.generation, touched });
    await sql`select pg_notify(${COMMITTED_CHANNEL}, ${payload})`.execute(trx);
  }
}

/** Listens on its own connection until the returned function is called. */
export async function listenForCommits(
  connectionString: string,
  listener: (batch: Notified) => void,
): Promise<() => Promise<void>> {
  const client = new Client({ connectionString });
  await client.connect();
  client.on('notification', ({ channel, payload }) => {
    if (channel === COMMITTED_CHANNEL && payload) listener(JSON.parse(payload) as Notified);
  });
  await client.query(`listen ${COMMITTED_CHANNEL}`);
  return () => client.end();
}

function* chunksUnder(keys: readonly string[], maxBytes: number): Generator<string[]> {
  let chunk: string[] = [];
  let bytes = 0;
  for (const key of keys) {
    const size = Buffer.byteLength(key) + 4;
    if (chunk.length > 0 && bytes + size > maxBytes) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(key);
    bytes += size;
  }
  if (chunk.length > 0) yield chunk;
}
