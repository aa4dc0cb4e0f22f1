import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ReadStoreConfig } from '@hindsight/read-store';
import { FileCustomerKeyStore } from './file-customer-key-store';
import { customerKeyStoreFor, keyStoreConfigFromEnv } from './key-store-config';

describe(keyStoreConfigFromEnv.name, () => {
  const pglite: ReadStoreConfig = { kind: 'pglite', dataDir: '/data/read-store' };
  const postgres: ReadStoreConfig = { kind: 'postgres', connectionString: 'postgres://hindsight@db/hindsight', schemaPrefix: 'tenant' };

  it('keeps the keys as files in the data directory beside PGlite, and in the database beside PostgreSQL', () => {
    expect(keyStoreConfigFromEnv({ HINDSIGHT_DATA_DIR: '/data' }, pglite)).toEqual({ kind: 'files', directory: resolve('/data/keys'), schemaPrefix: 'read' });
    expect(keyStoreConfigFromEnv({}, postgres)).toMatchObject({ kind: 'database', connectionString: postgres.connectionString, schemaPrefix: 'tenant' });
  });

  it('refuses the database on PGlite, whose write-ahead log would keep every destroyed key', () => {
    expect(() => keyStoreConfigFromEnv({ HINDSIGHT_KEY_STORE: 'database' }, pglite)).toThrow(/needs DATABASE_URL.*write-ahead log/);
  });

  it('names what it expects of a value it does not know, or of a module store without its module', () => {
    expect(() => keyStoreConfigFromEnv({ HINDSIGHT_KEY_STORE: 'vault' }, pglite)).toThrow('HINDSIGHT_KEY_STORE must be files, database or module, got "vault"');
    expect(() => keyStoreConfigFromEnv({ HINDSIGHT_KEY_STORE: 'module' }, pglite)).toThrow(/needs HINDSIGHT_KEY_STORE_MODULE/);
  });

  it('hands the keys to an external key service\'s module when one is named, and uses the store it makes', async () => {
    const keyServiceDir = mkdtempSync(join(tmpdir(), 'hindsight-key-service-'));
    try {
      const config = keyStoreConfigFromEnv({ HINDSIGHT_KEY_STORE_MODULE: join(__dirname, 'testing', 'key-service.module.ts'), KEY_SERVICE_DIR: keyServiceDir }, postgres);
      const sut = customerKeyStoreFor(config);

      expect(sut).toBeInstanceOf(FileCustomerKeyStore);
      await sut.keysFor(['cust-maple']);
      expect(readdirSync(keyServiceDir)).not.toEqual([]);
      await sut.close();
    } finally {
      rmSync(keyServiceDir, { recursive: true, force: true });
    }
  });
});
