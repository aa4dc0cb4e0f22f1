/**
 * The fold is a function of the set of facts: for generated journeys (contacts with holds, transfers and
 * disconnects, cases, callbacks, promises, and the links between them, at times that often collide and
 * often contradict each other), any arrival order, any split into batches and any re-delivery give a
 * deep-equal Journey, and the same journeys.
 */
import fc from 'fast-check';
import type { JourneyEvent } from '../catalog/event-catalog';
import { callbackStream, caseStream, contactStream, type StreamName } from '../shared/stream-name';
import { foldJourney, foldJourneySteps } from './journey.fold';
import type { JourneyFact } from './journey-fact';
import { groupFactsIntoJourneys } from './journey-links';

const contactIds = ['C-0', 'C-1', 'C-2'] as const;
const caseIds = ['K-0', 'K-1'] as const;
const callbackIds = ['B-0', 'B-1'] as const;
const agents = ['agent-1', 'agent-2', 'agent-3'] as const;
const customers = ['cust-1', 'cust-1', 'cust-1', 'cust-2'] as const;

const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const text = fc.constantFrom('to check the order', 'hung up', 'no progress', 'call completed');
const party = fc.constantFrom('customer', 'agent', 'system' as const);
const instant = fc
  .integer({ min: 0, max: 600 })
  .map((minute) => new Date(Date.UTC(2026, 2, 5, 9, minute)).toISOString());
const target = fc.record({
  type: fc.constantFrom('agent', 'queue', 'external' as const),
  id: fc.constantFrom(...agents),
});
const transfer = fc.record({
  kind: fc.constantFrom('blind', 'warm', 'consult' as const),
  target,
  contextShared: fc.boolean(),
});

const contactEvent: fc.Arbitrary<JourneyEvent> = fc.oneof(
  fc.record({
    type: fc.constant('ContactStarted' as const),
    data: fc.record(
      {
        channel: fc.constantFrom('voice', 'chat', 'email' as const),
        direction: fc.constantFrom('inbound', 'outbound' as const),
        origin: fc.constantFrom('inbound', 'outbound', 'transfer', 'callback' as const),
        customerId: maybe(fc.constantFrom(...customers)),
        caseId: maybe(fc.constantFrom(...caseIds)),
        transferredFromContactId: maybe(fc.constantFrom(...contactIds)),
        answersCallbackId: maybe(fc.constantFrom(...callbackIds)),
      },
      { requiredKeys: ['channel', 'direction', 'origin'] },
    ),
  }),
  fc.record({
    type: fc.constant('CustomerIdentified' as const),
    data: fc.record({ customerId: fc.constantFrom(...customers), method: fc.constant('ivr' as const) }),
  }),
  fc.record({
    type: fc.constant('ContactQueued' as const),
    data: fc.record({ queueId: fc.constantFrom('queue-a', 'queue-b') }),
  }),
  fc.record({
    type: fc.constant('ContactAnswered' as const),
    data: fc.record({ agentId: fc.constantFrom(...agents) }),
  }),
  fc.record({
    type: fc.constant('ProblemExplained' as const),
    data: fc.record({ summary: text, caseId: maybe(fc.constantFrom(...caseIds)) }, { requiredKeys: ['summary'] }),
  }),
  fc.record({
    type: fc.constant('HoldStarted' as const),
    data: fc.record({ reason: text, customerConsent: fc.constantFrom('yes', 'no', 'unknown' as const) }),
  }),
  fc.record({ type: fc.constant('HoldEnded' as const), data: fc.constant({}) }),
  fc.record({ type: fc.constant('TransferInitiated' as const), data: transfer }),
  fc.record({ type: fc.constant('TransferCompleted' as const), data: transfer }),
  fc.record({ type: fc.constant('TransferFailed' as const), data: fc.record({ target, reason: text }) }),
  fc.record({
    type: fc.constant('MessageLeft' as const),
    data: fc.record({ kind: fc.constant('voicemail' as const), leftBy: fc.constant('customer' as const) }),
  }),
  fc.record({
    type: fc.constant('ContactDisconnected' as const),
    data: fc.record({ by: fc.constantFrom('customer', 'agent', 'system', 'network' as const), reason: text }),
  }),
  fc.record({
    type: fc.constant('ContactWrappedUp' as const),
    data: fc.record({ outcome: fc.constantFrom('resolved', 'unresolved' as const), disposition: text }),
  }),
);

