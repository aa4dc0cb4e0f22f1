export {
  EmbeddedEventStore,
  DEFAULT_EVENTSTORE_PORT,
  defaultSocketPath,
  type EmbeddedEventStoreOptions,
  type StoreSecurity,
} from './embedded-event-store';
export { DEFAULT_PASSWORD, type DefaultUserPasswords } from './security/users';
export { EMULATED_SERVER_VERSION } from './grpc/server-features.service';
export type { StartupReport } from './engine/event-store-engine';
