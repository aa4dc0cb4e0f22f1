/**
 * Input that once reached the store or the database and came back as a bug: ids and text holding
 * characters that cannot be stored or that make one id look like another, in writes and in reads,
 * cursors and filters no query can use, a mutation sent by GET. Each is refused with its own code and the field at fault,
 * nothing of it is stored, and the projection goes on for everyone else.
 */
import { projected, startApi, type RunningApi } from '../support/api';
import { recordEventsMutation, storedFacts, type RecordEventsBody } from '../support/facts';

const NUL = '\u0000';
const LONE_SURROGATE = '\uD800';
const RIGHT_TO_LEFT_OVERRIDE = '\u202E';

const contactStarted = (customerId: string) => ({ contactStarted: { channel: 'voice', direction: 'inbound', origin: 'inbound', customerId } });
const holdStarted = (reason: string) => ({ holdStarted: { reason, customerConsent: 'yes' } });

describe('bad input', () => {
  let api: RunningApi;
  let sent = 0;
  const fact = (overrides: object) => ({
    source: 'telephony',
    sourceEventId: `bad-${sent++}`,
    occurredAt: '2026-03-05T10:00:00Z',
    stream: 'contact-BAD-1',
    event: holdStarted('Checking the order'),
    ...overrides,
  });

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('publishes the id character set on every id of the schema: fact ids, event data ids and typed mutations\' stream ids', async () => {
    const described = `{
      fact: __type(name: "FactInput") { inputFields { name description } }
      started: __type(name: "ContactStartedInput") { inputFields { name description } }
      __schema { mutationType { fields { name args { name description } } } }
    }`;

    const { data } = await api.graphql<{
      fact: { inputFields: { name: string; description: string }[] };
      started: { inputFields: { name: string; description: string }[] };
      __schema: { mutationType: { fields: { name: string; args: { name: string; description: string }[] }[] } };
    }>(described);

    const idRule = expect.stringContaining('An id: 1 to 200 characters that show');
    const startContact = data!.__schema.mutationType.fields.find((field) => field.name === 'startContact')!;
    expect([
      data!.fact.inputFields.find((field) => field.name === 'sourceEventId')?.description,
      data!.started.inputFields.find((field) => field.name === 'customerId')?.description,
      startContact.args.find((arg) => arg.name === 'contactId')?.description,
    ]).toEqual([idRule, idRule, idRule]);
  });

  describe('recordEvents', () => {
    it.each([
      ['a NUL in the stream id', 'STREAM.INVALID_NAME', 'facts.0.stream', { stream: `contact-BAD${NUL}`, event: contactStarted('cust-1') }],
      ['a NUL in the customerId', 'EVENT.INVALID_DATA', 'facts.0.event.contactStarted.customerId', { stream: 'contact-BAD-2', event: contactStarted(`cust${NUL}`) }],
      ['a lone surrogate in the customerId', 'EVENT.INVALID_DATA', 'facts.0.event.contactStarted.customerId', { stream: 'contact-BAD-3', event: contactStarted(`cust${LONE_SURROGATE}`) }],
      ['a right-to-left override in the customerId', 'EVENT.INVALID_DATA', 'facts.0.event.contactStarted.customerId', { stream: 'contact-BAD-4', event: contactStarted(`cust${RIGHT_TO_LEFT_OVERRIDE}1`) }],
      ['a lone surrogate in a hold reason', 'EVENT.INVALID_DATA', 'facts.0.event.holdStarted.reason', { event: holdStarted(`checking ${LONE_SURROGATE}`) }],
      ['a NUL in a hold reason', 'EVENT.INVALID_DATA', 'facts.0.event.holdStarted.reason', { event: holdStarted(`checking ${NUL}`) }],
      ['a C1 control in the sourceEventId', 'FACT.INVALID_ID', 'facts.0.sourceEventId', { sourceEventId: 'evt\u009B1' }],
      ['a lone surrogate in the source', 'FACT.INVALID_ID', 'facts.0.source', { source: `tele${LONE_SURROGATE}` }],
      ['a 201-character agent id', 'EVENT.INVALID_DATA', 'facts.0.event.contactAnswered.agentId', { event: { contactAnswered: { agentId: 'a'.repeat(201) } } }],
    ])('given a fact with %s, when it is recorded, then it is REJECTED with %s at %s and nothing is stored', async (_case, code, field, overrides) => {
      const before = (await storedFacts(api.storeClient)).length;

      const response = await api.graphql<RecordEventsBody>(recordEventsMutation, { facts: [fact(overrides)] });

      expect(response.errors).toBeUndefined();
      expect(response.data!.recordEvents.results).toEqual([
        expect.objectContaining({ status: 'REJECTED', error: expect.objectContaining({ code, field, retryable: false }) }),
      ]);
      expect(await storedFacts(api.storeClient)).toHaveLength(before);
    });
  });

  describe('typed mutations', () => {
    const startContact = `mutation($id: ID!, $customerId: ID) {
      startContact(contactId: $id, data: { channel: voice, direction: inbound, origin: inbound, customerId: $customerId }) { stream }
    }`;
    const placeOnHold = `mutation($id: ID!, $reason: String!) { placeOnHold(contactId: $id, data: { reason: $reason, customerConsent: yes }) { stream } }`;

    beforeAll(async () => {
      // A hold is decided against a contact that has started: its data is checked once the state allows it.
      const started = await api.graphql(startContact, { id: 'C-TYPED-3' });
      expect(started.errors).toBeUndefined();
    });

    it.each([
      ['a lone surrogate in the contactId', 'STREAM.INVALID_ID', 'contactId', startContact, { id: `C${LONE_SURROGATE}` }],
      ['a NUL in the contactId', 'STREAM.INVALID_ID', 'contactId', startContact, { id: `C${NUL}1` }],
      ['a bidi isolate in the customerId', 'COMMAND.INVALID_DATA', 'data.customerId', startContact, { id: 'C-TYPED-1', customerId: 'cust\u20661' }],
      ['a NUL in the customerId', 'COMMAND.INVALID_DATA', 'data.customerId', startContact, { id: 'C-TYPED-2', customerId: `cust${NUL}` }],
      ['a lone surrogate in a hold reason', 'COMMAND.INVALID_DATA', 'data.reason', placeOnHold, { id: 'C-TYPED-3', reason: `wait ${LONE_SURROGATE}` }],
    ])('given %s, when the command is sent, then it is refused with %s at %s and nothing is stored', async (_case, code, field, mutation, variables) => {
      const before = (await storedFacts(api.storeClient)).length;

      const response = await api.graphql(mutation, variables);

      expect(response.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code, field }) })]);
      expect(await storedFacts(api.storeClient)).toHaveLength(before);
    });
  });

  describe('forgetCustomer', () => {
    it.each([
      ['a NUL', `cust${NUL}`],
      ['a right-to-left override', `cust${RIGHT_TO_LEFT_OVERRIDE}1`],
    ])('given a customerId holding %s, when the customer is forgotten, then it is STREAM.INVALID_ID at customerId and nothing is stored', async (_case, customerId) => {
      const before = (await storedFacts(api.storeClient)).length;

      const response = await api.graphql('mutation($id: ID!) { forgetCustomer(customerId: $id) { keyDestroyed } }', { id: customerId });

      expect(response.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'STREAM.INVALID_ID', field: 'customerId' }) })]);
      expect(await storedFacts(api.storeClient)).toHaveLength(before);
    });
  });

  describe('reads', () => {
    const cursor = (sortKey: string[]) => Buffer.from(JSON.stringify(sortKey)).toString('base64url');

    const journeysPage = `query($after: String) { journeys(after: $after) { totalCount } }`;
    const actionItemsPage = `query($after: String) { openActionItems(after: $after) { actionItemId } }`;

    it.each([
      ['journeys', 'an invalid date', journeysPage, ['not a date', 'contact-C-1']],
      ['journeys', 'a NUL in its journey id', journeysPage, ['2026-03-05T10:00:00.000Z', `contact-C${NUL}`]],
      ['openActionItems', 'an invalid date', actionItemsPage, ['2026-02-30T99:00:00Z', 'R-1', 'A-1']],
    ])('given a %s cursor holding %s, when the page is asked for, then it is INVALID_CURSOR at after', async (_query, _what, query, sortKey) => {
      const response = await api.graphql(query, { after: cursor(sortKey) });

      expect(response.errors).toEqual([expect.objectContaining({ extensions: { code: 'INVALID_CURSOR', field: 'after' } })]);
    });

    it.each([
      ['minHoldMs', 1e308],
      ['minHoldMs', -1e20],
      ['minHoldMs', Number.MAX_SAFE_INTEGER + 2],
      ['minTransfers', -1],
    ])('given a journeys filter with %s %d, when journeys and their metrics are asked for, then both are FILTER_OUT_OF_RANGE', async (field, value) => {
      const variables = { filter: { [field]: value } };

      const page = await api.graphql(`query($filter: JourneysFilter) { journeys(filter: $filter) { totalCount } }`, variables);
      const metrics = await api.graphql(`query($filter: JourneysFilter) { journeyMetrics(groupBy: DAY, filter: $filter) { key } }`, variables);

      for (const response of [page, metrics]) {
        expect(response.errors).toEqual([expect.objectContaining({ extensions: { code: 'FILTER_OUT_OF_RANGE', field: `filter.${field}` } })]);
      }
    });
  });

  describe('a query for an id that is no id', () => {
    it.each([
      ['journey', `query($id: ID!) { journey(id: $id) { id } }`, 'id', `contact-C${NUL}`],
      ['review', `query($id: ID!) { review(id: $id) { id } }`, 'id', `R${NUL}`],
      ['reviews', `query($id: ID!) { reviews(journeyId: $id) { id } }`, 'journeyId', `case-T${LONE_SURROGATE}`],
      ['openActionItems', `query($id: ID) { openActionItems(owner: $id) { actionItemId } }`, 'owner', `agent${RIGHT_TO_LEFT_OVERRIDE}7`],
    ])('given %s asked with a character no id may hold, when it runs, then it is INVALID_ID at the argument', async (_query, query, field, id) => {
      const response = await api.graphql(query, { id });

      expect(response.errors).toEqual([expect.objectContaining({ extensions: { code: 'INVALID_ID', field } })]);
    });

    it('given a journey asked for by its longest possible stream name, when it runs, then it is looked up like any other', async () => {
      const response = await api.graphql(`query($id: ID!) { journey(id: $id) { id } }`, { id: `callback-${'c'.repeat(200)}` });

      expect(response).toMatchObject({ data: { journey: null } });
      expect(response.errors).toBeUndefined();
    });
  });

  describe('journeys filtered by an id that is no id', () => {
    it.each([
      ['customerId', `cust${NUL}`],
      ['agent', `agent${LONE_SURROGATE}`],
      ['queue', `queue${RIGHT_TO_LEFT_OVERRIDE}`],
    ])('given a filter whose %s holds a character no id may hold, when journeys are asked for, then it is FILTER_INVALID_ID there', async (field, value) => {
      const response = await api.graphql(`query($filter: JourneysFilter) { journeys(filter: $filter) { totalCount } }`, { filter: { [field]: value } });

      expect(response.errors).toEqual([expect.objectContaining({ extensions: { code: 'FILTER_INVALID_ID', field: `filter.${field}` } })]);
    });
  });

  describe('a mutation sent by GET', () => {
    it('is refused with HTTP 405 and METHOD_NOT_ALLOWED, and writes nothing', async () => {
      const before = (await storedFacts(api.storeClient)).length;
      const mutation = 'mutation { startContact(contactId: "C-GET-1", data: { channel: voice, direction: inbound, origin: inbound }) { stream } }';

      const response = await fetch(`${api.url}?query=${encodeURIComponent(mutation)}`, { headers: { authorization: `Bearer ${api.adminKey}` } });

      expect(response.status).toBe(405);
      const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors.map((error) => error.extensions.code)).toEqual(['METHOD_NOT_ALLOWED']);
      expect(await storedFacts(api.storeClient)).toHaveLength(before);
    });
  });

  describe('after all of it', () => {
    it('the projection still runs: health is ok and the next good fact reaches its journey', async () => {
      const good = fact({ stream: 'contact-GOOD-1', event: contactStarted('cust-good') });

      const recorded = await api.graphql<RecordEventsBody>(recordEventsMutation, { facts: [good] });
      await projected(api);

      expect(recorded.data!.recordEvents.recorded).toBe(1);
      const { data } = await api.graphql<{ health: { status: string }; journey: { customerId: string } | null }>(
        '{ health { status } journey(id: "contact-GOOD-1") { customerId } }',
      );
      expect(data).toEqual({ health: { status: 'ok' }, journey: { customerId: 'cust-good' } });
    });
  });
});
