/**
 * The customers' data keys, in the read store but outside every generation: schema `personal_data`,
 * which rebuilds never drop. They are the one thing in the read store that cannot be rebuilt from the
 * event store: lose them and every personal field is erased; restore an old copy and forgotten
 * customers are remembered again. Back them up on their own, and never restore them over a newer copy.
 *
 * One live key per customer (and schema prefix, so deployments sharing a database keep their own keys),
 * created on first use. Forgetting a customer overwrites the key with null and keeps the row, so the
 * key id found in old envelopes still says "destroyed", and a customer who comes back gets a new key.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import type { ReadStore } from '@hindsight/read-store';
import type { CustomerKey } from './field-cipher';

export const PERSONAL_DATA_SCHEMA = 'personal_data';

interface CustomerKeysTable {
  kid: string;
  schema_prefix: string;
  customer_id: string;
  key: Uint8Array | null;
  created_at: Date;
  destroyed_at: Date | null;
}

interface PersonalDataTables {
  customer_keys: CustomerKeysTable;
}

/** Any handle on the read store's database: the store's own, or a projection's transaction. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tables live outside every typed catalog
type AnyDatabase = Kysely<any>;

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

export class CustomerKeys {
  private readonly db: Kysely<PersonalDataTables>;

  private constructor(
    db: AnyDatabase,
    /** The read store's schema prefix: its deployment's keys. */
    private readonly schemaPrefix: string,
  ) {
    this.db = db.withSchema(PERSONAL_DATA_SCHEMA) as Kysely<PersonalDataTables>;
  }

  /** Creates or migrates the keys' schema; safe to run again, and from several processes at once. */
  static async open(readStore: ReadStore): Promise<CustomerKeys> {
    await readStore.db.transaction().execute(async (trx) => {
      await MIGRATION_LOCK.execute(trx);
      await sql`create schema if not exists ${sql.id(PERSONAL_DATA_SCHEMA)}`.execute(trx);
    });
    const migrator = new Migrator({
      db: readStore.db.withSchema(PERSONAL_DATA_SCHEMA) as unknown as Kysely<unknown>,
      provider: { getMigrations: async () => MIGRATIONS },
      migrationTableSchema: PERSONAL_DATA_SCHEMA,
    });
    const { error } = await migrator.migrateToLatest();
    if (error) {
      throw new Error(`Migrating schema ${PERSONAL_DATA_SCHEMA} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    return new CustomerKeys(readStore.db, readStore.schemaPrefix);
  }

  /**
   * Each customer's live key, created on first use. Concurrent first uses agree on one key: each
   * inserts a candidate, the unique index keeps the first, and everyone reads back the one kept.
   */
  async keysFor(customerIds: readonly string[]): Promise<Map<string, CustomerKey>> {
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
          schema_prefix: this.schemaPrefix,
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
        .where('schema_prefix', '=', this.schemaPrefix)
        .where('customer_id', 'in', missing)
        .where('destroyed_at', 'is', null)
        .execute();
      for (const row of rows) if (row.key) keys.set(row.customer_id, { kid: row.kid, key: Buffer.from(row.key) });
    }
    return keys;
  }

  /** Destroys the customer's key: what it sealed can never be read again. Says whether there was one. */
  async destroy(customerId: string): Promise<boolean> {
    const result = await this.db
      .updateTable('customer_keys')
      .set({ key: null, destroyed_at: new Date() })
      .where('schema_prefix', '=', this.schemaPrefix)
      .where('customer_id', '=', customerId)
      .where('destroyed_at', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}

/**
 * The keys with these ids that still exist, through any handle (a projection's transaction among
 * them). A destroyed key, and a key this database never had, are simply absent.
 */
export async function loadKeys(db: AnyDatabase, kids: readonly string[]): Promise<Map<string, Buffer>> {
  const keys = new Map<string, Buffer>();
  if (kids.length === 0) return keys;
  // Without the schema (a read store the API never opened) no key exists: everything sealed reads as erased.
  const { rows } = await sql<{ present: string | null }>`select to_regclass('personal_data.customer_keys')::text as present`.execute(db);
  if (!rows[0]?.present) return keys;
  const found = await (db.withSchema(PERSONAL_DATA_SCHEMA) as Kysely<PersonalDataTables>)
    .selectFrom('customer_keys')
    .select(['kid', 'key'])
    .where('kid', 'in', [...new Set(kids)])
    .where('key', 'is not', null)
    .execute();
  for (const row of found) if (row.key) keys.set(row.kid, Buffer.from(row.key));
  return keys;
}
