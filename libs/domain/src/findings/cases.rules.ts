/**
 * Rules over cases: a duplicate opened instead of a fix, a customer left without news, a resolution that
 * did not hold, a resolution nobody checked, a customer who had to go over someone's head, a customer
 * lost; and, over the journey's outcome, the good practice of resolving at first contact.
 */
import type { CaseEvent } from '../case/case.events';
import type { Journey, JourneyCase, TimelineEntry } from '../journey/journey';
import type { Finding, FindingRule } from './finding';
import { duration, entriesOf, entryOf, findingOf, idsOf, instant, isoAt, ms } from './finding-facts';

export const duplicateTicket: FindingRule = {
  code: 'DUPLICATE_TICKET',
  kind: 'failure',
  title: 'A new case opened for a problem that already had one',
  evaluate: (journey) =>
    journey.cases.flatMap((kase): Finding[] => {
      if (kase.duplicateOf === null || kase.openedAt === null) return [];
      const opened = entryOf(journey, kase.streamName, ['CaseOpened']);
      const closedUnresolved = kase.closed !== null && !kase.closed.resolved;
      const on = kase.contactId === null ? '' : ` on ${kase.contactId}`;
      const end = closedUnresolved
        ? `, and ${kase.caseId} was closed without a fix`
        : kase.resolvedAt === null
          ? ''
          : `; ${kase.caseId} was resolved later`;
      return [
        findingOf(journey, 'DUPLICATE_TICKET', 'failure', {
          severity: 'medium',
          subject: kase.streamName,
          sentence: `Case ${kase.caseId} was opened${on} as a duplicate of ${kase.duplicateOf}: the problem was handed on instead of solved${end}.`,
          evidence: idsOf(
            opened,
            closedUnresolved ? entryOf(journey, kase.streamName, ['CaseClosed'], kase.closed?.at) : undefined,
          ),
          at: kase.openedAt,
          details: {},
        }),
      ];
    }),
};

interface Wait {
  readonly from: number;
  readonly to: number;
  readonly startedBy: TimelineEntry;
  readonly endedBy: TimelineEntry | null;
  readonly endedByLoss: boolean;
}

/**
 * The stretches in which the case waited on us, as the fold measures its longest silence: from the
 * opening (or a reopening, or the last update) to the next status update, resolution, close or loss of
 * the customer; a wait still open runs to `judgedAt`.
 */
function waitsOf(journey: Journey, kase: JourneyCase): Wait[] {
  const waits: Wait[] = [];
  let open: { from: number; startedBy: TimelineEntry } | null = null;
  let status: 'open' | 'done' = 'open';
  let lost = false;
  const close = (entry: TimelineEntry, byLoss = false) => {
    if (open) waits.push({ ...open, to: ms(entry.occurredAt), endedBy: entry, endedByLoss: byLoss });
    open = null;
  };
  for (const entry of entriesOf(journey, kase.streamName)) {
    const at = ms(entry.occurredAt);
    // A case stream holds case events only: each is named, so a new one is a decision here.
    switch (entry.type as CaseEvent['type']) {
      case 'CaseOpened':
      case 'CaseReopened':
        status = 'open';
        if (!lost) open ??= { from: at, startedBy: entry };
        break;
      case 'CustomerUpdated':
        close(entry);
        if (status === 'open' && !lost) open = { from: at, startedBy: entry };
        break;
      case 'CaseResolved':
      case 'CaseClosed':
        close(entry);
        status = 'done';
        break;
      case 'CustomerLost':
        close(entry, true);
        lost = true;
        break;
      case 'CaseAssigned':
      case 'CaseEscalated':
      case 'FollowUpCompleted':
      case 'FeedbackReceived':
      case 'ExpectationSet':
        break;
    }
  }
  const stillOpen = open as { from: number; startedBy: TimelineEntry } | null;
  if (stillOpen && journey.judgedAt !== null) {
    waits.push({ ...stillOpen, to: ms(journey.judgedAt), endedBy: null, endedByLoss: false });
  }
  return waits;
}

/**
 * While a promise about the case is in force (made and not yet kept), the customer was told when to
 * expect news: that stretch is judged as the promise (kept, or a BROKEN_PROMISE with its lateness), not
 * as a silence, so one gap never gives two findings.
 */
