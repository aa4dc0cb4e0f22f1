/**
 * The journey as the fold hands it out: one customer's problem, from the first contact to the follow-up,
 * with its timeline, its contacts, cases and promises, its metrics and its data-quality notes.
 *
 * Plain JSON all the way down, so the read model can store it and GraphQL can serve it as is: instants
 * are ISO-8601 strings in UTC (`2026-03-05T10:29:30.000Z`), durations are milliseconds, `$all` positions
 * are decimal strings, and an absent value is `null`, never `undefined`. The definitions of the metrics
 * are written next to each field and gathered in METRICS.md.
 */
import type { JourneyEvent } from '../catalog/event-catalog';
import type { CallbackAttemptOutcome } from '../callback/callback.events';
import type { ExpectationKind, FollowUpOutcome } from '../case/case.events';
import type {
  ContactDirection,
  ContactOrigin,
  DisconnectParty,
  HoldConsent,
  MessageKind,
  TransferKind,
  TransferTargetType,
  WrapUpOutcome,
} from '../contact/contact.events';
import type { Channel, Party } from '../shared/schema';
import type { StreamName } from '../shared/stream-name';

export interface Journey {
  /** The first customer a fact of the journey names; another one is a data-quality note. */
  readonly customerId: string | null;
  /** The streams that have facts in this journey, in the order they first appear on the timeline. */
  readonly streams: readonly StreamName[];
  /** The first and last facts' `occurredAt`; null only for a journey without facts. */
  readonly startedAt: string | null;
  readonly lastActivityAt: string | null;
  /**
   * The moment open promises and silences are judged against: `asOf` when given, otherwise the last
   * fact's `occurredAt`. The fold never reads a clock.
   */
  readonly judgedAt: string | null;
  readonly timeline: readonly TimelineEntry[];
  readonly contacts: readonly JourneyContact[];
  readonly cases: readonly JourneyCase[];
  readonly callbacks: readonly JourneyCallback[];
  /** Promises other than callbacks (ExpectationSet on a case). */
  readonly expectations: readonly JourneyExpectation[];
  readonly metrics: JourneyMetrics;
  readonly notes: readonly DataQualityNote[];
}

/** One fact on the timeline, with a sentence a person can read. */
export type TimelineEntry = JourneyEvent & {
  readonly eventId: string;
  readonly streamName: StreamName;
  readonly occurredAt: string;
  readonly recordedAt: string;
  /** Its `$all` commit position, as a decimal string. */
  readonly position: string;
  readonly source: string;
  /** "C-1 was put on hold (to confirm identity) without the customer's consent." */
  readonly description: string;
};

export interface JourneyContact {
  readonly contactId: string;
  readonly streamName: StreamName;
  /** From ContactStarted; null while it has not arrived. */
  readonly channel: Channel | null;
  readonly direction: ContactDirection | null;
  readonly origin: ContactOrigin | null;
  readonly customerId: string | null;
  readonly caseId: string | null;
  readonly transferredFromContactId: string | null;
  readonly answersCallbackId: string | null;
  readonly startedAt: string | null;
  /** When it was disconnected; null while it goes on. */
  readonly endedAt: string | null;
  readonly durationMs: number | null;
  /** When an agent first took it. */
  readonly answeredAt: string | null;
  readonly queueVisits: readonly QueueVisit[];
  /** Queue wait: the sum of the measured waits of its queue visits. */
  readonly queueWaitMs: number;
  /** The agents who had the customer, in order, without consecutive repeats. */
  readonly agents: readonly string[];
  readonly holds: readonly JourneyHold[];
  readonly transfers: readonly JourneyTransfer[];
  readonly messages: readonly LeftMessage[];
  /** How many times the customer explained the problem on this contact. */
  readonly problemExplanations: number;
  readonly disconnect: Disconnect | null;
  /** Abandoned: the customer disconnected while queued or on hold. */
  readonly abandoned: boolean;
  /**
   * Dropped by us: ended from our side (agent, system or network) with nothing to show for it: no
   * wrap-up, no case opened, resolved or updated on it, no promise or callback request made on it, no
   * completed transfer, no message left. The contact was cut off, not finished.
   */
  readonly droppedByUs: boolean;
  /**
   * A repeat contact: the customer coming back. Inbound, not a transfer leg or a callback we placed, and
   * started within the repeat window (7 days by default) after an earlier contact of the same journey.
   */
  readonly repeat: boolean;
  readonly wrapUp: WrapUp | null;
}

