/**
 * The customers' keys in PostgreSQL (the default with DATABASE_URL): schema `personal_data`, outside
 * every generation, which rebuilds never drop. They are the one thing in that database that cannot
 * be rebuilt from the event store: lose them and every personal field is erased; restore an old
 * copy and forgotten customers are remembered again. Back them up on their own, never restore them
 * over a newer copy.
 *
 * One live key per customer (and schema prefix, so deployments sharing a database keep their own
 * keys), created on first use. Forgetting deletes the row and then rewrites the table (`VACUUM FULL`):
 * a plain VACUUM only marks a dead row's space free and leaves its bytes in the table's file until
 * something overwrites them. What still holds the key after that (WAL, archives, backups, replicas)
 * is the operator's to bound; the README's "Personal data" says what and how.
 *
 * Its own small pool, not the read store's: a key is read while a projection's transaction is open.
 * Never on PGlite: its WAL keeps every row version (see file-customer-key-store.ts).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Kysely, Migrator, PostgresDialect, sql, type Migration } from 'kysely';
import { Pool } from 'pg';
import { DEFAULT_POSTGRES_TIMEOUTS, describeReadStore, type PostgresTimeouts } from '@hindsight/read-store';
import { CustomerKeyStore, type KeyReference } from './customer-key-store';
import type { CustomerKey } from './field-cipher';

export const PERSONAL_DATA_SCHEMA = 'personal_data';
const POOL_SIZE = 4;

export interface CustomerKeysTable {
  kid: string;
  schema_prefix: string;
  customer_id: string;
  key: Uint8Array | null;
  created_at: Date;
  destroyed_at: Date | null;
}

export interface PersonalDataTables {
  customer_keys: CustomerKeysTable;
}

export interface DatabaseKeyStoreConfig {
  readonly connectionString: string;
  /** The read store's schema prefix: its deployment's keys. */
  readonly schemaPrefix: string;
  readonly timeouts?: Partial<PostgresTimeouts>;
}

const MIGRATIONS: Record<string, Migration> = {
  '0001-customer-keys': {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`create table personal_data.customer_keys (
        kid text primary key,
        schema_prefix text not null,
        customer_id text not null,
        key bytea,
        created_at timestamptz not null default now(),
        destroyed_at timestamptz,
        check ((key is null) = (destroyed_at is not null))
      )`.execute(db);
      await sql`create unique index customer_keys_live on personal_data.customer_keys (schema_prefix, customer_id)
        where destroyed_at is null`.execute(db);
    },
  },
};

/** Takes part in the read store's advisory lock space with a key of its own. */
const MIGRATION_LOCK = sql`select pg_advisory_xact_lock(${0x68696e64}::int, hashtext('personal_data'))`;

export class DatabaseCustomerKeyStore extends CustomerKeyStore {
  readonly description: string;
  private readonly root: Kysely<PersonalDataTables>;
  private readonly db: Kysely<PersonalDataTables>;
  private migrated?: Promise<void>;

  constructor(private readonly config: DatabaseKeyStoreConfig) {
    super();
    const timeouts = { ...DEFAULT_POSTGRES_TIMEOUTS, ...config.timeouts };
    const pool = new Pool({
      connectionString: config.connectionString,
      max: POOL_SIZE,
      connectionTimeoutMillis: timeouts.connectMs,
      statement_timeout: timeouts.statementMs,
      query_timeout: timeouts.statementMs + 1_000,
      idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
    });
    // An idle client that loses its server emits 'error'; unheard, that would end the process.
    pool.on('error', (error) => new Logger(DatabaseCustomerKeyStore.name).warn(`A PostgreSQL connection failed while idle: ${error.message}`));
    this.root = new Kysely<PersonalDataTables>({ dialect: new PostgresDialect({ pool }) });
    this.db = this.root.withSchema(PERSONAL_DATA_SCHEMA);
    this.description = `table ${PERSONAL_DATA_SCHEMA}.customer_keys in ${describeReadStore({ kind: 'postgres', connectionString: config.connectionString })}`;
  }