const callbackEvent: fc.Arbitrary<JourneyEvent> = fc.oneof(
  fc.record({
    type: fc.constant('CallbackRequested' as const),
    data: fc.record(
      {
        customerId: fc.constantFrom(...customers),
        requestedBy: party,
        contactId: maybe(fc.constantFrom(...contactIds)),
        caseId: maybe(fc.constantFrom(...caseIds)),
      },
      { requiredKeys: ['customerId', 'requestedBy'] },
    ),
  }),
  fc.record({
    type: fc.constant('CallbackPromised' as const),
    data: fc.record({ promisedBy: fc.constantFrom(...agents), dueBy: instant }),
  }),
  fc.record({
    type: fc.constant('CallbackAttempted' as const),
    data: fc.record(
      { outcome: fc.constantFrom('reached', 'no_answer' as const), contactId: maybe(fc.constantFrom(...contactIds)) },
      { requiredKeys: ['outcome'] },
    ),
  }),
  fc.record({
    type: fc.constant('CallbackCompleted' as const),
    data: fc.record({ contactId: maybe(fc.constantFrom(...contactIds)) }, { requiredKeys: [] }),
  }),
  fc.record({ type: fc.constant('CallbackCancelled' as const), data: fc.record({ by: party, reason: text }) }),
);

const caseEvent: fc.Arbitrary<JourneyEvent> = fc.oneof(
  fc.record({
    type: fc.constant('CaseOpened' as const),
    data: fc.record(
      {
        customerId: fc.constantFrom(...customers),
        subject: text,
        channel: fc.constantFrom('portal', 'voice' as const),
        duplicateOf: maybe(fc.constantFrom(...caseIds)),
        contactId: maybe(fc.constantFrom(...contactIds)),
      },
      { requiredKeys: ['customerId', 'subject', 'channel'] },
    ),
  }),
  fc.record({
    type: fc.constant('CaseAssigned' as const),
    data: fc.record({ assigneeId: fc.constantFrom(...agents) }),
  }),
  fc.record({
    type: fc.constant('CaseEscalated' as const),
    data: fc.record({ to: fc.constantFrom(...agents), reason: text, initiatedBy: party }),
  }),
  fc.record({
    type: fc.constant('CustomerUpdated' as const),
    data: fc.record(
      { channel: fc.constant('email' as const), summary: text, contactId: maybe(fc.constantFrom(...contactIds)) },
      { requiredKeys: ['channel', 'summary'] },
    ),
  }),
  fc.record({
    type: fc.constant('CaseResolved' as const),
    data: fc.record(
      { resolution: text, contactId: maybe(fc.constantFrom(...contactIds)) },
      { requiredKeys: ['resolution'] },
    ),
  }),
  fc.record({ type: fc.constant('CaseReopened' as const), data: fc.record({ reason: text, by: party }) }),
  fc.record({ type: fc.constant('CaseClosed' as const), data: fc.record({ reason: text, resolved: fc.boolean() }) }),
  fc.record({
    type: fc.constant('FollowUpCompleted' as const),
    data: fc.record({ outcome: fc.constantFrom('confirmed_resolved', 'no_response' as const) }),
  }),
  fc.record({
    type: fc.constant('FeedbackReceived' as const),
    data: fc.record({ score: fc.integer({ min: 0, max: 10 }) }),
  }),
  fc.record({
    type: fc.constant('ExpectationSet' as const),
    data: fc.record(
      {
        kind: fc.constantFrom('status_update', 'resolution', 'other' as const),
        what: text,
        dueBy: instant,
        promisedBy: fc.constantFrom(...agents),
        contactId: maybe(fc.constantFrom(...contactIds)),
      },
      { requiredKeys: ['kind', 'what', 'dueBy', 'promisedBy'] },
    ),
  }),
  fc.record({ type: fc.constant('CustomerLost' as const), data: fc.record({ reason: text }) }),
);

/** A fact on one of a few streams, at one of a few hundred minutes (so many share a moment). */
const factDraft = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...contactIds).map(contactStream), contactEvent) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...callbackIds).map(callbackStream), callbackEvent) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...caseIds).map(caseStream), caseEvent) },
);

const journeyFacts: fc.Arbitrary<JourneyFact[]> = fc
  .array(fc.tuple(factDraft, instant, fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 5_000 })), {
    minLength: 1,
    maxLength: 40,
  })
  .map((drafts) =>
    drafts.map(
      ([[streamName, event], occurredAt, position, recordedLagSeconds], index): JourneyFact =>
        ({
          ...event,
          streamName: streamName as StreamName,
          eventId: `event-${index}`,
          // Unique, and unrelated to occurredAt: late facts are committed after earlier-dated ones.
          position: BigInt(position) * 1_000n + BigInt(index),
          occurredAt,
          recordedAt: new Date(Date.parse(occurredAt) + recordedLagSeconds * 1_000).toISOString(),
          source: 'property',
        }) as JourneyFact,
    ),
  );

