import { resolve } from 'node:path';
import { DEFAULT_EVENT_STORE_TIMEOUTS, eventStoreConfigFromEnv, withClientTimeouts, withoutCredentials } from './event-store-config';

describe(eventStoreConfigFromEnv.name, () => {
  it('connects to an external store when given a connection string', () => {
    const config = eventStoreConfigFromEnv({ EVENTSTORE_CONNECTION_STRING: 'esdb://eventstore:2113?tls=false' });

    expect(config).toEqual({ mode: 'external', connectionString: 'esdb://eventstore:2113?tls=false' });
  });

  it('runs the embedded store under ./.hindsight/events by default', () => {
    expect(eventStoreConfigFromEnv({})).toEqual({ mode: 'embedded', dataDir: resolve('.hindsight', 'events') });
  });

  it('keeps embedded events under HINDSIGHT_DATA_DIR', () => {
    const config = eventStoreConfigFromEnv({ HINDSIGHT_DATA_DIR: '/var/lib/hindsight' });

    expect(config).toEqual({ mode: 'embedded', dataDir: '/var/lib/hindsight/events' });
  });

  it('takes the timeouts of store calls from the environment, leaving the rest at their defaults', () => {
    const config = eventStoreConfigFromEnv({ EVENTSTORE_DEADLINE_MS: '2500', EVENTSTORE_KEEPALIVE_TIMEOUT_MS: '20000' });

    expect(config.timeouts).toEqual({ deadlineMs: 2500, keepAliveTimeoutMs: 20000 });
  });

  it.each(['0', 'soon', '-5'])('refuses EVENTSTORE_DEADLINE_MS=%s', (value) => {
    expect(() => eventStoreConfigFromEnv({ EVENTSTORE_DEADLINE_MS: value })).toThrow(/EVENTSTORE_DEADLINE_MS/);
  });

  it('treats a blank connection string as none', () => {
    expect(eventStoreConfigFromEnv({ EVENTSTORE_CONNECTION_STRING: '  ' }).mode).toBe('embedded');
  });
});

describe(withClientTimeouts.name, () => {
  it("adds the client's deadline and keepalive settings to a connection string", () => {
    expect(withClientTimeouts('esdb://127.0.0.1:2113?tls=false', DEFAULT_EVENT_STORE_TIMEOUTS)).toBe(
      'esdb://127.0.0.1:2113?tls=false&defaultDeadline=10000&keepAliveInterval=10000&keepAliveTimeout=10000',
    );
  });

  it("keeps the settings an operator's connection string already has", () => {
    expect(withClientTimeouts('esdb://node1:2113?keepaliveinterval=30000', DEFAULT_EVENT_STORE_TIMEOUTS)).toBe(
      'esdb://node1:2113?keepaliveinterval=30000&defaultDeadline=10000&keepAliveTimeout=10000',
    );
  });
});

describe(withoutCredentials.name, () => {
  it('removes the user and password from a connection string', () => {
    expect(withoutCredentials('esdb://admin:changeit@node1:2113,node2:2113?tls=true')).toBe(
      'esdb://node1:2113,node2:2113?tls=true',
    );
  });

  it('leaves a connection string without credentials as it is', () => {
    expect(withoutCredentials('esdb+discover://cluster.local:2113')).toBe('esdb+discover://cluster.local:2113');
  });
});
