/**
 * Every frontend command takes the same path: read its stream, fold it, decide, append with the
 * revision that was read, and on a concurrent write read and decide again. The domain's decider for
 * the stream's category does the thinking; a rejection is a DomainError with a stable code.
 * Personal fields in what it decides (the number to call back) are sealed before they are appended.
 */
import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  callbackDecider,
  callbackStream,
  caseDecider,
  caseStream,
  contactDecider,
  contactStream,
  reviewDecider,
  reviewStream,
  ValidationError,
  type CatalogEvent,
  type Decider,
} from '@hindsight/domain';
import { EventStore, NO_STREAM } from '@hindsight/event-store';
import { CustomerKeyStore, sealEvents } from '@hindsight/personal-data';
import { DecideCommand, type FrontendCommand } from './decide.command';
import { eventMetadata, FRONTEND_SOURCE } from './event-metadata';
import type { StreamWrite } from './stream-write.model';

interface StreamCategory {
  /** The command field that names the stream, which is also the mutation argument. */
  readonly idField: 'contactId' | 'callbackId' | 'caseId' | 'reviewId';
  readonly streamName: (id: string) => string;
  readonly decider: Decider<unknown, FrontendCommand, CatalogEvent>;
}

// Each decider is typed by its own commands; the id field a command carries picks the right one.
const categories: readonly StreamCategory[] = [
  { idField: 'contactId', streamName: contactStream, decider: contactDecider as never },
  { idField: 'callbackId', streamName: callbackStream, decider: callbackDecider as never },
  { idField: 'caseId', streamName: caseStream, decider: caseDecider as never },
  { idField: 'reviewId', streamName: reviewStream, decider: reviewDecider as never },
];

function streamOf(command: FrontendCommand): { readonly stream: string; readonly decider: StreamCategory['decider'] } {
  const { idField, streamName, decider } = categories.find((category) => category.idField in command)!;
  try {
    return { stream: streamName((command as unknown as Record<string, string>)[idField]), decider };
  } catch (error) {
    if (error instanceof ValidationError) throw new ValidationError(error.code, error.message, idField);
    throw error;
  }
}

@CommandHandler(DecideCommand)
export class DecideHandler implements ICommandHandler<DecideCommand> {
  constructor(
    private readonly eventStore: EventStore,
    private readonly customerKeys: CustomerKeyStore,
  ) {}

  async execute({ command, correlationId, recordedBy }: DecideCommand): Promise<StreamWrite> {
    const { stream, decider } = streamOf(command);
    const causationId = randomUUID();
    const origin = { correlationId, causationId, occurredAt: command.metadata.now, source: FRONTEND_SOURCE, recordedBy };
    const result = await this.eventStore.appendWithRetry<unknown, CatalogEvent>(stream, {
      initialState: decider.initialState,
      evolve: (state, event) => decider.evolve(state, event),
      decide: (state) =>
        sealEvents(
          this.customerKeys,
          decider.decide(command, state).map((event) => ({ ...event, metadata: eventMetadata(event.type, origin) })),
        ),
    });
    return {
      stream,
      revision: result.nextExpectedRevision === NO_STREAM ? -1n : result.nextExpectedRevision,
      events: result.appendedEvents,
      attempts: result.attempts,
    };
  }
}
