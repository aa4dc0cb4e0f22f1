/**
 * The read store: PostgreSQL or PGlite behind one Kysely handle, and the generations that keep a
 * rebuild out of sight until it is complete.
 *
 * A generation is a schema (`read_g1`, `read_g2`, ...) holding every read model and the projections'
 * checkpoints. `public.read_store_generations` says which generation is active for a schema prefix.
 * Every transaction opened here first takes a shared advisory lock on the prefix and then resolves
 * its generation, so it works on one generation from start to end; switching generations takes the
 * lock exclusively, so it waits for transactions in flight, and every transaction after it sees the
 * new generation. A rebuild builds the next generation beside the live one and switches only once it
 * is caught up: queries never see a half-built model.
 *
 * Nothing here knows about events or projections; `@hindsight/projections` drives the writes.
 */
import { Logger } from '@nestjs/common';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import { Pool, types } from 'pg';
import { migrateGeneration } from './generation-migrations';
import { PGliteDialect } from './pglite-dialect';
import { leasePGlite } from './pglite-instances';
import {
  DEFAULT_POSTGRES_TIMEOUTS,
  describeReadStore,
  validSchemaPrefix,
  type ReadStoreConfig,
  type ReadStoreKind,
} from './read-store-config';
import type { ReadModelTransaction, ReadStoreCatalog } from './read-models';

export interface Generation {
  readonly number: number;
  /** The PostgreSQL schema that holds it. */
  readonly schema: string;
  readonly state: 'building' | 'active';
}

/** Which generation a transaction works on: the active one (queries, live projections) or a given one (a rebuild). */
export type GenerationTarget = 'active' | Generation;

export interface ReadStoreTransactionOptions {
  readonly generation?: GenerationTarget;
}

/**
 * PostgreSQL did not answer in time, or went away (restarting, unreachable, a connection dropped).
 * The transaction did not commit; retrying may succeed.
 */
export class ReadStoreUnavailableError extends Error {
  readonly code = 'READ_STORE.UNAVAILABLE';
  readonly category = 'unavailable';

  constructor(reason: string, options?: ErrorOptions) {
    super(`The read store is unavailable: ${reason}`, options);
    this.name = 'ReadStoreUnavailableError';
  }
}

/** The generation a transaction was asked for no longer exists (it was switched out and dropped, or discarded). */
export class GenerationGoneError extends Error {
  constructor(schema: string) {
    super(`Read-store generation ${schema} no longer exists`);
    this.name = 'GenerationGoneError';
  }
}

const DEFAULT_MAX_CONNECTIONS = 10;
/** The first key of every advisory lock the read store takes; the second is the prefix's hash. */
const GENERATION_LOCK_CLASS = 0x68696e64; // "hind"
const INT8_OID = 20;

export class ReadStore {
  private closed = false;

  private constructor(
    /** The unscoped handle: `public` bookkeeping. Read models go through `transaction` and `read`. */
    readonly db: Kysely<ReadStoreCatalog>,
    readonly kind: ReadStoreKind,
    readonly schemaPrefix: string,
    /** Where it is, without credentials. */
    readonly description: string,
    private readonly release: () => Promise<void>,
  ) {}

