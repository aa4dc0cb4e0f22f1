/**
 * Findings over GraphQL: the domain's Finding, step and what-if shapes, field for field; each class
 * implements the shape it mirrors, so a field added in the domain is a compile error here.
 */
import { Field, Float, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import type * as domain from '@hindsight/domain';
import { DateTimeScalar } from '../graphql/date-time.scalar';
import { JSONScalar } from '../graphql/json.scalar';
import { JourneyModel, TimelineEntry } from './journey.model';

@ObjectType('Finding', { description: 'Something the rulebook found in a journey, with the events that prove it' })
export class FindingModel implements domain.Finding {
  @Field(() => String, { description: 'Stable code, e.g. DROPPED_ON_HOLD' }) code!: domain.FindingCode;
  @Field(() => String, { description: 'failure or good_practice' }) kind!: domain.FindingKind;
  @Field(() => String, { description: 'info, low, medium, high or critical' }) severity!: domain.FindingSeverity;
  @Field({ description: 'What it is about (a hold, a stream, a promise); with the code, its identity' }) subject!: string;
  @Field({ description: 'One sentence to read aloud in a post-mortem' }) sentence!: string;
  @Field(() => [ID], { description: 'The events that prove it' }) evidence!: string[];
  @Field(() => [String]) streamNames!: domain.StreamName[];
  @Field(() => DateTimeScalar, { description: 'When it became true' }) at!: string;
  @Field(() => JSONScalar, { description: 'The numbers behind it (durations in ms, counts)' }) details!: Readonly<Record<string, number>>;
}

@InputType({ description: 'Overrides of a rulebook threshold; durations in milliseconds' })
export class FindingThresholdsInput {
  @Field(() => Float, { nullable: true }) longHoldMs?: number;
  @Field(() => Int, { nullable: true }) transferChainAgents?: number;
  @Field(() => Float, { nullable: true }) repeatContactWindowMs?: number;
  @Field(() => Int, { nullable: true }) repeatContactsMin?: number;
  @Field(() => Float, { nullable: true }) silenceMs?: number;
  @Field(() => Float, { nullable: true }) callbackAttemptWithinMs?: number;
  @Field(() => Float, { nullable: true }) followUpWithinMs?: number;
  @Field(() => Float, { nullable: true }) promiseGraceMs?: number;
}

@InputType({ description: 'A rulebook version and, optionally, other thresholds' })
export class RulebookChoice {
  @Field({ description: 'e.g. 2026.1 (current) or 2025.1' }) version!: string;
  @Field(() => FindingThresholdsInput, { nullable: true }) thresholds?: FindingThresholdsInput | null;
}

@ObjectType({ description: 'A metric that changed at a replay step' })
export class MetricDelta {
  @Field({ description: 'Dot-separated, e.g. holds.totalMs' }) metric!: string;
  @Field(() => JSONScalar, { nullable: true }) before!: unknown;
  @Field(() => JSONScalar, { nullable: true }) after!: unknown;
}

@ObjectType({ description: 'One event of the replay, the journey after it, what changed and what became true' })
export class JourneyStep {
  @Field(() => Int) index!: number;
  @Field(() => TimelineEntry) entry!: TimelineEntry;
  @Field(() => DateTimeScalar) asOf!: string;
  @Field(() => JourneyModel, { description: 'The journey as it stood after this event' }) journey!: JourneyModel;
  @Field(() => [MetricDelta]) metricDeltas!: MetricDelta[];
  @Field(() => [FindingModel], { description: 'Findings true after this event and not before' }) appeared!: FindingModel[];
  @Field(() => [FindingModel], { description: 'Findings that gained evidence or changed severity here' }) updated!: FindingModel[];
  @Field(() => [FindingModel], { description: 'Findings true before this event and not after' }) withdrawn!: FindingModel[];
}

@ObjectType('FindingChange')
export class FindingChangeModel implements domain.FindingChange {
  @Field(() => FindingModel) before!: FindingModel;
  @Field(() => FindingModel) after!: FindingModel;
}

@ObjectType('WhatIfJourney')
export class WhatIfJourneyModel implements domain.WhatIfJourney {
  @Field(() => ID) journeyId!: string;
  @Field(() => [FindingModel]) added!: FindingModel[];
  @Field(() => [FindingModel]) removed!: FindingModel[];
  @Field(() => [FindingChangeModel]) changed!: FindingChangeModel[];
  @Field(() => Int) unchanged!: number;
}

@ObjectType('WhatIf', { description: 'What another rulebook or other thresholds would find; stored events are not touched' })
export class WhatIfModel {
  @Field() fromVersion!: string;
  @Field() toVersion!: string;
  @Field(() => JSONScalar, { description: 'The thresholds each side used' }) thresholds!: unknown;
  @Field(() => [WhatIfJourneyModel], { description: 'Only the journeys where something would change' })
  journeys!: WhatIfJourneyModel[];
  @Field(() => Int) journeysJudged!: number;
  @Field(() => Int) added!: number;
  @Field(() => Int) removed!: number;
  @Field(() => Int) changed!: number;
}
