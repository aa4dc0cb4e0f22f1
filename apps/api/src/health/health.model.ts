import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'Whether the event store answers, and which one this process uses' })
export class EventStoreStatus {
  @Field({ description: 'True when a read from $all succeeded just now' })
  connected!: boolean;

  @Field({ description: '"embedded" (in this process, on loopback) or "external" (EventStoreDB/KurrentDB)' })
  mode!: string;

  @Field({ description: 'The connection string, credentials removed' })
  connectionString!: string;

  @Field(() => String, { nullable: true, description: 'Why the store could not be reached' })
  error?: string;
}

@ObjectType()
export class Health {
  @Field({ description: '"ok" when every dependency answers, otherwise "degraded"' })
  status!: string;

  @Field(() => EventStoreStatus)
  eventStore!: EventStoreStatus;
}
