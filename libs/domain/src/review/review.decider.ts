/**
 * What a quality team may do to a review: open it once, for a journey; while it is open, confirm or
 * dismiss findings with a reason, record the root cause and add action items; close it once. Action
 * items outlive the meeting, so one can be completed after the review has closed, but only once.
 */
import type { Command } from '../shared/command';
import type { Decider } from '../shared/decider';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/domain-error';
import { createEventFactory } from '../shared/event';
import { ignoreUnknownEvent, rejectUnknownCommand } from '../shared/exhaustive';
import { isId, isJourneyStreamCategory } from '../shared/stream-name';
import {
  reviewEvents,
  type ActionItemAdded,
  type ActionItemCompleted,
  type FindingConfirmed,
  type FindingDismissed,
  type ReviewClosed,
  type ReviewEvent,
  type ReviewOpened,
  type RootCauseRecorded,
} from './review.events';

type ReviewCommandOf<Type extends string, Data extends object> = Command<Type, Data> & { readonly reviewId: string };

export type OpenReview = ReviewCommandOf<'OpenReview', ReviewOpened['data']>;
export type ConfirmFinding = ReviewCommandOf<'ConfirmFinding', FindingConfirmed['data']>;
export type DismissFinding = ReviewCommandOf<'DismissFinding', FindingDismissed['data']>;
export type RecordRootCause = ReviewCommandOf<'RecordRootCause', RootCauseRecorded['data']>;
export type AddActionItem = ReviewCommandOf<'AddActionItem', ActionItemAdded['data']>;
export type CompleteActionItem = ReviewCommandOf<'CompleteActionItem', ActionItemCompleted['data']>;
export type CloseReview = ReviewCommandOf<'CloseReview', ReviewClosed['data']>;
export type ReviewCommand =
  | OpenReview
  | ConfirmFinding
  | DismissFinding
  | RecordRootCause
  | AddActionItem
  | CompleteActionItem
  | CloseReview;

export type FindingVerdict = 'confirmed' | 'dismissed';

export interface ReviewState {
  readonly opened: boolean;
  readonly closed: boolean;
  /** The latest verdict per finding, keyed by `findingKey`. */
  readonly verdicts: Readonly<Record<string, FindingVerdict>>;
  /** Every action item added, and whether it is done. */
  readonly actionItems: Readonly<Record<string, { readonly completed: boolean }>>;
}

const initialReviewState: ReviewState = { opened: false, closed: false, verdicts: {}, actionItems: {} };

/** One finding of a journey: its code, and its subject when the review named one. */
export function findingKey(finding: { readonly findingCode: string; readonly findingSubject?: string }): string {
  return finding.findingSubject === undefined ? finding.findingCode : `${finding.findingCode}@${finding.findingSubject}`;
}

/**
 * The little `decide` needs to know (opened, closed, verdicts, action items done), not the review a
 * reader sees: that is `evolveReview` in review.ts.
 */
function evolveReviewState(state: ReviewState, event: ReviewEvent): ReviewState {
  switch (event.type) {
    case 'ReviewOpened':
      return { ...state, opened: true };
    case 'FindingConfirmed':
      return { ...state, verdicts: { ...state.verdicts, [findingKey(event.data)]: 'confirmed' } };
    case 'FindingDismissed':
      return { ...state, verdicts: { ...state.verdicts, [findingKey(event.data)]: 'dismissed' } };
    case 'ActionItemAdded':
      return { ...state, actionItems: { ...state.actionItems, [event.data.actionItemId]: { completed: false } } };
    case 'ActionItemCompleted':
      return { ...state, actionItems: { ...state.actionItems, [event.data.actionItemId]: { completed: true } } };
    case 'ReviewClosed':
      return { ...state, closed: true };
    case 'RootCauseRecorded':
      return state;
    default:
      return ignoreUnknownEvent(event, state);
  }
}

const reviewEvent = createEventFactory(reviewEvents);

