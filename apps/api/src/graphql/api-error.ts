/**
 * An error the API itself raises about a request as a whole (a batch over the limit), with a stable
 * code and the argument at fault. Errors about what a request asks for come from the domain.
 */
export class ApiError extends Error {
  readonly category = 'validation';

  constructor(
    readonly code: string,
    message: string,
    /** The argument at fault, dot-separated (`facts`, `facts.3.occurredAt`). */
    readonly path?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
