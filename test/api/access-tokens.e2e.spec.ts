/**
 * Bearer tokens from an identity provider: a local JWKS server with a key pair made for the run,
 * tokens signed with it (or not), and the API configured with its issuer, audience and JWKS URL.
 * A subscription authenticated by a token lasts as long as the token.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { SOCKET_CLOSE } from '../../apps/api/src/access/subscription-sockets';
import { startApi, type RunningApi } from '../support/api';
import { openSubscriptionSocket } from '../support/graphql-ws';

const ISSUER = 'https://idp.example.test/';
const AUDIENCE = 'hindsight-api';
const journeysQuery = '{ journeys(first: 1) { totalCount } }';

describe('Access with bearer tokens', () => {
  let jwks: Server;
  let signingKey: CryptoKey;
  let api: RunningApi;

  const token = (claims: JWTPayload, options: { key?: CryptoKey; expiresIn?: string | number; issuer?: string; audience?: string } = {}) =>
    new SignJWT({ hindsight_role: 'reader', ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: 'test-key' })
      .setSubject('user-1')
      .setIssuer(options.issuer ?? ISSUER)
      .setAudience(options.audience ?? AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '5m')
      .sign(options.key ?? signingKey);

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    signingKey = pair.privateKey;
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'test-key', alg: 'ES256', use: 'sig' };
    jwks = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    api = await startApi({
      HINDSIGHT_JWT_ISSUER: ISSUER,
      HINDSIGHT_JWT_AUDIENCE: AUDIENCE,
      HINDSIGHT_JWT_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`,
    });
  });

  afterAll(async () => {
    await api?.stop();
    await new Promise((resolve) => jwks?.close(resolve));
  });

  it('lets a valid token do what its role allows', async () => {
    const response = await api.as(await token({})).graphql(journeysQuery);

    expect(response).toMatchObject({ status: 200, data: { journeys: { totalCount: expect.any(Number) } } });
  });

  it('holds a valid token to its role', async () => {
    const response = await api.as(await token({})).graphql('{ apiKeys { id } }');

    expect(response.errors).toMatchObject([{ extensions: { code: 'FORBIDDEN' } }]);
    expect(response.errors?.[0].message).toContain('token of user-1');
  });

  it('takes a list of roles in the claim', async () => {
    const response = await api.as(await token({ hindsight_role: ['integration', 'quality'] })).graphql('{ journeySteps(id: "case-T-1") { entry { type } } }');

    expect(response.errors).toBeUndefined();
  });

  it('refuses an expired token', async () => {
    const response = await api.as(await token({}, { expiresIn: Math.floor(Date.now() / 1000) - 3600 })).graphql(journeysQuery);

    expect(response).toMatchObject({ status: 401, errors: [{ message: 'The bearer token has expired', extensions: { code: 'UNAUTHENTICATED' } }] });
  });

  it('refuses a token for another audience', async () => {
    const response = await api.as(await token({}, { audience: 'another-api' })).graphql(journeysQuery);

    expect(response.errors).toMatchObject([{ message: 'The bearer token\'s "aud" claim is not what this API accepts', extensions: { code: 'UNAUTHENTICATED' } }]);
  });

  it('refuses a token from another issuer', async () => {
    const response = await api.as(await token({}, { issuer: 'https://elsewhere.example.test/' })).graphql(journeysQuery);

    expect(response.errors).toMatchObject([{ message: 'The bearer token\'s "iss" claim is not what this API accepts', extensions: { code: 'UNAUTHENTICATED' } }]);
  });

  it('refuses a token signed by a key the provider does not publish', async () => {
    const stranger = await generateKeyPair('ES256');

    const response = await api.as(await token({}, { key: stranger.privateKey })).graphql(journeysQuery);

    expect(response.errors).toMatchObject([{ extensions: { code: 'UNAUTHENTICATED' } }]);
  });

  it('authenticates a token whose role Hindsight does not know, and allows it nothing', async () => {
    const response = await api.as(await token({ hindsight_role: 'superuser' })).graphql(journeysQuery);

    expect(response).toMatchObject({ status: 403, errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    expect(response.errors?.[0].message).toContain('holds no Hindsight role');
  });

  it('ends a subscription authenticated by a token when the token expires, closing its socket with 4401', async () => {
    const expiresAt = Math.floor(Date.now() / 1000) + 2;
    const socket = await openSubscriptionSocket(api.url, { authorization: `Bearer ${await token({}, { expiresIn: expiresAt })}` });
    socket.subscribe('1', 'subscription { journeysChanged { id } }');
    await socket.settle();

    const closed = await socket.closed;

    expect(closed).toEqual(SOCKET_CLOSE.credentialExpired);
    expect(socket.messages.filter((message) => message.type === 'error')).toEqual([]);
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt * 1000);
  });

  it('still takes the API keys', async () => {
    const response = await api.graphql(journeysQuery);

    expect(response.errors).toBeUndefined();
  });
});
