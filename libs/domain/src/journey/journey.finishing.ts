/**
 * The end of the journey fold's walk: each draft (journey.drafts.ts) becomes the contact, case, callback or
 * expectation the Journey shows, in ISO instants, with what can only be known once every fact is in (a
 * repeat contact, a promise's status, the longest silence so far), judged as of `judgedAt`; and the notes on
 * drafts whose first fact (ContactStarted, CallbackRequested, CaseOpened) has not come.
 *
 * Finishing reads the drafts and never changes them: replay finishes the same walk after each of its steps
 * and walks on.
 */
import type {
  DataQualityNote,
  JourneyCallback,
  JourneyCase,
  JourneyContact,
  JourneyExpectation,
  JourneyHold,
  JourneyTransfer,
  PromiseStatus,
  QueueVisit,
} from './journey';
import {
  dataQualityNote,
  type CallbackDraft,
  type CaseDraft,
  type ContactDraft,
  type ExpectationDraft,
  type JourneyDrafts,
} from './journey.drafts';
import { iso, isoOrNull, since } from './journey-time';

/** The Journey's contacts, cases, callbacks and expectations from the drafts of one walk, judged as of `judgedAt`. */
export function finishDrafts(
  drafts: JourneyDrafts,
  judgedAt: number | null,
  windowMs: number,
): {
  readonly contacts: JourneyContact[];
  readonly cases: JourneyCase[];
  readonly callbacks: JourneyCallback[];
  readonly expectations: JourneyExpectation[];
} {
  const contactDrafts = [...drafts.contacts.values()];
  return {
    contacts: contactDrafts.map((draft) => finishContact(draft, contactDrafts, windowMs, drafts.contactsWithOutcome)),
    cases: [...drafts.cases.values()].map((draft) => finishCase(draft, judgedAt)),
    callbacks: [...drafts.callbacks.values()].map((draft) => finishCallback(draft, drafts.callbackAnsweredAt, judgedAt)),
    expectations: drafts.expectations.map((draft) => finishExpectation(draft, judgedAt)),
  };
}

/** Contacts, callbacks and cases that have facts but not the one that starts them, as the walk stands now. */
export function notesOnMissingStarts(drafts: JourneyDrafts): DataQualityNote[] {
  const notes: DataQualityNote[] = [];
  for (const contact of drafts.contacts.values()) {
    if (contact.started) continue;
    notes.push(
      dataQualityNote(
        'contact_never_started',
        contact.streamName,
        `Contact ${contact.contactId} has facts but no ContactStarted`,
        contact.eventIdsBeforeStart,
      ),
    );
  }
  for (const callback of drafts.callbacks.values()) {
    if (callback.requested) continue;
    notes.push(
      dataQualityNote(
        'callback_never_requested',
        callback.streamName,
        `Callback ${callback.callbackId} has facts but no CallbackRequested`,
        [],
      ),
    );
  }
  for (const kase of drafts.cases.values()) {
    if (kase.opened) continue;
    notes.push(dataQualityNote('case_never_opened', kase.streamName, `Case ${kase.caseId} has facts but no CaseOpened`, []));
  }
  return notes;
}

