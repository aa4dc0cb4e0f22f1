/**
 * Access control: who is calling (API keys, bearer tokens), what each role may do (declared on each
 * field, checked before anything runs), rate limits per caller, and the admin's key management.
 * GraphQLModule takes AccessGate and SubscriptionSockets for its context and hooks; everything else stays in here.
 */
import { Module, type DynamicModule } from '@nestjs/common';
import { ApiKeyStore } from '@hindsight/access';
import { ReadStore } from '@hindsight/read-store';
import { ACCESS_CONFIG, type AccessConfig } from './access.config';
import { AccessGate } from './access.gate';
import { AccessStartup } from './access.startup';
import { ApiKeysResolver } from './api-keys.resolver';
import { ApiKeysService } from './api-keys.service';
import { Authenticator } from './authenticator';
import { SubscriptionSockets } from './subscription-sockets';

@Module({})
export class AccessModule {
  static forRoot(config: AccessConfig): DynamicModule {
    return {
      module: AccessModule,
      providers: [
        { provide: ACCESS_CONFIG, useValue: config },
        { provide: ApiKeyStore, inject: [ReadStore], useFactory: (readStore: ReadStore) => ApiKeyStore.open(readStore) },
        ApiKeysService,
        Authenticator,
        AccessGate,
        AccessStartup,
        ApiKeysResolver,
        SubscriptionSockets,
      ],
      exports: [AccessGate, SubscriptionSockets],
    };
  }
}
