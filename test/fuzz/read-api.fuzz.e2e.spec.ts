/**
 * Fuzzing the read side through GraphQL, over HTTP and over graphql-ws, as every role and as nobody:
 * queries built from the schema's read fields (most of them valid, on journeys that exist) with
 * random selections, arguments and variables of
 * every type, alias floods, oversized documents (repeated directives, long strings, deep nesting),
 * truncated and garbled text, and subscriptions of the same.
 *
 * What must hold for every case: no INTERNAL_SERVER_ERROR, every error carries a code, and no
 * personal value (canaries recorded first, through CustomerIdentified and CallbackRequested) reaches
 * a role without the personal-data right (reader, integration, nobody), in any field of any answer.
 *
 * Generation is seeded: the seed is printed; FUZZ_SEED=<seed> replays the same cases
 * (FUZZ_CASES changes how many).
 */
import fc from 'fast-check';
import { startApi, projected, type ApiClient, type RunningApi } from '../support/api';
import { recordEventsMutation } from '../support/facts';
import { openSubscriptionSocket, type RawSubscriptionSocket } from '../support/graphql-ws';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CASES = Number(process.env.FUZZ_CASES ?? 10_000);
/** Of all cases, sent as a graphql-ws subscribe rather than an HTTP request. */
const SUBSCRIPTION_SHARE = 0.1;
const MESSAGE_TOO_BIG = 1009;

const CANARIES = { name: 'Canary Nightingale', phone: '+15550199731', email: 'canary.nightingale@example.test', callbackPhone: '+15550188642' };
const ROLES = ['reader', 'integration', 'agentApp', 'quality', 'admin', 'nobody'] as const;
type Caller = (typeof ROLES)[number];
/** Roles that may see personal data; the others must never see a canary. */
const MAY_SEE_PERSONAL: ReadonlySet<Caller> = new Set(['agentApp', 'quality', 'admin']);

const JOURNEY_IDS = ['contact-FZ-1', 'callback-FZ-1', 'case-FZ-1', 'contact-nosuch', '', 'x'.repeat(300)];

// ---------------------------------------------------------------------------------------------
// Documents

const scalarFields = fc.constantFrom('id', 'customerId', 'streams', 'startedAt', 'lastActivityAt', 'position', '__typename', 'nosuchfield');
const nestedFields = fc.constantFrom(
  'timeline { eventId type data occurredAt description }',
  'customer { id name phone email erased }',
  'contacts { contactId }',
  'callbacks { callbackId requestedBy }',
  'metrics { contacts { count } }',
  'findings { code details }',
  'notes',
);
const journeySelection = fc.array(fc.oneof(scalarFields, nestedFields), { minLength: 1, maxLength: 6 }).map((fields) => `{ ${fields.join(' ')} }`);
const idArgument = fc.oneof(fc.constantFrom(...JOURNEY_IDS).map((id) => JSON.stringify(id)), fc.constantFrom('1', 'true', 'null', '{ a: 1 }', '[1, 2]', '$id'));

const rootField = fc.oneof(
  fc.tuple(idArgument, journeySelection).map(([id, selection]) => `journey(id: ${id}) ${selection}`),
  fc.tuple(fc.constantFrom('1', '20', '100', '101', '0', '-1', '"x"', '$first'), journeySelection).map(
    ([first, selection]) => `journeys(first: ${first}) { totalCount edges { cursor node ${selection} } }`,
  ),
  fc.constantFrom('DAY', 'QUEUE', 'AGENT', 'NOSUCH', '1').map((group) => `journeyMetrics(groupBy: ${group}) { key }`),
  fc.tuple(idArgument, journeySelection).map(([id, selection]) => `journeySteps(id: ${id}) { index entry { type data } journey ${selection} }`),
  fc.tuple(idArgument, journeySelection).map(([id, selection]) => `journeyReplay(id: ${id}, asOf: "2026-03-06T12:00:00Z") ${selection}`),
  fc.constantFrom('contact(id: "FZ-1") { contactId }', 'case(id: "FZ-1") { caseId }', 'health { status }', 'apiKeys { id }', 'openActionItems { reviewId }'),
  fc.constantFrom('__schema { types { name } }', '__type(name: "Journey") { fields { name } }'),
);

/** Fields that exist, with ids of journeys that exist: requests that run and answer data. */
const validSelection = fc
  .array(fc.constantFrom('id', 'customerId', 'streams', 'position', 'timeline { type data }', 'customer { name phone email }', 'callbacks { callbackId }', 'findings { code }'), {
    minLength: 1,
    maxLength: 4,
  })
  .map((fields) => `{ ${[...new Set(fields)].join(' ')} }`);
