/**
 * `Long`: a 64-bit integer (a stream revision, a log position) written as a decimal string, because a
 * JSON number loses precision past 2^53 and positions get there.
 */
import { GraphQLScalarType } from 'graphql';

export const LongScalar = new GraphQLScalarType<bigint, string>({
  name: 'Long',
  description: 'A 64-bit integer as a decimal string (JSON numbers are exact only up to 2^53)',
  serialize: (value) => String(value as bigint),
});
