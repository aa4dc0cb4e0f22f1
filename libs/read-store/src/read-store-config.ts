/**
 * Where the read models live. `DATABASE_URL` switches to PostgreSQL (production); without it the
 * read store is PGlite in `<HINDSIGHT_DATA_DIR>/read-store`, so a checkout works with nothing else
 * installed. The SQL and the code path after opening are the same for both.
 */
import { resolve } from 'node:path';

export type ReadStoreConfig =
  | {
      readonly kind: 'postgres';
      readonly connectionString: string;
      readonly schemaPrefix?: string;
      /** The pool's size; 10 when omitted. */
      readonly maxConnections?: number;
      /** Timeouts of every PostgreSQL call; the defaults when omitted. */
      readonly timeouts?: Partial<PostgresTimeouts>;
    }
  | {
      readonly kind: 'pglite';
      readonly dataDir: string;
      readonly schemaPrefix?: string;
    };

export type ReadStoreKind = ReadStoreConfig['kind'];

/**
 * No call to PostgreSQL waits forever: a server that is down, restarting or stuck answers with
 * READ_STORE.UNAVAILABLE (retryable) after these, instead of holding a request or a projector batch.
 */
export interface PostgresTimeouts {
  /** Getting a connection (from the pool, or a new one to the server). */
  readonly connectMs: number;
  /** One statement, on the server (`statement_timeout`) and on the client (`query_timeout`). */
  readonly statementMs: number;
  /** A transaction left idle by a client that went away (`idle_in_transaction_session_timeout`). */
  readonly idleInTransactionMs: number;
}

export const DEFAULT_POSTGRES_TIMEOUTS: PostgresTimeouts = {
  connectMs: 5_000,
  statementMs: 30_000,
  idleInTransactionMs: 60_000,
};

/** Generations are schemas named `<prefix>_g<n>`: `read_g1`, `read_g2`, ... */
export const DEFAULT_SCHEMA_PREFIX = 'read';
const DEFAULT_DATA_DIR = './.hindsight';
const SCHEMA_PREFIX_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

export function readStoreConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ReadStoreConfig {
  const schemaPrefix = env.HINDSIGHT_READ_SCHEMA_PREFIX?.trim() || undefined;
  const connectionString = env.DATABASE_URL?.trim();
  if (connectionString) {
    const timeouts: PostgresTimeouts = {
      connectMs: positiveMs(env, 'DATABASE_CONNECT_TIMEOUT_MS', DEFAULT_POSTGRES_TIMEOUTS.connectMs),
      statementMs: positiveMs(env, 'DATABASE_STATEMENT_TIMEOUT_MS', DEFAULT_POSTGRES_TIMEOUTS.statementMs),
      idleInTransactionMs: positiveMs(env, 'DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS', DEFAULT_POSTGRES_TIMEOUTS.idleInTransactionMs),
    };
    return { kind: 'postgres', connectionString, schemaPrefix, timeouts };
  }
  return { kind: 'pglite', dataDir: resolve(env.HINDSIGHT_DATA_DIR || DEFAULT_DATA_DIR, 'read-store'), schemaPrefix };
}

/** The prefix is spliced into schema names, so it is held to plain lower-case identifiers. */
export function validSchemaPrefix(prefix: string | undefined): string {
  const chosen = prefix ?? DEFAULT_SCHEMA_PREFIX;
  if (!SCHEMA_PREFIX_PATTERN.test(chosen)) {
    throw new Error(`A read-store schema prefix must match ${SCHEMA_PREFIX_PATTERN}, got "${chosen}"`);
  }
  return chosen;
}

/** Where the read store is, with any password taken out: fit for logs and health reports. */
export function describeReadStore(config: ReadStoreConfig): string {
  if (config.kind === 'pglite') return `pglite:${config.dataDir}`;
  return config.connectionString.replace(/^([a-z]+:\/\/[^:@/]*):[^@/]*@/i, '$1@');
}

function positiveMs(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1) throw new Error(`${name} must be a positive number of milliseconds, got "${text}"`);
  return value;
}
