/**
 * One valid example of every event type in the catalog. The mapped type makes a new event type a
 * compile error here until it has an example, so tests that walk the whole catalog stay complete.
 */
import { eventCatalog, eventTypes, type CatalogEvent, type EventData, type EventType } from '../catalog/event-catalog';
import type { StreamCategory } from '../shared/stream-name';

const sampleData: { readonly [Type in EventType]: EventData<Type> } = {
  ContactStarted: { channel: 'voice', direction: 'inbound', origin: 'inbound', customerId: 'cust-1' },
  CustomerIdentified: { customerId: 'cust-1', method: 'ivr' },
  ContactQueued: { queueId: 'queue-support' },
  ContactAnswered: { agentId: 'agent-1' },
  ProblemExplained: { summary: 'The integration is failing', caseId: 'T-1' },
  HoldStarted: { reason: 'to check the order', customerConsent: 'yes' },
  HoldEnded: {},
  TransferInitiated: { kind: 'warm', target: { type: 'agent', id: 'agent-2' }, contextShared: true },
  TransferCompleted: { kind: 'warm', target: { type: 'agent', id: 'agent-2' }, contextShared: true },
  TransferFailed: { target: { type: 'queue', id: 'queue-billing' }, reason: 'queue closed' },
  MessageLeft: { kind: 'voicemail', leftBy: 'customer', recipientId: 'agent-12' },
  ContactDisconnected: { by: 'customer', reason: 'hung up' },
  ContactWrappedUp: { outcome: 'resolved', disposition: 'solved-first-contact' },
  CallbackRequested: { customerId: 'cust-1', requestedBy: 'customer', assignedTo: 'agent-12' },
  CallbackPromised: { promisedBy: 'agent-3', dueBy: '2026-03-05T15:56:00Z' },
  CallbackAttempted: { outcome: 'no_answer', agentId: 'agent-3' },
  CallbackCompleted: { contactId: 'C-4' },
  CallbackCancelled: { by: 'customer', reason: 'no longer needed' },
  CaseOpened: { customerId: 'cust-1', subject: 'Integration failing', channel: 'portal' },
  CaseAssigned: { assigneeId: 'team-integrations' },
  CaseEscalated: { to: 'agent-20', reason: 'no progress', initiatedBy: 'agent' },
  CustomerUpdated: { channel: 'email', summary: 'We are looking into it' },
  CaseResolved: { resolution: 'Rotated the expired API key', resolvedBy: 'agent-1' },
  CaseReopened: { reason: 'still failing', by: 'customer' },
  CaseClosed: { reason: 'resolved and confirmed', resolved: true },
  FollowUpCompleted: { outcome: 'confirmed_resolved' },
  FeedbackReceived: { score: 9, comment: 'Quick and clear' },
  ExpectationSet: {
    kind: 'status_update',
    what: 'a status update by phone',
    dueBy: '2026-01-14T10:00:00Z',
    promisedBy: 'agent-7',
  },
  CustomerLost: { reason: 'moved to another vendor' },
  ReviewOpened: { journeyId: 'contact-C-2', openedBy: 'qa-lead-1', title: 'The ticket that nobody owned' },
  FindingConfirmed: { findingCode: 'LONG_HOLD', reason: 'Nobody told the customer how long', by: 'qa-lead-1' },
  FindingDismissed: { findingCode: 'REPEAT_CONTACTS', reason: 'The second call was ours', by: 'qa-lead-1' },
  RootCauseRecorded: { rootCause: 'No owner for vendor tickets', by: 'qa-lead-1' },
  ActionItemAdded: {
    actionItemId: 'AI-1',
    description: 'Name an owner for vendor tickets',
    owner: 'team-lead-4',
    dueBy: '2026-02-01T17:00:00Z',
  },
  ActionItemCompleted: { actionItemId: 'AI-1', by: 'team-lead-4' },
  ReviewClosed: { summary: 'Ownership gap, fixed by naming an owner', by: 'qa-lead-1' },
  CustomerForgotten: { customerId: 'cust-1' },
};

export function sampleEvent<Type extends EventType>(type: Type): Extract<CatalogEvent, { type: Type }> {
  return { type, data: sampleData[type] } as Extract<CatalogEvent, { type: Type }>;
}

/** Every sample, or those of one stream category. */
export function sampleEvents(category?: StreamCategory): CatalogEvent[] {
  return eventTypes.filter((type) => !category || eventCatalog[type].category === category).map(sampleEvent);
}
