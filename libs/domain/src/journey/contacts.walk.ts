/**
 * The walk of a contact stream's facts (one conversation, on any channel): each fact changes its contact's
 * draft (queue visits, agents, holds, transfers, the disconnect, the wrap-up), raises the data-quality notes
 * it calls for, and is told in one English sentence for the timeline.
 *
 * It sees only facts the catalog puts on a contact stream, in journey order (journey.fold.ts dispatches
 * them), and must never throw or read a clock: a fact that does not add up is shown, noted and walked on.
 */
import type { ContactEvent, TransferKind, TransferTargetType } from '../contact/contact.events';
import {
  addAgent,
  type ContactDraft,
  type HoldDraft,
  type JourneyDrafts,
  type QueueVisitDraft,
  type TransferDraft,
} from './journey.drafts';
import { formatDuration, iso } from './journey-time';
import {
  capitalize,
  consentPhrase,
  describeUnknown,
  disconnectPhrase,
  identificationPhrase,
  ordinal,
  transferPhrase,
} from './journey.phrases';
import type { OrderedFactOf } from './journey.preparation';

type ContactFact = OrderedFactOf<ContactEvent>;

/** Walks one fact of the contact `id` and says what happened, for the timeline. */
export function walkContactFact(drafts: JourneyDrafts, fact: ContactFact, id: string): string {
  const { at } = fact;
  const contact = drafts.contactOf(id, fact.streamName);
  if (!contact.started && fact.type !== 'ContactStarted') contact.eventIdsBeforeStart.push(fact.eventId);
  if (contact.disconnect !== null && fact.type !== 'ContactWrappedUp' && fact.type !== 'ContactDisconnected') {
    drafts.note('event_after_disconnect', fact.streamName, `${fact.type} on ${id} after it was disconnected`, [
      fact.eventId,
    ]);
  }

  switch (fact.type) {
    case 'ContactStarted': {
      const { data } = fact;
      drafts.nameCustomer(data.customerId, fact);
      if (data.answersCallbackId !== undefined && !drafts.callbackAnsweredAt.has(data.answersCallbackId)) {
        drafts.callbackAnsweredAt.set(data.answersCallbackId, at);
      }
      if (contact.started) {
        drafts.note('contact_started_twice', fact.streamName, `${id} started again; the first start stands`, [fact.eventId]);
        return `${id} was reported started again.`;
      }
      Object.assign<ContactDraft, Partial<ContactDraft>>(contact, {
        started: true,
        channel: data.channel,
        direction: data.direction,
        origin: data.origin,
        customerId: contact.customerId ?? data.customerId ?? null,
        caseId: data.caseId ?? null,
        transferredFromContactId: data.transferredFromContactId ?? null,
        answersCallbackId: data.answersCallbackId ?? null,
        startedAt: at,
      });
      if (contact.eventIdsBeforeStart.length > 0) {
        drafts.note(
          'events_before_contact_started',
          fact.streamName,
          `${contact.eventIdsBeforeStart.length} fact(s) on ${id} occurred before it started`,
          contact.eventIdsBeforeStart,
        );
      }
      const links = [
        data.caseId && `about case ${data.caseId}`,
        data.transferredFromContactId && `transferred from ${data.transferredFromContactId}`,
        data.answersCallbackId && `answering callback ${data.answersCallbackId}`,
      ].filter(Boolean);
      const how = data.origin === data.direction ? '' : ` (${data.origin})`;
      return `${capitalize(data.direction)} ${data.channel} contact ${id}${how} started${links.length ? `, ${links.join(', ')}` : ''}.`;
    }
    case 'CustomerIdentified': {
      contact.customerId ??= fact.data.customerId;
      drafts.nameCustomer(fact.data.customerId, fact);
      return `The customer ${fact.data.customerId} was identified on ${id} ${identificationPhrase[fact.data.method]}.`;
    }
    case 'ContactQueued': {
      const waiting = openQueueVisit(contact);
      if (waiting) waiting.leftAt = at;
      contact.queueVisits.push({
        queueId: fact.data.queueId,
        queuedAt: at,
        answeredAt: null,
        leftAt: null,
        abandoned: false,
      });
      return `${id} was queued in ${fact.data.queueId}.`;
    }
    case 'ContactAnswered': {
      const waiting = openQueueVisit(contact);
      if (waiting) {
        waiting.answeredAt = at;
        waiting.leftAt = at;
      }
      contact.answeredAt ??= at;
      addAgent(contact.agents, fact.data.agentId);
      const wait = waiting ? ` after ${formatDuration(at - waiting.queuedAt)} in the queue` : '';
      return `${fact.data.agentId} answered ${id}${wait}.`;
    }
    case 'ProblemExplained': {
      contact.problemExplanations += 1;
      drafts.explanations += 1;
      const which = drafts.explanations === 1 ? '' : ` again (${ordinal(drafts.explanations)} time in this journey)`;
      const about = fact.data.caseId ? ` about case ${fact.data.caseId}` : '';
      return `The customer explained the problem${about} on ${id}${which}.`;
    }
    case 'HoldStarted': {
      if (contact.openHold) {
        drafts.note('hold_started_while_on_hold', fact.streamName, `${id} was put on hold while already on hold`, [
          ...contact.openHold.eventIds,
          fact.eventId,
        ]);
        return `${id} was reported put on hold while already on hold.`;
      }
      const hold: HoldDraft = {
        startedAt: at,
        endedAt: null,
        endedBy: null,
        customerConsent: fact.data.customerConsent,
        reason: fact.data.reason,
        customerDropped: false,
        eventIds: [fact.eventId],
      };
      contact.holds.push(hold);
      contact.openHold = hold;
      return `${id} was put on hold (${fact.data.reason}) ${consentPhrase(fact.data.customerConsent)}.`;
    }
    case 'HoldEnded': {
      const hold = contact.openHold;
      if (!hold) {
        drafts.note(
          'hold_end_without_start',
          fact.streamName,
          `A hold on ${id} ended, but none had started before it: its start is missing or dated after its end`,
          [fact.eventId],
        );
        return `${id} was reported taken off hold, but no hold had started.`;
      }
      hold.endedAt = at;
      hold.endedBy = 'resumed';
      hold.eventIds.push(fact.eventId);
      contact.openHold = null;
      return `${id} was taken off hold after ${formatDuration(at - hold.startedAt)}.`;
    }
    case 'TransferInitiated': {
      const transfer: TransferDraft = {
        ...transferTerms(fact.data),
        status: 'pending',
        initiatedAt: at,
        settledAt: null,
        fromAgentId: contact.agents.at(-1) ?? null,
        failureReason: null,
        eventIds: [fact.eventId],
      };
      contact.transfers.push(transfer);
      contact.pendingTransfer = transfer;
      return `A ${transferPhrase(fact.data)} of ${id} began.`;
    }
    case 'TransferCompleted': {
      const transfer = settleTransfer(drafts, contact, fact, at, 'completed');
      // A source may report only the completion, so its terms are the ones that went through.
      Object.assign<TransferDraft, Partial<TransferDraft>>(transfer, transferTerms(fact.data));
      if (fact.data.target.type === 'agent') addAgent(contact.agents, fact.data.target.id);
      return `${id} was handed over: a ${transferPhrase(fact.data)}.`;
    }
    case 'TransferFailed': {
      const transfer = settleTransfer(drafts, contact, fact, at, 'failed');
      transfer.failureReason = fact.data.reason;
      return `The transfer of ${id} to ${fact.data.target.type} ${fact.data.target.id} failed: ${fact.data.reason}.`;
    }
    case 'MessageLeft': {
      const { kind, leftBy, recipientId } = fact.data;
      contact.messages.push({ at: iso(at), kind, leftBy, recipientId: recipientId ?? null });
      const who = leftBy === 'customer' ? 'The customer' : 'An agent';
      return `${who} left a ${kind} on ${id}${recipientId ? ` for ${recipientId}` : ''}.`;
    }
    case 'ContactDisconnected': {
      if (contact.disconnect) {
        drafts.note('disconnected_twice', fact.streamName, `${id} was disconnected again; the first disconnect stands`, [
          fact.eventId,
        ]);
        return `${id} was reported disconnected again.`;
      }
      const waiting = openQueueVisit(contact);
      const hold = contact.openHold;
      const byCustomer = fact.data.by === 'customer';
      contact.disconnect = {
        at,
        by: fact.data.by,
        reason: fact.data.reason,
        whileQueued: !!waiting,
        whileOnHold: !!hold,
      };
      if (waiting) {
        waiting.leftAt = at;
        waiting.abandoned = byCustomer;
      }
      if (hold) {
        hold.endedAt = at;
        hold.endedBy = 'disconnect';
        hold.customerDropped = byCustomer;
        hold.eventIds.push(fact.eventId);
        contact.openHold = null;
      }
      const where = hold
        ? ` while on hold for ${formatDuration(at - hold.startedAt)}`
        : waiting
          ? ` while waiting in ${waiting.queueId} for ${formatDuration(at - waiting.queuedAt)}`
          : '';
      return `${id} ended: ${disconnectPhrase(fact.data.by)}${where} (${fact.data.reason}).`;
    }
    case 'ContactWrappedUp': {
      contact.wrapUp = { at, outcome: fact.data.outcome, disposition: fact.data.disposition };
      return `${id} was wrapped up as ${fact.data.outcome.replace('_', ' ')} (${fact.data.disposition}).`;
    }
    default:
      return describeUnknown(fact);
  }
}

