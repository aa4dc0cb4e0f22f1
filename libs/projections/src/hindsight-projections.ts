import { JourneyProjection } from './journeys/journey.projection';
import type { Projection } from './projection';
import { ReviewProjection } from './reviews/review.projection';

/** Every projection Hindsight runs: the API runs them in embedded mode, `apps/projector` in production. */
export function hindsightProjections(): Projection[] {
  return [new JourneyProjection(), new ReviewProjection()];
}
