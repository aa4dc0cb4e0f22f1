/**
 * Rules over promises: a callback with a time, or an expectation set on a case (the fold judges each
 * kept, broken, pending or cancelled), and callback requests nobody promised a time for.
 *
 * A promised callback that was never attempted is a broken promise, not a "never attempted" finding: one
 * failure, one finding. "Never attempted" is for requests with no time promised, which the fold cannot
 * judge as promises (there is no due time to break).
 */
import type { ExpectationKind } from '../case/case.events';
import type { Journey, JourneyCallback, JourneyExpectation, TimelineEntry } from '../journey/journey';
import type { Finding, FindingRule } from './finding';
import { duration, entriesOf, findingOf, idsOf, instant, isoAt, ms } from './finding-facts';

const expectationPhrase: Readonly<Record<ExpectationKind, string>> = {
  status_update: 'a status update',
  resolution: 'a resolution',
  delivery: 'a delivery',
  other: 'something',
};

interface PromiseView {
  readonly subject: string;
  readonly promisedBy: string;
  /** "a callback", "a status update". */
  readonly what: string;
  readonly madeAt: string;
  readonly dueBy: string;
  readonly keptAt: string | null;
  readonly cancelledAt: string | null;
  readonly status: JourneyCallback['status'];
  readonly latenessMs: number | null;
  readonly evidence: readonly string[];
}

/** The event that kept a callback: its first attempt or completion, or the contact that answered it. */
function callbackKeptBy(journey: Journey, callback: JourneyCallback): TimelineEntry | undefined {
  if (callback.keptAt === null) return undefined;
  const own = entriesOf(journey, callback.streamName).find(
    (entry) =>
      (entry.type === 'CallbackAttempted' || entry.type === 'CallbackCompleted') &&
      entry.occurredAt === callback.keptAt,
  );
  return (
    own ??
    journey.timeline.find(
      (entry) =>
        entry.type === 'ContactStarted' &&
        entry.data.answersCallbackId === callback.callbackId &&
        entry.occurredAt === callback.keptAt,
    )
  );
}

function promisesOf(journey: Journey): PromiseView[] {
  const callbacks = journey.callbacks.flatMap((callback): PromiseView[] => {
    if (callback.dueBy === null || callback.promisedAt === null) return [];
    const entries = entriesOf(journey, callback.streamName);
    const promised = entries.filter((entry) => entry.type === 'CallbackPromised');
    const inForce = promised.at(-1);
    return [
      {
        subject: callback.streamName,
        promisedBy: callback.promisedBy ?? 'someone',
        what: 'a callback',
        madeAt: inForce?.occurredAt ?? callback.promisedAt,
        dueBy: callback.dueBy,
        keptAt: callback.keptAt,
        cancelledAt: callback.cancelled?.at ?? null,
        status: callback.status,
        latenessMs: callback.latenessMs,
        evidence: [
          ...idsOf(...promised),
          ...idsOf(callbackKeptBy(journey, callback)),
          ...idsOf(entries.find((entry) => entry.type === 'CallbackCancelled')),
        ],
      },
    ];
  });
  const expectations = journey.expectations.map(
    (expectation: JourneyExpectation): PromiseView => ({
      subject: expectation.eventId,
      promisedBy: expectation.promisedBy,
      what: expectation.kind === 'other' ? `"${expectation.what}"` : expectationPhrase[expectation.kind],
      madeAt: expectation.madeAt,
      dueBy: expectation.dueBy,
      keptAt: expectation.keptAt,
      cancelledAt: null,
      status: expectation.status,
      latenessMs: expectation.latenessMs,
      evidence: [expectation.eventId, ...(expectation.keptByEventId === null ? [] : [expectation.keptByEventId])],
    }),
  );
  return [...callbacks, ...expectations];
}

function promisePhrase(promise: PromiseView): string {
  const within = duration(ms(promise.dueBy) - ms(promise.madeAt));
  return `${promise.promisedBy} promised ${promise.what} within ${within} (by ${instant(promise.dueBy)})`;
}

