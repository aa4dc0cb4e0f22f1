/**
 * Facts from systems we do not control contradict each other. The fold keeps every one of them on the
 * timeline and says what does not add up, citing the facts, instead of dropping or refusing anything.
 */
import { callbackStream, caseStream, contactStream } from '../shared/stream-name';
import { theTicketThatNobodyOwned } from '../stories/the-ticket-that-nobody-owned.story';
import { voiceCall } from '../stories/story';
import { foldJourney } from './journey.fold';
import type { JourneyFact } from './journey-fact';
import { HOUR_MS, MINUTE_MS } from './journey-time';
import { journeyFacts, journeyFactsOf } from './testing/journey-facts';

const c1 = contactStream('C-1');
const started = ['2026-03-05T10:00:00Z', c1, { type: 'ContactStarted', data: voiceCall('inbound') }] as const;
const answered = ['2026-03-05T10:01:00Z', c1, { type: 'ContactAnswered', data: { agentId: 'agent-1' } }] as const;

describe('the journey fold, given facts that do not add up', () => {
  it('notes a hold that ends before it starts, and still measures nothing it cannot', () => {
    const facts = journeyFacts('hold-backwards', [
      started,
      answered,
      ['2026-03-05T10:05:00Z', c1, { type: 'HoldEnded', data: {} }],
      ['2026-03-05T10:09:00Z', c1, { type: 'HoldStarted', data: { reason: 'to check', customerConsent: 'yes' } }],
    ]);
    const sut = foldJourney(facts);
    expect(sut.notes).toEqual([
      expect.objectContaining({ code: 'hold_end_without_start', eventIds: [facts[2].eventId] }),
    ]);
    expect(sut.contacts[0].holds).toEqual([
      expect.objectContaining({ startedAt: '2026-03-05T10:09:00.000Z', endedAt: null, durationMs: null }),
    ]);
    expect(sut.metrics.holds).toMatchObject({ count: 1, totalMs: 0, averageMs: null });
    expect(sut.timeline).toHaveLength(4);
  });

  it('notes a transfer that went through without having been initiated, and counts it', () => {
    const facts = journeyFacts('transfer-from-nowhere', [
      started,
      answered,
      [
        '2026-03-05T10:03:00Z',
        c1,
        {
          type: 'TransferCompleted',
          data: { kind: 'blind', target: { type: 'agent', id: 'agent-2' }, contextShared: false },
        },
      ],
    ]);
    const sut = foldJourney(facts);
    expect(sut.notes).toEqual([
      expect.objectContaining({ code: 'transfer_completed_without_initiation', eventIds: [facts[2].eventId] }),
    ]);
    expect(sut.metrics.transfers).toMatchObject({
      count: 1,
      blind: 1,
      withoutContext: 1,
      agentChain: ['agent-1', 'agent-2'],
    });
  });

  it('notes events on a contact after its disconnect, but not its wrap-up', () => {
    const facts = journeyFacts('after-the-end', [
      started,
      ['2026-03-05T10:02:00Z', c1, { type: 'ContactDisconnected', data: { by: 'customer', reason: 'hung up' } }],
      [
        '2026-03-05T10:03:00Z',
        c1,
        { type: 'ContactWrappedUp', data: { outcome: 'unresolved', disposition: 'dropped' } },
      ],
      [
        '2026-03-05T10:04:00Z',
        c1,
        { type: 'HoldStarted', data: { reason: 'late report', customerConsent: 'unknown' } },
      ],
    ]);
    expect(foldJourney(facts).notes).toEqual([
      expect.objectContaining({ code: 'event_after_disconnect', eventIds: [facts[3].eventId] }),
    ]);
  });

  it('notes facts on a contact that never started, and on one that started after them', () => {
    const facts = journeyFacts('no-start', [
      ['2026-03-05T10:01:00Z', contactStream('C-7'), { type: 'ContactAnswered', data: { agentId: 'agent-1' } }],
      ['2026-03-05T10:01:00Z', c1, { type: 'ContactAnswered', data: { agentId: 'agent-1' } }],
      ['2026-03-05T10:02:00Z', c1, { type: 'ContactStarted', data: { ...voiceCall('inbound'), caseId: 'T-1' } }],
      ['2026-03-05T10:03:00Z', caseStream('T-1'), { type: 'CustomerLost', data: { reason: 'gone' } }],
    ]);
    expect(foldJourney(facts).notes.map((note) => [note.code, note.eventIds])).toEqual([
      ['events_before_contact_started', [facts[1].eventId]],
      ['contact_never_started', [facts[0].eventId]],
      ['case_never_opened', []],
    ]);
  });

  it('notes a fact filed on the wrong kind of stream, shows it, and counts it nowhere', () => {
    const facts = journeyFacts('wrong-stream', [
      started,
      [
        '2026-03-05T10:02:00Z',
        callbackStream('CB-9'),
        { type: 'HoldStarted', data: { reason: 'x', customerConsent: 'no' } },
      ],
    ]);
    const sut = foldJourney(facts);
    expect(sut.notes).toEqual([expect.objectContaining({ code: 'event_on_wrong_stream' })]);
    expect(sut.metrics.holds.count).toBe(0);
    expect(sut.timeline).toHaveLength(2);
  });

  it('notes a journey that names two customers, and keeps the first', () => {
    const facts = journeyFacts('two-customers', [
      ['2026-03-05T10:00:00Z', c1, { type: 'ContactStarted', data: { ...voiceCall('inbound'), customerId: 'cust-1' } }],
      ['2026-03-05T10:00:30Z', c1, { type: 'CustomerIdentified', data: { customerId: 'cust-2', method: 'agent' } }],
    ]);
    const sut = foldJourney(facts);
    expect(sut.customerId).toBe('cust-1');
    expect(sut.notes).toEqual([expect.objectContaining({ code: 'several_customers', eventIds: [facts[1].eventId] })]);
  });

  it('leaves out a fact it cannot place in time, and says so', () => {
    const [good, bad] = journeyFacts('no-time', [started, answered]);
    const sut = foldJourney([good, { ...bad, occurredAt: 'yesterday' }]);
    expect(sut.timeline.map((entry) => entry.eventId)).toEqual([good.eventId]);
    expect(sut.notes).toEqual([expect.objectContaining({ code: 'invalid_time', eventIds: [bad.eventId] })]);
  });

  it('picks the same copy of an event delivered twice with different contents, whichever came first', () => {
    const [fact] = journeyFacts('conflict', [started]);
    const other: JourneyFact = { ...fact, position: fact.position + 1n, source: 'replayed' };
    const sut = foldJourney([other, fact]);
    expect(sut).toEqual(foldJourney([fact, other]));
    expect(sut.timeline[0].position).toBe(fact.position.toString());
    expect(sut.notes).toEqual([expect.objectContaining({ code: 'conflicting_duplicate', eventIds: [fact.eventId] })]);
  });
});

