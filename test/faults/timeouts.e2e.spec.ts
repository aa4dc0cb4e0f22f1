/**
 * A server that accepts connections and then says nothing is worse than one that is down: without a
 * timeout, every call to it waits forever. Here the event store and PostgreSQL are each such a
 * silent server, and every call to them ends in a clear, retryable error instead.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { sql } from 'kysely';
import { ReadStore, ReadStoreUnavailableError, type ReadStoreConfig } from '@hindsight/read-store';
import { startApi, type RunningApi } from '../support/api';
import { defaultReadStoreTarget, reportSkippedPostgres } from '../support/read-store-targets';
import { recordEventsMutation, type RecordEventsBody } from '../support/facts';

/** Listens on loopback, accepts every connection and never answers. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const fact = {
  source: 'telephony',
  sourceEventId: 'silent-1',
  occurredAt: '2026-03-05T10:00:00Z',
  stream: 'contact-silent-1',
  event: { contactQueued: { queueId: 'billing' } },
};

describe('Timeouts on calls to the event store', () => {
  let silent: Awaited<ReturnType<typeof silentServer>>;
  let api: RunningApi;

  beforeAll(async () => {
    silent = await silentServer();
    api = await startApi({
      EVENTSTORE_CONNECTION_STRING: `esdb://127.0.0.1:${silent.port}?tls=false`,
      HINDSIGHT_RUN_PROJECTOR: 'false',
      EVENTSTORE_DEADLINE_MS: '500',
    });
  }, 60_000);

  afterAll(async () => {
    await api?.stop();
    await silent?.close();
  });

  it('answers a write to a store that never answers with EVENT_STORE.TIMEOUT, marked retryable', async () => {
    const response = await api.graphql<RecordEventsBody>(recordEventsMutation, { facts: [fact] });

    expect(response.errors?.map((error) => [error.extensions?.code, error.extensions?.retryable])).toEqual([
      ['EVENT_STORE.TIMEOUT', true],
    ]);
  });

  it('reports such a store as not connected in health, saying it timed out', async () => {
    const response = await api.graphql<{ health: { eventStore: { connected: boolean; error: string } } }>(
      '{ health { eventStore { connected error } } }',
    );

    expect(response.data?.health.eventStore).toEqual({ connected: false, error: expect.stringMatching(/did not answer/) });
  });
});

describe(`Timeouts on calls to PostgreSQL (${ReadStore.name})`, () => {
  let silent: Awaited<ReturnType<typeof silentServer>>;

  beforeAll(async () => {
    silent = await silentServer();
  });

  afterAll(async () => {
    await silent?.close();
  });

  it('gives up connecting to a database that never answers, saying why', async () => {
    const opening = ReadStore.open({
      kind: 'postgres',
      connectionString: `postgres://hindsight@127.0.0.1:${silent.port}/hindsight`,
      timeouts: { connectMs: 300 },
    });

    await expect(opening).rejects.toThrow(/timeout/i);
  });
});

describe(`A statement that outlives the timeout (${ReadStore.name} on PostgreSQL)`, () => {
  const target = process.env.DATABASE_URL ? defaultReadStoreTarget() : undefined;
  const itOnPostgres = target ? it : it.skip;

  afterAll(async () => {
    await target?.cleanUp();
  });

  itOnPostgres('is cancelled by the server and answered with READ_STORE.UNAVAILABLE, which is retryable', async () => {
    const store = await ReadStore.open({ ...target!.config, timeouts: { statementMs: 200 } } as ReadStoreConfig);
    try {
      const slow = store.read((trx) => sql`select pg_sleep(5)`.execute(trx));

      await expect(slow).rejects.toBeInstanceOf(ReadStoreUnavailableError);
      await expect(slow).rejects.toMatchObject({ code: 'READ_STORE.UNAVAILABLE', category: 'unavailable' });
      // The connection is usable again at once.
      await expect(store.read((trx) => sql`select 1 as one`.execute(trx))).resolves.toMatchObject({ rows: [{ one: 1 }] });
    } finally {
      await store.close();
    }
  });
});
reportSkippedPostgres('A statement that outlives the timeout');
