import { Args, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import {
  findingsByStep,
  currentRulebook,
  evaluateFindings,
  rulebookOf,
  whatIf,
  type Finding,
  type FindingThresholds,
  ValidationError,
  type Rulebook,
} from '@hindsight/domain';
import {
  FindingModel,
  FindingThresholdsInput,
  JourneyStep,
  RulebookChoice,
  WhatIfModel,
} from './finding.model';
import { JourneyModel } from './journey.model';
import { JourneyReader, MAX_JOURNEY_STEPS, MAX_SUMMARIZED_JOURNEYS, toJourneyModel } from './journey.reader';
import { JourneysFilter, ReplayClock } from './journeys-filter.input';
import { metricDeltas } from './metric-deltas';
import { loadsRows } from '../graphql/query-limits';
import { Allow } from '../access/access-rule.decorator';

@Resolver(() => JourneyModel)
export class JourneyFindingsResolver {
  constructor(private readonly reader: JourneyReader) {}

  @Allow('quality')
  @ResolveField(() => [FindingModel], {
    description: 'What the rulebook finds in the journey as it stands (current rulebook unless told otherwise)',
  })
  findings(
    @Parent() journey: JourneyModel,
    @Args('rulebook', { type: () => String, nullable: true }) version: string | null,
    @Args('thresholds', { type: () => FindingThresholdsInput, nullable: true }) thresholds: FindingThresholdsInput | null,
  ): FindingModel[] {
    const scenario = scenarioOf({ version: version ?? undefined, thresholds });
    return evaluateFindings(journey as never, scenario.rulebook, scenario.thresholds).map(toFindingModel);
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

  @Allow('quality')
  @Query(() => WhatIfModel, {
    // Each journey judged twice, under each scenario.
    complexity: loadsRows(MAX_SUMMARIZED_JOURNEYS, { perRow: 2, items: 1 }),
    description:
      'Re-judges the stored journeys matching the filter under another rulebook version or other thresholds, ' +
      'and says what would be found, lost or changed. Stored events and read models are not touched.',
  })
  async findingsWhatIf(
    @Args('from', { type: () => RulebookChoice }) from: RulebookChoice,
    @Args('to', { type: () => RulebookChoice }) to: RulebookChoice,
    @Args('filter', { type: () => JourneysFilter, nullable: true }) filter: JourneysFilter | null,
  ): Promise<WhatIfModel> {
    const journeys = await this.reader.storedJourneys(filter ?? {}, MAX_SUMMARIZED_JOURNEYS);
    const result = whatIf(
      journeys.map((journey) => ({ journeyId: journey.id, journey })),
      { from: scenarioOf(from), to: scenarioOf(to) },
    );
    const changedJourneys = result.journeys.filter(
      (journey) => journey.added.length + journey.removed.length + journey.changed.length > 0,
    );
    return {
      fromVersion: result.from.version,
      toVersion: result.to.version,
      thresholds: { from: result.from.thresholds, to: result.to.thresholds },
      journeys: changedJourneys.map((journey) => ({
        journeyId: journey.journeyId,
        added: journey.added.map(toFindingModel),
        removed: journey.removed.map(toFindingModel),
        changed: journey.changed.map(({ before, after }) => ({ before: toFindingModel(before), after: toFindingModel(after) })),
        unchanged: journey.unchanged,
      })),
      journeysJudged: result.totals.journeys,
      added: result.totals.added,
      removed: result.totals.removed,
      changed: result.totals.changed,
    };
  }
}

function scenarioOf(choice: {
  version?: string;
  thresholds?: FindingThresholdsInput | null;
}): { rulebook: Rulebook; thresholds?: Partial<FindingThresholds> } {
  const rulebook = choice.version ? rulebookOf(choice.version) : currentRulebook;
  const thresholds = Object.fromEntries(
    Object.entries(choice.thresholds ?? {}).filter(([, value]) => value !== null && value !== undefined),
  ) as Partial<FindingThresholds>;
  if (Object.values(thresholds).some((value) => typeof value !== 'number' || value < 0)) {
    throw new ValidationError('FINDINGS.INVALID_THRESHOLD', 'Thresholds must be numbers of zero or more', 'thresholds');
  }
  return { rulebook, thresholds };
}

function toFindingModel(finding: Finding): FindingModel {
  return { ...finding, evidence: [...finding.evidence], streamNames: [...finding.streamNames] };
}