function decideReview(command: ReviewCommand, state: ReviewState): ReviewEvent[] {
  switch (command.type) {
    case 'OpenReview': {
      if (state.opened) {
        throw new IllegalStateError('REVIEW.ALREADY_OPENED', `Review ${command.reviewId} is already open`);
      }
      const opened = reviewEvent('ReviewOpened', command.data);
      ensureJourneyId(opened.data.journeyId);
      return [opened];
    }
    case 'ConfirmFinding':
      ensureOpen(command, state);
      ensureNewVerdict(command.data, state, 'confirmed');
      return [reviewEvent('FindingConfirmed', command.data)];
    case 'DismissFinding':
      ensureOpen(command, state);
      ensureNewVerdict(command.data, state, 'dismissed');
      return [reviewEvent('FindingDismissed', command.data)];
    case 'RecordRootCause':
      ensureOpen(command, state);
      return [reviewEvent('RootCauseRecorded', command.data)];
    case 'AddActionItem':
      ensureOpen(command, state);
      if (Object.hasOwn(state.actionItems, command.data.actionItemId)) {
        throw new IllegalStateError(
          'REVIEW.ACTION_ITEM_ALREADY_ADDED',
          `Review ${command.reviewId} already has an action item ${command.data.actionItemId}`,
          'data.actionItemId',
        );
      }
      return [reviewEvent('ActionItemAdded', command.data)];
    case 'CompleteActionItem': {
      // A closed review is fine: action items are followed up after the meeting.
      ensureOpened(command, state);
      const item = Object.hasOwn(state.actionItems, command.data.actionItemId)
        ? state.actionItems[command.data.actionItemId]
        : undefined;
      if (!item) {
        throw new NotFoundError(
          'REVIEW.ACTION_ITEM_NOT_FOUND',
          `Review ${command.reviewId} has no action item ${command.data.actionItemId}`,
          'data.actionItemId',
        );
      }
      if (item.completed) {
        throw new IllegalStateError(
          'REVIEW.ACTION_ITEM_ALREADY_COMPLETED',
          `Action item ${command.data.actionItemId} of review ${command.reviewId} is already completed`,
          'data.actionItemId',
        );
      }
      return [reviewEvent('ActionItemCompleted', command.data)];
    }
    case 'CloseReview':
      ensureOpen(command, state);
      return [reviewEvent('ReviewClosed', command.data)];
    default:
      return rejectUnknownCommand(command);
  }
}

/** A journey answers to its id and to each of its stream names, all of them `contact-…`, `callback-…` or `case-…`. */
function ensureJourneyId(journeyId: string): void {
  const dash = journeyId.indexOf('-');
  if (dash < 0 || !isJourneyStreamCategory(journeyId.slice(0, dash)) || !isId(journeyId.slice(dash + 1))) {
    throw new ValidationError(
      'REVIEW.NOT_A_JOURNEY_ID',
      `"${journeyId}" is not a journey id: expected a journey's id or one of its streams (contact-…, callback-…, case-…)`,
      'data.journeyId',
    );
  }
}

function ensureOpened(command: ReviewCommand, state: ReviewState): void {
  if (!state.opened) {
    throw new NotFoundError('REVIEW.NOT_OPENED', `Review ${command.reviewId} has not been opened`);
  }
}

function ensureOpen(command: ReviewCommand, state: ReviewState): void {
  ensureOpened(command, state);
  if (state.closed) {
    throw new IllegalStateError('REVIEW.ALREADY_CLOSED', `Review ${command.reviewId} is closed`);
  }
}

/** Changing one's mind is allowed; saying the same thing twice is a mistake (a double submit, say). */
function ensureNewVerdict(
  finding: { readonly findingCode: string; readonly findingSubject?: string },
  state: ReviewState,
  verdict: FindingVerdict,
): void {
  const key = findingKey(finding);
  if (Object.hasOwn(state.verdicts, key) && state.verdicts[key] === verdict) {
    throw new IllegalStateError(
      verdict === 'confirmed' ? 'REVIEW.FINDING_ALREADY_CONFIRMED' : 'REVIEW.FINDING_ALREADY_DISMISSED',
      `Finding ${key} is already ${verdict}`,
      'data.findingCode',
    );
  }
}

export const reviewDecider: Decider<ReviewState, ReviewCommand, ReviewEvent> = {
  initialState: initialReviewState,
  evolve: evolveReviewState,
  decide: decideReview,
};
