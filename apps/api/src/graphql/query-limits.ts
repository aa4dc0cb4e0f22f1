/**
 * Limits on what one GraphQL request may ask for, checked before anything runs: nesting depth
 * (Mercurius's own check, QUERY_TOO_DEEP) and a cost estimate (graphql-query-complexity,
 * QUERY_TOO_COMPLEX) in which a field costs 1 and a list asked for with `first: n` costs n times
 * its items. The cost needs the request's variables, so it runs as a pre-execution hook rather
 * than a validation rule (which Mercurius caches per query text).
 */
import { getNullableType, GraphQLError, isListType, type DocumentNode, type GraphQLSchema } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';

export const MAX_QUERY_DEPTH = 12;
export const MAX_QUERY_COST = 10_000;
/** A typical journey's lists are a handful to a few dozen long; 5 keeps a full journey(id) well inside the limit. */
const ASSUMED_LIST_LENGTH = 5;

/** A page of `first` items costs `first` times what one item costs; other lists, ASSUMED_LIST_LENGTH times. */
const listEstimator: ComplexityEstimator = ({ args, field, childComplexity }) => {
  if (typeof args.first === 'number') return 1 + args.first * childComplexity;
  if (isListType(getNullableType(field.type))) return 1 + ASSUMED_LIST_LENGTH * childComplexity;
  return undefined;
};

export function rejectCostlyQueries(
  schema: GraphQLSchema,
  document: DocumentNode,
  _context: unknown,
  variables: Record<string, unknown> | undefined,
): void {
  const cost = getComplexity({
    schema,
    query: document,
    variables: variables ?? {},
    estimators: [listEstimator, simpleEstimator({ defaultComplexity: 1 })],
  });
  if (cost > MAX_QUERY_COST) {
    throw new GraphQLError(
      `This query would cost ${cost}, more than the ${MAX_QUERY_COST} a request may: ask for fewer fields or a smaller page`,
      { extensions: { code: 'QUERY_TOO_COMPLEX' } },
    );
  }
}
