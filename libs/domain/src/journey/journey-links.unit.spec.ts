import type { JourneyEvent } from '../catalog/event-catalog';
import { journeyEventTypes } from '../catalog/event-catalog';
import type { StreamName } from '../shared/stream-name';
import { theTicketThatNobodyOwned } from '../stories/the-ticket-that-nobody-owned.story';
import { sampleEvent } from '../testing/sample-events';
import { foldJourney } from './journey.fold';
import { groupFactsIntoJourneys, linkedStreams } from './journey-links';
import { HOUR_MS, MINUTE_MS } from './journey-time';
import { journeyFactsOf, onStreams } from './testing/journey-facts';

const on = (streamName: StreamName, event: JourneyEvent) => ({ ...event, streamName });

describe(linkedStreams.name, () => {
  it.each<[string, StreamName, JourneyEvent, StreamName[]]>([
    [
      'a contact to its case, the contact it was transferred from and the callback it answers',
      'contact-C-4',
      {
        type: 'ContactStarted',
        data: {
          channel: 'voice',
          direction: 'outbound',
          origin: 'callback',
          caseId: 'T-2',
          transferredFromContactId: 'C-3',
          answersCallbackId: 'CB-1',
        },
      },
      ['case-T-2', 'contact-C-3', 'callback-CB-1'],
    ],
    [
      'a problem explained to the case it is about',
      'contact-C-1',
      { type: 'ProblemExplained', data: { summary: 'again', caseId: 'T-1' } },
      ['case-T-1'],
    ],
    [
      'a callback request to the contact and the case it was asked on',
      'callback-CB-1',
      {
        type: 'CallbackRequested',
        data: { customerId: 'cust-1', requestedBy: 'agent', contactId: 'C-3', caseId: 'T-2' },
      },
      ['contact-C-3', 'case-T-2'],
    ],
    [
      'a callback attempt to the call that made it',
      'callback-CB-1',
      { type: 'CallbackAttempted', data: { outcome: 'reached', contactId: 'C-4' } },
      ['contact-C-4'],
    ],
    [
      'a completed callback to the call that made it',
      'callback-CB-1',
      { type: 'CallbackCompleted', data: { contactId: 'C-4' } },
      ['contact-C-4'],
    ],
    [
      'a case to the case it duplicates and the contact it was opened on',
      'case-T-2',
      {
        type: 'CaseOpened',
        data: { customerId: 'cust-1', subject: 'failing', channel: 'voice', duplicateOf: 'T-1', contactId: 'C-3' },
      },
      ['case-T-1', 'contact-C-3'],
    ],
    [
      'an update to the contact it was given on',
      'case-S-1',
      { type: 'CustomerUpdated', data: { channel: 'voice', summary: 'news', contactId: 'M-2' } },
      ['contact-M-2'],
    ],
    [
      'a resolution to the contact it was given on',
      'case-W-CASE',
      { type: 'CaseResolved', data: { resolution: 'fixed', contactId: 'W-3' } },
      ['contact-W-3'],
    ],
    [
      'a follow-up to the contact it was made on',
      'case-S-1',
      { type: 'FollowUpCompleted', data: { outcome: 'confirmed_resolved', contactId: 'M-3' } },
      ['contact-M-3'],
    ],
    [
      'a promise to the contact it was made on',
      'case-S-1',
      {
        type: 'ExpectationSet',
        data: {
          kind: 'status_update',
          what: 'a call',
          dueBy: '2026-01-14T10:00:00Z',
          promisedBy: 'agent-7',
          contactId: 'M-1',
        },
      },
      ['contact-M-1'],
    ],
  ])('links %s', (_what, streamName, event, expected) => {
    expect(linkedStreams(on(streamName, event))).toEqual(expected);
  });

  it('links nothing through agents, queues, customers or transfer targets', () => {
    const linking = new Set([
      'ContactStarted',
      'ProblemExplained',
      'CallbackRequested',
      'CallbackAttempted',
      'CallbackCompleted',
      'CaseOpened',
      'CustomerUpdated',
      'CaseResolved',
      'FollowUpCompleted',
      'ExpectationSet',
    ]);
    const others = journeyEventTypes.filter((type) => !linking.has(type));
    expect(others.map((type) => linkedStreams(on('contact-X', sampleEvent(type))))).toEqual(others.map(() => []));
  });

  it('never links a stream to itself', () => {
    expect(
      linkedStreams(
        on('contact-C-1', {
          type: 'ContactStarted',
          data: { channel: 'voice', direction: 'inbound', origin: 'transfer', transferredFromContactId: 'C-1' },
        }),
      ),
    ).toEqual([]);
  });
});

