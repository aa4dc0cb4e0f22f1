/**
 * The one error hierarchy of Hindsight. Every error it raises on purpose, a domain rejection or an
 * infrastructure failure alike, carries a stable `code` (`CONTACT.ALREADY_ON_HOLD`,
 * `EVENT_STORE.UNAVAILABLE`) that clients may branch on, and a `category` that says what the caller can
 * do about it. Only the GraphQL edge maps them to the transport; nothing here knows of HTTP or GraphQL.
 * Codes are part of the public contract: never rename one, add a new one.
 */

export type ErrorCategory = 'validation' | 'illegal_state' | 'not_found' | 'concurrency' | 'unavailable' | 'internal';

/** Trying the same request again may succeed: the store was away, or someone else wrote first. */
const RETRYABLE: ReadonlySet<string> = new Set<ErrorCategory>(['unavailable', 'concurrency']);

/**
 * Whether a request that failed with an error of this category may succeed sent again unchanged.
 * Takes the category alone for errors read by their shape (`code` and `category`) rather than by class.
 */
export function isRetryable(category: string): boolean {
  return RETRYABLE.has(category);
}

export abstract class HindsightError extends Error {
  abstract readonly category: ErrorCategory;

  /**
   * @param code stable, dotted, upper case: `<AREA>.<WHAT>`
   * @param path the offending field, dot-separated, relative to the object the caller handed in
   *   (`data.dueBy`); absent when the whole request is at fault
   */
  constructor(
    readonly code: string,
    message: string,
    readonly path?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }

  /** Whether the same request, sent again unchanged, may succeed. */
  get retryable(): boolean {
    return isRetryable(this.category);
  }
}

/** A store or a service did not answer (stopped, restarting, unreachable, too slow). Retrying may succeed. */
export class UnavailableError extends HindsightError {
  override readonly category = 'unavailable';
}

/** Hindsight itself is at fault (what it stored cannot be read): no change to the request helps. */
export class InternalError extends HindsightError {
  override readonly category = 'internal';
}
