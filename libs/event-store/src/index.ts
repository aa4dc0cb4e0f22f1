export {
  isUnreadable,
  type AllStreamDelivery,
  type DomainEvent,
  type EventMetadata,
  type EventToAppend,
  type LogPosition,
  type RecordedAllStreamEvent,
  type RecordedDomainEvent,
  type UnreadableAllStreamEvent,
} from './domain-event';
export type { AllStreamSubscription } from './all-stream-subscription';
export {
  backOffBeforeRetry,
  EventStore,
  type AllStreamFilter,
  type AppendResult,
  type DecisionResult,
  type EventStoreHealth,
  type StreamDecider,
  type StreamState,
  type SubscribeToAllOptions,
} from './event-store';
export {
  DEFAULT_EVENT_STORE_TIMEOUTS,
  eventStoreConfigFromEnv,
  type EventStoreConfig,
  type EventStoreMode,
  type EventStoreTimeouts,
} from './event-store-config';
export {
  AppendTooLargeError,
  EventStoreTimeoutError,
  EventStoreUnavailableError,
  StreamConcurrencyConflictError,
  StreamDeletedError,
  UnreadableEventError,
} from './event-store-errors';
export { eventStoreClient } from './event-store-connection';
export { EventStoreModule, type EventStoreModuleOptions } from './event-store.module';
export { ANY, NO_STREAM, STREAM_EXISTS, type ExpectedRevision, type StreamRevision } from './stream-revision';
export type { Upcaster, VersionedEvent } from './upcaster-registry';
