import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { JourneyModel } from '../journeys/journey.model';
import { ReviewModel } from './review.model';
import { ReviewReader } from './review.reader';
import { reviewsOfJourneyLoader } from './reviews-of-journey.loader';

/** A journey lists its reviews; batched per request, so a page of journeys costs one read for all of them. */
@Resolver(() => JourneyModel)
export class JourneyReviewsResolver {
  constructor(private readonly reader: ReviewReader) {}

  @ResolveField(() => [ReviewModel], { description: 'The reviews of this journey, oldest first' })
  reviews(@Parent() journey: JourneyModel, @Context() context: object): Promise<ReviewModel[]> {
    return reviewsOfJourneyLoader(this.reader, context).load(journey.id);
  }
}
