/**
 * Facts arrive late, out of order and contradicting each other; the fold turns what does not add up into
 * data-quality notes, and the rules must never throw on what it hands them. For generated journeys of
 * tangled facts (seeded), under both rulebooks and extreme thresholds, every finding cites events of the
 * journey, at a valid instant, with a sentence.
 */
import fc from 'fast-check';
import { foldJourney } from '../journey/journey.fold';
import { evaluateFindings } from './evaluate-findings';
import { findingsByStep } from './findings-by-step';
import { rulebooks } from './rulebooks';
import { instant, tangledFacts } from './testing/tangled-facts';

const extremes = fc.constantFrom(
  {},
  { longHoldMs: 0, silenceMs: 0, callbackAttemptWithinMs: 0, followUpWithinMs: 0, transferChainAgents: 0 },
  { repeatContactsMin: 0, repeatContactWindowMs: 0, promiseGraceMs: 10 ** 12 },
);

describe(`${evaluateFindings.name}, given generated journeys of tangled facts`, () => {
  it('then no rulebook throws, and every finding cites events of the journey at a valid instant', () => {
    fc.assert(
      fc.property(tangledFacts, fc.option(instant, { nil: undefined }), extremes, (facts, asOf, thresholds) => {
        const journey = foldJourney(facts, asOf ? { asOf } : {});
        const ids = new Set(journey.timeline.map((entry) => entry.eventId));
        for (const rulebook of rulebooks) {
          for (const finding of evaluateFindings(journey, rulebook, thresholds)) {
            expect(finding.evidence.every((id) => ids.has(id))).toBe(true);
            expect(Number.isNaN(Date.parse(finding.at))).toBe(false);
            expect(finding.sentence).toMatch(/^\S.*\.$/);
          }
        }
      }),
      { seed: 5, numRuns: 150 },
    );
  });

  it('then a step-by-step replay ends with the findings of the whole journey', () => {
    fc.assert(
      fc.property(tangledFacts, (facts) => {
        const steps = findingsByStep(facts);
        expect(steps.at(-1)?.findings ?? []).toEqual(evaluateFindings(foldJourney(facts)));
      }),
      { seed: 6, numRuns: 60 },
    );
  });
});
