/**
 * What the journey fold keeps while it walks the timeline: one draft per contact, case, callback and
 * expectation, in milliseconds and mutable, and JourneyDrafts, which holds them and the notes for one walk
 * (journey.fold.ts). The walks of the streams change them (contacts.walk.ts, callbacks.walk.ts,
 * cases.walk.ts); journey.finishing.ts turns them into the Journey's parts.
 *
 * A draft never leaves the fold: nothing outside it may hold one, since the walk goes on changing it.
 * Nothing here decides what a fact means; it only keeps what the walks decided.
 */
import type { CallbackAttemptOutcome } from '../callback/callback.events';
import type { ExpectationKind, FollowUpOutcome } from '../case/case.events';
import type {
  ContactDirection,
  ContactOrigin,
  HoldConsent,
  TransferKind,
  TransferTargetType,
  WrapUpOutcome,
} from '../contact/contact.events';
import type { Channel, Party } from '../shared/schema';
import type { StreamName } from '../shared/stream-name';
import type { CaseStatus, DataQualityCode, DataQualityNote, Disconnect, LeftMessage } from './journey';
import type { JourneyFact } from './journey-fact';

export interface HoldDraft {
  startedAt: number;
  endedAt: number | null;
  endedBy: 'resumed' | 'disconnect' | null;
  customerConsent: HoldConsent;
  reason: string;
  customerDropped: boolean;
  eventIds: string[];
}

export interface TransferDraft {
  kind: TransferKind;
  target: { type: TransferTargetType; id: string };
  contextShared: boolean;
  status: 'pending' | 'completed' | 'failed';
  initiatedAt: number | null;
  settledAt: number | null;
  fromAgentId: string | null;
  failureReason: string | null;
  eventIds: string[];
}

export interface QueueVisitDraft {
  queueId: string;
  queuedAt: number;
  answeredAt: number | null;
  leftAt: number | null;
  abandoned: boolean;
}

export interface ContactDraft {
  contactId: string;
  streamName: StreamName;
  started: boolean;
  channel: Channel | null;
  direction: ContactDirection | null;
  origin: ContactOrigin | null;
  customerId: string | null;
  caseId: string | null;
  transferredFromContactId: string | null;
  answersCallbackId: string | null;
  startedAt: number | null;
  answeredAt: number | null;
  queueVisits: QueueVisitDraft[];
  agents: string[];
  holds: HoldDraft[];
  openHold: HoldDraft | null;
  transfers: TransferDraft[];
  pendingTransfer: TransferDraft | null;
  messages: LeftMessage[];
  problemExplanations: number;
  disconnect: (Omit<Disconnect, 'at'> & { at: number }) | null;
  wrapUp: { at: number; outcome: WrapUpOutcome; disposition: string } | null;
  /** Facts seen on the contact before its ContactStarted. */
  eventIdsBeforeStart: string[];
}

export interface CaseDraft {
  caseId: string;
  streamName: StreamName;
  opened: boolean;
  customerId: string | null;
  openedAt: number | null;
  subject: string | null;
  channel: Channel | null;
  duplicateOf: string | null;
  contactId: string | null;
  status: CaseStatus;
  assignments: { at: number; assigneeId: string }[];
  escalations: { at: number; to: string; from: string | null; reason: string; initiatedBy: Party }[];
  customerUpdates: { at: number; channel: Channel; contactId: string | null }[];
  resolutions: { at: number; resolvedBy: string | null; contactId: string | null }[];
  reopenings: { at: number; by: Party; reason: string }[];
  closed: { at: number; resolved: boolean; reason: string } | null;
  followUps: { at: number; outcome: FollowUpOutcome }[];
  feedback: { at: number; score: number | null }[];
  customerLost: { at: number; reason: string } | null;
  firstResponseAt: number | null;
  resolvedAt: number | null;
  /** The contact the current resolution was given on. */
  resolvedOnContactId: string | null;
  waitingSince: number | null;
  longestSilenceMs: number | null;
}

export interface CallbackDraft {
  callbackId: string;
  streamName: StreamName;
  requested: boolean;
  customerId: string | null;
  requestedAt: number | null;
  requestedBy: Party | null;
  assignedTo: string | null;
  contactId: string | null;
  caseId: string | null;
  promisedAt: number | null;
  promisedBy: string | null;
  originalDueBy: number | null;
  dueBy: number | null;
  attempts: { at: number; outcome: CallbackAttemptOutcome; agentId: string | null; contactId: string | null }[];
  completedAt: number | null;
  cancelled: { at: number; by: Party; reason: string } | null;
}

export interface ExpectationDraft {
  caseId: string;
  eventId: string;
  kind: ExpectationKind;
  what: string;
  promisedBy: string;
  contactId: string | null;
  madeAt: number;
  dueBy: number;
  keptAt: number | null;
  keptByEventId: string | null;
}

