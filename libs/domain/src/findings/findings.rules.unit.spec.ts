/**
 * The rules the stories do not reach (transfers, follow-ups, kept promises), the edges of thresholds,
 * and the rulebooks themselves, each on a small journey of its own.
 */
import { foldJourney } from '../journey/journey.fold';
import { journeyFacts } from '../journey/testing/journey-facts';
import { NotFoundError, ValidationError } from '../shared/domain-error';
import { callbackStream, caseStream, contactStream } from '../shared/stream-name';
import { voiceCall, type StoryLine } from '../stories/story';
import { findingCodes } from './finding';
import { evaluateFindings } from './evaluate-findings';
import { currentRulebook, rulebook2025, rulebookOf, rulebooks } from './rulebooks';

const customerId = 'cust-1';
const c1 = contactStream('C-1');
const c2 = contactStream('C-2');
const k1 = caseStream('K-1');
const cb = callbackStream('CB-1');

const callStart = (at: string, agentId = 'agent-1'): StoryLine[] => [
  [at, c1, { type: 'ContactStarted', data: { ...voiceCall('inbound'), customerId } }],
  [at, c1, { type: 'ContactAnswered', data: { agentId } }],
  [at, c1, { type: 'ProblemExplained', data: { summary: 'The router keeps dropping' } }],
];
const judge = (lines: readonly StoryLine[], asOf?: string) =>
  evaluateFindings(foldJourney(journeyFacts('rules', lines), asOf ? { asOf } : {}));
const codes = (lines: readonly StoryLine[], asOf?: string) => judge(lines, asOf).map((finding) => finding.code);

describe('the transfer rules', () => {
  const transfer = (to: string, contextShared: boolean, kind: 'blind' | 'warm' = 'warm') =>
    ({ kind, target: { type: 'agent', id: to }, contextShared }) as const;

  it('given a call passed from agent-1 to agent-2 to agent-3, then it is a transfer chain', () => {
    const sut = judge([
      ...callStart('2026-03-01T10:00:00Z'),
      ['2026-03-01T10:02:00Z', c1, { type: 'TransferCompleted', data: transfer('agent-2', true) }],
      ['2026-03-01T10:05:00Z', c1, { type: 'TransferCompleted', data: transfer('agent-3', true) }],
    ]);
    expect(sut.filter((finding) => finding.code === 'TRANSFER_CHAIN')).toEqual([
      expect.objectContaining({
        sentence: 'On C-1 the customer was passed through 3 agents (agent-1, agent-2 and agent-3) in 2 transfers.',
        at: '2026-03-01T10:05:00.000Z',
        details: { agents: 3, transfers: 2 },
      }),
    ]);
  });

  it('given a transfer leg started as a contact of its own, then its agent counts in the chain', () => {
    const sut = codes([
      ...callStart('2026-03-01T10:00:00Z'),
      ['2026-03-01T10:02:00Z', c1, { type: 'TransferCompleted', data: transfer('agent-2', true) }],
      [
        '2026-03-01T10:04:00Z',
        c2,
        {
          type: 'ContactStarted',
          data: { ...voiceCall('inbound'), origin: 'transfer', customerId, transferredFromContactId: 'C-1' },
        },
      ],
      ['2026-03-01T10:04:00Z', c2, { type: 'ContactAnswered', data: { agentId: 'agent-3' } }],
    ]);
    expect(sut).toContain('TRANSFER_CHAIN');
    expect(sut).not.toContain('REPEAT_CONTACTS');
  });

  it('given one warm transfer with the context, then it is neither a chain nor a cold transfer', () => {
    expect(
      codes([
        ...callStart('2026-03-01T10:00:00Z'),
        ['2026-03-01T10:02:00Z', c1, { type: 'TransferCompleted', data: transfer('agent-2', true) }],
      ]),
    ).toEqual([]);
  });

  it('given a blind transfer without the context after which the customer explained again, then it is a cold transfer', () => {
    const sut = judge([
      ...callStart('2026-03-01T10:00:00Z'),
      ['2026-03-01T10:02:00Z', c1, { type: 'TransferCompleted', data: transfer('agent-2', false, 'blind') }],
      ['2026-03-01T10:03:00Z', c1, { type: 'ProblemExplained', data: { summary: 'The router, again' } }],
    ]);
    expect(sut).toEqual([
      expect.objectContaining({
        code: 'COLD_TRANSFER',
        sentence:
          'C-1 was handed to agent-2 without what the customer had already said (a blind transfer), and the customer had to explain the problem again.',
        at: '2026-03-01T10:02:00.000Z',
        details: { explainedAgain: 1, contextShared: 0 },
      }),
    ]);
  });

  it('given a transfer that took the context, but the customer explained again, then it is a cold transfer from the re-explanation', () => {
    const sut = judge([
      ...callStart('2026-03-01T10:00:00Z'),
      ['2026-03-01T10:02:00Z', c1, { type: 'TransferCompleted', data: transfer('agent-2', true) }],
      ['2026-03-01T10:04:00Z', c1, { type: 'ProblemExplained', data: { summary: 'The router, again' } }],
    ]);
    expect(sut).toEqual([
      expect.objectContaining({
        code: 'COLD_TRANSFER',
        sentence: 'After C-1 was handed to agent-2, the customer had to explain the problem again.',
        at: '2026-03-01T10:04:00.000Z',
      }),
    ]);
  });
});

