/**
 * Facts arrive late, out of order and contradicting each other; the fold turns what does not add up into
 * data-quality notes, and the rules must never throw on what it hands them. For generated journeys of
 * tangled facts (seeded), under both rulebooks and extreme thresholds, every finding cites events of the
 * journey, at a valid instant, with a sentence.
 */
import fc from 'fast-check';
import type { JourneyEvent } from '../catalog/event-catalog';
import { foldJourney } from '../journey/journey.fold';
import type { JourneyFact } from '../journey/journey-fact';
import { callbackStream, caseStream, contactStream, type StreamName } from '../shared/stream-name';
import { evaluateFindings } from './evaluate-findings';
import { findingsByStep } from './findings-by-step';
import { rulebooks } from './rulebooks';

const contactIds = ['C-0', 'C-1', 'C-2'] as const;
const caseIds = ['K-0', 'K-1'] as const;
const agents = ['agent-1', 'agent-2', 'agent-3'] as const;
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const instant = fc
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

const tangledFacts: fc.Arbitrary<JourneyFact[]> = fc
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
