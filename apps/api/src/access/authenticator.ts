/**
 * Turns a credential into a principal: a Hindsight API key (`hsk_…`, stored or the bootstrap admin
 * key of HINDSIGHT_ADMIN_KEY), or a bearer token from the identity provider when one is configured.
 * It never throws for a bad credential: it answers `refused` with the reason, and the access check
 * decides what the request may still do (nothing).
 */
import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { hashApiKey, looksLikeApiKey } from '@hindsight/access';
import { ACCESS_CONFIG, type AccessConfig } from './access.config';
import { ApiKeysService } from './api-keys.service';
import { ANONYMOUS, type Authentication } from './principal';
import { TokenVerifier } from './token-verifier';

const BOOTSTRAP_ADMIN_ID = 'bootstrap-admin';

@Injectable()
export class Authenticator {
  private readonly tokens?: TokenVerifier;
  private readonly bootstrapHash?: Buffer;

  constructor(
    @Inject(ACCESS_CONFIG) config: AccessConfig,
    private readonly keys: ApiKeysService,
  ) {
    this.tokens = config.jwt && new TokenVerifier(config.jwt);
    this.bootstrapHash = config.bootstrapAdminKey === undefined ? undefined : Buffer.from(hashApiKey(config.bootstrapAdminKey), 'hex');
  }

  async authenticate(credential: string | undefined): Promise<Authentication> {
    if (credential === undefined) return ANONYMOUS;
    if (this.isBootstrapKey(credential)) {
      return { status: 'authenticated', principal: { id: BOOTSTRAP_ADMIN_ID, roles: ['admin'], description: 'the bootstrap admin key (HINDSIGHT_ADMIN_KEY)' } };
    }
    if (looksLikeApiKey(credential)) {
      const key = await this.keys.find(credential);
      if (!key) return { status: 'refused', reason: 'The API key is unknown or has been revoked' };
      return { status: 'authenticated', principal: { id: `key:${key.id}`, roles: [key.role], description: `key ${key.id} (${key.name})` } };
    }
    if (this.tokens) return this.tokens.verify(credential);
    return { status: 'refused', reason: 'The credential is not a Hindsight API key, and this API is not configured to accept bearer tokens' };
  }

  private isBootstrapKey(credential: string): boolean {
    return this.bootstrapHash !== undefined && timingSafeEqual(Buffer.from(hashApiKey(credential), 'hex'), this.bootstrapHash);
  }
}
