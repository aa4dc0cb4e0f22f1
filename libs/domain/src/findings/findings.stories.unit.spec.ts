/**
 * Each story of libs/domain/src/stories yields exactly the findings its "What the post-mortem should find"
 * lists, and none it does not. The stories are judged as a review would judge them: after the story
 * ends (each journey folded as of the story's last fact).
 */
import { callbacksThatNeverCame } from '../stories/callbacks-that-never-came.story';
import { theTicketThatNobodyOwned } from '../stories/the-ticket-that-nobody-owned.story';
import type { Finding, FindingCode } from './finding';
import { evaluateFindings } from './evaluate-findings';
import { storyFindings, storyJourneys } from './testing/story-findings';

const byCode = (findings: readonly Finding[], code: FindingCode) => findings.filter((finding) => finding.code === code);
const only = (findings: readonly Finding[], code: FindingCode): Finding => {
  const found = byCode(findings, code);
  expect(found).toHaveLength(1);
  return found[0];
};
const event = (story: string, line: number) => `${story}/${story}-${String(line).padStart(3, '0')}`;

describe(`${evaluateFindings.name}, given the story "${theTicketThatNobodyOwned.title}"`, () => {
  const sut = storyFindings(theTicketThatNobodyOwned);
  const ticket = (line: number) => event('vendor-ticket', line);

  it('then it finds exactly the nine failures the story lists, in the order they became true, and no good practice', () => {
    expect(sut.map((finding) => finding.code)).toEqual([
      'SILENCE',
      'HOLD_WITHOUT_CONSENT',
      'LONG_HOLD',
      'DROPPED_ON_HOLD',
      'REPEAT_CONTACTS',
      'ENDED_BY_US',
      'DUPLICATE_TICKET',
      'BROKEN_PROMISE',
      'CUSTOMER_LOST',
    ]);
    expect(sut.every((finding) => finding.kind === 'failure')).toBe(true);
  });

  it('then T-1 went without a status update from its opening until the customer was lost', () => {
    expect(only(sut, 'SILENCE')).toMatchObject({
      sentence: 'Case T-1 went 4 d without a status update, until the customer was lost; it never had one.',
      evidence: [ticket(1), ticket(26)],
      streamNames: ['case-T-1'],
      at: '2026-03-04T09:00:00.000Z',
      details: { longestSilenceMs: 4 * 24 * 3_600_000 },
    });
  });

  it('then the 21.5-minute hold gives three findings: long, not agreed to, and hung up on', () => {
    const hold = ticket(7);
    expect(only(sut, 'DROPPED_ON_HOLD')).toMatchObject({
      severity: 'high',
      subject: hold,
      sentence: 'The customer was on hold for 21 min 30 s without being asked, then hung up.',
      evidence: [hold, ticket(8)],
      streamNames: ['contact-C-1'],
      at: '2026-03-05T10:29:30.000Z',
      details: { holdMs: 21.5 * 60_000 },
    });
    expect(only(sut, 'LONG_HOLD')).toMatchObject({
      subject: hold,
      sentence: 'The customer was on hold on C-1 for 21 min 30 s (to confirm identity), against a limit of 5 min.',
      at: '2026-03-05T10:13:00.000Z',
    });
    expect(only(sut, 'HOLD_WITHOUT_CONSENT')).toMatchObject({
      subject: hold,
      sentence: 'The customer was put on hold on C-1 (to confirm identity) without being asked.',
      evidence: [hold],
      at: '2026-03-05T10:08:00.000Z',
    });
  });

  it('then C-2 was ended from the vendor side before anything was resolved', () => {
    expect(only(sut, 'ENDED_BY_US')).toMatchObject({
      severity: 'high',
      subject: 'contact-C-2',
      sentence: "C-2 was cut off on the agent's side 4 min after agent-2 answered, before anything was resolved.",
      evidence: [ticket(9), ticket(11), ticket(13)],
      at: '2026-03-05T10:40:00.000Z',
    });
  });

  it('then three contacts within 45 minutes, each with the problem explained again, are one repeat-contact finding', () => {
    expect(only(sut, 'REPEAT_CONTACTS')).toMatchObject({
      severity: 'high',
      sentence:
        'The customer contacted us 3 times within 45 min (C-1, C-2 and C-3) and had to explain the problem each time; none of those contacts resolved it.',
      streamNames: ['contact-C-1', 'contact-C-2', 'contact-C-3'],
      at: '2026-03-05T10:32:00.000Z',
      details: { contacts: 3, spanMs: 45 * 60_000, explanations: 3, resolvedOn: 0 },
    });
    expect(byCode(sut, 'COLD_TRANSFER')).toEqual([]);
    expect(byCode(sut, 'TRANSFER_CHAIN')).toEqual([]);
  });

  it('then T-2 was a duplicate of T-1 instead of a fix', () => {
    expect(only(sut, 'DUPLICATE_TICKET')).toMatchObject({
      sentence:
        'Case T-2 was opened on C-3 as a duplicate of T-1: the problem was handed on instead of solved, and T-2 was closed without a fix.',
      evidence: [ticket(17), ticket(25)],
    });
  });

  it('then the callback promised by 15:56 and made 16 hours after the promise is broken by 11 hours', () => {
    expect(only(sut, 'BROKEN_PROMISE')).toMatchObject({
      severity: 'high',
      subject: 'callback-CB-1',
      sentence:
        'agent-3 promised a callback within 5 h (by 2026-03-05 15:56 UTC); it came 16 h after the promise, 11 h late.',
      evidence: [ticket(19), ticket(22)],
      at: '2026-03-05T15:56:00.000Z',
      details: { latenessMs: 11 * 3_600_000, promisedWithinMs: 5 * 3_600_000, kept: 1 },
    });
  });

  it('then the customer was lost', () => {
    expect(only(sut, 'CUSTOMER_LOST')).toMatchObject({
      severity: 'critical',
      sentence:
        'The customer was lost over case T-1, which was never resolved: "Ended the business relationship and wrote to the vendor\'s chief executive about it".',
      evidence: [ticket(26)],
    });
  });

  it('then every finding cites events of the journey, and is plain JSON', () => {
    const [journey] = storyJourneys(theTicketThatNobodyOwned);
    const ids = new Set(journey.timeline.map((entry) => entry.eventId));
    for (const finding of sut) {
      expect(finding.evidence.length).toBeGreaterThan(0);
      expect(finding.evidence.every((id) => ids.has(id))).toBe(true);
    }
    expect(JSON.parse(JSON.stringify(sut))).toEqual(sut);
  });
});

