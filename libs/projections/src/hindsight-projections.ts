import { JOURNEY_PROJECTION, JourneyProjection } from './journeys/journey.projection';
import type { Projection } from './projection';
import { REVIEW_PROJECTION, ReviewProjection } from './reviews/review.projection';

/**
 * Every projection Hindsight runs: the API runs them in embedded mode, `apps/projector` in production.
 * None needs the customers' keys: personal fields are stored sealed and revealed per request.
 */
export function hindsightProjections(): Projection[] {
  return [new JourneyProjection(), new ReviewProjection()];
}

/** Their names, in the same order. */
export const HINDSIGHT_PROJECTION_NAMES: readonly string[] = [JOURNEY_PROJECTION, REVIEW_PROJECTION];
