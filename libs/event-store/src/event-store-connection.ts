/**
 * Owns the client and, in embedded mode, the store process it talks to: opened once at startup,
 * closed once at shutdown, in that order (client first, then the store it was connected to).
 */
import { mkdir } from 'node:fs/promises';
import { EventStoreDBClient } from '@eventstore/db-client';
import type { EmbeddedEventStore } from '@hindsight/eventstore-embedded';
import {
  DEFAULT_EVENT_STORE_TIMEOUTS,
  withClientTimeouts,
  withoutCredentials,
  type EventStoreConfig,
  type EventStoreMode,
  type EventStoreTimeouts,
} from './event-store-config';

/** The embedded store only ever listens on loopback: it has no authentication. */
const EMBEDDED_HOST = '127.0.0.1';

export class EventStoreConnection {
  private constructor(
    readonly client: EventStoreDBClient,
    readonly mode: EventStoreMode,
    /** Safe to show: credentials removed. */
    readonly displayConnectionString: string,
    readonly timeouts: EventStoreTimeouts,
    private readonly embeddedStore?: EmbeddedEventStore,
  ) {}

  static async open(config: EventStoreConfig): Promise<EventStoreConnection> {
    const timeouts = { ...DEFAULT_EVENT_STORE_TIMEOUTS, ...config.timeouts };
    if (config.mode === 'external') {
      return new EventStoreConnection(
        EventStoreDBClient.connectionString(withClientTimeouts(config.connectionString, timeouts)),
        'external',
        withoutCredentials(config.connectionString),
        timeouts,
      );
    }
    // Loaded only here, so a production process never loads the embedded server's code.
    const { EmbeddedEventStore } = await import('@hindsight/eventstore-embedded');
    // Owner-only, and so is Hindsight's data directory above it when this creates it.
    await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
    const store = new EmbeddedEventStore({ dataDir: config.dataDir, port: config.port, host: EMBEDDED_HOST });
    await store.start();
    return new EventStoreConnection(
      EventStoreDBClient.connectionString(withClientTimeouts(store.connectionString, timeouts)),
      'embedded',
      store.connectionString,
      timeouts,
      store,
    );
  }

  async close(): Promise<void> {
    try {
      await this.client.dispose();
    } finally {
      // Stopped even if the client failed to close: the store flushes its log and releases its lock.
      await this.embeddedStore?.stop();
    }
  }
}