/**
 * A journey as it usually goes: contacts one after another, each maybe queued, answered, explained,
 * held, transferred and ended; a case opened before or on the first contact, updated, resolved on a
 * contact, maybe reopened, closed or the customer lost; a callback promised on a contact and maybe
 * attempted late; a promised update. Times are whole minutes, so facts often share a moment.
 */
const contactScript = fc.record({
  gap: fc.integer({ min: 0, max: 3 * 24 * 60 }),
  queued: fc.boolean(),
  wait: fc.integer({ min: 0, max: 10 }),
  agent: maybe(fc.constantFrom(...agents)),
  explains: fc.boolean(),
  holds: fc.array(
    fc.record({
      after: fc.integer({ min: 0, max: 5 }),
      length: fc.integer({ min: 0, max: 30 }),
      consent: fc.constantFrom('yes', 'no', 'unknown' as const),
      ends: fc.boolean(),
    }),
    { maxLength: 2 },
  ),
  transfer: maybe(
    fc.record({
      kind: fc.constantFrom('blind', 'warm', 'consult' as const),
      contextShared: fc.boolean(),
      to: fc.constantFrom(...agents),
      settles: fc.constantFrom('completed', 'failed', 'pending' as const),
    }),
  ),
  endedBy: maybe(fc.constantFrom('customer', 'agent', 'system', 'network' as const)),
  wrapUp: maybe(fc.constantFrom('resolved', 'unresolved', 'follow_up_required' as const)),
  direction: fc.constantFrom('inbound', 'inbound', 'outbound' as const),
});
const caseScript = fc.record({
  openedBeforeContacts: fc.boolean(),
  updates: fc.array(fc.integer({ min: 0, max: 5 * 24 * 60 }), { maxLength: 2 }),
  resolvedOnContact: maybe(fc.nat({ max: 2 })),
  reopened: fc.boolean(),
  closed: maybe(fc.boolean()),
  lost: fc.boolean(),
  expectation: maybe(
    fc.record({
      due: fc.integer({ min: 0, max: 3 * 24 * 60 }),
      kind: fc.constantFrom('status_update', 'resolution' as const),
    }),
  ),
  followUp: fc.boolean(),
  duplicate: fc.boolean(),
});
const callbackScript = fc.record({
  due: fc.integer({ min: 0, max: 12 * 60 }),
  attemptAfter: maybe(fc.integer({ min: 0, max: 24 * 60 })),
  cancelledAfter: maybe(fc.integer({ min: 0, max: 24 * 60 })),
});

