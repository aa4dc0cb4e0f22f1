/**
 * Where the events live. A connection string switches to an external EventStoreDB/KurrentDB
 * (production); without one, Hindsight runs its embedded store in the data directory, so a
 * checkout works with nothing else installed. The code path after connecting is the same.
 * The embedded store listens on a Unix socket only its user can open, never on a TCP port.
 */
import { resolve } from 'node:path';

export type EventStoreConfig = (
  | { readonly mode: 'external'; readonly connectionString: string }
  | { readonly mode: 'embedded'; readonly dataDir: string }
) & {
  /** The defaults when omitted. */
  readonly timeouts?: Partial<EventStoreTimeouts>;
};

/**
 * No call to the store waits forever. The client's own deadline does not cover reads (it sends them
 * with none) and its batched appends rely on the server to keep theirs, so `EventStore` enforces
 * `deadlineMs` on every call itself; keepalive pings find a dead connection under a long-lived
 * subscription, which has no deadline.
 */
export interface EventStoreTimeouts {
  /** One read or append. */
  readonly deadlineMs: number;
  /** Ping the server after this long without traffic. */
  readonly keepAliveIntervalMs: number;
  /** Drop the connection when a ping is not answered within this. */
  readonly keepAliveTimeoutMs: number;
}

export const DEFAULT_EVENT_STORE_TIMEOUTS: EventStoreTimeouts = {
  deadlineMs: 10_000,
  keepAliveIntervalMs: 10_000,
  keepAliveTimeoutMs: 10_000,
};

export type EventStoreMode = EventStoreConfig['mode'];

export const DEFAULT_DATA_DIR = './.hindsight';

export function eventStoreConfigFromEnv(env: NodeJS.ProcessEnv = process.env): EventStoreConfig {
  const connectionString = env.EVENTSTORE_CONNECTION_STRING?.trim();
  const timeouts = timeoutsFromEnv(env);
  if (connectionString) return { mode: 'external', connectionString, ...(timeouts && { timeouts }) };
  return {
    mode: 'embedded',
    dataDir: resolve(env.HINDSIGHT_DATA_DIR || DEFAULT_DATA_DIR, 'events'),
    ...(timeouts && { timeouts }),
  };
}

/** Only what the environment sets; the rest stays at the defaults. */
function timeoutsFromEnv(env: NodeJS.ProcessEnv): Partial<EventStoreTimeouts> | undefined {
  const timeouts: { -readonly [K in keyof EventStoreTimeouts]?: number } = {};
  const variables = {
    deadlineMs: 'EVENTSTORE_DEADLINE_MS',
    keepAliveIntervalMs: 'EVENTSTORE_KEEPALIVE_INTERVAL_MS',
    keepAliveTimeoutMs: 'EVENTSTORE_KEEPALIVE_TIMEOUT_MS',
  } as const;
  for (const [key, variable] of Object.entries(variables) as [keyof EventStoreTimeouts, string][]) {
    const text = env[variable]?.trim();
    if (!text) continue;
    if (!/^\d+$/.test(text) || Number(text) < 1) {
      throw new Error(`${variable} must be a positive number of milliseconds, got "${text}"`);
    }
    timeouts[key] = Number(text);
  }
  return Object.keys(timeouts).length > 0 ? timeouts : undefined;
}

/**
 * The connection string with the client's deadline and keepalive settings added, unless it sets
 * them itself (an operator's connection string wins).
 */
export function withClientTimeouts(connectionString: string, timeouts: EventStoreTimeouts): string {
  const settings: [string, number][] = [
    ['defaultDeadline', timeouts.deadlineMs],
    ['keepAliveInterval', timeouts.keepAliveIntervalMs],
    ['keepAliveTimeout', timeouts.keepAliveTimeoutMs],
  ];
  let result = connectionString.trim();
  for (const [key, value] of settings) {
    if (new RegExp(`[?&]${key}=`, 'i').test(result)) continue;
    result += `${result.includes('?') ? '&' : '?'}${key}=${value}`;
  }
  return result;
}

/** The connection string with any user and password taken out, fit for logs and health reports. */
export function withoutCredentials(connectionString: string): string {
  return connectionString.replace(/^([a-z+]+:\/\/)[^@/]*@/i, '$1');
}
