import { Field, Int, ObjectType } from '@nestjs/graphql';
import { LongScalar } from '../graphql/long.scalar';

@ObjectType({ description: 'What a command wrote' })
export class StreamWrite {
  @Field({ description: 'e.g. contact-C-1' })
  stream!: string;

  @Field(() => LongScalar, { description: "The stream's revision after the write" })
  revision!: bigint;

  @Field(() => Int, { description: 'How many events were appended' })
  events!: number;

  @Field(() => Int, { description: 'How many times it read, decided and appended; more than 1 means it lost a race and re-decided' })
  attempts!: number;
}
