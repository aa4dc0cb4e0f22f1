import type { CustomerKeyStore } from '@hindsight/personal-data';
import { JourneyProjection } from './journeys/journey.projection';
import type { Projection } from './projection';
import { ReviewProjection } from './reviews/review.projection';

/**
 * Every projection Hindsight runs: the API runs them in embedded mode, `apps/projector` in production.
 * `keys` are the customers' keys the journeys reveal personal fields with.
 */
export function hindsightProjections(keys: CustomerKeyStore): Projection[] {
  return [new JourneyProjection(keys), new ReviewProjection()];
}