export const brokenPromise: FindingRule = {
  code: 'BROKEN_PROMISE',
  kind: 'failure',
  title: 'A callback or other promise kept late, or not at all',
  evaluate: (journey, { thresholds }) =>
    promisesOf(journey).flatMap((promise): Finding[] => {
      const lateness = promise.latenessMs ?? 0;
      if (promise.status !== 'broken' || lateness <= thresholds.promiseGraceMs) return [];
      const made = ms(promise.madeAt);
      const outcome =
        promise.keptAt !== null
          ? `it came ${duration(ms(promise.keptAt) - made)} after the promise, ${duration(lateness)} late`
          : promise.cancelledAt !== null
            ? `it was called off ${duration(lateness)} after it was due`
            : `it has not come, ${duration(lateness)} past due`;
      return [
        findingOf(journey, 'BROKEN_PROMISE', 'failure', {
          severity: 'high',
          subject: promise.subject,
          sentence: `${promisePhrase(promise)}; ${outcome}.`,
          evidence: promise.evidence,
          at: isoAt(ms(promise.dueBy) + thresholds.promiseGraceMs),
          details: {
            latenessMs: lateness,
            promisedWithinMs: ms(promise.dueBy) - made,
            kept: promise.keptAt === null ? 0 : 1,
          },
        }),
      ];
    }),
  // A promise neither kept nor called off grows later by the millisecond; past the grace it is broken.
  changesAt: (journey, { thresholds }) =>
    promisesOf(journey).flatMap((promise) =>
      promise.keptAt === null && promise.cancelledAt === null ? [ms(promise.dueBy) + thresholds.promiseGraceMs + 1] : [],
    ),
};

/** ` (2 h early)`, or nothing when it was kept in the last minute. */
function early(keptAt: string, dueBy: string): string {
  const margin = ms(dueBy) - ms(keptAt);
  return margin >= 60_000 ? ` (${duration(margin)} early)` : '';
}

export const promiseKept: FindingRule = {
  code: 'PROMISE_KEPT',
  kind: 'good_practice',
  title: 'An expectation set and met: a callback or other promise kept on time',
  evaluate: (journey) =>
    promisesOf(journey).flatMap((promise): Finding[] => {
      if (promise.status !== 'kept' || promise.keptAt === null) return [];
      return [
        findingOf(journey, 'PROMISE_KEPT', 'good_practice', {
          severity: 'info',
          subject: promise.subject,
          sentence: `${promisePhrase(promise)} and kept it on time${early(promise.keptAt, promise.dueBy)}.`,
          evidence: promise.evidence,
          at: promise.keptAt,
          details: {
            promisedWithinMs: ms(promise.dueBy) - ms(promise.madeAt),
            keptAfterMs: ms(promise.keptAt) - ms(promise.madeAt),
          },
        }),
      ];
    }),
};

/** A callback request with no time promised that nobody has attempted, completed or called off. */
function untouched(callback: JourneyCallback): callback is JourneyCallback & { readonly requestedAt: string } {
  return (
    callback.dueBy === null &&
    callback.requestedAt !== null &&
    callback.attempts.length === 0 &&
    callback.completedAt === null &&
    callback.cancelled === null &&
    callback.keptAt === null
  );
}

export const callbackNeverAttempted: FindingRule = {
  code: 'CALLBACK_NEVER_ATTEMPTED',
  kind: 'failure',
  title: 'A callback request nobody tried to return',
  changesAt: (journey, { thresholds }) =>
    journey.callbacks.flatMap((callback) =>
      untouched(callback) ? [ms(callback.requestedAt) + thresholds.callbackAttemptWithinMs] : [],
    ),
  evaluate: (journey, { thresholds }) =>
    journey.callbacks.flatMap((callback): Finding[] => {
      if (!untouched(callback) || journey.judgedAt === null) return [];
      const waited = ms(journey.judgedAt) - ms(callback.requestedAt);
      if (waited < thresholds.callbackAttemptWithinMs) return [];
      const from = callback.assignedTo === null ? '' : ` from ${callback.assignedTo}`;
      const asked =
        callback.requestedBy === 'customer'
          ? `The customer asked for a callback${from} (${callback.callbackId})`
          : `A callback${from} was offered to the customer (${callback.callbackId})`;
      const requested = entriesOf(journey, callback.streamName).find((entry) => entry.type === 'CallbackRequested');
      const message =
        callback.contactId === null
          ? undefined
          : journey.timeline.find(
              (entry) => entry.type === 'MessageLeft' && entry.streamName === `contact-${callback.contactId}`,
            );
      return [
        findingOf(journey, 'CALLBACK_NEVER_ATTEMPTED', 'failure', {
          severity: 'high',
          subject: callback.streamName,
          sentence: `${asked} and nobody tried to call back in ${duration(waited)}.`,
          evidence: idsOf(message, requested),
          at: isoAt(ms(callback.requestedAt) + thresholds.callbackAttemptWithinMs),
          details: { waitedMs: waited, thresholdMs: thresholds.callbackAttemptWithinMs },
        }),
      ];
    }),
};
