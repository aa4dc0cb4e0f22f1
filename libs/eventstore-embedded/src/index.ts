export { EmbeddedEventStore, DEFAULT_EVENTSTORE_PORT, type EmbeddedEventStoreOptions } from './embedded-event-store';
export { EMULATED_SERVER_VERSION } from './grpc/server-features.service';
export type { StartupReport } from './engine/event-store-engine';
