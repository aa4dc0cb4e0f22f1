import { accessConfigFromEnv, DEFAULT_RATE_LIMIT } from './access.config';

const embeddedDevelopment = { production: false, embedded: true };

describe(accessConfigFromEnv.name, () => {
  it('defaults to a development key, introspection and the default rate limit outside production', () => {
    expect(accessConfigFromEnv({}, embeddedDevelopment)).toEqual({
      jwt: undefined,
      bootstrapAdminKey: undefined,
      developmentKey: true,
      production: false,
      allowIntrospection: true,
      rateLimit: DEFAULT_RATE_LIMIT,
      roleRateLimits: {},
      subscriptionLimits: { perSocket: 20, perPrincipal: 100 },
    });
  });

  it('turns introspection and the development key off in production', () => {
    expect(accessConfigFromEnv({}, { production: true, embedded: true })).toMatchObject({ developmentKey: false, allowIntrospection: false });
    expect(accessConfigFromEnv({ HINDSIGHT_ALLOW_INTROSPECTION: 'true' }, { production: true, embedded: true }).allowIntrospection).toBe(true);
  });

  it('reads the identity provider, with the role claim defaulted', () => {
    const env = { HINDSIGHT_JWT_ISSUER: 'https://idp/', HINDSIGHT_JWT_AUDIENCE: 'hindsight', HINDSIGHT_JWT_JWKS_URL: 'https://idp/jwks' };

    expect(accessConfigFromEnv(env, embeddedDevelopment).jwt).toEqual({ issuer: 'https://idp/', audience: 'hindsight', jwksUrl: 'https://idp/jwks', roleClaim: 'hindsight_role' });
  });

  it('refuses half an identity provider, naming what is missing', () => {
    expect(() => accessConfigFromEnv({ HINDSIGHT_JWT_ISSUER: 'https://idp/' }, embeddedDevelopment)).toThrow(/missing: HINDSIGHT_JWT_AUDIENCE, HINDSIGHT_JWT_JWKS_URL/);
  });

  it('refuses a short bootstrap admin key', () => {
    expect(() => accessConfigFromEnv({ HINDSIGHT_ADMIN_KEY: 'admin' }, embeddedDevelopment)).toThrow(/at least 32 characters/);
  });

  it('reads rate limits globally and per role, or off', () => {
    const config = accessConfigFromEnv({ HINDSIGHT_RATE_LIMIT: '10/20', HINDSIGHT_RATE_LIMIT_AGENT_APP: '500/1000', HINDSIGHT_RATE_LIMIT_ADMIN: 'off' }, embeddedDevelopment);

    expect(config.rateLimit).toEqual({ perSecond: 10, burst: 20 });
    expect(config.roleRateLimits).toEqual({ 'agent-app': { perSecond: 500, burst: 1000 }, admin: 'off' });
    expect(accessConfigFromEnv({ HINDSIGHT_RATE_LIMIT: 'off' }, embeddedDevelopment).rateLimit).toBeUndefined();
    expect(() => accessConfigFromEnv({ HINDSIGHT_RATE_LIMIT: 'fast' }, embeddedDevelopment)).toThrow(/HINDSIGHT_RATE_LIMIT must be/);
  });
});
