/**
 * The databases the projection tests run on: PGlite always, PostgreSQL when DATABASE_URL is set.
 * Each target has its own schema prefix (and PGlite its own directory), so test files running in
 * parallel never share a generation, and `cleanUp` drops everything it made. Each also says where
 * its customers' keys go, as Hindsight's defaults would put them: files beside PGlite, the
 * database's key table on PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { KeyStoreConfig } from '@hindsight/personal-data';
import { DEFAULT_SCHEMA_PREFIX, ReadStore, type ReadStoreConfig } from '@hindsight/read-store';

export interface ReadStoreTarget {
  readonly name: 'PGlite' | 'PostgreSQL';
  readonly config: ReadStoreConfig;
  readonly keyStore: KeyStoreConfig;
  cleanUp(): Promise<void>;
}

/** The database end-to-end tests use: PostgreSQL when DATABASE_URL is set (as in CI), else PGlite. */
export function defaultReadStoreTarget(): ReadStoreTarget {
  const databaseUrl = process.env.DATABASE_URL;
  return databaseUrl ? postgresTarget(databaseUrl) : pgliteTarget();
}

export function readStoreTargets(): ReadStoreTarget[] {
  const databaseUrl = process.env.DATABASE_URL;
  return [pgliteTarget(), ...(databaseUrl ? [postgresTarget(databaseUrl)] : [])];
}

/** Says plainly, in the test report, that the PostgreSQL half of a suite did not run. */
export function reportSkippedPostgres(suite: string): void {
  if (process.env.DATABASE_URL) return;
  describe.skip(`${suite} on PostgreSQL: SKIPPED because DATABASE_URL is not set`, () => {
    it('runs only when DATABASE_URL points at a PostgreSQL server', () => undefined);
  });
}

function pgliteTarget(): ReadStoreTarget {
  const parent = mkdtempSync(join(tmpdir(), 'hindsight-projections-'));
  return {
    name: 'PGlite',
    config: { kind: 'pglite', dataDir: join(parent, 'read-store') },
    keyStore: { kind: 'files', directory: join(parent, 'keys'), schemaPrefix: DEFAULT_SCHEMA_PREFIX },
    cleanUp: async () => rmSync(parent, { recursive: true, force: true }),
  };
}

function postgresTarget(connectionString: string): ReadStoreTarget {
  const schemaPrefix = `t${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const config: ReadStoreConfig = { kind: 'postgres', connectionString, schemaPrefix };
  return {
    name: 'PostgreSQL',
    config,
    keyStore: { kind: 'database', connectionString, schemaPrefix },
    cleanUp: async () => {
      const store = await ReadStore.open(config);
      // Generations (`<prefix>_g<n>`) and the schemas kept beside them (`<prefix>_access`).
      const schemas = await sql<{ nspname: string }>`select nspname from pg_namespace where nspname like ${`${schemaPrefix}\\_%`}`.execute(store.db);
      for (const { nspname } of schemas.rows) await sql`drop schema if exists ${sql.id(nspname)} cascade`.execute(store.db);
      await store.db.deleteFrom('public.read_store_generations').where('schema_prefix', '=', schemaPrefix).execute();
      // The customers' keys share one schema across prefixes (`personal_data`), row by row.
      const { rows: [keys] } = await sql<{ table: string | null }>`select to_regclass('personal_data.customer_keys')::text as table`.execute(store.db);
      if (keys?.table) await sql`delete from personal_data.customer_keys where schema_prefix = ${schemaPrefix}`.execute(store.db);
      await store.close();
    },
  };
}
