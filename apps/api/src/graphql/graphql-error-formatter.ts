/**
 * The one place where every error becomes what a client sees: `extensions.code`, a stable code to
 * branch on, and `extensions.field`, the dot-separated path of the input at fault where there is one
 * (`facts.3.occurredAt`), and `extensions.retryable` where sending the same request again may succeed.
 * Errors of the one hierarchy (`HindsightError`: the domain's, the event store's) and the read store's
 * READ_STORE.UNAVAILABLE, shaped like them, keep their own codes; errors from GraphQL itself and from
 * the HTTP layer get codes here. Anything
 * unexpected is logged and reported as INTERNAL_SERVER_ERROR without its details. Nothing else in
 * Hindsight knows about the transport.
 */
import { Logger } from '@nestjs/common';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isRetryable } from '@hindsight/domain';
import mercurius, { type MercuriusContext } from 'mercurius';
import { isTokenLimitError, tokenLimitError } from './query-limits';

const logger = new Logger('GraphQL');

interface Classified {
  readonly code: string;
  readonly field?: string;
  readonly message?: string;
  readonly retryable?: boolean;
}

/** Errors that carry their own stable code and category, read by shape: the one hierarchy's, and the read store's. */
interface CodedError {
  readonly code: string;
  readonly path?: string;
  readonly category: string;
}

/** A code alone is not enough: Node's and drivers' errors carry codes too (ECONNREFUSED), and stay internal. */
function isCoded(error: unknown): error is CodedError {
  // Validation and syntax errors have no original error at all.
  if (!(error instanceof Error)) return false;
  const { code, category } = error as Partial<CodedError>;
  return typeof code === 'string' && typeof category === 'string';
}

// graphql-js reports where a variable went wrong only in its message.
const invalidVariable = /^Variable "\$(\w+)" got invalid value .*? at "([^"]+)"/s;
const wholeVariable = /^Variable "\$(\w+)" (?:got invalid value|of required type|of non-null type)/;

/** `facts[3].event.holdStarted` → `facts.3.event.holdStarted` */
function dotted(path: string): string {
  return path.replace(/\[(\d+)\]/g, '.$1');
}

function classify(error: GraphQLError): Classified {
  const original = error.originalError;
  const fastifyCode = (original as { code?: unknown } | undefined)?.code;
  if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { code: 'REQUEST_TOO_LARGE', message: 'The request body is larger than this API accepts' };
  }
  if (fastifyCode === 'MER_ERR_GQL_QUERY_DEPTH') return { code: 'QUERY_TOO_DEEP' };
  // Mercurius answers HTTP 405 for it already; the code says why.
  if (fastifyCode === 'MER_ERR_METHOD_NOT_ALLOWED') return { code: 'METHOD_NOT_ALLOWED', message: 'Only queries may be sent with GET; send mutations with POST' };
  if (typeof fastifyCode === 'string' && /^(FST|MER)_ERR_/.test(fastifyCode)) return { code: 'BAD_REQUEST' };
  // Our own validation rules (query-limits.ts) name their code themselves.
  if (typeof error.extensions.code === 'string') return { code: error.extensions.code };
  if (isCoded(original)) {
    return {
      code: original.code,
      field: original.path,
      retryable: isRetryable(original.category) || undefined,
    };
  }
  if (original && !(original instanceof GraphQLError) && !error.message.startsWith('Variable "$')) {
    logger.error(original.stack ?? original.message);
    return { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' };
  }
  const variable = invalidVariable.exec(error.message);
  if (variable) {
    // A missing or unknown field is named in the rest of the message, below the object it belongs to.
    const child = /; Field "(\w+)" (?:of required type|is not defined by type)/.exec(error.message)?.[1];
    return { code: 'BAD_USER_INPUT', field: dotted(variable[2]) + (child ? `.${child}` : '') };
  }
  const whole = wholeVariable.exec(error.message);
  if (whole) return { code: 'BAD_USER_INPUT', field: whole[1] };
  if (isTokenLimitError(error)) return { code: 'QUERY_TOO_LARGE', message: tokenLimitError().message };
  if (error.message.startsWith('Syntax Error')) return { code: 'GRAPHQL_PARSE_FAILED' };
  return { code: 'GRAPHQL_VALIDATION_FAILED' };
}