describe('the journey fold as of a moment', () => {
  const facts = journeyFactsOf(theTicketThatNobodyOwned);
  const callbackAsOf = (asOf: string) => foldJourney(facts, { asOf }).callbacks[0];

  it('given the callback is not due yet, then it is pending', () => {
    expect(callbackAsOf('2026-03-05T12:00:00Z')).toMatchObject({ status: 'pending', latenessMs: null, keptAt: null });
  });

  it('given its due time has just passed, then it is broken by the minutes since', () => {
    expect(callbackAsOf('2026-03-05T16:00:00Z')).toMatchObject({
      status: 'broken',
      latenessMs: 4 * MINUTE_MS,
      keptAt: null,
    });
  });

  it('given the callback was made late, then it stays broken by 11 hours however late we look', () => {
    expect(callbackAsOf('2027-01-01T00:00:00Z')).toMatchObject({ status: 'broken', latenessMs: 11 * HOUR_MS });
  });

  it('leaves out what had not happened yet, and judges open silences up to that moment', () => {
    const sut = foldJourney(facts, { asOf: '2026-03-05T10:30:00Z' });
    expect(sut.contacts.map((contact) => contact.contactId)).toEqual(['C-1']);
    expect(sut.judgedAt).toBe('2026-03-05T10:30:00.000Z');
    expect(sut.cases[0].longestSilenceMs).toBe(3 * 24 * HOUR_MS + 90 * MINUTE_MS);
  });

  it('by the recorded clock, leaves out what had happened but was not known yet', () => {
    const lateKnown = facts.map((fact) =>
      fact.type === 'CustomerLost' ? { ...fact, recordedAt: '2026-03-09T09:00:00Z' } : fact,
    );
    const asOf = '2026-03-07T00:00:00Z';
    expect(foldJourney(lateKnown, { asOf }).metrics.outcome).toBe('customer_lost');
    expect(foldJourney(lateKnown, { asOf, clock: 'recorded' }).metrics.outcome).toBe('unresolved');
  });

  it('refuses an asOf that is not an instant', () => {
    expect(() => foldJourney(facts, { asOf: 'soon' })).toThrow(
      expect.objectContaining({ code: 'JOURNEY.INVALID_AS_OF' }),
    );
  });
});
