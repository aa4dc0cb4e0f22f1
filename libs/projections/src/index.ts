export { isAfter, type CommittedBatch, type CommittedListener, type Projection, type RebuildingProjection } from './projection';
export {
  ProjectionRunner,
  type ProjectionRunnerOptions,
  type ProjectionRunnerState,
  type ProjectionStatus,
} from './projection-runner';
export { classifyFailure, type FailureKind } from './quarantine/failure-classification';
export { listQuarantined, printable, summarizeQuarantine, type QuarantinedEvent, type QuarantineSummary } from './quarantine/quarantine';
export { QuarantinedEventGoneError, reapplyQuarantined, type ReapplyOptions, type ReapplyResult } from './quarantine/reapply';
export { rebuildProjections, type RebuildOptions, type RebuildProgress, type RebuildResult } from './rebuild';
export { Projector, ProjectionsModule, type ProjectionsModuleOptions } from './projections.module';
export { JOURNEY_PROJECTION, JourneyProjection } from './journeys/journey.projection';
export { journeyMatches, type JourneyFilter } from './journeys/journey-filter';
export { JourneyQueries, type JourneyPage, type JourneyPageStart } from './journeys/journey-queries';
export type { StoredJourney } from './journeys/journey-rows';
export { refoldCustomerJourneys } from './journeys/journey-writes';
export { REVIEW_PROJECTION, ReviewProjection } from './reviews/review.projection';
export {
  ReviewQueries,
  type OpenActionItem,
  type OpenActionItemsFilter,
  type OpenActionItemsStart,
} from './reviews/review-queries';
export { HINDSIGHT_PROJECTION_NAMES, hindsightProjections } from './hindsight-projections';
export { COMMITTED_CHANNEL, listenForCommits } from './committed-notifications';
