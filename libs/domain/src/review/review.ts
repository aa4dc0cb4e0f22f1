/**
 * A review as a read model shows it: the pure fold of its stream's events, so the projection and any
 * replay of a review build the same thing. Lenient like every fold: it never throws, and what a
 * decider would have refused (an event before the opening) changes nothing.
 */
import { findingKey, type FindingVerdict } from './review.decider';
import type { ReviewEvent } from './review.events';

export type ReviewStatus = 'open' | 'closed';

/** The latest verdict on one finding. */
export interface ReviewFinding {
  readonly findingCode: string;
  readonly findingSubject: string | null;
  readonly verdict: FindingVerdict;
  readonly reason: string;
  readonly by: string;
  readonly at: string;
}

export interface ReviewActionItem {
  readonly actionItemId: string;
  readonly description: string;
  readonly owner: string;
  readonly dueBy: string;
  readonly addedAt: string;
  readonly completedAt: string | null;
  readonly completedBy: string | null;
}

export interface Review {
  readonly reviewId: string;
  /** As given when the review was opened: the journey's id or one of its stream names. */
  readonly journeyId: string;
  readonly title: string | null;
  readonly status: ReviewStatus;
  readonly openedBy: string;
  readonly openedAt: string;
  /** In the order each finding first got a verdict. */
  readonly findings: readonly ReviewFinding[];
  readonly rootCause: string | null;
  readonly rootCauseBy: string | null;
  readonly actionItems: readonly ReviewActionItem[];
  readonly summary: string | null;
  readonly closedBy: string | null;
  readonly closedAt: string | null;
}

/** A review event with when it happened (the command's `now`, from the event's metadata). */
export type ReviewEventAt = ReviewEvent & { readonly occurredAt: string };

/** The review after `event`; null while the review has not been opened. */
export function evolveReview(reviewId: string, review: Review | null, eventAt: ReviewEventAt): Review | null {
  // Instants in one form (UTC, milliseconds), whatever offset they were given with, as the journey fold does.
  const event = { ...eventAt, occurredAt: utc(eventAt.occurredAt) } as ReviewEventAt;
  if (event.type === 'ReviewOpened') {
    if (review) return review;
    return {
      reviewId,
      journeyId: event.data.journeyId,
      title: event.data.title ?? null,
      status: 'open',
      openedBy: event.data.openedBy,
      openedAt: event.occurredAt,
      findings: [],
      rootCause: null,
      rootCauseBy: null,
      actionItems: [],
      summary: null,
      closedBy: null,
      closedAt: null,
    };
  }
  if (!review) return null;
  switch (event.type) {
    case 'FindingConfirmed':
    case 'FindingDismissed': {
      const verdict: ReviewFinding = {
        findingCode: event.data.findingCode,
        findingSubject: event.data.findingSubject ?? null,
        verdict: event.type === 'FindingConfirmed' ? 'confirmed' : 'dismissed',
        reason: event.data.reason,
        by: event.data.by,
        at: event.occurredAt,
      };
      const key = findingKey(event.data);
      const known = review.findings.some((finding) => keyOf(finding) === key);
      const findings = known
        ? review.findings.map((finding) => (keyOf(finding) === key ? verdict : finding))
        : [...review.findings, verdict];
      return { ...review, findings };
    }
    case 'RootCauseRecorded':
      return { ...review, rootCause: event.data.rootCause, rootCauseBy: event.data.by };
    case 'ActionItemAdded':
      if (review.actionItems.some((item) => item.actionItemId === event.data.actionItemId)) return review;
      return {
        ...review,
        actionItems: [
          ...review.actionItems,
          { ...event.data, dueBy: utc(event.data.dueBy), addedAt: event.occurredAt, completedAt: null, completedBy: null },
        ],
      };
    case 'ActionItemCompleted':
      return {
        ...review,
        actionItems: review.actionItems.map((item) =>
          item.actionItemId === event.data.actionItemId && item.completedAt === null
            ? { ...item, completedAt: event.occurredAt, completedBy: event.data.by }
            : item,
        ),
      };
    case 'ReviewClosed':
      if (review.status === 'closed') return review;
      return { ...review, status: 'closed', summary: event.data.summary, closedBy: event.data.by, closedAt: event.occurredAt };
    default:
      return unknownEvent(event, review);
  }
}

/** The review a stream's events make, or null if it was never opened. */
export function foldReview(reviewId: string, events: readonly ReviewEventAt[]): Review | null {
  return events.reduce<Review | null>((review, event) => evolveReview(reviewId, review, event), null);
}

/** ISO-8601 in UTC; a string that is no instant is kept as it is (a fold never throws). */
function utc(instant: string): string {
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? instant : new Date(ms).toISOString();
}

function keyOf(finding: ReviewFinding): string {
  return findingKey({ findingCode: finding.findingCode, findingSubject: finding.findingSubject ?? undefined });
}

/** An event type from a newer catalog changes nothing until this fold learns it. */
function unknownEvent(_event: never, review: Review): Review {
  return review;
}
