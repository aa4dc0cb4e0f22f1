/**
 * Everything the API reads from its environment, read in one place at startup. Tests build the
 * same config from their own variables and go through the same `bootstrap`.
 */
import { eventStoreConfigFromEnv, type EventStoreConfig } from '@hindsight/event-store';
import { keyStoreConfigFromEnv, type KeyStoreConfig } from '@hindsight/personal-data';
import { readStoreConfigFromEnv, type ReadStoreConfig } from '@hindsight/read-store';
import { accessConfigFromEnv, type AccessConfig } from './access/access.config';

export interface AppConfig {
  readonly port: number;
  /** Loopback unless told otherwise: exposing the API is a deliberate choice (HOST=0.0.0.0). */
  readonly host: string;
  /** Larger request bodies are refused with REQUEST_TOO_LARGE before they are parsed. */
  readonly maxRequestBytes: number;
  readonly eventStore: EventStoreConfig;
  readonly readStore: ReadStoreConfig;
  /** Where the customers' keys live (see libs/personal-data/src/key-store-config.ts). */
  readonly keyStore: KeyStoreConfig;
  /**
   * Run the projector inside the API. On by default with the embedded store (one process does it
   * all); with an external store, `apps/projector` runs it and the API only reads.
   */
  readonly runProjector: boolean;
  /** Credentials, introspection and rate limits (see access/access.config.ts). */
  readonly access: AccessConfig;
}

/** Room for a full batch of 1,000 facts with generous text, well under what would strain the process. */
export const DEFAULT_MAX_REQUEST_BYTES = 4 * 1024 * 1024;

export function appConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const eventStore = eventStoreConfigFromEnv(env);
  const production = env.NODE_ENV === 'production';
  const readStore = readStoreConfigFromEnv(env);
  return {
    port: parsePort(env.PORT ?? '3000'),
    host: env.HOST || '127.0.0.1',
    maxRequestBytes: parsePositiveInteger('HINDSIGHT_MAX_REQUEST_BYTES', env.HINDSIGHT_MAX_REQUEST_BYTES ?? String(DEFAULT_MAX_REQUEST_BYTES)),
    eventStore,
    readStore,
    keyStore: keyStoreConfigFromEnv(env, readStore),
    runProjector: parseFlag('HINDSIGHT_RUN_PROJECTOR', env.HINDSIGHT_RUN_PROJECTOR, eventStore.mode === 'embedded'),
    access: accessConfigFromEnv(env, { production, embedded: eventStore.mode === 'embedded' }),
  };
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    throw new Error(`PORT must be a port number from 0 to 65535, got "${text}"`);
  }
  return port;
}

function parsePositiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1) throw new Error(`${name} must be a positive whole number, got "${text}"`);
  return value;
}

function parseFlag(name: string, text: string | undefined, fallback: boolean): boolean {
  if (text === undefined || text === '') return fallback;
  if (text === 'true' || text === 'false') return text === 'true';
  throw new Error(`${name} must be true or false, got "${text}"`);
}
