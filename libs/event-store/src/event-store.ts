/**
 * The one door to the event store for the rest of Hindsight. It speaks in Hindsight's events
 * (typed, with metadata, upcast to their newest shape) and in bigint revisions and positions,
 * and hides the client. It never publishes to an in-process bus: read models learn about events
 * only through `subscribeToAll`, so nothing that failed to be stored can reach them.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { status } from '@grpc/grpc-js';
import { Injectable, Logger } from '@nestjs/common';
import {
  BACKWARDS,
  DeadlineExceededError,
  END,
  FORWARDS,
  MaxAppendSizeExceededError,
  START,
  StreamDeletedError as ClientStreamDeletedError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
  type Filter,
} from '@eventstore/db-client';
import { AllStreamSubscription } from './all-stream-subscription';
import {
  isUnreadable,
  type AllStreamDelivery,
  type DomainEvent,
  type EventToAppend,
  type LogPosition,
  type RecordedAllStreamEvent,
  type RecordedDomainEvent,
  type UnreadableAllStreamEvent,
} from './domain-event';
import type { EventStoreMode } from './event-store-config';
import { EventStoreConnection } from './event-store-connection';
import {
  AppendTooLargeError,
  EventStoreTimeoutError,
  EventStoreUnavailableError,
  StreamConcurrencyConflictError,
  StreamDeletedError,
} from './event-store-errors';
import { fromRecordedAllStreamEvent, fromRecordedEvent, toEventData } from './event-serialization';
import { NO_STREAM, type ExpectedRevision, type StreamRevision } from './stream-revision';
import { UpcasterRegistry } from './upcaster-registry';

export interface AppendResult {
  /** The stream's revision after the append: the expected revision for the next one. */
  readonly nextExpectedRevision: bigint;
  readonly position?: LogPosition;
}

export interface StreamState<State> {
  readonly state: State;
  /** `no_stream` when the stream does not exist yet. */
  readonly revision: StreamRevision;
}

/** How a command handler turns a stream's history into new events. */
export interface StreamDecider<State, E extends DomainEvent> {
  readonly initialState: State;
  evolve(state: State, event: RecordedDomainEvent<E>): State;
  /** Returns the events to append; none means there is nothing to record. Throw to reject. */
  decide(state: State): readonly EventToAppend<E>[] | Promise<readonly EventToAppend<E>[]>;
}

export interface DecisionResult {
  readonly appendedEvents: number;
  readonly nextExpectedRevision: StreamRevision;
  readonly position?: LogPosition;
  /** How many read-decide-append rounds it took; more than one means a conflict was resolved. */
  readonly attempts: number;
}

/** Without a filter, subscriptions see every event except the store's own system events. */
export type AllStreamFilter =
  | { readonly streamNamePrefixes: readonly string[] }
  | { readonly eventTypePrefixes: readonly string[] };

export interface SubscribeToAllOptions {
  /** Delivery resumes with the first event after this position; defaults to the start of `$all`. */
  readonly fromPosition?: LogPosition | typeof START;
  readonly filter?: AllStreamFilter;
  /**
   * Given each event that cannot be read (not JSON, metadata missing, an upcaster failed), in its
   * place in the order, so the subscriber can set it aside and carry on. Without it such an event
   * ends the subscription with an UnreadableEventError, at the same event on every resubscription.
   */
  readonly onUnreadable?: (event: UnreadableAllStreamEvent) => Promise<void>;
}

export interface EventStoreHealth {
  readonly connected: boolean;
  readonly mode: EventStoreMode;
  readonly connectionString: string;
  /** Why the store could not be reached, when it could not. */
  readonly error?: string;
}

const DEFAULT_DECISION_ATTEMPTS = 10;
const HEALTH_CHECK_DEADLINE_MS = 3_000;
const MAX_RETRY_BACKOFF_MS = 100;
const EMPTY_LOG: LogPosition = { commit: -1n, prepare: -1n };

@Injectable()
export class EventStore {
  private readonly logger = new Logger(EventStore.name);
  private readonly subscriptions = new Set<AllStreamSubscription>();

  constructor(
    private readonly connection: EventStoreConnection,
    private readonly upcasters: UpcasterRegistry,
  ) {}

