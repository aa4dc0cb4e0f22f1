/**
 * The review projection on a real read store (PGlite, and PostgreSQL when DATABASE_URL is set): each
 * review is the pure fold of its stream, its action items sit beside it, journey streams pass by, and
 * re-delivered events (in any batching) change nothing.
 */
import { foldReview, type ReviewEvent, type ReviewEventAt } from '@hindsight/domain';
import type { RecordedAllStreamEvent } from '@hindsight/event-store';
import { ReviewProjection } from '@hindsight/projections';
import { ReadStore } from '@hindsight/read-store';
import { readStoreTargets, reportSkippedPostgres } from '../support/read-store-targets';

const at = (minute: number) => `2026-02-02T09:${String(minute).padStart(2, '0')}:00.000Z`;

const reviewEvents: ReviewEvent[] = [
  { type: 'ReviewOpened', data: { journeyId: 'contact-C-2', openedBy: 'qa-lead-1', title: 'Vendor ticket' } },
  { type: 'FindingConfirmed', data: { findingCode: 'SILENCE', reason: 'Nine days', by: 'qa-lead-1' } },
  {
    type: 'ActionItemAdded',
    data: { actionItemId: 'AI-1', description: 'Name an owner', owner: 'lead-4', dueBy: '2026-03-01T17:00:00.000Z' },
  },
  { type: 'RootCauseRecorded', data: { rootCause: 'No owner', by: 'qa-lead-1' } },
  { type: 'ReviewClosed', data: { summary: 'Ownership gap', by: 'qa-lead-1' } },
  { type: 'ActionItemCompleted', data: { actionItemId: 'AI-1', by: 'lead-4' } },
];

let nextPosition = 0n;
function recorded(streamName: string, revision: number, event: { type: string; data: object }, minute: number) {
  nextPosition += 128n;
  return {
    id: `00000000-0000-4000-8000-${String(nextPosition).padStart(12, '0')}`,
    streamName,
    revision: BigInt(revision),
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: { $correlationId: 't', $causationId: 't', occurredAt: at(minute), source: 'hindsight-api', schemaVersion: 1 },
    recordedAt: new Date(Date.parse(at(minute)) + 1_000),
    position: { commit: nextPosition, prepare: nextPosition },
  } satisfies RecordedAllStreamEvent;
}

const events: RecordedAllStreamEvent[] = [
  recorded('contact-C-2', 0, { type: 'ContactAnswered', data: { agentId: 'agent-7' } }, 0),
  ...reviewEvents.map((event, index) => recorded('review-R-1', index, event, index + 1)),
];
const expected = foldReview(
  'R-1',
  reviewEvents.map((event, index): ReviewEventAt => ({ ...event, occurredAt: at(index + 1) })),
);

reportSkippedPostgres('The review projection');

describe.each(readStoreTargets())('The review projection on $name', (target) => {
  let readStore: ReadStore;
  const sut = new ReviewProjection();

  const apply = (batch: readonly RecordedAllStreamEvent[]) => readStore.transaction((trx) => sut.apply(trx, batch));
  const stored = () =>
    readStore.read(async (trx) => ({
      reviews: await trx.selectFrom('reviews').select(['review_id', 'journey_id', 'title', 'state', 'root_cause', 'revision', 'document']).execute(),
      items: await trx.selectFrom('review_action_items').selectAll().execute(),
    }));

  beforeAll(async () => {
    readStore = await ReadStore.open(target.config);
  });

  beforeEach(async () => {
    await readStore.transaction(async (trx) => {
      await trx.deleteFrom('reviews').execute();
      await trx.deleteFrom('review_action_items').execute();
    });
  });

  afterAll(async () => {
    await readStore?.close();
    await target.cleanUp();
  });

  it('stores the fold of the review stream, and its action items beside it', async () => {
    const touched = await apply(events);

    expect(touched).toEqual(['R-1']);
    const { reviews, items } = await stored();
    expect(reviews).toEqual([
      {
        review_id: 'R-1',
        journey_id: 'contact-C-2',
        title: 'Vendor ticket',
        state: 'closed',
        root_cause: 'No owner',
        revision: 5n,
        document: expected,
      },
    ]);
    expect(items).toEqual([
      expect.objectContaining({ review_id: 'R-1', action_item_id: 'AI-1', owner: 'lead-4', completed_at: new Date(at(6)) }),
    ]);
  });

  it('changes nothing when events are delivered again, in other batches', async () => {
    for (let split = 1; split < events.length; split++) {
      await apply(events.slice(0, split));
      await apply(events.slice(split - 1));
    }
    await apply(events);

    const { reviews } = await stored();
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ revision: 5n, document: expected });
  });

  it('leaves journey streams alone', async () => {
    expect(await apply(events.slice(0, 1))).toEqual([]);
    expect((await stored()).reviews).toEqual([]);
  });
});
