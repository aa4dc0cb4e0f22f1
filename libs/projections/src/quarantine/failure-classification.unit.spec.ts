import { EventStoreTimeoutError, EventStoreUnavailableError, UnreadableEventError } from '@hindsight/event-store';
import { ValidationError } from '@hindsight/domain';
import { ReadStoreUnavailableError } from '@hindsight/read-store';
import { classifyFailure, failureCode } from './failure-classification';
import { printable } from './quarantine';

/** A driver error as node-postgres and PGlite raise them: a message and a SQLSTATE in `code`. */
function databaseError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe(classifyFailure.name, () => {
  it.each([
    ['the read store is unavailable', new ReadStoreUnavailableError('Connection terminated')],
    ['the event store is unavailable', new EventStoreUnavailableError('connection refused')],
    ['the event store timed out', new EventStoreTimeoutError('an append')],
    ['a serialization failure', databaseError('40001', 'could not serialize access due to concurrent update')],
    ['a deadlock', databaseError('40P01', 'deadlock detected')],
    ['an administrator terminated the connection', databaseError('57P01', 'terminating connection due to administrator command')],
    ['too many connections', databaseError('53300', 'sorry, too many clients already')],
    ['a wrapped connection failure', new Error('batch failed', { cause: databaseError('08006', 'connection failure') })],
  ])('calls it transient when %s: retried, never quarantined', (_case, error) => {
    expect(classifyFailure(error)).toBe('transient');
  });

  it.each([
    ['the event cannot be read', new UnreadableEventError('contact-1', 0n, 'metadata.$correlationId is missing or not a string')],
    ['the event breaks the catalog', new ValidationError('EVENT.INVALID_DATA', 'data.customerId: Required', 'data.customerId')],
    ['the database refuses a NUL byte', databaseError('22021', 'invalid byte sequence for encoding "UTF8": 0x00')],
    ['the database refuses a \\u0000 in JSON', databaseError('22P05', 'unsupported Unicode escape sequence')],
    ['a value breaks a constraint', databaseError('23502', 'null value in column "journey_id" violates not-null constraint')],
    ['an error PGlite raised in another realm', { name: 'DatabaseError', message: 'invalid byte sequence for encoding "UTF8": 0x00', code: '22021' }],
  ])('calls it permanent when %s: quarantined at once', (_case, error) => {
    expect(classifyFailure(error)).toBe('permanent');
  });

  it.each([
    ['a projection bug', new TypeError("Cannot read properties of undefined (reading 'queueId')")],
    ['a SQL mistake', databaseError('42703', 'column "queue" does not exist')],
    ['something thrown that is no error', 'boom'],
  ])('calls it unknown when %s: retried a bounded number of times, then quarantined', (_case, error) => {
    expect(classifyFailure(error)).toBe('unknown');
  });
});

describe(failureCode.name, () => {
  it('stores the SQLSTATE, else the Hindsight code, else the name', () => {
    expect(failureCode(databaseError('22021', 'bad byte'))).toBe('22021');
    expect(failureCode(new UnreadableEventError('contact-1', 0n, 'not JSON'))).toBe('EVENT_STORE.UNREADABLE_EVENT');
    expect(failureCode(new TypeError('x is undefined'))).toBe('TypeError');
  });
});

describe(printable.name, () => {
  it('writes control characters and lone surrogates as \\uXXXX, and leaves the rest alone', () => {
    expect(printable('contact-a\u0000b\u001b')).toBe('contact-a\\u0000b\\u001b');
    expect(printable('cust-\ud800x')).toBe('cust-\\ud800x');
    expect(printable('Zoë 😀')).toBe('Zoë 😀');
  });
});
