import { foldJourney } from '../journey/journey.fold';
import { journeyFactsOf, onStreams } from '../journey/testing/journey-facts';
import { callbacksThatNeverCame } from '../stories/callbacks-that-never-came.story';
import { theTicketThatNobodyOwned } from '../stories/the-ticket-that-nobody-owned.story';
import { evaluateFindings, findingIdentity } from './evaluate-findings';
import { findingsByStep } from './findings-by-step';

describe(findingsByStep.name, () => {
  describe('given the vendor ticket, step by step on the occurred clock', () => {
    const facts = journeyFactsOf(theTicketThatNobodyOwned);
    const sut = findingsByStep(facts);
    const appearedAt = (code: string) =>
      sut.filter((step) => step.appeared.some((finding) => finding.code === code)).map((step) => step.entry.description);

    it('then there is one step per event, in timeline order', () => {
      expect(sut.map((step) => step.entry.eventId)).toEqual(foldJourney(facts).timeline.map((entry) => entry.eventId));
    });

    it('then each finding appears once, at the step that first shows it', () => {
      expect(appearedAt('SILENCE')).toEqual(['Inbound voice contact C-1 started.']);
      expect(appearedAt('HOLD_WITHOUT_CONSENT')).toEqual([
        "C-1 was put on hold (to confirm identity) without the customer's consent.",
      ]);
      expect(appearedAt('LONG_HOLD')).toEqual([
        'C-1 ended: the customer hung up while on hold for 21 min 30 s (hung up while on hold).',
      ]);
      expect(appearedAt('REPEAT_CONTACTS')).toEqual(['Inbound voice contact C-2 started.']);
      expect(appearedAt('BROKEN_PROMISE')).toEqual([
        'Outbound voice contact C-4 (callback) started, about case T-2, answering callback CB-1.',
      ]);
      expect(appearedAt('CUSTOMER_LOST')).toHaveLength(1);
    });

    it('then the repeat-contact finding gains evidence when the customer calls a third time', () => {
      const c3 = sut.find((step) => step.entry.description === 'Inbound voice contact C-3 started.');
      expect(c3?.updated.map((finding) => [finding.code, finding.details.contacts])).toEqual([['REPEAT_CONTACTS', 3]]);
    });

    it('then the findings that appeared along the way are the findings of the whole journey', () => {
      const appeared = new Set(sut.flatMap((step) => step.appeared.map(findingIdentity)));
      expect(appeared).toEqual(new Set(evaluateFindings(foldJourney(facts)).map(findingIdentity)));
      expect(sut.at(-1)?.findings).toEqual(evaluateFindings(foldJourney(facts)));
      expect(sut.flatMap((step) => step.withdrawn)).toEqual([]);
    });
  });

  describe('given the journey of W-3', () => {
    const sut = findingsByStep(onStreams(journeyFactsOf(callbacksThatNeverCame), ['contact-W-3', 'case-W-CASE']));

    it('then the escalation appears when the customer goes over agent-12, and gains the resolution it led to', () => {
      const escalation = sut.find((step) => step.entry.type === 'CaseEscalated');
      expect(escalation?.appeared.map((finding) => finding.sentence)).toEqual([
        "The customer went over agent-12's head to agent-20 about case W-CASE.",
      ]);
      expect(sut.at(-1)?.updated.map((finding) => finding.sentence)).toEqual([
        "The customer had to go over agent-12's head to agent-20 to get case W-CASE resolved.",
      ]);
    });

    it('then the first-contact resolution appears with the resolution, provisional while its window is open', () => {
      const last = sut.at(-1);
      expect(last?.appeared.map((finding) => finding.code)).toEqual(['RESOLVED_FIRST_CONTACT']);
      expect(last?.findings.find((finding) => finding.code === 'RESOLVED_FIRST_CONTACT')?.sentence).toBe(
        'The problem was resolved on the first contact, W-3 (by agent-20); it stands if no other contact comes before 2026-02-23 11:20 UTC.',
      );
    });
  });

  describe('given a fact recorded a day after it happened, stepped on the recorded clock', () => {
    const facts = journeyFactsOf(theTicketThatNobodyOwned).map((fact) =>
      fact.type === 'CustomerLost' || fact.streamName !== 'case-T-1'
        ? fact
        : { ...fact, recordedAt: '2026-03-06T12:00:00.000Z' },
    );
    const sut = findingsByStep(facts, { clock: 'recorded' });

    it('then the opening of T-1 is the last step, and its silence appears only once we knew of it', () => {
      expect(sut.at(-1)?.entry.type).toBe('CaseOpened');
      const silence = sut.filter((step) => step.appeared.some((finding) => finding.code === 'SILENCE'));
      expect(silence.map((step) => step.asOf)).toEqual(['2026-03-06T12:00:00.000Z']);
    });
  });
});
