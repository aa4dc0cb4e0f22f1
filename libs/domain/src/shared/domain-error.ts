/**
 * The errors a request can be rejected with for what it asks: the part of the one error hierarchy
 * (`hindsight-error.ts`) that deciders, the catalog and the folds throw. A decider throws nothing else.
 */
import { HindsightError } from './hindsight-error';

export type DomainErrorCategory = 'validation' | 'illegal_state' | 'not_found' | 'concurrency';

export abstract class DomainError extends HindsightError {
  abstract override readonly category: DomainErrorCategory;
}

/** The input is malformed or breaks a rule that needs no state: fix the request. */
export class ValidationError extends DomainError {
  override readonly category = 'validation';
}

/** The request is well-formed but makes no sense in the stream's current state. */
export class IllegalStateError extends DomainError {
  override readonly category = 'illegal_state';
}

/** The request refers to something that was never started, opened or requested. */
export class NotFoundError extends DomainError {
  override readonly category = 'not_found';
}

/** Someone else changed the stream first; reading again and deciding again may succeed. */
export class ConcurrencyError extends DomainError {
  override readonly category = 'concurrency';
}
