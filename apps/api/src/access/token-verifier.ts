/**
 * Bearer tokens (JWTs) from an external identity provider: signed by a key of the provider's JWKS,
 * issued by the configured issuer for the configured audience, not expired. The caller's roles are
 * the configured claim (a role or a list of roles); names Hindsight does not know are ignored.
 *
 * The JWKS is fetched on first use, cached, refetched when a token names a key it does not hold,
 * and each fetch gives up after JWKS_TIMEOUT_MS.
 */
import { Logger } from '@nestjs/common';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { isRole, type Role } from '@hindsight/access';
import type { JwtConfig } from './access.config';
import type { Authentication } from './principal';

const JWKS_TIMEOUT_MS = 5_000;
/** Tolerated drift between the provider's clock and ours. */
const CLOCK_TOLERANCE_SECONDS = 30;

export class TokenVerifier {
  private readonly logger = new Logger(TokenVerifier.name);
  private readonly keys: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly config: JwtConfig) {
    this.keys = createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: JWKS_TIMEOUT_MS });
  }

  async verify(token: string): Promise<Authentication> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (error) {
      return { status: 'refused', reason: this.reason(error) };
    }
    const claim = payload[this.config.roleClaim];
    const named = Array.isArray(claim) ? claim : [claim];
    const roles = [...new Set(named.filter((role): role is Role => isRole(role)))];
    const subject = payload.sub ?? '(no subject)';
    return {
      status: 'authenticated',
      principal: {
        id: `jwt:${payload.iss}#${subject}`,
        roles,
        description: `token of ${subject} from ${payload.iss}`,
        ...(payload.exp !== undefined && { expiresAt: payload.exp * 1000 }),
      },
    };
  }

  private reason(error: unknown): string {
    if (error instanceof errors.JWTExpired) return 'The bearer token has expired';
    if (error instanceof errors.JWTClaimValidationFailed) return `The bearer token's "${error.claim}" claim is not what this API accepts`;
    if (error instanceof errors.JWKSTimeout || (error instanceof TypeError && !(error instanceof errors.JOSEError))) {
      // Not the caller's fault, but the token cannot be trusted unchecked: say why, and log it.
      this.logger.warn(`Could not fetch the identity provider's keys from ${this.config.jwksUrl}: ${error instanceof Error ? error.message : String(error)}`);
      return "The bearer token could not be checked: the identity provider's keys are unreachable";
    }
    if (error instanceof errors.JOSEError) return `The bearer token is not valid (${error.code})`;
    return 'The bearer token is not valid';
  }
}