function finishContact(
  draft: ContactDraft,
  all: readonly ContactDraft[],
  windowMs: number,
  contactsWithOutcome: ReadonlySet<string>,
): JourneyContact {
  const { disconnect } = draft;
  // Something came of the conversation: see JourneyContact.droppedByUs.
  const hasOutcome =
    draft.wrapUp !== null ||
    draft.messages.length > 0 ||
    draft.transfers.some((transfer) => transfer.status === 'completed') ||
    contactsWithOutcome.has(draft.contactId);
  const queueVisits = draft.queueVisits.map((visit): QueueVisit => ({
    queueId: visit.queueId,
    queuedAt: iso(visit.queuedAt),
    answeredAt: isoOrNull(visit.answeredAt),
    waitMs: visit.leftAt === null ? null : visit.leftAt - visit.queuedAt,
    abandoned: visit.abandoned,
  }));
  return {
    contactId: draft.contactId,
    streamName: draft.streamName,
    channel: draft.channel,
    direction: draft.direction,
    origin: draft.origin,
    customerId: draft.customerId,
    caseId: draft.caseId,
    transferredFromContactId: draft.transferredFromContactId,
    answersCallbackId: draft.answersCallbackId,
    startedAt: isoOrNull(draft.startedAt),
    endedAt: isoOrNull(disconnect?.at ?? null),
    durationMs: disconnect && draft.startedAt !== null ? disconnect.at - draft.startedAt : null,
    answeredAt: isoOrNull(draft.answeredAt),
    queueVisits,
    queueWaitMs: queueVisits.reduce((total, visit) => total + (visit.waitMs ?? 0), 0),
    agents: [...draft.agents],
    holds: draft.holds.map((hold): JourneyHold => ({
      startedAt: iso(hold.startedAt),
      endedAt: isoOrNull(hold.endedAt),
      durationMs: hold.endedAt === null ? null : hold.endedAt - hold.startedAt,
      endedBy: hold.endedBy,
      customerConsent: hold.customerConsent,
      reason: hold.reason,
      customerDropped: hold.customerDropped,
      eventIds: [...hold.eventIds],
    })),
    transfers: draft.transfers.map((transfer): JourneyTransfer => ({
      kind: transfer.kind,
      target: { ...transfer.target },
      contextShared: transfer.contextShared,
      status: transfer.status,
      initiatedAt: isoOrNull(transfer.initiatedAt),
      settledAt: isoOrNull(transfer.settledAt),
      fromAgentId: transfer.fromAgentId,
      failureReason: transfer.failureReason,
      eventIds: [...transfer.eventIds],
    })),
    messages: [...draft.messages],
    problemExplanations: draft.problemExplanations,
    disconnect: disconnect && { ...disconnect, at: iso(disconnect.at) },
    abandoned: disconnect?.by === 'customer' && (disconnect.whileQueued || disconnect.whileOnHold),
    droppedByUs: disconnect !== null && disconnect.by !== 'customer' && !hasOutcome,
    repeat: isRepeat(draft, all, windowMs),
    wrapUp: draft.wrapUp && { ...draft.wrapUp, at: iso(draft.wrapUp.at) },
  };
}

/**
 * A repeat contact is the customer coming back: inbound, not a transfer leg or a callback we placed, and
 * started within the window after an earlier contact of the journey started.
 */
function isRepeat(contact: ContactDraft, all: readonly ContactDraft[], windowMs: number): boolean {
  const start = contact.startedAt;
  if (
    start === null ||
    contact.direction !== 'inbound' ||
    contact.origin === 'transfer' ||
    contact.origin === 'callback'
  ) {
    return false;
  }
  return all.some(
    (earlier) =>
      earlier !== contact &&
      earlier.startedAt !== null &&
      (earlier.startedAt < start || (earlier.startedAt === start && earlier.contactId < contact.contactId)) &&
      start - earlier.startedAt <= windowMs,
  );
}

function finishCase(draft: CaseDraft, judgedAt: number | null): JourneyCase {
  const endedAt =
    draft.status === 'resolved'
      ? draft.resolvedAt
      : draft.status === 'closed'
        ? (draft.closed?.at ?? null)
        : (draft.customerLost?.at ?? null);
  let longestSilenceMs = draft.longestSilenceMs;
  if (draft.waitingSince !== null && judgedAt !== null) {
    longestSilenceMs = Math.max(longestSilenceMs ?? 0, judgedAt - draft.waitingSince);
  }
  const resolvedAt = draft.resolvedAt;
  return {
    caseId: draft.caseId,
    streamName: draft.streamName,
    customerId: draft.customerId,
    openedAt: isoOrNull(draft.openedAt),
    subject: draft.subject,
    channel: draft.channel,
    duplicateOf: draft.duplicateOf,
    contactId: draft.contactId,
    status: draft.status,
    assignments: draft.assignments.map(({ at, ...rest }) => ({ at: iso(at), ...rest })),
    escalations: draft.escalations.map(({ at, ...rest }) => ({ at: iso(at), ...rest })),
    customerUpdates: draft.customerUpdates.map(({ at, ...rest }) => ({ at: iso(at), ...rest })),
    resolutions: draft.resolutions.map(({ at, ...rest }) => ({ at: iso(at), ...rest })),
    reopenings: draft.reopenings.map(({ at, ...rest }) => ({ at: iso(at), ...rest })),
    closed: draft.closed && { ...draft.closed, at: iso(draft.closed.at) },
    followUps: draft.followUps.map(({ at, ...rest }) => ({ at: iso(at), ...rest })),
    feedback: draft.feedback.map(({ at, ...rest }) => ({ at: iso(at), ...rest })),
    customerLost: draft.customerLost && { ...draft.customerLost, at: iso(draft.customerLost.at) },
    firstResponseAt: isoOrNull(draft.firstResponseAt),
    timeToFirstResponseMs: since(draft.openedAt, draft.firstResponseAt),
    resolvedAt: isoOrNull(resolvedAt),
    timeToResolutionMs: since(draft.openedAt, resolvedAt),
    endedAt: isoOrNull(endedAt),
    longestSilenceMs,
    followUpAfterResolution: resolvedAt !== null && draft.followUps.some((followUp) => followUp.at >= resolvedAt),
  };
}

