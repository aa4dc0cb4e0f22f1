export {
  ReadStore,
  GenerationGoneError,
  ReadStoreUnavailableError,
  type Generation,
  type GenerationTarget,
  type ReadStoreTransactionOptions,
} from './read-store';
export {
  DEFAULT_POSTGRES_TIMEOUTS,
  DEFAULT_SCHEMA_PREFIX,
  describeReadStore,
  readStoreConfigFromEnv,
  type ReadStoreConfig,
  type PostgresTimeouts,
  type ReadStoreKind,
} from './read-store-config';
export {
  jsonb,
  type Checkpoint,
  type CheckpointTable,
  type Int8,
  type JourneyAliasesTable,
  type JourneyEventRow,
  type JourneyEventsTable,
  type JourneyRow,
  type JourneyStreamsTable,
  type JourneyUpdate,
  type JourneysTable,
  type Jsonb,
  type NewJourney,
  type NewJourneyEvent,
  type NewReview,
  type NewReviewActionItem,
  type QuarantinedEventRow,
  type QuarantinedEventsTable,
  type ReadModelTransaction,
  type ReadModels,
  type ReviewActionItemRow,
  type ReviewActionItemsTable,
  type ReviewRow,
  type ReviewsTable,
  type Timestamp,
} from './read-models';
export { ensureCheckpoint, readCheckpoint, storeCheckpoint, type CheckpointPosition } from './checkpoints';
export { GENERATION_DDL } from './generation-migrations';
export { ReadStoreLockedError } from './pglite-instances';
export { ReadStoreModule } from './read-store.module';
