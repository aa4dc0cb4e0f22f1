/**
 * Limits on what one GraphQL document may ask for, the same over HTTP and over graphql-ws, checked
 * before anything runs and each refused with its own code:
 * - its size: at most MAX_QUERY_LENGTH characters before it is parsed, and MAX_QUERY_TOKENS tokens
 *   while it is (QUERY_TOO_LARGE), so a megabyte of repeated directives or one huge string literal
 *   is refused before it is read whole;
 * - how many fields it selects, before validation (QUERY_TOO_LARGE): graphql-js's check that
 *   fields of one name can be merged compares them pairwise, so thousands of aliases would hold
 *   the event loop in validation alone;
 * - its nesting depth (QUERY_TOO_DEEP);
 * - its cost (QUERY_TOO_COMPLEX, graphql-query-complexity), in rows loaded and fields resolved: a
 *   field declares what it loads (`complexity` on its decorator, see the ROW_COSTS below), a page
 *   of `first: n` costs n times its items, and other lists ASSUMED_LIST_LENGTH times.
 *
 * HTTP gets the first from a pre-parsing hook and Mercurius's parser options, the second from a pre-validation hook,
 * validation and depth from Mercurius itself, the cost from a pre-execution hook (it needs the
 * variables, and Mercurius caches validation per query text). A subscription never reaches those
 * (Mercurius's subscription path skips validation): `documentErrors` runs them all, in the same order.
 */
import {
  getNullableType,
  GraphQLError,
  isListType,
  Kind,
  Location,
  parse,
  specifiedRules,
  validate,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type ParseOptions,
  type SelectionSetNode,
} from 'graphql';
import { buildExecutionContext } from 'graphql/execution/execute';
import {
  fieldExtensionsEstimator,
  getComplexity,
  simpleEstimator,
  type ComplexityEstimator,
  type ComplexityEstimatorArgs,
} from 'graphql-query-complexity';
import { RequestRefused } from './request-refused';

export const MAX_QUERY_DEPTH = 12;
/** Two summaries of MAX_SUMMARIZED_JOURNEYS rows each, or one what-if, and a page of journeys beside it. */
export const MAX_QUERY_COST = 50_000;
/** The largest query Hindsight's own clients send is a few hundred tokens; facts travel as variables. */
export const MAX_QUERY_TOKENS = 5_000;
/**
 * Field selections in one document, aliases and fragments' fields included: validation compares
 * same-named fields pairwise, so 500 of them already cost it a tenth of a second.
 */
export const MAX_SELECTED_FIELDS = 200;
/** Characters of query text, checked before parsing: a long string literal is one token. */
export const MAX_QUERY_LENGTH = 100_000;
/** A typical journey's lists are a handful to a few dozen long; 5 keeps a full journey(id) well inside the limit. */
const ASSUMED_LIST_LENGTH = 5;

export const PARSE_OPTIONS: ParseOptions = { maxTokens: MAX_QUERY_TOKENS };

/**
 * The `complexity` of a field that loads `rows` rows from the read store or the event store, each
 * costing `perRow` (the work of folding or judging one), and returns `items` of its type (each
 * costing what its selection costs); rows, not fields, are where a request spends its time.
 */
export const loadsRows =
  (rows: number, { perRow = 1, items = rows }: { readonly perRow?: number; readonly items?: number } = {}) =>
  ({ childComplexity }: { readonly childComplexity: number }): number =>
    rows * perRow + items * childComplexity;

/** A page of `first` items costs `first` times what one item costs; other lists, ASSUMED_LIST_LENGTH times. */
const listEstimator: ComplexityEstimator = ({ args, field, childComplexity }: ComplexityEstimatorArgs) => {
  if (typeof args.first === 'number') return 1 + args.first * childComplexity;
  if (isListType(getNullableType(field.type))) return 1 + ASSUMED_LIST_LENGTH * childComplexity;
  return undefined;
};

const tooLarge = (message: string) => new GraphQLError(message, { extensions: { code: 'QUERY_TOO_LARGE' } });

/** graphql-js's own words when `maxTokens` stops it. */
const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more that \d+ tokens/;

export function isTokenLimitError(error: GraphQLError): boolean {
  return TOKEN_LIMIT_MESSAGE.test(error.message);
}

/** QUERY_TOO_LARGE for query text longer than MAX_QUERY_LENGTH, before anything reads it. */
export function lengthErrors(source: string): GraphQLError[] {
  if (source.length <= MAX_QUERY_LENGTH) return [];
  return [tooLarge(`This query is ${source.length} characters long, more than the ${MAX_QUERY_LENGTH} a request may be: send values as variables`)];
}

/** The document, or why not: QUERY_TOO_LARGE past MAX_QUERY_LENGTH or MAX_QUERY_TOKENS, else graphql-js's syntax error. */
export function parseQuery(source: string): DocumentNode | GraphQLError {
  const [tooLong] = lengthErrors(source);
  if (tooLong) return tooLong;
  try {
    return parse(source, PARSE_OPTIONS);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    return isTokenLimitError(error) ? tokenLimitError() : error;
  }
}

