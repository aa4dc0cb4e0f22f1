import { callbacksThatNeverCame } from '../stories/callbacks-that-never-came.story';
import { theTicketThatNobodyOwned } from '../stories/the-ticket-that-nobody-owned.story';
import { foldJourney } from './journey.fold';
import { groupFactsIntoJourneys } from './journey-links';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './journey-time';
import { journeyFactsOf, onStreams } from './testing/journey-facts';

describe(foldJourney.name, () => {
  describe('given the vendor ticket nobody owned', () => {
    const facts = journeyFactsOf(theTicketThatNobodyOwned);
    const sut = foldJourney(facts);
    const contact = (id: string) => sut.contacts.find((candidate) => candidate.contactId === id);

    it('then every stream of the story is one journey of cust-northwind', () => {
      expect(groupFactsIntoJourneys(facts)).toHaveLength(1);
      expect(sut.customerId).toBe('cust-northwind');
      expect(sut.streams).toEqual([
        'case-T-1',
        'contact-C-1',
        'contact-C-2',
        'contact-C-3',
        'case-T-2',
        'callback-CB-1',
        'contact-C-4',
      ]);
      expect(sut.timeline).toHaveLength(facts.length);
    });

    it('then it counts four voice contacts, three of them the customer calling again and again', () => {
      expect(sut.metrics.contacts).toEqual({
        count: 4,
        inbound: 3,
        outbound: 1,
        channels: ['voice'],
        repeatContacts: 2,
      });
    });

    it('then it finds one hold of 21.5 minutes, without consent, on which the customer hung up', () => {
      expect(sut.metrics.holds).toEqual({
        count: 1,
        totalMs: 1_290_000,
        longestMs: 1_290_000,
        averageMs: 1_290_000,
        withoutConsent: 1,
        customerDroppedOnHold: 1,
      });
      expect(contact('C-1')?.holds).toEqual([
        expect.objectContaining({
          startedAt: '2026-03-05T10:08:00.000Z',
          endedAt: '2026-03-05T10:29:30.000Z',
          durationMs: 21.5 * MINUTE_MS,
          endedBy: 'disconnect',
          customerConsent: 'no',
          customerDropped: true,
        }),
      ]);
      expect(contact('C-1')?.abandoned).toBe(true);
      expect(sut.metrics.abandoned).toBe(1);
    });

    it('then it finds one contact dropped from the vendor side: C-2', () => {
      expect(sut.metrics.disconnects).toEqual({ customer: 1, agent: 2, system: 0, network: 0, droppedByUs: 1 });
      expect(sut.contacts.filter((candidate) => candidate.droppedByUs).map((dropped) => dropped.contactId)).toEqual([
        'C-2',
      ]);
    });

    it('then the customer explained the same problem three times to three agents within 45 minutes', () => {
      expect(sut.metrics.transfers).toEqual({
        count: 0,
        blind: 0,
        withoutContext: 0,
        failed: 0,
        agentChain: ['agent-1', 'agent-2', 'agent-3'],
        problemExplanations: 3,
        explainedAgain: 2,
      });
      const explanations = sut.timeline.filter((entry) => entry.type === 'ProblemExplained');
      expect(explanations.map((entry) => entry.streamName)).toEqual(['contact-C-1', 'contact-C-2', 'contact-C-3']);
      const span = Date.parse(explanations[2].occurredAt) - Date.parse(explanations[0].occurredAt);
      expect(span).toBeLessThanOrEqual(45 * MINUTE_MS);
    });

    it('then the customer waited four minutes in the one queue telephony reported', () => {
      expect(sut.metrics.queue).toEqual({
        queued: 1,
        totalWaitMs: 4 * MINUTE_MS,
        longestWaitMs: 4 * MINUTE_MS,
        abandonedInQueue: 0,
      });
    });

    it('then T-2 is a duplicate of T-1, and T-1 never had a status update', () => {
      const [t1, t2] = sut.cases;
      expect(t2).toMatchObject({ caseId: 'T-2', duplicateOf: 'T-1', status: 'closed', contactId: 'C-3' });
      expect(t1).toMatchObject({ caseId: 'T-1', customerUpdates: [], firstResponseAt: null, status: 'open' });
      expect(sut.metrics.cases).toMatchObject({ count: 2, duplicates: 1, reopened: 0, escalations: 0 });
    });

    it('then T-1 went four days without a word, up to the moment the customer was lost', () => {
      expect(sut.cases[0]).toMatchObject({ longestSilenceMs: 4 * DAY_MS, endedAt: '2026-03-06T09:00:00.000Z' });
      expect(sut.metrics.cases.longestSilenceMs).toBe(4 * DAY_MS);
    });

    it('then the callback promised by 15:56 and made at 02:56 is broken by 11 hours', () => {
      expect(sut.callbacks).toEqual([
        expect.objectContaining({
          callbackId: 'CB-1',
          promisedAt: '2026-03-05T10:56:00.000Z',
          dueBy: '2026-03-05T15:56:00.000Z',
          keptAt: '2026-03-06T02:56:00.000Z',
          status: 'broken',
          latenessMs: 11 * HOUR_MS,
        }),
      ]);
      expect(sut.metrics.promises).toEqual({
        callbacksRequested: 1,
        callbacksNeverAttempted: 0,
        made: 1,
        kept: 0,
        broken: 1,
        pending: 0,
        cancelled: 0,
        totalLatenessMs: 11 * HOUR_MS,
      });
    });

    it('then the customer was lost, and no data-quality doubt was found', () => {
      expect(sut.metrics.outcome).toBe('customer_lost');
      expect(sut.metrics.resolvedAt).toBeNull();
      expect(sut.notes).toEqual([]);
    });

    it('then the timeline tells the hold and the hang-up in plain words', () => {
      const sentences = sut.timeline
        .filter((entry) => entry.streamName === 'contact-C-1')
        .map((entry) => entry.description);
      expect(sentences).toContain("C-1 was put on hold (to confirm identity) without the customer's consent.");
      expect(sentences).toContain(
        'C-1 ended: the customer hung up while on hold for 21 min 30 s (hung up while on hold).',
      );
    });

    it('then the journey survives a JSON round trip unchanged', () => {
      expect(JSON.parse(JSON.stringify(sut))).toEqual(sut);
    });
  });

  describe('given the callbacks that never came', () => {
    const facts = journeyFactsOf(callbacksThatNeverCame);
    const journeys = groupFactsIntoJourneys(facts);

    it('then it makes four journeys, because nothing links the voicemails to W-3 or to each other', () => {
      expect(journeys.map((journey) => [...new Set(journey.map((fact) => fact.streamName))])).toEqual([
        ['case-S-1', 'contact-M-1', 'contact-M-2'],
        ['contact-VM-1', 'callback-W-1'],
        ['contact-VM-2', 'callback-W-2'],
        ['contact-W-3', 'case-W-CASE'],
      ]);
    });

    describe('when the journey of S-1 is folded', () => {
      const sut = foldJourney(onStreams(facts, ['case-S-1', 'contact-M-1', 'contact-M-2']));

      it('then S-1 was resolved, reopened by the customer, and is open still', () => {
        expect(sut.cases[0]).toMatchObject({
          caseId: 'S-1',
          status: 'open',
          resolutions: [expect.objectContaining({ at: '2026-01-06T09:00:00.000Z' })],
          reopenings: [{ at: '2026-01-06T12:00:00.000Z', by: 'customer', reason: 'The question was not answered' }],
          resolvedAt: null,
        });
        expect(sut.metrics.cases).toMatchObject({
          reopened: 1,
          timeToFirstResponseMs: 19 * HOUR_MS,
          timeToResolutionMs: null,
        });
        expect(sut.metrics.outcome).toBe('unresolved');
      });

      it('then the update promised within a week was kept 83 days late', () => {
        expect(sut.expectations).toEqual([
          expect.objectContaining({
            kind: 'status_update',
            dueBy: '2026-01-14T10:00:00.000Z',
            keptAt: '2026-04-07T15:00:00.000Z',
            status: 'broken',
            latenessMs: 83 * DAY_MS + 5 * HOUR_MS,
          }),
        ]);
        expect(sut.metrics.promises).toMatchObject({ made: 1, broken: 1, totalLatenessMs: 83 * DAY_MS + 5 * HOUR_MS });
      });

      it('then the longest silence is from the reopening to the late update: 91 days and 3 hours', () => {
        expect(sut.metrics.cases.longestSilenceMs).toBe(91 * DAY_MS + 3 * HOUR_MS);
      });
    });

    describe('when the journeys of the two voicemails are folded', () => {
      const sut = journeys.slice(1, 3).map((journey) => foldJourney(journey));

      it('then each callback request, a week apart, was never attempted', () => {
        expect(sut.map((journey) => journey.callbacks[0])).toEqual([
          expect.objectContaining({
            callbackId: 'W-1',
            requestedAt: '2026-02-02T09:00:00.000Z',
            attempts: [],
            assignedTo: 'agent-12',
          }),
          expect.objectContaining({
            callbackId: 'W-2',
            requestedAt: '2026-02-09T09:00:00.000Z',
            attempts: [],
            assignedTo: 'agent-12',
          }),
        ]);
        expect(sut.map((journey) => journey.metrics.promises.callbacksNeverAttempted)).toEqual([1, 1]);
      });

      it('then nobody promised a time, so there is no promise to judge, only requests left pending', () => {
        expect(sut.map((journey) => [journey.callbacks[0].status, journey.metrics.promises.made])).toEqual([
          ['pending', 0],
          ['pending', 0],
        ]);
        expect(sut.map((journey) => journey.metrics.outcome)).toEqual(['unresolved', 'unresolved']);
      });
    });

    describe('when the journey of W-3 is folded', () => {
      const w3 = onStreams(facts, ['contact-W-3', 'case-W-CASE']);
      const sut = foldJourney(w3);

      it('then W-3 resolved the problem on the call, after an escalation over agent-12', () => {
        expect(sut.metrics.outcome).toBe('resolved_first_contact');
        expect(sut.metrics.cases).toMatchObject({ escalations: 1, timeToResolutionMs: 20 * MINUTE_MS });
        expect(sut.cases[0].escalations).toEqual([
          expect.objectContaining({ to: 'agent-20', from: 'agent-12', initiatedBy: 'customer' }),
        ]);
      });

      it('then the first-contact resolution stays provisional until seven days have passed without another contact', () => {
        expect(sut.metrics.outcomeProvisional).toBe(true);
        expect(foldJourney(w3, { asOf: '2026-02-23T11:20:00Z' }).metrics.outcomeProvisional).toBe(false);
      });
    });
  });
});
