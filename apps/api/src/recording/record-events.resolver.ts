import { randomUUID } from 'node:crypto';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { FactInput } from './fact.input';
import { MAX_FACTS_PER_CALL } from './record-events.handler';
import { RecordEventsCommand } from './record-events.command';
import { RecordEventsResult } from './record-events.result';
import { Allow } from '../access/access-rule.decorator';
import { Caller } from '../access/caller.decorator';

@Resolver()
export class RecordEventsResolver {
  constructor(private readonly commandBus: CommandBus) {}

  @Allow('integration')
  @Mutation(() => RecordEventsResult, {
    description:
      `Records up to ${MAX_FACTS_PER_CALL} facts from an integration service, answered fact by fact: recorded, ` +
      'duplicate or rejected. Late and out-of-order facts are recorded; re-sending a fact is always safe.',
  })
  recordEvents(
    @Args('facts', { type: () => [FactInput] }) facts: FactInput[],
    @Caller() caller: string,
  ): Promise<RecordEventsResult> {
    return this.commandBus.execute(new RecordEventsCommand(facts, randomUUID(), caller));
  }
}