export function tokenLimitError(): GraphQLError {
  return tooLarge(`This query is longer than the ${MAX_QUERY_TOKENS} tokens a request may be: send values as variables, ask for fewer fields`);
}

/** Refused before validation: the number of field selections written in the document. */
export function sizeErrors(document: DocumentNode): GraphQLError[] {
  let fields = 0;
  visit(document, { Field: () => void fields++ });
  if (fields <= MAX_SELECTED_FIELDS) return [];
  return [tooLarge(`This query selects ${fields} fields, more than the ${MAX_SELECTED_FIELDS} a request may: split it`)];
}

export function costErrors(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName?: string): GraphQLError[] {
  const cost = getComplexity({
    schema,
    query: document,
    variables: variables ?? {},
    operationName,
    estimators: [fieldExtensionsEstimator(), listEstimator, simpleEstimator({ defaultComplexity: 1 })],
  });
  if (cost <= MAX_QUERY_COST) return [];
  return [
    new GraphQLError(`This query would cost ${cost}, more than the ${MAX_QUERY_COST} a request may: ask for fewer fields or a smaller page`, {
      extensions: { code: 'QUERY_TOO_COMPLEX' },
    }),
  ];
}

/** Mercurius's `preParsing` hook, after the rate limit's. */
export function rejectLongQueries(_schema: GraphQLSchema, source: string): void {
  const errors = lengthErrors(source);
  if (errors.length) throw new RequestRefused(errors);
}

/**
 * When query text does not parse, Mercurius tries it as JSON and takes whatever comes out for a
 * ready-made syntax tree (`"5"` becomes the number 5), past the token limit and into graphql-js,
 * which fails as a bug. Only a document graphql-js parsed here carries a `Location`.
 */
function notParsedHere(document: unknown): GraphQLError[] {
  const parsedHere = typeof document === 'object' && document !== null && (document as DocumentNode).loc instanceof Location;
  if (parsedHere) return [];
  return [new GraphQLError('Syntax Error: the query is not GraphQL text', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
}

/** Mercurius's `preValidation` hook. */
export function rejectLargeQueries(_schema: GraphQLSchema, document: DocumentNode): void {
  const unparsed = notParsedHere(document);
  const errors = unparsed.length ? unparsed : sizeErrors(document);
  if (errors.length) throw new RequestRefused(errors);
}

/** Mercurius's `preExecution` hook. */
export function rejectCostlyQueries(schema: GraphQLSchema, document: DocumentNode, _context: unknown, variables: Record<string, unknown> | undefined): void {
  const errors = costErrors(schema, document, variables);
  if (errors.length) throw new RequestRefused(errors);
}

/**
 * Everything HTTP checks of a document before it runs, in the same order, for a transport that
 * Mercurius does not check: size, validation, depth, variables, cost. Empty when it may run.
 */
export function documentErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  request: { readonly variables?: Record<string, unknown>; readonly operationName?: string },
): readonly GraphQLError[] {
  const size = sizeErrors(document);
  if (size.length) return size;
  const invalid = validate(schema, document, specifiedRules);
  if (invalid.length) return invalid;
  const deep = depthErrors(document);
  if (deep.length) return deep;
  const execution = buildExecutionContext({ schema, document, variableValues: request.variables, operationName: request.operationName });
  if (Array.isArray(execution)) return execution;
  return costErrors(schema, document, request.variables, request.operationName);
}

/**
 * Mercurius's depth rule, for the transport where it answers without a code (QUERY_TOO_DEEP): a
 * field or inline fragment is one level, a fragment spread none of its own.
 */
function depthErrors(document: DocumentNode): GraphQLError[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const depthOf = (selectionSet: SelectionSetNode | undefined, spread: ReadonlySet<string>): number => {
    let deepest = 0;
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind !== Kind.FRAGMENT_SPREAD) {
        deepest = Math.max(deepest, 1 + depthOf(selection.selectionSet, spread));
        continue;
      }
      const name = selection.name.value;
      // Validation has refused cyclic spreads already; the guard keeps this walk finite regardless.
      if (!spread.has(name)) deepest = Math.max(deepest, depthOf(fragments.get(name)?.selectionSet, new Set([...spread, name])));
    }
    return deepest;
  };
  const deepest = Math.max(0, ...document.definitions.map((definition) => (definition.kind === Kind.OPERATION_DEFINITION ? depthOf(definition.selectionSet, new Set()) : 0)));
  if (deepest <= MAX_QUERY_DEPTH) return [];
  return [new GraphQLError(`This query nests ${deepest} levels deep, more than the ${MAX_QUERY_DEPTH} a request may`, { extensions: { code: 'QUERY_TOO_DEEP' } })];
}
