/**
 * The walk of a case stream's facts (a ticket): opened, assigned, escalated, updated, resolved, reopened,
 * closed, followed up, rated, lost, and the expectations set on it. Each fact changes its case's draft,
 * keeps the expectations it fulfils, times the silences between updates, raises the data-quality notes it
 * calls for, and is told in one English sentence for the timeline.
 *
 * It sees only facts the catalog puts on a case stream, in journey order (journey.fold.ts dispatches them),
 * and must never throw or read a clock.
 */
import type { CaseEvent, ExpectationKind } from '../case/case.events';
import type { CaseDraft, ExpectationDraft, JourneyDrafts } from './journey.drafts';
import { instantOf } from './journey-fact';
import { formatDuration, iso } from './journey-time';
import { describeUnknown, expectationPhrase } from './journey.phrases';
import type { OrderedFactOf } from './journey.preparation';

type CaseFact = OrderedFactOf<CaseEvent>;

/** Walks one fact of the case `id` and says what happened, for the timeline. */
export function walkCaseFact(drafts: JourneyDrafts, fact: CaseFact, id: string): string {
  const { at } = fact;
  const kase = drafts.caseOf(id, fact.streamName);
  switch (fact.type) {
    case 'CaseOpened': {
      const { data } = fact;
      drafts.nameCustomer(data.customerId, fact);
      drafts.markOutcome(data.contactId);
      if (kase.opened) {
        drafts.note('case_opened_twice', fact.streamName, `Case ${id} was opened again; the first opening stands`, [
          fact.eventId,
        ]);
        return `Case ${id} was reported opened again.`;
      }
      Object.assign<CaseDraft, Partial<CaseDraft>>(kase, {
        opened: true,
        customerId: data.customerId,
        openedAt: at,
        subject: data.subject,
        channel: data.channel,
        duplicateOf: data.duplicateOf ?? null,
        contactId: data.contactId ?? null,
      });
      if (kase.status === 'open' && kase.customerLost === null) kase.waitingSince ??= at;
      const duplicate = data.duplicateOf ? `, a duplicate of ${data.duplicateOf}` : '';
      const onContact = data.contactId ? ` on ${data.contactId}` : ` via ${data.channel}`;
      return `Case ${id} was opened${onContact}: "${data.subject}"${duplicate}.`;
    }
    case 'CaseAssigned': {
      kase.assignments.push({ at, assigneeId: fact.data.assigneeId });
      return `Case ${id} was assigned to ${fact.data.assigneeId}.`;
    }
    case 'CaseEscalated': {
      const { to, from, reason, initiatedBy } = fact.data;
      kase.escalations.push({ at, to, from: from ?? null, reason, initiatedBy });
      const by = initiatedBy === 'customer' ? 'the customer' : `the ${initiatedBy}`;
      return `Case ${id} was escalated to ${to}${from ? ` over ${from}` : ''}, by ${by}.`;
    }
    case 'CustomerUpdated': {
      drafts.markOutcome(fact.data.contactId);
      kase.customerUpdates.push({ at, channel: fact.data.channel, contactId: fact.data.contactId ?? null });
      const silence = kase.waitingSince === null ? null : at - kase.waitingSince;
      respond(kase, at, 'update');
      keepExpectations(drafts.expectations, id, fact, at, ['status_update', 'delivery', 'other']);
      const after = silence === null ? '' : `, after ${formatDuration(silence)} without one`;
      return `The customer was updated on case ${id} by ${fact.data.channel}${after}.`;
    }
    case 'CaseResolved': {
      drafts.markOutcome(fact.data.contactId);
      kase.resolutions.push({ at, resolvedBy: fact.data.resolvedBy ?? null, contactId: fact.data.contactId ?? null });
      kase.status = 'resolved';
      kase.resolvedAt = at;
      kase.resolvedOnContactId = fact.data.contactId ?? null;
      respond(kase, at, 'end');
      keepExpectations(drafts.expectations, id, fact, at, ['status_update', 'delivery', 'other', 'resolution']);
      const by = fact.data.resolvedBy ? ` by ${fact.data.resolvedBy}` : '';
      const onContact = fact.data.contactId ? ` on ${fact.data.contactId}` : '';
      const since =
        kase.openedAt === null || at === kase.openedAt
          ? ''
          : `, ${formatDuration(at - kase.openedAt)} after it was opened`;
      return `Case ${id} was resolved${by}${onContact}${since}.`;
    }
    case 'CaseReopened': {
      if (kase.status === 'open') {
        drafts.note(
          'reopened_without_resolution',
          fact.streamName,
          `Case ${id} was reopened, but it was not resolved or closed`,
          [fact.eventId],
        );
      }
      kase.reopenings.push({ at, by: fact.data.by, reason: fact.data.reason });
      kase.status = 'open';
      kase.resolvedAt = null;
      kase.resolvedOnContactId = null;
      if (kase.customerLost === null) kase.waitingSince ??= at;
      return `Case ${id} was reopened by the ${fact.data.by}: ${fact.data.reason}.`;
    }
    case 'CaseClosed': {
      kase.closed = { at, resolved: fact.data.resolved, reason: fact.data.reason };
      kase.status = 'closed';
      // Closing has the last word on whether the case ended resolved.
      if (!fact.data.resolved) kase.resolvedAt = null;
      else if (kase.resolvedAt === null) kase.resolvedAt = at;
      respond(kase, at, 'end');
      keepExpectations(
        drafts.expectations,
        id,
        fact,
        at,
        fact.data.resolved
          ? ['status_update', 'delivery', 'other', 'resolution']
          : ['status_update', 'delivery', 'other'],
      );
      return `Case ${id} was closed ${fact.data.resolved ? 'resolved' : 'unresolved'}: ${fact.data.reason}.`;
    }
    case 'FollowUpCompleted': {
      drafts.markOutcome(fact.data.contactId);
      kase.followUps.push({ at, outcome: fact.data.outcome });
      return `A follow-up on case ${id} found: ${fact.data.outcome.replaceAll('_', ' ')}.`;
    }
    case 'FeedbackReceived': {
      kase.feedback.push({ at, score: fact.data.score ?? null });
      const score = fact.data.score === undefined ? 'commented on' : `rated ${fact.data.score}/10`;
      return `The customer ${score} the handling of case ${id}.`;
    }
    case 'ExpectationSet': {
      const { kind, what, dueBy, promisedBy, contactId } = fact.data;
      drafts.markOutcome(contactId);
      const due = instantOf(dueBy);
      drafts.expectations.push({
        caseId: id,
        eventId: fact.eventId,
        kind,
        what,
        promisedBy,
        contactId: contactId ?? null,
        madeAt: at,
        dueBy: due,
        keptAt: null,
        keptByEventId: null,
      });
      return `${promisedBy} promised ${expectationPhrase[kind]} on case ${id} by ${iso(due)}: "${what}".`;
    }
    case 'CustomerLost': {
      kase.customerLost ??= { at, reason: fact.data.reason };
      respond(kase, at, 'stop');
      return `The customer was lost over case ${id}: ${fact.data.reason}.`;
    }
    default:
      return describeUnknown(fact);
  }
}

