/**
 * Keys an older Hindsight kept in the read store's database (`personal_data.customer_keys`, on
 * PGlite too) move to the configured key store on first start, and the table goes: from then on
 * destroying a key is final. Copies that older version left in PGlite's files (old row versions, its
 * WAL) are not Hindsight's to erase; the README's "Personal data" says how an operator gets rid of
 * them. On PostgreSQL with the database key store that table is the store itself, and nothing moves.
 */
import { sql, type Kysely } from 'kysely';
import type { ReadStore } from '@hindsight/read-store';
import type { CustomerKeyStore } from './customer-key-store';
import { DatabaseCustomerKeyStore, PERSONAL_DATA_SCHEMA, type PersonalDataTables } from './database-customer-key-store';
import { FileCustomerKeyStore } from './file-customer-key-store';

/** Moves the read store's live keys of its schema prefix into `keys`; says how many moved. */
export async function moveKeysOutOfReadStore(readStore: ReadStore, keys: CustomerKeyStore): Promise<number> {
  if (keys instanceof DatabaseCustomerKeyStore) return 0;
  const { rows } = await sql<{ present: string | null }>`select to_regclass('personal_data.customer_keys')::text as present`.execute(readStore.db);
  if (!rows[0]?.present) return 0;
  const db = readStore.db.withSchema(PERSONAL_DATA_SCHEMA) as unknown as Kysely<PersonalDataTables>;
  const live = await db
    .selectFrom('customer_keys')
    .select(['kid', 'customer_id', 'key'])
    .where('schema_prefix', '=', readStore.schemaPrefix)
    .where('key', 'is not', null)
    .execute();
  if (live.length > 0 && !(keys instanceof FileCustomerKeyStore)) {
    throw new Error(
      `The read store holds ${live.length} customer keys of an older Hindsight, and the configured key store (${keys.description}) ` +
        'cannot take keys over. Move them into it first, or start once with the default key store.',
    );
  }
  for (const row of live) await (keys as FileCustomerKeyStore).adopt(row.customer_id, { kid: row.kid, key: Buffer.from(row.key!) });
  await db.deleteFrom('customer_keys').where('schema_prefix', '=', readStore.schemaPrefix).execute();
  const [left] = await db.selectFrom('customer_keys').select((eb) => eb.fn.countAll<string>().as('rows')).execute();
  if (Number(left?.rows ?? 0) === 0) await sql`drop schema ${sql.id(PERSONAL_DATA_SCHEMA)} cascade`.execute(readStore.db);
  else await sql`vacuum full ${sql.table(`${PERSONAL_DATA_SCHEMA}.customer_keys`)}`.execute(readStore.db);
  // Lets PGlite recycle the WAL segments that still hold the moved keys (overwritten as new WAL is written).
  if (readStore.kind === 'pglite') await sql`checkpoint`.execute(readStore.db);
  return live.length;
}
