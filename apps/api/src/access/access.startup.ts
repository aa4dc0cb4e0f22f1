/**
 * What access needs before the API takes requests. In production, credentials must be configured:
 * an identity provider, a bootstrap admin key or a stored key; otherwise nobody could use the API,
 * and it refuses to start, saying how to fix it. In embedded mode outside production, with no
 * credentials configured and no admin key stored, it creates a development admin key and prints it
 * once: it is stored hashed like any key, so it keeps working across restarts, and a lost one is
 * replaced with `keys create` (or revoked with `keys revoke`).
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ACCESS_CONFIG, type AccessConfig } from './access.config';
import { ApiKeysService } from './api-keys.service';

const DEVELOPMENT_KEY_NAME = 'development';

@Injectable()
export class AccessStartup implements OnApplicationBootstrap {
  private readonly logger = new Logger('Access');

  constructor(
    @Inject(ACCESS_CONFIG) private readonly config: AccessConfig,
    private readonly keys: ApiKeysService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const configured = this.config.jwt !== undefined || this.config.bootstrapAdminKey !== undefined;
    if (this.config.production && !configured && (await this.keys.countActive()) === 0) {
      throw new Error(
        'NODE_ENV=production and no credentials are configured, so nobody could use the API. Configure an identity provider ' +
          '(HINDSIGHT_JWT_ISSUER, HINDSIGHT_JWT_AUDIENCE, HINDSIGHT_JWT_JWKS_URL), or a bootstrap admin key (HINDSIGHT_ADMIN_KEY), ' +
          'or create a key first: npm run cli -- keys create --role admin --name <who>',
      );
    }
    if (!this.config.developmentKey && !configured && (await this.keys.countActive()) === 0) {
      this.logger.warn('No credentials are configured and no key is stored: only health will answer. Create a key with: npm run cli -- keys create --role admin --name <who>');
    }
    if (!this.config.developmentKey || configured) return;
    if ((await this.keys.countActive('admin')) > 0) {
      this.logger.log('Admin keys are stored (npm run cli -- keys list); the development key was printed when it was created');
      return;
    }
    const { key, secret } = await this.keys.create(DEVELOPMENT_KEY_NAME, 'admin', 'the API, at its first start in embedded mode');
    this.logger.warn(
      [
        '',
        '================ Development admin key (shown this once) ================',
        `  ${secret}`,
        '  Send it as "Authorization: Bearer <key>"; the CLI reads HINDSIGHT_API_KEY;',
        '  the viewer takes it at /viewer/<journeyId>#key=<key>.',
        `  It is stored hashed (id ${key.id}) and survives restarts. For production,`,
        '  see "Access" in the README.',
        '==========================================================================',
      ].join('\n'),
    );
  }
}
