import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum FactStatus {
  RECORDED = 'recorded',
  DUPLICATE = 'duplicate',
  REJECTED = 'rejected',
}

registerEnumType(FactStatus, {
  name: 'FactStatus',
  valuesMap: {
    RECORDED: { description: 'Stored now' },
    DUPLICATE: { description: 'Already stored earlier (or earlier in this call): not stored again' },
    REJECTED: { description: 'Not stored; `error` says why' },
  },
});

@ObjectType({ description: 'Why a fact was not recorded' })
export class FactError {
  @Field({ description: 'Stable code to branch on, e.g. EVENT.INVALID_DATA' })
  code!: string;

  @Field()
  message!: string;

  @Field(() => String, { nullable: true, description: 'Dot-separated path of the input at fault, e.g. facts.3.event.holdStarted.reason' })
  field?: string;

  @Field({ description: 'True when sending the same fact again later may succeed' })
  retryable!: boolean;
}

@ObjectType({ description: 'What became of one fact, at the same index as in the request' })
export class FactResult {
  @Field(() => Int)
  index!: number;

  @Field(() => FactStatus)
  status!: FactStatus;

  @Field(() => ID, { nullable: true, description: 'The id the fact is stored under, derived from source and sourceEventId' })
  eventId?: string;

  @Field(() => String, { nullable: true })
  stream?: string;

  @Field(() => FactError, { nullable: true })
  error?: FactError;
}

@ObjectType()
export class RecordEventsResult {
  @Field(() => Int)
  recorded!: number;

  @Field(() => Int)
  duplicates!: number;

  @Field(() => Int)
  rejected!: number;

  @Field(() => [FactResult], { description: 'One per fact, in request order' })
  results!: FactResult[];
}
