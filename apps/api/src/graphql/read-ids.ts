/**
 * The ids a query asks for (`journey(id:)`, `reviews(journeyId:)`, `openActionItems(owner:)`…) are
 * checked before anything runs: every `ID` argument of a query must be an id or a stream
 * name, by the catalog's one character set. Nothing else could match a stored id, and a NUL would reach
 * the database as an error of its own. Refused with INVALID_ID and the argument's name.
 *
 * Mutations are not checked here: the catalog checks their ids, so that recordEvents answers fact by fact.
 * Subscriptions neither: they look journeys up in memory, never in the database. A pre-execution hook
 * rather than a validation rule, because it needs the request's variables.
 */
import {
  getNamedType,
  GraphQLError,
  GraphQLID,
  TypeInfo,
  valueFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { isId, isStreamName, MAX_ID_LENGTH } from '@hindsight/domain';

export function rejectInvalidReadIds(
  schema: GraphQLSchema,
  document: DocumentNode,
  _context: unknown,
  variables: Record<string, unknown> | undefined,
): void {
  const typeInfo = new TypeInfo(schema);
  const invalid: string[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition: (operation) => (operation.operation === 'query' ? undefined : false),
      Argument: (node) => {
        const argument = typeInfo.getArgument();
        if (!argument || getNamedType(argument.type) !== GraphQLID) return;
        const value: unknown = valueFromAST(node.value, argument.type, variables);
        const values = Array.isArray(value) ? (value as unknown[]) : [value];
        if (values.some((each) => typeof each === 'string' && !isId(each) && !isStreamName(each))) invalid.push(node.name.value);
      },
    }),
  );
  if (invalid.length > 0) {
    throw new GraphQLError(
      `${invalid[0]} is neither an id nor a stream name: ids are 1 to ${MAX_ID_LENGTH} characters that show (no whitespace, control or invisible format characters)`,
      { extensions: { code: 'INVALID_ID', field: invalid[0] } },
    );
  }
}
