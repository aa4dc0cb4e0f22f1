/**
 * Starts the whole API on embedded defaults in a fresh data directory, and talks to it over HTTP as
 * admin (a bootstrap admin key made for the run), or as any other credential through `as`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStoreDBClient } from '@eventstore/db-client';
import { eventStoreClient } from '@hindsight/event-store';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { appConfigFromEnv, type AppConfig } from '../../apps/api/src/app.config';
import { bootstrap, type BootstrapOptions } from '../../apps/api/src/bootstrap';
import { defaultReadStoreTarget } from './read-store-targets';

export interface GraphQLResponse<Data = Record<string, unknown>> {
  readonly status: number;
  readonly data?: Data | null;
  readonly errors?: readonly {
    readonly message: string;
    readonly extensions?: { readonly code?: string; readonly field?: string; readonly [key: string]: unknown };
  }[];
}

export interface ApiClient {
  graphql<Data = Record<string, unknown>>(query: string, variables?: object): Promise<GraphQLResponse<Data>>;
  /** Sends a raw body, for requests a GraphQL client would never build. */
  post(body: string): Promise<GraphQLResponse>;
}

export interface RunningApi extends ApiClient {
  readonly app: NestFastifyApplication;
  readonly config: AppConfig;
  /** The GraphQL endpoint's URL. */
  readonly url: string;
  /** The admin key `graphql` and `post` send. */
  readonly adminKey: string;
  /** A client of the API's own event store, to look at what was really stored. */
  readonly storeClient: EventStoreDBClient;
  /** The same API as another caller: a key or token (sent as a bearer token), or headers of its own, or nobody (`{}`). */
  as(credential: string | { readonly headers: Readonly<Record<string, string>> }): ApiClient;
  stop(): Promise<void>;
}

/**
 * Read models go to PostgreSQL when DATABASE_URL is set (CI), in a schema prefix of their own so
 * that test files running side by side never share tables; otherwise to PGlite in the data directory.
 */
export async function startApi(env: NodeJS.ProcessEnv = {}, options: BootstrapOptions = { logger: false }): Promise<RunningApi> {
  // A data directory the caller names is the caller's: it outlives `stop`, for a test that inspects its files.
  const ownDataDir = !env.HINDSIGHT_DATA_DIR;
  const dataDir = env.HINDSIGHT_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'hindsight-api-'));
  const readStore = defaultReadStoreTarget();
  const readStoreEnv =
    readStore.config.kind === 'postgres'
      ? { DATABASE_URL: readStore.config.connectionString, HINDSIGHT_READ_SCHEMA_PREFIX: readStore.config.schemaPrefix }
      : {};
  const adminKey = randomBytes(32).toString('base64url');
  // Tests that are about rate limits set their own; the rest send as fast as they like.
  const config = appConfigFromEnv({ HINDSIGHT_DATA_DIR: dataDir, PORT: '0', HINDSIGHT_ADMIN_KEY: adminKey, HINDSIGHT_RATE_LIMIT: 'off', ...readStoreEnv, ...env });
  const app = await bootstrap(config, options);
  const url = `${await app.getUrl()}/graphql`;
  const client = (headers: Readonly<Record<string, string>>): ApiClient => {
    const post = async (body: string) => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      return { status: response.status, ...((await response.json()) as Omit<GraphQLResponse, 'status'>) };
    };
    return {
      post,
      graphql: async <Data>(query: string, variables?: object) => (await post(JSON.stringify({ query, variables }))) as GraphQLResponse<Data>,
    };
  };
  const admin = client({ authorization: `Bearer ${config.access.bootstrapAdminKey}` });
  const health = await admin.post(JSON.stringify({ query: '{ health { eventStore { connectionString } } }' }));
  const { connectionString } = (health.data as { health: { eventStore: { connectionString: string } } }).health
    .eventStore;
  const storeClient = eventStoreClient(connectionString);
  return {
    app,
    config,
    url,
    adminKey: config.access.bootstrapAdminKey!,
    storeClient,
    ...admin,
    as: (credential) => client(typeof credential === 'string' ? { authorization: `Bearer ${credential}` } : credential.headers),
    stop: async () => {
      await storeClient.dispose();
      await app.close();
      await readStore.cleanUp();
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until the projector has caught up with everything recorded so far. */
export async function projected(api: ApiClient): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { data } = await api.graphql<{ health: { projector: { eventsBehind: number; running: boolean } } }>(
      '{ health { projector { eventsBehind running } } }',
    );
    if (data?.health.projector.running && data.health.projector.eventsBehind === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('The projector did not catch up within 10 s');
}
