/**
 * A journey's metrics and outcome, measured on its finished parts (journey.finishing.ts). What each metric
 * means is written on the fields of JourneyMetrics (journey.ts) and, with the choices behind it, in
 * METRICS.md beside this file: a change here is a change there.
 *
 * Metrics are read off the finished contacts, cases, callbacks and expectations, never off the facts or the
 * drafts, so what a journey shows and what it counts cannot disagree.
 */
import type { DisconnectParty } from '../contact/contact.events';
import type {
  JourneyCallback,
  JourneyCase,
  JourneyContact,
  JourneyExpectation,
  JourneyMetrics,
  JourneyOutcome,
  PromiseStatus,
} from './journey';
import { addAgent } from './journey.drafts';
import { instantOf } from './journey-fact';
import { isoOrNull, since } from './journey-time';

export interface MeasureInput {
  readonly contacts: readonly JourneyContact[];
  readonly cases: readonly JourneyCase[];
  readonly callbacks: readonly JourneyCallback[];
  readonly expectations: readonly JourneyExpectation[];
  readonly startedAt: number | null;
  readonly judgedAt: number | null;
  readonly windowMs: number;
}

export function measure(input: MeasureInput): JourneyMetrics {
  const { contacts, cases, callbacks, expectations } = input;
  const holds = contacts.flatMap((contact) => contact.holds);
  const endedHolds = holds.filter((hold) => hold.durationMs !== null).map((hold) => hold.durationMs ?? 0);
  const holdTotal = sum(endedHolds);
  const visits = contacts.flatMap((contact) => contact.queueVisits);
  const waits = visits.map((visit) => visit.waitMs ?? 0);
  const transfers = contacts.flatMap((contact) => contact.transfers);
  const completed = transfers.filter((transfer) => transfer.status === 'completed');
  const explanations = sum(contacts.map((contact) => contact.problemExplanations));
  const disconnects = contacts.flatMap((contact) => (contact.disconnect ? [contact] : []));
  const countBy = (party: DisconnectParty) => disconnects.filter((contact) => contact.disconnect?.by === party).length;

  const promises = [...callbacks.filter((callback) => callback.dueBy !== null), ...expectations];
  const countStatus = (status: PromiseStatus) => promises.filter((promise) => promise.status === status).length;

  const caseOpenings = cases.flatMap((kase) => (kase.openedAt ? [instantOf(kase.openedAt)] : []));
  const firstResponses = cases.flatMap((kase) => (kase.firstResponseAt ? [instantOf(kase.firstResponseAt)] : []));
  const silences = cases.flatMap((kase) => (kase.longestSilenceMs === null ? [] : [kase.longestSilenceMs]));
  const firstOpened = caseOpenings.length > 0 ? Math.min(...caseOpenings) : null;
  const firstResponse = firstResponses.length > 0 ? Math.min(...firstResponses) : null;

  const { resolvedAt, onFirstContact } = resolution(contacts, cases);
  const outcome = outcomeOf(input, resolvedAt, onFirstContact);

  return {
    contacts: {
      count: contacts.length,
      inbound: contacts.filter((contact) => contact.direction === 'inbound').length,
      outbound: contacts.filter((contact) => contact.direction === 'outbound').length,
      channels: distinct(contacts.flatMap((contact) => (contact.channel ? [contact.channel] : []))),
      repeatContacts: contacts.filter((contact) => contact.repeat).length,
    },
    queue: {
      queued: contacts.filter((contact) => contact.queueVisits.length > 0).length,
      totalWaitMs: sum(waits),
      longestWaitMs: Math.max(0, ...waits),
      abandonedInQueue: visits.filter((visit) => visit.abandoned).length,
    },
    holds: {
      count: holds.length,
      totalMs: holdTotal,
      longestMs: Math.max(0, ...endedHolds),
      averageMs: endedHolds.length > 0 ? holdTotal / endedHolds.length : null,
      withoutConsent: holds.filter((hold) => hold.customerConsent === 'no').length,
      customerDroppedOnHold: holds.filter((hold) => hold.customerDropped).length,
    },
    transfers: {
      count: completed.length,
      blind: completed.filter((transfer) => transfer.kind === 'blind').length,
      withoutContext: completed.filter((transfer) => !transfer.contextShared).length,
      failed: transfers.filter((transfer) => transfer.status === 'failed').length,
      agentChain: contacts.reduce<string[]>((chain, contact) => {
        for (const agent of contact.agents) addAgent(chain, agent);
        return chain;
      }, []),
      problemExplanations: explanations,
      explainedAgain: Math.max(0, explanations - 1),
    },
    disconnects: {
      customer: countBy('customer'),
      agent: countBy('agent'),
      system: countBy('system'),
      network: countBy('network'),
      droppedByUs: contacts.filter((contact) => contact.droppedByUs).length,
    },
    abandoned: contacts.filter((contact) => contact.abandoned).length,
    promises: {
      callbacksRequested: callbacks.length,
      callbacksNeverAttempted: callbacks.filter(
        (callback) => callback.attempts.length === 0 && callback.completedAt === null && callback.cancelled === null,
      ).length,
      made: promises.length,
      kept: countStatus('kept'),
      broken: countStatus('broken'),
      pending: countStatus('pending'),
      cancelled: countStatus('cancelled'),
      totalLatenessMs: sum(promises.map((promise) => (promise.status === 'broken' ? (promise.latenessMs ?? 0) : 0))),
    },
    cases: {
      count: cases.length,
      escalations: sum(cases.map((kase) => kase.escalations.length)),
      duplicates: cases.filter((kase) => kase.duplicateOf !== null).length,
      reopened: sum(cases.map((kase) => kase.reopenings.length)),
      timeToFirstResponseMs: since(firstOpened, firstResponse),
      timeToResolutionMs: since(input.startedAt, resolvedAt),
      longestSilenceMs: silences.length > 0 ? Math.max(...silences) : null,
      followUpAfterResolution: cases.some((kase) => kase.followUpAfterResolution),
    },
    resolvedAt: isoOrNull(resolvedAt),
    outcome,
    outcomeProvisional:
      outcome === 'resolved_first_contact' &&
      resolvedAt !== null &&
      input.judgedAt !== null &&
      input.judgedAt < resolvedAt + input.windowMs,
  };
}

