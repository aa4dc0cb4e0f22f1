/**
 * Fuzzing the write side through GraphQL: `recordEvents` and the typed mutations, against one running
 * API, with values generated from the API's own input types (read by introspection, so a new event
 * type or field is fuzzed without touching this file). Most cases fit the schema and probe the
 * catalog's own checks (stream names and categories, blank and huge text, ids, re-sent and
 * conflicting facts, and in ids and text the characters that once got through: controls, NUL, lone
 * surrogates, bidi overrides, over-long ids, strings that read as huge or negative numbers); the rest
 * break the schema on purpose (wrong types, missing and unknown fields, bad enum values, numbers past
 * Int's range such as 1e308, -1e20 and MAX_SAFE_INTEGER + 1, DateTimes without a timezone, oneOf with
 * none or two, nulls).
 *
 * What must hold for every case: no INTERNAL_SERVER_ERROR, every refusal names a code and where
 * (`extensions.field`, a fact's `error.field`, or the GraphQL path of the mutation). And at the end
 * the store holds exactly what the API said it recorded (a model of the answers, checked against
 * the events read back from the store), and the projection still runs: it applied all of it, health
 * is ok, and a good fact sent afterwards reaches its journey.
 *
 * Generation is seeded: the seed is printed; FUZZ_SEED=<seed> replays the same cases
 * (FUZZ_CASES changes how many).
 */
import fc from 'fast-check';
import { eventCatalog, isEventType } from '@hindsight/domain';
import { startApi, type GraphQLResponse, type RunningApi } from '../support/api';
import { recordEventsMutation, storedFacts, type RecordEventsBody } from '../support/facts';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CASES = Number(process.env.FUZZ_CASES ?? 10_000);
const FACTS_PER_CALL = 50;
/** Of all cases: facts that fit the schema, facts that break it, typed commands that fit, commands that break it. */
const SHARE = { facts: 0.7, badFacts: 0.15, commands: 0.1, badCommands: 0.05 };

// ---------------------------------------------------------------------------------------------
// The input types, as the API publishes them

interface TypeRef {
  readonly kind: string;
  readonly name: string | null;
  readonly ofType: TypeRef | null;
}
interface InputField {
  readonly name: string;
  readonly type: TypeRef;
}
interface SchemaType {
  readonly kind: string;
  readonly name: string;
  readonly isOneOf?: boolean | null;
  readonly inputFields: readonly InputField[] | null;
  readonly enumValues: readonly { name: string }[] | null;
}
interface MutationField {
  readonly name: string;
  readonly args: readonly InputField[];
}

const typeRef = 'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }';
const introspection = `{
  __schema {
    types { kind name isOneOf inputFields { name type { ${typeRef} } } enumValues { name } }
    mutationType { fields { name args { name type { ${typeRef} } } } }
  }
}`;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Arbitraries for valid and invalid values of any input type of the schema. */
class InputArbitraries {
  private readonly types: Map<string, SchemaType>;

  constructor(types: readonly SchemaType[]) {
    this.types = new Map(types.map((type) => [type.name, type]));
  }

  type(name: string): SchemaType {
    const type = this.types.get(name);
    if (!type) throw new Error(`The schema has no type ${name}`);
    return type;
  }

  /** A value that fits `ref` (the catalog may still refuse it: text and ids are drawn wide on purpose). */
  valid(ref: TypeRef, field = ''): fc.Arbitrary<Json> {
    if (ref.kind === 'NON_NULL') return this.valid(ref.ofType!, field);
    if (ref.kind === 'LIST') return fc.array(this.valid(ref.ofType!, field), { maxLength: 3 });
    const type = this.type(ref.name!);
    switch (type.kind) {
      case 'SCALAR':
        return validScalar(type.name, field);
      case 'ENUM':
        return fc.constantFrom(...type.enumValues!.map((value) => value.name));
      case 'INPUT_OBJECT':
        return this.validObject(type);
      default:
        throw new Error(`Unexpected input type ${type.kind} ${type.name}`);
    }
  }

  private validObject(type: SchemaType): fc.Arbitrary<Json> {
    const fields = type.inputFields!;
    if (isOneOf(type)) {
      return fc.oneof(...fields.map((field) => this.valid(field.type, field.name).map((value) => ({ [field.name]: value }))));
    }
    const record = Object.fromEntries(fields.map((field) => [field.name, this.valid(field.type, field.name)]));
    const required = fields.filter((field) => field.type.kind === 'NON_NULL').map((field) => field.name);
    return fc.record(record, { requiredKeys: required }) as fc.Arbitrary<Json>;
  }

