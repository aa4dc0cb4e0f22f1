/**
 * Upgrading from a Hindsight that kept the customers' keys in PGlite: on first start they move to
 * the key files, still opening what they sealed, and the table they were in is gone.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { DEFAULT_SCHEMA_PREFIX, ReadStore } from '@hindsight/read-store';
import { sealField } from './field-cipher';
import { FileCustomerKeyStore } from './file-customer-key-store';
import { moveKeysOutOfReadStore } from './legacy-keys';
import { revealFacts } from './personal-fields-codec';

describe(moveKeysOutOfReadStore.name, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hindsight-legacy-keys-'));
  let readStore: ReadStore;
  let sut: FileCustomerKeyStore;
  const legacyKey = { kid: randomUUID(), key: randomBytes(32) };
  const phone = { customerId: 'cust-maple', eventType: 'CustomerIdentified', field: 'phone' };
  const sealed = [{ type: 'CustomerIdentified', data: { customerId: 'cust-maple', method: 'agent', phone: sealField(legacyKey, phone, '+1 604 555 0172') } }];

  beforeAll(async () => {
    readStore = await ReadStore.open({ kind: 'pglite', dataDir: join(dataDir, 'read-store') });
    sut = new FileCustomerKeyStore(join(dataDir, 'keys'), DEFAULT_SCHEMA_PREFIX);
    // The table as the older version made it, with one live key and one destroyed.
    await sql`create schema personal_data`.execute(readStore.db);
    await sql`create table personal_data.customer_keys (
      kid text primary key, schema_prefix text not null, customer_id text not null, key bytea,
      created_at timestamptz not null default now(), destroyed_at timestamptz,
      check ((key is null) = (destroyed_at is not null)))`.execute(readStore.db);
    await sql`insert into personal_data.customer_keys (kid, schema_prefix, customer_id, key) values
      (${legacyKey.kid}, ${DEFAULT_SCHEMA_PREFIX}, 'cust-maple', ${legacyKey.key})`.execute(readStore.db);
    await sql`insert into personal_data.customer_keys (kid, schema_prefix, customer_id, key, destroyed_at) values
      (${randomUUID()}, ${DEFAULT_SCHEMA_PREFIX}, 'cust-gone', null, now())`.execute(readStore.db);
  });

  afterAll(async () => {
    await readStore?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('moves the live keys into the key store, which then opens what they sealed', async () => {
    expect(await moveKeysOutOfReadStore(readStore, sut)).toBe(1);

    expect((await revealFacts(sut, sealed))[0].data).toMatchObject({ phone: '+1 604 555 0172' });
    expect(await sut.destroy('cust-gone')).toBe(false);
  });

  it('leaves no key table in the read store, and finds nothing to move the next time', async () => {
    const { rows } = await sql<{ present: string | null }>`select to_regclass('personal_data.customer_keys')::text as present`.execute(readStore.db);

    expect(rows[0].present).toBeNull();
    expect(await moveKeysOutOfReadStore(readStore, sut)).toBe(0);
  });
});