const coherentJourney: fc.Arbitrary<JourneyFact[]> = fc
  .record({
    contacts: fc.array(contactScript, { minLength: 1, maxLength: 3 }),
    kase: maybe(caseScript),
    callback: maybe(callbackScript),
    positions: fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 80, maxLength: 80 }),
  })
  .map(({ contacts, kase, callback, positions }) => {
    const lines: [number, StreamName, JourneyEvent][] = [];
    const customerId = 'cust-1';
    const caseId = 'K-0';
    let clock = 0;
    if (kase?.openedBeforeContacts) {
      lines.push([
        clock,
        caseStream(caseId),
        { type: 'CaseOpened', data: { customerId, subject: 'It fails', channel: 'portal' } },
      ]);
      clock += 60;
    }
    contacts.forEach((script, index) => {
      const id = contactIds[index];
      const stream = contactStream(id);
      clock += script.gap;
      const start = clock;
      lines.push([
        clock,
        stream,
        {
          type: 'ContactStarted',
          data: {
            channel: 'voice',
            direction: script.direction,
            origin: script.direction,
            customerId,
            caseId: kase && index > 0 ? caseId : undefined,
          },
        },
      ]);
      if (script.queued) lines.push([clock, stream, { type: 'ContactQueued', data: { queueId: 'queue-a' } }]);
      clock += script.wait;
      if (script.agent) {
        lines.push([clock, stream, { type: 'ContactAnswered', data: { agentId: script.agent } }]);
        if (script.explains)
          lines.push([
            clock,
            stream,
            { type: 'ProblemExplained', data: { summary: 'It fails', caseId: kase ? caseId : undefined } },
          ]);
        for (const hold of script.holds) {
          clock += hold.after;
          lines.push([
            clock,
            stream,
            { type: 'HoldStarted', data: { reason: 'to check', customerConsent: hold.consent } },
          ]);
          clock += hold.length;
          if (hold.ends) lines.push([clock, stream, { type: 'HoldEnded', data: {} }]);
        }
        if (script.transfer) {
          const terms = {
            kind: script.transfer.kind,
            target: { type: 'agent' as const, id: script.transfer.to },
            contextShared: script.transfer.contextShared,
          };
          lines.push([clock, stream, { type: 'TransferInitiated', data: terms }]);
          clock += 1;
          if (script.transfer.settles === 'completed')
            lines.push([clock, stream, { type: 'TransferCompleted', data: terms }]);
          if (script.transfer.settles === 'failed')
            lines.push([clock, stream, { type: 'TransferFailed', data: { target: terms.target, reason: 'busy' } }]);
        }
      }
      if (kase && !kase.openedBeforeContacts && index === 0) {
        lines.push([
          clock,
          caseStream(caseId),
          { type: 'CaseOpened', data: { customerId, subject: 'It fails', channel: 'voice', contactId: id } },
        ]);
      }
      if (kase?.resolvedOnContact === index) {
        lines.push([clock, caseStream(caseId), { type: 'CaseResolved', data: { resolution: 'Fixed', contactId: id } }]);
      }
      if (callback && index === 0) {
        lines.push([
          clock,
          callbackStream('B-0'),
          {
            type: 'CallbackRequested',
            data: { customerId, requestedBy: 'agent', contactId: id, caseId: kase ? caseId : undefined },
          },
        ]);
        lines.push([
          clock,
          callbackStream('B-0'),
          {
            type: 'CallbackPromised',
            data: { promisedBy: 'agent-1', dueBy: new Date(minuteMs(clock + callback.due)).toISOString() },
          },
        ]);
        if (callback.attemptAfter !== undefined) {
          lines.push([
            clock + callback.attemptAfter,
            callbackStream('B-0'),
            { type: 'CallbackAttempted', data: { outcome: 'reached' } },
          ]);
        }
        if (callback.cancelledAfter !== undefined) {
          lines.push([
            clock + callback.cancelledAfter,
            callbackStream('B-0'),
            { type: 'CallbackCancelled', data: { by: 'customer', reason: 'no longer needed' } },
          ]);
        }
      }
      if (kase?.expectation && index === 0) {
        const due = new Date(minuteMs(clock + kase.expectation.due)).toISOString();
        lines.push([
          clock,
          caseStream(caseId),
          {
            type: 'ExpectationSet',
            data: { kind: kase.expectation.kind, what: 'news', dueBy: due, promisedBy: 'agent-1', contactId: id },
          },
        ]);
      }
      clock += 2;
      if (script.endedBy)
        lines.push([clock, stream, { type: 'ContactDisconnected', data: { by: script.endedBy, reason: 'ended' } }]);
      if (script.wrapUp)
        lines.push([
          clock + 1,
          stream,
          { type: 'ContactWrappedUp', data: { outcome: script.wrapUp, disposition: 'done' } },
        ]);
      clock = Math.max(clock, start);
    });
    if (kase) {
      for (const update of kase.updates)
        lines.push([
          update,
          caseStream(caseId),
          { type: 'CustomerUpdated', data: { channel: 'email', summary: 'news' } },
        ]);
      if (kase.reopened)
        lines.push([
          clock + 30,
          caseStream(caseId),
          { type: 'CaseReopened', data: { reason: 'still failing', by: 'customer' } },
        ]);
      if (kase.closed !== undefined)
        lines.push([
          clock + 60,
          caseStream(caseId),
          { type: 'CaseClosed', data: { reason: 'done', resolved: kase.closed } },
        ]);
      if (kase.followUp)
        lines.push([
          clock + 90,
          caseStream(caseId),
          { type: 'FollowUpCompleted', data: { outcome: 'confirmed_resolved' } },
        ]);
      if (kase.duplicate)
        lines.push([
          clock,
          caseStream('K-1'),
          { type: 'CaseOpened', data: { customerId, subject: 'It fails', channel: 'voice', duplicateOf: caseId } },
        ]);
      if (kase.lost) lines.push([clock + 120, caseStream(caseId), { type: 'CustomerLost', data: { reason: 'gone' } }]);
    }
    return lines.map(
      ([minute, streamName, event], index): JourneyFact =>
        ({
          ...event,
          streamName,
          eventId: `event-${index}`,
          position: BigInt(positions[index % positions.length]) * 1_000n + BigInt(index),
          occurredAt: new Date(minuteMs(minute)).toISOString(),
          recordedAt: new Date(minuteMs(minute) + 1_000).toISOString(),
          source: 'property',
        }) as JourneyFact,
    );
  });