  /** A value that does not fit `ref`, wrong somewhere at or below it. */
  invalid(ref: TypeRef): fc.Arbitrary<Json> {
    if (ref.kind === 'NON_NULL') return fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 6, arbitrary: this.invalid(ref.ofType!) });
    if (ref.kind === 'LIST') {
      return fc.tuple(fc.array(this.valid(ref.ofType!), { maxLength: 2 }), this.invalid(ref.ofType!)).map(([items, bad]) => [...items, bad]);
    }
    const type = this.type(ref.name!);
    switch (type.kind) {
      case 'SCALAR':
        return invalidScalar(type.name);
      case 'ENUM':
        return fc.oneof(
          fc.constantFrom('not_a_value', '', 'VOICE', 42, true),
          fc.constantFrom(...type.enumValues!.map((value) => value.name.toUpperCase() + '_')),
        );
      case 'INPUT_OBJECT':
        return this.invalidObject(type);
      default:
        throw new Error(`Unexpected input type ${type.kind} ${type.name}`);
    }
  }

  private invalidObject(type: SchemaType): fc.Arbitrary<Json> {
    const fields = type.inputFields!;
    const valid = this.validObject(type) as fc.Arbitrary<Record<string, Json>>;
    const notAnObject = fc.constantFrom<Json>('an object was expected', 7, [], true);
    const unknownField = valid.map((value) => ({ ...value, notAField: 'surprise' }));
    const oneFieldWrong = fc
      .tuple(valid, fc.constantFrom(...fields))
      .chain(([value, field]) => this.invalid(field.type).map((bad) => ({ ...value, [field.name]: bad })));
    if (isOneOf(type)) {
      const none = fc.constant<Json>({});
      const two = fc
        .tuple(valid, valid)
        .filter(([a, b]) => Object.keys(a)[0] !== Object.keys(b)[0])
        .map(([a, b]) => ({ ...a, ...b }));
      return fc.oneof(none, two, notAnObject, unknownField, oneFieldWrong);
    }
    const required = fields.filter((field) => field.type.kind === 'NON_NULL');
    const missing =
      required.length > 0
        ? fc.tuple(valid, fc.constantFrom(...required)).map(([value, field]) => {
            const copy = { ...value };
            delete copy[field.name];
            return copy;
          })
        : unknownField;
    return fc.oneof(missing, notAnObject, unknownField, { weight: 3, arbitrary: oneFieldWrong });
  }
}

function isOneOf(type: SchemaType): boolean {
  return type.isOneOf === true;
}

/**
 * Characters that once got through or broke the write side: controls (C0, DEL, C1, NUL), bidi overrides,
 * isolates and marks, zero-width characters, the BOM, and both halves of a surrogate pair alone.
 */
const hostileCharacter: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('\u0000', '\u0007', '\u001B', '\u007F', '\u0085', '\u009B', '\uD800', '\uDBFF', '\uDC00', '\uDFFF'),
  fc.constantFrom('\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'),
  fc.constantFrom('\u200B', '\u200D', '\uFEFF', '\u00A0', '\u2028', '\u3000'),
  fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)),
  fc.integer({ min: 0x80, max: 0x9f }).map((code) => String.fromCharCode(code)),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
);
/** `plain` with one hostile character put somewhere in it (start, middle or end). */
const withHostileCharacter = (plain: fc.Arbitrary<string>) =>
  fc.tuple(plain, hostileCharacter, fc.nat()).map(([value, character, at]) => {
    const index = at % (value.length + 1);
    return value.slice(0, index) + character + value.slice(index);
  });
/** Strings that read as numbers, huge and negative ones: an id or a text may well be one. */
const numberLike = fc.constantFrom('1e308', '-1e20', 'NaN', 'Infinity', '-Infinity', '-0', String(Number.MAX_SAFE_INTEGER + 1), '0x1F', '1_000');

