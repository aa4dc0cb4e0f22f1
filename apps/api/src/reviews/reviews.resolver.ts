import { Args, Context, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { DateTimeScalar } from '../graphql/date-time.scalar';
import { OpenActionItemModel, ReviewModel } from './review.model';
import { ReviewReader } from './review.reader';
import { reviewsOfJourneyLoader } from './reviews-of-journey.loader';
import { Allow, READ_ROLES } from '../access/access-rule.decorator';

@Resolver(() => ReviewModel)
export class ReviewsResolver {
  constructor(private readonly reader: ReviewReader) {}

  @Allow(...READ_ROLES)
  @Query(() => ReviewModel, { nullable: true, description: 'A review by its id' })
  review(@Args('id', { type: () => ID }) id: string): Promise<ReviewModel | null> {
    return this.reader.review(id);
  }

  @Allow(...READ_ROLES)
  @Query(() => [ReviewModel], {
    description: "A journey's reviews, oldest first, by the journey's id, an id it had before a merge or any of its stream names",
  })
  reviews(@Args('journeyId', { type: () => ID }) journeyId: string, @Context() context: object): Promise<ReviewModel[]> {
    return reviewsOfJourneyLoader(this.reader, context).load(journeyId);
  }

  @Allow(...READ_ROLES)
  @Query(() => [OpenActionItemModel], {
    description:
      'Action items not yet completed across all reviews, soonest due first; optionally one owner’s, or those due before a time. ' +
      'A page of `first` (at most 100), after the `cursor` of the last item seen',
  })
  openActionItems(
    @Args('owner', { type: () => ID, nullable: true }) owner: string | null,
    @Args('dueBefore', { type: () => DateTimeScalar, nullable: true }) dueBefore: string | null,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<OpenActionItemModel[]> {
    return this.reader.openActionItems({ owner, dueBefore }, first, after);
  }
}