function openQueueVisit(contact: ContactDraft): QueueVisitDraft | null {
  const last = contact.queueVisits.at(-1);
  return last !== undefined && last.leftAt === null ? last : null;
}

function transferTerms(data: {
  readonly kind: TransferKind;
  readonly target: { readonly type: TransferTargetType; readonly id: string };
  readonly contextShared: boolean;
}) {
  return { kind: data.kind, target: { type: data.target.type, id: data.target.id }, contextShared: data.contextShared };
}

/** Settles the pending transfer, or records one whose initiation never arrived (and says so). */
function settleTransfer(
  drafts: JourneyDrafts,
  contact: ContactDraft,
  fact: ContactFact & { readonly data: { readonly target: { readonly type: TransferTargetType; readonly id: string } } },
  at: number,
  status: 'completed' | 'failed',
): TransferDraft {
  let transfer = contact.pendingTransfer;
  if (transfer === null) {
    drafts.note(
      status === 'completed' ? 'transfer_completed_without_initiation' : 'transfer_failed_without_initiation',
      fact.streamName,
      `A transfer of ${contact.contactId} ${status === 'completed' ? 'went through' : 'failed'} without having been initiated`,
      [fact.eventId],
    );
    const kind = 'kind' in fact.data ? (fact.data as { kind: TransferKind }).kind : 'blind';
    const contextShared =
      'contextShared' in fact.data ? (fact.data as { contextShared: boolean }).contextShared : false;
    transfer = {
      kind,
      target: { type: fact.data.target.type, id: fact.data.target.id },
      contextShared,
      status,
      initiatedAt: null,
      settledAt: null,
      fromAgentId: contact.agents.at(-1) ?? null,
      failureReason: null,
      eventIds: [],
    };
    contact.transfers.push(transfer);
  }
  transfer.status = status;
  transfer.settledAt = at;
  transfer.eventIds.push(fact.eventId);
  contact.pendingTransfer = null;
  return transfer;
}