describe(`${evaluateFindings.name}, given the story "${callbacksThatNeverCame.title}"`, () => {
  const sut = storyFindings(callbacksThatNeverCame);
  const line = (n: number) => event('callbacks-that-never-came', n);

  it('then it finds exactly what the story lists: a reopening, a late update, two unreturned requests, an escalation, and W-3 resolved on the call', () => {
    expect(sut.map((finding) => [finding.code, finding.kind])).toEqual([
      ['REOPENED', 'failure'],
      ['BROKEN_PROMISE', 'failure'],
      ['CALLBACK_NEVER_ATTEMPTED', 'failure'],
      ['CALLBACK_NEVER_ATTEMPTED', 'failure'],
      ['CUSTOMER_ESCALATED', 'failure'],
      ['RESOLVED_FIRST_CONTACT', 'good_practice'],
    ]);
  });

  it('then the resolution of S-1 did not hold: the customer reopened it', () => {
    expect(only(sut, 'REOPENED')).toMatchObject({
      sentence: 'Case S-1 was resolved, then reopened by the customer 3 h later: "The question was not answered".',
      evidence: [line(3), line(4)],
      at: '2026-01-06T12:00:00.000Z',
    });
  });

  it('then the update promised within a week came 83 days late, and that long wait is not also a silence', () => {
    expect(only(sut, 'BROKEN_PROMISE')).toMatchObject({
      sentence:
        'agent-7 promised a status update within 7 d (by 2026-01-14 10:00 UTC); it came 90 d 5 h after the promise, 83 d 5 h late.',
      evidence: [line(7), line(10)],
      streamNames: ['case-S-1'],
      at: '2026-01-14T10:00:00.000Z',
      details: { latenessMs: (83 * 24 + 5) * 3_600_000 },
    });
    expect(byCode(sut, 'SILENCE')).toEqual([]);
  });

  it('then each voicemail asking agent-12 to call back was never attempted, a week apart', () => {
    expect(byCode(sut, 'CALLBACK_NEVER_ATTEMPTED')).toEqual([
      expect.objectContaining({
        subject: 'callback-W-1',
        sentence: 'The customer asked for a callback from agent-12 (W-1) and nobody tried to call back in 64 d 6 h.',
        streamNames: ['contact-VM-1', 'callback-W-1'],
        at: '2026-02-03T09:00:00.000Z',
      }),
      expect.objectContaining({
        subject: 'callback-W-2',
        sentence: 'The customer asked for a callback from agent-12 (W-2) and nobody tried to call back in 57 d 6 h.',
        at: '2026-02-10T09:00:00.000Z',
      }),
    ]);
  });

  it('then the resolution came only by going over the assigned representative', () => {
    expect(only(sut, 'CUSTOMER_ESCALATED')).toMatchObject({
      sentence: "The customer had to go over agent-12's head to agent-20 to get case W-CASE resolved.",
      evidence: [line(22), line(23)],
    });
  });

  it('then W-3 is recognised as resolved at first contact, and needs no follow-up: the customer heard the fix', () => {
    expect(only(sut, 'RESOLVED_FIRST_CONTACT')).toMatchObject({
      severity: 'info',
      sentence:
        'The problem was resolved on the first contact, W-3 (by agent-20), and the customer did not have to come back.',
      streamNames: ['contact-W-3', 'case-W-CASE'],
      at: '2026-02-16T11:20:00.000Z',
    });
    expect(byCode(sut, 'NO_FOLLOW_UP')).toEqual([]);
  });
});
