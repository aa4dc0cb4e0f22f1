import { JourneyReviewsResolver } from './journey-reviews.resolver';
import type { ReviewModel } from './review.model';
import type { ReviewReader } from './review.reader';
import type { JourneyModel } from '../journeys/journey.model';

describe(JourneyReviewsResolver.name, () => {
  it('reads the reviews of a page of journeys in one call, each journey getting its own', async () => {
    const reviewsOfJourneys = jest.fn(async (ids: readonly string[]) =>
      ids.map((id) => [{ id: `review-of-${id}` } as ReviewModel]),
    );
    const sut = new JourneyReviewsResolver({ reviewsOfJourneys } as unknown as ReviewReader);
    const context = {};
    const journey = (id: string) => ({ id }) as JourneyModel;

    const answers = await Promise.all(['case-T-1', 'case-S-1', 'contact-W-3'].map((id) => sut.reviews(journey(id), context)));

    expect(reviewsOfJourneys).toHaveBeenCalledTimes(1);
    expect(reviewsOfJourneys).toHaveBeenCalledWith(['case-T-1', 'case-S-1', 'contact-W-3']);
    expect(answers.map(([review]) => review.id)).toEqual(['review-of-case-T-1', 'review-of-case-S-1', 'review-of-contact-W-3']);
  });

  it('does not share what it read between requests', async () => {
    const reviewsOfJourneys = jest.fn(async (ids: readonly string[]) => ids.map(() => []));
    const sut = new JourneyReviewsResolver({ reviewsOfJourneys } as unknown as ReviewReader);

    await sut.reviews({ id: 'case-T-1' } as JourneyModel, {});
    await sut.reviews({ id: 'case-T-1' } as JourneyModel, {});

    expect(reviewsOfJourneys).toHaveBeenCalledTimes(2);
  });
});