const plainId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,15}$/);
/** Ids as integrations send them: mostly plain, sometimes with whitespace, blank, hostile characters, odd or huge. */
const id: fc.Arbitrary<string> = fc.oneof(
  { weight: 24, arbitrary: plainId },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'agent 7', 'x\ty') },
  { weight: 1, arbitrary: fc.string({ maxLength: 20, unit: 'grapheme' }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20, unit: 'binary' }) },
  { weight: 2, arbitrary: withHostileCharacter(plainId) },
  { weight: 1, arbitrary: numberLike },
  { weight: 1, arbitrary: fc.integer({ min: 199, max: 20_000 }).map((length) => 'i'.repeat(length)) },
);
/** Fields that hold an id (of an agent, a customer, a queue, a case...), by the catalog's naming. */
const ID_FIELD = /(Id|By)$|^(by|to|from|owner|promisedBy|openedBy|disposition|findingCode)$/;

const plainText = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,23}$/);
/** Text as integrations send them, mostly plain, sometimes blank, with hostile characters, odd or huge. */
const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 16, arbitrary: plainText },
  { weight: 2, arbitrary: fc.string({ maxLength: 30, unit: 'grapheme' }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30, unit: 'binary' }) },
  { weight: 2, arbitrary: withHostileCharacter(plainText) },
  { weight: 1, arbitrary: numberLike },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\t\n', 'a b') },
  { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 60_000 }).map((length) => 'x'.repeat(length)) },
);

const instant = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T23:59:59Z'), noInvalidDate: true });
/** An instant, in UTC or at an offset (`11:00+01:00` is the same instant as `10:00Z`). */
const dateTime: fc.Arbitrary<string> = fc.tuple(instant, fc.constantFrom(0, 60, -300, 330)).map(([date, offsetMinutes]) => {
  if (offsetMinutes === 0) return date.toISOString();
  const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, '0');
  return `${local}${sign}${hours}:${minutes}`;
});

function validScalar(name: string, field: string): fc.Arbitrary<Json> {
  switch (name) {
    case 'String':
    case 'ID':
      return name === 'ID' || ID_FIELD.test(field) ? id : text;
    case 'Int':
      return fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 0, max: 10 }) },
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        fc.constantFrom(-1, -(2 ** 31), 2 ** 31 - 1),
      );
    case 'Float':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'Boolean':
      return fc.boolean();
    case 'DateTime':
      return dateTime;
    default:
      return fc.oneof(text, fc.integer());
  }
}

function invalidScalar(name: string): fc.Arbitrary<Json> {
  switch (name) {
    case 'String':
    case 'ID':
      return fc.constantFrom<Json>(42.5, true, { an: 'object' }, ['a', 'list']);
    case 'Int':
      return fc.constantFrom<Json>('7', 1.5, 2 ** 40, true, 'seven', 1e308, -1e20, Number.MAX_SAFE_INTEGER + 1, 'NaN', 'Infinity', '-1e20');
    case 'Float':
      return fc.constantFrom<Json>('1.5', true, 'NaN', 'Infinity', '1e308', '-1e20');
    case 'Boolean':
      return fc.constantFrom<Json>('yes', 1, 'true', 'no');
    case 'DateTime':
      return fc.constantFrom<Json>(
        '2026-03-05T10:00:00',
        '2026-03-05',
        'yesterday',
        '2026-13-45T99:00:00Z',
        '',
        1772704800000,
        '2026-03-05T10:00:00+25:00',
      );
    default:
      return fc.constantFrom<Json>({ nested: { deeply: [1, 2] } }, true);
  }
}

// ---------------------------------------------------------------------------------------------
// The cases

interface FactCase {
  readonly fact: Record<string, Json>;
  /** What the catalog must say whatever the data: refuse it (a stream that takes no facts). */
  readonly refusedByStream: boolean;
}

const journeyCategories = ['contact', 'callback', 'case'] as const;
const UNIQUE_ID = '<unique>';

