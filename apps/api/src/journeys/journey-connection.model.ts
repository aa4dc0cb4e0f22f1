/** Journeys page by page, and the metric summaries; `MetricCounts` mirrors the domain's and implements it, so drift is a compile error. */
import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import type * as domain from '@hindsight/domain';
import { JourneyModel } from './journey.model';

@ObjectType()
export class JourneyEdge {
  @Field() cursor!: string;
  @Field(() => JourneyModel) node!: JourneyModel;
}

@ObjectType()
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType({ description: 'Journeys, most recently active first' })
export class JourneyConnection {
  @Field(() => [JourneyEdge]) edges!: JourneyEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'How many journeys match the filter in all' }) totalCount!: number;
}

@ObjectType('MetricCounts', { description: 'Counts behind the rates' })
export class MetricCountsModel implements Omit<domain.MetricCounts, 'journeysWithContact'> {
  @Field(() => Int) journeys!: number;
  @Field(() => Int) contacts!: number;
  @Field(() => Int) inboundContacts!: number;
  @Field(() => Int) repeatContacts!: number;
  @Field(() => Int, { description: 'Contacts that queued (callbacks excluded)' }) offered!: number;
  @Field(() => Int) abandoned!: number;
  @Field(() => Int) handled!: number;
  @Field(() => Int) transferred!: number;
  @Field(() => Int) holds!: number;
  @Field(() => Float) holdMs!: number;
  @Field(() => Int) promisesKept!: number;
  @Field(() => Int) promisesBroken!: number;
  @Field(() => Int) resolvedFirstContact!: number;
}

@ObjectType({ description: 'One group of a metric summary; rates are null where nothing was counted' })
export class MetricGroup {
  @Field({ description: 'The day (YYYY-MM-DD), queue or agent; "(none)" for what has none' }) key!: string;
  @Field(() => Float, { nullable: true, description: 'Total hold time ÷ holds' }) averageHoldMs!: number | null;
  @Field(() => Float, { nullable: true, description: 'Handled contacts transferred ÷ handled contacts' }) transferRate!: number | null;
  @Field(() => Float, { nullable: true, description: 'Abandoned ÷ offered (queued), callbacks excluded' }) abandonRate!: number | null;
  @Field(() => Float, { nullable: true, description: 'Promises kept ÷ promises kept or broken' }) promisesKeptRate!: number | null;
  @Field(() => Float, { nullable: true, description: 'Journeys resolved at first contact ÷ journeys with a contact' })
  firstContactResolutionRate!: number | null;
  @Field(() => Float, { nullable: true, description: 'Repeat contacts ÷ inbound contacts' }) repeatContactRate!: number | null;
  @Field(() => MetricCountsModel) counts!: MetricCountsModel;
}