describe('the follow-up rule', () => {
  const writtenResolution: StoryLine[] = [
    ['2026-03-01T09:00:00Z', k1, { type: 'CaseOpened', data: { customerId, subject: 'Refund', channel: 'email' } }],
    ['2026-03-01T15:00:00Z', k1, { type: 'CaseResolved', data: { resolution: 'Refund sent' } }],
  ];

  it('given a case resolved by email and never checked, then after three days it lacks a follow-up', () => {
    expect(judge(writtenResolution, '2026-03-04T15:00:00Z')).toEqual([
      expect.objectContaining({
        code: 'NO_FOLLOW_UP',
        sentence:
          'Case K-1 was resolved on 2026-03-01 15:00 UTC without the customer on the line, and nobody checked back in the 3 d that followed.',
        at: '2026-03-04T15:00:00.000Z',
      }),
    ]);
  });

  it('given the same case judged two days after its resolution, then the follow-up is not due yet', () => {
    expect(codes(writtenResolution, '2026-03-03T15:00:00Z')).toEqual([]);
  });

  it('given a follow-up after the resolution, then nothing is found', () => {
    expect(
      codes(
        [
          ...writtenResolution,
          ['2026-03-02T10:00:00Z', k1, { type: 'FollowUpCompleted', data: { outcome: 'confirmed_resolved' } }],
        ],
        '2026-03-10T00:00:00Z',
      ),
    ).toEqual([]);
  });
});

describe('the promise rules', () => {
  const promised: StoryLine[] = [
    ...callStart('2026-03-01T10:00:00Z'),
    [
      '2026-03-01T10:05:00Z',
      cb,
      { type: 'CallbackRequested', data: { customerId, requestedBy: 'agent', contactId: 'C-1' } },
    ],
    [
      '2026-03-01T10:05:00Z',
      cb,
      { type: 'CallbackPromised', data: { promisedBy: 'agent-1', dueBy: '2026-03-01T14:05:00Z' } },
    ],
    ['2026-03-01T10:06:00Z', c1, { type: 'ContactDisconnected', data: { by: 'customer', reason: 'call completed' } }],
  ];

  it('given a callback made two hours before it was due, then the expectation was set and met', () => {
    const sut = judge([
      ...promised,
      ['2026-03-01T12:05:00Z', cb, { type: 'CallbackAttempted', data: { outcome: 'reached', agentId: 'agent-1' } }],
    ]);
    expect(sut).toEqual([
      expect.objectContaining({
        code: 'PROMISE_KEPT',
        kind: 'good_practice',
        sentence: 'agent-1 promised a callback within 4 h (by 2026-03-01 14:05 UTC) and kept it on time (2 h early).',
        at: '2026-03-01T12:05:00.000Z',
      }),
    ]);
  });

  it('given a callback never made, then it is broken from its due time, by how far past due it is', () => {
    expect(judge(promised, '2026-03-01T17:05:00Z')).toEqual([
      expect.objectContaining({
        code: 'BROKEN_PROMISE',
        sentence: 'agent-1 promised a callback within 4 h (by 2026-03-01 14:05 UTC); it has not come, 3 h past due.',
        at: '2026-03-01T14:05:00.000Z',
        details: { latenessMs: 3 * 3_600_000, promisedWithinMs: 4 * 3_600_000, kept: 0 },
      }),
    ]);
    expect(codes(promised, '2026-03-01T17:05:00Z')).not.toContain('CALLBACK_NEVER_ATTEMPTED');
  });

  it('given a callback request without a promised time, then it is "never attempted" only once the threshold has passed', () => {
    const request: StoryLine[] = [
      ['2026-03-01T10:00:00Z', cb, { type: 'CallbackRequested', data: { customerId, requestedBy: 'customer' } }],
    ];
    expect(codes(request, '2026-03-02T09:59:00Z')).toEqual([]);
    expect(codes(request, '2026-03-02T10:00:00Z')).toEqual(['CALLBACK_NEVER_ATTEMPTED']);
  });
});

