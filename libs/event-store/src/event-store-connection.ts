/**
 * Owns the client and, in embedded mode, the store process it talks to: opened once at startup,
 * closed once at shutdown, in that order (client first, then the store it was connected to).
 * The embedded store listens on a Unix socket in an owner-only directory beside its log: only this
 * user's processes can reach it, and appends pay no TLS. The client sends no credentials there (it
 * never does without TLS), and the store asks for none.
 */
import { mkdir } from 'node:fs/promises';
import { EventStoreDBClient } from '@eventstore/db-client';
import { Logger } from '@nestjs/common';
import type { EmbeddedEventStore } from '@hindsight/eventstore-embedded';
import {
  DEFAULT_EVENT_STORE_TIMEOUTS,
  withClientTimeouts,
  withoutCredentials,
  type EventStoreConfig,
  type EventStoreMode,
  type EventStoreTimeouts,
} from './event-store-config';

/** gRPC's spelling of a Unix socket address; the client takes it as an endpoint, not in a connection string. */
const UNIX_SOCKET_SCHEME = 'unix:';

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
        eventStoreClient(config.connectionString, timeouts),
        'external',
        withoutCredentials(config.connectionString),
        timeouts,
      );
    }
    // Loaded only here, so a production process never loads the embedded server's code.
    const { EmbeddedEventStore, defaultSocketPath } = await import('@hindsight/eventstore-embedded');
    // Owner-only, and so is Hindsight's data directory above it when this creates it.
    await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
    const store = new EmbeddedEventStore({
      dataDir: config.dataDir,
      socketPath: defaultSocketPath(config.dataDir),
      log: (message) => new Logger(EmbeddedEventStore.name).log(message),
    });
    await store.start();
    const address = `${UNIX_SOCKET_SCHEME}${store.socketPath}`;
    return new EventStoreConnection(eventStoreClient(address, timeouts), 'embedded', address, timeouts, store);
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

/**
 * A client for a connection string, or for `unix:<path>`, the embedded store's socket (what health
 * shows in embedded mode), which the client's connection strings cannot name.
 */
export function eventStoreClient(connectionString: string, timeouts: EventStoreTimeouts = DEFAULT_EVENT_STORE_TIMEOUTS): EventStoreDBClient {
  if (!connectionString.startsWith(UNIX_SOCKET_SCHEME)) {
    return EventStoreDBClient.connectionString(withClientTimeouts(connectionString, timeouts));
  }
  return new EventStoreDBClient(
    {
      endpoint: connectionString,
      defaultDeadline: timeouts.deadlineMs,
      keepAliveInterval: timeouts.keepAliveIntervalMs,
      keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    },
    { insecure: true },
  );
}
