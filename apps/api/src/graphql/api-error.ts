/**
 * A request the API refuses as a whole (a journey too long to replay, a filter that covers too many):
 * a ValidationError of the one error hierarchy, raised by the API rather than the domain.
 */
import { ValidationError } from '@hindsight/domain';

export class ApiError extends ValidationError {}