function newContact(contactId: string, streamName: StreamName): ContactDraft {
  return {
    contactId,
    streamName,
    started: false,
    channel: null,
    direction: null,
    origin: null,
    customerId: null,
    caseId: null,
    transferredFromContactId: null,
    answersCallbackId: null,
    startedAt: null,
    answeredAt: null,
    queueVisits: [],
    agents: [],
    holds: [],
    openHold: null,
    transfers: [],
    pendingTransfer: null,
    messages: [],
    problemExplanations: 0,
    disconnect: null,
    wrapUp: null,
    eventIdsBeforeStart: [],
  };
}

function newCase(caseId: string, streamName: StreamName): CaseDraft {
  return {
    caseId,
    streamName,
    opened: false,
    customerId: null,
    openedAt: null,
    subject: null,
    channel: null,
    duplicateOf: null,
    contactId: null,
    status: 'open',
    assignments: [],
    escalations: [],
    customerUpdates: [],
    resolutions: [],
    reopenings: [],
    closed: null,
    followUps: [],
    feedback: [],
    customerLost: null,
    firstResponseAt: null,
    resolvedAt: null,
    resolvedOnContactId: null,
    waitingSince: null,
    longestSilenceMs: null,
  };
}

function newCallback(callbackId: string, streamName: StreamName): CallbackDraft {
  return {
    callbackId,
    streamName,
    requested: false,
    customerId: null,
    requestedAt: null,
    requestedBy: null,
    assignedTo: null,
    contactId: null,
    caseId: null,
    promisedAt: null,
    promisedBy: null,
    originalDueBy: null,
    dueBy: null,
    attempts: [],
    completedAt: null,
    cancelled: null,
  };
}

/** Adds the agent to the chain unless they are already at its end: the same agent again is one run, not two. */
export function addAgent(agents: string[], agentId: string): void {
  if (agents.at(-1) !== agentId) agents.push(agentId);
}

/** A data-quality note citing its facts; the list of ids is copied, since a draft's own list goes on growing. */
export function dataQualityNote(
  code: DataQualityCode,
  streamName: StreamName | null,
  message: string,
  eventIds: readonly string[],
): DataQualityNote {
  return { code, streamName, message, eventIds: [...eventIds] };
}

/**
 * Everything one walk keeps: the drafts of its contacts, cases, callbacks and expectations, the notes it
 * raises on the way and what the walks of the three stream categories tell each other (who the customer
 * is, which contacts came to something, when each callback was answered).
 */
export class JourneyDrafts {
  readonly contacts = new Map<string, ContactDraft>();
  readonly cases = new Map<string, CaseDraft>();
  readonly callbacks = new Map<string, CallbackDraft>();
  readonly expectations: ExpectationDraft[] = [];
  readonly notes: DataQualityNote[] = [];
  /** Contacts on which something came of the conversation (see metrics.disconnects.droppedByUs). */
  readonly contactsWithOutcome = new Set<string>();
  /** The start of the contact that answered each callback. */
  readonly callbackAnsweredAt = new Map<string, number>();
  /** The first customer a fact named; any other one named is noted. */
  customerId: string | null = null;
  private readonly otherCustomers = new Set<string>();
  /** The times the customer explained the problem, on any contact of the journey. */
  explanations = 0;

  note(code: DataQualityCode, streamName: StreamName | null, message: string, eventIds: readonly string[]): void {
    this.notes.push(dataQualityNote(code, streamName, message, eventIds));
  }

  nameCustomer(candidate: string | undefined, fact: JourneyFact): void {
    if (candidate === undefined) return;
    if (this.customerId === null) this.customerId = candidate;
    else if (candidate !== this.customerId && !this.otherCustomers.has(candidate)) {
      this.otherCustomers.add(candidate);
      const message = `${candidate} is named besides ${this.customerId}`;
      this.note('several_customers', fact.streamName, message, [fact.eventId]);
    }
  }

  contactOf(id: string, streamName: StreamName): ContactDraft {
    let draft = this.contacts.get(id);
    if (!draft) {
      draft = newContact(id, streamName);
      this.contacts.set(id, draft);
    }
    return draft;
  }

  caseOf(id: string, streamName: StreamName): CaseDraft {
    let draft = this.cases.get(id);
    if (!draft) {
      draft = newCase(id, streamName);
      this.cases.set(id, draft);
    }
    return draft;
  }

  callbackOf(id: string, streamName: StreamName): CallbackDraft {
    let draft = this.callbacks.get(id);
    if (!draft) {
      draft = newCallback(id, streamName);
      this.callbacks.set(id, draft);
    }
    return draft;
  }

  /** Something came of the conversation on this contact: a callback, a case, an update named it. */
  markOutcome(contactId: string | undefined): void {
    if (contactId !== undefined) this.contactsWithOutcome.add(contactId);
  }
}
