import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { AccessContext } from '../access/principal';
import { JSONScalar } from '../graphql/json.scalar';
import { TimelineEntry } from '../journeys/journey.model';
import { PersonalDataDisclosure } from './personal-data-disclosure';

/**
 * `TimelineEntry.data`, wherever an entry is handed out (a stored journey, a replay, each step of
 * journeySteps, a subscription push): the stored data with its personal fields as the caller may see
 * them. Every entry passes here, so no query or subscription can hand out a personal field unruled.
 */
@Resolver(() => TimelineEntry)
export class TimelineEntryDataResolver {
  constructor(private readonly disclosure: PersonalDataDisclosure) {}

  @ResolveField(() => JSONScalar)
  data(@Parent() entry: TimelineEntry, @Context() context: AccessContext): unknown {
    return this.disclosure.dataOf(context, entry);
  }
}
