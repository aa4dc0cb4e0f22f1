import { Args, ID, Resolver } from '@nestjs/graphql';
import type {
  AddActionItem,
  CloseReview,
  CompleteActionItem,
  ConfirmFinding,
  DismissFinding,
  OpenReview,
  RecordRootCause,
} from '@hindsight/domain';
import { CommandSender } from '../commands/command-sender';
import { CommandMutation, StreamWrite } from '../commands/stream-write.model';
import { eventDataInputs, ID_FIELD } from '../graphql/catalog-input-types';
import { Allow } from '../access/access-rule.decorator';
import { Caller } from '../access/caller.decorator';

const reviewId = () => Args('reviewId', { type: () => ID, description: ID_FIELD });

/** A quality team's review of a journey, decided against the `review-<id>` stream like any frontend command. */
@Resolver()
export class ReviewCommandsResolver {
  constructor(private readonly commands: CommandSender) {}

  @Allow('quality')
  @CommandMutation('Opens a review of a journey; refused if the review is already open')
  openReview(
    @reviewId() id: string,
    @Args('data', { type: () => eventDataInputs.ReviewOpened }) data: OpenReview['data'],
    @Caller() caller: string,
  ): Promise<StreamWrite> {
    return this.commands.send({ type: 'OpenReview', reviewId: id, data }, caller);
  }

  @Allow('quality')
  @CommandMutation('Agrees with a finding, saying why; the review must be open')
  confirmFinding(
    @reviewId() id: string,
    @Args('data', { type: () => eventDataInputs.FindingConfirmed }) data: ConfirmFinding['data'],
    @Caller() caller: string,
  ): Promise<StreamWrite> {
    return this.commands.send({ type: 'ConfirmFinding', reviewId: id, data }, caller);
  }

  @Allow('quality')
  @CommandMutation('Sets a finding aside, saying why; the review must be open')
  dismissFinding(
    @reviewId() id: string,
    @Args('data', { type: () => eventDataInputs.FindingDismissed }) data: DismissFinding['data'],
    @Caller() caller: string,
  ): Promise<StreamWrite> {
    return this.commands.send({ type: 'DismissFinding', reviewId: id, data }, caller);
  }

  @Allow('quality')
  @CommandMutation('Records (or revises) the root cause; the review must be open')
  recordRootCause(
    @reviewId() id: string,
    @Args('data', { type: () => eventDataInputs.RootCauseRecorded }) data: RecordRootCause['data'],
    @Caller() caller: string,
  ): Promise<StreamWrite> {
    return this.commands.send({ type: 'RecordRootCause', reviewId: id, data }, caller);
  }

  @Allow('quality')
  @CommandMutation('Gives someone something to do by a date; the review must be open')
  addActionItem(
    @reviewId() id: string,
    @Args('data', { type: () => eventDataInputs.ActionItemAdded }) data: AddActionItem['data'],
    @Caller() caller: string,
  ): Promise<StreamWrite> {
    return this.commands.send({ type: 'AddActionItem', reviewId: id, data }, caller);
  }

  @Allow('quality')
  @CommandMutation('Marks an action item done, also after the review was closed')
  completeActionItem(
    @reviewId() id: string,
    @Args('data', { type: () => eventDataInputs.ActionItemCompleted }) data: CompleteActionItem['data'],
    @Caller() caller: string,
  ): Promise<StreamWrite> {
    return this.commands.send({ type: 'CompleteActionItem', reviewId: id, data }, caller);
  }

  @Allow('quality')
  @CommandMutation('Closes the review with its conclusion; refused if already closed')
  closeReview(
    @reviewId() id: string,
    @Args('data', { type: () => eventDataInputs.ReviewClosed }) data: CloseReview['data'],
    @Caller() caller: string,
  ): Promise<StreamWrite> {
    return this.commands.send({ type: 'CloseReview', reviewId: id, data }, caller);
  }
}