function promisedStretches(journey: Journey, kase: JourneyCase): (readonly [number, number])[] {
  const end = journey.judgedAt === null ? Infinity : ms(journey.judgedAt);
  const expectations = journey.expectations
    .filter((expectation) => expectation.caseId === kase.caseId)
    .map(
      (expectation) => [ms(expectation.madeAt), expectation.keptAt === null ? end : ms(expectation.keptAt)] as const,
    );
  const callbacks = journey.callbacks
    .filter((callback) => callback.caseId === kase.caseId && callback.promisedAt !== null)
    .map((callback) => {
      const stop = callback.keptAt ?? callback.cancelled?.at ?? null;
      return [ms(callback.promisedAt ?? ''), stop === null ? end : ms(stop)] as const;
    });
  return [...expectations, ...callbacks];
}

/** The parts of [from, to] outside every stretch. */
function uncovered(from: number, to: number, stretches: readonly (readonly [number, number])[]): [number, number][] {
  let pieces: [number, number][] = [[from, to]];
  // A stretch that misses [from, to] misses every piece of it: only the few that meet it need the work.
  for (const [start, stop] of stretches.filter(([start, stop]) => stop > from && start < to)) {
    pieces = pieces.flatMap(([a, b]): [number, number][] => {
      if (stop <= a || start >= b) return [[a, b]];
      return [
        ...(start > a ? [[a, start] as [number, number]] : []),
        ...(stop < b ? [[stop, b] as [number, number]] : []),
      ];
    });
  }
  return pieces;
}

/**
 * A wait still open at `judgedAt`, the part of it no promise covers up to then: it grows with time alone
 * (a promise in force covers the wait to `judgedAt`, whatever `judgedAt` is, so a covered end stays so).
 */
function growingSilenceStart(journey: Journey, kase: JourneyCase): number | null {
  if (journey.judgedAt === null) return null;
  const judgedAt = ms(journey.judgedAt);
  const open = waitsOf(journey, kase).find((wait) => wait.endedBy === null);
  if (!open) return null;
  const last = uncovered(open.from, open.to, promisedStretches(journey, kase)).at(-1);
  return last && last[1] === judgedAt ? last[0] : null;
}

export const silence: FindingRule = {
  code: 'SILENCE',
  kind: 'failure',
  title: 'A case that waited too long without a status update',
  changesAt: (journey, { thresholds }) =>
    journey.cases.flatMap((kase) => {
      const start = growingSilenceStart(journey, kase);
      return start === null ? [] : [start + thresholds.silenceMs];
    }),
  // Computed here rather than read from the fold's `longestSilenceMs`: the fold does not know that a
  // promise in force covers the wait, nor when the threshold was first crossed.
  evaluate: (journey, { thresholds }) =>
    journey.cases.flatMap((kase): Finding[] => {
      const stretches = promisedStretches(journey, kase);
      const silences = waitsOf(journey, kase).flatMap((wait) =>
        uncovered(wait.from, wait.to, stretches).map(([from, to]) => ({ wait, from, to, length: to - from })),
      );
      const long = silences.filter((candidate) => candidate.length >= thresholds.silenceMs);
      if (long.length === 0) return [];
      const longest = long.reduce((a, b) => (b.length > a.length ? b : a));
      const first = long.reduce((a, b) => (b.from < a.from ? b : a));
      const tail = longest.wait.endedByLoss
        ? ', until the customer was lost'
        : longest.wait.endedBy
          ? ''
          : ', and counting';
      const never = kase.customerUpdates.length === 0 && kase.resolutions.length === 0 && kase.closed === null;
      return [
        findingOf(journey, 'SILENCE', 'failure', {
          severity: 'medium',
          subject: kase.streamName,
          sentence: `Case ${kase.caseId} went ${duration(longest.length)} without a status update${tail}${never ? '; it never had one' : ''}.`,
          evidence: long.flatMap(({ wait }) => idsOf(wait.startedBy, wait.endedBy)),
          at: isoAt(first.from + thresholds.silenceMs),
          details: { longestSilenceMs: longest.length, silences: long.length, thresholdMs: thresholds.silenceMs },
        }),
      ];
    }),
};

