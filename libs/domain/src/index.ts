/**
 * @hindsight/domain: the event catalog, the deciders, the journey fold and its metrics, and the stories, in
 * pure TypeScript.
 * Nothing here does I/O, reads a clock or knows Nest or the event store; everything else depends on it.
 */
export {
  ConcurrencyError,
  DomainError,
  IllegalStateError,
  NotFoundError,
  ValidationError,
  type DomainErrorCategory,
} from './shared/domain-error';
export { HindsightError, InternalError, isRetryable, UnavailableError, type ErrorCategory } from './shared/hindsight-error';
export type { Command, CommandMetadata } from './shared/command';
export { stateFrom, type Decider } from './shared/decider';
export type { Event, EventDefinition, EventOf, EventSpec } from './shared/event';
export { idProblem, MAX_ID_LENGTH, textProblem } from './shared/characters';
export { channels, isPersonal, isTimestamp, parties, type Channel, type Party } from './shared/schema';
export {
  callbackStream,
  caseStream,
  contactStream,
  isId,
  isJourneyStreamCategory,
  isStreamName,
  journeyStreamCategories,
  parseStreamName,
  privacyStream,
  reviewStream,
  streamCategories,
  streamName,
  type JourneyStreamCategory,
  type StreamCategory,
  type StreamName,
} from './shared/stream-name';

export {
  eventCatalog,
  eventTypes,
  isEventType,
  isJourneyEventType,
  journeyEventTypes,
  parseEvent,
  parseEventForStream,
  parseFactForStream,
  type CatalogEvent,
  type EventData,
  type EventType,
  type JourneyEvent,
  type JourneyEventType,
} from './catalog/event-catalog';

export * from './contact/contact.events';
export {
  contactDecider,
  type ContactCommand,
  type ContactState,
  type DisconnectContact,
  type PlaceOnHold,
  type ResumeFromHold,
  type StartContact,
  type TransferContact,
} from './contact/contact.decider';

export * from './callback/callback.events';
export {
  callbackDecider,
  type AttemptCallback,
  type CallbackCommand,
  type CallbackState,
  type PromiseCallback,
  type RequestCallback,
} from './callback/callback.decider';

export * from './case/case.events';
export {
  caseDecider,
  type CaseCommand,
  type CaseState,
  type EscalateCase,
  type OpenCase,
  type RecordFollowUp,
  type ReopenCase,
  type ResolveCase,
  type UpdateCustomer,
} from './case/case.decider';

export * from './review/review.events';
export {
  findingKey,
  reviewDecider,
  type AddActionItem,
  type CloseReview,
  type CompleteActionItem,
  type ConfirmFinding,
  type DismissFinding,
  type FindingVerdict,
  type OpenReview,
  type RecordRootCause,
  type ReviewCommand,
  type ReviewState,
} from './review/review.decider';
export {
  evolveReview,
  foldReview,
  type Review,
  type ReviewActionItem,
  type ReviewEventAt,
  type ReviewFinding,
  type ReviewStatus,
} from './review/review';

export { compareJourneyFacts, type JourneyFact } from './journey/journey-fact';
export { formatDuration } from './journey/journey-time';
export { groupFactsIntoJourneys, JourneyStitching, linkedStreams } from './journey/journey-links';
export { journeyFacets, type JourneyFacets } from './journey/journey-facets';
export { DEFAULT_REPEAT_CONTACT_WINDOW_MS, foldJourney, type FoldJourneyOptions } from './journey/journey.fold';
export type {
  CaseStatus,
  DataQualityCode,
  DataQualityNote,
  Disconnect,
  Journey,
  JourneyCallback,
  JourneyCase,
  JourneyContact,
  JourneyExpectation,
  JourneyHold,
  JourneyMetrics,
  JourneyOutcome,
  JourneyTransfer,
  LeftMessage,
  PromiseStatus,
  QueueVisit,
  TimelineEntry,
  WrapUp,
} from './journey/journey';
export {
  journeyContributions,
  summarizeContributions,
  summarizeJourneys,
  type MetricContribution,
  type MetricCounts,
  type MetricSummary,
} from './journey/journey-summary';

export { personalEventTypes, personalFieldsOf } from './catalog/personal-fields';
export * from './privacy/privacy.events';
export { journeyCustomer, type JourneyCustomer } from './journey/journey-customer';

export { catalogMarkdownTable } from './catalog/catalog-table';
export { stories } from './stories/stories';
export type { Story, StoryFact } from './stories/story';

export {
  findingCodes,
  findingSeverities,
  type Finding,
  type FindingCode,
  type FindingKind,
  type FindingRule,
  type FindingSeverity,
  type FindingThresholds,
  type RuleContext,
  type Rulebook,
} from './findings/finding';
export { evaluateFindings, findingIdentity, thresholdsOf } from './findings/evaluate-findings';
export { currentRulebook, rulebook2025, rulebook2026, rulebookOf, rulebooks } from './findings/rulebooks';
export {
  compareFindings,
  whatIf,
  type FindingChange,
  type FindingScenario,
  type JourneyToJudge,
  type WhatIfJourney,
  type WhatIfResult,
} from './findings/what-if';
export { findingsByStep, type FindingStep, type FindingsByStepOptions } from './findings/findings-by-step';
export { judgeJourney, nextChangeOf, type JourneyJudgement, type JudgeJourneyOptions } from './findings/judgement';
