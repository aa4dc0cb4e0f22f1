/**
 * The journey viewer's GraphQL requests against the API's schema. The page's modules are browser
 * JavaScript that no compiler relates to the schema, so every query its queries.js exports is parsed
 * and validated here with graphql-js against the schema the API builds: a field renamed or removed in
 * the API fails this test instead of the page.
 */
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { parse, validate, type GraphQLSchema } from 'graphql';
import { startApi, type RunningApi } from '../support/api';

// An ES module of the page, loaded through Jest's transform; its types are checked by its own tsconfig.
const viewerQueries = jest.requireActual<Record<string, unknown>>('../../apps/api/src/viewer/public/queries.js');

describe('the journey viewer’s queries', () => {
  let api: RunningApi;
  let schema: GraphQLSchema;

  beforeAll(async () => {
    api = await startApi();
    schema = api.app.get(GraphQLSchemaHost).schema;
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('are the query texts queries.js exports: the journey and its replay steps', () => {
    expect(Object.keys(viewerQueries).sort()).toEqual(['journeyQuery', 'stepsQuery']);
    for (const query of Object.values(viewerQueries)) expect(typeof query).toBe('string');
  });

  it.each(Object.keys(viewerQueries))('%s is valid against the API’s schema', (name) => {
    const errors = validate(schema, parse(viewerQueries[name] as string));

    expect(errors.map((error) => error.message)).toEqual([]);
  });
});
