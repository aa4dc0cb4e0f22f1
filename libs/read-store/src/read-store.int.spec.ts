/**
 * The read store on PGlite always, and on PostgreSQL when DATABASE_URL is set: the same suite, the
 * same SQL. Each run works under its own schema prefix (and, on PGlite, its own data directory),
 * so parallel test files never meet, and drops what it made.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { ReadStoreLockedError } from './pglite-instances';
import { ReadStore } from './read-store';
import type { ReadStoreConfig } from './read-store-config';
import { jsonb } from './read-models';

interface Target {
  readonly name: string;
  config(): ReadStoreConfig;
  cleanUp(): Promise<void>;
}

function pgliteTarget(): Target {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'hindsight-read-store-')), 'read-store');
  return {
    name: 'PGlite',
    config: () => ({ kind: 'pglite', dataDir, schemaPrefix: 'read' }),
    cleanUp: async () => rmSync(join(dataDir, '..'), { recursive: true, force: true }),
  };
}

function postgresTarget(connectionString: string): Target {
  const schemaPrefix = `t${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const config: ReadStoreConfig = { kind: 'postgres', connectionString, schemaPrefix };
  return {
    name: 'PostgreSQL',
    config: () => config,
    cleanUp: async () => {
      const store = await ReadStore.open(config);
      for (const generation of await store.generations()) await sql`drop schema if exists ${sql.id(generation.schema)} cascade`.execute(store.db);
      await store.db.deleteFrom('public.read_store_generations').where('schema_prefix', '=', schemaPrefix).execute();
      await sql`drop schema if exists ${sql.id(`${schemaPrefix}_g1`)} cascade`.execute(store.db);
      await store.close();
    },
  };
}

const databaseUrl = process.env.DATABASE_URL;
const targets: Target[] = [pgliteTarget(), ...(databaseUrl ? [postgresTarget(databaseUrl)] : [])];
if (!databaseUrl) {
  describe.skip(`${ReadStore.name} on PostgreSQL: SKIPPED because DATABASE_URL is not set`, () => {
    it('runs only when DATABASE_URL points at a PostgreSQL server', () => undefined);
  });
}

describe.each(targets)(`${ReadStore.name} on $name`, (target) => {
  let sut: ReadStore;

  beforeAll(async () => {
    sut = await ReadStore.open(target.config());
  });
  afterAll(async () => {
    await sut.close();
    await target.cleanUp();
  });

  it('opens on a fresh database with generation 1 active and its tables in place', async () => {
    const active = await sut.activeGeneration();
    expect(active.number).toBe(1);
    expect(active.schema).toBe(`${sut.schemaPrefix}_g1`);
    const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = ${active.schema} order by table_name`.execute(sut.db);
    expect(tables.rows.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(['checkpoint', 'journey_aliases', 'journey_events', 'journey_streams', 'journeys']),
    );
  });

  it('runs its migrations again, and opens again, without changing anything', async () => {
    await sut.migrate();
    await sut.migrate();
    const again = await ReadStore.open(target.config());
    await again.migrate();
    await again.close();
    expect((await sut.generations()).map((generation) => generation.number)).toEqual([1]);
  });

  it('indexes journeys for filtering by customer, time and the channel, queue and agent arrays', async () => {
    const { schema } = await sut.activeGeneration();
    const indexes = await sql<{ indexdef: string }>`select indexdef from pg_indexes where schemaname = ${schema} and tablename = 'journeys'`.execute(sut.db);
    const definitions = indexes.rows.map((row) => row.indexdef).join('\n');
    expect(definitions).toMatch(/customer_id/);
    expect(definitions).toMatch(/started_at/);
    for (const column of ['channels', 'queues', 'agents']) expect(definitions).toMatch(new RegExp(`USING gin \\(${column}\\)`));
  });

  it('keeps positions past 2^53 exact as bigint', async () => {
    const position = 2n ** 60n + 7n;
    await sut.transaction(async (trx) => {
      await trx.insertInto('checkpoint').values({ projection: 'big', commit_position: position, prepare_position: position - 1n }).execute();
    });
    const stored = await sut.read((trx) => trx.selectFrom('checkpoint').selectAll().where('projection', '=', 'big').executeTakeFirstOrThrow());
    expect(stored.commit_position).toBe(position);
    expect(stored.prepare_position).toBe(position - 1n);
  });

  it('round-trips arrays, jsonb and timestamps the same way on both databases', async () => {
    const startedAt = new Date('2026-02-03T10:00:00.000Z');
    await sut.transaction(async (trx) => {
      await trx
        .insertInto('journeys')
        .values({ journey_id: 'j-1', customer_id: 'cust-77', started_at: startedAt, channels: ['voice', 'chat'], hold_total_ms: 1_290_000n, document: jsonb({ holds: [{ ms: 1_290_000n }] }) })
        .execute();
    });
    const journey = await sut.read((trx) =>
      trx.selectFrom('journeys').selectAll().where((eb) => eb('channels', '@>', eb.val(['voice']))).where('journey_id', '=', 'j-1').executeTakeFirstOrThrow(),
    );
    expect(journey).toMatchObject({ customer_id: 'cust-77', started_at: startedAt, channels: ['voice', 'chat'], queues: [], hold_total_ms: 1_290_000n, holds: 0 });
    expect(journey.document).toEqual({ holds: [{ ms: '1290000' }] });
  });

  it('rolls the whole transaction back when it throws', async () => {
    await expect(
      sut.transaction(async (trx) => {
        await trx.insertInto('journey_aliases').values({ old_id: 'rolled-back', journey_id: 'j-1' }).execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const aliases = await sut.read((trx) => trx.selectFrom('journey_aliases').selectAll().where('old_id', '=', 'rolled-back').execute());
    expect(aliases).toEqual([]);
  });

  it('fails a statement with an error that names none of its parameters, in any field, in text or bytes', async () => {
    const secret = `secret-${randomUUID()}`;
    const key = Buffer.from(randomUUID());
    const failure = await sut
      .read((trx) => sql`select ${secret}::uuid, ${key}::bytea`.execute(trx))
      .then(() => undefined, (error: unknown) => error as { message: string; stack?: string });
    const duplicate = await sut
      .transaction(async (trx) => {
        await trx.insertInto('journey_aliases').values({ old_id: secret, journey_id: 'j-1' }).execute();
        await trx.insertInto('journey_aliases').values({ old_id: secret, journey_id: 'j-1' }).execute();
      })
      .then(() => undefined, (error: unknown) => error as { message: string; stack?: string });

    for (const error of [failure, duplicate]) {
      expect(error?.message).toEqual(expect.any(String));
      const everything = JSON.stringify({ ...error, message: error!.message, stack: error!.stack });
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain(key.toString('hex'));
      expect(everything).not.toContain(key.toString('base64'));
    }
  });

  it('builds the next generation beside the active one, which queries keep using until the switch', async () => {
    const live = await sut.activeGeneration();
    const next = await sut.createGeneration();
    expect(next).toEqual({ number: live.number + 1, schema: `${sut.schemaPrefix}_g${live.number + 1}`, state: 'building' });
    await sut.transaction(
      async (trx) => {
        await trx.insertInto('journey_aliases').values({ old_id: 'only-in-next', journey_id: 'j-2' }).execute();
      },
      { generation: next },
    );
    const beforeSwitch = await sut.read((trx) => trx.selectFrom('journey_aliases').selectAll().execute());
    expect(beforeSwitch).toEqual([]);

    await sut.activate(next);

    const afterSwitch = await sut.read((trx, generation) => trx.selectFrom('journey_aliases').select('old_id').execute().then((rows) => ({ rows, generation })));
    expect(afterSwitch.generation.number).toBe(next.number);
    expect(afterSwitch.rows).toEqual([{ old_id: 'only-in-next' }]);
    const schemas = await sql<{ nspname: string }>`select nspname from pg_namespace where nspname = ${live.schema}`.execute(sut.db);
    expect(schemas.rows).toEqual([]);
    expect(await sut.generations()).toEqual([{ ...next, state: 'active' }]);
  });

  it('switches only after a transaction already working on the old generation has committed', async () => {
    const next = await sut.createGeneration();
    let finishOldTransaction!: () => void;
    const oldTransactionMayFinish = new Promise<void>((resolve) => (finishOldTransaction = resolve));
    let started!: () => void;
    const oldTransactionStarted = new Promise<void>((resolve) => (started = resolve));
    const events: string[] = [];
    const oldTransaction = sut.transaction(async (trx, generation) => {
      started();
      await oldTransactionMayFinish;
      await trx.insertInto('journey_aliases').values({ old_id: 'late-write', journey_id: 'j-3' }).execute();
      events.push(`old transaction committed on g${generation.number}`);
    });
    await oldTransactionStarted;
    const switched = sut.activate(next).then(() => events.push('switched'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    finishOldTransaction();
    await Promise.all([oldTransaction, switched]);
    expect(events).toEqual([`old transaction committed on g${next.number - 1}`, 'switched']);
  });

  it('discards a building generation without touching the active one', async () => {
    const active = await sut.activeGeneration();
    const abandoned = await sut.createGeneration();
    await sut.discardGeneration(abandoned);
    expect(await sut.generations()).toEqual([active]);
    await expect(sut.discardGeneration(active)).rejects.toThrow(/active/);
  });
});

describe(`${ReadStore.name} on PGlite, one opener per data directory`, () => {
  let parent: string;
  let dataDir: string;
  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'hindsight-read-store-lock-'));
    dataDir = join(parent, 'read-store');
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it('shares one PGlite instance between stores opened on the same directory in one process', async () => {
    const first = await ReadStore.open({ kind: 'pglite', dataDir });
    const second = await ReadStore.open({ kind: 'pglite', dataDir });
    await first.transaction((trx) => trx.insertInto('journey_aliases').values({ old_id: 'a', journey_id: 'b' }).execute());
    await first.close();
    expect(await second.read((trx) => trx.selectFrom('journey_aliases').select('old_id').execute())).toEqual([{ old_id: 'a' }]);
    await second.close();
  });

  it('refuses a directory that a live process holds, and takes over one left by a dead process', async () => {
    writeFileSync(`${dataDir}.lock`, '1\n'); // pid 1 is always alive
    await expect(ReadStore.open({ kind: 'pglite', dataDir })).rejects.toThrow(ReadStoreLockedError);
    writeFileSync(`${dataDir}.lock`, '4194304\n'); // above Linux's pid_max: no such process
    const store = await ReadStore.open({ kind: 'pglite', dataDir });
    await store.close();
  });
});