/**
 * Judges a promise: kept by its due time, or late (broken, by how much), or still open at `judgedAt`
 * (broken once its due time has passed), or called off before it was due.
 */
function judgePromise(
  dueBy: number | null,
  keptAt: number | null,
  cancelledAt: number | null,
  judgedAt: number | null,
): { status: PromiseStatus; latenessMs: number | null } {
  if (keptAt !== null) {
    return dueBy !== null && keptAt > dueBy
      ? { status: 'broken', latenessMs: keptAt - dueBy }
      : { status: 'kept', latenessMs: 0 };
  }
  if (cancelledAt !== null) {
    return dueBy !== null && cancelledAt > dueBy
      ? { status: 'broken', latenessMs: cancelledAt - dueBy }
      : { status: 'cancelled', latenessMs: null };
  }
  if (dueBy !== null && judgedAt !== null && judgedAt > dueBy)
    return { status: 'broken', latenessMs: judgedAt - dueBy };
  return { status: 'pending', latenessMs: null };
}

function finishCallback(
  draft: CallbackDraft,
  answeredAt: ReadonlyMap<string, number>,
  judgedAt: number | null,
): JourneyCallback {
  // Calling back is what was promised: the first attempt keeps it whether or not the customer picks up.
  const keptCandidates = [draft.attempts[0]?.at, draft.completedAt, answeredAt.get(draft.callbackId)].filter(
    (at): at is number => at !== undefined && at !== null,
  );
  const keptAt = keptCandidates.length > 0 ? Math.min(...keptCandidates) : null;
  const { status, latenessMs } = judgePromise(draft.dueBy, keptAt, draft.cancelled?.at ?? null, judgedAt);
  return {
    callbackId: draft.callbackId,
    streamName: draft.streamName,
    customerId: draft.customerId,
    requestedAt: isoOrNull(draft.requestedAt),
    requestedBy: draft.requestedBy,
    assignedTo: draft.assignedTo,
    contactId: draft.contactId,
    caseId: draft.caseId,
    promisedAt: isoOrNull(draft.promisedAt),
    promisedBy: draft.promisedBy,
    originalDueBy: isoOrNull(draft.originalDueBy),
    dueBy: isoOrNull(draft.dueBy),
    attempts: draft.attempts.map(({ at, ...rest }) => ({ at: iso(at), ...rest })),
    completedAt: isoOrNull(draft.completedAt),
    cancelled: draft.cancelled && { ...draft.cancelled, at: iso(draft.cancelled.at) },
    status,
    keptAt: isoOrNull(keptAt),
    latenessMs,
  };
}

function finishExpectation(draft: ExpectationDraft, judgedAt: number | null): JourneyExpectation {
  const { status, latenessMs } = judgePromise(draft.dueBy, draft.keptAt, null, judgedAt);
  return {
    caseId: draft.caseId,
    eventId: draft.eventId,
    kind: draft.kind,
    what: draft.what,
    promisedBy: draft.promisedBy,
    contactId: draft.contactId,
    madeAt: iso(draft.madeAt),
    dueBy: iso(draft.dueBy),
    keptAt: isoOrNull(draft.keptAt),
    keptByEventId: draft.keptByEventId,
    status,
    latenessMs,
  };
}
