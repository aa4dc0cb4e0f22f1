/**
 * Opens the event store and the read store the way the API does, from the same environment:
 * EVENTSTORE_CONNECTION_STRING (else the embedded store in `<HINDSIGHT_DATA_DIR>/events`) and
 * DATABASE_URL (else PGlite in `<HINDSIGHT_DATA_DIR>/read-store`), and the customers' keys the
 * same way (HINDSIGHT_KEY_STORE, else files in `<HINDSIGHT_DATA_DIR>/keys` or PostgreSQL's table).
 *
 * The embedded store and PGlite each allow one process per directory. In embedded mode the API
 * holds both while it runs, so a CLI command that needs them can only run while the API is
 * stopped: the lock errors are turned into a `DataDirectoryInUseError` that says so.
 */
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import { EventStore, EventStoreModule, eventStoreConfigFromEnv, type EventStoreConfig, type Upcaster } from '@hindsight/event-store';
import { customerKeyStoreFor, keyStoreConfigFromEnv, moveKeysOutOfReadStore } from '@hindsight/personal-data';
import { ReadStore, ReadStoreLockedError, describeReadStore, readStoreConfigFromEnv, type ReadStoreConfig } from '@hindsight/read-store';

export interface OpenStores {
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  readonly eventStoreConfig: EventStoreConfig;
  readonly readStoreConfig: ReadStoreConfig;
  /** Where each store is, without credentials: for the first line a command prints. */
  readonly description: string;
  /** Closes them all, the read store first (nothing may write to it after the event store is gone). */
  close(): Promise<void>;
}

/** A store's directory is open in another process: in embedded mode, usually the running API. */
export class DataDirectoryInUseError extends Error {
  constructor(
    readonly store: 'event store' | 'read store',
    readonly directory: string,
    readonly pid: number | undefined,
    options?: ErrorOptions,
  ) {
    const holder = pid === undefined ? 'another process' : `process ${pid}`;
    super(
      [
        `the ${store} in ${directory} is in use by ${holder}, most likely the Hindsight API.`,
        'The embedded event store and PGlite allow one process per data directory, so this command runs only while the API is stopped:',
        '  - stop the API and run this command again, or',
        '  - rebuild through the API (its admin route, once it offers one).',
        'With EVENTSTORE_CONNECTION_STRING and DATABASE_URL set, the CLI can run beside the API.',
      ].join('\n'),
      options,
    );
    this.name = 'DataDirectoryInUseError';
  }
}

/** `upcasters`: read events with these (the event store module's own list when omitted). */
export async function openStores(env: NodeJS.ProcessEnv, logger: LoggerService | false = false, upcasters?: readonly Upcaster[]): Promise<OpenStores> {
  const eventStoreConfig: EventStoreConfig = eventStoreConfigFromEnv(env);
  const readStoreConfig = readStoreConfigFromEnv(env);

  let readStore: ReadStore;
  try {
    readStore = await ReadStore.open(readStoreConfig);
  } catch (error) {
    throw explained(error, 'read store', readStoreConfig.kind === 'pglite' ? readStoreConfig.dataDir : describeReadStore(readStoreConfig));
  }
  // The projections need no keys, but keys an older version left in the read store move out, as the API's start does.
  const keys = customerKeyStoreFor(keyStoreConfigFromEnv(env, readStoreConfig));
  try {
    await moveKeysOutOfReadStore(readStore, keys);
  } catch (error) {
    await readStore.close();
    throw error;
  }
  let app: INestApplicationContext;
  try {
    // Quiet while starting: a failure is reported once, by the command, not also by Nest.
    app = await NestFactory.createApplicationContext(EventStoreModule.forRoot({ connection: eventStoreConfig, upcasters }), { logger: false, abortOnError: false });
  } catch (error) {
    await readStore.close();
    await keys.close();
    throw explained(error, 'event store', eventStoreConfig.mode === 'embedded' ? eventStoreConfig.dataDir : redacted(eventStoreConfig.connectionString));
  }
  app.useLogger(logger);
  const eventStoreDescription = eventStoreConfig.mode === 'embedded' ? `embedded, in ${eventStoreConfig.dataDir}` : redacted(eventStoreConfig.connectionString);
  return {
    eventStore: app.get(EventStore),
    readStore,
    eventStoreConfig,
    readStoreConfig,
    description: `event store: ${eventStoreDescription}; read store: ${readStore.description}`,
    close: async () => {
      try {
        await readStore.close();
      } finally {
        await keys.close();
        await app.close();
      }
    },
  };
}

/** The embedded store's and PGlite's lock errors become one that says what to do; any other says which store failed. */
function explained(error: unknown, store: DataDirectoryInUseError['store'], where: string): Error {
  if (error instanceof ReadStoreLockedError || isEmbeddedStoreLocked(error)) {
    const pid = /process (\d+)/.exec((error as Error).message)?.[1];
    return new DataDirectoryInUseError(store, where, pid === undefined ? undefined : Number(pid), { cause: error });
  }
  return new Error(`the ${store} (${where}) could not be opened: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

/**
 * The embedded store's `StorageError` with code `STORAGE.LOCKED` (its class is internal to
 * @hindsight/eventstore-embedded, so it is recognised by name and code).
 */
function isEmbeddedStoreLocked(error: unknown): boolean {
  const candidate = error as { name?: unknown; code?: unknown } | undefined;
  return candidate?.name === 'StorageError' && candidate.code === 'STORAGE.LOCKED';
}

/** A connection string without its user and password (as @hindsight/event-store shows it in health reports). */
function redacted(connectionString: string): string {
  return connectionString.replace(/^([a-z+]+:\/\/)[^@/]*@/i, '$1');
}