export const reopened: FindingRule = {
  code: 'REOPENED',
  kind: 'failure',
  title: 'A resolution that did not hold: the case was reopened',
  evaluate: (journey) =>
    journey.cases.flatMap((kase) => {
      const entries = entriesOf(journey, kase.streamName);
      return entries.flatMap((entry, index): Finding[] => {
        if (entry.type !== 'CaseReopened') return [];
        const before = entries
          .slice(0, index)
          .filter((candidate) => candidate.type === 'CaseResolved' || candidate.type === 'CaseClosed')
          .at(-1);
        const after = before ? ` ${duration(ms(entry.occurredAt) - ms(before.occurredAt))} later` : '';
        const what = before?.type === 'CaseClosed' ? 'closed' : 'resolved';
        return [
          findingOf(journey, 'REOPENED', 'failure', {
            severity: 'medium',
            subject: entry.eventId,
            sentence: `Case ${kase.caseId} was ${what}, then reopened by the ${entry.data.by}${after}: "${entry.data.reason}".`,
            evidence: idsOf(before, entry),
            at: entry.occurredAt,
            details: before ? { heldMs: ms(entry.occurredAt) - ms(before.occurredAt) } : {},
          }),
        ];
      });
    }),
};

/**
 * Whether the customer was on a live contact when the case was resolved: the resolution names a contact
 * of the journey, or came while one was going on. The customer then heard the fix and could say whether
 * it worked; a resolution sent in writing, or made with nobody on the line, needs a check back.
 */
function resolvedWithCustomer(journey: Journey, kase: JourneyCase): boolean {
  const last = kase.resolutions.at(-1);
  if (last?.contactId && journey.contacts.some((contact) => contact.contactId === last.contactId)) return true;
  if (kase.resolvedAt === null) return false;
  const at = ms(kase.resolvedAt);
  return journey.contacts.some(
    (contact) =>
      contact.answeredAt !== null &&
      ms(contact.answeredAt) <= at &&
      (contact.endedAt === null || at <= ms(contact.endedAt)),
  );
}

/** A case resolved without the customer witnessing it, not yet followed up, the customer not lost. */
function awaitsFollowUp(journey: Journey, kase: JourneyCase): boolean {
  if (kase.resolvedAt === null || kase.followUpAfterResolution || kase.customerLost !== null) return false;
  return !resolvedWithCustomer(journey, kase);
}

export const noFollowUp: FindingRule = {
  code: 'NO_FOLLOW_UP',
  kind: 'failure',
  title: 'A resolution the customer did not witness, never followed up',
  changesAt: (journey, { thresholds }) =>
    journey.cases.flatMap((kase) =>
      awaitsFollowUp(journey, kase) && kase.resolvedAt !== null ? [ms(kase.resolvedAt) + thresholds.followUpWithinMs] : [],
    ),
  evaluate: (journey, { thresholds }) =>
    journey.cases.flatMap((kase): Finding[] => {
      if (!awaitsFollowUp(journey, kase) || kase.resolvedAt === null || journey.judgedAt === null) return [];
      const waited = ms(journey.judgedAt) - ms(kase.resolvedAt);
      if (waited < thresholds.followUpWithinMs) return [];
      return [
        findingOf(journey, 'NO_FOLLOW_UP', 'failure', {
          severity: 'low',
          subject: kase.streamName,
          sentence: `Case ${kase.caseId} was resolved on ${instant(kase.resolvedAt)} without the customer on the line, and nobody checked back in the ${duration(waited)} that followed.`,
          evidence: idsOf(entryOf(journey, kase.streamName, ['CaseResolved', 'CaseClosed'], kase.resolvedAt)),
          at: isoAt(ms(kase.resolvedAt) + thresholds.followUpWithinMs),
          details: { sinceResolutionMs: waited, thresholdMs: thresholds.followUpWithinMs },
        }),
      ];
    }),
};

