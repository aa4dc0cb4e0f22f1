/**
 * `npm run cli -- eventstore`: the embedded event store on its own, the same as `npm run eventstore`
 * as a command of the CLI. It runs until SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_EVENTSTORE_PORT, EmbeddedEventStore } from '@hindsight/eventstore-embedded';
import { EXIT, UsageError, errorMessage, type Command } from './command';

export const eventStoreCommand: Command = {
  path: ['eventstore'],
  summary: 'Run the embedded event store on its own, for any EventStoreDB client',
  help: `Usage: npm run cli -- eventstore [--port <n>] [--data-dir <dir>] [--host <host>]

Runs the embedded event store until Ctrl-C (or SIGTERM). Any EventStoreDB client can then connect
with esdb://127.0.0.1:<port>?tls=false. The same as "npm run eventstore".

Options (each falls back to its environment variable):
  --port <n>          EVENTSTORE_PORT, default ${DEFAULT_EVENTSTORE_PORT}
  --data-dir <dir>    EVENTSTORE_DATA_DIR, default ./data/events
  --host <host>       EVENTSTORE_HOST, default 127.0.0.1 (the store has no authentication)
  -h, --help          this text`,
  run: async (args, { env, stdout, stderr, signal }) => {
    const { values } = parseArgs({
      args: [...args],
      options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, host: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });
    const portText = values.port ?? env.EVENTSTORE_PORT ?? String(DEFAULT_EVENTSTORE_PORT);
    if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw new UsageError(`the port must be a number from 0 to 65535, got "${portText}"`);
    const store = new EmbeddedEventStore({
      port: Number(portText),
      dataDir: values['data-dir'] ?? env.EVENTSTORE_DATA_DIR ?? './data/events',
      host: values.host ?? env.EVENTSTORE_HOST ?? '127.0.0.1',
      log: (message) => stderr.write(`[eventstore] ${message}\n`),
    });
    try {
      await store.start();
    } catch (error) {
      stderr.write(`The embedded event store could not start: ${errorMessage(error)}\n`);
      return EXIT.failed;
    }
    stdout.write(`Embedded event store listening: ${store.connectionString}\n`);
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
    try {
      await store.stop();
    } catch (error) {
      stderr.write(`The embedded event store did not stop cleanly: ${errorMessage(error)}\n`);
      return EXIT.failed;
    }
    return EXIT.ok;
  },
};