  async append<E extends DomainEvent>(
    streamName: string,
    events: readonly EventToAppend<E>[],
    options: { readonly expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error(`Nothing to append to ${streamName}`);
    try {
      const { deadlineMs } = this.connection.timeouts;
      const result = await this.withDeadline(
        `an append to ${streamName}`,
        this.connection.client.appendToStream(streamName, events.map(toEventData), {
          expectedRevision: options.expectedRevision,
          deadline: deadlineMs,
        }),
      );
      return { nextExpectedRevision: result.nextExpectedRevision, position: result.position };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        throw new StreamConcurrencyConflictError(streamName, options.expectedRevision, error.actualVersion);
      }
      throw translateClientError(error, streamName);
    }
  }

  /**
   * Where `$all` ends now: every event appended after this call returns lies beyond it, so an append
   * answered with a position at or before it was answered from the store's idempotency.
   */
  async logHead(): Promise<LogPosition> {
    const read = this.connection.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
    try {
      const [last] = await this.withDeadline('a read of the end of $all', read.toArray(), () => read.cancel());
      return last?.event?.position ?? EMPTY_LOG;
    } catch (error) {
      throw translateClientError(error, '$all');
    }
  }

  /**
   * Read the stream, fold it, decide, append with the revision that was read. When another writer
   * got in first, start over from a fresh read (after a short random backoff), so the decision is always
   * made on the latest state; after `maxAttempts` conflicts, give up with a StreamConcurrencyConflictError.
   */
  async appendWithRetry<State, E extends DomainEvent>(
    streamName: string,
    decider: StreamDecider<State, E>,
    options: { readonly maxAttempts?: number } = {},
  ): Promise<DecisionResult> {
    const maxAttempts = options.maxAttempts ?? DEFAULT_DECISION_ATTEMPTS;
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.readStream<State, E>(
        streamName,
        (current, event) => decider.evolve(current, event),
        decider.initialState,
      );
      const events = await decider.decide(state);
      if (events.length === 0) {
        return { appendedEvents: 0, nextExpectedRevision: revision, attempts: attempt };
      }
      try {
        const appended = await this.append(streamName, events, { expectedRevision: revision });
        return { appendedEvents: events.length, ...appended, attempts: attempt };
      } catch (error) {
        if (!(error instanceof StreamConcurrencyConflictError)) throw error;
        if (attempt >= maxAttempts) {
          throw new StreamConcurrencyConflictError(streamName, revision, error.actualRevision, attempt);
        }
        await backOffBeforeRetry(attempt);
      }
    }
  }

  /** Folds a stream from its first event; a stream that does not exist folds to the initial state. */
  async readStream<State, E extends DomainEvent = DomainEvent>(
    streamName: string,
    evolve: (state: State, event: RecordedDomainEvent<E>) => State,
    initialState: State,
  ): Promise<StreamState<State>> {
    let state = initialState;
    let revision: StreamRevision = NO_STREAM;
    const read = this.connection.client.readStream(streamName);
    const fold = async () => {
      for await (const resolved of read) {
        if (!resolved.event) continue;
        const event = fromRecordedEvent<E>(resolved.event, this.upcasters);
        state = evolve(state, event);
        revision = event.revision;
      }
    };
    try {
      await this.withDeadline(`a read of ${streamName}`, fold(), () => read.cancel());
    } catch (error) {
      if (error instanceof StreamNotFoundError) return { state: initialState, revision: NO_STREAM };
      throw translateClientError(error, streamName);
    }
    return { state, revision };
  }

  /**
   * Delivers events from `$all` one at a time, in log order, to an awaited handler: first the
   * history from `fromPosition`, then new events as they are appended. A failing handler ends the
   * subscription (see `finished`); the caller resumes from the last position it stored.
   */
  subscribeToAll<E extends DomainEvent = DomainEvent>(
    options: SubscribeToAllOptions,
    handler: (event: RecordedAllStreamEvent<E>) => Promise<void>,
  ): AllStreamSubscription {
    const source = this.connection.client.subscribeToAll({
      fromPosition: options.fromPosition ?? START,
      filter: toClientFilter(options.filter),
    });
    const subscription = new AllStreamSubscription(source, async (resolved) => {
      if (!resolved.event) return;
      const delivery = fromRecordedAllStreamEvent<E>(resolved.event, this.upcasters);
      if (!isUnreadable(delivery)) return handler(delivery);
      if (!options.onUnreadable) throw delivery.unreadable;
      await options.onUnreadable(delivery);
    });
    this.subscriptions.add(subscription);
    subscription.finished.then(
      () => this.subscriptions.delete(subscription),
      (error: unknown) => {
        this.subscriptions.delete(subscription);
        this.logger.error(`A subscription to $all failed: ${describe(error)}`);
      },
    );
    return subscription;
  }

  /**
   * The event at exactly this position of `$all`, read or (when it cannot be read) described; undefined
   * when no event starts there (it was deleted and scavenged, or the position is wrong).
   */
  async readEventAt<E extends DomainEvent = DomainEvent>(position: LogPosition): Promise<AllStreamDelivery<E> | undefined> {
    const read = this.connection.client.readAll({ direction: FORWARDS, fromPosition: position, maxCount: 1 });
    let found: Awaited<ReturnType<typeof read.toArray>>;
    try {
      found = await this.withDeadline('a read of one event of $all', read.toArray(), () => read.cancel());
    } catch (error) {
      throw translateClientError(error, '$all');
    }
    const event = found[0]?.event;
    if (!event || event.position.commit !== position.commit || event.position.prepare !== position.prepare) return undefined;
    return fromRecordedAllStreamEvent<E>(event, this.upcasters);
  }

  /** Stops every subscription, waiting for handlers in flight; called before the connection closes. */
  async stopSubscriptions(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
  }

  /**
   * Settles with `operation`, or rejects with EventStoreTimeoutError once the deadline passes (and
   * cancels what can be cancelled): the client's own deadline does not cover reads or batched appends.
   */
  private async withDeadline<T>(
    what: string,
    operation: Promise<T>,
    cancel?: () => unknown,
    deadlineMs = this.connection.timeouts.deadlineMs,
  ): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        Promise.resolve()
          .then(cancel)
          .catch(() => undefined);
        reject(new EventStoreTimeoutError(what, deadlineMs));
      }, deadlineMs);
    });
    try {
      return await Promise.race([operation, expired]);
    } finally {
      clearTimeout(timer);
      // Whatever the operation does after the deadline has nobody waiting for it.
      operation.catch(() => undefined);
    }
  }

  /** Proves the store answers by reading the last event of `$all`, with a short deadline. */
  async checkHealth(): Promise<EventStoreHealth> {
    const { mode, displayConnectionString: connectionString } = this.connection;
    try {
      // The client sends reads without a deadline whatever it is given: the timer here is the deadline.
      const read = this.connection.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
      await this.withDeadline('a health check', read.toArray(), () => read.cancel(), HEALTH_CHECK_DEADLINE_MS);
      return { connected: true, mode, connectionString };
    } catch (error) {
      return { connected: false, mode, connectionString, error: describe(error) };
    }
  }
}

