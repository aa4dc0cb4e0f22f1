/**
 * A journey of good service gives no failure finding. Generated (seeded, so a failure replays): the
 * customer is answered quickly, any hold is short and agreed to, any transfer is warm and takes the
 * context along, any promise is kept in time, the problem is resolved on the first contact, and someone
 * checks back afterwards.
 */
import fc from 'fast-check';
import { foldJourney } from '../journey/journey.fold';
import { journeyFacts } from '../journey/testing/journey-facts';
import { caseStream, contactStream } from '../shared/stream-name';
import type { StoryLine } from '../stories/story';
import { evaluateFindings } from './evaluate-findings';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const goodService = fc.record({
  startMinute: fc.integer({ min: 0, max: 60 * 24 * 30 }),
  channel: fc.constantFrom('voice', 'chat' as const),
  queueWaitMs: fc.integer({ min: 0, max: 60 * SECOND }),
  holds: fc.array(
    fc.record({
      talkMs: fc.integer({ min: 10 * SECOND, max: 3 * MINUTE }),
      holdMs: fc.integer({ min: 5 * SECOND, max: 3 * MINUTE }),
    }),
    { maxLength: 2 },
  ),
  transfer: fc.option(fc.constantFrom('warm', 'consult' as const), { nil: undefined }),
  promise: fc.option(
    fc.record({
      kind: fc.constantFrom('status_update', 'resolution' as const),
      dueInMs: fc.integer({ min: 30 * MINUTE, max: 4 * HOUR }),
    }),
    { nil: undefined },
  ),
  endedBy: fc.constantFrom('customer', 'agent' as const),
  followUpAfterMs: fc.integer({ min: 1 * HOUR, max: 3 * DAY }),
  judgedLater: fc.boolean(),
});

type GoodService = typeof goodService extends fc.Arbitrary<infer T> ? T : never;

function goodJourney(service: GoodService) {
  const customerId = 'cust-good';
  const contact = contactStream('G-1');
  const kase = caseStream('G-CASE');
  const lines: StoryLine[] = [];
  let now = Date.UTC(2026, 4, 4, 8, 0) + service.startMinute * MINUTE;
  const at = (advanceMs = 0) => {
    now += advanceMs;
    return new Date(now).toISOString();
  };

  const onContact = (advanceMs: number, event: StoryLine[2]) => lines.push([at(advanceMs), contact, event]);
  const onCase = (advanceMs: number, event: StoryLine[2]) => lines.push([at(advanceMs), kase, event]);
  const { channel } = service;

  onContact(0, { type: 'ContactStarted', data: { channel, direction: 'inbound', origin: 'inbound', customerId } });
  onContact(0, { type: 'ContactQueued', data: { queueId: 'queue-support' } });
  onContact(service.queueWaitMs, { type: 'ContactAnswered', data: { agentId: 'agent-1' } });
  onContact(30 * SECOND, { type: 'ProblemExplained', data: { summary: 'The invoice shows the wrong address' } });
  onCase(MINUTE, {
    type: 'CaseOpened',
    data: { customerId, subject: 'Wrong address on the invoice', channel, contactId: 'G-1' },
  });
  for (const hold of service.holds) {
    onContact(hold.talkMs, {
      type: 'HoldStarted',
      data: { reason: 'to check the billing system', customerConsent: 'yes' },
    });
    onContact(hold.holdMs, { type: 'HoldEnded', data: { agentId: 'agent-1' } });
  }
  const handler = service.transfer ? 'agent-2' : 'agent-1';
  if (service.transfer) {
    const terms = { kind: service.transfer, target: { type: 'agent', id: 'agent-2' }, contextShared: true } as const;
    onContact(MINUTE, { type: 'TransferInitiated', data: terms });
    onContact(30 * SECOND, { type: 'TransferCompleted', data: terms });
  }
  if (service.promise) {
    const dueBy = new Date(now + MINUTE + service.promise.dueInMs).toISOString();
    onCase(MINUTE, {
      type: 'ExpectationSet',
      data: { kind: service.promise.kind, what: 'Confirm the corrected invoice', dueBy, promisedBy: handler, contactId: 'G-1' },
    });
    onCase(2 * MINUTE, {
      type: 'CustomerUpdated',
      data: { channel, summary: 'The address is corrected', contactId: 'G-1' },
    });
  }
  onCase(MINUTE, {
    type: 'CaseResolved',
    data: { resolution: 'Corrected the address and reissued the invoice', resolvedBy: handler, contactId: 'G-1' },
  });
  onContact(30 * SECOND, { type: 'ContactWrappedUp', data: { outcome: 'resolved', disposition: 'billing-fixed' } });
  onContact(0, { type: 'ContactDisconnected', data: { by: service.endedBy, reason: 'call completed' } });
  onCase(service.followUpAfterMs, { type: 'FollowUpCompleted', data: { outcome: 'confirmed_resolved' } });

  const facts = journeyFacts('good-service', lines);
  return foldJourney(facts, service.judgedLater ? { asOf: at(10 * DAY) } : {});
}

describe(`${evaluateFindings.name}, given generated journeys of good service`, () => {
  it('then no failure is found, and the first-contact resolution (and any kept promise) is recognised', () => {
    fc.assert(
      fc.property(goodService, (service) => {
        const journey = goodJourney(service);
        const sut = evaluateFindings(journey);
        expect(journey.notes).toEqual([]);
        expect(sut.filter((finding) => finding.kind === 'failure')).toEqual([]);
        expect(sut.map((finding) => finding.code).sort()).toEqual(
          service.promise ? ['PROMISE_KEPT', 'RESOLVED_FIRST_CONTACT'] : ['RESOLVED_FIRST_CONTACT'],
        );
      }),
      { seed: 20260305, numRuns: 100 },
    );
  });
});
