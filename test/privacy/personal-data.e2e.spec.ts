/**
 * Personal data end to end, on the API started on embedded defaults: the vendor-ticket story recorded
 * with the customer's name, phone and e-mail (and the other story with a number to call back). The
 * event store never holds them in plain text, not even in its log file; the API shows them until the
 * customer is forgotten, and after `forgetCustomer` no query returns them (journey, journeys,
 * journeyReplay, journeySteps, a live subscriber's next push); no stored journey document holds a
 * personal value in plain text at any time, while every metric and finding stays as it was, also
 * after a projection rebuild. Retries stay duplicates.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import { WebSocket } from 'ws';
import { Projector } from '@hindsight/projections';
import { ReadStore } from '@hindsight/read-store';
import { projected, startApi, type RunningApi } from '../support/api';
import { recordEventsMutation, storedFacts, type RecordEventsBody } from '../support/facts';
import { callbacks, maplePhone, northwind as northwindCustomer, vendorTicket } from '../support/personal-stories';

const { id: _id, ...northwind } = northwindCustomer;
const forgotten = Object.values(northwind);

const journeyFields = `
  id customerId
  customer { id name phone email erased }
  timeline { eventId type data }
  metrics {
    contacts { count channels }
    holds { count totalMs longestMs withoutConsent customerDroppedOnHold }
    transfers { agentChain explainedAgain }
    disconnects { customer agent droppedByUs }
    promises { made kept broken totalLatenessMs }
    cases { duplicates reopened longestSilenceMs }
    outcome
  }`;

const everything = `
  query Everything($id: ID!, $asOf: DateTime!) {
    journey(id: $id) { ${journeyFields} findings { code severity subject sentence evidence } }
    journeys(filter: {}, first: 10) { edges { node { ${journeyFields} } } }
    journeyReplay(id: $id, asOf: $asOf) { ${journeyFields} }
    journeySteps(id: $id) {
      entry { type data }
      journey { customer { name phone email erased } }
      metricDeltas { metric before after }
      appeared { code subject }
    }
  }`;

interface Customer {
  readonly id: string;
  readonly name: string | null;
  readonly phone: string | null;
  readonly email: string | null;
  readonly erased: boolean;
}

interface Everything {
  readonly journey: { customer: Customer; metrics: unknown; findings: unknown[] };
  readonly journeys: { edges: { node: { customerId: string; customer: Customer; metrics: unknown } }[] };
  readonly journeyReplay: { customer: Customer };
  readonly journeySteps: { metricDeltas: unknown; appeared: unknown }[];
}

function containing(text: string, values: readonly string[]): string[] {
  return values.filter((value) => text.includes(value));
}

/** The measurable part of what the API answers: metrics and findings, without any personal field. */
function judgement(answer: Everything) {
  return {
    metrics: answer.journey.metrics,
    findings: answer.journey.findings,
    journeys: answer.journeys.edges.map(({ node }) => node.metrics),
    steps: answer.journeySteps.map(({ metricDeltas, appeared }) => ({ metricDeltas, appeared })),
  };
}