export interface QueueVisit {
  readonly queueId: string;
  readonly queuedAt: string;
  /** When an agent took it out of this queue; null if none did. */
  readonly answeredAt: string | null;
  /** Queued until answered, or until disconnected unanswered; null while still waiting. */
  readonly waitMs: number | null;
  /** The customer hung up while waiting in this queue. */
  readonly abandoned: boolean;
}

export interface JourneyHold {
  readonly startedAt: string;
  /** Taken off hold, or the contact's disconnect while on hold; null while the hold goes on. */
  readonly endedAt: string | null;
  readonly durationMs: number | null;
  readonly endedBy: 'resumed' | 'disconnect' | null;
  readonly customerConsent: HoldConsent;
  readonly reason: string;
  /** The customer hung up while on this hold. */
  readonly customerDropped: boolean;
  readonly eventIds: readonly string[];
}

export interface JourneyTransfer {
  readonly kind: TransferKind;
  readonly target: { readonly type: TransferTargetType; readonly id: string };
  /** Whether what the customer had said went along. */
  readonly contextShared: boolean;
  readonly status: 'pending' | 'completed' | 'failed';
  readonly initiatedAt: string | null;
  readonly settledAt: string | null;
  /** The agent who had the contact when the transfer began. */
  readonly fromAgentId: string | null;
  readonly failureReason: string | null;
  readonly eventIds: readonly string[];
}

export interface LeftMessage {
  readonly at: string;
  readonly kind: MessageKind;
  readonly leftBy: 'customer' | 'agent';
  readonly recipientId: string | null;
}

export interface Disconnect {
  readonly at: string;
  readonly by: DisconnectParty;
  readonly reason: string;
  readonly whileQueued: boolean;
  readonly whileOnHold: boolean;
}

export interface WrapUp {
  readonly at: string;
  readonly outcome: WrapUpOutcome;
  readonly disposition: string;
}

export type CaseStatus = 'open' | 'resolved' | 'closed';

export interface JourneyCase {
  readonly caseId: string;
  readonly streamName: StreamName;
  readonly customerId: string | null;
  readonly openedAt: string | null;
  readonly subject: string | null;
  readonly channel: Channel | null;
  /** The earlier case about the same problem. */
  readonly duplicateOf: string | null;
  /** The contact it was opened on. */
  readonly contactId: string | null;
  readonly status: CaseStatus;
  readonly assignments: readonly { readonly at: string; readonly assigneeId: string }[];
  readonly escalations: readonly {
    readonly at: string;
    readonly to: string;
    readonly from: string | null;
    readonly reason: string;
    readonly initiatedBy: Party;
  }[];
  readonly customerUpdates: readonly {
    readonly at: string;
    readonly channel: Channel;
    readonly contactId: string | null;
  }[];
  readonly resolutions: readonly {
    readonly at: string;
    readonly resolvedBy: string | null;
    readonly contactId: string | null;
  }[];
  readonly reopenings: readonly { readonly at: string; readonly by: Party; readonly reason: string }[];
  readonly closed: { readonly at: string; readonly resolved: boolean; readonly reason: string } | null;
  readonly followUps: readonly { readonly at: string; readonly outcome: FollowUpOutcome }[];
  readonly feedback: readonly { readonly at: string; readonly score: number | null }[];
  readonly customerLost: { readonly at: string; readonly reason: string } | null;
  /**
   * First response: the first CustomerUpdated, CaseResolved or CaseClosed on the case. A contact the
   * customer made to chase the case is not a response.
   */
  readonly firstResponseAt: string | null;
  /** Time to first response: opened → first response. */
  readonly timeToFirstResponseMs: number | null;
  /**
   * When the case last became resolved (CaseResolved, or CaseClosed with `resolved`) and stayed so;
   * null when it is not resolved now.
   */
  readonly resolvedAt: string | null;
  /** Time to resolution: opened → resolvedAt (a reopened case counts to its final resolution). */
  readonly timeToResolutionMs: number | null;
  /** Where the case stopped waiting for us: resolvedAt, closed, or the customer lost; null while it waits. */
  readonly endedAt: string | null;
  /**
   * Longest silence: the longest stretch in which the customer waited with no status update
   * (CustomerUpdated, CaseResolved, CaseClosed). Waiting starts at the opening and again at each
   * reopening; it stops at a resolution, a close or the loss of the customer, and is otherwise
   * measured up to `judgedAt`.
   */
  readonly longestSilenceMs: number | null;
  /** A follow-up was completed after the case's final resolution. */
  readonly followUpAfterResolution: boolean;
}

