/** For specs: the ValidationError an action throws; any other outcome fails the spec. */
import { ValidationError } from '../shared/domain-error';

export function rejectionOf(action: () => unknown): ValidationError {
  try {
    action();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('Expected a ValidationError, but nothing was thrown');
}
