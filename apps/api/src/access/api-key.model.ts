import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateTimeScalar } from '../graphql/date-time.scalar';

/** The roles as GraphQL spells them; the values are the roles' stored names. */
export enum RoleValue {
  INTEGRATION = 'integration',
  AGENT_APP = 'agent-app',
  READER = 'reader',
  QUALITY = 'quality',
  ADMIN = 'admin',
}

registerEnumType(RoleValue, {
  name: 'Role',
  description: 'What a credential may do: INTEGRATION records facts; AGENT_APP sends frontend commands and reads; READER reads; QUALITY reads, replays, judges and reviews; ADMIN does all of it and manages keys',
});

@ObjectType('ApiKey', { description: 'An API key as stored: its secret was shown once, when it was created, and is kept only as a hash' })
export class ApiKeyModel {
  @Field(() => ID, { description: 'Public: the part of the key after "hsk_" and before the secret' })
  id!: string;

  @Field()
  name!: string;

  @Field(() => RoleValue)
  role!: RoleValue;

  @Field(() => DateTimeScalar)
  createdAt!: string;

  @Field({ description: 'Who created it: a key, a token subject, or "cli"' })
  createdBy!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  revokedAt!: string | null;
}

@ObjectType({ description: 'A new key and its secret: the only time the secret is ever shown' })
export class CreatedApiKey {
  @Field(() => ApiKeyModel)
  key!: ApiKeyModel;

  @Field({ description: 'Send it as "Authorization: Bearer <secret>". Store it now: it cannot be shown again' })
  secret!: string;
}
