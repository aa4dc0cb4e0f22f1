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

  it('prices a summary by the journeys it loads: three journeyMetrics in one request are QUERY_TOO_COMPLEX', async () => {
    const one = await api.graphql('{ journeyMetrics(groupBy: DAY) { key } }');
    const three = await api.graphql('{ a: journeyMetrics(groupBy: DAY) { key } b: journeyMetrics(groupBy: DAY) { key } c: journeyMetrics(groupBy: DAY) { key } }');

    expect(one.errors).toBeUndefined();
    expect(three).toMatchObject({ data: null, errors: [{ extensions: { code: 'QUERY_TOO_COMPLEX' } }] });
  });

  it('prices journeySteps by the steps it may fold: a handful of them in one request are QUERY_TOO_COMPLEX', async () => {
    const steps = Array.from({ length: 5 }, (_, index) => `s${index}: journeySteps(id: "case-T-1") { entry { type } }`).join(' ');

    const response = await api.graphql(`{ ${steps} }`);

    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('refuses thousands of aliases before validating them, with QUERY_TOO_LARGE', async () => {
    const aliases = Array.from({ length: 600 }, (_, index) => `h${index}: __typename`).join(' ');

    const response = await api.graphql(`{ ${aliases} }`);

    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['QUERY_TOO_LARGE']);
  });

  it('stops parsing a document past its token limit, with QUERY_TOO_LARGE', async () => {
    const response = await api.graphql(`{ health ${'@skip(if: false) '.repeat(240_000)} { status } }`);

    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['QUERY_TOO_LARGE']);
  });

  it('takes query text only as GraphQL, never as a JSON syntax tree that would skip the limits, with GRAPHQL_PARSE_FAILED', async () => {
    const tree = JSON.stringify({ kind: 'Document', definitions: [{ kind: 'OperationDefinition', operation: 'query', selectionSet: { kind: 'SelectionSet', selections: [{ kind: 'Field', name: { kind: 'Name', value: 'health' } }] } }] });

    for (const query of ['5', 'null', '"x"', tree]) {
      const response = await api.graphql(query);

      expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['GRAPHQL_PARSE_FAILED']);
    }
  });

  it('refuses query text past its length before parsing it, with QUERY_TOO_LARGE', async () => {
    const response = await api.graphql(`{ journey(id: "${'z'.repeat(3_000_000)}") { id } }`);

    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['QUERY_TOO_LARGE']);
  });

  it('answers a query 12 levels deep', async () => {
    const response = await api.graphql(`{ __schema { queryType { fields { type { ${ofTypes(7)} } } } } }`);

    expect(response.errors).toBeUndefined();
  });
});
