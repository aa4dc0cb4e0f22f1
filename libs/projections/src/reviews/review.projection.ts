/**
 * Keeps one read model per review (`review-…` streams): the pure fold of its events (`reviews.document`,
 * with filter columns beside it) and its action items (`review_action_items`), so open items can be
 * found across reviews.
 *
 * Each review remembers the last revision of its stream it applied: an event at or before it is a
 * re-delivery and changes nothing. Events of every other stream pass by. The model's reads are in
 * review-queries.ts; its schema is the read store's (generation-migrations.ts).
 */
import { sql } from 'kysely';
import {
  eventCatalog,
  evolveReview,
  isEventType,
  parseStreamName,
  type Review,
  type ReviewEvent,
} from '@hindsight/domain';
import type { RecordedAllStreamEvent } from '@hindsight/event-store';
import { jsonb, type NewReview, type NewReviewActionItem, type ReadModelTransaction } from '@hindsight/read-store';
import type { Projection } from '../projection';

export const REVIEW_PROJECTION = 'reviews';

/** A review as stored: the fold, and the last revision of its stream that went into it. */
interface Folded {
  review: Review | null;
  revision: bigint;
  changed: boolean;
}

export class ReviewProjection implements Projection {
  readonly name = REVIEW_PROJECTION;

  async apply(trx: ReadModelTransaction, events: readonly RecordedAllStreamEvent[]): Promise<readonly string[]> {
    const eventsByReview = new Map<string, RecordedAllStreamEvent[]>();
    for (const event of events) {
      const reviewId = reviewIdOf(event);
      if (reviewId === undefined) continue;
      const batch = eventsByReview.get(reviewId) ?? [];
      batch.push(event);
      eventsByReview.set(reviewId, batch);
    }
    if (eventsByReview.size === 0) return [];

    const stored = await trx
      .selectFrom('reviews')
      .select(['review_id', 'revision', 'document'])
      .where('review_id', 'in', [...eventsByReview.keys()])
      .execute();
    const folded = new Map<string, Folded>(
      stored.map((row) => [row.review_id, { review: row.document as Review, revision: row.revision, changed: false }]),
    );

    for (const [reviewId, reviewEvents] of eventsByReview) {
      const current = folded.get(reviewId) ?? { review: null, revision: -1n, changed: false };
      for (const event of reviewEvents) {
        if (event.revision <= current.revision) continue;
        const reviewEvent = { type: event.type, data: event.data } as ReviewEvent;
        current.review = evolveReview(reviewId, current.review, { ...reviewEvent, occurredAt: event.metadata.occurredAt });
        current.revision = event.revision;
        current.changed = true;
      }
      folded.set(reviewId, current);
    }

    const touched: string[] = [];
    for (const { review, revision, changed } of folded.values()) {
      // A stream with no opening yet has nothing to show.
      if (!changed || !review) continue;
      await save(trx, review, revision);
      touched.push(review.reviewId);
    }
    return touched;
  }
}

async function save(trx: ReadModelTransaction, review: Review, revision: bigint): Promise<void> {
  const row: NewReview = {
    review_id: review.reviewId,
    journey_id: review.journeyId,
    title: review.title,
    state: review.status,
    opened_at: review.openedAt,
    closed_at: review.closedAt,
    root_cause: review.rootCause,
    revision,
    document: jsonb(review),
  };
  await trx
    .insertInto('reviews')
    .values(row)
    .onConflict((conflict) =>
      conflict.column('review_id').doUpdateSet((excluded) => ({
        journey_id: excluded.ref('excluded.journey_id'),
        title: excluded.ref('excluded.title'),
        state: excluded.ref('excluded.state'),
        opened_at: excluded.ref('excluded.opened_at'),
        closed_at: excluded.ref('excluded.closed_at'),
        root_cause: excluded.ref('excluded.root_cause'),
        revision: excluded.ref('excluded.revision'),
        document: excluded.ref('excluded.document'),
        updated_at: sql`now()`,
      })),
    )
    .execute();
  // Action items are never removed, so upserting every one of them keeps the table equal to the fold.
  const items: NewReviewActionItem[] = review.actionItems.map((item) => ({
    review_id: review.reviewId,
    action_item_id: item.actionItemId,
    description: item.description,
    owner: item.owner,
    due_by: item.dueBy,
    completed_at: item.completedAt,
  }));
  if (items.length === 0) return;
  await trx
    .insertInto('review_action_items')
    .values(items)
    .onConflict((conflict) =>
      conflict.columns(['review_id', 'action_item_id']).doUpdateSet((excluded) => ({
        description: excluded.ref('excluded.description'),
        owner: excluded.ref('excluded.owner'),
        due_by: excluded.ref('excluded.due_by'),
        completed_at: excluded.ref('excluded.completed_at'),
      })),
    )
    .execute();
}

/** The review a stored event belongs to, if it is a review event on a review stream. */
function reviewIdOf(event: RecordedAllStreamEvent): string | undefined {
  if (!isEventType(event.type) || eventCatalog[event.type].category !== 'review') return undefined;
  try {
    const { category, id } = parseStreamName(event.streamName);
    return category === 'review' ? id : undefined;
  } catch {
    return undefined;
  }
}
