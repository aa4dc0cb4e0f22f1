/**
 * What access requires at startup: production refuses to start without credentials and hides
 * introspection and GraphiQL unless asked; embedded development prints an admin key once and keeps
 * it across restarts.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiKeyStore } from '@hindsight/access';
import { ReadStore, readStoreConfigFromEnv } from '@hindsight/read-store';
import { appConfigFromEnv } from '../../apps/api/src/app.config';
import { bootstrap } from '../../apps/api/src/bootstrap';

const introspection = '{ __schema { queryType { name } } }';

describe('Access at startup', () => {
  let dataDir: string;
  let app: NestFastifyApplication | undefined;

  const start = async (env: NodeJS.ProcessEnv) => {
    app = await bootstrap(appConfigFromEnv({ HINDSIGHT_DATA_DIR: dataDir, PORT: '0', ...env }), { logger: false });
    return app;
  };
  const post = async (query: string, secret?: string) => {
    const response = await fetch(`${await app!.getUrl()}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(secret && { authorization: `Bearer ${secret}` }) },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, ...((await response.json()) as { data?: unknown; errors?: { message: string; extensions: { code: string } }[] }) };
  };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'hindsight-access-'));
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('in production', () => {
    const adminKey = randomBytes(32).toString('base64url');

    it('refuses to start without credentials, saying how to configure them', async () => {
      await expect(start({ NODE_ENV: 'production' })).rejects.toThrow(/no credentials are configured.*HINDSIGHT_JWT_ISSUER.*HINDSIGHT_ADMIN_KEY.*keys create/s);
    });

    it('starts with a key created beforehand', async () => {
      const readStore = await ReadStore.open(readStoreConfigFromEnv({ HINDSIGHT_DATA_DIR: dataDir }));
      const { secret } = await (await ApiKeyStore.open(readStore)).create({ name: 'ops', role: 'admin', createdBy: 'cli' });
      await readStore.close();

      await start({ NODE_ENV: 'production' });

      expect((await post('{ apiKeys { name } }', secret)).data).toEqual({ apiKeys: [{ name: 'ops' }] });
    });

    it('refuses introspection, even to an admin, and serves no GraphiQL', async () => {
      await start({ NODE_ENV: 'production', HINDSIGHT_ADMIN_KEY: adminKey });

      const response = await post(introspection, adminKey);

      expect(response.errors).toMatchObject([{ extensions: { code: 'INTROSPECTION_DISABLED' } }]);
      expect((await fetch(`${await app!.getUrl()}/graphiql`)).status).toBe(404);
    });

    it('suggests no field names in errors, where introspection would not tell them either', async () => {
      await start({ NODE_ENV: 'production', HINDSIGHT_ADMIN_KEY: adminKey });

      const response = await post('{ jorney(id: "case-T-1") { id } }', adminKey);

      expect(response.errors).toMatchObject([{ message: 'Cannot query field "jorney" on type "Query".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }]);
    });

    it('allows introspection and GraphiQL when configured to', async () => {
      await start({ NODE_ENV: 'production', HINDSIGHT_ADMIN_KEY: adminKey, HINDSIGHT_ALLOW_INTROSPECTION: 'true' });

      expect((await post(introspection)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      expect((await fetch(`${await app!.getUrl()}/graphiql`)).status).toBe(200);
    });
  });

  describe('embedded, outside production', () => {
    it('prints a development admin key at first start, and it keeps working after a restart', async () => {
      const warnings = jest.spyOn(Logger.prototype, 'warn');
      await start({});
      const printed = warnings.mock.calls.map(([message]) => String(message)).join('\n');
      const secret = /hsk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}/.exec(printed)?.[0];
      warnings.mockRestore();
      expect(secret).toBeDefined();
      expect((await post('{ apiKeys { name role } }', secret)).data).toEqual({ apiKeys: [{ name: 'development', role: 'ADMIN' }] });

      await app!.close();
      await start({});

      expect((await post('{ apiKeys { name role } }', secret)).data).toEqual({ apiKeys: [{ name: 'development', role: 'ADMIN' }] });
    });

    it('creates no development key when credentials are configured', async () => {
      const adminKey = randomBytes(32).toString('base64url');
      await start({ HINDSIGHT_ADMIN_KEY: adminKey });

      expect((await post('{ apiKeys { name } }', adminKey)).data).toEqual({ apiKeys: [] });
    });
  });
});
