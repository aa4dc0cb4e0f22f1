import { Args, ID, Resolver } from '@nestjs/graphql';
import type { DisconnectContact, PlaceOnHold, ResumeFromHold, StartContact, TransferContact } from '@hindsight/domain';
import { eventDataInputs, ID_FIELD } from '../graphql/catalog-input-types';
import { CommandSender } from './command-sender';
import { CommandMutation, StreamWrite } from './stream-write.model';
import { Allow } from '../access/access-rule.decorator';
import { Caller } from '../access/caller.decorator';

const contactId = () => Args('contactId', { type: () => ID, description: ID_FIELD });

@Resolver()
export class ContactCommandsResolver {
  constructor(private readonly commands: CommandSender) {}

  @Allow('agent-app')
  @CommandMutation('Starts a contact; refused if it has already started')
  startContact(
    @contactId() id: string,
    @Args('data', { type: () => eventDataInputs.ContactStarted }) data: StartContact['data'],
    @Caller() caller: string,
  ): Promise<StreamWrite> {
    return this.commands.send({ type: 'StartContact', contactId: id, data }, caller);
  }

  @Allow('agent-app')
  @CommandMutation('Puts the customer on hold; refused on a contact that is not going on or already on hold')
  placeOnHold(
    @contactId() id: string,
    @Args('data', { type: () => eventDataInputs.HoldStarted }) data: PlaceOnHold['data'],
    @Caller() caller: string,
  ): Promise<StreamWrite> {
    return this.commands.send({ type: 'PlaceOnHold', contactId: id, data }, caller);
  }

  @Allow('agent-app')
  @CommandMutation('Takes the customer off hold; refused when not on hold')
  resumeFromHold(
    @contactId() id: string,
    @Args('data', { type: () => eventDataInputs.HoldEnded, nullable: true }) data: ResumeFromHold['data'] | null,
    @Caller() caller: string,
  ): Promise<StreamWrite> {
    return this.commands.send({ type: 'ResumeFromHold', contactId: id, data: data ?? {} }, caller);
  }

  @Allow('agent-app')
  @CommandMutation('Starts a transfer; refused while another is in progress')
  transferContact(
    @contactId() id: string,
    @Args('data', { type: () => eventDataInputs.TransferInitiated }) data: TransferContact['data'],
    @Caller() caller: string,
  ): Promise<StreamWrite> {
    return this.commands.send({ type: 'TransferContact', contactId: id, data }, caller);
  }

  @Allow('agent-app')
  @CommandMutation('Ends the contact, saying who ended it and why')
  disconnectContact(
    @contactId() id: string,
    @Args('data', { type: () => eventDataInputs.ContactDisconnected }) data: DisconnectContact['data'],
    @Caller() caller: string,
  ): Promise<StreamWrite> {
    return this.commands.send({ type: 'DisconnectContact', contactId: id, data }, caller);
  }
}
