/**
 * The published rulebooks. A version is never edited once published: a review or a report names the
 * version it was judged by, and a what-if compares two. A change of rule, severity or default threshold
 * is a new version. Thresholds and their reasons: FINDINGS.md.
 */
import { DEFAULT_REPEAT_CONTACT_WINDOW_MS } from '../journey/journey.fold';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../journey/journey-time';
import { NotFoundError } from '../shared/domain-error';
import {
  customerEscalated,
  customerLost,
  duplicateTicket,
  noFollowUp,
  reopened,
  resolvedFirstContact,
  silence,
} from './cases.rules';
import { coldTransfer, endedByUs, repeatContacts, transferChain } from './contacts.rules';
import type { FindingRule, Rulebook } from './finding';
import { droppedOnHold, holdWithoutConsent, longHold } from './holds.rules';
import { brokenPromise, callbackNeverAttempted, promiseKept } from './promises.rules';

/** Every rule, in the order findings at the same instant are listed. */
const failureRules: readonly FindingRule[] = [
  longHold,
  holdWithoutConsent,
  droppedOnHold,
  endedByUs,
  transferChain,
  coldTransfer,
  repeatContacts,
  brokenPromise,
  callbackNeverAttempted,
  duplicateTicket,
  silence,
  reopened,
  noFollowUp,
  customerEscalated,
  customerLost,
];

const goodPracticeRules: readonly FindingRule[] = [resolvedFirstContact, promiseKept];

export const rulebook2026: Rulebook = {
  version: '2026.1',
  description:
    'Current rulebook: every failure rule including customer escalations, good practice recognised, thresholds from common contact-centre practice (FINDINGS.md).',
  thresholds: {
    longHoldMs: 5 * MINUTE_MS,
    transferChainAgents: 3,
    repeatContactWindowMs: DEFAULT_REPEAT_CONTACT_WINDOW_MS,
    repeatContactsMin: 2,
    silenceMs: 48 * HOUR_MS,
    callbackAttemptWithinMs: 24 * HOUR_MS,
    followUpWithinMs: 3 * DAY_MS,
    promiseGraceMs: 0,
  },
  rules: [...failureRules, ...goodPracticeRules],
};

export const rulebook2025: Rulebook = {
  version: '2025.1',
  description:
    'The first rulebook: stricter clocks (2-minute holds, 24-hour silences, callbacks the same half-day, follow-up within 2 days), no customer-escalation rule, and no good practice.',
  thresholds: {
    longHoldMs: 2 * MINUTE_MS,
    transferChainAgents: 3,
    repeatContactWindowMs: DEFAULT_REPEAT_CONTACT_WINDOW_MS,
    repeatContactsMin: 2,
    silenceMs: 24 * HOUR_MS,
    callbackAttemptWithinMs: 4 * HOUR_MS,
    followUpWithinMs: 2 * DAY_MS,
    promiseGraceMs: 0,
  },
  rules: failureRules.filter((rule) => rule.code !== 'CUSTOMER_ESCALATED'),
};

export const currentRulebook: Rulebook = rulebook2026;

/** Newest first. */
export const rulebooks: readonly Rulebook[] = [rulebook2026, rulebook2025];

export function rulebookOf(version: string): Rulebook {
  const rulebook = rulebooks.find((candidate) => candidate.version === version);
  if (!rulebook) {
    throw new NotFoundError(
      'FINDINGS.UNKNOWN_RULEBOOK',
      `No rulebook ${version}; known: ${rulebooks.map((known) => known.version).join(', ')}`,
      'version',
    );
  }
  return rulebook;
}
