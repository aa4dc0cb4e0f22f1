/**
 * The quality team's commands (`replay`, `report`, `demo`) talk to a running API through its public
 * GraphQL endpoint only, never to the stores. This is their client: one POST per request with the
 * caller's API key, the command's signal passed on, and errors that say what went wrong in words a
 * person can act on.
 */
import { UsageError } from './command';

export const DEFAULT_API_URL = 'http://127.0.0.1:3000/graphql';

/** The `--url` and `--api-key` options shared by the commands that use the API, for their help texts. */
export const URL_HELP = `  --url <url>   The API's GraphQL endpoint (default: $HINDSIGHT_API_URL, else ${DEFAULT_API_URL})
  --api-key <k> The API key (or identity-provider token) to send (default: $HINDSIGHT_API_KEY;
                prefer the variable: arguments show in the process list)`;

/** `--api-key`, else HINDSIGHT_API_KEY; none when neither is set (the API then refuses all but health). */
export function apiCredential(option: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  return option?.trim() || env.HINDSIGHT_API_KEY?.trim() || undefined;
}

/** `--url`, else HINDSIGHT_API_URL, else the API's default address. */
export function apiUrl(option: string | undefined, env: NodeJS.ProcessEnv): string {
  const url = option ?? (env.HINDSIGHT_API_URL || DEFAULT_API_URL);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url must be an http(s) URL, got "${url}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`--url must be an http(s) URL, got "${url}"`);
  return url;
}

/** The API could not be reached, or answered something that is not GraphQL. */
export class ApiUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiUnavailableError';
  }
}

/** The API answered with GraphQL errors. */
export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    readonly codes: readonly string[],
  ) {
    super(message);
    this.name = 'GraphQLRequestError';
  }
}

export interface GraphQLClient {
  readonly url: string;
  request<Data>(query: string, variables?: Record<string, unknown>): Promise<Data>;
}

interface GraphQLBody<Data> {
  readonly data?: Data | null;
  readonly errors?: readonly { readonly message: string; readonly extensions?: { readonly code?: string; readonly field?: string } }[];
}

export function graphqlClient(url: string, signal?: AbortSignal, credential?: string): GraphQLClient {
  return {
    url,
    async request<Data>(query: string, variables?: Record<string, unknown>): Promise<Data> {
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', ...(credential && { authorization: `Bearer ${credential}` }) },
          body: JSON.stringify({ query, variables }),
          signal,
        });
      } catch (error) {
        if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('Stopped');
        throw new ApiUnavailableError(
          `cannot reach the Hindsight API at ${url} (${networkCause(error)}). Start it with "npm start", ` +
            'or point the CLI at it with --url or HINDSIGHT_API_URL.',
        );
      }
      const text = await response.text();
      let body: GraphQLBody<Data>;
      try {
        body = JSON.parse(text) as GraphQLBody<Data>;
      } catch {
        throw new ApiUnavailableError(
          `${url} answered HTTP ${response.status} with something that is not GraphQL: is it the Hindsight API's /graphql endpoint?`,
        );
      }
      if (body.errors?.length) {
        const codes = body.errors.map((error) => error.extensions?.code ?? 'UNKNOWN');
        const details = body.errors.map((error) => {
          const code = error.extensions?.code ? `${error.extensions.code}: ` : '';
          const field = error.extensions?.field ? ` (${error.extensions.field})` : '';
          return `${code}${error.message}${field}`;
        });
        const hint = codes.includes('UNAUTHENTICATED')
          ? credential
            ? ' Check the key given with --api-key or HINDSIGHT_API_KEY: it may have been revoked.'
            : ' Give an API key with HINDSIGHT_API_KEY (or --api-key); in embedded mode the API printed a development key at its first start.'
          : '';
        throw new GraphQLRequestError(`the API refused the request: ${details.join('; ')}.${hint}`, codes);
      }
      if (!response.ok || body.data === undefined || body.data === null) {
        throw new ApiUnavailableError(`${url} answered HTTP ${response.status} without data`);
      }
      return body.data;
    },
  };
}

/** `ECONNREFUSED`, `ENOTFOUND`, ...: fetch hides the system error in `cause`. */
function networkCause(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** Waits `ms`, or less when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
