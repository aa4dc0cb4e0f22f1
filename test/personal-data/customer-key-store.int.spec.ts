/**
 * The customers' key stores, each where Hindsight's defaults put it: files beside PGlite, and
 * PostgreSQL's key table when DATABASE_URL is set. Each gives everyone who asks at once one key,
 * reveals until the key is destroyed, gives a returning customer a new key, and, once destroyed,
 * leaves no copy of the key where it kept it.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { ReadStore } from '@hindsight/read-store';
import { readStoreTargets, reportSkippedPostgres, type ReadStoreTarget } from '../support/read-store-targets';
import { encodingsOfBytes, filesUnder } from '../support/secret-scan';
import { customerKeyStoreFor, revealFacts, sealEvents, type CustomerKeyStore, type SealedField } from '@hindsight/personal-data';

reportSkippedPostgres('The customer key stores');

describe.each(readStoreTargets())('The customer key store beside $name', (target: ReadStoreTarget) => {
  let sut: CustomerKeyStore;
  const identified = (customerId: string, phone: string) => ({ type: 'CustomerIdentified', data: { customerId, method: 'agent', phone } });
  const kidOf = (fact: { data: object }) => ((fact.data as { phone: unknown }).phone as SealedField).kid;

  beforeAll(() => {
    sut = customerKeyStoreFor(target.keyStore);
  });

  afterAll(async () => {
    await sut?.close();
    await target.cleanUp();
  });

  it('gives everyone who asks at once the same key for a customer', async () => {
    const customerId = `cust-${randomBytes(4).toString('hex')}`;

    const answers = await Promise.all(Array.from({ length: 8 }, () => sut.keysFor([customerId])));

    expect(new Set(answers.map((keys) => keys.get(customerId)!.kid)).size).toBe(1);
  });

  it('reveals what it sealed until the key is destroyed, then reads it as erased, while a returning customer gets a new key', async () => {
    const customerId = `cust-gone-${randomBytes(4).toString('hex')}`;
    const sealed = await sealEvents(sut, [identified(customerId, '+44 20 7946 0958')]);
    expect((await revealFacts(sut, sealed))[0].data).toMatchObject({ phone: '+44 20 7946 0958' });

    expect(await sut.destroy(customerId)).toBe(true);
    expect(await sut.destroy(customerId)).toBe(false);

    expect((await revealFacts(sut, sealed))[0].data).toMatchObject({ customerId, phone: null });
    const [again] = await sealEvents(sut, [identified(customerId, '+44 20 7946 0958')]);
    expect(kidOf(again)).not.toBe(kidOf(sealed[0]));
    expect((await revealFacts(sut, [again]))[0].data).toMatchObject({ phone: '+44 20 7946 0958' });
  });

  it('keeps other customers\' keys when one is destroyed', async () => {
    const [kept, gone] = [`cust-kept-${randomBytes(4).toString('hex')}`, `cust-gone-${randomBytes(4).toString('hex')}`];
    const sealed = await sealEvents(sut, [identified(kept, '+1 604 555 0172'), identified(gone, '+1 604 555 0199')]);

    await sut.destroy(gone);

    expect((await revealFacts(sut, sealed)).map((fact) => fact.data)).toMatchObject([{ phone: '+1 604 555 0172' }, { phone: null }]);
  });

  it('leaves no copy of a destroyed key where it kept its keys, also beside keys that stay', async () => {
    const customerId = `cust-shredded-${randomBytes(4).toString('hex')}`;
    // Kept keys made before it share its page of the table: freeing its row must not leave its bytes there.
    await sut.keysFor(Array.from({ length: 5 }, (_, index) => `cust-staying-${index}-${randomBytes(4).toString('hex')}`));
    const key = (await sut.keysFor([customerId])).get(customerId)!.key;
    const stored = await storedBytes();
    expect(encodingsOfBytes(key).some((encoded) => stored.includes(encoded))).toBe(true);

    await sut.destroy(customerId);

    const after = await storedBytes();
    expect(encodingsOfBytes(key).filter((encoded) => after.includes(encoded))).toEqual([]);
  });

  /** Every byte the store keeps its keys in: the files of its directory, or the key table's file on the server's disk. */
  async function storedBytes(): Promise<Buffer> {
    const config = target.keyStore;
    if (config.kind === 'files') return Buffer.concat(filesUnder(config.directory).map((path) => readFileSync(path)));
    if (target.config.kind !== 'postgres') throw new Error('A database key store needs PostgreSQL');
    // The table's file as the server holds it, after a checkpoint wrote every dirty page (needs a superuser, as in CI).
    const readStore = await ReadStore.open(target.config);
    try {
      await sql`checkpoint`.execute(readStore.db);
      const { rows } = await sql<{ bytes: Buffer }>`select pg_read_binary_file(pg_relation_filepath('personal_data.customer_keys')) as bytes`.execute(readStore.db);
      return Buffer.from(rows[0].bytes);
    } finally {
      await readStore.close();
    }
  }
});