describe('personal data', () => {
  let api: RunningApi;
  let before: Everything;

  const ask = async () => {
    const answer = await api.graphql<Everything>(everything, { id: 'case-T-1', asOf: '2026-03-20T00:00:00Z' });
    expect(answer.errors).toBeUndefined();
    return { data: answer.data!, text: JSON.stringify(answer.data) };
  };
  const record = async (facts: readonly object[]) => (await api.graphql<RecordEventsBody>(recordEventsMutation, { facts })).data!.recordEvents;
  const storedDocuments = () =>
    api.app.get(ReadStore).read(async (trx) => (await trx.selectFrom('journeys').select('document').execute()).map((row) => JSON.stringify(row.document)).join('\n'));

  beforeAll(async () => {
    api = await startApi();
    expect(await record([...vendorTicket, ...callbacks])).toMatchObject({ rejected: 0 });
    await projected(api);
    before = (await ask()).data;
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('never reaches the event store in plain text: not through the client, not in its log file', async () => {
    const stored = JSON.stringify((await storedFacts(api.storeClient)).map(({ data, metadata }) => ({ data, metadata })));
    expect(containing(stored, [...forgotten, maplePhone])).toEqual([]);
    expect(stored).toContain('"$pii":"v1"');

    if (api.config.eventStore.mode !== 'embedded') throw new Error('This test reads the embedded store\'s log file');
    const logDir = api.config.eventStore.dataDir;
    const log = Buffer.concat(readdirSync(logDir).filter((file) => file.endsWith('.log')).map((file) => readFileSync(join(logDir, file))));
    expect(log.length).toBeGreaterThan(0);
    expect([...forgotten, maplePhone].filter((value) => log.includes(Buffer.from(value)))).toEqual([]);
  });

  it('is shown to the API while the customer is known', () => {
    expect(before.journey.customer).toEqual({ id: 'cust-northwind', ...northwind, erased: false });
    expect(before.journeyReplay.customer).toMatchObject(northwind);
    // Everywhere the queries below look after the erasure: the timelines, the replay and each step too.
    expect(containing(JSON.stringify(before), forgotten)).toEqual(forgotten);
    expect(before.journey.findings.length).toBeGreaterThan(0);
  });

  it('keeps a re-sent batch with personal data a duplicate, storing nothing more', async () => {
    const stored = (await storedFacts(api.storeClient)).length;

    expect(await record(vendorTicket)).toMatchObject({ recorded: 0, duplicates: vendorTicket.length, rejected: 0 });
    expect((await storedFacts(api.storeClient)).length).toBe(stored);
  });

  it('cannot be guessed by re-sending a known fact: a wrong name is a duplicate like the right one, and changes nothing', async () => {
    const identified = vendorTicket.find((fact) => 'customerIdentified' in fact.event)!;
    const withName = (name: string) => ({ ...identified, event: { customerIdentified: { ...identified.event.customerIdentified, name } } });
    const storedData = async () => (await storedFacts(api.storeClient)).map(({ id, data }) => ({ id, data }));
    const stored = await storedData();

    const [wrong, right] = [await record([withName('Nadia Guessed')]), await record([withName(northwind.name)])];

    expect(wrong).toEqual(right);
    expect(wrong).toMatchObject({ recorded: 0, duplicates: 1, rejected: 0 });
    expect(await storedData()).toEqual(stored);
    expect((await ask()).data.journey.customer.name).toBe(northwind.name);
  });

  it('is for the people who act on a journey, and only an admin may forget a customer', async () => {
    const keyFor = async (role: string) =>
      (await api.graphql<{ createApiKey: { secret: string } }>(
        'mutation Create($name: String!, $role: Role!) { createApiKey(name: $name, role: $role) { secret } }',
        { name: role.toLowerCase(), role },
      )).data!.createApiKey.secret;
    const [reader, quality] = [api.as(await keyFor('READER')), api.as(await keyFor('QUALITY'))];
    const customerOf = '{ journey(id: "case-T-1") { customer { name } } }';
    const codes = (answer: { errors?: readonly { extensions?: { code?: string } }[] }) => answer.errors?.map((error) => error.extensions?.code);

    expect((await quality.graphql<{ journey: { customer: { name: string } } }>(customerOf)).data?.journey.customer.name).toBe(northwind.name);
    expect(codes(await reader.graphql(customerOf))).toEqual(['FORBIDDEN']);
    expect(codes(await quality.graphql('mutation { forgetCustomer(customerId: "cust-northwind") { keyDestroyed } }'))).toEqual(['FORBIDDEN']);
  });

  describe('when the customer is forgotten', () => {
    let forgetting: { forgetCustomer: { customerId: string; keyDestroyed: boolean; stream: string; journeysErased: number } };
    let subscriber: Client;
    let pushed: Promise<string>;

    beforeAll(async () => {
      subscriber = createClient({
        url: api.url.replace('http', 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${api.adminKey}` },
      });
      pushed = new Promise((resolve, reject) => {
        subscriber.subscribe(
          { query: 'subscription { journeyUpdated(id: "case-T-1") { customer { name phone email erased } timeline { data } } }' },
          { next: ({ data }) => resolve(JSON.stringify(data)), error: reject, complete: () => undefined },
        );
      });
      // The subscription is in place before the erasure it is to hear about.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const answer = await api.graphql<typeof forgetting>(
        'mutation { forgetCustomer(customerId: "cust-northwind") { customerId keyDestroyed stream journeysErased } }',
      );
      expect(answer.errors).toBeUndefined();
      forgetting = answer.data!;
    });

    afterAll(async () => {
      await subscriber?.dispose();
    });

    it('destroys the key and records the erasure, without personal data, on the privacy stream', async () => {
      expect(forgetting.forgetCustomer).toEqual({ customerId: 'cust-northwind', keyDestroyed: true, stream: 'privacy-cust-northwind', journeysErased: 1 });
      const audit = (await storedFacts(api.storeClient)).filter((fact) => fact.stream === 'privacy-cust-northwind');
      expect(audit).toMatchObject([{ type: 'CustomerForgotten', data: { customerId: 'cust-northwind' } }]);
    });

    it('answers no query with the forgotten values, and shows the customer as erased', async () => {
      const { data, text } = await ask();

      expect(containing(text, forgotten)).toEqual([]);
      expect(data.journey.customer).toEqual({ id: 'cust-northwind', name: null, phone: null, email: null, erased: true });
      expect(data.journeyReplay.customer.erased).toBe(true);
      expect(data.journeys.edges.find(({ node }) => node.customerId === 'cust-northwind')?.node.customer.erased).toBe(true);
    });

    it('pushes the erased journey to live subscribers once the projector reaches the erasure', async () => {
      const push = await pushed;

      expect(containing(push, forgotten)).toEqual([]);
      expect(JSON.parse(push)).toMatchObject({ journeyUpdated: { customer: { name: null, erased: true } } });
    });

    it('changes no metric and no finding', async () => {
      expect(judgement((await ask()).data)).toEqual(judgement(before));
    });

    it('leaves no stored journey holding a personal value in plain text, and other customers as they were', async () => {
      const documents = await storedDocuments();
      const maple = await api.graphql<{ journey: { customer: Customer } }>('{ journey(id: "callback-W-1") { customer { id name phone email erased } } }');

      expect(containing(documents, [...forgotten, maplePhone])).toEqual([]);
      expect(maple.data?.journey.customer).toMatchObject({ phone: maplePhone, erased: false });
    });

    it('still answers a re-sent fact without personal data as a duplicate', async () => {
      const plain = vendorTicket.filter((fact) => !('customerIdentified' in fact.event) && !('callbackRequested' in fact.event));

      expect(await record(plain)).toMatchObject({ recorded: 0, duplicates: plain.length, rejected: 0 });
    });

    it('stays forgotten after the projections are rebuilt from the event store', async () => {
      await api.app.get(Projector).rebuild();
      await projected(api);

      const { data, text } = await ask();
      expect(containing(text, forgotten)).toEqual([]);
      expect(containing(await storedDocuments(), forgotten)).toEqual([]);
      expect(data.journey.customer.erased).toBe(true);
      expect(judgement(data)).toEqual(judgement(before));
    });
  });
});
