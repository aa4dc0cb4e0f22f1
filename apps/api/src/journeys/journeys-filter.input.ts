import { Field, Float, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { idProblem, ValidationError, type JourneyOutcome } from '@hindsight/domain';
import type { JourneyFilter } from '@hindsight/projections';
import { DateTimeScalar } from '../graphql/date-time.scalar';
import { JourneyOutcomeEnum } from './journey.model';

/** The GraphQL face of the journey read model's `JourneyFilter`, which does the filtering (in SQL and in memory). */
@InputType({ description: 'Every field narrows the result; leave a field out to not filter on it' })
export class JourneysFilter implements JourneyFilter {
  @Field(() => String, { nullable: true }) customerId?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Journeys with activity at or after this moment' })
  from?: string | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Journeys that started before this moment' })
  to?: string | null;
  @Field(() => String, { nullable: true, description: 'A channel one of its contacts used, e.g. voice' }) channel?: string | null;
  @Field(() => String, { nullable: true, description: 'A queue one of its contacts waited in' }) queue?: string | null;
  @Field(() => String, { nullable: true, description: 'An agent who handled one of its contacts' }) agent?: string | null;
  @Field(() => JourneyOutcomeEnum, { nullable: true }) outcome?: JourneyOutcome | null;
  @Field(() => Float, { nullable: true, description: 'At least this much hold time in total, in ms' }) minHoldMs?: number | null;
  @Field(() => Int, { nullable: true }) minTransfers?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'True: only journeys with a broken promise; false: only without' })
  brokenPromise?: boolean | null;
}

/**
 * Refuses what no journey could be compared with: an id that is no id (a NUL would reach the database),
 * a negative count or duration, or one past what the read model's integer columns hold (1e308 ms).
 * FILTER_INVALID_ID and FILTER_OUT_OF_RANGE name the field.
 */
export function checkJourneysFilter(filter: JourneysFilter): void {
  for (const field of ['customerId', 'channel', 'queue', 'agent'] as const) {
    const problem = filter[field] ? idProblem(filter[field]) : undefined;
    if (problem) throw new ValidationError('FILTER_INVALID_ID', `${field} ${problem}`, `filter.${field}`);
  }
  for (const field of ['minHoldMs', 'minTransfers'] as const) {
    const value = filter[field];
    if (value != null && !(value >= 0 && value <= Number.MAX_SAFE_INTEGER)) {
      throw new ValidationError('FILTER_OUT_OF_RANGE', `${field} must be 0 to ${Number.MAX_SAFE_INTEGER}`, `filter.${field}`);
    }
  }
}

export enum MetricGrouping {
  DAY = 'day',
  QUEUE = 'queue',
  AGENT = 'agent',
}
registerEnumType(MetricGrouping, { name: 'MetricGrouping' });
