/**
 * Generated journeys of tangled facts for the rules' property tests: contacts, a callback and cases over
 * three days, at minutes that often collide, with events that often contradict each other (a hold ended
 * twice, a case resolved before it was opened). Seeded by each test.
 */
import fc from 'fast-check';
import type { JourneyEvent } from '../../catalog/event-catalog';
import type { JourneyFact } from '../../journey/journey-fact';
import { callbackStream, caseStream, contactStream, type StreamName } from '../../shared/stream-name';

const contactIds = ['C-0', 'C-1', 'C-2'] as const;
const caseIds = ['K-0', 'K-1'] as const;
const agents = ['agent-1', 'agent-2', 'agent-3'] as const;
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
/** A minute of three days from 2026-03-05 09:00 UTC, ISO-8601. */
export const instant = fc
  .integer({ min: 0, max: 3 * 24 * 60 })
  .map((minute) => new Date(Date.UTC(2026, 2, 5, 9, minute)).toISOString());
const party = fc.constantFrom('customer', 'agent', 'system' as const);
const terms = fc.record({
  kind: fc.constantFrom('blind', 'warm', 'consult' as const),
  target: fc.record({ type: fc.constantFrom('agent', 'queue' as const), id: fc.constantFrom(...agents) }),
  contextShared: fc.boolean(),
});

const contactEvent: fc.Arbitrary<JourneyEvent> = fc.oneof(
  fc.record({
    type: fc.constant('ContactStarted' as const),
    data: fc.record(
      {
        channel: fc.constantFrom('voice', 'chat' as const),
        direction: fc.constantFrom('inbound', 'outbound' as const),
        origin: fc.constantFrom('inbound', 'transfer', 'callback' as const),
        customerId: fc.constant('cust-1'),
        transferredFromContactId: maybe(fc.constantFrom(...contactIds)),
        answersCallbackId: maybe(fc.constant('B-0')),
      },
      { requiredKeys: ['channel', 'direction', 'origin'] },
    ),
  }),
  fc.record({
    type: fc.constant('ContactAnswered' as const),
    data: fc.record({ agentId: fc.constantFrom(...agents) }),
  }),
  fc.record({ type: fc.constant('ProblemExplained' as const), data: fc.constant({ summary: 'again' }) }),
  fc.record({
    type: fc.constant('HoldStarted' as const),
    data: fc.record({
      reason: fc.constant('checking'),
      customerConsent: fc.constantFrom('yes', 'no', 'unknown' as const),
    }),
  }),
  fc.record({ type: fc.constant('HoldEnded' as const), data: fc.constant({}) }),
  fc.record({ type: fc.constant('TransferCompleted' as const), data: terms }),
  fc.record({
    type: fc.constant('ContactDisconnected' as const),
    data: fc.record({ by: fc.constantFrom('customer', 'agent', 'network' as const), reason: fc.constant('ended') }),
  }),
  fc.record({
    type: fc.constant('ContactWrappedUp' as const),
    data: fc.record({ outcome: fc.constantFrom('resolved', 'unresolved' as const), disposition: fc.constant('x') }),
  }),
);

const callbackEvent: fc.Arbitrary<JourneyEvent> = fc.oneof(
  fc.record({
    type: fc.constant('CallbackRequested' as const),
    data: fc.record(
      { customerId: fc.constant('cust-1'), requestedBy: party, caseId: maybe(fc.constantFrom(...caseIds)) },
      { requiredKeys: ['customerId', 'requestedBy'] },
    ),
  }),
  fc.record({
    type: fc.constant('CallbackPromised' as const),
    data: fc.record({ promisedBy: fc.constantFrom(...agents), dueBy: instant }),
  }),
  fc.record({ type: fc.constant('CallbackAttempted' as const), data: fc.constant({ outcome: 'no_answer' as const }) }),
  fc.record({
    type: fc.constant('CallbackCancelled' as const),
    data: fc.record({ by: party, reason: fc.constant('x') }),
  }),
);

const caseEvent: fc.Arbitrary<JourneyEvent> = fc.oneof(
  fc.record({
    type: fc.constant('CaseOpened' as const),
    data: fc.record(
      {
        customerId: fc.constant('cust-1'),
        subject: fc.constant('broken'),
        channel: fc.constantFrom('portal', 'voice' as const),
        duplicateOf: maybe(fc.constantFrom(...caseIds)),
        contactId: maybe(fc.constantFrom(...contactIds)),
      },
      { requiredKeys: ['customerId', 'subject', 'channel'] },
    ),
  }),
  fc.record({
    type: fc.constant('CaseEscalated' as const),
    data: fc.record(
      {
        to: fc.constantFrom(...agents),
        from: maybe(fc.constantFrom(...agents)),
        reason: fc.constant('x'),
        initiatedBy: party,
      },
      { requiredKeys: ['to', 'reason', 'initiatedBy'] },
    ),
  }),
  fc.record({
    type: fc.constant('CustomerUpdated' as const),
    data: fc.constant({ channel: 'email' as const, summary: 'news' }),
  }),
  fc.record({
    type: fc.constant('CaseResolved' as const),
    data: fc.record(
      { resolution: fc.constant('done'), contactId: maybe(fc.constantFrom(...contactIds)) },
      { requiredKeys: ['resolution'] },
    ),
  }),
  fc.record({
    type: fc.constant('CaseReopened' as const),
    data: fc.record({ reason: fc.constant('not fixed'), by: party }),
  }),
  fc.record({
    type: fc.constant('CaseClosed' as const),
    data: fc.record({ reason: fc.constant('x'), resolved: fc.boolean() }),
  }),
  fc.record({
    type: fc.constant('FollowUpCompleted' as const),
    data: fc.constant({ outcome: 'no_response' as const }),
  }),
  fc.record({
    type: fc.constant('ExpectationSet' as const),
    data: fc.record({
      kind: fc.constantFrom('status_update', 'resolution', 'other' as const),
      what: fc.constant('news'),
      dueBy: instant,
      promisedBy: fc.constantFrom(...agents),
    }),
  }),
  fc.record({ type: fc.constant('CustomerLost' as const), data: fc.constant({ reason: 'gone' }) }),
);

export const tangledFacts: fc.Arbitrary<JourneyFact[]> = fc
  .array(
    fc.tuple(
      fc.oneof(
        { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...contactIds).map(contactStream), contactEvent) },
        { weight: 1, arbitrary: fc.tuple(fc.constant(callbackStream('B-0')), callbackEvent) },
        { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...caseIds).map(caseStream), caseEvent) },
      ),
      instant,
    ),
    { minLength: 1, maxLength: 30 },
  )
  .map((drafts) =>
    drafts.map(
      ([[streamName, event], occurredAt], index): JourneyFact =>
        ({
          ...event,
          streamName: streamName as StreamName,
          eventId: `fact-${index}`,
          position: BigInt(index + 1),
          occurredAt,
          recordedAt: occurredAt,
          source: 'test',
        }) as JourneyFact,
    ),
  );
