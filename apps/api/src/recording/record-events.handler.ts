/**
 * Records integration facts: checks each against the catalog, files the valid ones by stream, and
 * appends each stream's new facts in one atomic append. Facts happened elsewhere, so nothing is vetoed
 * for arriving late or out of order; a fact already stored is a duplicate, never stored twice
 * (`UnseenFactsAppender`).
 *
 * Personal fields are sealed with their customer's key before anything is appended. A re-sent fact is
 * recognised by its non-personal content (`eventFingerprint`): one that differs only in personal
 * values is a duplicate and changes nothing, so a caller can never test a guessed value against it.
 */
import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  DomainError,
  HindsightError,
  idProblem,
  parseFactForStream,
  ValidationError,
  type JourneyEvent,
} from '@hindsight/domain';
import { EventStore, type EventToAppend } from '@hindsight/event-store';
import { CustomerKeyStore, sealEvents } from '@hindsight/personal-data';
import { eventMetadata } from '../commands/event-metadata';
import { eventFromInput } from '../graphql/catalog-input-types';
import { factEventId } from './fact-event-id';
import type { FactInput } from './fact.input';
import { RecordEventsCommand } from './record-events.command';
import { FactStatus, type FactError, type FactResult, type RecordEventsResult } from './record-events.result';
import { UnseenFactsAppender, type UnseenEventOutcome } from './unseen-facts-appender';

export const MAX_FACTS_PER_CALL = 1_000;
/** Streams appended to at once; more only queue in the client and the store. */
const CONCURRENT_STREAM_APPENDS = 128;

type FactToAppend = EventToAppend<JourneyEvent> & { readonly id: string };

interface FiledFact {
  readonly index: number;
  readonly event: FactToAppend;
}

@CommandHandler(RecordEventsCommand)
export class RecordEventsHandler implements ICommandHandler<RecordEventsCommand> {
  private readonly logger = new Logger(RecordEventsHandler.name);
  private readonly unseenFacts: UnseenFactsAppender;

  constructor(
    private readonly eventStore: EventStore,
    private readonly customerKeys: CustomerKeyStore,
  ) {
    this.unseenFacts = new UnseenFactsAppender(eventStore);
  }

  async execute({ facts, correlationId, recordedBy }: RecordEventsCommand): Promise<RecordEventsResult> {
    if (facts.length > MAX_FACTS_PER_CALL) {
      throw new ValidationError(
        'BATCH_TOO_LARGE',
        `A call may record at most ${MAX_FACTS_PER_CALL} facts; this one has ${facts.length}. Split it.`,
        'facts',
      );
    }
    const results: FactResult[] = [];
    const byStream = new Map<string, FiledFact[]>();
    facts.forEach((fact, index) => {
      try {
        const event = toEventToAppend(fact, { correlationId, recordedBy }, index);
        const filed = byStream.get(fact.stream) ?? [];
        filed.push({ index, event });
        byStream.set(fact.stream, filed);
      } catch (error) {
        results[index] = this.rejected(index, error, fact.stream);
      }
    });
    const sealedByStream = await this.sealPersonalFields(byStream);
    // Taken before any append, so that streams this process has not seen are tried as new streams first.
    const logHead = byStream.size > 0 ? await this.eventStore.logHead() : undefined;
    await forEachConcurrently([...sealedByStream], CONCURRENT_STREAM_APPENDS, async ([stream, filed]) => {
      try {
        const { outcomes } = await this.unseenFacts.appendUnseen(stream, filed.map(({ event }) => event), { logHead });
        filed.forEach(({ index, event }, position) => {
          results[index] = outcomeResult(index, stream, event.id, outcomes[position]);
        });
      } catch (error) {
        for (const { index } of filed) results[index] = this.rejected(index, error, stream);
      }
    });
    return summarize(results);
  }

  /** The same facts with their personal fields sealed by their customers' keys: one read of the keys per call. */
  private async sealPersonalFields(byStream: ReadonlyMap<string, FiledFact[]>): Promise<Map<string, FiledFact[]>> {
    const streams = [...byStream];
    const sealed = await sealEvents(this.customerKeys, streams.flatMap(([, filed]) => filed.map(({ event }) => event)));
    let next = 0;
    return new Map(streams.map(([stream, filed]) => [stream, filed.map(({ index }) => ({ index, event: sealed[next++] }))]));
  }

  private rejected(index: number, error: unknown, stream: string): FactResult {
    return { index, status: FactStatus.REJECTED, stream, error: this.factError(error) };
  }

  private factError(error: unknown): FactError {
    if (error instanceof HindsightError) {
      return { code: error.code, message: error.message, field: error.path, retryable: error.retryable };
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error', retryable: true };
  }
}

/** Checks a fact against the catalog; a rejection names the input at fault (`facts.3.event.holdStarted.reason`). */
function toEventToAppend(
  fact: FactInput,
  { correlationId, recordedBy }: Pick<RecordEventsCommand, 'correlationId' | 'recordedBy'>,
  index: number,
): FactToAppend {
  const at = (field: string) => `facts.${index}.${field}`;
  for (const field of ['source', 'sourceEventId'] as const) {
    const problem = idProblem(fact[field]);
    if (problem) throw new ValidationError('FACT.INVALID_ID', `${field} ${problem}`, at(field));
  }
  const { field: eventField, type, data } = eventFromInput(fact.event);
  let event: JourneyEvent;
  try {
    // Journey streams only: a review-… stream is refused with STREAM.NOT_RECORDABLE.
    event = parseFactForStream(fact.stream, { type, data });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    // The catalog names fields relative to the event (`data.reason`); the caller sent them under event.<type>.
    const inData = error.path?.startsWith('data.') ?? false;
    const field = inData ? at(`event.${eventField}.${error.path!.slice('data.'.length)}`) : at('stream');
    throw new ValidationError(error.code, error.message, field);
  }
  return {
    ...event,
    id: factEventId(fact.source, fact.sourceEventId),
    metadata: eventMetadata(event.type, {
      correlationId,
      occurredAt: fact.occurredAt,
      source: fact.source,
      sourceEventId: fact.sourceEventId,
      recordedBy,
    }),
  };
}

const statusOf: Readonly<Record<Exclude<UnseenEventOutcome, 'conflict'>, FactStatus>> = {
  appended: FactStatus.RECORDED,
  duplicate: FactStatus.DUPLICATE,
};

function outcomeResult(index: number, stream: string, eventId: string, outcome: UnseenEventOutcome): FactResult {
  if (outcome !== 'conflict') return { index, status: statusOf[outcome], eventId, stream };
  return {
    index,
    status: FactStatus.REJECTED,
    eventId,
    stream,
    error: {
      code: 'FACT.CONFLICTS_WITH_RECORDED',
      message: `${stream} already holds a different fact under this source and sourceEventId; a fact is never rewritten`,
      field: `facts.${index}.sourceEventId`,
      retryable: false,
    },
  };
}

function summarize(results: readonly FactResult[]): RecordEventsResult {
  const count = (status: FactStatus) => results.filter((result) => result.status === status).length;
  return {
    recorded: count(FactStatus.RECORDED),
    duplicates: count(FactStatus.DUPLICATE),
    rejected: count(FactStatus.REJECTED),
    results: [...results],
  };
}

async function forEachConcurrently<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
