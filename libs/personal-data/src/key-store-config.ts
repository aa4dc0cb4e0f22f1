/**
 * Which key store holds the customers' keys, read from the environment:
 *
 * - `HINDSIGHT_KEY_STORE=files` (the default without DATABASE_URL): one file per customer in
 *   `<HINDSIGHT_DATA_DIR>/keys`. One machine only: processes elsewhere cannot see these files.
 * - `HINDSIGHT_KEY_STORE=database` (the default with DATABASE_URL): PostgreSQL's
 *   `personal_data.customer_keys`. Refused on PGlite, whose WAL would keep every destroyed key.
 * - `HINDSIGHT_KEY_STORE_MODULE=<path>`: an external key service (a KMS, Vault's transit engine...):
 *   a module whose `createCustomerKeyStore(env)` returns a `CustomerKeyStore`. Hindsight then keeps
 *   no key at all; making `destroy` final is the service's promise.
 */
import { resolve } from 'node:path';
import { DEFAULT_SCHEMA_PREFIX, type PostgresTimeouts, type ReadStoreConfig } from '@hindsight/read-store';
import type { CustomerKeyStore } from './customer-key-store';
import { DatabaseCustomerKeyStore } from './database-customer-key-store';
import { FileCustomerKeyStore } from './file-customer-key-store';

export type KeyStoreConfig =
  | { readonly kind: 'files'; readonly directory: string; readonly schemaPrefix: string }
  | { readonly kind: 'database'; readonly connectionString: string; readonly schemaPrefix: string; readonly timeouts?: Partial<PostgresTimeouts> }
  | { readonly kind: 'module'; readonly path: string; readonly env: NodeJS.ProcessEnv };

/** What an external key service's module exports. */
export interface CustomerKeyStoreModule {
  createCustomerKeyStore(env: NodeJS.ProcessEnv): CustomerKeyStore;
}

const DEFAULT_DATA_DIR = './.hindsight';

export function keyStoreConfigFromEnv(env: NodeJS.ProcessEnv, readStore: ReadStoreConfig): KeyStoreConfig {
  const modulePath = env.HINDSIGHT_KEY_STORE_MODULE?.trim();
  const chosen = env.HINDSIGHT_KEY_STORE?.trim() || (modulePath ? 'module' : readStore.kind === 'postgres' ? 'database' : 'files');
  const schemaPrefix = readStore.schemaPrefix ?? DEFAULT_SCHEMA_PREFIX;
  switch (chosen) {
    case 'files':
      return { kind: 'files', directory: resolve(env.HINDSIGHT_DATA_DIR || DEFAULT_DATA_DIR, 'keys'), schemaPrefix };
    case 'database':
      if (readStore.kind !== 'postgres') {
        throw new Error('HINDSIGHT_KEY_STORE=database needs DATABASE_URL: on PGlite a destroyed key would stay in its write-ahead log');
      }
      return { kind: 'database', connectionString: readStore.connectionString, schemaPrefix, timeouts: readStore.timeouts };
    case 'module':
      if (!modulePath) throw new Error('HINDSIGHT_KEY_STORE=module needs HINDSIGHT_KEY_STORE_MODULE, the path of the key service\'s module');
      return { kind: 'module', path: resolve(modulePath), env };
    default:
      throw new Error(`HINDSIGHT_KEY_STORE must be files, database or module, got "${chosen}"`);
  }
}

/** The key store; nothing is opened until its first use. */
export function customerKeyStoreFor(config: KeyStoreConfig): CustomerKeyStore {
  switch (config.kind) {
    case 'files':
      return new FileCustomerKeyStore(config.directory, config.schemaPrefix);
    case 'database':
      return new DatabaseCustomerKeyStore(config);
    case 'module':
      return loadKeyStoreModule(config.path).createCustomerKeyStore(config.env);
    default: {
      const unknown: never = config;
      throw new Error(`Unknown key store ${JSON.stringify(unknown)}`);
    }
  }
}

function loadKeyStoreModule(path: string): CustomerKeyStoreModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a module named at run time
  const loaded = require(path) as Partial<CustomerKeyStoreModule>;
  if (typeof loaded.createCustomerKeyStore !== 'function') {
    throw new Error(`HINDSIGHT_KEY_STORE_MODULE ${path} exports no createCustomerKeyStore(env) function`);
  }
  return loaded as CustomerKeyStoreModule;
}
