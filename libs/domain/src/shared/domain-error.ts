/**
 * The one error hierarchy of the domain. A rejection carries a stable `code` (`CONTACT.ALREADY_ON_HOLD`)
 * that clients may branch on, and a `category` that one place in the API maps to the transport.
 * Codes are part of the public contract: never rename one, add a new one.
 */

export type DomainErrorCategory = 'validation' | 'illegal_state' | 'not_found' | 'concurrency';

export abstract class DomainError extends Error {
  abstract readonly category: DomainErrorCategory;

  /**
   * @param code stable, dotted, upper case: `<AREA>.<WHAT>`
   * @param path the offending field, dot-separated, relative to the object the caller handed in
   *   (`data.dueBy`); absent when the whole request is at fault
   */
  constructor(
    readonly code: string,
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
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
