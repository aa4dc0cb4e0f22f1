/**
 * Wires a key store into a Nest application: provides `CustomerKeyStore` to every module, moves the
 * keys an older version left in the read store into it at startup, and closes it at shutdown.
 */
import { Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ReadStore } from '@hindsight/read-store';
import { CustomerKeyStore } from './customer-key-store';
import { moveKeysOutOfReadStore } from './legacy-keys';

const LEGACY_KEYS_MOVED = Symbol('LegacyKeysMoved');

@Module({})
export class PersonalDataModule implements OnApplicationShutdown {
  constructor(private readonly keys: CustomerKeyStore) {}

  /** `keys` is made by the caller (`customerKeyStoreFor`), so that the projections can share it. */
  static forRoot(keys: CustomerKeyStore): DynamicModule {
    return {
      module: PersonalDataModule,
      global: true,
      providers: [
        { provide: CustomerKeyStore, useValue: keys },
        {
          provide: LEGACY_KEYS_MOVED,
          inject: [ReadStore],
          useFactory: async (readStore: ReadStore) => {
            const moved = await moveKeysOutOfReadStore(readStore, keys);
            if (moved > 0) new Logger(PersonalDataModule.name).log(`Moved ${moved} customer keys out of the read store into ${keys.description}`);
            return moved;
          },
        },
      ],
      exports: [CustomerKeyStore],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.keys.close();
  }
}
