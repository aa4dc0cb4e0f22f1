import { Args, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { evaluateFindings } from '@hindsight/domain';
import { FindingModel, FindingThresholdsInput } from './finding.model';
import { scenarioOf, toFindingModel } from './finding-scenario';
import { JourneyModel } from './journey.model';
import { Allow } from '../access/access-rule.decorator';

@Resolver(() => JourneyModel)
export class JourneyFindingsResolver {
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
}
