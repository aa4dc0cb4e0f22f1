import { Args, Context, ID, Int, Query, Resolver, Subscription } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import type { PubSub } from 'mercurius';
import type { StoredJourney } from '@hindsight/projections';
import { JourneyConnection, MetricGroup } from './journey-connection.model';
import { journeyMatches } from './journey-filter';
import { JourneyCase, JourneyContact, JourneyModel } from './journey.model';
import { JourneyReader, toJourneyModel } from './journey.reader';
import { JOURNEY_CHANGED_TOPIC, journeyUpdatedTopic } from './journey-updates.publisher';
import { JourneysFilter, MetricGrouping, ReplayClock } from './journeys-filter.input';
import { DateTimeScalar } from '../graphql/date-time.scalar';
import { Allow, READ_ROLES } from '../access/access-rule.decorator';

interface RequestContext {
  readonly pubsub: PubSub;
}

@Resolver(() => JourneyModel)
export class JourneysResolver {
  // One loader per request: journeys asked for several times in one query are read once, together.
  private readonly loaders = new WeakMap<object, DataLoader<string, StoredJourney | null>>();

  constructor(private readonly reader: JourneyReader) {}

  @Allow(...READ_ROLES)
  @Query(() => JourneyModel, {
    nullable: true,
    description: "A journey by its id, an id it had before a merge, or any of its streams' names (contact-C-1)",
  })
  async journey(@Args('id', { type: () => ID }) id: string, @Context() context: object): Promise<JourneyModel | null> {
    const journey = await this.loader(context).load(id);
    return journey && toJourneyModel(journey);
  }

  @Allow('quality')
  @Query(() => JourneyModel, {
    nullable: true,
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

  @Allow(...READ_ROLES)
  @Query(() => JourneyConnection, { description: 'Journeys matching the filter, most recently active first' })
  journeys(
    @Args('filter', { type: () => JourneysFilter, nullable: true }) filter: JourneysFilter | null,
    @Args('first', { type: () => Int, defaultValue: 20 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<JourneyConnection> {
    return this.reader.journeys(filter ?? {}, first, after);
  }

  @Allow(...READ_ROLES)
  @Query(() => JourneyContact, { nullable: true, description: 'A contact, as its journey knows it' })
  async contact(@Args('id', { type: () => ID }) id: string, @Context() context: object): Promise<JourneyContact | null> {
    const journey = await this.loader(context).load(`contact-${id}`);
    const contact = journey?.contacts.find((candidate) => candidate.contactId === id);
    return contact ? ({ ...contact, journeyId: journey!.id } as unknown as JourneyContact) : null;
  }

  @Allow(...READ_ROLES)
  @Query(() => JourneyCase, { nullable: true, description: 'A case, as its journey knows it' })
  async case(@Args('id', { type: () => ID }) id: string, @Context() context: object): Promise<JourneyCase | null> {
    const journey = await this.loader(context).load(`case-${id}`);
    const found = journey?.cases.find((candidate) => candidate.caseId === id);
    return found ? ({ ...found, journeyId: journey!.id } as unknown as JourneyCase) : null;
  }

  @Allow(...READ_ROLES)
  @Query(() => [MetricGroup], {
    description: 'Contact-centre rates over the journeys matching the filter, grouped by day, queue or agent',
  })
  journeyMetrics(
    @Args('groupBy', { type: () => MetricGrouping }) groupBy: MetricGrouping,
    @Args('filter', { type: () => JourneysFilter, nullable: true }) filter: JourneysFilter | null,
  ): Promise<MetricGroup[]> {
    return this.reader.metricSummary(groupBy, filter ?? {});
  }

  @Allow(...READ_ROLES)
  @Subscription(() => JourneyModel, {
    description: 'The journey each time the projector commits a change to it (by id or any of its streams)',
    resolve: (payload: { journey: StoredJourney }) => toJourneyModel(payload.journey),
    filter: (payload: { ids: string[] }, variables: { id: string }) => payload.ids.includes(variables.id),
  })
  journeyUpdated(@Args('id', { type: () => ID }) id: string, @Context() { pubsub }: RequestContext) {
    return pubsub.subscribe(journeyUpdatedTopic(id));
  }

  @Allow(...READ_ROLES)
  @Subscription(() => JourneyModel, {
    description: 'Every journey matching the filter, each time the projector commits a change to it',
    resolve: (payload: { journey: StoredJourney }) => toJourneyModel(payload.journey),
    filter: (payload: { journey: StoredJourney }, variables: { filter?: JourneysFilter | null }) =>
      journeyMatches(payload.journey, variables.filter),
  })
  journeysChanged(
    @Args('filter', { type: () => JourneysFilter, nullable: true }) _filter: JourneysFilter | null,
    @Context() { pubsub }: RequestContext,
  ) {
    return pubsub.subscribe(JOURNEY_CHANGED_TOPIC);
  }

  private loader(context: object): DataLoader<string, StoredJourney | null> {
    let loader = this.loaders.get(context);
    if (!loader) {
      loader = new DataLoader((ids: readonly string[]) => this.reader.journeysByIds(ids));
      this.loaders.set(context, loader);
    }
    return loader;
  }
}
