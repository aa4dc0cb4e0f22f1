import { DEFAULT_POSTGRES_TIMEOUTS, readStoreConfigFromEnv } from './read-store-config';

describe(readStoreConfigFromEnv.name, () => {
  const databaseUrl = 'postgres://hindsight@db:5432/hindsight';

  it('gives every PostgreSQL call a timeout by default', () => {
    const config = readStoreConfigFromEnv({ DATABASE_URL: databaseUrl });

    expect(config).toMatchObject({ kind: 'postgres', timeouts: DEFAULT_POSTGRES_TIMEOUTS });
  });

  it('takes the timeouts from the environment', () => {
    const config = readStoreConfigFromEnv({
      DATABASE_URL: databaseUrl,
      DATABASE_CONNECT_TIMEOUT_MS: '2000',
      DATABASE_STATEMENT_TIMEOUT_MS: '120000',
      DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '5000',
    });

    expect(config).toMatchObject({ timeouts: { connectMs: 2000, statementMs: 120000, idleInTransactionMs: 5000 } });
  });

  it.each(['0', '-1', 'soon', '1.5'])('refuses DATABASE_STATEMENT_TIMEOUT_MS=%s', (value) => {
    expect(() => readStoreConfigFromEnv({ DATABASE_URL: databaseUrl, DATABASE_STATEMENT_TIMEOUT_MS: value })).toThrow(/DATABASE_STATEMENT_TIMEOUT_MS/);
  });
});