function factCases(inputs: InputArbitraries): fc.Arbitrary<FactCase> {
  const eventInput = inputs.type('EventInput');
  return fc
    .record({
      event: inputs.valid({ kind: 'NON_NULL', name: null, ofType: { kind: 'INPUT_OBJECT', name: eventInput.name, ofType: null } }),
      source: fc.oneof({ weight: 24, arbitrary: fc.constantFrom('telephony', 'ticketing', 'crm') }, { weight: 1, arbitrary: id }),
      // Most ids are made unique where the case is sent (generated numbers cluster on small values).
      sourceEventId: fc.oneof({ weight: 12, arbitrary: fc.constant(UNIQUE_ID) }, { weight: 1, arbitrary: text }, { weight: 1, arbitrary: id }),
      occurredAt: dateTime,
      streamId: fc.nat(400),
      hostile: hostileCharacter,
      streamKind: fc.constantFrom(
        ...Array<'own'>(16).fill('own'),
        'other-journey-category',
        'review',
        'unknown-category',
        'no-id',
        'blank',
        'hostile-id',
        'over-long-id',
      ),
    })
    .map(({ event, source, sourceEventId, occurredAt, streamId, hostile, streamKind }) => {
      const field = Object.keys(event as object)[0];
      const type = field[0].toUpperCase() + field.slice(1);
      const own = isEventType(type) ? eventCatalog[type].category : 'contact';
      const other = journeyCategories.find((category) => category !== own)!;
      const stream = {
        own: `${own}-fz-${streamId}`,
        'other-journey-category': `${other}-fz-${streamId}`,
        review: `review-fz-${streamId}`,
        'unknown-category': `invoice-fz-${streamId}`,
        'no-id': `${own}-`,
        blank: ' ',
        'hostile-id': `${own}-fz-${streamId}${hostile}`,
        'over-long-id': `${own}-fz-${streamId}-${'i'.repeat(200)}`,
      }[streamKind];
      return { fact: { source, sourceEventId, occurredAt, stream, event }, refusedByStream: streamKind !== 'own' };
    });
}

interface CommandCase {
  readonly mutation: MutationField;
  readonly id: string;
  readonly data: Json;
}

/** The typed mutations: `<verb>(<category>Id: ID!, data: <Event>Input!)`, each writing `<category>-<id>`. */
function commandMutations(fields: readonly MutationField[]): MutationField[] {
  return fields.filter(
    (field) =>
      field.args.length === 2 &&
      field.args.some((arg) => /^(contact|callback|case|review)Id$/.test(arg.name)) &&
      field.args.some((arg) => arg.name === 'data'),
  );
}

function commandCases(inputs: InputArbitraries, mutations: readonly MutationField[], valid: boolean): fc.Arbitrary<CommandCase> {
  return fc.constantFrom(...mutations).chain((mutation) => {
    const data = mutation.args.find((arg) => arg.name === 'data')!;
    return fc.record({
      mutation: fc.constant(mutation),
      // A few streams per category, so commands meet each other's state and some are accepted.
      id: fc.oneof({ weight: 8, arbitrary: fc.nat(5).map((n) => `cmd-${n}`) }, { weight: 1, arbitrary: id }),
      data: valid ? inputs.valid(data.type) : inputs.invalid(data.type),
    });
  });
}

function idArgOf(mutation: MutationField): InputField {
  return mutation.args.find((arg) => arg.name !== 'data')!;
}

function graphqlTypeOf(ref: TypeRef): string {
  if (ref.kind === 'NON_NULL') return `${graphqlTypeOf(ref.ofType!)}!`;
  if (ref.kind === 'LIST') return `[${graphqlTypeOf(ref.ofType!)}]`;
  return ref.name!;
}

/**
 * Commands in one request, each under an alias with variables of its own. Mutations run one after
 * another and the first refusal ends the request (their results are non-null), so cases go one to a request.
 */
function commandsDocument(cases: readonly CommandCase[]): { query: string; variables: Record<string, Json> } {
  const variables: Record<string, Json> = {};
  const declarations: string[] = [];
  const fields = cases.map(({ mutation, id, data }, index) => {
    const idArg = idArgOf(mutation);
    const dataArg = mutation.args.find((arg) => arg.name === 'data')!;
    declarations.push(`$id${index}: ${graphqlTypeOf(idArg.type)}`, `$data${index}: ${graphqlTypeOf(dataArg.type)}`);
    variables[`id${index}`] = id;
    variables[`data${index}`] = data;
    return `c${index}: ${mutation.name}(${idArg.name}: $id${index}, data: $data${index}) { stream revision }`;
  });
  return { query: `mutation Commands(${declarations.join(', ')}) { ${fields.join(' ')} }`, variables };
}

// ---------------------------------------------------------------------------------------------
// What the answers must be, and the model of what was recorded

interface Violation {
  readonly what: string;
  readonly detail: unknown;
}

type GraphQLErrors = NonNullable<GraphQLResponse['errors']>;

