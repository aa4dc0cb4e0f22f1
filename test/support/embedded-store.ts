/** Starts a real embedded store in a fresh temporary directory, with a real client connected to it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDBClient } from '@eventstore/db-client';
import { EmbeddedEventStore, type EmbeddedEventStoreOptions } from '@hindsight/eventstore-embedded';

export interface RunningStore {
  store: EmbeddedEventStore;
  client: EventStoreDBClient;
  dataDir: string;
  /** Stops the store (and client) and starts a new one over the same data directory. */
  restart(): Promise<RunningStore>;
  stop(): Promise<void>;
}

export function temporaryDataDir(prefix = 'hindsight-store-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startEmbeddedStore(
  options: Partial<EmbeddedEventStoreOptions> = {},
  dataDir = temporaryDataDir(),
): Promise<RunningStore> {
  const store = new EmbeddedEventStore({ port: 0, ...options, dataDir });
  await store.start();
  const client = EventStoreDBClient.connectionString(store.connectionString);
  const stopBoth = async () => {
    await client.dispose();
    await store.stop();
  };
  return {
    store,
    client,
    dataDir,
    restart: async () => {
      await stopBoth();
      return startEmbeddedStore(options, dataDir);
    },
    stop: async () => {
      await stopBoth();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

export interface RunningSecureStore {
  store: EmbeddedEventStore;
  dataDir: string;
  /** Connected as `admin` with its CA, the way a client connects to a secure EventStoreDB. */
  admin: EventStoreDBClient;
  /** A client trusting the store's CA, with these default credentials, or none (anonymous). */
  clientAs(credentials?: Credentials): EventStoreDBClient;
  stop(): Promise<void>;
}

/** A secure store (TLS, users, ACLs) as `npm run eventstore` starts it, on a free port. */
export async function startSecureStore(
  options: Partial<EmbeddedEventStoreOptions> = {},
  dataDir = temporaryDataDir(),
): Promise<RunningSecureStore> {
  const store = new EmbeddedEventStore({ port: 0, security: { mode: 'secure' }, ...options, dataDir });
  await store.start();
  const clients: EventStoreDBClient[] = [];
  const clientAs = (credentials?: Credentials) => {
    const userInfo = credentials ? `${encodeURIComponent(credentials.username)}:${encodeURIComponent(credentials.password)}@` : '';
    const client = EventStoreDBClient.connectionString(store.connectionString.replace('esdb://', `esdb://${userInfo}`));
    clients.push(client);
    return client;
  };
  return {
    store,
    dataDir,
    admin: clientAs({ username: 'admin', password: 'changeit' }),
    clientAs,
    stop: async () => {
      await Promise.all(clients.map((client) => client.dispose()));
      await store.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
