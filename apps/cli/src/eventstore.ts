/**
 * Runs the embedded event store on its own: `npm run eventstore -- --port 2113 --data-dir ./data/events`
 * (or EVENTSTORE_PORT / EVENTSTORE_DATA_DIR / EVENTSTORE_HOST). Any EventStoreDB client can then connect
 * with `esdb://127.0.0.1:2113?tls=false`.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_EVENTSTORE_PORT, EmbeddedEventStore } from '@hindsight/eventstore-embedded';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      host: { type: 'string' },
    },
  });
  const store = new EmbeddedEventStore({
    port: Number(values.port ?? process.env.EVENTSTORE_PORT ?? DEFAULT_EVENTSTORE_PORT),
    dataDir: values['data-dir'] ?? process.env.EVENTSTORE_DATA_DIR ?? './data/events',
    host: values.host ?? process.env.EVENTSTORE_HOST ?? '127.0.0.1',
    log: (message) => console.error(`[eventstore] ${message}`),
  });
  await store.start();
  console.log(`Embedded event store listening: ${store.connectionString}`);
  const shutdown = () => {
    store.stop().then(
      () => process.exit(0),
      (error: Error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: Error) => {
  console.error(`The embedded event store could not start: ${error.message}`);
  process.exit(1);
});
