/**
 * graphql-ws subscriptions held to what HTTP requests are held to: validation, the size, depth and
 * cost limits, the rate limit, caps per socket and per key, a close when the credential goes, and
 * exactly one push per committed change.
 */
import { ApiKeyStore } from '@hindsight/access';
import { ReadStore } from '@hindsight/read-store';
import { SOCKET_CLOSE } from '../../apps/api/src/access/subscription-sockets';
import { startApi, type RunningApi } from '../support/api';
import { errorCodes, openSubscriptionSocket, type RawSubscriptionSocket, type ServerMessage } from '../support/graphql-ws';
import { recordEventsMutation } from '../support/facts';

const createKey = `mutation Create($name: String!, $role: Role!) { createApiKey(name: $name, role: $role) { secret key { id } } }`;
const journeyUpdated = (id: string) => `subscription { journeyUpdated(id: "${id}") { id metrics { contacts { count } } } }`;

describe('Subscriptions', () => {
  let api: RunningApi;
  const sockets: RawSubscriptionSocket[] = [];

  const keyFor = async (role: string) => {
    const { data } = await api.graphql<{ createApiKey: { secret: string; key: { id: string } } }>(createKey, { name: `${role} under test`, role });
    return data!.createApiKey;
  };
  const open = async (secret: string) => {
    const socket = await openSubscriptionSocket(api.url, { authorization: `Bearer ${secret}` });
    sockets.push(socket);
    return socket;
  };
  const startContact = (contactId: string, sourceEventId: string) =>
    api.graphql(recordEventsMutation, {
      facts: [
        {
          source: 'telephony',
          sourceEventId,
          occurredAt: '2026-03-06T10:00:00Z',
          stream: `contact-${contactId}`,
          event: { contactStarted: { channel: 'voice', direction: 'inbound', origin: 'inbound' } },
        },
      ],
    });
  const refusal = (socket: RawSubscriptionSocket, id: string) => socket.next((message) => message.id === id && message.type === 'error');
  const pushFor = (socket: RawSubscriptionSocket, id: string) => socket.next((message) => message.id === id && message.type === 'next');

  beforeAll(async () => {
    api = await startApi({
      HINDSIGHT_MAX_SUBSCRIPTIONS_PER_SOCKET: '3',
      HINDSIGHT_MAX_SUBSCRIPTIONS_PER_KEY: '5',
      // One role held to a tight limit: bursts of two, then one every 1,000 s.
      HINDSIGHT_RATE_LIMIT_AGENT_APP: '0.001/2',
    });
  });

  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.close()));
  });

  afterAll(async () => {
    await api?.stop();
  });

  describe('get the validation of HTTP requests', () => {
    it.each([
      ['an unknown field', 'subscription { journeysChanged { id nosuchfield } }', 'GRAPHQL_VALIDATION_FAILED'],
      ['an unknown argument', 'subscription { journeysChanged(nosuch: 1) { id } }', 'GRAPHQL_VALIDATION_FAILED'],
      ['an argument of the wrong type', 'subscription { journeyUpdated(id: { a: 1 }) { id } }', 'GRAPHQL_VALIDATION_FAILED'],
      ['two root fields', 'subscription { journeysChanged { id } journeyUpdated(id: "x") { id } }', 'GRAPHQL_VALIDATION_FAILED'],
      ['a query', '{ journeys { totalCount } }', 'BAD_REQUEST'],
      ['text that does not parse', 'subscription {', 'GRAPHQL_PARSE_FAILED'],
    ])('refuses %s with its code', async (_case, query, code) => {
      const socket = await open(api.adminKey);

      socket.subscribe('1', query);

      expect(errorCodes(await refusal(socket, '1'))).toEqual([code]);
    });

    it('refuses variables of the wrong type with BAD_USER_INPUT', async () => {
      const socket = await open(api.adminKey);

      socket.subscribe('1', 'subscription ($id: ID!) { journeyUpdated(id: $id) { id } }', { id: { not: 'an id' } });

      expect(errorCodes(await refusal(socket, '1'))).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('get the limits of HTTP requests', () => {
    const aliases = (count: number) => Array.from({ length: count }, (_, index) => `a${index}: id`).join(' ');

    it('refuses over WebSocket the 2,000-alias selection refused over HTTP, with the same code', async () => {
      const socket = await open(api.adminKey);
      const overHttp = await api.graphql(`{ journeys { edges { node { ${aliases(2_000)} } } } }`);

      socket.subscribe('1', `subscription { journeysChanged { ${aliases(2_000)} } }`);

      expect(overHttp.errors?.map((error) => error.extensions?.code)).toEqual(['QUERY_TOO_LARGE']);
      expect(errorCodes(await refusal(socket, '1'))).toEqual(['QUERY_TOO_LARGE']);
    });

    it('refuses a document past the token limit with QUERY_TOO_LARGE', async () => {
      const socket = await open(api.adminKey);

      socket.subscribe('1', `subscription { journeysChanged ${'@skip(if: false) '.repeat(10_000)} { id } }`);

      expect(errorCodes(await refusal(socket, '1'))).toEqual(['QUERY_TOO_LARGE']);
    });

    it('refuses a subscription nested too deep with QUERY_TOO_DEEP', async () => {
      const socket = await open(api.adminKey);

      socket.subscribe('1', `subscription { journeysChanged { ${'... { '.repeat(12)} id ${'}'.repeat(12)} } }`);

      expect(errorCodes(await refusal(socket, '1'))).toEqual(['QUERY_TOO_DEEP']);
    });

    it('takes a rate-limit token for each subscribe, refused or not, before parsing it', async () => {
      const agentApp = await keyFor('AGENT_APP');
      const socket = await open(agentApp.secret);

      socket.subscribe('1', 'subscription {');
      socket.subscribe('2', 'subscription { nosuchfield }');
      socket.subscribe('3', 'subscription {');

      expect(errorCodes(await refusal(socket, '1'))).toEqual(['GRAPHQL_PARSE_FAILED']);
      expect(errorCodes(await refusal(socket, '2'))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(errorCodes(await refusal(socket, '3'))).toEqual(['RATE_LIMITED']);
    });
  });

  describe('caps', () => {
    it('refuses a subscription past the socket cap with TOO_MANY_SUBSCRIPTIONS, and takes one again once another completes', async () => {
      const reader = await keyFor('READER');
      const socket = await open(reader.secret);
      for (const id of ['1', '2', '3']) socket.subscribe(id, journeyUpdated('contact-CAP-1'));

      socket.subscribe('4', journeyUpdated('contact-CAP-1'));
      const refused = await refusal(socket, '4');
      socket.complete('1');
      socket.subscribe('5', journeyUpdated('contact-CAP-1'));
      await socket.settle();
      await startContact('CAP-1', 'cap-1');

      expect(errorCodes(refused)).toEqual(['TOO_MANY_SUBSCRIPTIONS']);
      expect(await pushFor(socket, '5')).toMatchObject({ payload: { data: { journeyUpdated: { id: expect.any(String) } } } });
      expect(socket.messages.filter((message) => message.id === '1' && message.type === 'next')).toEqual([]);
    });

    it('refuses a subscription past the cap of a key over all its sockets', async () => {
      const reader = await keyFor('READER');
      const first = await open(reader.secret);
      const second = await open(reader.secret);
      for (const id of ['1', '2', '3']) first.subscribe(id, journeyUpdated('contact-CAP-2'));
      await first.settle();
      for (const id of ['1', '2']) second.subscribe(id, journeyUpdated('contact-CAP-2'));

      second.subscribe('3', journeyUpdated('contact-CAP-2'));

      expect(errorCodes(await refusal(second, '3'))).toEqual(['TOO_MANY_SUBSCRIPTIONS']);
    });

    it('frees a key’s places when its socket closes', async () => {
      const reader = await keyFor('READER');
      const first = await open(reader.secret);
      for (const id of ['1', '2', '3']) first.subscribe(id, journeyUpdated('contact-CAP-3'));
      const second = await open(reader.secret);
      for (const id of ['1', '2']) second.subscribe(id, journeyUpdated('contact-CAP-3'));
      await second.settle();
      await first.close();

      const third = await open(reader.secret);
      third.subscribe('1', journeyUpdated('contact-CAP-3'));
      await third.settle();
      await startContact('CAP-3', 'cap-3');

      expect(await pushFor(third, '1')).toMatchObject({ type: 'next' });
    });

    it('closes a socket that reuses the id of a running subscription with 4409, as graphql-ws says', async () => {
      const socket = await open(api.adminKey);
      socket.subscribe('same', journeyUpdated('contact-DUP-1'));

      socket.subscribe('same', journeyUpdated('contact-DUP-1'));

      expect(await socket.closed).toMatchObject({ code: SOCKET_CLOSE.duplicateId.code });
    });
  });

  describe('revocation', () => {
    it('closes the sockets of a key revoked here at once, with 4403', async () => {
      const reader = await keyFor('READER');
      const socket = await open(reader.secret);
      socket.subscribe('1', journeyUpdated('contact-REV-1'));

      await api.graphql('mutation ($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id: reader.key.id });

      expect(await socket.closed).toEqual(SOCKET_CLOSE.credentialRevoked);
    });

    it('refuses a revoked key on a new socket', async () => {
      const reader = await keyFor('READER');
      await api.graphql('mutation ($id: ID!) { revokeApiKey(id: $id) { revokedAt } }', { id: reader.key.id });

      const socket = await open(reader.secret);
      socket.subscribe('1', journeyUpdated('contact-REV-2'));

      expect(errorCodes(await refusal(socket, '1'))).toEqual(['UNAUTHENTICATED']);
    });

    it('closes the sockets of a key revoked by another process within the key cache’s window', async () => {
      const reader = await keyFor('READER');
      const socket = await open(reader.secret);
      socket.subscribe('1', journeyUpdated('contact-REV-3'));

      // As the CLI would, beside the running API: straight in the read store.
      const store = await ApiKeyStore.open(api.app.get(ReadStore));
      await store.revoke(reader.key.id, new Date());

      expect(await socket.closed).toEqual(SOCKET_CLOSE.credentialRevoked);
    }, 60_000);
  });

  it('pushes each committed change to journeyUpdated once', async () => {
    const socket = await open(api.adminKey);
    const entries = (message: ServerMessage) => (message.payload as { data: { journeyUpdated: { timeline: unknown[] } } }).data.journeyUpdated.timeline.length;
    socket.subscribe('1', 'subscription { journeyUpdated(id: "contact-ONCE-1") { id timeline { type } } }');
    await socket.settle();

    await startContact('ONCE-1', 'once-1');
    await pushFor(socket, '1');
    await api.graphql(recordEventsMutation, {
      facts: [
        {
          source: 'telephony',
          sourceEventId: 'once-2',
          occurredAt: '2026-03-06T10:05:00Z',
          stream: 'contact-ONCE-1',
          event: { contactDisconnected: { by: 'customer', reason: 'done' } },
        },
      ],
    });
    await socket.next((message) => message.type === 'next' && entries(message) === 2);

    const pushes = socket.messages.filter((message) => message.id === '1' && message.type === 'next').map(entries);
    expect(pushes.slice(0, 2)).toEqual([1, 2]);
  });
});
