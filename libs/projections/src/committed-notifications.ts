/**
 * Tells other processes what a projector committed, through PostgreSQL's NOTIFY: sent inside the
 * batch's transaction, so it is delivered if and only if the batch commits. The API (which in
 * production does not run the projector) listens and pushes live updates from it. PGlite is one
 * process by construction, so there the in-process `onCommitted` is enough.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { Client } from 'pg';
import { DEFAULT_POSTGRES_TIMEOUTS, type ReadModelTransaction } from '@hindsight/read-store';
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

export interface ListenOptions {
  /** Wait before connecting again after the connection was lost. Default 1 s. */
  readonly retryDelayMs?: number;
  /** Told of every lost connection and failed reconnection; the listener keeps trying regardless. */
  readonly onError?: (error: Error) => void;
}

/**
 * Listens on its own connection until the returned function is called. The first connection must
 * succeed; after that, a lost connection (PostgreSQL restarted, a network cut) is reconnected, after
 * `retryDelayMs`, for as long as it takes: notifications sent while it was gone are not heard.
 */
export async function listenForCommits(
  connectionString: string,
  listener: (batch: Notified) => void,
  options: ListenOptions = {},
): Promise<() => Promise<void>> {
  let stopped = false;
  let reconnecting = false;
  let client: Client | undefined;
  const connect = async () => {
    // keepAlive finds a server that went away without closing the connection.
    const next = new Client({ connectionString, connectionTimeoutMillis: DEFAULT_POSTGRES_TIMEOUTS.connectMs, keepAlive: true });
    next.on('notification', ({ channel, payload }) => {
      if (channel === COMMITTED_CHANNEL && payload) listener(JSON.parse(payload) as Notified);
    });
    // Unheard, a connection's 'error' would end the process.
    next.on('error', (error) => {
      options.onError?.(error);
      reconnect();
    });
    next.on('end', reconnect);
    try {
      await next.connect();
      await next.query(`listen ${COMMITTED_CHANNEL}`);
    } catch (error) {
      next.removeAllListeners('end');
      await next.end().catch(() => undefined);
      throw error;
    }
    client = next;
  };
  function reconnect(): void {
    if (stopped || reconnecting) return;
    reconnecting = true;
    client = undefined;
    void (async () => {
      while (!stopped) {
        await sleep(options.retryDelayMs ?? 1_000);
        if (stopped) break;
        try {
          await connect();
          break;
        } catch (error) {
          options.onError?.(error as Error);
        }
      }
      reconnecting = false;
    })();
  }
  await connect();
  return async () => {
    stopped = true;
    await client?.end().catch(() => undefined);
  };
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
