import { resolve } from 'node:path';
import { eventStoreConfigFromEnv, withoutCredentials } from './event-store-config';

describe(eventStoreConfigFromEnv.name, () => {
  it('connects to an external store when given a connection string', () => {
    const config = eventStoreConfigFromEnv({ EVENTSTORE_CONNECTION_STRING: 'esdb://eventstore:2113?tls=false' });

    expect(config).toEqual({ mode: 'external', connectionString: 'esdb://eventstore:2113?tls=false' });
  });

  it('runs the embedded store on an ephemeral port under ./.hindsight/events by default', () => {
    expect(eventStoreConfigFromEnv({})).toEqual({
      mode: 'embedded',
      dataDir: resolve('.hindsight', 'events'),
      port: 0,
    });
  });

  it('keeps embedded events under HINDSIGHT_DATA_DIR, on EVENTSTORE_PORT', () => {
    const config = eventStoreConfigFromEnv({ HINDSIGHT_DATA_DIR: '/var/lib/hindsight', EVENTSTORE_PORT: '2113' });

    expect(config).toEqual({ mode: 'embedded', dataDir: '/var/lib/hindsight/events', port: 2113 });
  });

  it('treats a blank connection string as none', () => {
    expect(eventStoreConfigFromEnv({ EVENTSTORE_CONNECTION_STRING: '  ' }).mode).toBe('embedded');
  });

  it.each(['abc', '-1', '70000', '21.5'])('refuses EVENTSTORE_PORT=%s', (port) => {
    expect(() => eventStoreConfigFromEnv({ EVENTSTORE_PORT: port })).toThrow(/EVENTSTORE_PORT/);
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
