/**
 * Rules over holds. One hold can give three findings: too long, not agreed to, and the customer hanging
 * up on it. They are kept apart on purpose: each has its own cause and fix (the work behind the hold, the
 * agent's script, the outcome), a review confirms or dismisses each on its own, and a what-if that moves
 * the long-hold threshold must move only the long-hold finding.
 */
import type { Journey, JourneyContact, JourneyHold } from '../journey/journey';
import type { Finding, FindingRule } from './finding';
import { duration, findingOf, isoAt, ms } from './finding-facts';

function eachHold(journey: Journey, judge: (contact: JourneyContact, hold: JourneyHold) => Finding | null): Finding[] {
  return journey.contacts.flatMap((contact) =>
    contact.holds.flatMap((hold) => {
      const finding = judge(contact, hold);
      return finding ? [finding] : [];
    }),
  );
}

/** How long the hold lasted, or for one still going on, how long it had lasted at `judgedAt`. */
function holdLength(journey: Journey, hold: JourneyHold): number | null {
  if (hold.durationMs !== null) return hold.durationMs;
  return journey.judgedAt === null ? null : ms(journey.judgedAt) - ms(hold.startedAt);
}

export const longHold: FindingRule = {
  code: 'LONG_HOLD',
  kind: 'failure',
  title: 'A hold at least as long as the long-hold threshold',
  evaluate: (journey, { thresholds }) =>
    eachHold(journey, (contact, hold) => {
      const length = holdLength(journey, hold);
      if (length === null || length < thresholds.longHoldMs) return null;
      const still = hold.endedAt === null ? ', and still is' : '';
      return findingOf(journey, 'LONG_HOLD', 'failure', {
        severity: 'medium',
        subject: hold.eventIds[0],
        sentence: `The customer was on hold on ${contact.contactId} for ${duration(length)}${still} (${hold.reason}), against a limit of ${duration(thresholds.longHoldMs)}.`,
        evidence: hold.eventIds,
        at: isoAt(ms(hold.startedAt) + thresholds.longHoldMs),
        details: { holdMs: length, thresholdMs: thresholds.longHoldMs },
      });
    }),
  changesAt: (journey, { thresholds }) =>
    journey.contacts.flatMap((contact) =>
      contact.holds.flatMap((hold) => (hold.endedAt === null ? [ms(hold.startedAt) + thresholds.longHoldMs] : [])),
    ),
};

export const holdWithoutConsent: FindingRule = {
  code: 'HOLD_WITHOUT_CONSENT',
  kind: 'failure',
  title: 'A hold the customer was not asked about',
  evaluate: (journey) =>
    eachHold(journey, (contact, hold) => {
      if (hold.customerConsent !== 'no') return null;
      const length = holdLength(journey, hold);
      return findingOf(journey, 'HOLD_WITHOUT_CONSENT', 'failure', {
        severity: 'low',
        subject: hold.eventIds[0],
        sentence: `The customer was put on hold on ${contact.contactId} (${hold.reason}) without being asked.`,
        evidence: hold.eventIds.slice(0, 1),
        at: hold.startedAt,
        details: length === null ? {} : { holdMs: length },
      });
    }),
};

export const droppedOnHold: FindingRule = {
  code: 'DROPPED_ON_HOLD',
  kind: 'failure',
  title: 'The customer hung up while on hold',
  evaluate: (journey) =>
    eachHold(journey, (_contact, hold) => {
      if (!hold.customerDropped || hold.endedAt === null || hold.durationMs === null) return null;
      const unasked = hold.customerConsent === 'no' ? ' without being asked' : '';
      return findingOf(journey, 'DROPPED_ON_HOLD', 'failure', {
        severity: 'high',
        subject: hold.eventIds[0],
        sentence: `The customer was on hold for ${duration(hold.durationMs)}${unasked}, then hung up.`,
        evidence: hold.eventIds,
        at: hold.endedAt,
        details: { holdMs: hold.durationMs },
      });
    }),
};
