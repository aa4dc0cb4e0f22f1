import { Field, Int, Mutation, ObjectType } from '@nestjs/graphql';
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

/**
 * A frontend command's mutation. Its answer may be null: a refused command answers null with its
 * error, so that in a request of several commands the others still run and their writes are
 * answered, instead of one refusal nulling the whole response and hiding what was written.
 */
export function CommandMutation(description: string): MethodDecorator {
  return Mutation(() => StreamWrite, { nullable: true, description });
}