  /** Connects, creates the bookkeeping and the first generation if need be, and migrates the active one. */
  static async open(config: ReadStoreConfig): Promise<ReadStore> {
    const schemaPrefix = validSchemaPrefix(config.schemaPrefix);
    let store: ReadStore;
    if (config.kind === 'postgres') {
      const timeouts = { ...DEFAULT_POSTGRES_TIMEOUTS, ...config.timeouts };
      const pool = new Pool({
        connectionString: config.connectionString,
        max: config.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
        connectionTimeoutMillis: timeouts.connectMs,
        statement_timeout: timeouts.statementMs,
        // The server's statement_timeout answers first; this one covers a server that answers nothing at all.
        query_timeout: timeouts.statementMs + 1_000,
        idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
        // int8 as bigint, as PGlite does: positions must never pass through a number.
        types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === INT8_OID ? BigInt : types.getTypeParser(oid, format))) as typeof types.getTypeParser },
      });
      // An idle client that loses its server emits 'error'; unheard, that would end the process.
      pool.on('error', (error) => new Logger(ReadStore.name).warn(`A PostgreSQL connection failed while idle: ${error.message}`));
      // A connection lost while checked out (the server restarted, the backend was terminated) also
      // emits 'error' on its client, after the query in flight has already failed with it: heard here,
      // it is the transaction's failure alone (retried by its caller), not the end of the process.
      pool.on('connect', (client) => client.on('error', (error) => new Logger(ReadStore.name).warn(`A PostgreSQL connection failed: ${error.message}`)));
      const db = new Kysely<ReadStoreCatalog>({ dialect: new PostgresDialect({ pool }) });
      store = new ReadStore(db, 'postgres', schemaPrefix, describeReadStore(config), () => db.destroy());
    } else {
      const lease = await leasePGlite(config.dataDir);
      const db = new Kysely<ReadStoreCatalog>({ dialect: new PGliteDialect(lease.pglite) });
      store = new ReadStore(db, 'pglite', schemaPrefix, describeReadStore(config), async () => {
        await db.destroy();
        await lease.release();
      });
    }
    try {
      await store.migrate();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  /**
   * Creates the bookkeeping table and a first active generation when there is none, then brings the
   * active generation's schema up to date. Safe to run again, and from several processes at once.
   */
  async migrate(): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await this.lockGenerations(trx, 'exclusive');
      await sql`create table if not exists public.read_store_generations (
        schema_prefix text not null,
        generation int not null,
        state text not null check (state in ('building', 'active')),
        created_at timestamptz not null default now(),
        activated_at timestamptz,
        primary key (schema_prefix, generation)
      )`.execute(trx);
      await sql`create unique index if not exists read_store_generations_one_active
        on public.read_store_generations (schema_prefix) where state = 'active'`.execute(trx);
      const active = await this.findActive(trx);
      if (!active) {
        const number = await this.nextGenerationNumber(trx);
        await trx
          .insertInto('public.read_store_generations')
          .values({ schema_prefix: this.schemaPrefix, generation: number, state: 'active', activated_at: new Date() })
          .execute();
      }
    });
    await migrateGeneration(this.db, (await this.activeGeneration()).schema);
  }

  async activeGeneration(): Promise<Generation> {
    const active = await this.findActive(this.db);
    if (!active) throw new Error(`The read store has no active generation for prefix ${this.schemaPrefix}; run migrate()`);
    return active;
  }

  async generations(): Promise<Generation[]> {
    const rows = await this.db
      .selectFrom('public.read_store_generations')
      .select(['generation', 'state'])
      .where('schema_prefix', '=', this.schemaPrefix)
      .orderBy('generation')
      .execute();
    return rows.map((row) => this.generation(row.generation, row.state));
  }

  /**
   * Runs `fn` in one transaction on one generation (the active one unless told otherwise), with the
   * handle scoped to that generation's schema (and `search_path` set to it, so raw SQL finds the
   * tables too). Commits when `fn` resolves, rolls back when it throws.
   */
  async transaction<T>(
    fn: (trx: ReadModelTransaction, generation: Generation) => Promise<T>,
    options: ReadStoreTransactionOptions = {},
  ): Promise<T> {
    const target = options.generation ?? 'active';
    try {
      return await this.db.transaction().execute(async (trx) => {
        await this.lockGenerations(trx, 'shared');
        const generation = target === 'active' ? await this.findActive(trx) : await this.findGeneration(trx, target.number);
        if (!generation) throw new GenerationGoneError(target === 'active' ? `${this.schemaPrefix} (active)` : target.schema);
        await sql`select set_config('search_path', ${`${generation.schema}, public`}, true)`.execute(trx);
        return await fn(trx.withSchema(generation.schema) as unknown as ReadModelTransaction, generation);
      });
    } catch (error) {
      throw asUnavailable(error) ?? error;
    }
  }

  /** A query on the active generation: `transaction` by another name, for code that only reads. */
  read<T>(fn: (trx: ReadModelTransaction, generation: Generation) => Promise<T>): Promise<T> {
    return this.transaction(fn);
  }

  /** Creates the next generation, empty and migrated, beside the active one. Queries keep using the active one. */
  async createGeneration(): Promise<Generation> {
    const generation = await this.db.transaction().execute(async (trx) => {
      await this.lockGenerations(trx, 'exclusive');
      const number = await this.nextGenerationNumber(trx);
      await trx
        .insertInto('public.read_store_generations')
        .values({ schema_prefix: this.schemaPrefix, generation: number, state: 'building', activated_at: null })
        .execute();
      return this.generation(number, 'building');
    });
    await sql`drop schema if exists ${sql.id(generation.schema)} cascade`.execute(this.db);
    await migrateGeneration(this.db, generation.schema);
    return generation;
  }

  /**
   * Makes a building generation the active one and drops the one it replaces, in one transaction:
   * it waits for transactions on the old generation to finish, and every later one sees the new.
   */
  async activate(generation: Generation): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await this.lockGenerations(trx, 'exclusive');
      const target = await this.findGeneration(trx, generation.number);
      if (!target) throw new GenerationGoneError(generation.schema);
      if (target.state === 'active') return;
      const previous = await this.findActive(trx);
      if (previous) {
        await trx
          .deleteFrom('public.read_store_generations')
          .where('schema_prefix', '=', this.schemaPrefix)
          .where('generation', '=', previous.number)
          .execute();
      }
      await trx
        .updateTable('public.read_store_generations')
        .set({ state: 'active', activated_at: new Date() })
        .where('schema_prefix', '=', this.schemaPrefix)
        .where('generation', '=', generation.number)
        .execute();
      if (previous) await sql`drop schema if exists ${sql.id(previous.schema)} cascade`.execute(trx);
    });
  }

  /** Drops a building generation (a rebuild that failed or was abandoned). The active one cannot be discarded. */
  async discardGeneration(generation: Generation): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await this.lockGenerations(trx, 'exclusive');
      const target = await this.findGeneration(trx, generation.number);
      if (target?.state === 'active') throw new Error(`Generation ${generation.schema} is active and cannot be discarded`);
      await trx
        .deleteFrom('public.read_store_generations')
        .where('schema_prefix', '=', this.schemaPrefix)
        .where('generation', '=', generation.number)
        .execute();
      await sql`drop schema if exists ${sql.id(generation.schema)} cascade`.execute(trx);
    });
  }

  /** Proves the database answers. */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.release();
  }

  private generation(number: number, state: Generation['state']): Generation {
    return { number, schema: `${this.schemaPrefix}_g${number}`, state };
  }

  /**
   * Transactions on read models hold the prefix's lock shared; creating, switching and dropping
   * generations hold it exclusively. Released at commit or rollback.
   */
  private async lockGenerations(trx: Transaction<ReadStoreCatalog>, mode: 'shared' | 'exclusive'): Promise<void> {
    const lock = mode === 'shared' ? sql`pg_advisory_xact_lock_shared` : sql`pg_advisory_xact_lock`;
    await sql`select ${lock}(${GENERATION_LOCK_CLASS}::int, hashtext(${this.schemaPrefix}))`.execute(trx);
  }

  private async findActive(db: Kysely<ReadStoreCatalog>): Promise<Generation | undefined> {
    const row = await db
      .selectFrom('public.read_store_generations')
      .select(['generation', 'state'])
      .where('schema_prefix', '=', this.schemaPrefix)
      .where('state', '=', 'active')
      .executeTakeFirst();
    return row && this.generation(row.generation, row.state);
  }

  private async findGeneration(db: Kysely<ReadStoreCatalog>, number: number): Promise<Generation | undefined> {
    const row = await db
      .selectFrom('public.read_store_generations')
      .select(['generation', 'state'])
      .where('schema_prefix', '=', this.schemaPrefix)
      .where('generation', '=', number)
      .executeTakeFirst();
    return row && this.generation(row.generation, row.state);
  }

  private async nextGenerationNumber(db: Kysely<ReadStoreCatalog>): Promise<number> {
    const row = await db
      .selectFrom('public.read_store_generations')
      .select((eb) => eb.fn.max('generation').as('last'))
      .where('schema_prefix', '=', this.schemaPrefix)
      .executeTakeFirst();
    return (row?.last ?? 0) + 1;
  }
}

