import { ConcurrencyError, IllegalStateError, NotFoundError, ValidationError } from './domain-error';
import { HindsightError, InternalError, UnavailableError } from './hindsight-error';

describe(HindsightError.name, () => {
  it.each([
    ['a store that did not answer', new UnavailableError('STORE.UNAVAILABLE', 'down'), true],
    ['a stream someone else wrote first', new ConcurrencyError('STREAM.CONFLICT', 'raced'), true],
    ['a malformed request', new ValidationError('FACT.INVALID_ID', 'bad'), false],
    ['a request the state refuses', new IllegalStateError('CONTACT.ALREADY_ON_HOLD', 'on hold'), false],
    ['a request for what does not exist', new NotFoundError('CONTACT.NOT_STARTED', 'never started'), false],
    ['a fault of Hindsight itself', new InternalError('STORE.UNREADABLE', 'garbled'), false],
  ])('says whether %s is worth retrying unchanged', (_, error, retryable) => {
    expect(error.retryable).toBe(retryable);
  });

  it('carries its code, category, path and class name', () => {
    const sut = new ValidationError('FACT.INVALID_ID', 'source must not be empty', 'facts.0.source');

    expect(sut).toMatchObject({ code: 'FACT.INVALID_ID', category: 'validation', path: 'facts.0.source', name: 'ValidationError' });
  });
});
