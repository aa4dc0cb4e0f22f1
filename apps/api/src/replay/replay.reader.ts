/**
 * A stored journey's facts, for replays and step-by-step judgements: folded again by the same pure
 * fold the projection uses, so a replay and the read model can never disagree. Bounded: each step is
 * the journey judged again, so a journey too long to replay is refused rather than folded.
 */
import { Injectable } from '@nestjs/common';
import { foldJourney, ValidationError, type FoldJourneyOptions, type JourneyFact } from '@hindsight/domain';
import { JourneyQueries, type StoredJourney } from '@hindsight/projections';

/**
 * Replays and step-by-step judgements fold at most this many facts of one journey: each step is
 * the journey judged again, so a longer one would hold the process for everyone.
 */
export const MAX_JOURNEY_STEPS = 1_000;

@Injectable()
export class ReplayReader {
  constructor(private readonly queries: JourneyQueries) {}

  /**
   * The journey as it stood at a moment: its stored facts folded again, cut at `asOf` on the chosen
   * clock. Null when no journey answers to `id`.
   */
  async replay(id: string, options: FoldJourneyOptions): Promise<StoredJourney | null> {
    const facts = await this.factsOf(id);
    return facts && { id: facts.journeyId, ...foldJourney(facts.facts, options) };
  }

  /** A journey's facts as stored by the projection, under its current id. */
  async factsOf(id: string): Promise<{ journeyId: string; facts: JourneyFact[] } | null> {
    const [journey] = await this.queries.byIds([id]);
    if (!journey) return null;
    const facts = await this.queries.factsOf(journey.id);
    if (facts.length > MAX_JOURNEY_STEPS) {
      throw new ValidationError('JOURNEY.TOO_LONG_TO_REPLAY', `This journey has ${facts.length} facts; replays fold at most ${MAX_JOURNEY_STEPS}`, 'id');
    }
    return { journeyId: journey.id, facts };
  }
}
