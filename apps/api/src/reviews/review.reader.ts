/**
 * The API's glue over the review read model (`ReviewQueries` in @hindsight/projections, which owns
 * every read): GraphQL models, cursors and page sizes.
 */
import { Injectable } from '@nestjs/common';
import type { Review } from '@hindsight/domain';
import { ReviewQueries, type OpenActionItemsFilter } from '@hindsight/projections';
import { checkPageSize, decodeCursor, encodeCursor } from '../graphql/page-cursor';
import type { OpenActionItemModel, ReviewModel } from './review.model';

@Injectable()
export class ReviewReader {
  constructor(private readonly queries: ReviewQueries) {}

  async review(id: string): Promise<ReviewModel | null> {
    const review = await this.queries.byId(id);
    return review && toReviewModel(review);
  }

  /** The reviews of each journey, in the order asked, oldest first (see `ReviewQueries.ofJourneys`). */
  async reviewsOfJourneys(ids: readonly string[]): Promise<ReviewModel[][]> {
    return (await this.queries.ofJourneys(ids)).map((reviews) => reviews.map(toReviewModel));
  }

  /** Action items not yet completed, across every review, soonest due first: `first` of them after the cursor `after`. */
  async openActionItems(filter: OpenActionItemsFilter, first: number, after?: string | null): Promise<OpenActionItemModel[]> {
    checkPageSize(first);
    const cursor = after ? decodeCursor(after, ['instant', 'id', 'id']) : undefined;
    const items = await this.queries.openActionItems(filter, first, cursor && { dueBy: cursor[0], reviewId: cursor[1], actionItemId: cursor[2] });
    return items.map((item) => {
      const dueBy = item.dueBy.toISOString();
      return { ...item, dueBy, cursor: encodeCursor([dueBy, item.reviewId, item.actionItemId]) };
    });
  }
}

export function toReviewModel(review: Review): ReviewModel {
  const { reviewId, ...rest } = review;
  return { id: reviewId, ...rest } as unknown as ReviewModel;
}