describe('recordEvents and the typed mutations under fuzzed input', () => {
  let api: RunningApi;
  const violations: Violation[] = [];
  /** `<stream> <event id>` of every fact the API said it recorded. */
  const recorded = new Set<string>();
  /** `<stream> <source> <sourceEventId>` of the same facts, to know what a re-sent fact must be answered. */
  const recordedFacts = new Set<string>();
  const remember = (fact: Record<string, Json>, eventId: string) => {
    recorded.add(`${String(fact.stream)} ${eventId}`);
    recordedFacts.add(factKey(fact));
  };
  /** Typed commands' streams → the last revision the API said it wrote. */
  const commandRevisions = new Map<string, bigint>();
  const counts = { cases: 0, requests: 0, recorded: 0, duplicates: 0, rejectedFacts: 0, refusedCalls: 0, commandsAccepted: 0, commandsRefused: 0 };
  const codes = new Map<string, number>();

  const violation = (what: string, detail: unknown) => {
    if (violations.length < 50) violations.push({ what, detail });
  };
  const sawCode = (code: string | undefined) => codes.set(String(code), (codes.get(String(code)) ?? 0) + 1);

  /** Every top-level error: a code other than INTERNAL_SERVER_ERROR, and where (a field or a path). */
  const checkErrors = (errors: GraphQLErrors, context: unknown) => {
    for (const error of errors) {
      const code = error.extensions?.code;
      sawCode(code);
      if (!code) violation('an error without extensions.code', { error, context });
      if (code === 'INTERNAL_SERVER_ERROR') violation('INTERNAL_SERVER_ERROR', { error, context });
      const path = (error as { path?: unknown }).path;
      if (!error.extensions?.field && !(Array.isArray(path) && path.length > 0)) violation('an error that says not where', { error, context });
    }
  };

  beforeAll(async () => {
    api = await startApi();
  });

  afterAll(async () => {
    await api?.stop();
  });

  it(`answers ${CASES} fuzzed cases with a code and a place for every refusal, and no internal error (seed ${SEED})`, async () => {
    console.log(`fuzz seed: ${SEED} (FUZZ_SEED=${SEED} replays these ${CASES} cases)`);
    const schema = (await api.graphql<{ __schema: { types: SchemaType[]; mutationType: { fields: MutationField[] } } }>(introspection)).data!
      .__schema;
    const inputs = new InputArbitraries(schema.types);
    const mutations = commandMutations(schema.mutationType.fields);
    expect(mutations.length).toBeGreaterThan(10);
    const factInputRef = idArgFree(schema.mutationType.fields.find((field) => field.name === 'recordEvents')!);

    const sample = <T>(arbitrary: fc.Arbitrary<T>, n: number, offset: number) => fc.sample(arbitrary, { seed: SEED + offset, numRuns: n });
    const facts = sample(factCases(inputs), Math.round(CASES * SHARE.facts), 1);
    const badFacts = sample(
      fc.tuple(fc.array(factCases(inputs), { maxLength: 2 }), inputs.invalid(factInputRef), fc.nat(2)),
      Math.round(CASES * SHARE.badFacts),
      2,
    );
    const commands = sample(commandCases(inputs, mutations, true), Math.round(CASES * SHARE.commands), 3);
    const badCommands = sample(commandCases(inputs, mutations, false), Math.round(CASES * SHARE.badCommands), 4);

    // Facts that fit the schema, many to a call; some sent again as they were, some again with other content.
    const sent: Record<string, Json>[] = [];
    const resendOrAlter = fc.sample(fc.noBias(fc.tuple(fc.integer({ min: 0, max: 99 }), fc.nat(), dateTime)), {
      seed: SEED + 5,
      numRuns: facts.length,
    });
    for (let start = 0; start < facts.length; start += FACTS_PER_CALL) {
      const batch = facts.slice(start, start + FACTS_PER_CALL).map((factCase, offset) => {
        const [roll, pick, otherInstant] = resendOrAlter[start + offset];
        if (sent.length > 0 && roll < 8) return { fact: sent[pick % sent.length], refusedByStream: false, resent: true };
        if (sent.length > 0 && roll < 12) {
          return { fact: { ...sent[pick % sent.length], occurredAt: otherInstant }, refusedByStream: false, resent: false };
        }
        const fact = factCase.fact.sourceEventId === UNIQUE_ID ? { ...factCase.fact, sourceEventId: `fz-${start + offset}` } : factCase.fact;
        return { ...factCase, fact, resent: false };
      });
      const wasRecorded = batch.map(({ fact }) => recordedFacts.has(factKey(fact)));
      const response = await api.graphql<RecordEventsBody>(recordEventsMutation, { facts: batch.map((c) => c.fact) });
      counts.requests++;
      counts.cases += batch.length;
      if (response.errors) {
        checkErrors(response.errors, { batch: batch.map((c) => c.fact) });
        counts.refusedCalls++;
        continue;
      }
      const answer = response.data!.recordEvents;
      const tally = { RECORDED: 0, DUPLICATE: 0, REJECTED: 0 };
      for (const result of answer.results) {
        const { fact, refusedByStream, resent } = batch[result.index];
        tally[result.status]++;
        if (result.status === 'REJECTED') {
          counts.rejectedFacts++;
          sawCode(result.error?.code);
          if (!result.error?.code || result.error.code === 'INTERNAL_SERVER_ERROR') violation('a fact refused without a proper code', { result, fact });
          if (!result.error?.field) violation('a fact refused without saying which field', { result, fact });
          if (resent && wasRecorded[result.index]) violation('a fact re-sent as it was, refused instead of a DUPLICATE', { result, fact });
          continue;
        }
        if (refusedByStream) violation('a fact accepted on a stream that takes no facts', { result, fact });
        if (result.status === 'RECORDED') {
          counts.recorded++;
          if (recorded.has(`${String(fact.stream)} ${result.eventId}`)) violation('a fact RECORDED twice under one id', { result, fact });
          remember(fact, result.eventId!);
          sent.push(fact);
        } else {
          counts.duplicates++;
          if (!recorded.has(`${String(fact.stream)} ${result.eventId}`)) violation('a DUPLICATE of nothing recorded', { result, fact });
        }
      }
      if (answer.recorded !== tally.RECORDED || answer.duplicates !== tally.DUPLICATE || answer.rejected !== tally.REJECTED) {
        violation('counts that disagree with the results', { answer: { ...answer, results: undefined }, tally });
      }
    }

    // Facts that break the schema: the whole call is refused, by name, and nothing is written.
    for (const [good, bad, at] of badFacts) {
      const facts = [...good.map((c) => c.fact)];
      facts.splice(Math.min(at, facts.length), 0, bad as Record<string, Json>);
      const response = await api.graphql<RecordEventsBody>(recordEventsMutation, { facts });
      counts.requests++;
      counts.cases++;
      if (!response.errors) {
        // The mutation can fit the schema by chance (an optional field set to null): then it is an ordinary call.
        for (const result of response.data!.recordEvents.results) {
          if (result.status === 'RECORDED') remember(facts[result.index], result.eventId!);
          if (result.status === 'REJECTED' && (!result.error?.code || result.error.code === 'INTERNAL_SERVER_ERROR' || !result.error.field)) {
            violation('a fact refused without a proper code or field', { result, facts });
          }
        }
        continue;
      }
      counts.refusedCalls++;
      checkErrors(response.errors, { facts });
    }

    // Typed commands, each decided against its stream's state.
    const runCommands = async (cases: readonly CommandCase[]) => {
      const { query, variables } = commandsDocument(cases);
      const response = await api.graphql<Record<string, { stream: string; revision: string } | null>>(query, variables);
      counts.requests++;
      counts.cases += cases.length;
      if (response.errors) checkErrors(response.errors, { cases });
      for (const [alias, write] of Object.entries(response.data ?? {})) {
        if (!write) continue;
        const revision = BigInt(write.revision);
        const before = commandRevisions.get(write.stream);
        if (before !== undefined && revision <= before) violation('a command that wrote without moving its stream on', { alias, write, before });
        commandRevisions.set(write.stream, revision);
      }
      const accepted = Object.values(response.data ?? {}).filter(Boolean).length;
      counts.commandsAccepted += accepted;
      counts.commandsRefused += cases.length - accepted;
    };
    for (const command of [...commands, ...badCommands]) await runCommands([command]);

    console.log(
      `fuzz: ${counts.cases} cases in ${counts.requests} requests; facts recorded ${counts.recorded}, duplicates ${counts.duplicates}, ` +
        `refused ${counts.rejectedFacts}; calls refused whole ${counts.refusedCalls}; commands accepted ${counts.commandsAccepted}, refused ${counts.commandsRefused}\n` +
        `codes: ${JSON.stringify(Object.fromEntries([...codes].sort(([, a], [, b]) => b - a)))}`,
    );
    expect(counts.cases).toBeGreaterThanOrEqual(CASES);
    expect(counts.recorded).toBeGreaterThan(0);
    expect(counts.commandsAccepted).toBeGreaterThan(0);
    expect(violations).toEqual([]);
  }, 600_000);

  it('leaves in the store exactly the facts it said it recorded, once each, and what the commands wrote', async () => {
    const stored = await storedFacts(api.storeClient);
    const fuzzed = stored.filter((event) => /^(contact|callback|case)-fz-/.test(event.stream));
    const storedKeys = fuzzed.map((event) => `${event.stream} ${event.id}`);
    const storedSet = new Set(storedKeys);

    expect(storedSet.size).toBe(storedKeys.length);
    expect(storedKeys.filter((key) => !recorded.has(key))).toEqual([]);
    expect([...recorded].filter((key) => !storedSet.has(key))).toEqual([]);
    // Nothing landed anywhere a fact was refused (review-…, unknown categories).
    expect(stored.filter((event) => /-fz-/.test(event.stream) && !/^(contact|callback|case)-fz-/.test(event.stream))).toEqual([]);

    const eventsPerCommandStream = new Map<string, number>();
    for (const event of stored.filter((event) => !/-fz-/.test(event.stream))) {
      eventsPerCommandStream.set(event.stream, (eventsPerCommandStream.get(event.stream) ?? 0) + 1);
    }
    for (const [stream, revision] of commandRevisions) expect([stream, eventsPerCommandStream.get(stream)]).toEqual([stream, Number(revision) + 1]);
  });

  it('leaves the projection running: health is ok and a good fact sent after the fuzz reaches its journey', async () => {
    const good = {
      source: 'telephony',
      sourceEventId: 'after-the-fuzz',
      occurredAt: '2026-03-05T10:00:00Z',
      stream: 'contact-after-the-fuzz',
      event: { contactStarted: { channel: 'voice', direction: 'inbound', origin: 'inbound', customerId: 'cust-after-the-fuzz' } },
    };

    const response = await api.graphql<RecordEventsBody>(recordEventsMutation, { facts: [good] });
    const health = await caughtUp(api);

    expect(response.data?.recordEvents.recorded).toBe(1);
    expect(health).toMatchObject({ status: 'ok', projector: { eventsBehind: 0 } });
    const { data } = await api.graphql<{ journey: { customerId: string } | null }>('{ journey(id: "contact-after-the-fuzz") { customerId } }');
    expect(data?.journey).toEqual({ customerId: 'cust-after-the-fuzz' });
  });
});

