import { Args, Context, ID, Int, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import type { PubSub } from 'mercurius';
import { journeyMatches, JourneyQueries, type StoredJourney } from '@hindsight/projections';
import { JourneyConnection, MetricGroup } from './journey-connection.model';
import { JourneyCase, JourneyContact, JourneyModel } from './journey.model';
import { JourneyReader, MAX_SUMMARIZED_JOURNEYS, toJourneyModel } from './journey.reader';
import { JOURNEY_CHANGED_TOPIC, journeyUpdatedTopic, type JourneyChange } from './journey-updates.publisher';
import { JourneysFilter, MetricGrouping } from './journeys-filter.input';
import { LongScalar } from '../graphql/long.scalar';
import { loadsRows } from '../graphql/query-limits';
import { Allow, READ_ROLES } from '../access/access-rule.decorator';

/** A month of days, a contact centre's queues or a team's agents. */
const ASSUMED_METRIC_GROUPS = 30;

interface RequestContext {
  readonly pubsub: PubSub;
}

@Resolver(() => JourneyModel)
export class JourneysResolver {
  constructor(
    private readonly reader: JourneyReader,
    private readonly queries: JourneyQueries,
  ) {}

  @Allow(...READ_ROLES)
  @Query(() => JourneyModel, {
    nullable: true,
    description: "A journey by its id, an id it had before a merge, or any of its streams' names (contact-C-1)",
  })
  async journey(@Args('id', { type: () => ID }) id: string, @Context() context: object): Promise<JourneyModel | null> {
    const journey = await this.reader.journeyLoader(context).load(id);
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
    const journey = await this.reader.journeyLoader(context).load(`contact-${id}`);
    const contact = journey?.contacts.find((candidate) => candidate.contactId === id);
    return contact ? ({ ...contact, journeyId: journey!.id } as unknown as JourneyContact) : null;
  }

  @Allow(...READ_ROLES)
  @Query(() => JourneyCase, { nullable: true, description: 'A case, as its journey knows it' })
  async case(@Args('id', { type: () => ID }) id: string, @Context() context: object): Promise<JourneyCase | null> {
    const journey = await this.reader.journeyLoader(context).load(`case-${id}`);
    const found = journey?.cases.find((candidate) => candidate.caseId === id);
    return found ? ({ ...found, journeyId: journey!.id } as unknown as JourneyCase) : null;
  }

  @Allow(...READ_ROLES)
  @Query(() => [MetricGroup], {
    complexity: loadsRows(MAX_SUMMARIZED_JOURNEYS, { items: ASSUMED_METRIC_GROUPS }),
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
    resolve: (payload: JourneyChange) => withPosition(payload),
    filter: (payload: { ids: string[] }, variables: { id: string }) => payload.ids.includes(variables.id),
  })
  journeyUpdated(@Args('id', { type: () => ID }) id: string, @Context() { pubsub }: RequestContext) {
    return pubsub.subscribe(journeyUpdatedTopic(id));
  }

  @Allow(...READ_ROLES)
  @Subscription(() => JourneyModel, {
    description:
      'Every journey matching the filter, each time the projector commits a change to it. With `after` (the ' +
      'largest `position` a subscriber has seen), first every journey changed since then, oldest change first, then live: ' +
      'a subscriber that reconnects with its last position misses nothing (it may see a journey twice)',
    resolve: (payload: JourneyChange) => withPosition(payload),
    filter: (payload: { journey: StoredJourney }, variables: { filter?: JourneysFilter | null }) =>
      journeyMatches(payload.journey, variables.filter),
  })
  journeysChanged(
    @Args('filter', { type: () => JourneysFilter, nullable: true }) _filter: JourneysFilter | null,
    @Args('after', { type: () => LongScalar, nullable: true, description: 'Resume after this position (a `Journey.position`)' })
    after: unknown,
    @Context() { pubsub }: RequestContext,
  ) {
    // Subscribed before the read model is asked what changed, so nothing committed in between is lost.
    const live = pubsub.subscribe(JOURNEY_CHANGED_TOPIC);
    if (after === null || after === undefined) return live;
    return this.replayThenLive(parsePosition(after), live);
  }

  @ResolveField(() => LongScalar, {
    nullable: true,
    description: 'Where the journey stands in $all: the log position of its latest fact. Pass the largest seen to journeysChanged(after:) to resume',
  })
  async position(@Parent() journey: JourneyModel & { position?: bigint }, @Context() context: object): Promise<bigint | null> {
    if (journey.position !== undefined) return journey.position;
    return this.reader.positionLoader(context).load(journey.id);
  }

  private async *replayThenLive(after: bigint, live: Promise<AsyncIterableIterator<JourneyChange>>): AsyncGenerator<JourneyChange> {
    const subscription = await live;
    try {
      for (const { journey, position } of await this.queries.changedAfter(after)) {
        yield { journey, ids: [journey.id, ...journey.streams], position };
      }
      yield* subscription;
    } finally {
      await subscription.return?.();
    }
  }
}

function withPosition({ journey, position }: JourneyChange): JourneyModel {
  return { ...toJourneyModel(journey), ...(position !== undefined && { position }) } as JourneyModel;
}

/**
 * A position as a client sends it back: the decimal string `Journey.position` gave it. Refused with a
 * GraphQLError carrying its code, because errors of a subscription's setup reach the client as thrown.
 */
function parsePosition(value: unknown): bigint {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,20}$/.test(text)) {
    throw new GraphQLError('after must be a position (a decimal string) from Journey.position', {
      extensions: { code: 'SUBSCRIPTION.INVALID_POSITION', field: 'after' },
    });
  }
  return BigInt(text);
}