/** graphql-js's ` Did you mean "journey"?`: names from the schema, told to anyone who misspells one. */
const suggestion = / Did you mean .+\?$/s;

/**
 * graphql-js repeats the input it refuses (`Variable "$facts" got invalid value { name: "…", … } at
 * "facts[0]…"`, `String cannot represent a non string value: …`, `found …`): a fact's personal
 * fields, back to a caller who may lack the right, and into any log of the answer. The code and the
 * field's path say what is wrong; the value is never repeated, to anyone.
 */
const echoedInput: readonly (readonly [RegExp, string])[] = [
  [/^(Variable "\$(\w+)" got invalid value) .*( at "\2(?:[.[][^"]*)?"; )/s, '$1$3'],
  [/^(Variable "\$\w+" got invalid value) (?!at ").*?(; )/s, '$1$2'],
  [/(cannot represent [^:;]*?value): .*$/s, '$1.'],
  [/Value ".*" does not exist in ("\w+" enum\.).*$/s, 'The value does not exist in $1'],
  [/(Expected value of type "[^"]+"), found .*$/s, '$1.'],
];

function withoutEchoedInput(message: string): string {
  return echoedInput.reduce((text, [echo, replacement]) => text.replace(echo, replacement), message);
}

function present(error: GraphQLError, hideSuggestions: boolean): GraphQLFormattedError {
  const { code, field, message, retryable } = classify(error);
  const formatted = error.toJSON();
  const text = withoutEchoedInput(message ?? formatted.message);
  return {
    ...formatted,
    message: hideSuggestions ? text.replace(suggestion, '') : text,
    extensions: { ...formatted.extensions, code, ...(field && { field }), ...(retryable && { retryable }) },
  };
}

/**
 * Mercurius wraps a request's validation errors in one error; a client should see each of them. An inner
 * error with no code of its own (the GET refusal's plain Error) is the wrapper's, and keeps its code.
 */
function flatten(error: GraphQLError): GraphQLError[] {
  const wrapper = error.originalError as (Error & { errors?: unknown }) | undefined;
  const inner = wrapper?.errors;
  if (!Array.isArray(inner)) return [error];
  return inner.map((each: Error) => {
    if (each instanceof GraphQLError) return each;
    const coded = typeof (each as { code?: unknown }).code === 'string';
    return new GraphQLError(each.message, { originalError: coded ? each : wrapper });
  });
}

/** A request refused whole by access control answers with the HTTP status that says so too. */
const REFUSAL_STATUS: Readonly<Record<string, number>> = { RATE_LIMITED: 429, UNAUTHENTICATED: 401, FORBIDDEN: 403 };

export interface ErrorFormatterOptions {
  /** Where introspection is off, error messages do not suggest the schema's names either. */
  readonly hideSuggestions: boolean;
}

export const graphQLErrorFormatter = (options: ErrorFormatterOptions) =>
  function formatGraphQLErrors(
    execution: { readonly data?: unknown; readonly errors: readonly GraphQLError[]; readonly statusCode?: number },
    context: MercuriusContext,
  ) {
    // Mercurius's own formatter decides the HTTP status (400 for an invalid request, 413 for too large).
    const { statusCode, response } = mercurius.defaultErrorFormatter(execution as never, context);
    const errors = execution.errors.flatMap(flatten).map((error) => present(error, options.hideSuggestions));
    const refusal = execution.data ? undefined : errors.find((error) => REFUSAL_STATUS[String(error.extensions?.code)]);
    if (!refusal) return { statusCode, response: { ...response, errors } };
    // Over graphql-ws there is no reply to set headers on.
    const reply = (context as Partial<MercuriusContext>).reply;
    if (refusal.extensions?.code === 'RATE_LIMITED') reply?.header('retry-after', String(refusal.extensions.retryAfter));
    if (refusal.extensions?.code === 'UNAUTHENTICATED') reply?.header('www-authenticate', 'Bearer');
    return { statusCode: REFUSAL_STATUS[String(refusal.extensions?.code)], response: { ...response, errors } };
  };