/**
 * A status update reaches the customer: the first is the first response; each one ends a silence. An
 * `update` restarts the silence clock (the case still waits on us), an `end` (resolution, close) stops it,
 * and so does `stop` (the customer is gone), which is no response.
 */
function respond(kase: CaseDraft, at: number, kind: 'update' | 'end' | 'stop'): void {
  if (kind !== 'stop') kase.firstResponseAt ??= at;
  if (kase.waitingSince !== null) {
    kase.longestSilenceMs = Math.max(kase.longestSilenceMs ?? 0, at - kase.waitingSince);
  }
  // An update on a resolved or closed case starts no new wait: nothing is owed until it is reopened.
  const stillOwed = kind === 'update' && kase.opened && kase.status === 'open' && kase.customerLost === null;
  kase.waitingSince = stillOwed ? at : null;
}

/** Marks the case's open expectations of these kinds, made before this fact, as kept by it. */
function keepExpectations(
  expectations: ExpectationDraft[],
  caseId: string,
  fact: CaseFact,
  at: number,
  kinds: readonly ExpectationKind[],
): void {
  for (const expectation of expectations) {
    if (expectation.caseId === caseId && expectation.keptAt === null && kinds.includes(expectation.kind)) {
      expectation.keptAt = at;
      expectation.keptByEventId = fact.eventId;
    }
  }
}
