import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { journeyCustomer, type Journey } from '@hindsight/domain';
import { Allow } from '../access/access-rule.decorator';
import { JourneyModel } from '../journeys/journey.model';
import { JourneyCustomerModel } from './customer.model';

/**
 * `Journey.customer`, on every journey the API hands out (stored, replayed, each step of journeySteps),
 * read from the journey's own timeline: whatever the reader revealed, or erased.
 */
@Resolver(() => JourneyModel)
export class JourneyCustomerResolver {
  // Personal data: for the people who act on a journey, not for every reader of the read models.
  @Allow('agent-app', 'quality')
  @ResolveField(() => JourneyCustomerModel, { nullable: true, description: "The journey's customer and their contact details" })
  customer(@Parent() journey: JourneyModel): JourneyCustomerModel | null {
    return journeyCustomer(journey as unknown as Journey);
  }
}
