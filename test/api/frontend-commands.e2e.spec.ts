/**
 * The typed mutations our own frontends send, over HTTP against the whole API on embedded defaults:
 * decided against the stream's state, rejected with a stable code, and safe under concurrency.
 */
import { randomUUID } from 'node:crypto';
import { startApi, type RunningApi } from '../support/api';
import { storedFacts } from '../support/facts';

interface StreamWriteBody {
  readonly stream: string;
  readonly revision: string;
  readonly events: number;
  readonly attempts: number;
}

const startContact = `
  mutation Start($id: ID!) {
    startContact(contactId: $id, data: { channel: voice, direction: inbound, origin: inbound, customerId: "cust-1" }) {
      stream revision events attempts
    }
  }`;
const placeOnHold = `
  mutation Hold($id: ID!, $reason: String!) {
    placeOnHold(contactId: $id, data: { reason: $reason, customerConsent: no }) { stream revision events attempts }
  }`;
const resumeFromHold = `
  mutation Resume($id: ID!) { resumeFromHold(contactId: $id) { stream revision events attempts } }`;
const disconnect = `
  mutation End($id: ID!) {
    disconnectContact(contactId: $id, data: { by: customer, reason: "Hung up on hold" }) { stream revision }
  }`;

describe('frontend commands', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api?.stop();
  });

  const eventsOf = async (stream: string) =>
    (await storedFacts(api.storeClient)).filter((event) => event.stream === stream);

  it('starts a contact, holds and resumes it, each append continuing the stream', async () => {
    const id = randomUUID();

    const started = await api.graphql<{ startContact: StreamWriteBody }>(startContact, { id });
    const held = await api.graphql<{ placeOnHold: StreamWriteBody }>(placeOnHold, { id, reason: 'Checking the order' });
    const resumed = await api.graphql<{ resumeFromHold: StreamWriteBody }>(resumeFromHold, { id });

    expect([started.data?.startContact, held.data?.placeOnHold, resumed.data?.resumeFromHold]).toEqual([
      { stream: `contact-${id}`, revision: '0', events: 1, attempts: 1 },
      { stream: `contact-${id}`, revision: '1', events: 1, attempts: 1 },
      { stream: `contact-${id}`, revision: '2', events: 1, attempts: 1 },
    ]);
    const stored = await eventsOf(`contact-${id}`);
    expect(stored.map((event) => [event.type, event.data])).toEqual([
      ['ContactStarted', { channel: 'voice', direction: 'inbound', origin: 'inbound', customerId: 'cust-1' }],
      ['HoldStarted', { reason: 'Checking the order', customerConsent: 'no' }],
      ['HoldEnded', {}],
    ]);
    expect(stored[1].metadata).toMatchObject({ source: 'hindsight-api', schemaVersion: 1, occurredAt: expect.any(String) });
  });

  it('refuses a hold on a contact that has ended, with its code, and appends nothing', async () => {
    const id = randomUUID();
    await api.graphql(startContact, { id });
    await api.graphql(disconnect, { id });

    const response = await api.graphql(placeOnHold, { id, reason: 'Too late' });

    expect(response.data).toEqual({ placeOnHold: null });
    expect(response.errors).toEqual([
      expect.objectContaining({
        path: ['placeOnHold'],
        extensions: expect.objectContaining({ code: 'CONTACT.ALREADY_DISCONNECTED' }),
      }),
    ]);
    expect((await eventsOf(`contact-${id}`)).map((event) => event.type)).toEqual(['ContactStarted', 'ContactDisconnected']);
  });

  it('runs every command of a request, answering each: a refused one is null with its error, the others are written', async () => {
    const [ended, fresh] = [randomUUID(), randomUUID()];
    await api.graphql(startContact, { id: ended });
    await api.graphql(disconnect, { id: ended });

    const response = await api.graphql<{ tooLate: unknown; started: { revision: string } | null }>(
      `mutation($ended: ID!, $fresh: ID!) {
        tooLate: placeOnHold(contactId: $ended, data: { reason: "Too late", customerConsent: yes }) { revision }
        started: startContact(contactId: $fresh, data: { channel: chat, direction: inbound, origin: inbound }) { revision }
      }`,
      { ended, fresh },
    );

    expect(response.data).toEqual({ tooLate: null, started: { revision: '0' } });
    expect(response.errors).toEqual([
      expect.objectContaining({ path: ['tooLate'], extensions: expect.objectContaining({ code: 'CONTACT.ALREADY_DISCONNECTED' }) }),
    ]);
    expect((await eventsOf(`contact-${fresh}`)).map((event) => event.type)).toEqual(['ContactStarted']);
  });

  it('names the field at fault when a value breaks the catalog', async () => {
    const id = randomUUID();
    await api.graphql(startContact, { id });

    const response = await api.graphql(placeOnHold, { id, reason: '   ' });

    expect(response.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'COMMAND.INVALID_DATA', field: 'data.reason' }) }),
    ]);
    expect(await eventsOf(`contact-${id}`)).toHaveLength(1);
  });

  it('names the id argument when it is not a valid id', async () => {
    const response = await api.graphql(startContact, { id: 'has spaces' });

    expect(response.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'STREAM.INVALID_ID', field: 'contactId' }) }),
    ]);
  });

  it('refuses a promise due before it was made', async () => {
    const callbackId = randomUUID();
    await api.graphql(
      `mutation($id: ID!) { requestCallback(callbackId: $id, data: { customerId: "cust-1", requestedBy: customer }) { revision } }`,
      { id: callbackId },
    );

    const response = await api.graphql(
      `mutation($id: ID!) { promiseCallback(callbackId: $id, data: { promisedBy: "agent-1", dueBy: "2020-01-01T00:00:00Z" }) { revision } }`,
      { id: callbackId },
    );

    expect(response.errors?.[0].extensions).toMatchObject({ code: 'CALLBACK.DUE_BY_NOT_IN_FUTURE', field: 'data.dueBy' });
  });

  it('loses no update when frontends race on one contact: one hold wins, the others are refused', async () => {
    const id = randomUUID();
    await api.graphql(startContact, { id });

    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, index) => api.graphql(placeOnHold, { id, reason: `Racer ${index}` })),
    );

    const codes = responses.map((response) => response.errors?.[0].extensions?.code ?? 'ok');
    expect(codes.filter((code) => code === 'ok')).toHaveLength(1);
    expect(codes.filter((code) => code === 'CONTACT.ALREADY_ON_HOLD')).toHaveLength(5);
    expect((await eventsOf(`contact-${id}`)).map((event) => event.type)).toEqual(['ContactStarted', 'HoldStarted']);
  });

  it('keeps every update when frontends race on one case: each status update is appended once', async () => {
    const caseId = randomUUID();
    await api.graphql(
      `mutation($id: ID!) { openCase(caseId: $id, data: { customerId: "cust-1", subject: "Broken router", channel: email }) { revision } }`,
      { id: caseId },
    );

    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        api.graphql(
          `mutation($id: ID!, $summary: String!) { updateCustomer(caseId: $id, data: { channel: email, summary: $summary }) { revision } }`,
          { id: caseId, summary: `Update ${index}` },
        ),
      ),
    );

    expect(responses.flatMap((response) => response.errors ?? [])).toEqual([]);
    const summaries = (await eventsOf(`case-${caseId}`))
      .filter((event) => event.type === 'CustomerUpdated')
      .map((event) => (event.data as { summary: string }).summary)
      .sort();
    expect(summaries).toEqual(Array.from({ length: 8 }, (_, index) => `Update ${index}`));
  });
});
