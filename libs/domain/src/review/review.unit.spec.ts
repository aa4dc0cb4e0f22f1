import { foldReview, type ReviewEventAt } from './review';

const at = (minute: number) => `2026-02-02T09:${String(minute).padStart(2, '0')}:00.000Z`;

const history: ReviewEventAt[] = [
  { type: 'ReviewOpened', data: { journeyId: 'contact-C-2', openedBy: 'qa-lead-1' }, occurredAt: at(0) },
  {
    type: 'FindingConfirmed',
    data: { findingCode: 'LONG_HOLD', reason: 'Too long', by: 'qa-lead-1' },
    occurredAt: at(1),
  },
  {
    type: 'FindingConfirmed',
    data: { findingCode: 'COLD_TRANSFER', reason: 'Explained twice', by: 'qa-lead-1' },
    occurredAt: at(2),
  },
  {
    type: 'FindingDismissed',
    data: { findingCode: 'LONG_HOLD', reason: 'The customer chose to wait', by: 'qa-lead-2' },
    occurredAt: at(3),
  },
  { type: 'RootCauseRecorded', data: { rootCause: 'No owner', by: 'qa-lead-1' }, occurredAt: at(4) },
  {
    type: 'ActionItemAdded',
    data: { actionItemId: 'AI-1', description: 'Name an owner', owner: 'lead-4', dueBy: '2026-03-01T00:00:00Z' },
    occurredAt: at(5),
  },
  { type: 'ReviewClosed', data: { summary: 'Ownership gap', by: 'qa-lead-1' }, occurredAt: at(6) },
  { type: 'ActionItemCompleted', data: { actionItemId: 'AI-1', by: 'lead-4' }, occurredAt: at(7) },
];

describe(foldReview.name, () => {
  it('keeps the latest verdict per finding, in the order findings were first judged', () => {
    const review = foldReview('R-1', history)!;
    expect(review.findings.map(({ findingCode, verdict, by }) => [findingCode, verdict, by])).toEqual([
      ['LONG_HOLD', 'dismissed', 'qa-lead-2'],
      ['COLD_TRANSFER', 'confirmed', 'qa-lead-1'],
    ]);
  });

  it('closes the review and still completes its action items afterwards', () => {
    const review = foldReview('R-1', history)!;
    expect(review).toMatchObject({ status: 'closed', closedAt: at(6), summary: 'Ownership gap', rootCause: 'No owner' });
    expect(review.actionItems).toEqual([
      expect.objectContaining({ actionItemId: 'AI-1', addedAt: at(5), completedAt: at(7), completedBy: 'lead-4' }),
    ]);
  });

  it('gives every instant in UTC, whatever offset it came with', () => {
    const added: ReviewEventAt = {
      type: 'ActionItemAdded',
      data: { actionItemId: 'AI-2', description: 'Follow up', owner: 'lead-4', dueBy: '2026-03-01T18:00:00+01:00' },
      occurredAt: '2026-02-02T10:10:00+01:00',
    };
    const review = foldReview('R-1', [history[0], added])!;
    expect(review.actionItems[0]).toMatchObject({ dueBy: '2026-03-01T17:00:00.000Z', addedAt: '2026-02-02T09:10:00.000Z' });
  });

  it('shows nothing for a stream that was never opened', () => {
    expect(foldReview('R-1', history.slice(1))).toBeNull();
  });
});
