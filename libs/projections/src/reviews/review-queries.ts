/**
 * The review read model's query side: every read of `reviews` and `review_action_items` the API makes,
 * each in one read-store transaction on the active generation. A review is one stored document; what
 * is asked for per journey is answered for many journeys at once. Paging and errors are the API's.
 */
import type { Review } from '@hindsight/domain';
import type { ReadStore } from '@hindsight/read-store';

export interface OpenActionItemsFilter {
  readonly owner?: string | null;
  /** ISO-8601: items due strictly before it. */
  readonly dueBefore?: string | null;
}

/** Where a page of open action items starts: after this item, soonest due first. */
export interface OpenActionItemsStart {
  readonly dueBy: string;
  readonly reviewId: string;
  readonly actionItemId: string;
}

export interface OpenActionItem {
  readonly reviewId: string;
  readonly journeyId: string;
  readonly actionItemId: string;
  readonly description: string;
  readonly owner: string;
  readonly dueBy: Date;
}

export class ReviewQueries {
  constructor(private readonly readStore: ReadStore) {}

  async byId(id: string): Promise<Review | null> {
    const row = await this.readStore.read((trx) =>
      trx.selectFrom('reviews').select('document').where('review_id', '=', id).executeTakeFirst(),
    );
    return row ? (row.document as Review) : null;
  }

  /**
   * The reviews of each journey, in the order asked, oldest first. An id may be a journey's id, an id
   * it had before a merge or any of its stream names; a review opened with any of those belongs to it.
   * Every such id is one of the journey's stream names, so `journey_streams` answers both questions.
   */
  async ofJourneys(ids: readonly string[]): Promise<Review[][]> {
    return this.readStore.read(async (trx) => {
      const wanted = [...new Set(ids)];
      const owners = await trx
        .selectFrom('journey_streams')
        .select(['stream_name', 'journey_id'])
        .where('stream_name', 'in', wanted)
        .execute();
      const journeyOfId = new Map(owners.map((row) => [row.stream_name, row.journey_id]));
      // An id no journey knows yet (the projector may lag) still finds the reviews opened with it.
      const journeyIds = [...new Set(wanted.map((id) => journeyOfId.get(id) ?? id))];
      const streams = await trx
        .selectFrom('journey_streams')
        .select(['stream_name', 'journey_id'])
        .where('journey_id', 'in', journeyIds)
        .execute();
      const journeyOfStream = new Map(streams.map((row) => [row.stream_name, row.journey_id]));
      const rows = await trx
        .selectFrom('reviews')
        .select(['journey_id', 'document'])
        .where('journey_id', 'in', [...new Set([...journeyIds, ...journeyOfStream.keys()])])
        .orderBy('opened_at')
        .orderBy('review_id')
        .execute();
      const reviewsByJourney = new Map<string, Review[]>();
      for (const row of rows) {
        const journeyId = journeyOfStream.get(row.journey_id) ?? row.journey_id;
        const reviews = reviewsByJourney.get(journeyId) ?? [];
        reviews.push(row.document as Review);
        reviewsByJourney.set(journeyId, reviews);
      }
      return ids.map((id) => reviewsByJourney.get(journeyOfId.get(id) ?? id) ?? []);
    });
  }

  /** Action items not yet completed, across every review, soonest due first: `first` of them after `start`. */
  async openActionItems(filter: OpenActionItemsFilter, first: number, start?: OpenActionItemsStart): Promise<OpenActionItem[]> {
    return this.readStore.read(async (trx) => {
      let query = trx
        .selectFrom('review_action_items as item')
        .innerJoin('reviews as review', 'review.review_id', 'item.review_id')
        .select([
          'item.review_id as reviewId',
          'review.journey_id as journeyId',
          'item.action_item_id as actionItemId',
          'item.description as description',
          'item.owner as owner',
          'item.due_by as dueBy',
        ])
        .where('item.completed_at', 'is', null);
      if (filter.owner) query = query.where('item.owner', '=', filter.owner);
      if (filter.dueBefore) query = query.where('item.due_by', '<', new Date(filter.dueBefore));
      if (start) {
        query = query.where((eb) =>
          eb(
            eb.refTuple('item.due_by', 'item.review_id', 'item.action_item_id'),
            '>',
            eb.tuple(new Date(start.dueBy), start.reviewId, start.actionItemId),
          ),
        );
      }
      return query.orderBy('item.due_by').orderBy('item.review_id').orderBy('item.action_item_id').limit(first).execute();
    });
  }
}
