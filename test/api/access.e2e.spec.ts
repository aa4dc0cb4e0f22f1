/**
 * Who may do what, through the running API: every root field declares its rule, each role gets what
 * it is for and nothing else, a refused request leaves no trace in the store, keys are managed by an
 * admin and revocable, subscriptions are checked too, and rate limits answer per caller.
 */
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { createClient } from 'graphql-ws';
import { WebSocket } from 'ws';
import { stories } from '@hindsight/domain';
import { ACCESS_EXTENSION } from '../../apps/api/src/access/access-rule.decorator';
import { startApi, type ApiClient, type RunningApi } from '../support/api';
import { factInput, recordEventsMutation, storedFacts, type StoredFact } from '../support/facts';

const fact = factInput(stories[0].facts[0]);
const journeysQuery = '{ journeys(first: 1) { totalCount } }';
const startContact = `mutation { startContact(contactId: "A-1", data: { channel: voice, direction: inbound, origin: inbound }) { revision } }`;
const createKey = `mutation Create($name: String!, $role: Role!) { createApiKey(name: $name, role: $role) { secret key { id name role createdBy revokedAt } } }`;

interface CreatedKey {
  readonly createApiKey: { readonly secret: string; readonly key: { readonly id: string; readonly name: string; readonly role: string; readonly createdBy: string } };
}

async function keyFor(api: RunningApi, role: string): Promise<string> {
  const { data, errors } = await api.graphql<CreatedKey>(createKey, { name: `${role} under test`, role });
  expect(errors).toBeUndefined();
  return data!.createApiKey.secret;
}

function codes(response: { readonly errors?: readonly { readonly extensions?: { readonly code?: string } }[] }): (string | undefined)[] {
  return (response.errors ?? []).map((error) => error.extensions?.code);
}

