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
    }
  | {
      readonly kind: 'pglite';
      readonly dataDir: string;
      readonly schemaPrefix?: string;
    };

export type ReadStoreKind = ReadStoreConfig['kind'];

/** Generations are schemas named `<prefix>_g<n>`: `read_g1`, `read_g2`, ... */
export const DEFAULT_SCHEMA_PREFIX = 'read';
const DEFAULT_DATA_DIR = './.hindsight';
const SCHEMA_PREFIX_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

export function readStoreConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ReadStoreConfig {
  const schemaPrefix = env.HINDSIGHT_READ_SCHEMA_PREFIX?.trim() || undefined;
  const connectionString = env.DATABASE_URL?.trim();
  if (connectionString) return { kind: 'postgres', connectionString, schemaPrefix };
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
