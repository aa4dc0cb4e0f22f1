/** Each limit on what one request may ask for answers with its own code, before anything runs. */
import { startApi, type RunningApi } from '../support/api';

/** `ofType { ofType { … name } }`, `levels` deep: introspection nests as far as asked. */
const ofTypes = (levels: number): string => (levels === 0 ? 'name' : `ofType { ${ofTypes(levels - 1)} }`);

describe('Query limits', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('refuses a query nested deeper than 12 levels with QUERY_TOO_DEEP', async () => {
    const response = await api.graphql(`{ __schema { types { fields { type { ${ofTypes(9)} } } } } }`);

    expect(response.errors?.map((error) => error.extensions?.code)).toContain('QUERY_TOO_DEEP');
    expect(response.data ?? null).toBeNull();
  });

  it('answers a query 12 levels deep', async () => {
    const response = await api.graphql(`{ __schema { queryType { fields { type { ${ofTypes(7)} } } } } }`);

    expect(response.errors).toBeUndefined();
  });
});