/**
 * How a promise stands at `judgedAt`:
 * - kept: kept by its due time;
 * - broken: kept after its due time, or still not kept when the due time had passed;
 * - pending: not kept, and not due yet (or no due time was given);
 * - cancelled: called off before it was kept and before it was due.
 */
export type PromiseStatus = 'kept' | 'broken' | 'pending' | 'cancelled';

interface PromiseOutcome {
  readonly status: PromiseStatus;
  /** When it was kept; null if it was not. */
  readonly keptAt: string | null;
  /**
   * How late: keptAt − dueBy for a promise kept late; for one never kept, how far past due it was at
   * `judgedAt` (or at its cancellation). 0 for one kept in time; null when nothing is due yet.
   */
  readonly latenessMs: number | null;
}

export interface JourneyCallback extends PromiseOutcome {
  readonly callbackId: string;
  readonly streamName: StreamName;
  readonly customerId: string | null;
  readonly requestedAt: string | null;
  readonly requestedBy: Party | null;
  readonly assignedTo: string | null;
  readonly contactId: string | null;
  readonly caseId: string | null;
  /** When a time was first committed to; null for a request nobody promised. */
  readonly promisedAt: string | null;
  readonly promisedBy: string | null;
  /** The due time of the first promise, and the one in force (a later promise replaces it). */
  readonly originalDueBy: string | null;
  readonly dueBy: string | null;
  readonly attempts: readonly {
    readonly at: string;
    readonly outcome: CallbackAttemptOutcome;
    readonly agentId: string | null;
    readonly contactId: string | null;
  }[];
  readonly completedAt: string | null;
  readonly cancelled: { readonly at: string; readonly by: Party; readonly reason: string } | null;
}

export interface JourneyExpectation extends PromiseOutcome {
  readonly caseId: string;
  readonly kind: ExpectationKind;
  readonly what: string;
  readonly promisedBy: string;
  readonly contactId: string | null;
  readonly madeAt: string;
  readonly dueBy: string;
  /** The event that kept it. */
  readonly keptByEventId: string | null;
  readonly eventId: string;
}

export type JourneyOutcome = 'resolved_first_contact' | 'resolved_later' | 'unresolved' | 'customer_lost';

