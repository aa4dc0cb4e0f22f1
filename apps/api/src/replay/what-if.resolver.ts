/**
 * The stored journeys judged again under another rulebook version or other thresholds: what would be
 * found, lost or changed. Reads the read model; writes nothing.
 */
import { Args, Query, Resolver } from '@nestjs/graphql';
import { whatIf } from '@hindsight/domain';
import { Allow } from '../access/access-rule.decorator';
import { loadsRows } from '../graphql/query-limits';
import { RulebookChoice, WhatIfModel } from '../journeys/finding.model';
import { scenarioOf, toFindingModel } from '../journeys/finding-scenario';
import { JourneyReader, MAX_SUMMARIZED_JOURNEYS } from '../journeys/journey.reader';
import { JourneysFilter } from '../journeys/journeys-filter.input';

@Resolver()
export class WhatIfResolver {
  constructor(private readonly reader: JourneyReader) {}

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
