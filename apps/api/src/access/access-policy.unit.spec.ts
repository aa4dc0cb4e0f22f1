import { buildSchema, parse, type GraphQLSchema } from 'graphql';
import type { Role } from '@hindsight/access';
import { ACCESS_EXTENSION, type AccessRule } from './access-rule.decorator';
import { accessErrors } from './access-policy';
import type { Authentication } from './principal';

/** A schema like the API's: rules live in each field's extensions. */
function schemaWithRules(rules: Record<string, AccessRule | undefined>): GraphQLSchema {
  const schema = buildSchema(`
    type Query { journey: Journey  health: String  undeclared: String }
    type Mutation { recordEvents: Int  startContact: Int }
    type Journey { id: ID  findings: [String] }
  `);
  for (const [coordinate, rule] of Object.entries(rules)) {
    const [type, field] = coordinate.split('.');
    const definition = (schema.getType(type) as { getFields(): Record<string, { extensions: Record<string, unknown> }> }).getFields()[field];
    definition.extensions = { ...definition.extensions, [ACCESS_EXTENSION]: rule };
  }
  return schema;
}

const schema = schemaWithRules({
  'Query.journey': { roles: ['reader', 'quality'] },
  'Query.health': { anyone: true },
  'Mutation.recordEvents': { roles: ['integration'] },
  'Mutation.startContact': { roles: ['agent-app'] },
  'Journey.findings': { roles: ['quality'] },
});

const as = (...roles: Role[]): Authentication => ({
  status: 'authenticated',
  principal: { id: 'key:1', roles, description: 'key 1 (test)' },
});
const anonymous: Authentication = { status: 'anonymous' };
const check = (query: string, authentication: Authentication, introspection = true) =>
  accessErrors(schema, parse(query), authentication, { introspection }).map((error) => ({ code: error.extensions.code, path: error.path, message: error.message }));

describe(accessErrors.name, () => {
  it('lets a role use the fields that name it', () => {
    expect(check('{ journey { id findings } }', as('quality'))).toEqual([]);
  });

  it('refuses a field to a role it does not name, at its path', () => {
    expect(check('mutation { recordEvents }', as('reader'))).toEqual([
      { code: 'FORBIDDEN', path: ['recordEvents'], message: 'recordEvents is for integration, admin; key 1 (test) holds reader' },
    ]);
  });

  it('holds nested fields to their own rule, following aliases', () => {
    expect(check('{ j: journey { id f: findings } }', as('reader'))).toMatchObject([{ code: 'FORBIDDEN', path: ['j', 'f'] }]);
  });

  it('follows fragments, named and inline', () => {
    const query = 'query { ...Q } fragment Q on Query { ... on Query { journey { ...J } } } fragment J on Journey { findings }';

    expect(check(query, as('reader'))).toMatchObject([{ code: 'FORBIDDEN', path: ['journey', 'findings'] }]);
  });

  it('refuses a root field without a rule to everyone, admin included', () => {
    expect(check('{ undeclared }', as('admin'))).toEqual([
      { code: 'FORBIDDEN', path: ['undeclared'], message: 'Nobody may use undeclared: it declares no access rule' },
    ]);
  });

  it('lets admin use every field that declares a rule', () => {
    expect(check('mutation { recordEvents startContact }', as('admin'))).toEqual([]);
  });

  it('lets anyone use an open field, and asks for a credential for the rest', () => {
    expect(check('{ health __typename }', anonymous)).toEqual([]);
    expect(check('{ health journey { id } }', anonymous)).toMatchObject([{ code: 'UNAUTHENTICATED' }]);
  });

  it('refuses a bad credential whatever it asks for', () => {
    expect(check('{ health }', { status: 'refused', reason: 'The API key is unknown or has been revoked' })).toEqual([
      { code: 'UNAUTHENTICATED', path: undefined, message: 'The API key is unknown or has been revoked' },
    ]);
  });

  it('refuses introspection with its own code where it is disabled', () => {
    expect(check('{ __schema { queryType { name } } }', as('admin'), false)).toMatchObject([{ code: 'INTROSPECTION_DISABLED', path: ['__schema'] }]);
    expect(check('{ __type(name: "Query") { name } }', anonymous, true)).toEqual([]);
  });

  it('allows nothing to a principal without a role', () => {
    expect(check('{ journey { id } }', as())).toMatchObject([{ code: 'FORBIDDEN', message: expect.stringContaining('holds no Hindsight role') }]);
  });
});
