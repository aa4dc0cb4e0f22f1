/**
 * The walk of a callback stream's facts: a callback asked for or offered, promised by a time, attempted,
 * completed or cancelled. Each fact changes its callback's draft and is told in one English sentence for
 * the timeline; whether the promise was kept is judged only when the walk is (journey.finishing.ts).
 *
 * It sees only facts the catalog puts on a callback stream, in journey order (journey.fold.ts dispatches
 * them), and must never throw or read a clock.
 */
import type { CallbackEvent } from '../callback/callback.events';
import type { CallbackDraft, JourneyDrafts } from './journey.drafts';
import { instantOf } from './journey-fact';
import { formatDuration, iso } from './journey-time';
import { describeUnknown, lateness } from './journey.phrases';
import type { OrderedFactOf } from './journey.preparation';

type CallbackFact = OrderedFactOf<CallbackEvent>;

/** Walks one fact of the callback `id` and says what happened, for the timeline. */
export function walkCallbackFact(drafts: JourneyDrafts, fact: CallbackFact, id: string): string {
  const { at } = fact;
  const callback = drafts.callbackOf(id, fact.streamName);
  switch (fact.type) {
    case 'CallbackRequested': {
      const { data } = fact;
      drafts.nameCustomer(data.customerId, fact);
      drafts.markOutcome(data.contactId);
      if (!callback.requested) {
        Object.assign<CallbackDraft, Partial<CallbackDraft>>(callback, {
          requested: true,
          customerId: data.customerId,
          requestedAt: at,
          requestedBy: data.requestedBy,
          assignedTo: data.assignedTo ?? null,
          contactId: data.contactId ?? null,
          caseId: data.caseId ?? null,
        });
      }
      const who = data.requestedBy === 'customer' ? 'The customer asked for' : `The ${data.requestedBy} offered`;
      const onContact = data.contactId ? ` on ${data.contactId}` : '';
      return `${who} callback ${id}${data.assignedTo ? ` from ${data.assignedTo}` : ''}${onContact}.`;
    }
    case 'CallbackPromised': {
      const dueBy = instantOf(fact.data.dueBy);
      const again = callback.promisedAt !== null;
      callback.promisedAt ??= at;
      callback.promisedBy ??= fact.data.promisedBy;
      callback.originalDueBy ??= dueBy;
      callback.dueBy = dueBy;
      return `${fact.data.promisedBy} ${again ? 'moved callback ' + id + ' to' : 'promised callback ' + id + ' by'} ${iso(dueBy)}, within ${formatDuration(dueBy - at)}.`;
    }
    case 'CallbackAttempted': {
      const { outcome, agentId, contactId } = fact.data;
      drafts.markOutcome(contactId);
      callback.attempts.push({ at, outcome, agentId: agentId ?? null, contactId: contactId ?? null });
      return `Callback ${id} was attempted${agentId ? ` by ${agentId}` : ''}: ${outcome.replace('_', ' ')}${lateness(at, callback.dueBy)}.`;
    }
    case 'CallbackCompleted': {
      drafts.markOutcome(fact.data.contactId);
      callback.completedAt ??= at;
      return `Callback ${id} reached the customer${fact.data.contactId ? ` on ${fact.data.contactId}` : ''}${lateness(at, callback.dueBy)}.`;
    }
    case 'CallbackCancelled': {
      callback.cancelled ??= { at, by: fact.data.by, reason: fact.data.reason };
      return `Callback ${id} was cancelled by the ${fact.data.by}: ${fact.data.reason}.`;
    }
    default:
      return describeUnknown(fact);
  }
}