describe('Access', () => {
  let api: RunningApi;
  const as: Record<'integration' | 'agentApp' | 'reader' | 'quality', ApiClient> = {} as never;

  beforeAll(async () => {
    api = await startApi();
    as.integration = api.as(await keyFor(api, 'INTEGRATION'));
    as.agentApp = api.as(await keyFor(api, 'AGENT_APP'));
    as.reader = api.as(await keyFor(api, 'READER'));
    as.quality = api.as(await keyFor(api, 'QUALITY'));
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('has an access rule on every query, mutation and subscription, so none can ship open by mistake', () => {
    const { schema } = api.app.get(GraphQLSchemaHost);
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];

    const fields = roots.flatMap((root) => Object.values(root?.getFields() ?? {}).map((field) => ({ field: `${root!.name}.${field.name}`, rule: field.extensions[ACCESS_EXTENSION] })));

    expect(fields.length).toBeGreaterThan(30);
    expect(fields.filter(({ rule }) => rule === undefined).map(({ field }) => field)).toEqual([]);
  });

  it('answers a misspelled field with its code and, outside production, a suggestion', async () => {
    const misspelled = await api.graphql('{ jorney(id: "case-T-1") { id } }');
    const unparsable = await api.graphql('{ journey(id: ');

    expect(misspelled.errors).toMatchObject([{ message: expect.stringContaining('Did you mean "journey"'), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }]);
    expect(codes(unparsable)).toEqual(['GRAPHQL_PARSE_FAILED']);
  });

  describe('without a credential', () => {
    it('refuses a query with UNAUTHENTICATED and HTTP 401', async () => {
      const response = await api.as({ headers: {} }).graphql(journeysQuery);

      expect(response).toMatchObject({ status: 401, data: null });
      expect(codes(response)).toEqual(['UNAUTHENTICATED']);
    });

    it('refuses recordEvents and stores nothing', async () => {
      const before = await storedFacts(api.storeClient);

      const response = await api.as({ headers: {} }).graphql(recordEventsMutation, { facts: [fact] });

      expect(codes(response)).toEqual(['UNAUTHENTICATED']);
      expect(await storedFacts(api.storeClient)).toEqual(before);
    });
  });

  describe('with a credential it does not know', () => {
    it('refuses an API key it never issued', async () => {
      const response = await api.as(`hsk_0123456789abcdef_${'A'.repeat(43)}`).graphql(journeysQuery);

      expect(response.status).toBe(401);
      expect(response.errors?.[0]).toMatchObject({ message: 'The API key is unknown or has been revoked', extensions: { code: 'UNAUTHENTICATED' } });
    });

    it('refuses a bearer token when no identity provider is configured', async () => {
      const response = await api.as('eyJhbGciOiJub25lIn0.e30.').graphql(journeysQuery);

      expect(codes(response)).toEqual(['UNAUTHENTICATED']);
    });

    it('refuses even the open health query when the credential sent is bad', async () => {
      const response = await api.as('not-a-key').graphql('{ health { status } }');

      expect(codes(response)).toEqual(['UNAUTHENTICATED']);
    });

    it('takes the key from X-Api-Key too', async () => {
      const response = await api.as({ headers: { 'x-api-key': 'hsk_wrong' } }).graphql(journeysQuery);

      expect(codes(response)).toEqual(['UNAUTHENTICATED']);
    });
  });

  describe('each role', () => {
    it('lets an integration record facts and nothing else', async () => {
      const recorded = await as.integration.graphql(recordEventsMutation, { facts: [fact] });
      const read = await as.integration.graphql(journeysQuery);

      expect(recorded.errors).toBeUndefined();
      expect(read).toMatchObject({ status: 403, data: null, errors: [{ path: ['journeys'], extensions: { code: 'FORBIDDEN' } }] });
    });

    it('lets an agent app send frontend commands and read, but not record facts', async () => {
      const command = await as.agentApp.graphql(startContact);
      const read = await as.agentApp.graphql(journeysQuery);
      const record = await as.agentApp.graphql(recordEventsMutation, { facts: [fact] });

      expect(command.errors).toBeUndefined();
      expect(read.errors).toBeUndefined();
      expect(codes(record)).toEqual(['FORBIDDEN']);
    });

    it('lets a reader query the read models, but not replay, judge or write', async () => {
      const read = await as.reader.graphql('{ journeys(first: 1) { totalCount } openActionItems { reviewId } }');
      const steps = await as.reader.graphql('{ journeySteps(id: "case-T-1") { entry { type } } }');
      const findings = await as.reader.graphql('{ viaAlias: journey(id: "case-T-1") { id findings { code } } }');
      const command = await as.reader.graphql(startContact);

      expect(read.errors).toBeUndefined();
      expect(steps.errors).toMatchObject([{ path: ['journeySteps'], extensions: { code: 'FORBIDDEN' } }]);
      expect(findings.errors).toMatchObject([{ path: ['viaAlias', 'findings'], extensions: { code: 'FORBIDDEN' } }]);
      expect(codes(command)).toEqual(['FORBIDDEN']);
    });

    it('lets the quality team replay, judge and review, but not record or command', async () => {
      const replay = await as.quality.graphql('{ journeySteps(id: "case-T-1") { entry { type } } journey(id: "case-T-1") { findings { code } } }');
      const review = await as.quality.graphql(`mutation { openReview(reviewId: "R-access", data: { journeyId: "case-T-1", openedBy: "qa" }) { revision } }`);
      const record = await as.quality.graphql(recordEventsMutation, { facts: [fact] });

      expect(replay.errors).toBeUndefined();
      expect(review.errors).toBeUndefined();
      expect(codes(record)).toEqual(['FORBIDDEN']);
    });

    it('keeps key management to admins', async () => {
      for (const client of Object.values(as)) {
        expect(codes(await client.graphql('{ apiKeys { id } }'))).toEqual(['FORBIDDEN']);
        expect(codes(await client.graphql(createKey, { name: 'sneaky', role: 'ADMIN' }))).toEqual(['FORBIDDEN']);
      }
    });

    it('refuses the whole request when one of its fields is not allowed, naming each, and stores nothing', async () => {
      const before = await storedFacts(api.storeClient);
      const mixed = `mutation Mixed($facts: [FactInput!]!) { recordEvents(facts: $facts) { recorded } ${startContact.slice('mutation {'.length, -1)} }`;

      const response = await as.integration.graphql(mixed, { facts: [factInput(stories[1].facts[0])] });

      expect(response).toMatchObject({ status: 403, data: null, errors: [{ path: ['startContact'], extensions: { code: 'FORBIDDEN' } }] });
      expect(await storedFacts(api.storeClient)).toEqual(before);
    });

    it('checks fields reached through fragments too', async () => {
      const response = await as.reader.graphql('query { ...Steps } fragment Steps on Query { journeySteps(id: "case-T-1") { entry { type } } }');

      expect(response.errors).toMatchObject([{ path: ['journeySteps'], extensions: { code: 'FORBIDDEN' } }]);
    });
  });

  describe('API keys', () => {
    it('shows the secret once, lists keys without it, and names who created each', async () => {
      const created = await api.graphql<CreatedKey>(createKey, { name: 'telephony', role: 'INTEGRATION' });
      const listed = await api.graphql<{ apiKeys: Record<string, unknown>[] }>('{ apiKeys { id name role createdBy revokedAt } }');

      const { secret, key } = created.data!.createApiKey;
      expect(secret).toMatch(/^hsk_[0-9a-f]{16}_/);
      expect(key).toMatchObject({ name: 'telephony', role: 'INTEGRATION', createdBy: 'the bootstrap admin key (HINDSIGHT_ADMIN_KEY)' });
      expect(listed.data!.apiKeys).toContainEqual({ ...key, revokedAt: null });
      expect(JSON.stringify(listed)).not.toContain(secret);
    });

    it('refuses a revoked key from the next request on', async () => {
      const created = await api.graphql<CreatedKey>(createKey, { name: 'to revoke', role: 'READER' });
      const { secret, key } = created.data!.createApiKey;
      expect((await api.as(secret).graphql(journeysQuery)).errors).toBeUndefined();

      const revoked = await api.graphql<{ revokeApiKey: { revokedAt: string } }>('mutation ($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id: key.id });

      expect(revoked.data!.revokeApiKey.revokedAt).toEqual(expect.any(String));
      expect(codes(await api.as(secret).graphql(journeysQuery))).toEqual(['UNAUTHENTICATED']);
    });

    it('signs every event a key writes with that key, facts and frontend commands alike', async () => {
      const integration = (await api.graphql<CreatedKey>(createKey, { name: 'crm', role: 'INTEGRATION' })).data!.createApiKey;
      const agentApp = (await api.graphql<CreatedKey>(createKey, { name: 'desk', role: 'AGENT_APP' })).data!.createApiKey;

      await api.as(integration.secret).graphql(recordEventsMutation, { facts: [{ ...fact, sourceEventId: 'signed-1' }] });
      await api.as(agentApp.secret).graphql(startContact.replace('"A-1"', '"A-SIGNED"'));

      const stored = await storedFacts(api.storeClient);
      const recordedBy = (predicate: (event: StoredFact) => boolean) => stored.filter(predicate).map((event) => event.metadata.recordedBy);
      expect(recordedBy((event) => event.metadata.sourceEventId === 'signed-1')).toEqual([`key:${integration.key.id}`]);
      expect(recordedBy((event) => event.stream === 'contact-A-SIGNED')).toEqual([`key:${agentApp.key.id}`]);
    });

    it('says so when the key to revoke does not exist', async () => {
      const response = await api.graphql('mutation { revokeApiKey(id: "0000000000000000") { id } }');

      expect(response.errors?.[0].extensions).toMatchObject({ code: 'API_KEY.NOT_FOUND', field: 'id' });
    });

    it('refuses a key name that cannot be stored as text, and a key id with characters no id has, by their codes', async () => {
      const named = await Promise.all(['a\u0000b', '\ud800'].map((name) => api.graphql(createKey, { name, role: 'READER' })));
      const revoked = await api.graphql('mutation ($id: ID!) { revokeApiKey(id: $id) { id } }', { id: 'a\u0000b' });

      expect(named.map((response) => response.errors?.[0].extensions)).toEqual([
        { code: 'API_KEY.INVALID_NAME', field: 'name' },
        { code: 'API_KEY.INVALID_NAME', field: 'name' },
      ]);
      expect(revoked.errors?.[0].extensions).toEqual({ code: 'INVALID_ID', field: 'id' });
    });
  });

  describe('subscriptions', () => {
    const subscribe = (connectionParams?: Record<string, unknown>) =>
      new Promise<unknown>((resolve) => {
        const client = createClient({ url: api.url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams, retryAttempts: 0 });
        client.subscribe(
          { query: 'subscription { journeysChanged { id } }' },
          {
            next: () => undefined,
            error: (error) => {
              resolve(error);
              void client.dispose();
            },
            complete: () => undefined,
          },
        );
      });

    it('refuses a subscription without a credential in connection_init', async () => {
      const error = await subscribe();

      expect(error).toMatchObject([{ extensions: { code: 'UNAUTHENTICATED' } }]);
    });

    it('refuses a subscription to a role that may not read', async () => {
      const integration = await keyFor(api, 'INTEGRATION');

      const error = await subscribe({ apiKey: integration });

      expect(error).toMatchObject([{ path: ['journeysChanged'], extensions: { code: 'FORBIDDEN' } }]);
    });
  });
});

describe('Access rate limits', () => {
  let api: RunningApi;

  const post = (secret: string) =>
    fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query: journeysQuery }),
    });

  beforeAll(async () => {
    // Bursts of two, then one request every 1,000 s: a third at once is refused however slow the machine.
    api = await startApi({ HINDSIGHT_RATE_LIMIT: '0.001/2', HINDSIGHT_RATE_LIMIT_ADMIN: 'off', HINDSIGHT_RATE_LIMIT_QUALITY: '1000/1000' });
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('answers a caller over its limit with RATE_LIMITED, HTTP 429 and when to try again', async () => {
    const reader = await keyFor(api, 'READER');
    expect((await post(reader)).status).toBe(200);
    expect((await post(reader)).status).toBe(200);

    const response = await post(reader);

    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await response.json()) as { errors: { extensions: { code: string; retryAfter: number } }[] };
    expect(body.errors).toMatchObject([{ extensions: { code: 'RATE_LIMITED', retryAfter: Number(response.headers.get('retry-after')) } }]);
  });

  it('limits each key on its own', async () => {
    const first = await keyFor(api, 'READER');
    const second = await keyFor(api, 'READER');
    await post(first);
    await post(first);

    expect((await post(first)).status).toBe(429);
    expect((await post(second)).status).toBe(200);
  });

  it('takes a token for a request that fails to parse or validate, before parsing it', async () => {
    const anonymous = api.as({ headers: {} });
    await anonymous.graphql('{ journey(id: ');
    await anonymous.graphql('{ nosuchfield }');

    const response = await anonymous.graphql('{ journey(id: ');

    expect(response.status).toBe(429);
    expect(codes(response)).toEqual(['RATE_LIMITED']);
  });

  it("applies a role's own limit instead of the global one", async () => {
    const quality = await keyFor(api, 'QUALITY');

    const statuses = [];
    for (let request = 0; request < 5; request++) statuses.push((await post(quality)).status);

    expect(statuses).toEqual([200, 200, 200, 200, 200]);
  });
});
