/**
 * A story judged the way a post-mortem judges it: its facts split into journeys by their links, each
 * journey folded as of the moment the story ends (the last fact of the whole story: the review happens
 * after everything in it), and each judged by a rulebook.
 */
import { foldJourney } from '../../journey/journey.fold';
import type { Journey } from '../../journey/journey';
import { groupFactsIntoJourneys } from '../../journey/journey-links';
import { journeyFactsOf } from '../../journey/testing/journey-facts';
import type { Story } from '../../stories/story';
import type { Finding, FindingThresholds, Rulebook } from '../finding';
import { evaluateFindings } from '../evaluate-findings';
import { currentRulebook } from '../rulebooks';

export function storyJourneys(story: Story): Journey[] {
  const facts = journeyFactsOf(story);
  const toldAt = new Date(Math.max(...facts.map((fact) => Date.parse(fact.occurredAt)))).toISOString();
  return groupFactsIntoJourneys(facts).map((journeyFacts) => foldJourney(journeyFacts, { asOf: toldAt }));
}

export function storyFindings(
  story: Story,
  rulebook: Rulebook = currentRulebook,
  thresholds?: Partial<FindingThresholds>,
): Finding[] {
  return storyJourneys(story).flatMap((journey) => evaluateFindings(journey, rulebook, thresholds));
}
