/**
 * What a post-mortem finds in a journey, and the rulebook that finds it.
 *
 * A finding is plain JSON (the read model stores it, GraphQL serves it, a review confirms or dismisses
 * it): a stable code, a kind (a failure, or good practice worth keeping), a severity, a sentence a person
 * can read aloud in a meeting, the events that prove it and the instant it became true. Rules are pure
 * functions of a folded Journey and the thresholds in force: no clock, no I/O, no Nest.
 */
import type { Journey } from '../journey/journey';
import type { StreamName } from '../shared/stream-name';

export const findingCodes = [
  'LONG_HOLD',
  'HOLD_WITHOUT_CONSENT',
  'DROPPED_ON_HOLD',
  'ENDED_BY_US',
  'TRANSFER_CHAIN',
  'COLD_TRANSFER',
  'REPEAT_CONTACTS',
  'BROKEN_PROMISE',
  'CALLBACK_NEVER_ATTEMPTED',
  'DUPLICATE_TICKET',
  'SILENCE',
  'REOPENED',
  'NO_FOLLOW_UP',
  'CUSTOMER_ESCALATED',
  'CUSTOMER_LOST',
  'RESOLVED_FIRST_CONTACT',
  'PROMISE_KEPT',
] as const;

/** Stable: a review, a report and a what-if refer to findings by code. Never rename one; retire it. */
export type FindingCode = (typeof findingCodes)[number];

export type FindingKind = 'failure' | 'good_practice';

export const findingSeverities = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type FindingSeverity = (typeof findingSeverities)[number];

export interface Finding {
  readonly code: FindingCode;
  readonly kind: FindingKind;
  readonly severity: FindingSeverity;
  /**
   * What the finding is about, stable under other thresholds and other rulebook versions (the hold's
   * first event, the contact's stream, the promise...). `code` + `subject` identify a finding across a
   * what-if and across the steps of a replay.
   */
  readonly subject: string;
  /** "The customer was on hold for 21 min 30 s without being asked, then hung up." */
  readonly sentence: string;
  /** The ids of the events that prove it, in timeline order. */
  readonly evidence: readonly string[];
  /** The streams those events live on, in the order they first appear. */
  readonly streamNames: readonly StreamName[];
  /**
   * The instant it became true (ISO-8601, UTC): a hold's start plus the long-hold threshold, a promise's
   * due time, a silence's start plus the silence threshold. A replay pins the finding here.
   */
  readonly at: string;
  /** The numbers behind the sentence: durations in milliseconds, counts. */
  readonly details: Readonly<Record<string, number>>;
}

/**
 * The thresholds a rulebook judges by. Durations are milliseconds. The values in force, and why, are in
 * FINDINGS.md; a caller (a what-if, a team's configuration) may override any of them.
 */
export interface FindingThresholds {
  /** A hold at least this long is a long hold. */
  readonly longHoldMs: number;
  /** One contact (with its transfer legs) that passed through at least this many agents is a transfer chain. */
  readonly transferChainAgents: number;
  /** Contacts the customer started within this window of one another are repeat contacts. */
  readonly repeatContactWindowMs: number;
  /** How many customer-started contacts in one window make the finding (2 = any repeat at all). */
  readonly repeatContactsMin: number;
  /** A case that waited this long with no status update, and no promise in force, went silent. */
  readonly silenceMs: number;
  /** A callback request with no promised time must be attempted within this. */
  readonly callbackAttemptWithinMs: number;
  /** A resolution the customer did not witness must be followed up within this. */
  readonly followUpWithinMs: number;
  /** Lateness tolerated before a promise counts as broken. */
  readonly promiseGraceMs: number;
}

/** What a rule knows besides the journey: the thresholds in force. */
export interface RuleContext {
  readonly thresholds: FindingThresholds;
}

export interface FindingRule {
  readonly code: FindingCode;
  readonly kind: FindingKind;
  /** One line for FINDINGS.md-style listings and the CLI. */
  readonly title: string;
  readonly evaluate: (journey: Journey, context: RuleContext) => readonly Finding[];
  /**
   * For a rule whose verdict can change with time alone (a hold still going on, a promise falling due,
   * a request nobody answers): the instants (ms) after the journey's `judgedAt` at which judging it
   * again may give another verdict. Rules of facts alone have none.
   */
  readonly changesAt?: (journey: Journey, context: RuleContext) => readonly number[];
}

/** A versioned set of rules with the thresholds they judge by when the caller overrides none. */
export interface Rulebook {
  /** `2026.1`: a year and a revision. A published version is never edited; a change is a new version. */
  readonly version: string;
  readonly description: string;
  readonly thresholds: FindingThresholds;
  readonly rules: readonly FindingRule[];
}
