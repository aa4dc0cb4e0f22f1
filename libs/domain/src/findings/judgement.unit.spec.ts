/**
 * A journey judged as of an instant, and the next instant its verdict can change with no new fact: for
 * generated journeys of tangled facts, judging at any instant before that one gives the verdict judged
 * first (the projector may sleep until then), and for the stories' quiet journeys the verdict does change
 * there (the projector must not sleep past it).
 */
import fc from 'fast-check';
import type { Journey } from '../journey/journey';
import { groupFactsIntoJourneys } from '../journey/journey-links';
import { journeyFacts, journeyFactsOf } from '../journey/testing/journey-facts';
import { callbackStream, caseStream, contactStream } from '../shared/stream-name';
import { callbacksThatNeverCame } from '../stories/callbacks-that-never-came.story';
import type { Finding } from './finding';
import { judgeJourney, type JourneyJudgement } from './judgement';
import { rulebook2025, rulebook2026, rulebooks } from './rulebooks';
import { instant, tangledFacts } from './testing/tangled-facts';

/** What a judgement decides, leaving out the durations that grow with time between two judgements. */
function verdictOf({ journey, findings }: Pick<JourneyJudgement, 'journey' | 'findings'>) {
  const promise = ({ status }: { status: string }) => status;
  return {
    findings: findings.map(({ code, subject, severity, at }: Finding) => ({ code, subject, severity, at })),
    callbacks: journey.callbacks.map(promise),
    expectations: journey.expectations.map(promise),
    outcome: journey.metrics.outcome,
    provisional: journey.metrics.outcomeProvisional,
    promises: ((metrics: Journey['metrics']) => ({ ...metrics.promises, totalLatenessMs: undefined }))(journey.metrics),
  };
}

const ms = (text: string) => Date.parse(text);
const iso = (at: number) => new Date(at).toISOString();

describe('judgeJourney', () => {
  describe('given generated journeys of tangled facts, judged at an instant', () => {
    it('then judging at any later instant before nextChangeAt gives the same verdict', () => {
      fc.assert(
        fc.property(
          tangledFacts,
          instant,
          fc.double({ min: 0, max: 1, noNaN: true }),
          fc.constantFrom(...rulebooks),
          (facts, at, fraction, rulebook) => {
            const first = judgeJourney(facts, { at, rulebook });
            const from = ms(first.journey.judgedAt!);
            const until = first.nextChangeAt === null ? from + 90 * 24 * 3_600_000 : ms(first.nextChangeAt);
            expect(until).toBeGreaterThan(from);
            for (const later of [from + Math.floor(fraction * (until - from - 1)), until - 1]) {
              expect(verdictOf(judgeJourney(facts, { at: iso(later), rulebook }))).toEqual(verdictOf(first));
            }
          },
        ),
        { seed: 13, numRuns: 400 },
      );
    });
  });

  describe('given the unreturned voicemail W-1, judged when it was left', () => {
    const [w1] = groupFactsIntoJourneys(journeyFactsOf(callbacksThatNeverCame)).filter((facts) =>
      facts.some((fact) => fact.streamName === callbackStream('W-1')),
    );
    const left = judgeJourney(w1, { at: '2026-02-02T09:00:00.000Z' });

    it('then nothing is found yet, and the verdict changes when the 24-hour window to attempt it ends', () => {
      expect(left.findings.map((finding) => finding.code)).toEqual([]);
      expect(left.rulebook).toBe(rulebook2026.version);
      expect(left.nextChangeAt).toBe('2026-02-03T09:00:00.000Z');
    });

    it('when it is judged at that instant, then the callback was never attempted, and only a new fact changes that', () => {
      const due = judgeJourney(w1, { at: left.nextChangeAt! });
      expect(due.findings.map((finding) => finding.code)).toEqual(['CALLBACK_NEVER_ATTEMPTED']);
      expect(due.journey.judgedAt).toBe('2026-02-03T09:00:00.000Z');
      expect(due.nextChangeAt).toBeNull();
    });

    it('when it is judged 305 days later, then the finding says so, as of then', () => {
      const late = judgeJourney(w1, { at: '2026-12-04T19:00:00.000Z' });
      expect(late.findings[0].sentence).toContain('nobody tried to call back in 305 d 10 h');
      expect(late.journey.judgedAt).toBe('2026-12-04T19:00:00.000Z');
    });

    it('when the rulebook is 2025.1, then its 4-hour window is the next change', () => {
      expect(judgeJourney(w1, { at: '2026-02-02T09:00:00.000Z', rulebook: rulebook2025 }).nextChangeAt).toBe(
        '2026-02-02T13:00:00.000Z',
      );
    });
  });

  describe('given a journey whose last fact is later than the instant asked', () => {
    const facts = journeyFacts('ahead', [
      ['2026-03-05T10:00:00Z', contactStream('A-1'), { type: 'ContactStarted', data: { channel: 'voice', direction: 'inbound', origin: 'inbound' } }],
    ]);

    it('then it is judged at its last fact, never before it, and no fact is left out', () => {
      const judged = judgeJourney(facts, { at: '2026-03-05T09:00:00.000Z' });
      expect(judged.journey.judgedAt).toBe('2026-03-05T10:00:00.000Z');
      expect(judged.journey.timeline).toHaveLength(1);
    });
  });

  describe('given a hold going on and a callback promised by 15:00', () => {
    const facts = journeyFacts('deadlines', [
      ['2026-03-05T09:00:00Z', contactStream('D-1'), { type: 'ContactStarted', data: { channel: 'voice', direction: 'inbound', origin: 'inbound', customerId: 'c', caseId: 'D-CASE' } }],
      ['2026-03-05T09:01:00Z', contactStream('D-1'), { type: 'ContactAnswered', data: { agentId: 'agent-1' } }],
      ['2026-03-05T09:02:00Z', contactStream('D-1'), { type: 'HoldStarted', data: { reason: 'checking', customerConsent: 'yes' } }],
      ['2026-03-05T09:00:00Z', caseStream('D-CASE'), { type: 'CaseOpened', data: { customerId: 'c', subject: 'x', channel: 'voice' } }],
      ['2026-03-05T09:01:00Z', callbackStream('D-CB'), { type: 'CallbackRequested', data: { customerId: 'c', requestedBy: 'customer', caseId: 'D-CASE' } }],
      ['2026-03-05T09:01:00Z', callbackStream('D-CB'), { type: 'CallbackPromised', data: { dueBy: '2026-03-05T15:00:00Z', promisedBy: 'agent-1' } }],
    ]);

    it('then each deadline in turn is the next change: the hold, then the promise, then nothing new until a fact', () => {
      const first = judgeJourney(facts, { at: '2026-03-05T09:02:00.000Z' });
      expect(first.nextChangeAt).toBe('2026-03-05T09:07:00.000Z');
      const second = judgeJourney(facts, { at: first.nextChangeAt! });
      expect(second.findings.map((finding) => finding.code)).toEqual(['LONG_HOLD']);
      expect(second.nextChangeAt).toBe('2026-03-05T15:00:00.001Z');
      const third = judgeJourney(facts, { at: second.nextChangeAt! });
      expect(third.findings.map((finding) => finding.code)).toEqual(['LONG_HOLD', 'BROKEN_PROMISE']);
      expect(third.journey.callbacks[0].status).toBe('broken');
    });
  });
});
