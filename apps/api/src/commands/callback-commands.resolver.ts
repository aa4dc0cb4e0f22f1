import { Args, ID, Resolver } from '@nestjs/graphql';
import type { AttemptCallback, PromiseCallback, RequestCallback } from '@hindsight/domain';
import { eventDataInputs, ID_FIELD } from '../graphql/catalog-input-types';
import { CommandSender } from './command-sender';
import { CommandMutation, StreamWrite } from './stream-write.model';
import { Allow } from '../access/access-rule.decorator';
import { Caller } from '../access/caller.decorator';

const callbackId = () => Args('callbackId', { type: () => ID, description: ID_FIELD });

@Resolver()
export class CallbackCommandsResolver {
  constructor(private readonly commands: CommandSender) {}

  @Allow('agent-app')
  @CommandMutation('Records a callback request; refused if that callback was already requested')
  requestCallback(
    @callbackId() id: string,
    @Args('data', { type: () => eventDataInputs.CallbackRequested }) data: RequestCallback['data'],
    @Caller() caller: string,
  ): Promise<StreamWrite> {
    return this.commands.send({ type: 'RequestCallback', callbackId: id, data }, caller);
  }

  @Allow('agent-app')
  @CommandMutation('Commits to calling back by a time; refused once the callback is done or cancelled')
  promiseCallback(
    @callbackId() id: string,
    @Args('data', { type: () => eventDataInputs.CallbackPromised }) data: PromiseCallback['data'],
    @Caller() caller: string,
  ): Promise<StreamWrite> {
    return this.commands.send({ type: 'PromiseCallback', callbackId: id, data }, caller);
  }

  @Allow('agent-app')
  @CommandMutation('Records an attempt to call back; reaching the customer completes the callback')
  attemptCallback(
    @callbackId() id: string,
    @Args('data', { type: () => eventDataInputs.CallbackAttempted }) data: AttemptCallback['data'],
    @Caller() caller: string,
  ): Promise<StreamWrite> {
    return this.commands.send({ type: 'AttemptCallback', callbackId: id, data }, caller);
  }
}
