/**
 * `npm run eventstore` / `npm run cli -- eventstore`: secure by default, printing the connection
 * string a client needs; `--insecure` is today's plaintext store without users.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { AccessDeniedError, EventStoreDBClient } from '@eventstore/db-client';
import { runCli } from '../../apps/cli/src/all-commands';
import { CapturedOutput } from '../support/cli';
import { temporaryDataDir } from '../support/embedded-store';
import { collect, numbersOf, testEvent } from '../support/events';

interface RunningCommand {
  connectionString: string;
  stdout: CapturedOutput;
  stderr: CapturedOutput;
  stop(): Promise<number>;
}

/** Runs the command in-process until it prints where it listens; `stop` is Ctrl-C. */
async function startEventStoreCommand(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<RunningCommand> {
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const interrupt = new AbortController();
  const exited = runCli(['eventstore', '--port', '0', ...args], { env, stdout, stderr, signal: interrupt.signal });
  const listening = /listening: (\S+)/;
  while (!listening.test(stdout.text)) {
    const early = await Promise.race([exited, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 20))]);
    if (early !== undefined) throw new Error(`eventstore exited with ${early}: ${stderr.text}`);
  }
  return {
    connectionString: listening.exec(stdout.text)![1],
    stdout,
    stderr,
    stop: () => {
      interrupt.abort();
      return exited;
    },
  };
}

describe('cli eventstore', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = temporaryDataDir();
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts secure, printing the admin connection string with its CA file, which a client connects with', async () => {
    const sut = await startEventStoreCommand(['--data-dir', dataDir]);
    const client = EventStoreDBClient.connectionString(sut.connectionString);
    try {
      expect(sut.connectionString).toMatch(new RegExp(`^esdb://admin:changeit@127\\.0\\.0\\.1:\\d+\\?tls=true&tlsCAFile=${join(dataDir, 'certs', 'ca.crt')}$`));
      expect(sut.stderr.text).toContain('default password');
      const stream = `contact-${randomUUID()}`;
      await client.appendToStream(stream, [testEvent(0)]);
      expect(numbersOf(await collect(client.readStream(stream)))).toEqual([0]);
    } finally {
      await client.dispose();
      expect(await sut.stop()).toBe(0);
    }
  });

  it('takes the admin password from EVENTSTORE_DEFAULT_ADMIN_PASSWORD, and does not print it', async () => {
    const sut = await startEventStoreCommand(['--data-dir', dataDir], { EVENTSTORE_DEFAULT_ADMIN_PASSWORD: 'not-changeit' });
    const withDefault = EventStoreDBClient.connectionString(sut.connectionString.replace('<admin-password>', 'changeit'));
    const withConfigured = EventStoreDBClient.connectionString(sut.connectionString.replace('<admin-password>', 'not-changeit'));
    try {
      expect(sut.stdout.text).not.toContain('not-changeit');
      await expect(withDefault.appendToStream(`contact-${randomUUID()}`, [testEvent(0)])).rejects.toBeInstanceOf(AccessDeniedError);
      await withConfigured.appendToStream(`contact-${randomUUID()}`, [testEvent(0)]);
    } finally {
      await Promise.all([withDefault.dispose(), withConfigured.dispose()]);
      await sut.stop();
    }
  });

  it('with --insecure, serves plaintext without users, and says so', async () => {
    const sut = await startEventStoreCommand(['--data-dir', dataDir, '--insecure']);
    const client = EventStoreDBClient.connectionString(sut.connectionString);
    try {
      expect(sut.connectionString).toMatch(/^esdb:\/\/127\.0\.0\.1:\d+\?tls=false$/);
      expect(sut.stderr.text).toContain('INSECURE');
      await client.appendToStream(`contact-${randomUUID()}`, [testEvent(0)]);
    } finally {
      await client.dispose();
      await sut.stop();
    }
  });
});
