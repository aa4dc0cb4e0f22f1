import { stories } from '../stories/stories';
import { foldJourney } from './journey.fold';
import { groupFactsIntoJourneys } from './journey-links';
import {
  journeyContributions,
  summarizeContributions,
  summarizeJourneys,
  type MetricContribution,
} from './journey-summary';
import { journeyFactsOf } from './testing/journey-facts';

const journeys = stories.flatMap((story) =>
  groupFactsIntoJourneys(journeyFactsOf(story)).map((facts) => foldJourney(facts)),
);

function groupBy(
  contributions: readonly MetricContribution[],
  key: (contribution: MetricContribution) => string | null,
) {
  const groups = new Map<string | null, MetricContribution[]>();
  for (const contribution of contributions)
    groups.set(key(contribution), [...(groups.get(key(contribution)) ?? []), contribution]);
  return new Map([...groups].map(([name, group]) => [name, summarizeContributions(group)]));
}

describe(summarizeJourneys.name, () => {
  describe('given the five journeys of both stories', () => {
    const sut = summarizeJourneys(journeys);

    it('then the one hold averages 21.5 minutes', () => {
      expect(sut.averageHoldMs).toBe(1_290_000);
    });

    it('then one of the five offered calls was abandoned: the hang-up on hold (the voicemails never reached a queue)', () => {
      expect([sut.counts.abandoned, sut.counts.offered, sut.abandonRate]).toEqual([1, 5, 0.2]);
    });

    it('then no handled call was transferred', () => {
      expect([sut.counts.transferred, sut.counts.handled, sut.transferRate]).toEqual([0, 5, 0]);
    });

    it('then none of the two promises with a due time was kept', () => {
      expect([sut.counts.promisesKept, sut.counts.promisesBroken, sut.promisesKeptRate]).toEqual([0, 2, 0]);
    });

    it('then one journey in five was resolved at first contact: W-3', () => {
      expect([sut.counts.resolvedFirstContact, sut.counts.journeysWithContact, sut.firstContactResolutionRate]).toEqual(
        [1, 5, 0.2],
      );
    });

    it('then two of the seven calls the customers placed were repeats: C-2 and C-3', () => {
      expect([sut.counts.repeatContacts, sut.counts.inboundContacts, sut.repeatContactRate]).toEqual([2, 7, 2 / 7]);
    });
  });

  describe('given the contributions grouped by agent', () => {
    const byAgent = groupBy(journeys.flatMap(journeyContributions), (contribution) => contribution.agentId);

    it('then the abandon and the hold are agent-1’s, and the first-contact resolution agent-20’s', () => {
      expect(byAgent.get('agent-1')).toMatchObject({ abandonRate: 1, averageHoldMs: 1_290_000 });
      expect(byAgent.get('agent-20')).toMatchObject({ firstContactResolutionRate: 1, abandonRate: 0 });
    });

    it('then calls no agent answered form a group of their own, with no rate to divide', () => {
      expect(byAgent.get(null)).toMatchObject({ transferRate: null, abandonRate: null, averageHoldMs: null });
    });
  });

  describe('given the contributions grouped by day', () => {
    const byDay = groupBy(journeys.flatMap(journeyContributions), (contribution) => contribution.day);

    it('then the morning of the three calls holds the vendor’s repeats and its broken promise', () => {
      expect(byDay.get('2026-03-05')?.counts).toMatchObject({
        contacts: 3,
        repeatContacts: 2,
        promisesBroken: 1,
        journeys: 1,
      });
      expect(byDay.get('2026-03-06')?.counts).toMatchObject({ contacts: 1, journeys: 0 });
    });

    it('then the groups add up to the whole', () => {
      const total = summarizeContributions(journeys.flatMap(journeyContributions)).counts;
      const summed = [...byDay.values()].reduce((sum, group) => sum + group.counts.contacts, 0);
      expect(summed).toBe(total.contacts);
    });
  });

  it('given no journeys, then every rate is null rather than zero', () => {
    expect(summarizeJourneys([])).toMatchObject({
      averageHoldMs: null,
      transferRate: null,
      abandonRate: null,
      promisesKeptRate: null,
      firstContactResolutionRate: null,
      repeatContactRate: null,
    });
  });
});
