/**
 * Where the events live. A connection string switches to an external EventStoreDB/KurrentDB
 * (production); without one, Hindsight runs its embedded store in the data directory, so a
 * checkout works with nothing else installed. The code path after connecting is the same.
 */
import { resolve } from 'node:path';

export type EventStoreConfig =
  | { readonly mode: 'external'; readonly connectionString: string }
  | {
      readonly mode: 'embedded';
      readonly dataDir: string;
      /** 0 picks a free port: nothing outside the process needs to find an embedded store. */
      readonly port: number;
    };

export type EventStoreMode = EventStoreConfig['mode'];

export const DEFAULT_DATA_DIR = './.hindsight';

export function eventStoreConfigFromEnv(env: NodeJS.ProcessEnv = process.env): EventStoreConfig {
  const connectionString = env.EVENTSTORE_CONNECTION_STRING?.trim();
  if (connectionString) return { mode: 'external', connectionString };
  return {
    mode: 'embedded',
    dataDir: resolve(env.HINDSIGHT_DATA_DIR || DEFAULT_DATA_DIR, 'events'),
    port: parsePort(env.EVENTSTORE_PORT ?? '0', 'EVENTSTORE_PORT'),
  };
}

export function parsePort(text: string, variable: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    throw new Error(`${variable} must be a port number from 0 to 65535, got "${text}"`);
  }
  return port;
}

/** The connection string with any user and password taken out, fit for logs and health reports. */
export function withoutCredentials(connectionString: string): string {
  return connectionString.replace(/^([a-z+]+:\/\/)[^@/]*@/i, '$1');
}