/** SQLSTATE classes and codes that mean "not now" rather than "never": a timeout, a shutdown, a lost connection. */
const UNAVAILABLE_SQLSTATES = /^(08...|57014|57P0[1-3]|53300)$/;
/**
 * What node-postgres says, without a SQLSTATE, when it cannot connect or loses the connection; and
 * what PGlite and Kysely say once the store was closed under a transaction (the process is shutting down).
 */
const UNAVAILABLE_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|Query read timeout|ECONNREFUSED|ECONNRESET|EPIPE|^PGlite is closed$|^driver has already been destroyed$/;

function asUnavailable(error: unknown): ReadStoreUnavailableError | undefined {
  // By shape, not `instanceof`: PGlite's errors may come from another realm (under jest they do).
  if (typeof error !== 'object' || error === null || 'category' in error || typeof (error as Error).message !== 'string') return undefined;
  const sqlState = (error as { code?: unknown }).code;
  const unavailable =
    (typeof sqlState === 'string' && (UNAVAILABLE_SQLSTATES.test(sqlState) || /^E(CONNREFUSED|CONNRESET|PIPE)$/.test(sqlState))) ||
    UNAVAILABLE_MESSAGES.test((error as Error).message);
  return unavailable ? new ReadStoreUnavailableError((error as Error).message, { cause: error }) : undefined;
}
