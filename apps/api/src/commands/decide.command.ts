import { Command } from '@nestjs/cqrs';
import type { CallbackCommand, CaseCommand, ContactCommand, ReviewCommand } from '@hindsight/domain';
import type { StreamWrite } from './stream-write.model';

/** A frontend's request, to be decided against the current state of the one stream it concerns. */
export type FrontendCommand = ContactCommand | CallbackCommand | CaseCommand | ReviewCommand;

export class DecideCommand extends Command<StreamWrite> {
  constructor(
    readonly command: FrontendCommand,
    /** Shared by the events this request causes. */
    readonly correlationId: string,
    /** The principal who asked (see access/caller.decorator.ts), kept in each event's metadata. */
    readonly recordedBy: string,
  ) {
    super();
  }
}
