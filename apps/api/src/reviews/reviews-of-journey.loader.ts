/**
 * One DataLoader per request for the reviews of journeys: a list of journeys asking for their reviews
 * costs one read, not one per journey. It batches but does not cache: a subscription's context lives
 * as long as its connection, and a cached answer there would go stale with the next review event.
 */
import DataLoader from 'dataloader';
import type { ReviewModel } from './review.model';
import type { ReviewReader } from './review.reader';

const loaders = new WeakMap<object, DataLoader<string, ReviewModel[]>>();

export function reviewsOfJourneyLoader(reader: ReviewReader, context: object): DataLoader<string, ReviewModel[]> {
  let loader = loaders.get(context);
  if (!loader) {
    loader = new DataLoader((journeyIds: readonly string[]) => reader.reviewsOfJourneys(journeyIds), { cache: false });
    loaders.set(context, loader);
  }
  return loader;
}