export interface JourneyMetrics {
  readonly contacts: {
    /** Contacts: the contact streams of the journey (calls, chats, emails, message sessions). */
    readonly count: number;
    readonly inbound: number;
    readonly outbound: number;
    /** The channels used, in the order first used. */
    readonly channels: readonly Channel[];
    /** Repeat contacts (see JourneyContact.repeat). */
    readonly repeatContacts: number;
  };
  readonly queue: {
    /** Contacts that entered a queue. */
    readonly queued: number;
    /** Queue wait: queued → answered (or → hung up unanswered), summed and longest, over all visits. */
    readonly totalWaitMs: number;
    readonly longestWaitMs: number;
    /** Queue abandons: the customer hung up while waiting in a queue. */
    readonly abandonedInQueue: number;
  };
  readonly holds: {
    readonly count: number;
    /** Hold time of the holds that ended (taken off hold or disconnected on hold). */
    readonly totalMs: number;
    readonly longestMs: number;
    /** Average hold: total hold time ÷ holds that ended; null without one. */
    readonly averageMs: number | null;
    /** Holds the customer did not agree to (`customerConsent` `no`); `unknown` is not counted. */
    readonly withoutConsent: number;
    /** Holds on which the customer hung up. */
    readonly customerDroppedOnHold: number;
  };
  readonly transfers: {
    /** Completed transfers. */
    readonly count: number;
    /** Blind (cold) transfers: completed without the transferring agent staying on. */
    readonly blind: number;
    /** Completed transfers that did not pass on what the customer had said. */
    readonly withoutContext: number;
    readonly failed: number;
    /** Every agent who had the customer, across contacts in order, without consecutive repeats. */
    readonly agentChain: readonly string[];
    /** How many times the customer explained the problem in the journey. */
    readonly problemExplanations: number;
    /** Times the customer had to explain again: explanations beyond the first. */
    readonly explainedAgain: number;
  };
  /** Contacts ended, by who ended them. */
  readonly disconnects: {
    readonly customer: number;
    readonly agent: number;
    readonly system: number;
    readonly network: number;
    /** Contacts dropped by us (see JourneyContact.droppedByUs). */
    readonly droppedByUs: number;
  };
  /** Abandoned contacts: the customer disconnected while queued or on hold. */
  readonly abandoned: number;
  readonly promises: {
    readonly callbacksRequested: number;
    /** Callback requests that were never attempted by `judgedAt`. */
    readonly callbacksNeverAttempted: number;
    /** Promises made: callbacks promised by a time, plus expectations set. */
    readonly made: number;
    readonly kept: number;
    readonly broken: number;
    readonly pending: number;
    readonly cancelled: number;
    /** The lateness of the broken promises, summed. */
    readonly totalLatenessMs: number;
  };
  readonly cases: {
    readonly count: number;
    readonly escalations: number;
    /** Cases opened as a duplicate of another. */
    readonly duplicates: number;
    /** Reopenings, over all cases. */
    readonly reopened: number;
    /** The journey's first case opened → the first response on any of its cases. */
    readonly timeToFirstResponseMs: number | null;
    /** The journey's start → the moment it was resolved (see `resolvedAt`); null while unresolved. */
    readonly timeToResolutionMs: number | null;
    /** The longest silence of any of its cases. */
    readonly longestSilenceMs: number | null;
    /** Some case was followed up after its final resolution. */
    readonly followUpAfterResolution: boolean;
  };
  /**
   * Resolved: every case that is not a duplicate of another case in the journey is resolved; in a
   * journey without cases, its last contact was wrapped up `resolved`. This is when that became true.
   */
  readonly resolvedAt: string | null;
  /**
   * - customer_lost: the customer ended the relationship (wins over everything else);
   * - resolved_first_contact: resolved on the journey's first contact, no case reopened, and no further
   *   contact within the repeat window (7 days) after the resolution;
   * - resolved_later: resolved otherwise;
   * - unresolved.
   */
  readonly outcome: JourneyOutcome;
  /** A first-contact resolution whose window has not passed by `judgedAt`: a later contact may undo it. */
  readonly outcomeProvisional: boolean;
}

export type DataQualityCode =
  | 'invalid_time'
  | 'event_on_wrong_stream'
  | 'conflicting_duplicate'
  | 'several_customers'
  | 'contact_never_started'
  | 'contact_started_twice'
  | 'events_before_contact_started'
  | 'event_after_disconnect'
  | 'disconnected_twice'
  | 'hold_end_without_start'
  | 'hold_started_while_on_hold'
  | 'transfer_completed_without_initiation'
  | 'transfer_failed_without_initiation'
  | 'callback_never_requested'
  | 'case_never_opened'
  | 'case_opened_twice'
  | 'reopened_without_resolution';

/** A sequence anomaly or other doubt about the facts, kept as data with the facts that show it. */
export interface DataQualityNote {
  readonly code: DataQualityCode;
  readonly streamName: StreamName | null;
  readonly message: string;
  readonly eventIds: readonly string[];
}
