/**
 * The canary scan. Distinctive personal values (a name, a phone, an e-mail, a number to call back) are
 * recorded through the API; then, for every role and for anonymous callers, every Query and
 * Subscription root field the role may use is asked for with a selection of every field it may see,
 * built from the schema itself to a bounded depth (so a new field is scanned without a change here),
 * with arguments from the recorded journey. Every answer and every push is scanned for the canaries:
 * none may reach a role without the personal-data right; the roles with it find them revealed. The
 * errors a refused fact gets, and the server's log output while all this ran, are scanned too; so is
 * every row the read store holds (and on PGlite every byte of its directory, WAL included): personal
 * values are sealed at rest there, as in the event store.
 *
 * `timeline.data` is a JSON scalar: no walk of the schema's types can see inside it, so the scan reads
 * the answers' text, not their shape.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isNonNullType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { createClient } from 'graphql-ws';
import { sql } from 'kysely';
import { WebSocket } from 'ws';
import { currentRulebook, rulebook2025 } from '@hindsight/domain';
import { ReadStore } from '@hindsight/read-store';
import { projected, startApi, type ApiClient, type GraphQLResponse, type RunningApi } from '../support/api';
import { runCliCapturing } from '../support/cli';
import { recordEventsMutation, type RecordEventsBody } from '../support/facts';
import { reportFormats } from '../../apps/cli/src/report/report.command';

const canaries = {
  name: 'Quillon Canarywood',
  phone: '+44 20 7946 3141',
  email: 'quillon.canarywood@canary.example',
  callbackPhone: '+1 604 555 2718',
};
const canaryValues = Object.values(canaries);

const roles = ['integration', 'agent-app', 'reader', 'quality', 'admin', 'anonymous'] as const;
type Caller = (typeof roles)[number];
/** The roles with the personal-data right (see the README's role table). */
const revealedTo: readonly Caller[] = ['agent-app', 'quality', 'admin'];

const at = (minute: number) => `2026-05-04T09:${String(minute).padStart(2, '0')}:00Z`;
const fact = (stream: string, sourceEventId: string, minute: number, event: object) => ({
  source: 'canary',
  sourceEventId,
  occurredAt: at(minute),
  stream,
  event,
});
const canaryFacts = [
  fact('contact-CANARY-1', 'c1', 0, { contactStarted: { channel: 'voice', direction: 'inbound', origin: 'inbound', customerId: 'cust-canary', caseId: 'CANARY-1' } }),
  fact('contact-CANARY-1', 'c2', 1, {
    customerIdentified: { customerId: 'cust-canary', method: 'ivr', name: canaries.name, phone: canaries.phone, email: canaries.email },
  }),
  fact('case-CANARY-1', 'c3', 2, { caseOpened: { channel: 'voice', subject: 'Canary case', contactId: 'CANARY-1', customerId: 'cust-canary' } }),
  fact('callback-CANARY-1', 'c4', 3, {
    callbackRequested: { customerId: 'cust-canary', requestedBy: 'customer', contactId: 'CANARY-1', phone: canaries.callbackPhone },
  }),
];
const journeyId = 'contact-CANARY-1';

/** Arguments from the recorded journey, by root field and argument name; a required one missing here fails the scan. */
function argumentValue(root: string, argument: GraphQLArgument, reviewId: string): unknown {
  const byName: Readonly<Record<string, unknown>> = {
    id: root === 'contact' || root === 'case' ? 'CANARY-1' : root === 'review' ? reviewId : journeyId,
    journeyId,
    asOf: at(59),
    from: { version: currentRulebook.version },
    to: { version: rulebook2025.version },
    // journeysChanged from the start: every journey changed so far is pushed at once, then live ones.
    ...(root === 'journeysChanged' && { after: '0' }),
  };
  if (argument.name in byName) return byName[argument.name];
  const type = getNamedType(argument.type);
  if (isEnumType(type)) return type.getValues()[0].value;
  if (!isNonNullType(argument.type) || argument.defaultValue !== undefined) return undefined;
  throw new Error(`The canary scan has no value for ${root}(${argument.name}: ${String(argument.type as GraphQLInputType)}): add one`);
}

