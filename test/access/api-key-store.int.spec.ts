/**
 * API keys in the read store, on PGlite always and on PostgreSQL when DATABASE_URL is set: only
 * hashes are stored, revocation is for good, and a rebuild of the read models keeps every key.
 */
import { sql } from 'kysely';
import { ApiKeyStore, hashApiKey, looksLikeApiKey } from '@hindsight/access';
import { ReadStore } from '@hindsight/read-store';
import { readStoreTargets, reportSkippedPostgres } from '../support/read-store-targets';

reportSkippedPostgres(ApiKeyStore.name);

describe.each(readStoreTargets())(`${ApiKeyStore.name} on $name`, (target) => {
  let readStore: ReadStore;
  let sut: ApiKeyStore;

  beforeAll(async () => {
    readStore = await ReadStore.open(target.config);
    sut = await ApiKeyStore.open(readStore);
  });

  afterAll(async () => {
    await readStore.close();
    await target.cleanUp();
  });

  it('gives the secret once and stores only its hash', async () => {
    const { key, secret } = await sut.create({ name: 'telephony', role: 'integration', createdBy: 'cli' });

    expect(looksLikeApiKey(secret)).toBe(true);
    expect(secret).toContain(key.id);
    const stored = await sql<{ key_hash: string }>`select * from ${sql.table(`${sut.schema}.api_keys`)} where id = ${key.id}`.execute(readStore.db);
    expect(JSON.stringify(stored.rows)).not.toContain(secret);
    expect(stored.rows[0].key_hash).toBe(hashApiKey(secret));
    expect(await sut.findActive(secret)).toMatchObject({ id: key.id, name: 'telephony', role: 'integration', revokedAt: null });
  });

  it('finds nothing for a secret it never gave', async () => {
    const { secret } = await sut.create({ name: 'crm', role: 'integration', createdBy: 'cli' });

    expect(await sut.findActive(`${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
  });

  it('refuses a revoked key from then on, and keeps it listed as revoked', async () => {
    const { key, secret } = await sut.create({ name: 'old frontend', role: 'agent-app', createdBy: 'cli' });
    const at = new Date('2026-03-01T10:00:00Z');

    const revoked = await sut.revoke(key.id, at);

    expect(revoked?.revokedAt).toEqual(at);
    expect(await sut.findActive(secret)).toBeUndefined();
    expect((await sut.list()).find((listed) => listed.id === key.id)?.revokedAt).toEqual(at);
    expect((await sut.revoke(key.id, new Date('2026-04-01T00:00:00Z')))?.revokedAt).toEqual(at);
    expect(await sut.revoke('0000000000000000', at)).toBeUndefined();
  });

  it('keeps every key through a rebuild of the read models', async () => {
    const { secret } = await sut.create({ name: 'quality team', role: 'quality', createdBy: 'cli' });

    const next = await readStore.createGeneration();
    await readStore.activate(next);

    expect(await sut.findActive(secret)).toMatchObject({ name: 'quality team' });
  });

  it('opens again on the same store without losing or repeating anything', async () => {
    const before = await sut.list();

    const reopened = await ApiKeyStore.open(readStore);

    expect(await reopened.list()).toEqual(before);
  });
});
