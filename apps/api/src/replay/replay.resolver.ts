/**
 * A stored journey replayed: as it stood at a moment, or step by step with what each event changed
 * and found. Folded from the stored facts by the same code as the read model; nothing is written.
 */
import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { findingsByStep } from '@hindsight/domain';
import { Allow } from '../access/access-rule.decorator';
import { DateTimeScalar } from '../graphql/date-time.scalar';
import { loadsRows } from '../graphql/query-limits';
import { JourneyStep } from '../journeys/finding.model';
import { scenarioOf, toFindingModel } from '../journeys/finding-scenario';
import { JourneyModel } from '../journeys/journey.model';
import { toJourneyModel } from '../journeys/journey.reader';
import { metricDeltas } from './metric-deltas';
import { ReplayClock } from './replay-clock';
import { MAX_JOURNEY_STEPS, ReplayReader } from './replay.reader';

@Resolver()
export class ReplayResolver {
  constructor(private readonly reader: ReplayReader) {}

  @Allow('quality')
  @Query(() => JourneyModel, {
    nullable: true,
    complexity: loadsRows(MAX_JOURNEY_STEPS, { items: 1 }),
    description:
      'The journey as it stood at a moment: what had happened by then (OCCURRED) or what Hindsight knew by then ' +
      '(RECORDED). Folded from the stored events by the same code as the read model.',
  })
  async journeyReplay(
    @Args('id', { type: () => ID }) id: string,
    @Args('asOf', { type: () => DateTimeScalar }) asOf: string,
    @Args('clock', { type: () => ReplayClock, defaultValue: ReplayClock.OCCURRED }) clock: ReplayClock,
  ): Promise<JourneyModel | null> {
    const journey = await this.reader.replay(id, { asOf, clock });
    return journey && toJourneyModel(journey);
  }

  @Allow('quality')
  @Query(() => [JourneyStep], {
    // Each step is the journey folded and judged again (perRow); what a step holds was computed by that walk, so its fields count once.
    complexity: loadsRows(MAX_JOURNEY_STEPS, { perRow: 10, items: 1 }),
    description:
      'Every event of the journey in timeline order, with the journey after it, the metrics that changed and ' +
      'the findings that became true at that step',
  })
  async journeySteps(
    @Args('id', { type: () => ID }) id: string,
    @Args('clock', { type: () => ReplayClock, defaultValue: ReplayClock.OCCURRED }) clock: ReplayClock,
    @Args('rulebook', { type: () => String, nullable: true }) version: string | null,
  ): Promise<JourneyStep[]> {
    const stored = await this.reader.factsOf(id);
    if (!stored) return [];
    const { rulebook } = scenarioOf({ version: version ?? undefined });
    const steps = findingsByStep(stored.facts, { rulebook, clock });
    return steps.map((step, index) => ({
      index: step.index,
      entry: step.entry as never,
      asOf: step.asOf,
      journey: toJourneyModel({ id: stored.journeyId, ...step.journey }),
      metricDeltas: metricDeltas(index === 0 ? null : steps[index - 1].journey.metrics, step.journey.metrics),
      appeared: step.appeared.map(toFindingModel),
      updated: step.updated.map(toFindingModel),
      withdrawn: step.withdrawn.map(toFindingModel),
    }));
  }
}
