/**
 * The one place that says what a projection failure means, and so whether the runner waits and tries
 * again or sets the event aside:
 *
 * - `transient`: not now, maybe later. The database or the event store is down, restarting,
 *   unreachable, timing out, or the transaction lost a serialization race. Retried with backoff, for
 *   as long as it takes: the event is not at fault.
 * - `permanent`: the event itself is at fault and trying again will fail the same way. It cannot be
 *   read (not JSON, metadata missing, an upcaster failed), it breaks the catalog, or the database
 *   refuses its values (SQLSTATE class 22, data exception: a NUL byte, a bad date, a number out of
 *   range; class 23, integrity constraint violation). Quarantined at once.
 * - `unknown`: anything else, a projection's own bug most likely (a TypeError, a SQLSTATE of class
 *   42). Retried like a transient failure, a bounded number of times on the same event, then
 *   quarantined: nothing retries forever on a failure that may well be deterministic.
 */

export type FailureKind = 'transient' | 'permanent' | 'unknown';

/** SQLSTATE codes and classes that mean "not now": connection (08), resources (53), operator intervention (57), serialization (40001, 40P01), lock timeout (55P03). */
const TRANSIENT_SQLSTATE = /^(08|53|57)...$|^(40001|40P01|55P03)$/;
/** SQLSTATE classes that blame the values: 22 data exception, 23 integrity constraint violation. */
const PERMANENT_SQLSTATE = /^2[23]...$/;
/** Hindsight's codes for an event that cannot be read as a Hindsight event. */
const PERMANENT_CODES = new Set(['EVENT_STORE.UNREADABLE_EVENT']);

/** What a failure says of itself. Read by shape, not `instanceof`: a driver's errors may come from another realm (PGlite's do). */
interface FailureShape {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
  readonly category?: unknown;
  readonly cause?: unknown;
}

function shapeOf(error: unknown): FailureShape | undefined {
  return typeof error === 'object' && error !== null ? (error as FailureShape) : undefined;
}

export function classifyFailure(error: unknown): FailureKind {
  const failure = shapeOf(error);
  if (!failure) return 'unknown';
  const { code, category } = failure;
  // ReadStoreUnavailableError, EventStoreUnavailableError, EventStoreTimeoutError.
  if (category === 'unavailable') return 'transient';
  // A domain ValidationError: the event breaks the catalog.
  if (category === 'validation') return 'permanent';
  if (typeof code === 'string') {
    if (PERMANENT_CODES.has(code) || PERMANENT_SQLSTATE.test(code)) return 'permanent';
    if (TRANSIENT_SQLSTATE.test(code)) return 'transient';
  }
  // A wrapped driver error keeps its SQLSTATE on the cause.
  if (failure.cause !== undefined && failure.cause !== error) {
    const cause = classifyFailure(failure.cause);
    if (cause !== 'unknown') return cause;
  }
  return 'unknown';
}

/** The code to store beside a quarantined event: a SQLSTATE, a Hindsight code, or the error's name. */
export function failureCode(error: unknown): string {
  const failure = shapeOf(error);
  if (!failure) return 'UNKNOWN';
  if (typeof failure.code === 'string' && failure.code !== '') return failure.code;
  const cause = shapeOf(failure.cause);
  if (cause && typeof cause.code === 'string' && cause.code !== '') return cause.code;
  return typeof failure.name === 'string' && failure.name !== '' ? failure.name : 'UNKNOWN';
}

export function failureMessage(error: unknown): string {
  const message = shapeOf(error)?.message;
  return typeof message === 'string' ? message : String(error);
}
