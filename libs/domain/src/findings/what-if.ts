/**
 * What-if: judge the same stored journeys by two rulebooks (or one rulebook with other thresholds) and
 * show what would change. Pure: it reads folded journeys and touches no stored event.
 */
import type { Journey } from '../journey/journey';
import type { Finding, FindingThresholds, Rulebook } from './finding';
import { evaluateFindings, findingIdentity, thresholdsOf } from './evaluate-findings';

export interface FindingScenario {
  readonly rulebook: Rulebook;
  /** Overrides of the rulebook's thresholds. */
  readonly thresholds?: Partial<FindingThresholds>;
}

export interface JourneyToJudge {
  /** The caller's id for the journey; the result names it back. */
  readonly journeyId: string;
  readonly journey: Journey;
}

export interface FindingChange {
  readonly before: Finding;
  readonly after: Finding;
}

export interface WhatIfJourney {
  readonly journeyId: string;
  /** Found under `to`, not under `from`. */
  readonly added: readonly Finding[];
  /** Found under `from`, not under `to`. */
  readonly removed: readonly Finding[];
  /** Found under both (same code and subject), but not the same: severity, sentence, evidence, instant or numbers. */
  readonly changed: readonly FindingChange[];
  readonly unchanged: number;
}

export interface WhatIfResult {
  readonly from: { readonly version: string; readonly thresholds: FindingThresholds };
  readonly to: { readonly version: string; readonly thresholds: FindingThresholds };
  /** Every journey, in the order given. */
  readonly journeys: readonly WhatIfJourney[];
  readonly totals: {
    readonly journeys: number;
    readonly changedJourneys: number;
    readonly added: number;
    readonly removed: number;
    readonly changed: number;
  };
}

function same(a: Finding, b: Finding): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The difference between two lists of findings of one journey, by code and subject. */
export function compareFindings(
  journeyId: string,
  before: readonly Finding[],
  after: readonly Finding[],
): WhatIfJourney {
  const beforeByKey = new Map(before.map((finding) => [findingIdentity(finding), finding]));
  const afterKeys = new Set(after.map(findingIdentity));
  const added: Finding[] = [];
  const changed: FindingChange[] = [];
  let unchanged = 0;
  for (const finding of after) {
    const previous = beforeByKey.get(findingIdentity(finding));
    if (!previous) added.push(finding);
    else if (same(previous, finding)) unchanged += 1;
    else changed.push({ before: previous, after: finding });
  }
  const removed = before.filter((finding) => !afterKeys.has(findingIdentity(finding)));
  return { journeyId, added, removed, changed, unchanged };
}

export function whatIf(
  journeys: readonly JourneyToJudge[],
  scenarios: { readonly from: FindingScenario; readonly to: FindingScenario },
): WhatIfResult {
  const { from, to } = scenarios;
  const results = journeys.map(({ journeyId, journey }) =>
    compareFindings(
      journeyId,
      evaluateFindings(journey, from.rulebook, from.thresholds),
      evaluateFindings(journey, to.rulebook, to.thresholds),
    ),
  );
  const count = (pick: (result: WhatIfJourney) => number) => results.reduce((total, result) => total + pick(result), 0);
  return {
    from: { version: from.rulebook.version, thresholds: thresholdsOf(from.rulebook, from.thresholds) },
    to: { version: to.rulebook.version, thresholds: thresholdsOf(to.rulebook, to.thresholds) },
    journeys: results,
    totals: {
      journeys: results.length,
      changedJourneys: results.filter(
        (result) => result.added.length + result.removed.length + result.changed.length > 0,
      ).length,
      added: count((result) => result.added.length),
      removed: count((result) => result.removed.length),
      changed: count((result) => result.changed.length),
    },
  };
}