describe('the contact rules', () => {
  it('given a contact the customer hung up on hold after two minutes with consent, then only the hang-up is a finding', () => {
    const sut = judge([
      ...callStart('2026-03-01T10:00:00Z'),
      ['2026-03-01T10:01:00Z', c1, { type: 'HoldStarted', data: { reason: 'to check stock', customerConsent: 'yes' } }],
      ['2026-03-01T10:03:00Z', c1, { type: 'ContactDisconnected', data: { by: 'customer', reason: 'hung up' } }],
    ]);
    expect(sut.map((finding) => [finding.code, finding.sentence])).toEqual([
      ['DROPPED_ON_HOLD', 'The customer was on hold for 2 min, then hung up.'],
    ]);
  });

  it('given one call back a day later that resolved it, then it is a repeat contact of medium severity', () => {
    const sut = judge([
      ...callStart('2026-03-01T10:00:00Z'),
      ['2026-03-01T10:05:00Z', c1, { type: 'ContactDisconnected', data: { by: 'customer', reason: 'call completed' } }],
      ['2026-03-02T10:00:00Z', c2, { type: 'ContactStarted', data: { ...voiceCall('inbound'), customerId } }],
      ['2026-03-02T10:00:00Z', c2, { type: 'ContactAnswered', data: { agentId: 'agent-2' } }],
      ['2026-03-02T10:10:00Z', c2, { type: 'ContactWrappedUp', data: { outcome: 'resolved', disposition: 'fixed' } }],
      ['2026-03-02T10:10:00Z', c2, { type: 'ContactDisconnected', data: { by: 'customer', reason: 'call completed' } }],
    ]);
    expect(sut).toEqual([
      expect.objectContaining({
        code: 'REPEAT_CONTACTS',
        severity: 'medium',
        sentence: 'The customer contacted us 2 times within 1 d (C-1 and C-2); only the last one resolved it.',
        at: '2026-03-02T10:00:00.000Z',
      }),
    ]);
  });
});

describe('the rulebooks', () => {
  it('given the current rulebook, then it is 2026.1 and has every rule once', () => {
    expect(currentRulebook.version).toBe('2026.1');
    expect(currentRulebook.rules.map((rule) => rule.code).sort()).toEqual([...findingCodes].sort());
  });

  it('given the older rulebook 2025.1, then it has no good practice and no escalation rule', () => {
    expect(rulebook2025.rules.every((rule) => rule.kind === 'failure')).toBe(true);
    expect(rulebook2025.rules.map((rule) => rule.code)).not.toContain('CUSTOMER_ESCALATED');
    expect(rulebooks.map((rulebook) => rulebook.version)).toEqual(['2026.1', '2025.1']);
  });

  it('given a version, then it is found, or refused as not found', () => {
    expect(rulebookOf('2025.1')).toBe(rulebook2025);
    expect(() => rulebookOf('1999.1')).toThrow(NotFoundError);
  });

  it('given a threshold override that is negative or unknown, then it is refused', () => {
    const journey = foldJourney(journeyFacts('rules', callStart('2026-03-01T10:00:00Z')));
    expect(() => evaluateFindings(journey, currentRulebook, { longHoldMs: -1 })).toThrow(ValidationError);
    expect(() => evaluateFindings(journey, currentRulebook, { longHold: 1 } as never)).toThrow(ValidationError);
  });
});