export const customerEscalated: FindingRule = {
  code: 'CUSTOMER_ESCALATED',
  kind: 'failure',
  title: 'The customer had to escalate, going over the owner',
  evaluate: (journey) =>
    journey.cases.flatMap((kase) =>
      entriesOf(journey, kase.streamName).flatMap((entry): Finding[] => {
        if (entry.type !== 'CaseEscalated' || entry.data.initiatedBy !== 'customer') return [];
        const { from, to } = entry.data;
        const resolution = entriesOf(journey, kase.streamName).find(
          (candidate) =>
            (candidate.type === 'CaseResolved' || (candidate.type === 'CaseClosed' && candidate.data.resolved)) &&
            ms(candidate.occurredAt) >= ms(entry.occurredAt),
        );
        const sentence = from
          ? resolution
            ? `The customer had to go over ${from}'s head to ${to} to get case ${kase.caseId} resolved.`
            : `The customer went over ${from}'s head to ${to} about case ${kase.caseId}.`
          : resolution
            ? `The customer had to escalate case ${kase.caseId} to ${to} to get it resolved.`
            : `The customer escalated case ${kase.caseId} to ${to}.`;
        return [
          findingOf(journey, 'CUSTOMER_ESCALATED', 'failure', {
            severity: 'medium',
            subject: entry.eventId,
            sentence,
            evidence: idsOf(entry, resolution),
            at: entry.occurredAt,
            details: {},
          }),
        ];
      }),
    ),
};

export const customerLost: FindingRule = {
  code: 'CUSTOMER_LOST',
  kind: 'failure',
  title: 'The customer ended the relationship',
  evaluate: (journey) =>
    journey.cases.flatMap((kase): Finding[] => {
      if (kase.customerLost === null) return [];
      const never = kase.resolutions.length === 0 && !kase.closed?.resolved ? ', which was never resolved' : '';
      return [
        findingOf(journey, 'CUSTOMER_LOST', 'failure', {
          severity: 'critical',
          subject: kase.streamName,
          sentence: `The customer was lost over case ${kase.caseId}${never}: "${kase.customerLost.reason}".`,
          evidence: idsOf(entryOf(journey, kase.streamName, ['CustomerLost'])),
          at: kase.customerLost.at,
          details: journey.startedAt === null ? {} : { journeyMs: ms(kase.customerLost.at) - ms(journey.startedAt) },
        }),
      ];
    }),
};

export const resolvedFirstContact: FindingRule = {
  code: 'RESOLVED_FIRST_CONTACT',
  kind: 'good_practice',
  title: 'Resolved at first contact',
  // The fold decides the outcome (METRICS.md): resolved on the first contact, nothing reopened, no other
  // contact within the repeat window. Its window is the fold's; the sentence quotes the rulebook's.
  evaluate: (journey, { thresholds }) => {
    const { metrics } = journey;
    const first = journey.contacts[0];
    if (metrics.outcome !== 'resolved_first_contact' || metrics.resolvedAt === null || !first) return [];
    const resolutions = journey.cases.flatMap((kase) =>
      kase.resolvedAt === null
        ? []
        : idsOf(entryOf(journey, kase.streamName, ['CaseResolved', 'CaseClosed'], kase.resolvedAt)),
    );
    const resolvers = journey.cases.flatMap((kase) => kase.resolutions.at(-1)?.resolvedBy ?? []);
    const by = resolvers.at(-1) ?? first.agents.at(-1);
    const windowEnds = isoAt(ms(metrics.resolvedAt) + thresholds.repeatContactWindowMs);
    const settled = metrics.outcomeProvisional
      ? `; it stands if no other contact comes before ${instant(windowEnds)}`
      : ', and the customer did not have to come back';
    return [
      findingOf(journey, 'RESOLVED_FIRST_CONTACT', 'good_practice', {
        severity: 'info',
        subject: first.streamName,
        sentence: `The problem was resolved on the first contact, ${first.contactId}${by ? ` (by ${by})` : ''}${settled}.`,
        evidence: [
          ...idsOf(entryOf(journey, first.streamName, ['ContactStarted'])),
          ...resolutions,
          ...idsOf(first.wrapUp && entryOf(journey, first.streamName, ['ContactWrappedUp'], first.wrapUp.at)),
        ],
        at: metrics.resolvedAt,
        details: { provisional: metrics.outcomeProvisional ? 1 : 0 },
      }),
    ];
  },
};