const knownId = fc.constantFrom(...JOURNEY_IDS.slice(0, 3)).map((id) => JSON.stringify(id));
const validRootField = fc.oneof(
  fc.tuple(knownId, validSelection).map(([id, selection]) => `journey(id: ${id}) ${selection}`),
  validSelection.map((selection) => `journeys(first: 5) { edges { node ${selection} } }`),
  fc.tuple(knownId, validSelection).map(([id, selection]) => `journeySteps(id: ${id}) { entry { data } journey ${selection} }`),
  fc.tuple(knownId, validSelection).map(([id, selection]) => `journeyReplay(id: ${id}, asOf: "2026-03-06T12:00:00Z") ${selection}`),
);

const aliasFlood = fc.tuple(fc.integer({ min: 2, max: 3_000 }), rootField).map(([count, field]) => `{ ${Array.from({ length: count }, (_, index) => `a${index}: ${field}`).join(' ')} }`);
const oversized = fc.oneof(
  fc.integer({ min: 100, max: 240_000 }).map((count) => `{ health ${'@skip(if: false) '.repeat(count)} { status } }`),
  fc.integer({ min: 10, max: 400 }).map((depth) => `{ journey(id: "contact-FZ-1") { ${'... { '.repeat(depth)} id ${'}'.repeat(depth)} } }`),
  fc.integer({ min: 1_000, max: 2_000_000 }).map((length) => `{ journey(id: "${'z'.repeat(length)}") { id } }`),
);
const garbled = fc.oneof(
  fc.string({ maxLength: 200 }),
  // Mercurius reads text that does not parse as JSON, in case it is a syntax tree.
  fc.json({ maxDepth: 3 }),
  rootField.chain((field) => fc.integer({ min: 0, max: field.length }).map((cut) => `{ ${field}`.slice(0, cut))),
);

interface Case {
  readonly caller: Caller;
  readonly overSocket: boolean;
  readonly query: string;
  readonly variables?: Record<string, unknown>;
}

const variableValue = fc.oneof(fc.constantFrom(...JOURNEY_IDS), fc.integer(), fc.boolean(), fc.constant(null), fc.object({ maxDepth: 1 }));