interface Selection {
  readonly name: string;
  readonly args?: string;
  readonly children?: readonly Selection[];
}

function mayUse(field: GraphQLField<unknown, unknown>, caller: Caller): boolean {
  const rule = field.extensions.access as { anyone?: true; roles?: readonly string[] } | undefined;
  if (!rule) return true; // nested fields without a rule are open to whoever reaches them
  if (rule.anyone) return true;
  return caller !== 'anonymous' && (caller === 'admin' || rule.roles!.includes(caller));
}

const MAX_DEPTH = 6;

/** Every field of `type` the caller may use, to MAX_DEPTH; fields with required arguments are left to the roots. */
function selectionOf(type: GraphQLNamedType, caller: Caller, depth: number): Selection[] | undefined {
  if (isLeafType(type)) return undefined;
  if (!isObjectType(type)) throw new Error(`The canary scan does not yet select ${type.name}: teach it unions and interfaces`);
  return Object.values(type.getFields()).flatMap((field) => {
    if (!mayUse(field, caller) || field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined)) return [];
    const fieldType = getNamedType(field.type);
    if (isLeafType(fieldType)) return [{ name: field.name }];
    if (depth >= MAX_DEPTH) return [];
    const nested = selectionOf(fieldType, caller, depth + 1);
    return nested && nested.length > 0 ? [{ name: field.name, children: nested }] : [];
  });
}

function render({ name, args, children }: Selection): string {
  return `${name}${args ?? ''}${children ? ` { ${children.map(render).join(' ')} }` : ''}`;
}

/** The root field with every argument it needs, and every field below it the caller may see. */
function rootSelections(root: GraphQLObjectType, caller: Caller, reviewId: string): Selection[] {
  return Object.values(root.getFields())
    .filter((field) => mayUse(field, caller))
    .map((field) => {
      const values = field.args.flatMap((arg) => {
        const value = argumentValue(field.name, arg, reviewId);
        if (value === undefined) return [];
        return [`${arg.name}: ${literal(value, arg.type)}`];
      });
      return { name: field.name, args: values.length ? `(${values.join(', ')})` : '', children: selectionOf(getNamedType(field.type), caller, 1) };
    });
}

