import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { journeyCustomer, type Journey } from '@hindsight/domain';
import { Allow, PERSONAL_DATA_ROLES } from '../access/access-rule.decorator';
import type { AccessContext } from '../access/principal';
import { JourneyModel } from '../journeys/journey.model';
import { JourneyCustomerModel } from './customer.model';
import { PersonalDataDisclosure } from './personal-data-disclosure';

/**
 * `Journey.customer`, on every journey the API hands out (stored, replayed, each step of journeySteps),
 * read from the journey's own timeline once its sealed fields are revealed: the values, or erased.
 */
@Resolver(() => JourneyModel)
export class JourneyCustomerResolver {
  constructor(private readonly disclosure: PersonalDataDisclosure) {}

  // Personal data: for the people who act on a journey, not for every reader of the read models.
  @Allow(...PERSONAL_DATA_ROLES)
  @ResolveField(() => JourneyCustomerModel, { nullable: true, description: "The journey's customer and their contact details" })
  async customer(@Parent() journey: JourneyModel, @Context() context: AccessContext): Promise<JourneyCustomerModel | null> {
    const { customerId, timeline } = journey as unknown as Journey;
    return journeyCustomer({ customerId, timeline: await this.disclosure.disclose(context, timeline) });
  }
}
