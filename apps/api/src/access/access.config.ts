/**
 * Who may call the API, read from the environment at startup: an identity provider's tokens, a
 * bootstrap admin key, the development key of embedded mode, introspection, rate limits and how
 * many subscriptions a socket and a principal may hold open.
 */
import { ROLES, type Role } from '@hindsight/access';

export interface JwtConfig {
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUrl: string;
  /** The claim that names the caller's role: a role, or a list of them. */
  readonly roleClaim: string;
}

/** A token bucket: `perSecond` tokens added each second, up to `burst` held. */
export interface RateLimit {
  readonly perSecond: number;
  readonly burst: number;
}

export interface AccessConfig {
  readonly jwt?: JwtConfig;
  /** An admin key given by the environment (HINDSIGHT_ADMIN_KEY), checked by its hash and never stored. */
  readonly bootstrapAdminKey?: string;
  /** Embedded mode outside production: create and print an admin key at first start when none exists. */
  readonly developmentKey: boolean;
  /** Production requires credentials to be configured before it starts. */
  readonly production: boolean;
  /** Introspection and GraphiQL: on outside production, off in production unless asked for. */
  readonly allowIntrospection: boolean;
  /** Per principal; undefined means unlimited. A role's own limit replaces the global one. */
  readonly rateLimit?: RateLimit;
  readonly roleRateLimits: Partial<Record<Role, RateLimit | 'off'>>;
  /** Subscriptions open at once on one graphql-ws socket, and for one principal over all its sockets. */
  readonly subscriptionLimits: SubscriptionLimits;
}

export interface SubscriptionLimits {
  readonly perSocket: number;
  readonly perPrincipal: number;
}

/** A dashboard watches a few journeys and a filter or two; a principal may run several dashboards. */
export const DEFAULT_SUBSCRIPTION_LIMITS: SubscriptionLimits = { perSocket: 20, perPrincipal: 100 };

/** The Nest token under which AccessModule provides the AccessConfig. */
export const ACCESS_CONFIG = Symbol('AccessConfig');

const DEFAULT_ROLE_CLAIM = 'hindsight_role';
export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 100, burst: 200 };
/** A bootstrap key is a password anyone on the network may try: it must be long enough not to be guessed. */
const MIN_BOOTSTRAP_KEY_LENGTH = 32;

export function accessConfigFromEnv(env: NodeJS.ProcessEnv, setting: { readonly production: boolean; readonly embedded: boolean }): AccessConfig {
  const bootstrapAdminKey = env.HINDSIGHT_ADMIN_KEY?.trim() || undefined;
  if (bootstrapAdminKey && bootstrapAdminKey.length < MIN_BOOTSTRAP_KEY_LENGTH) {
    throw new Error(`HINDSIGHT_ADMIN_KEY must be at least ${MIN_BOOTSTRAP_KEY_LENGTH} characters long; generate one with "openssl rand -base64 32"`);
  }
  const globalLimit = parseRateLimit('HINDSIGHT_RATE_LIMIT', env.HINDSIGHT_RATE_LIMIT) ?? DEFAULT_RATE_LIMIT;
  const roleRateLimits: Partial<Record<Role, RateLimit | 'off'>> = {};
  for (const role of ROLES) {
    const name = `HINDSIGHT_RATE_LIMIT_${role.toUpperCase().replaceAll('-', '_')}`;
    const limit = parseRateLimit(name, env[name]);
    if (limit) roleRateLimits[role] = limit;
  }
  return {
    jwt: jwtConfigFromEnv(env),
    bootstrapAdminKey,
    developmentKey: setting.embedded && !setting.production,
    production: setting.production,
    allowIntrospection: parseFlag('HINDSIGHT_ALLOW_INTROSPECTION', env.HINDSIGHT_ALLOW_INTROSPECTION, !setting.production),
    rateLimit: globalLimit === 'off' ? undefined : globalLimit,
    roleRateLimits,
    subscriptionLimits: {
      perSocket: parseCount('HINDSIGHT_MAX_SUBSCRIPTIONS_PER_SOCKET', env.HINDSIGHT_MAX_SUBSCRIPTIONS_PER_SOCKET) ?? DEFAULT_SUBSCRIPTION_LIMITS.perSocket,
      perPrincipal: parseCount('HINDSIGHT_MAX_SUBSCRIPTIONS_PER_KEY', env.HINDSIGHT_MAX_SUBSCRIPTIONS_PER_KEY) ?? DEFAULT_SUBSCRIPTION_LIMITS.perPrincipal,
    },
  };
}

function jwtConfigFromEnv(env: NodeJS.ProcessEnv): JwtConfig | undefined {
  const names = ['HINDSIGHT_JWT_ISSUER', 'HINDSIGHT_JWT_AUDIENCE', 'HINDSIGHT_JWT_JWKS_URL'] as const;
  const [issuer, audience, jwksUrl] = names.map((name) => env[name]?.trim() || undefined);
  if (!issuer && !audience && !jwksUrl) return undefined;
  if (!issuer || !audience || !jwksUrl) {
    throw new Error(`Bearer tokens need all of ${names.join(', ')}; missing: ${names.filter((name) => !env[name]?.trim()).join(', ')}`);
  }
  const url = URL.canParse(jwksUrl) ? new URL(jwksUrl) : undefined;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw new Error(`HINDSIGHT_JWT_JWKS_URL must be an http(s) URL, got "${jwksUrl}"`);
  const roleClaim = env.HINDSIGHT_JWT_ROLE_CLAIM?.trim() || DEFAULT_ROLE_CLAIM;
  return { issuer, audience, jwksUrl, roleClaim };
}

/** `<per second>/<burst>` (`100/200`), or `off`. */
function parseRateLimit(name: string, text: string | undefined): RateLimit | 'off' | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  if (text.trim() === 'off') return 'off';
  const match = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(\d+)\s*$/.exec(text);
  const perSecond = Number(match?.[1]);
  const burst = Number(match?.[2]);
  if (!match || perSecond <= 0 || burst < 1) {
    throw new Error(`${name} must be "<requests per second>/<burst>" (e.g. 100/200) or "off", got "${text}"`);
  }
  return { perSecond, burst };
}

function parseCount(name: string, text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  if (!/^\s*\d+\s*$/.test(text) || Number(text) < 1) throw new Error(`${name} must be a whole number of at least 1, got "${text}"`);
  return Number(text);
}

function parseFlag(name: string, text: string | undefined, fallback: boolean): boolean {
  if (text === undefined || text === '') return fallback;
  if (text === 'true' || text === 'false') return text === 'true';
  throw new Error(`${name} must be true or false, got "${text}"`);
}