function literal(value: unknown, type: GraphQLInputType): string {
  const named = getNamedType(type);
  if (isEnumType(named)) return String(value);
  if (isInputObjectType(named)) {
    return `{ ${Object.entries(value as object).map(([key, inner]) => `${key}: ${literal(inner, named.getFields()[key].type)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}

/** QUERY_TOO_COMPLEX, QUERY_TOO_DEEP, and any limit of the same family added later. */
const tooBig = (answer: { errors?: readonly { extensions?: { code?: unknown } }[] }) =>
  answer.errors?.some((error) => /^QUERY_TOO_/.test(String(error.extensions?.code))) ?? false;

/** A selection too big for one request, as several smaller ones: its children one at a time, or deeper in. */
function narrowings(selection: Selection): Selection[] {
  const children = selection.children ?? [];
  if (children.length > 1) return children.map((child) => ({ ...selection, children: [child] }));
  if (children.length === 1 && children[0].children) return narrowings(children[0]).map((child) => ({ ...selection, children: [child] }));
  throw new Error(`${render(selection)} is too big for one request and cannot be split`);
}

function canariesIn(text: string): string[] {
  return canaryValues.filter((value) => text.includes(value));
}

interface Scan {
  responses: number;
  found: Set<string>;
  /** Where a canary was found, for the failure message. */
  leaks: string[];
  envelopes: number;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : entry.isFile() ? [join(dir, entry.name)] : [],
  );
}

function newScan(): Scan {
  return { responses: 0, found: new Set(), leaks: [], envelopes: 0 };
}

describe('the canary scan of personal data', () => {
  let api: RunningApi;
  let schema: GraphQLSchema;
  const clients = new Map<Caller, ApiClient>();
  const credentials = new Map<Caller, string>();
  const scans = new Map<Caller, Scan>(roles.map((role) => [role, newScan()]));
  const logged: string[] = [];
  const writes = { stdout: process.stdout.write.bind(process.stdout), stderr: process.stderr.write.bind(process.stderr) };
  const reviewId = 'REVIEW-CANARY';

  /** Counts the answer in the role's totals, and says what it held. */
  const scan = (caller: Caller, where: string, answer: unknown, seen: Scan = newScan()): Scan => {
    const text = JSON.stringify(answer);
    for (const totals of new Set([scans.get(caller)!, seen])) {
      totals.responses++;
      for (const value of canariesIn(text)) {
        totals.found.add(value);
        totals.leaks.push(`${where}: ${value}`);
      }
      if (text.includes('"$pii"')) totals.envelopes++;
    }
    return seen;
  };
  /** What a role may find: every canary with the right, none without; never an envelope. */
  const expectDisclosedAsTheRoleMay = (caller: Caller, { found, leaks, envelopes }: Scan) => {
    expect(envelopes).toBe(0);
    if (revealedTo.includes(caller)) expect([...found].sort()).toEqual([...canaryValues].sort());
    else expect(leaks).toEqual([]);
  };

  beforeAll(async () => {
    // The server's own log output, at every level, for the scan at the end.
    const capture = (stream: 'stdout' | 'stderr') => (chunk: string | Uint8Array, ...rest: unknown[]) => {
      logged.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return (writes[stream] as (chunk: string | Uint8Array, ...rest: unknown[]) => boolean)(chunk, ...rest);
    };
    process.stdout.write = capture('stdout') as typeof process.stdout.write;
    process.stderr.write = capture('stderr') as typeof process.stderr.write;
    api = await startApi({}, { logger: ['log', 'error', 'warn', 'debug', 'verbose', 'fatal'] });
    schema = api.app.get(GraphQLSchemaHost).schema;
    for (const role of roles) {
      if (role === 'anonymous') {
        clients.set(role, api.as({ headers: {} }));
        continue;
      }
      const created = await api.graphql<{ createApiKey: { secret: string } }>(
        'mutation Create($name: String!, $role: Role!) { createApiKey(name: $name, role: $role) { secret } }',
        { name: `canary ${role}`, role: role.toUpperCase().replace('-', '_') },
      );
      credentials.set(role, created.data!.createApiKey.secret);
      clients.set(role, api.as(created.data!.createApiKey.secret));
    }
    const recorded = await clients.get('integration')!.graphql<RecordEventsBody>(recordEventsMutation, { facts: canaryFacts });
    expect(recorded.data?.recordEvents).toMatchObject({ recorded: canaryFacts.length, rejected: 0 });
    const opened = await clients.get('quality')!.graphql<{ openReview: { stream: string } | null }>(
      `mutation { openReview(reviewId: "${reviewId}", data: { journeyId: "${journeyId}", openedBy: "qa-1", title: "Canary review" }) { stream } }`,
    );
    expect(opened.errors).toBeUndefined();
    await projected(api);
  });

  afterAll(async () => {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
    await api?.stop();
    const rows = roles.map((role) => {
      const { responses, found } = scans.get(role)!;
      return `  ${role.padEnd(12)} ${String(responses).padStart(4)} responses scanned, ${found.size} of ${canaryValues.length} canaries found`;
    });
    writes.stdout(`\nCanary scan (${revealedTo.join(', ')} hold the personal-data right):\n${rows.join('\n')}\n`);
  });

  describe.each(roles.map((role) => [role] as const))('as %s', (caller) => {
    it('answers every query the role may use with the canaries only where the role has the right', async () => {
      const client = clients.get(caller)!;
      const seen = newScan();
      const ask = async (selection: Selection): Promise<void> => {
        const answer = await client.graphql(`{ ${render(selection)} }`);
        if (tooBig(answer)) {
          for (const narrower of narrowings(selection)) await ask(narrower);
          return;
        }
        expect((answer.errors ?? []).filter((error) => error.extensions?.code === 'INTERNAL_SERVER_ERROR')).toEqual([]);
        scan(caller, selection.name, answer, seen);
      };
      for (const selection of rootSelections(schema.getQueryType()!, caller, reviewId)) await ask(selection);

      expectDisclosedAsTheRoleMay(caller, seen);
    });

    it('pushes every subscription the role may use with the canaries only where the role has the right', async () => {
      const selections = rootSelections(schema.getSubscriptionType()!, caller, reviewId);
      if (selections.length === 0) return;
      const client = createClient({
        url: api.url.replace('http', 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: credentials.has(caller) ? { authorization: `Bearer ${credentials.get(caller)}` } : {},
      });
      const pushes: { where: string; push: unknown }[] = [];
      const pending = new Set<string>();
      const subscribe = (selection: Selection) => {
        pending.add(render(selection));
        client.subscribe(
          { query: `subscription { ${render(selection)} }` },
          {
            next: (push) => {
              if (tooBig(push as GraphQLResponse)) {
                pending.delete(render(selection));
                for (const narrower of narrowings(selection)) subscribe(narrower);
                return;
              }
              pushes.push({ where: selection.name, push });
              pending.delete(render(selection));
            },
            error: (error) => {
              if (Array.isArray(error) && tooBig({ errors: error })) {
                pending.delete(render(selection));
                for (const narrower of narrowings(selection)) subscribe(narrower);
                return;
              }
              pushes.push({ where: `${selection.name} (error)`, push: error });
              pending.delete(render(selection));
            },
            complete: () => undefined,
          },
        );
      };
      try {
        for (const selection of selections) subscribe(selection);
        // A new fact on the canary journey, again until every subscription has had a push of it.
        for (let attempt = 1; pending.size > 0 && attempt <= 50; attempt++) {
          await clients.get('integration')!.graphql<RecordEventsBody>(recordEventsMutation, {
            facts: [fact('contact-CANARY-1', `${caller}-${attempt}`, 10 + attempt, { problemExplained: { summary: `Push ${attempt} for ${caller}` } })],
          });
          await projected(api);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect([...pending]).toEqual([]);
      } finally {
        await client.dispose();
      }
      const seen = newScan();
      for (const { where, push } of pushes) scan(caller, `subscription ${where}`, push, seen);

      expectDisclosedAsTheRoleMay(caller, seen);
    });
  });

  it('shows a caller without the right each personal field as {"redacted": true}, never its value or its envelope', async () => {
    const answer = await clients.get('reader')!.graphql<{ journey: { timeline: { type: string; data: Record<string, unknown> }[] } }>(
      `{ journey(id: "${journeyId}") { timeline { type data } } }`,
    );
    const identified = answer.data!.journey.timeline.find((entry) => entry.type === 'CustomerIdentified')!;
    const requested = answer.data!.journey.timeline.find((entry) => entry.type === 'CallbackRequested')!;

    expect(identified.data).toEqual({ customerId: 'cust-canary', method: 'ivr', name: { redacted: true }, phone: { redacted: true }, email: { redacted: true } });
    expect(requested.data).toMatchObject({ customerId: 'cust-canary', phone: { redacted: true } });
  });

  it('never repeats a refused personal value in an error, to the integration that sent it', async () => {
    const integration = clients.get('integration')!;
    const refused = [
      // graphql-js quotes a variable it refuses whole: here for a field the input type lacks.
      await integration.graphql(recordEventsMutation, {
        facts: [fact('contact-CANARY-2', 'e1', 0, { customerIdentified: { customerId: 'cust-canary', method: 'ivr', name: canaries.name, nickname: 'x' } })],
      }),
      // The catalog's check of a personal field.
      await integration.graphql(recordEventsMutation, {
        facts: [fact('contact-CANARY-2', 'e2', 0, { customerIdentified: { customerId: 'cust-canary', method: 'ivr', email: canaries.name } })],
      }),
      // A recorded fact's source and sourceEventId with another value.
      await integration.graphql(recordEventsMutation, {
        facts: [fact('contact-CANARY-1', 'c2', 1, { customerIdentified: { customerId: 'cust-canary', method: 'ivr', name: `${canaries.name} Jr` } })],
      }),
      // A literal in the query text that is not even a string.
      await integration.graphql(
        `mutation { recordEvents(facts: [{ source: "canary", sourceEventId: "e3", occurredAt: "${at(0)}", stream: "contact-CANARY-2",
          event: { customerIdentified: { customerId: "cust-canary", method: ivr, name: { is: "${canaries.name}" } } } }]) { rejected } }`,
      ),
    ];
    for (const answer of refused) scan('integration', 'refused fact', answer);

    expect(refused.map((answer) => answer.errors?.[0]?.extensions?.code ?? 'answered')).toEqual(['BAD_USER_INPUT', 'answered', 'answered', 'GRAPHQL_VALIDATION_FAILED']);
    expect(refused.map((answer) => canariesIn(JSON.stringify(answer)))).toEqual([[], [], [], []]);
  });

  it("prints no canary in the CLI's replay and reports, which read through the API and ask for no personal field", async () => {
    const printed = new Map<Caller, string[]>();
    for (const [caller, key] of credentials) {
      for (const argv of [['replay', journeyId], ...reportFormats.map((format) => ['report', journeyId, '--format', format])]) {
        const run = await runCliCapturing([...argv, '--url', api.url], { env: { HINDSIGHT_API_KEY: key } });
        scan(caller, `cli ${argv.join(' ')}`, run);
        printed.set(caller, [...(printed.get(caller) ?? []), ...canariesIn(run.stdout + run.stderr)]);
        if (revealedTo.includes(caller) && caller !== 'agent-app' && run.code !== 0) throw new Error(`cli ${argv.join(' ')} as ${caller}: ${run.stderr}`);
      }
    }

    expect([...printed.values()].flat()).toEqual([]);
  });

    it('keeps no canary in plain text at rest: in no row of any read model, and on PGlite in no file of its directory', async () => {
    const readStore = api.app.get(ReadStore);
    const { rows: tables } = await sql<{ schema: string; table: string }>`
      select table_schema as schema, table_name as table from information_schema.tables
      where table_type = 'BASE TABLE' and (table_schema like ${`${readStore.schemaPrefix}\\_%`} or table_schema in ('public', 'personal_data'))`.execute(readStore.db);
    const rows = await Promise.all(
      tables.map(async ({ schema, table }) => (await sql<{ row: string }>`select t::text as row from ${sql.table(`${schema}.${table}`)} t`.execute(readStore.db)).rows),
    );
    const stored = rows.flat().map(({ row }) => row).join('\n');
    const config = api.config.readStore;
    const files = config.kind === 'pglite' ? filesUnder(config.dataDir) : [];

    expect(tables.map(({ table }) => table)).toEqual(expect.arrayContaining(['journeys', 'journey_events']));
    expect(stored).toContain('"$pii"');
    expect(canariesIn(stored)).toEqual([]);
    expect(files.filter((file) => canaryValues.some((value) => readFileSync(file).includes(value)))).toEqual([]);
  });

  it('writes no canary to the server log', () => {
    const log = logged.join('');

    expect(log.length).toBeGreaterThan(0);
    expect(canariesIn(log)).toEqual([]);
  });
});
