import { callbacksThatNeverCame } from '../stories/callbacks-that-never-came.story';
import { theTicketThatNobodyOwned } from '../stories/the-ticket-that-nobody-owned.story';
import { currentRulebook, rulebook2025 } from './rulebooks';
import { storyJourneys } from './testing/story-findings';
import { whatIf } from './what-if';

const MINUTE = 60_000;
const judged = (story: typeof theTicketThatNobodyOwned) =>
  storyJourneys(story).map((journey, index) => ({ journeyId: `${story.id}#${index + 1}`, journey }));

describe(whatIf.name, () => {
  describe('given the vendor ticket', () => {
    const journeys = judged(theTicketThatNobodyOwned);

    it('when the long-hold threshold is raised to 30 minutes, then the long-hold finding is dropped and nothing else', () => {
      const sut = whatIf(journeys, {
        from: { rulebook: currentRulebook },
        to: { rulebook: currentRulebook, thresholds: { longHoldMs: 30 * MINUTE } },
      });
      expect(sut.journeys).toEqual([
        {
          journeyId: 'vendor-ticket#1',
          added: [],
          removed: [expect.objectContaining({ code: 'LONG_HOLD', subject: 'vendor-ticket/vendor-ticket-007' })],
          changed: [],
          unchanged: 8,
        },
      ]);
      expect(sut.to.thresholds.longHoldMs).toBe(30 * MINUTE);
      expect(sut.totals).toEqual({ journeys: 1, changedJourneys: 1, added: 0, removed: 1, changed: 0 });
    });

    it('when the long-hold threshold is lowered to 10 minutes, then the same long hold is only changed: its limit moved', () => {
      const sut = whatIf(journeys, {
        from: { rulebook: currentRulebook },
        to: { rulebook: currentRulebook, thresholds: { longHoldMs: 10 * MINUTE } },
      });
      expect(sut.journeys[0].changed).toEqual([
        {
          before: expect.objectContaining({ code: 'LONG_HOLD', at: '2026-03-05T10:13:00.000Z' }),
          after: expect.objectContaining({ code: 'LONG_HOLD', at: '2026-03-05T10:18:00.000Z' }),
        },
      ]);
      expect(sut.totals).toMatchObject({ added: 0, removed: 0, changed: 1 });
    });

    it('when judged by the same rulebook twice, then nothing changes', () => {
      const sut = whatIf(journeys, { from: { rulebook: currentRulebook }, to: { rulebook: currentRulebook } });
      expect(sut.totals).toEqual({ journeys: 1, changedJourneys: 0, added: 0, removed: 0, changed: 0 });
    });
  });

  describe('given the callbacks that never came, judged by 2025.1 and then by 2026.1', () => {
    const sut = whatIf(judged(callbacksThatNeverCame), {
      from: { rulebook: rulebook2025 },
      to: { rulebook: currentRulebook },
    });

    it('then only the journey of W-3 changes: its escalation and its first-contact resolution are new', () => {
      expect(sut.from.version).toBe('2025.1');
      expect(sut.to.version).toBe('2026.1');
      expect(
        sut.journeys.map((journey) => [journey.journeyId, journey.added.map((finding) => finding.code), journey.removed]),
      ).toEqual([
        ['callbacks-that-never-came#1', [], []],
        ['callbacks-that-never-came#2', [], []],
        ['callbacks-that-never-came#3', [], []],
        ['callbacks-that-never-came#4', ['CUSTOMER_ESCALATED', 'RESOLVED_FIRST_CONTACT'], []],
      ]);
    });

    it('then the unreturned callbacks are found by both, only from a different instant', () => {
      expect(sut.journeys[1].changed).toEqual([
        {
          before: expect.objectContaining({ code: 'CALLBACK_NEVER_ATTEMPTED', at: '2026-02-02T13:00:00.000Z' }),
          after: expect.objectContaining({ code: 'CALLBACK_NEVER_ATTEMPTED', at: '2026-02-03T09:00:00.000Z' }),
        },
      ]);
    });
  });
});