  /**
   * Each customer's live key, created on first use. Concurrent first uses agree on one key: each
   * inserts a candidate, the unique index keeps the first, and everyone reads back the one kept.
   */
  async keysFor(customerIds: readonly string[]): Promise<Map<string, CustomerKey>> {
    await this.migrate();
    const wanted = [...new Set(customerIds)];
    const keys = new Map<string, CustomerKey>();
    if (wanted.length === 0) return keys;
    // A forget between the insert and the read leaves a customer keyless: the next round makes a new key.
    for (let round = 0; keys.size < wanted.length; round++) {
      if (round === 3) throw new Error('Customer keys kept being destroyed while they were being created');
      const missing = wanted.filter((customerId) => !keys.has(customerId));
      await this.db
        .insertInto('customer_keys')
        .values(missing.map((customerId) => ({
          kid: randomUUID(),
          schema_prefix: this.config.schemaPrefix,
          customer_id: customerId,
          key: randomBytes(32),
          created_at: new Date(),
          destroyed_at: null,
        })))
        .onConflict((conflict) => conflict.columns(['schema_prefix', 'customer_id']).where('destroyed_at', 'is', null).doNothing())
        .execute();
      const rows = await this.db
        .selectFrom('customer_keys')
        .select(['kid', 'customer_id', 'key'])
        .where('schema_prefix', '=', this.config.schemaPrefix)
        .where('customer_id', 'in', missing)
        .where('destroyed_at', 'is', null)
        .execute();
      for (const row of rows) if (row.key) keys.set(row.customer_id, { kid: row.kid, key: Buffer.from(row.key) });
    }
    return keys;
  }

  async find(references: readonly KeyReference[]): Promise<Map<string, Buffer>> {
    const keys = new Map<string, Buffer>();
    if (references.length === 0) return keys;
    await this.migrate();
    const found = await this.db
      .selectFrom('customer_keys')
      .select(['kid', 'key'])
      .where('kid', 'in', [...new Set(references.map(({ kid }) => kid))])
      .where('key', 'is not', null)
      .execute();
    for (const row of found) if (row.key) keys.set(row.kid, Buffer.from(row.key));
    return keys;
  }

  /**
   * Deletes the row, then rewrites the table so that the deleted row's bytes leave its file too
   * (VACUUM FULL: a short exclusive lock on the key table; forgets are rare).
   */
  async destroy(customerId: string): Promise<boolean> {
    await this.migrate();
    const result = await this.db
      .deleteFrom('customer_keys')
      .where('schema_prefix', '=', this.config.schemaPrefix)
      .where('customer_id', '=', customerId)
      .where('destroyed_at', 'is', null)
      .executeTakeFirst();
    const destroyed = result.numDeletedRows > 0n;
    if (destroyed) await sql`vacuum full ${sql.table(`${PERSONAL_DATA_SCHEMA}.customer_keys`)}`.execute(this.root);
    return destroyed;
  }

  async close(): Promise<void> {
    await this.root.destroy();
  }

  /** Creates or migrates the keys' schema once per store; safe from several processes at once. */
  private migrate(): Promise<void> {
    this.migrated ??= this.runMigrations();
    return this.migrated;
  }

  private async runMigrations(): Promise<void> {
    await this.root.transaction().execute(async (trx) => {
      await MIGRATION_LOCK.execute(trx);
      await sql`create schema if not exists ${sql.id(PERSONAL_DATA_SCHEMA)}`.execute(trx);
    });
    const migrator = new Migrator({
      db: this.db as unknown as Kysely<unknown>,
      provider: { getMigrations: async () => MIGRATIONS },
      migrationTableSchema: PERSONAL_DATA_SCHEMA,
    });
    const { error } = await migrator.migrateToLatest();
    if (error) {
      this.migrated = undefined;
      throw new Error(`Migrating schema ${PERSONAL_DATA_SCHEMA} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
}
