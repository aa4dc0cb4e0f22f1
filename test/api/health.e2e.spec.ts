import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { appConfigFromEnv } from '../../apps/api/src/app.config';
import { bootstrap } from '../../apps/api/src/bootstrap';

const healthQuery = '{ health { status eventStore { connected mode connectionString } } }';
const readSideQuery = '{ health { readStore { connected kind } projector { running eventsBehind projections { projection state } } } }';

const adminKey = randomBytes(32).toString('base64url');

/** Asks as admin unless told `{ anonymous: true }`. */
async function postGraphQL(app: NestFastifyApplication, query: string, { anonymous = false } = {}): Promise<unknown> {
  const response = await fetch(`${await app.getUrl()}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(!anonymous && { authorization: `Bearer ${adminKey}` }) },
    body: JSON.stringify({ query }),
  });
  if (!anonymous) expect(response.status).toBe(200);
  return response.json();
}

/** The API on a data directory of its own, with `env` on top; `stop` removes the directory too. */
async function startApiWith(env: NodeJS.ProcessEnv = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'hindsight-health-'));
  const app = await bootstrap(appConfigFromEnv({ HINDSIGHT_DATA_DIR: dataDir, PORT: '0', HINDSIGHT_ADMIN_KEY: adminKey, ...env }), { logger: false });
  return {
    app,
    stop: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe('health query', () => {
  describe('with the embedded event store and PGlite', () => {
    let api: Awaited<ReturnType<typeof startApiWith>>;
    let app: NestFastifyApplication;

    beforeAll(async () => {
      api = await startApiWith();
      ({ app } = api);
    });

    afterAll(async () => {
      await api?.stop();
    });

    it('reports the store as connected', async () => {
      const body = await postGraphQL(app, healthQuery);

      expect(body).toEqual({
        data: {
          health: {
            status: 'ok',
            eventStore: {
              connected: true,
              mode: 'embedded',
              connectionString: expect.stringMatching(/^unix:\/.+\/events\/socket\/eventstore\.sock$/),
            },
          },
        },
      });
    });

    it('tells anyone, without a credential, whether it and its dependencies are alive', async () => {
      const body = await postGraphQL(app, '{ health { status eventStore { connected mode } readStore { connected } } }', { anonymous: true });

      expect(body).toEqual({ data: { health: { status: 'ok', eventStore: { connected: true, mode: 'embedded' }, readStore: { connected: true } } } });
    });

    it('tells where its dependencies are only to an admin', async () => {
      const body = await postGraphQL(app, healthQuery, { anonymous: true });

      expect(body).toMatchObject({ data: null, errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    });

    it('reports the read store and the projector running inside the API', async () => {
      const body = await postGraphQL(app, readSideQuery);

      expect(body).toEqual({
        data: {
          health: {
            readStore: { connected: true, kind: 'pglite' },
            projector: {
              running: true,
              eventsBehind: 0,
              projections: [
                { projection: 'journeys', state: 'running' },
                { projection: 'reviews', state: 'running' },
              ],
            },
          },
        },
      });
    });
  });

  describe('with an external event store that does not answer', () => {
    let api: Awaited<ReturnType<typeof startApiWith>>;
    let app: NestFastifyApplication;

    beforeAll(async () => {
      // Port 1 on loopback refuses connections at once; the credentials must never be shown.
      api = await startApiWith({ EVENTSTORE_CONNECTION_STRING: 'esdb://admin:changeit@127.0.0.1:1?tls=false' });
      ({ app } = api);
    });

    afterAll(async () => {
      await api?.stop();
    });

    it('reports the store as not connected and the service as degraded', async () => {
      const body = await postGraphQL(app, healthQuery);

      expect(body).toEqual({
        data: {
          health: {
            status: 'degraded',
            eventStore: { connected: false, mode: 'external', connectionString: 'esdb://127.0.0.1:1?tls=false' },
          },
        },
      });
    });
  });
});
