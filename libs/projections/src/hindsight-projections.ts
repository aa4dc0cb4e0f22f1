import type { CustomerKeyStore } from '@hindsight/personal-data';
import { JOURNEY_PROJECTION, JourneyProjection } from './journeys/journey.projection';
import type { Projection } from './projection';
import { REVIEW_PROJECTION, ReviewProjection } from './reviews/review.projection';

/**
 * Every projection Hindsight runs: the API runs them in embedded mode, `apps/projector` in production.
 * `keys` are the customers' keys the journeys reveal personal fields with.
 */
export function hindsightProjections(keys: CustomerKeyStore): Projection[] {
  return [new JourneyProjection(keys), new ReviewProjection()];
}

/** Their names, in the same order, for help texts that must not need a key store. */
export const HINDSIGHT_PROJECTION_NAMES: readonly string[] = [JOURNEY_PROJECTION, REVIEW_PROJECTION];
