import type { ContactRecord } from './contact-record';
import { linkedLegKind } from './linked-legs';

const leg = (afterContactWorkStart: string, interaction: number, extra: Partial<ContactRecord> = {}): ContactRecord => ({
  ContactId: 'leg',
  Agent: { AfterContactWorkStartTimestamp: afterContactWorkStart, AgentInteractionDuration: interaction },
  ...extra,
});

describe('linkedLegKind (AWS: identify conferences and transfers)', () => {
  it('given the new agent wraps up after the first, and the first leg has a transfer completion, then it was a blind (cold) transfer', () => {
    expect(linkedLegKind(leg('2026-02-03T10:10:00Z', 300, { TransferCompletedTimestamp: '2026-02-03T10:09:58Z' }), leg('2026-02-03T10:24:01Z', 612))).toBe('blind');
  });

  it('given the new agent wraps up after the first, and no transfer completion, then it was a warm transfer', () => {
    expect(linkedLegKind(leg('2026-02-03T10:10:00Z', 300), leg('2026-02-03T10:24:01Z', 612))).toBe('warm');
  });

  it('given the new agent wraps up first having talked at most 2 s, then it was a consult', () => {
    expect(linkedLegKind(leg('2026-02-03T10:24:01Z', 900), leg('2026-02-03T10:12:00Z', 2))).toBe('consult');
  });

  it('given the new agent wraps up first having talked longer, then it was a conference', () => {
    expect(linkedLegKind(leg('2026-02-03T10:24:01Z', 900), leg('2026-02-03T10:15:00Z', 180))).toBe('conference');
  });
});