interface HealthBody {
  readonly status: string;
  readonly projector: { readonly running: boolean; readonly eventsBehind: number; readonly projections: readonly { projection: string; state: string; lastError: string | null }[] };
}

/**
 * Health once the projector has applied everything the fuzz recorded (thousands of facts), or as it
 * stands when it gets no further: a projection stuck on one event never catches up.
 */
async function caughtUp(api: RunningApi): Promise<HealthBody> {
  let health: HealthBody | undefined;
  let behind = Number.POSITIVE_INFINITY;
  let stalled = 0;
  while (stalled < 100) {
    const { data } = await api.graphql<{ health: HealthBody }>(
      '{ health { status projector { running eventsBehind projections { projection state lastError } } } }',
    );
    health = data!.health;
    if (health.projector.running && health.projector.eventsBehind === 0) return health;
    stalled = health.projector.eventsBehind < behind ? 0 : stalled + 1;
    behind = Math.min(behind, health.projector.eventsBehind);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return health!;
}

/** The type of `recordEvents(facts: [FactInput!]!)`'s items: FactInput!. */
function idArgFree(recordEvents: MutationField): TypeRef {
  let ref = recordEvents.args.find((arg) => arg.name === 'facts')!.type;
  while (ref.kind !== 'LIST') ref = ref.ofType!;
  return ref.ofType!;
}

function factKey(fact: Record<string, Json>): string {
  return `${String(fact.stream)} ${String(fact.source)} ${String(fact.sourceEventId)}`;
}
