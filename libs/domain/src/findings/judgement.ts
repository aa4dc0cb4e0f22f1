/**
 * A journey judged as of an instant by a rulebook, the one verdict every surface shows: the journey
 * folded from its facts and judged at `judgedAt`, the rulebook's findings over it, and the next
 * instant at which that verdict would change if no new fact came (a promise falls due, a request
 * waits past its limit, a silence or a hold passes its threshold, a follow-up or repeat-contact
 * window closes). The projector stores all three and judges the journey again at that instant, so a
 * quiet journey ages.
 *
 * Durations that grow with time (a silence, a hold still going on, a promise's lateness) are as of
 * `judgedAt`: between two judgements they grow, the verdict does not.
 */
import type { Journey } from '../journey/journey';
import { foldChangesAt } from '../journey/journey-deadlines';
import { instantOf, type JourneyFact } from '../journey/journey-fact';
import { DEFAULT_REPEAT_CONTACT_WINDOW_MS, foldJourney } from '../journey/journey.fold';
import { isoOrNull } from '../journey/journey-time';
import { evaluateFindings, thresholdsOf } from './evaluate-findings';
import type { Finding, FindingThresholds, Rulebook } from './finding';
import { currentRulebook } from './rulebooks';

export interface JourneyJudgement {
  /** The journey, judged at its `judgedAt`. */
  readonly journey: Journey;
  /** The version of the rulebook that found `findings`. */
  readonly rulebook: string;
  readonly findings: readonly Finding[];
  /** The first instant after `judgedAt` at which judging again could say something else; null when only a new fact can. */
  readonly nextChangeAt: string | null;
}

export interface JudgeJourneyOptions {
  /** The instant to judge at (ISO-8601): the caller's "now". The journey is never judged before its last fact. */
  readonly at: string;
  readonly rulebook?: Rulebook;
  readonly thresholds?: Partial<FindingThresholds>;
}

export function judgeJourney(facts: readonly JourneyFact[], options: JudgeJourneyOptions): JourneyJudgement {
  const rulebook = options.rulebook ?? currentRulebook;
  const journey = foldJourney(facts, { judgeAt: options.at });
  return {
    journey,
    rulebook: rulebook.version,
    findings: evaluateFindings(journey, rulebook, options.thresholds),
    nextChangeAt: isoOrNull(nextChangeOf(journey, rulebook, options.thresholds)),
  };
}

/**
 * The earliest instant after the journey's `judgedAt` at which the fold or one of the rulebook's rules
 * would judge it otherwise with no new fact, or null. Never early by more than a rule asks, never late.
 */
export function nextChangeOf(journey: Journey, rulebook: Rulebook, overrides: Partial<FindingThresholds> = {}): number | null {
  if (journey.judgedAt === null) return null;
  const judgedAt = instantOf(journey.judgedAt);
  const context = { thresholds: thresholdsOf(rulebook, overrides) };
  let next: number | null = null;
  const consider = (instant: number) => {
    if (instant > judgedAt && (next === null || instant < next)) next = instant;
  };
  // judgeJourney folds with the fold's own repeat-contact window, whatever the rulebook's threshold says.
  for (const instant of foldChangesAt(journey, DEFAULT_REPEAT_CONTACT_WINDOW_MS)) consider(instant);
  for (const rule of rulebook.rules) for (const instant of rule.changesAt?.(journey, context) ?? []) consider(instant);
  return next;
}