/**
 * The winning write may not be readable yet (it is still being made durable); racing writers that
 * re-read at once would all lose again, so each waits a random, growing moment first.
 */
export function backOffBeforeRetry(attempt: number): Promise<void> {
  return sleep(Math.random() * Math.min(MAX_RETRY_BACKOFF_MS, 4 * 2 ** attempt));
}

/** The client's errors that callers can act on, in the event store's own words. */
function translateClientError(error: unknown, streamName: string): unknown {
  if (error instanceof MaxAppendSizeExceededError) return new AppendTooLargeError(streamName, error.maxAppendSize);
  if (error instanceof ClientStreamDeletedError) return new StreamDeletedError(streamName);
  if (error instanceof UnavailableError || isRawGrpcError(error, status.UNAVAILABLE)) return new EventStoreUnavailableError(describe(error));
  if (error instanceof DeadlineExceededError || isRawGrpcError(error, status.DEADLINE_EXCEEDED)) {
    return new EventStoreTimeoutError(`a call on ${streamName}`);
  }
  return error;
}

/**
 * The client passes some gRPC failures through as they came, not as its own error classes: the
 * server-features call it makes before the first command on a new connection does, so a store that
 * is down at that moment fails with a bare gRPC status.
 */
function isRawGrpcError(error: unknown, code: status): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === code && 'metadata' in error;
}

function toClientFilter(filter: AllStreamFilter | undefined): Filter {
  if (!filter) return excludeSystemEvents();
  if ('streamNamePrefixes' in filter) return streamNameFilter({ prefixes: [...filter.streamNamePrefixes] });
  return eventTypeFilter({ prefixes: [...filter.eventTypePrefixes] });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
