import { Field, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../graphql/date-time.scalar';
import { LongScalar } from '../graphql/long.scalar';

@ObjectType('QuarantinedEvent', { description: 'An event a projection set aside because it cannot be applied; the projection moved on without it' })
export class QuarantinedEventModel {
  @Field({ description: 'The projection that could not apply it (journeys, reviews)' })
  projection!: string;

  @Field(() => LongScalar, { description: 'Its commit position in $all' })
  position!: bigint;

  @Field(() => LongScalar, { description: 'Its prepare position in $all' })
  preparePosition!: bigint;

  @Field({ description: 'Its event id in the store' })
  eventId!: string;

  @Field({ description: 'Its stream; control characters and lone surrogates written as \\uXXXX' })
  streamName!: string;

  @Field({ description: 'Its event type, written the same way' })
  eventType!: string;

  @Field({ description: 'A SQLSTATE (22021), a Hindsight code (EVENT_STORE.UNREADABLE_EVENT) or the error name' })
  errorCode!: string;

  @Field()
  errorMessage!: string;

  @Field(() => Int, { description: 'Times it failed: when quarantined, and each re-apply that failed again' })
  attempts!: number;

  @Field(() => DateTimeScalar)
  quarantinedAt!: string;

  @Field(() => DateTimeScalar, { description: 'Its latest failure' })
  lastFailedAt!: string;
}
