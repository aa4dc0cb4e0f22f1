import { Module } from '@nestjs/common';
import { CommandsModule } from '../commands/commands.module';
import { JourneyReviewsResolver } from './journey-reviews.resolver';
import { ReviewCommandsResolver } from './review-commands.resolver';
import { ReviewReader } from './review.reader';
import { ReviewsResolver } from './reviews.resolver';

/** Post-mortem reviews of journeys: mutations through the command path, queries from the read store. */
@Module({
  imports: [CommandsModule],
  providers: [ReviewReader, ReviewCommandsResolver, ReviewsResolver, JourneyReviewsResolver],
})
export class ReviewsModule {}