describe(groupFactsIntoJourneys.name, () => {
  const facts = journeyFactsOf(theTicketThatNobodyOwned);
  // The two facts of C-3's journey that name T-1: the third explanation and the duplicate ticket.
  const lateLinks = facts.filter(
    (fact) =>
      (fact.type === 'ProblemExplained' && fact.streamName === 'contact-C-3') ||
      (fact.type === 'CaseOpened' && fact.streamName === 'case-T-2'),
  );
  const withoutLateLinks = facts.filter((fact) => !lateLinks.includes(fact));
  const partA = onStreams(withoutLateLinks, ['case-T-1', 'contact-C-1', 'contact-C-2']);
  const partB = onStreams(withoutLateLinks, ['contact-C-3', 'case-T-2', 'callback-CB-1', 'contact-C-4']);

  describe('given the vendor ticket without the facts that tie C-3 to T-1', () => {
    it('then the morning before C-3 and what followed are two journeys', () => {
      expect(groupFactsIntoJourneys(withoutLateLinks)).toEqual([partA, partB]);
    });

    describe('when the late facts arrive', () => {
      const [merged] = groupFactsIntoJourneys([...withoutLateLinks, ...lateLinks]);
      const sut = foldJourney(merged);
      const [a, b] = [foldJourney(partA), foldJourney(partB)];

      it('then the two journeys become one, with every fact of both', () => {
        expect(groupFactsIntoJourneys([...withoutLateLinks, ...lateLinks])).toHaveLength(1);
        expect(sut).toEqual(foldJourney(facts));
      });

      it('then the merged metrics add up both parts and what only the whole shows', () => {
        expect(a.metrics.contacts.count + b.metrics.contacts.count).toBe(4);
        expect(sut.metrics.contacts).toMatchObject({ count: 4, repeatContacts: 2 });
        // B alone had C-3 as a first call; merged, it is the customer's third.
        expect(b.metrics.contacts.repeatContacts).toBe(0);
        expect(sut.metrics.holds).toMatchObject({ count: 1, totalMs: 21.5 * MINUTE_MS, customerDroppedOnHold: 1 });
        expect([a.metrics.transfers.problemExplanations, sut.metrics.transfers.problemExplanations]).toEqual([2, 3]);
        expect(sut.metrics.transfers.agentChain).toEqual(['agent-1', 'agent-2', 'agent-3']);
        expect(sut.metrics.promises).toMatchObject({ made: 1, broken: 1, totalLatenessMs: 11 * HOUR_MS });
        expect(sut.metrics.cases).toMatchObject({ count: 2, duplicates: 1 });
        expect([a.metrics.outcome, b.metrics.outcome, sut.metrics.outcome]).toEqual([
          'customer_lost',
          'unresolved',
          'customer_lost',
        ]);
      });
    });
  });

  it('keeps two problems of one customer apart until a fact links them', () => {
    const t1Facts = journeyFactsOf(theTicketThatNobodyOwned).filter((fact) => fact.streamName === 'case-T-1');
    const other = t1Facts.map((fact) => ({
      ...fact,
      eventId: `${fact.eventId}-other`,
      streamName: 'case-T-9' as const,
    }));
    expect(groupFactsIntoJourneys([...t1Facts, ...other])).toHaveLength(2);
  });
});
