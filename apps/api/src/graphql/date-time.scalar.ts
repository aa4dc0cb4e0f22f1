/**
 * `DateTime`: an ISO-8601 instant with a timezone (`2026-01-05T14:00:00Z`, `…+01:00`). A time without
 * one could be any of 24 instants, so it is refused rather than guessed. The text is kept as given:
 * the source's offset is part of what it reported.
 */
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { isTimestamp } from '@hindsight/domain';

function parseDateTime(value: unknown): string {
  if (typeof value !== 'string' || !isTimestamp(value)) {
    throw new GraphQLError(
      'DateTime must be an ISO-8601 date and time with a timezone, e.g. 2026-01-05T14:00:00Z or 2026-01-05T15:00:00+01:00',
    );
  }
  return value;
}

export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'An ISO-8601 date and time with a timezone (Z or ±hh:mm), e.g. 2026-01-05T14:00:00Z',
  serialize: (value) => (value instanceof Date ? value.toISOString() : parseDateTime(value)),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});
