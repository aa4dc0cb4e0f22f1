/**
 * The customers' keys on PGlite, and on PostgreSQL when DATABASE_URL is set: created once however many
 * ask at the same time, destroyed for good, new after a customer comes back, and untouched by a
 * rebuild's new generation.
 */
import { randomBytes } from 'node:crypto';
import { ReadStore } from '@hindsight/read-store';
import { readStoreTargets, reportSkippedPostgres, type ReadStoreTarget } from '../../../test/support/read-store-targets';
import { CustomerKeys } from './customer-keys';
import { revealFacts, sealEvents } from './personal-fields-codec';

reportSkippedPostgres(CustomerKeys.name);

describe.each(readStoreTargets())(`${CustomerKeys.name} on $name`, (target: ReadStoreTarget) => {
  let readStore: ReadStore;
  let sut: CustomerKeys;
  const identified = (customerId: string, phone: string) => ({ type: 'CustomerIdentified', data: { customerId, method: 'agent', phone } });

  beforeAll(async () => {
    readStore = await ReadStore.open(target.config);
    sut = await CustomerKeys.open(readStore);
  });

  afterAll(async () => {
    await readStore?.close();
    await target.cleanUp();
  });

  it('migrates again without harm', async () => {
    await expect(CustomerKeys.open(readStore)).resolves.toBeInstanceOf(CustomerKeys);
  });

  it('gives everyone who asks at once the same key for a customer', async () => {
    const customerId = `cust-${randomBytes(4).toString('hex')}`;

    const answers = await Promise.all(Array.from({ length: 8 }, () => sut.keysFor([customerId])));

    expect(new Set(answers.map((keys) => keys.get(customerId)!.kid)).size).toBe(1);
  });

  it('reveals what it sealed until the key is destroyed, then reads it as erased, while a returning customer gets a new key', async () => {
    const sealed = await sealEvents(sut, [identified('cust-gone', '+44 20 7946 0958')]);
    const reveal = () => readStore.transaction((trx) => revealFacts(trx, sealed));
    expect((await reveal())[0].data).toMatchObject({ phone: '+44 20 7946 0958' });

    expect(await sut.destroy('cust-gone')).toBe(true);
    expect(await sut.destroy('cust-gone')).toBe(false);

    expect((await reveal())[0].data).toMatchObject({ customerId: 'cust-gone', phone: null });
    const [again] = await sealEvents(sut, [identified('cust-gone', '+44 20 7946 0958')]);
    expect((again.data.phone as unknown as { kid: string }).kid).not.toBe((sealed[0].data.phone as unknown as { kid: string }).kid);
  });

  it('keeps the keys when a rebuild switches generations', async () => {
    const [sealed] = await sealEvents(sut, [identified('cust-kept', '+1 604 555 0172')]);
    const generation = await readStore.createGeneration();
    await readStore.activate(generation);

    const [revealed] = await readStore.transaction((trx) => revealFacts(trx, [sealed]));
    expect(revealed.data).toMatchObject({ phone: '+1 604 555 0172' });
  });
});
