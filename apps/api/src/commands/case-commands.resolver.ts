import { Args, ID, Resolver } from '@nestjs/graphql';
import type { EscalateCase, OpenCase, RecordFollowUp, ReopenCase, ResolveCase, UpdateCustomer } from '@hindsight/domain';
import { eventDataInputs, ID_FIELD } from '../graphql/catalog-input-types';
import { CommandSender } from './command-sender';
import { CommandMutation, StreamWrite } from './stream-write.model';
import { Allow } from '../access/access-rule.decorator';
import { Caller } from '../access/caller.decorator';

const caseId = () => Args('caseId', { type: () => ID, description: ID_FIELD });

@Resolver()
export class CaseCommandsResolver {
  constructor(private readonly commands: CommandSender) {}

  @Allow('agent-app')
  @CommandMutation('Opens a case; refused if it is already open')
  openCase(
    @caseId() id: string,
    @Args('data', { type: () => eventDataInputs.CaseOpened }) data: OpenCase['data'],
    @Caller() caller: string,
  ): Promise<StreamWrite> {
    return this.commands.send({ type: 'OpenCase', caseId: id, data }, caller);
  }

  @Allow('agent-app')
  @CommandMutation('Escalates a case: to whom, why, and who asked for it')
  escalateCase(
    @caseId() id: string,
    @Args('data', { type: () => eventDataInputs.CaseEscalated }) data: EscalateCase['data'],
    @Caller() caller: string,
  ): Promise<StreamWrite> {
    return this.commands.send({ type: 'EscalateCase', caseId: id, data }, caller);
  }

  @Allow('agent-app')
  @CommandMutation('Records a status update sent to the customer')
  updateCustomer(
    @caseId() id: string,
    @Args('data', { type: () => eventDataInputs.CustomerUpdated }) data: UpdateCustomer['data'],
    @Caller() caller: string,
  ): Promise<StreamWrite> {
    return this.commands.send({ type: 'UpdateCustomer', caseId: id, data }, caller);
  }

  @Allow('agent-app')
  @CommandMutation('Resolves a case; refused if it is already resolved and not reopened')
  resolveCase(
    @caseId() id: string,
    @Args('data', { type: () => eventDataInputs.CaseResolved }) data: ResolveCase['data'],
    @Caller() caller: string,
  ): Promise<StreamWrite> {
    return this.commands.send({ type: 'ResolveCase', caseId: id, data }, caller);
  }

  @Allow('agent-app')
  @CommandMutation('Reopens a resolved case, saying why')
  reopenCase(
    @caseId() id: string,
    @Args('data', { type: () => eventDataInputs.CaseReopened }) data: ReopenCase['data'],
    @Caller() caller: string,
  ): Promise<StreamWrite> {
    return this.commands.send({ type: 'ReopenCase', caseId: id, data }, caller);
  }

  @Allow('agent-app')
  @CommandMutation('Records the follow-up after a resolution and its outcome')
  recordFollowUp(
    @caseId() id: string,
    @Args('data', { type: () => eventDataInputs.FollowUpCompleted }) data: RecordFollowUp['data'],
    @Caller() caller: string,
  ): Promise<StreamWrite> {
    return this.commands.send({ type: 'RecordFollowUp', caseId: id, data }, caller);
  }
}
