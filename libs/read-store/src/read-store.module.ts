/**
 * Wires the read store into a Nest application: opens it at startup (migrating as it opens),
 * provides `ReadStore` to every module, and closes it at shutdown, after whatever writes to it
 * (projectors stop in `beforeApplicationShutdown`).
 */
import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ReadStore } from './read-store';
import { readStoreConfigFromEnv, type ReadStoreConfig } from './read-store-config';

@Module({})
export class ReadStoreModule implements OnApplicationShutdown {
  constructor(private readonly readStore: ReadStore) {}

  /** Where the read store is; read from the environment at startup when omitted. */
  static forRoot(config?: ReadStoreConfig): DynamicModule {
    return {
      module: ReadStoreModule,
      global: true,
      providers: [{ provide: ReadStore, useFactory: () => ReadStore.open(config ?? readStoreConfigFromEnv()) }],
      exports: [ReadStore],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.readStore.close();
  }
}