function minuteMs(minute: number): number {
  return Date.UTC(2026, 2, 5, 9) + minute * 60_000;
}

/** The same facts as they might arrive: shuffled, some delivered again, cut into batches. */
const deliveries = fc.oneof(coherentJourney, journeyFacts).chain((facts) =>
  fc.record({
    facts: fc.constant(facts),
    arrival: fc.shuffledSubarray(facts, { minLength: facts.length, maxLength: facts.length }),
    redelivered: fc.subarray(facts),
    cuts: fc.array(fc.nat({ max: 2 * facts.length }), { maxLength: 3 }),
  }),
);

function batches<T>(items: readonly T[], cuts: readonly number[]): T[][] {
  const points = [...new Set(cuts.map((cut) => Math.min(cut, items.length)))].sort((a, b) => a - b);
  return [0, ...points].map((start, index) => items.slice(start, [...points, items.length][index]));
}

const runs = { seed: 20_260_305, numRuns: 300 };

describe('the journey fold over any delivery of the same facts', () => {
  it('gives a deep-equal journey for any arrival order, any duplication and any split into batches', () => {
    fc.assert(
      fc.property(deliveries, ({ facts, arrival, redelivered, cuts }) => {
        const expected = foldJourney(facts);
        // Batches arrive in reverse, the redelivered facts interleaved: the union is what counts.
        const delivered = [...batches([...arrival, ...redelivered], cuts)].reverse().flat();
        expect(foldJourney(delivered)).toEqual(expected);
      }),
      runs,
    );
  });

  it('gives the same journeys, each with the same facts, for any arrival order and any duplication', () => {
    fc.assert(
      fc.property(deliveries, ({ facts, arrival, redelivered }) => {
        const expected = groupFactsIntoJourneys(facts).map((journey) => foldJourney(journey));
        const actual = groupFactsIntoJourneys([...redelivered, ...arrival]).map((journey) => foldJourney(journey));
        expect(actual).toEqual(expected);
      }),
      runs,
    );
  });

  it('loses no fact: each distinct event is on the timeline once, in occurredAt then position order', () => {
    fc.assert(
      fc.property(deliveries, ({ facts, arrival, redelivered }) => {
        const { timeline } = foldJourney([...arrival, ...redelivered]);
        expect(timeline.map((entry) => entry.eventId).sort()).toEqual(facts.map((fact) => fact.eventId).sort());
        const keys = timeline.map((entry) => [Date.parse(entry.occurredAt), BigInt(entry.position)] as const);
        keys.slice(1).forEach(([at, position], index) => {
          const [previousAt, previousPosition] = keys[index];
          expect(at > previousAt || (at === previousAt && position > previousPosition)).toBe(true);
        });
      }),
      runs,
    );
  });

  it('gives a journey that JSON carries unchanged', () => {
    fc.assert(
      fc.property(fc.oneof(coherentJourney, journeyFacts), (facts) => {
        const journey = foldJourney(facts);
        expect(JSON.parse(JSON.stringify(journey))).toEqual(journey);
      }),
      { ...runs, numRuns: 200 },
    );
  });
});

describe(foldJourneySteps.name, () => {
  it.each(['occurred', 'recorded'] as const)(
    'gives, at each step on the %s clock, the fold of the facts known so far as of that step',
    (clock) => {
      fc.assert(
        fc.property(deliveries, ({ arrival, redelivered }) => {
          // Some copies differ from the original: a data-quality note, which a step shows once it has the fact.
          const copies = redelivered.map((fact, index) => (index % 2 ? fact : { ...fact, source: 'another-copy' }));
          const delivered = [...arrival, ...copies];
          const sofar: JourneyFact[] = [];
          for (const { entry, asOf, journey } of foldJourneySteps(delivered, { clock })) {
            sofar.push(...delivered.filter((fact) => fact.eventId === entry.eventId));
            expect(asOf).toBe(clock === 'occurred' ? entry.occurredAt : entry.recordedAt);
            expect(journey).toEqual(foldJourney(sofar, { asOf, clock }));
          }
          expect(sofar).toHaveLength(delivered.filter((fact) => !Number.isNaN(Date.parse(fact.occurredAt))).length);
        }),
        { ...runs, numRuns: 150 },
      );
    },
  );
});
