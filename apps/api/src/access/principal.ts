/** Who is calling, as authentication found out: nobody, someone with roles, or a credential refused. */
import type { Role } from '@hindsight/access';

export interface Principal {
  /** Stable for one caller, and its rate limit's key: `key:<id>`, `jwt:<issuer>#<subject>`, `bootstrap-admin`. */
  readonly id: string;
  /** Empty when a token names no role Hindsight knows: authenticated, yet allowed nothing. */
  readonly roles: readonly Role[];
  /** For logs and for a key's `createdBy`: `key 1a2b3c4d5e6f7a8b (telephony)`. */
  readonly description: string;
  /** When the credential stops being valid (a token's `exp`, in ms since the epoch); API keys last until revoked. */
  readonly expiresAt?: number;
}

export type Authentication =
  | { readonly status: 'anonymous' }
  | { readonly status: 'authenticated'; readonly principal: Principal }
  /** A credential was sent and is no good: missing, malformed, unknown, revoked, expired. */
  | { readonly status: 'refused'; readonly reason: string };

export const ANONYMOUS: Authentication = { status: 'anonymous' };

/** What every GraphQL context carries, over HTTP and over graphql-ws alike. */
export interface AccessContext {
  readonly authentication: Authentication;
  /** The caller's address, the rate limit's key for requests without a principal. */
  readonly clientAddress: string;
}
