/**
 * recordEvents' deduplication: a policy on top of the generic event store, which knows nothing of it.
 * A fact re-sent a minute or a month later is never stored twice, because the stream's own event ids
 * are the memory, whatever the store's idempotency window; an id already standing for a different fact
 * (`eventFingerprint`) is a conflict, and nothing is stored for it. What it learned of the streams it
 * wrote to recently (`RecordedFactsMemory`) saves reading them again for every batch.
 */
import {
  backOffBeforeRetry,
  EventStore,
  NO_STREAM,
  StreamConcurrencyConflictError,
  type DomainEvent,
  type EventToAppend,
  type LogPosition,
  type StreamRevision,
} from '@hindsight/event-store';
import { eventFingerprint } from './event-fingerprint';
import { RecordedFactsMemory, type StreamFacts } from './recorded-facts-memory';

/** What became of one event handed to `appendUnseen`. */
export type UnseenEventOutcome =
  /** Stored now. */
  | 'appended'
  /** The stream already holds this id with the same fingerprint (or an earlier event of the call did). */
  | 'duplicate'
  /** The stream already holds this id for a different fact: nothing was stored for it. */
  | 'conflict';

export interface UnseenAppendResult {
  /** One per event handed in, in the same order. */
  readonly outcomes: readonly UnseenEventOutcome[];
  readonly nextExpectedRevision: StreamRevision;
  readonly position?: LogPosition;
}

export interface UnseenAppendOptions {
  readonly maxAttempts?: number;
  /**
   * The end of `$all` (from `EventStore.logHead()`) taken before this call. With it, a stream not in
   * memory is first appended to as a new stream, and read only if it turns out to exist; without it, it is read.
   */
  readonly logHead?: LogPosition;
}

const DEFAULT_ATTEMPTS = 10;
const REMEMBERED_STREAMS = 10_000;
const NEW_STREAM: StreamFacts = { revision: NO_STREAM, fingerprints: new Map() };

export class UnseenFactsAppender {
  private readonly recordedFacts = new RecordedFactsMemory(REMEMBERED_STREAMS);

  constructor(private readonly eventStore: EventStore) {}

  /**
   * Appends, in one atomic append, those of `events` whose ids the stream has not seen, and says of
   * each event whether it was appended, a duplicate, or a conflict (its id already stands for a
   * different fact). A concurrent writer makes it read the stream again and retry, up to `maxAttempts`.
   *
   * Stored once is guaranteed; reported once is not quite: when the same events race in two calls,
   * the store may answer both appends as successful (its own idempotency), so both say "appended".
   */
  async appendUnseen<E extends DomainEvent>(
    streamName: string,
    events: readonly (EventToAppend<E> & { readonly id: string })[],
    options: UnseenAppendOptions = {},
  ): Promise<UnseenAppendResult> {
    const maxAttempts = options.maxAttempts ?? DEFAULT_ATTEMPTS;
    const fingerprints = events.map(eventFingerprint);
    for (let attempt = 1; ; attempt++) {
      const remembered = this.recordedFacts.recall(streamName);
      // A stream not in memory is most often a new one: try it as new before paying for a read.
      const speculative = !remembered && attempt === 1 && options.logHead !== undefined;
      const known = remembered ?? (speculative ? NEW_STREAM : await this.readRecordedFacts(streamName));
      const seen = new Map(known.fingerprints);
      const unseen: EventToAppend<E>[] = [];
      const outcomes = events.map((event, index): UnseenEventOutcome => {
        const recorded = seen.get(event.id);
        if (recorded !== undefined) return recorded === fingerprints[index] ? 'duplicate' : 'conflict';
        seen.set(event.id, fingerprints[index]);
        unseen.push(event);
        return 'appended';
      });
      if (unseen.length === 0) return { outcomes, nextExpectedRevision: known.revision };
      try {
        const appended = await this.eventStore.append(streamName, unseen, { expectedRevision: known.revision });
        if (speculative && answeredFromIdempotency(appended.position, options.logHead!)) {
          // The store answered from its own idempotency: these events were stored before the call
          // began. Only the stream can say whether as duplicates or as conflicts: read it.
          continue;
        }
        this.recordedFacts.remember(streamName, { revision: appended.nextExpectedRevision, fingerprints: seen });
        return { outcomes, ...appended };
      } catch (error) {
        this.recordedFacts.forget(streamName);
        if (!(error instanceof StreamConcurrencyConflictError) || attempt >= maxAttempts) throw error;
        if (!speculative) await backOffBeforeRetry(attempt);
      }
    }
  }

  private async readRecordedFacts(streamName: string): Promise<StreamFacts> {
    const { state, revision } = await this.eventStore.readStream(
      streamName,
      (fingerprints, event) => fingerprints.set(event.id, eventFingerprint(event)),
      new Map<string, string>(),
    );
    return { revision, fingerprints: state };
  }
}

/** A new append lands past the head taken before it; an answer from idempotency points at the original. */
function answeredFromIdempotency(position: LogPosition | undefined, head: LogPosition): boolean {
  return position !== undefined && position.commit <= head.commit;
}
