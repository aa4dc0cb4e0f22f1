import { Command } from '@nestjs/cqrs';
import type { FactInput } from './fact.input';
import type { RecordEventsResult } from './record-events.result';

export class RecordEventsCommand extends Command<RecordEventsResult> {
  constructor(
    readonly facts: readonly FactInput[],
    /** Shared by every event this call stores. */
    readonly correlationId: string,
    /** The principal who sent the facts (see access/caller.decorator.ts), kept in each event's metadata. */
    readonly recordedBy: string,
  ) {
    super();
  }
}
