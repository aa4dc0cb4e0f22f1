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