/**
 * When the journey became resolved, and whether on its first contact. With cases: every case that is
 * not a duplicate of another case in the journey is resolved, and the last of those resolutions is the
 * moment. Without cases: the latest wrap-up of a contact says `resolved`.
 */
function resolution(
  contacts: readonly JourneyContact[],
  cases: readonly JourneyCase[],
): { resolvedAt: number | null; onFirstContact: boolean } {
  const first = contacts[0];
  const caseIds = new Set(cases.map((kase) => kase.caseId));
  const primary = cases.filter((kase) => kase.duplicateOf === null || !caseIds.has(kase.duplicateOf));
  if (primary.length > 0) {
    if (primary.some((kase) => kase.resolvedAt === null)) return { resolvedAt: null, onFirstContact: false };
    const resolvedAt = Math.max(...primary.map((kase) => instantOf(kase.resolvedAt ?? '')));
    const onFirstContact =
      first !== undefined &&
      primary.every((kase) => kase.resolutions.at(-1)?.contactId === first.contactId || resolvedDuring(kase, first)) &&
      // A case the customer opened in writing before the first contact was a first contact of its own.
      !cases.some(
        (kase) =>
          kase.contactId === null &&
          kase.openedAt !== null &&
          (first.startedAt === null || kase.openedAt < first.startedAt),
      );
    return { resolvedAt, onFirstContact };
  }
  const wrapUps = contacts.flatMap((contact) => (contact.wrapUp ? [{ contact, wrapUp: contact.wrapUp }] : []));
  const last = wrapUps.reduce<(typeof wrapUps)[number] | undefined>(
    (latest, candidate) => (latest === undefined || candidate.wrapUp.at >= latest.wrapUp.at ? candidate : latest),
    undefined,
  );
  if (last?.wrapUp.outcome !== 'resolved') return { resolvedAt: null, onFirstContact: false };
  return { resolvedAt: instantOf(last.wrapUp.at), onFirstContact: last.contact === first };
}

/** A resolution with no contact named, given while the contact was going on. */
function resolvedDuring(kase: JourneyCase, contact: JourneyContact): boolean {
  const last = kase.resolutions.at(-1);
  if (!last || last.contactId !== null || contact.startedAt === null || kase.resolvedAt === null) return false;
  const at = instantOf(kase.resolvedAt);
  return at >= instantOf(contact.startedAt) && (contact.endedAt === null || at <= instantOf(contact.endedAt));
}

function outcomeOf(input: MeasureInput, resolvedAt: number | null, onFirstContact: boolean): JourneyOutcome {
  const { contacts, cases, windowMs } = input;
  if (cases.some((kase) => kase.customerLost !== null)) return 'customer_lost';
  if (resolvedAt === null) return 'unresolved';
  const first = contacts[0];
  const reopened = cases.some((kase) => kase.reopenings.length > 0);
  const contactAfter = contacts.some((contact) => {
    if (contact === first || contact.startedAt === null) return false;
    const start = instantOf(contact.startedAt);
    return start > resolvedAt && start - resolvedAt <= windowMs;
  });
  return onFirstContact && !reopened && !contactAfter ? 'resolved_first_contact' : 'resolved_later';
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
