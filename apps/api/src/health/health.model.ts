/**
 * What `health` tells. Whether each dependency answers is open to anyone (liveness probes need no
 * credential); where the dependencies are and why they fail is for admins only.
 */
import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { Allow } from '../access/access-rule.decorator';

@ObjectType({ description: 'Whether the event store answers, and which one this process uses' })
export class EventStoreStatus {
  @Field({ description: 'True when a read from $all succeeded just now' })
  connected!: boolean;

  @Field({ description: '"embedded" (in this process, on loopback) or "external" (EventStoreDB/KurrentDB)' })
  mode!: string;

  @Allow('admin')
  @Field({ description: 'The connection string, credentials removed (admin only)' })
  connectionString!: string;

  @Allow('admin')
  @Field(() => String, { nullable: true, description: 'Why the store could not be reached (admin only)' })
  error?: string;
}

@ObjectType({ description: 'Where the read models are, and whether they answer' })
export class ReadStoreStatus {
  @Field() connected!: boolean;

  @Field({ description: '"pglite" (embedded, in the data directory) or "postgres" (DATABASE_URL)' })
  kind!: string;

  @Allow('admin')
  @Field({ description: 'Where it is, credentials removed (admin only)' })
  description!: string;

  @Allow('admin')
  @Field(() => String, { nullable: true, description: 'Why it could not be reached (admin only)' })
  error?: string;
}

@ObjectType({ description: 'One projection: how far behind the head of $all it is' })
export class ProjectionHealth {
  @Field() projection!: string;

  @Field({ description: 'running, stopped, or retrying after a failure' })
  state!: string;

  @Field(() => Int, { description: 'Events after its checkpoint up to the head of $all (system events excluded)' })
  eventsBehind!: number;

  @Field({ description: 'False when eventsBehind is an estimate (a long way behind)' })
  eventsBehindExact!: boolean;

  @Field(() => Float, { description: 'Age of the oldest event not yet applied; 0 when caught up' })
  secondsBehind!: number;

  @Allow('admin')
  @Field(() => String, { nullable: true, description: 'Why its last batch failed (admin only)' })
  lastError?: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Events it set aside because they cannot be applied (see quarantinedEvents); null when the read store does not answer',
  })
  quarantined?: number;

  @Allow('admin')
  @Field(() => String, { nullable: true, description: 'The error of the event most recently quarantined (admin only)' })
  lastQuarantineError?: string;
}

@ObjectType({ description: 'The projector, summed over its projections' })
export class ProjectorHealth {
  @Field({ description: 'True when every projection runs in this process or elsewhere and none is failing' })
  running!: boolean;

  @Field(() => Int)
  eventsBehind!: number;

  @Field(() => Float)
  secondsBehind!: number;

  @Field(() => Int, { description: 'Events in quarantine, over every projection (those that answered)' })
  quarantined!: number;

  @Field(() => [ProjectionHealth])
  projections!: ProjectionHealth[];
}

@ObjectType()
export class Health {
  @Field({ description: '"ok" when every dependency answers, otherwise "degraded"' })
  status!: string;

  @Field(() => EventStoreStatus)
  eventStore!: EventStoreStatus;

  @Field(() => ReadStoreStatus)
  readStore!: ReadStoreStatus;

  @Field(() => ProjectorHealth)
  projector!: ProjectorHealth;
}
