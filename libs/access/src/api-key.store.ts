/**
 * API keys in the read store, in a schema of their own (`<prefix>_access`) beside the generations:
 * a rebuild drops and recreates generations, and must never take the keys with it. Its migrations
 * are bookkept in that schema, as a generation's are in its own.
 *
 * Only hashes are kept: a key's secret exists once, in what `create` returns.
 */
import { Migrator, sql, type Generated, type Kysely, type Migration, type Selectable } from 'kysely';
import type { ReadStore } from '@hindsight/read-store';
import { generateApiKey, hashApiKey } from './api-key';
import type { Role } from './roles';

export interface ApiKey {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly createdAt: Date;
  /** Who created it: a principal's description, or `cli`. */
  readonly createdBy: string;
  readonly revokedAt: Date | null;
}

interface ApiKeysTable {
  id: string;
  name: string;
  role: string;
  key_hash: string;
  created_at: Generated<Date>;
  created_by: string;
  revoked_at: Date | null;
}

interface AccessDatabase {
  api_keys: ApiKeysTable;
}

const MIGRATIONS: Record<string, Migration> = {
  '0001-api-keys': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('role', 'text', (column) => column.notNull())
        .addColumn('key_hash', 'text', (column) => column.notNull().unique())
        .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
        .addColumn('created_by', 'text', (column) => column.notNull())
        .addColumn('revoked_at', 'timestamptz')
        .execute();
    },
  },
};

export class ApiKeyStore {
  private constructor(
    private readonly db: Kysely<AccessDatabase>,
    /** The schema that holds the keys: `<read-store prefix>_access`. */
    readonly schema: string,
  ) {}

  /** Creates or migrates the keys' schema; safe to run again, and from several processes at once. */
  static async open(readStore: ReadStore): Promise<ApiKeyStore> {
    const schema = `${readStore.schemaPrefix}_access`;
    await sql`create schema if not exists ${sql.id(schema)}`.execute(readStore.db);
    const db = readStore.db.withSchema(schema) as unknown as Kysely<AccessDatabase>;
    const migrator = new Migrator({
      db: db as unknown as Kysely<unknown>,
      provider: { getMigrations: async () => MIGRATIONS },
      migrationTableSchema: schema,
    });
    const { error } = await migrator.migrateToLatest();
    if (error) throw new Error(`Migrating the API keys' schema ${schema} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    return new ApiKeyStore(db, schema);
  }

  /** Stores a new key's hash; the secret in the answer is the only copy there will ever be. */
  async create(request: { readonly name: string; readonly role: Role; readonly createdBy: string }): Promise<{ readonly key: ApiKey; readonly secret: string }> {
    const generated = generateApiKey();
    const row = await this.db
      .insertInto('api_keys')
      .values({ id: generated.id, name: request.name, role: request.role, key_hash: generated.hash, created_by: request.createdBy })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { key: toApiKey(row), secret: generated.secret };
  }

  /** Every key, revoked ones included, oldest first. */
  async list(): Promise<ApiKey[]> {
    const rows = await this.db.selectFrom('api_keys').selectAll().orderBy('created_at').orderBy('id').execute();
    return rows.map(toApiKey);
  }

  /** Revokes a key for good; revoking it again changes nothing. Undefined when there is no such key. */
  async revoke(id: string, at: Date): Promise<ApiKey | undefined> {
    await this.db.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
    const row = await this.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toApiKey(row);
  }

  /** The key whose secret this is, unless it is unknown or revoked. */
  async findActive(secret: string): Promise<ApiKey | undefined> {
    const row = await this.db
      .selectFrom('api_keys')
      .selectAll()
      .where('key_hash', '=', hashApiKey(secret))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row && toApiKey(row);
  }

  async countActive(role?: Role): Promise<number> {
    let query = this.db.selectFrom('api_keys').select((eb) => eb.fn.countAll<string>().as('count')).where('revoked_at', 'is', null);
    if (role) query = query.where('role', '=', role);
    const { count } = await query.executeTakeFirstOrThrow();
    return Number(count);
  }
}

function toApiKey(row: Selectable<ApiKeysTable>): ApiKey {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    createdAt: row.created_at,
    createdBy: row.created_by,
    revokedAt: row.revoked_at,
  };
}
