/**
 * Wires the event store into a Nest application: opens the connection (starting the embedded
 * store when there is no connection string), provides `EventStore` to every module, and on
 * shutdown stops subscriptions before closing the connection they read from.
 */
import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { eventStoreConfigFromEnv, type EventStoreConfig } from './event-store-config';
import { EventStoreConnection } from './event-store-connection';
import { EventStore } from './event-store';
import { UpcasterRegistry, type Upcaster } from './upcaster-registry';

export interface EventStoreModuleOptions {
  /** Where to connect; read from the environment at startup when omitted. */
  readonly connection?: EventStoreConfig;
  readonly upcasters?: readonly Upcaster[];
}

@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(
    private readonly eventStore: EventStore,
    private readonly connection: EventStoreConnection,
  ) {}

  static forRoot(options: EventStoreModuleOptions = {}): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: [
        {
          provide: EventStoreConnection,
          useFactory: () => EventStoreConnection.open(options.connection ?? eventStoreConfigFromEnv()),
        },
        { provide: UpcasterRegistry, useValue: new UpcasterRegistry(options.upcasters) },
        EventStore,
      ],
      exports: [EventStore],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.eventStore.stopSubscriptions();
    await this.connection.close();
  }
}
