/**
 * `npm run cli -- eventstore`: the embedded event store on its own, the same as `npm run eventstore`
 * as a command of the CLI. It runs until SIGINT/SIGTERM. Secure by default, as EventStoreDB is: TLS
 * with a certificate authority of its own, the `admin` and `ops` users, ACLs; `--insecure` turns all
 * of it off, as EventStoreDB's flag does.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_EVENTSTORE_PORT, DEFAULT_PASSWORD, EmbeddedEventStore, type StoreSecurity } from '@hindsight/eventstore-embedded';
import { EXIT, UsageError, errorMessage, type Command } from './command';

export const eventStoreCommand: Command = {
  path: ['eventstore'],
  summary: 'Run the embedded event store on its own, for any EventStoreDB client',
  help: `Usage: npm run cli -- eventstore [--port <n>] [--data-dir <dir>] [--host <host>] [--insecure]

Runs the embedded event store until Ctrl-C (or SIGTERM). The same as "npm run eventstore".

Secure by default, as EventStoreDB is: TLS with a certificate authority and a node certificate made
at the first start in <data-dir>/certs (keys readable by their owner only), every call authenticated,
EventStoreDB's users admin ($admins) and ops ($ops), and its ACLs ($settings, and $acl in stream
metadata). It prints the connection string a client needs, e.g.
  esdb://admin:changeit@127.0.0.1:2113?tls=true&tlsCAFile=<data-dir>/certs/ca.crt

Options (each falls back to its environment variable):
  --port <n>                       EVENTSTORE_PORT, default ${DEFAULT_EVENTSTORE_PORT}
  --data-dir <dir>                 EVENTSTORE_DATA_DIR, default ./data/events
  --host <host>                    EVENTSTORE_HOST, default 127.0.0.1
  --default-admin-password <pw>    EVENTSTORE_DEFAULT_ADMIN_PASSWORD, default ${DEFAULT_PASSWORD}
  --default-ops-password <pw>      EVENTSTORE_DEFAULT_OPS_PASSWORD, default ${DEFAULT_PASSWORD}
  --insecure                       EVENTSTORE_INSECURE=true: no TLS, no users, no ACLs (connect with
                                   esdb://127.0.0.1:<port>?tls=false); anyone who reaches the port
                                   can read and write everything
  -h, --help                       this text

The passwords are read at every start: change them by restarting with new ones.`,
  run: async (args, { env, stdout, stderr, signal }) => {
    const { values } = parseArgs({
      args: [...args],
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        host: { type: 'string' },
        insecure: { type: 'boolean' },
        'default-admin-password': { type: 'string' },
        'default-ops-password': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
    const portText = values.port ?? env.EVENTSTORE_PORT ?? String(DEFAULT_EVENTSTORE_PORT);
    if (!/^\d+$/.test(portText) || Number(portText) > 65535) throw new UsageError(`the port must be a number from 0 to 65535, got "${portText}"`);
    const insecure = values.insecure ?? booleanFromEnv(env.EVENTSTORE_INSECURE, 'EVENTSTORE_INSECURE');
    const adminPassword = values['default-admin-password'] ?? env.EVENTSTORE_DEFAULT_ADMIN_PASSWORD ?? DEFAULT_PASSWORD;
    const opsPassword = values['default-ops-password'] ?? env.EVENTSTORE_DEFAULT_OPS_PASSWORD ?? DEFAULT_PASSWORD;
    if (!adminPassword || !opsPassword) throw new UsageError('the admin and ops passwords must not be empty');
    const security: StoreSecurity = insecure ? { mode: 'insecure' } : { mode: 'secure', passwords: { admin: adminPassword, ops: opsPassword } };
    const store = new EmbeddedEventStore({
      port: Number(portText),
      dataDir: values['data-dir'] ?? env.EVENTSTORE_DATA_DIR ?? './data/events',
      host: values.host ?? env.EVENTSTORE_HOST ?? '127.0.0.1',
      security,
      log: (message) => stderr.write(`[eventstore] ${message}\n`),
    });
    try {
      await store.start();
    } catch (error) {
      stderr.write(`The embedded event store could not start: ${errorMessage(error)}\n`);
      return EXIT.failed;
    }
    if (insecure) {
      stderr.write('[eventstore] INSECURE: no TLS, no users, no ACLs. Anyone who can reach this port can read, write and delete every stream.\n');
      stdout.write(`Embedded event store listening: ${store.connectionString}\n`);
    } else {
      // A password given to the store is not echoed to its output: only the default one, which is no secret.
      const password = adminPassword === DEFAULT_PASSWORD ? DEFAULT_PASSWORD : '<admin-password>';
      if (adminPassword === DEFAULT_PASSWORD || opsPassword === DEFAULT_PASSWORD) {
        stderr.write('[eventstore] admin or ops has the default password "changeit": set EVENTSTORE_DEFAULT_ADMIN_PASSWORD and EVENTSTORE_DEFAULT_OPS_PASSWORD.\n');
      }
      stdout.write(`Embedded event store listening: ${store.connectionString.replace('esdb://', `esdb://admin:${password}@`)}\n`);
    }
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

function booleanFromEnv(text: string | undefined, variable: string): boolean {
  const value = text?.trim().toLowerCase();
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  throw new UsageError(`${variable} must be true or false, got "${text}"`);
}