const caseArbitrary: fc.Arbitrary<Case> = fc
  .record({
    caller: fc.constantFrom(...ROLES),
    overSocket: fc.double({ min: 0, max: 1, noNaN: true }).map((roll) => roll < SUBSCRIPTION_SHARE),
    body: fc.oneof(
      { weight: 6, arbitrary: validRootField.map((field) => `f0: ${field}`) },
      { weight: 3, arbitrary: fc.array(rootField, { minLength: 1, maxLength: 4 }).map((fields) => fields.map((field, index) => `f${index}: ${field}`).join(' ')) },
      { weight: 1, arbitrary: aliasFlood.map((flood) => flood.slice(1, -1)) },
      { weight: 1, arbitrary: oversized.map((document) => document.slice(1, -1)) },
      { weight: 1, arbitrary: garbled.map((text) => `\u0000${text}`) },
    ),
    variables: fc.option(fc.record({ id: variableValue, first: variableValue }, { requiredKeys: [] }), { nil: undefined }),
  })
  .map(({ caller, overSocket, body, variables }) => {
    const raw = body.startsWith('\u0000') ? body.slice(1) : undefined;
    const declared = [body.includes('$id') ? '$id: ID' : '', body.includes('$first') ? '$first: Int' : ''].filter(Boolean);
    const header = declared.length ? `(${declared.join(', ')})` : '';
    const operation = overSocket ? `subscription ${header}` : `query ${header}`;
    // A subscription of a read field: the socket must refuse the query type, and check journeyUpdated's selection.
    const socketBody = overSocket ? body.replace(/journey\(id:/g, 'journeyUpdated(id:') : body;
    return { caller, overSocket, query: raw ?? `${operation} { ${socketBody} }`, variables };
  });

// ---------------------------------------------------------------------------------------------
// The run

interface ErrorBody {
  readonly message?: string;
  readonly extensions?: { readonly code?: string };
}

describe('Read API fuzz', () => {
  let api: RunningApi;
  const clients = {} as Record<Caller, ApiClient>;
  const sockets = {} as Record<Caller, RawSubscriptionSocket>;
  const secrets = {} as Record<Caller, string | undefined>;
  const openSocket = (caller: Caller) => openSubscriptionSocket(api.url, secrets[caller] ? { authorization: `Bearer ${secrets[caller]}` } : {});

  beforeAll(async () => {
    api = await startApi({ HINDSIGHT_MAX_SUBSCRIPTIONS_PER_SOCKET: '1000', HINDSIGHT_MAX_SUBSCRIPTIONS_PER_KEY: '1000' });
    const roleNames: Record<Exclude<Caller, 'admin' | 'nobody'>, string> = { reader: 'READER', integration: 'INTEGRATION', agentApp: 'AGENT_APP', quality: 'QUALITY' };
    for (const [caller, role] of Object.entries(roleNames) as [Caller, string][]) {
      const { data } = await api.graphql<{ createApiKey: { secret: string } }>(
        'mutation ($name: String!, $role: Role!) { createApiKey(name: $name, role: $role) { secret } }',
        { name: `fuzz ${caller}`, role },
      );
      secrets[caller] = data!.createApiKey.secret;
    }
    secrets.admin = api.adminKey;
    for (const caller of ROLES) {
      clients[caller] = secrets[caller] ? api.as(secrets[caller]) : api.as({ headers: {} });
      sockets[caller] = await openSocket(caller);
    }
    const facts = [
      { stream: 'contact-FZ-1', sourceEventId: 'fz-1', occurredAt: '2026-03-06T10:00:00Z', event: { contactStarted: { channel: 'voice', direction: 'inbound', origin: 'inbound', caseId: 'FZ-1' } } },
      {
        stream: 'contact-FZ-1',
        sourceEventId: 'fz-2',
        occurredAt: '2026-03-06T10:01:00Z',
        event: { customerIdentified: { customerId: 'CUST-FZ', method: 'caller_id', name: CANARIES.name, phone: CANARIES.phone, email: CANARIES.email } },
      },
      {
        stream: 'callback-FZ-1',
        sourceEventId: 'fz-3',
        occurredAt: '2026-03-06T10:02:00Z',
        event: { callbackRequested: { customerId: 'CUST-FZ', requestedBy: 'customer', contactId: 'FZ-1', caseId: 'FZ-1', phone: CANARIES.callbackPhone } },
      },
    ];
    const recorded = await api.graphql<{ recordEvents: { recorded: number } }>(recordEventsMutation, { facts: facts.map((fact) => ({ source: 'telephony', ...fact })) });
    expect(recorded.data?.recordEvents.recorded).toBe(facts.length);
    await projected(api);
    // The canaries are there to be found: a role with the right sees them.
    expect(JSON.stringify(await api.graphql('{ journey(id: "contact-FZ-1") { customer { name phone email } timeline { data } } }'))).toContain(CANARIES.name);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(Object.values(sockets).map((socket) => socket.close()));
    await api?.stop();
  });

  it(`holds for ${CASES} seeded cases`, async () => {
    console.log(`Read API fuzz: FUZZ_SEED=${SEED} FUZZ_CASES=${CASES}`);
    const cases = fc.sample(caseArbitrary, { seed: SEED, numRuns: CASES });
    const problems: string[] = [];
    const seenCanaries: Record<Caller, number> = Object.fromEntries(ROLES.map((role) => [role, 0])) as Record<Caller, number>;
    let subscriptionId = 0;

    for (const [index, each] of cases.entries()) {
      let answer: { readonly errors?: readonly ErrorBody[] };
      if (each.overSocket) {
        const socket = sockets[each.caller];
        const id = String(++subscriptionId);
        socket.subscribe(id, each.query, each.variables);
        const settled = await socket.settle().then(
          () => undefined,
          () => socket.closed,
        );
        if (settled) {
          // A message past the socket's 1 MiB is refused by closing with 1009 (Message Too Big), as WebSocket says.
          if (settled.code !== MESSAGE_TOO_BIG) problems.push(`case ${index} (${each.caller}, subscription): the socket closed with ${settled.code} ${settled.reason}`);
          sockets[each.caller] = await openSocket(each.caller);
          continue;
        }
        const refused = socket.messages.find((message) => message.id === id && message.type === 'error');
        answer = { errors: (refused?.payload as ErrorBody[] | undefined) ?? undefined };
        if (!refused) socket.complete(id);
      } else {
        answer = await clients[each.caller].graphql(each.query, each.variables);
      }
      const text = JSON.stringify(answer);
      const codes = (answer.errors ?? []).map((error) => error.extensions?.code);
      const fail = (why: string) => problems.push(`case ${index} (${each.caller}${each.overSocket ? ', subscription' : ''}): ${why}: ${each.query.slice(0, 200)}`);
      if (codes.includes('INTERNAL_SERVER_ERROR')) fail('INTERNAL_SERVER_ERROR');
      if (codes.some((code) => typeof code !== 'string')) fail(`an error without a code: ${text.slice(0, 300)}`);
      const leaked = Object.values(CANARIES).filter((canary) => text.includes(canary));
      if (leaked.length) seenCanaries[each.caller]++;
      if (leaked.length && !MAY_SEE_PERSONAL.has(each.caller)) fail(`personal values ${leaked.join(', ')} reached ${each.caller}`);
      if (problems.length >= 20) break;
      if (index % 1_000 === 999) console.log(`Read API fuzz: ${index + 1} cases`);
    }
    // Pushes on the sockets (the canary journey changes nothing during the run, but any push counts).
    for (const caller of ROLES) {
      const pushed = JSON.stringify(sockets[caller].messages.filter((message) => message.type === 'next'));
      if (!MAY_SEE_PERSONAL.has(caller) && Object.values(CANARIES).some((canary) => pushed.includes(canary))) problems.push(`a push carried a personal value to ${caller}`);
    }

    console.log(`Read API fuzz: answers that held a canary, by caller: ${JSON.stringify(seenCanaries)}`);
    expect(problems).toEqual([]);
  }, 30 * 60_000);
});
