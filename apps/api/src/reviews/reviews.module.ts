import { Module } from '@nestjs/common';
import { ReviewQueries } from '@hindsight/projections';
import { ReadStore } from '@hindsight/read-store';
import { CommandsModule } from '../commands/commands.module';
import { JourneyReviewsResolver } from './journey-reviews.resolver';
import { ReviewCommandsResolver } from './review-commands.resolver';
import { ReviewReader } from './review.reader';
import { ReviewsResolver } from './reviews.resolver';

/** Post-mortem reviews of journeys: mutations through the command path, queries from the review read model. */
@Module({
  imports: [CommandsModule],
  providers: [
    { provide: ReviewQueries, inject: [ReadStore], useFactory: (readStore: ReadStore) => new ReviewQueries(readStore) },
    ReviewReader,
    ReviewCommandsResolver,
    ReviewsResolver,
    JourneyReviewsResolver,
  ],
})
export class ReviewsModule {}
