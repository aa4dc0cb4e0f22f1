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

export function classifyFailure(error: unknown): FailureKind {
  if (!(error instanceof Error)) return 'unknown';
  const { code, category } = error as { code?: unknown; category?: unknown };
  // ReadStoreUnavailableError, EventStoreUnavailableError, EventStoreTimeoutError.
  if (category === 'unavailable') return 'transient';
  // A domain ValidationError: the event breaks the catalog.
  if (category === 'validation') return 'permanent';
  if (typeof code === 'string') {
    if (PERMANENT_CODES.has(code) || PERMANENT_SQLSTATE.test(code)) return 'permanent';
    if (TRANSIENT_SQLSTATE.test(code)) return 'transient';
  }
  // A wrapped driver error keeps its SQLSTATE on the cause.
  if (error.cause !== undefined && error.cause !== error) {
    const cause = classifyFailure(error.cause);
    if (cause !== 'unknown') return cause;
  }
  return 'unknown';
}

/** The code to store beside a quarantined event: a SQLSTATE, a Hindsight code, or the error's name. */
export function failureCode(error: unknown): string {
  if (!(error instanceof Error)) return 'UNKNOWN';
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' && code !== '') return code;
  if (error.cause instanceof Error) {
    const cause = failureCode(error.cause);
    if (cause !== error.cause.name) return cause;
  }
  return error.name;
}

export function failureMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
