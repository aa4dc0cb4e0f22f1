/**
 * Findings step by step, for replay: the journey folded after each of its events (the facts up to that
 * event, judged as of its instant with the fold's `asOf`), its findings, and what changed since the step
 * before: findings that appeared, findings that gained evidence or changed severity, findings withdrawn
 * (a first-contact resolution undone by a later contact).
 *
 * foldJourneySteps walks the facts once, but each step is judged whole and every rule runs over it, so it
 * still costs O(steps × journey): the same fold and the same rules as everywhere else, so that a step can
 * never disagree with the read model. Rules kept incrementally would be faster and a second formulation.
 */
import { foldJourneySteps, type JourneyAfterStep } from '../journey/journey.fold';
import type { JourneyFact } from '../journey/journey-fact';
import type { Finding, FindingThresholds, Rulebook } from './finding';
import { evaluateFindings, findingIdentity } from './evaluate-findings';
import { currentRulebook } from './rulebooks';

export interface FindingsByStepOptions {
  readonly rulebook?: Rulebook;
  readonly thresholds?: Partial<FindingThresholds>;
  /**
   * `occurred` (default): steps in timeline order, each judged as of its `occurredAt`: what had happened.
   * `recorded`: steps in the order Hindsight recorded them, each judged as of its `recordedAt`: what we knew.
   */
  readonly clock?: 'occurred' | 'recorded';
  /** Passed to the fold; see FoldJourneyOptions. */
  readonly repeatContactWindowMs?: number;
}

export interface FindingStep extends JourneyAfterStep {
  /** 0-based. */
  readonly index: number;
  /** Every finding true after this event. */
  readonly findings: readonly Finding[];
  /** True now, not at the step before. */
  readonly appeared: readonly Finding[];
  /** True at both, now with new evidence or another severity. */
  readonly updated: readonly Finding[];
  /** True at the step before, not now. */
  readonly withdrawn: readonly Finding[];
}

export function findingsByStep(facts: readonly JourneyFact[], options: FindingsByStepOptions = {}): FindingStep[] {
  const rulebook = options.rulebook ?? currentRulebook;
  const steps = foldJourneySteps(facts, {
    clock: options.clock ?? 'occurred',
    ...(options.repeatContactWindowMs === undefined ? {} : { repeatContactWindowMs: options.repeatContactWindowMs }),
  });
  let previous = new Map<string, Finding>();
  return [...steps].map(({ entry, asOf, journey }, index): FindingStep => {
    const findings = evaluateFindings(journey, rulebook, options.thresholds);
    const current = new Map(findings.map((finding) => [findingIdentity(finding), finding]));
    const appeared = findings.filter((finding) => !previous.has(findingIdentity(finding)));
    const updated = findings.filter((finding) => {
      const before = previous.get(findingIdentity(finding));
      return (
        before !== undefined &&
        (before.severity !== finding.severity || finding.evidence.some((id) => !before.evidence.includes(id)))
      );
    });
    const withdrawn = [...previous.values()].filter((finding) => !current.has(findingIdentity(finding)));
    previous = current;
    return { index, entry, asOf, journey, findings, appeared, updated, withdrawn };
  });
}
