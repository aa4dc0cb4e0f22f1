/**
 * Thrown by a Mercurius hook that refuses a request before it runs: every reason at once, each a
 * GraphQLError with its code (the error formatter spreads them, as it does validation errors).
 */
import type { GraphQLError } from 'graphql';

export class RequestRefused extends Error {
  constructor(readonly errors: readonly GraphQLError[]) {
    super(errors.map((error) => error.message).join('; '));
    this.name = 'RequestRefused';
  }
}
