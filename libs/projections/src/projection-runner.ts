/**
 * Runs one projection: reads its checkpoint, subscribes to `$all` (system events excluded) from
 * there, gathers delivered events into ordered batches and applies each batch together with the new
 * checkpoint in one read-store transaction. The subscription is the only feed: nothing reaches a
 * read model that the store has not durably appended.
 *
 * Exactly once in effect: an event at or before the checkpoint is skipped, both when it is delivered
 * and again inside the transaction (where the checkpoint row is locked, so two runners of the same
 * projection, in two processes, cannot both apply a batch). A crash between the write and the next
 * batch loses nothing: the uncommitted batch is delivered again from the stored checkpoint.
 *
 * Batches: up to `batchSize` events; a smaller one as soon as the runner reaches the head of `$all`
 * it saw when it subscribed, or when no event has come for `idleFlushMs`. Batch boundaries never
 * change the result, only the speed.
 *
 * On failure it tells what failed (failure-classification.ts). A transient failure (the database or
 * the event store down, a timeout) makes it log, wait and resubscribe from its checkpoint, for as long
 * as it takes. When a batch fails for any other reason, it applies the batch's events one by one to
 * find the one at fault; that event is quarantined (quarantine.ts) at once when it can never be applied
 * (it cannot be read, the database refuses its values), or after `maxAttemptsPerEvent` failures when
 * the reason is unknown (a projection's bug), and the projection moves on; unless every event fails so,
 * which blames the projection, not the events: then it retries. When the active generation
 * changes under it (a rebuild switched over), it resubscribes from the new generation's checkpoint.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import {
  isUnreadable,
  type AllStreamDelivery,
  type AllStreamSubscription,
  type EventStore,
  type LogPosition,
  type RecordedAllStreamEvent,
} from '@hindsight/event-store';
import {
  ensureCheckpoint,
  GenerationGoneError,
  readCheckpoint,
  storeCheckpoint,
  type Generation,
  type GenerationTarget,
  type ReadStore,
} from '@hindsight/read-store';
import { notifyCommitted } from './committed-notifications';
import { countEventsBehind } from './events-behind';
import { isAfter, type CommittedBatch, type CommittedListener, type Projection } from './projection';
import { classifyFailure, failureCode, failureMessage } from './quarantine/failure-classification';
import { printable, quarantineEvent, summarizeQuarantine, type QuarantineSummary } from './quarantine/quarantine';

export interface ProjectionRunnerOptions {
  /** The most events applied in one transaction. Default 500. */
  readonly batchSize?: number;
  /** Apply what has arrived after this long without a new event. Default 10 ms. */
  readonly idleFlushMs?: number;
  /** Wait before resubscribing after a failure. Default 1 s. */
  readonly retryDelayMs?: number;
  /** The generation to write to: the active one (default), or a building one (a rebuild). */
  readonly generation?: GenerationTarget;
  /** How many events `status()` counts exactly before estimating. Default 10,000. */
  readonly exactLagLimit?: number;
  /** Failures for an unknown reason one event may cause before it is quarantined. Default 5. */
  readonly maxAttemptsPerEvent?: number;
}

export type ProjectionRunnerState = 'stopped' | 'running' | 'retrying';

export interface ProjectionStatus {
  readonly projection: string;
  readonly state: ProjectionRunnerState;
  /** The generation being written, once known. */
  readonly generation?: number;
  /** The last committed position; undefined before the first event. */
  readonly checkpoint?: LogPosition;
  /** The end of `$all` when the status was taken. */
  readonly head: LogPosition;
  /** Events (system events excluded) after the checkpoint up to the head. */
  readonly eventsBehind: number;
  /** False when `eventsBehind` is an estimate (a long way behind). */
  readonly eventsBehindExact: boolean;
  /** Now minus the recorded time of the oldest event not yet applied; 0 when caught up. */
  readonly secondsBehind: number;
  readonly caughtUp: boolean;
  /** Events applied since this runner started. */
  readonly eventsApplied: number;
  readonly lastAppliedAt?: Date;
  /** The last failure, while the runner is retrying. */
  readonly lastError?: string;
  /** Events set aside in its generation; undefined when the read store could not be asked. */
  readonly quarantine?: QuarantineSummary;
  /** Events quarantined since this runner started. */
  readonly eventsQuarantined: number;
}

/**
 * Events quarantined in a row for an unknown reason, with nothing applied in between, before the
 * runner stops quarantining: when every event fails, the projection is what is broken, and setting
 * the whole log aside (or switching a rebuild to an empty generation) would be worse than retrying.
 */
const MAX_UNKNOWN_QUARANTINES_IN_A_ROW = 3;

const DEFAULTS = { batchSize: 500, idleFlushMs: 10, retryDelayMs: 1_000, exactLagLimit: 10_000, maxAttemptsPerEvent: 5 };

/** The generation a live runner was writing to is no longer the active one. */
class GenerationSwitchedError extends Error {
  constructor(readonly from: number, readonly to: number) {
    super(`The active read-store generation changed from ${from} to ${to}`);
  }
}

/** One subscription's worth of state; a restart begins a new one. */
interface Run {
  readonly generation: Generation;
  subscription?: AllStreamSubscription;
  pending: AllStreamDelivery[];
  /** Batches apply one after another, in order; this is the last one queued. */
  applying: Promise<void>;
  idleTimer?: NodeJS.Timeout;
  /** The head of `$all` when the run subscribed; reaching it flushes at once. */
  readonly initialHead: LogPosition;
  reachedInitialHead: boolean;
  failed?: unknown;
  fail(error: unknown): void;
  readonly failure: Promise<never>;
}

export class ProjectionRunner {
  private readonly logger: Logger;
  private readonly options: typeof DEFAULTS & { readonly generation: GenerationTarget };
  private readonly listeners = new Set<CommittedListener>();
  private state: ProjectionRunnerState = 'stopped';
  private run?: Run;
  private supervision?: Promise<void>;
  private stopRequested = false;
  private wakeUp?: AbortController;
  private checkpoint?: LogPosition;
  private generation?: Generation;
  private eventsApplied = 0;
  private lastAppliedAt?: Date;
  private lastError?: string;
  private consecutiveFailures = 0;
  private eventsQuarantined = 0;
  /** The event that last failed alone for an unknown reason, and how many times in a row. */
  private failingEvent?: { readonly position: LogPosition; attempts: number };
  private unknownQuarantinesInARow = 0;

  constructor(
    private readonly eventStore: EventStore,
    private readonly readStore: ReadStore,
    readonly projection: Projection,
    options: ProjectionRunnerOptions = {},
  ) {
    this.options = { ...DEFAULTS, generation: 'active', ...stripUndefined(options) };
    this.logger = new Logger(`Projection ${projection.name}`);
  }

  /**
   * Subscribes from the stored checkpoint; resolves once the first subscription is open, or once
   * the first attempt has failed (it then keeps retrying in the background: see `status()`).
   */
  async start(): Promise<void> {
    if (this.supervision) return;
    this.stopRequested = false;
    let started!: () => void;
    const firstRun = new Promise<void>((resolve) => (started = resolve));
    this.supervision = this.supervise(started);
    await Promise.race([firstRun, this.supervision]);
  }

  /** Stops delivery; when it resolves, no batch is being applied and none will be. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    this.wakeUp?.abort();
    await this.stopRun();
    await this.supervision;
    this.supervision = undefined;
    this.state = 'stopped';
  }

  /** Called after every committed batch; returns the function that unsubscribes. Listener errors are logged, never thrown. */
  onCommitted(listener: CommittedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Where the projection stands against the head of `$all`, for health queries and rebuild progress. */
  async status(): Promise<ProjectionStatus> {
    const head = await this.eventStore.logHead();
    const checkpoint = this.checkpoint ?? (this.state === 'stopped' ? await this.storedCheckpoint() : undefined);
    const behind = await countEventsBehind(this.eventStore, checkpoint, head, this.options.exactLagLimit);
    const secondsBehind = behind.events > 0 && behind.oldestRecordedAt ? Math.max(0, (Date.now() - behind.oldestRecordedAt.getTime()) / 1000) : 0;
    return {
      projection: this.projection.name,
      state: this.state,
      generation: this.generation?.number,
      checkpoint,
      head,
      eventsBehind: behind.events,
      eventsBehindExact: behind.exact,
      secondsBehind,
      caughtUp: behind.events === 0,
      eventsApplied: this.eventsApplied,
      lastAppliedAt: this.lastAppliedAt,
      lastError: this.state === 'retrying' ? this.lastError : undefined,
      quarantine: await this.quarantineSummary(),
      eventsQuarantined: this.eventsQuarantined,
    };
  }

  /** Events applied and quarantined since start, the last committed position and failures in a row (cheap: no round trip). */
  progress(): {
    readonly eventsApplied: number;
    readonly eventsQuarantined: number;
    readonly checkpoint?: LogPosition;
    readonly consecutiveFailures: number;
    readonly lastError?: string;
  } {
    return {
      eventsApplied: this.eventsApplied,
      eventsQuarantined: this.eventsQuarantined,
      checkpoint: this.checkpoint,
      consecutiveFailures: this.consecutiveFailures,
      lastError: this.lastError,
    };
  }

  /** Whether no event (system events aside) lies beyond the checkpoint: reads at most one event. */
  async isCaughtUp(): Promise<boolean> {
    const head = await this.eventStore.logHead();
    return (await countEventsBehind(this.eventStore, this.checkpoint, head, 1)).events === 0;
  }

  private async supervise(started: () => void): Promise<void> {
    while (!this.stopRequested) {
      try {
        await this.runOnce(started);
      } catch (error) {
        started();
        if (this.stopRequested) break;
        if (error instanceof GenerationSwitchedError) {
          this.logger.log(`${error.message}: continuing from that generation's checkpoint`);
          continue;
        }
        this.consecutiveFailures++;
        if (error instanceof GenerationGoneError && this.options.generation !== 'active') {
          // A rebuild's generation was discarded: there is nothing left to write to.
          this.lastError = describe(error);
          break;
        }
        this.state = 'retrying';
        this.lastError = describe(error);
        this.logger.error(`Failed, resubscribing from the checkpoint in ${this.options.retryDelayMs} ms: ${this.lastError}`);
        this.wakeUp = new AbortController();
        await sleep(this.options.retryDelayMs, undefined, { signal: this.wakeUp.signal }).catch(() => undefined);
      }
    }
    this.state = 'stopped';
  }

  /** One subscription, from the checkpoint until it fails or is stopped. */
  private async runOnce(started: () => void): Promise<void> {
    const { generation, checkpoint } = await this.readStore.transaction(
      async (trx, generation) => {
        // The row exists before the first batch, so every batch can lock it (see commit).
        await ensureCheckpoint(trx, this.projection.name);
        return { generation, checkpoint: await readCheckpoint(trx, this.projection.name) };
      },
      { generation: this.options.generation },
    );
    const initialHead = await this.eventStore.logHead();
    if (this.stopRequested) return;
    this.generation = generation;
    this.checkpoint = checkpoint;
    let fail!: (error: unknown) => void;
    const failure = new Promise<never>((_, reject) => (fail = reject));
    failure.catch(() => undefined);
    const run: Run = {
      generation,
      pending: [],
      applying: Promise.resolve(),
      initialHead,
      reachedInitialHead: !!checkpoint && checkpoint.commit >= initialHead.commit,
      fail: (error) => {
        run.failed ??= error;
        fail(error);
      },
      failure,
    };
    this.run = run;
    run.subscription = this.eventStore.subscribeToAll(
      { fromPosition: checkpoint, onUnreadable: (event) => this.receive(run, event) },
      (event) => this.receive(run, event),
    );
    this.state = 'running';
    started();
    try {
      await Promise.race([run.subscription.finished, run.failure]);
    } finally {
      await this.stopRun(run);
    }
    if (run.failed) throw run.failed;
  }

  private async stopRun(run = this.run): Promise<void> {
    if (!run) return;
    clearTimeout(run.idleTimer);
    await run.subscription?.stop();
    // Let the batch in flight finish (or fail); what is still pending is delivered again next time.
    await run.applying.catch(() => undefined);
    run.pending = [];
    if (this.run === run) this.run = undefined;
  }

  /** The subscription's handler: it is awaited, so events arrive one at a time and in order. */
  private async receive(run: Run, event: AllStreamDelivery): Promise<void> {
    if (run.failed) throw run.failed;
    const last = run.pending.at(-1)?.position ?? this.checkpoint;
    if (last && !isAfter(event.position, last)) return;
    run.pending.push(event);
    clearTimeout(run.idleTimer);
    const atInitialHead = !run.reachedInitialHead && event.position.commit >= run.initialHead.commit;
    if (atInitialHead) run.reachedInitialHead = true;
    if (run.pending.length >= this.options.batchSize || atInitialHead) {
      await this.flush(run);
      if (run.failed) throw run.failed;
    } else {
      run.idleTimer = setTimeout(() => void this.flush(run), this.options.idleFlushMs);
    }
  }

  /** Queues the pending events as one batch behind any batch in flight. */
  private flush(run: Run): Promise<void> {
    run.applying = run.applying.then(async () => {
      if (run.failed || run.pending.length === 0) return;
      const batch = run.pending;
      run.pending = [];
      try {
        await this.applyBatch(run, batch);
      } catch (error) {
        run.fail(error);
      }
    });
    return run.applying;
  }

  /** Commits the batch; when it fails for another reason than a transient one, event by event, to find the one at fault. */
  private async applyBatch(run: Run, batch: readonly AllStreamDelivery[]): Promise<void> {
    if (batch.length > 1) {
      try {
        return await this.commit(run, batch);
      } catch (error) {
        if (!mayBlameAnEvent(error)) throw error;
      }
    }
    for (const delivery of batch) await this.applyAlone(run, delivery);
  }

  private async applyAlone(run: Run, delivery: AllStreamDelivery): Promise<void> {
    try {
      await this.commit(run, [delivery]);
    } catch (error) {
      if (!mayBlameAnEvent(error)) throw error;
      const attempts = this.countFailure(delivery.position);
      const unknown = classifyFailure(error) === 'unknown';
      // An unknown reason may be passing: the runner waits and tries again, a bounded number of times.
      if (unknown && attempts < this.options.maxAttemptsPerEvent) throw error;
      if (unknown && this.unknownQuarantinesInARow >= MAX_UNKNOWN_QUARANTINES_IN_A_ROW) {
        if (attempts === this.options.maxAttemptsPerEvent) {
          this.logger.error(`${MAX_UNKNOWN_QUARANTINES_IN_A_ROW} events in a row failed for an unknown reason and nothing applied: the projection itself looks broken, so it retries instead of quarantining`);
        }
        throw error;
      }
      await this.commit(run, [delivery], { error, attempts });
      this.failingEvent = undefined;
      if (unknown) this.unknownQuarantinesInARow++;
    }
  }

  private countFailure(position: LogPosition): number {
    const failing = this.failingEvent;
    if (failing && failing.position.commit === position.commit && failing.position.prepare === position.prepare) return ++failing.attempts;
    this.failingEvent = { position, attempts: 1 };
    return 1;
  }

  /**
   * One transaction: applies the readable events, quarantines the unreadable ones (or, given a
   * failure, the one event it names), and moves the checkpoint past all of them.
   */
  private async commit(run: Run, batch: readonly AllStreamDelivery[], failure?: { readonly error: unknown; readonly attempts: number }): Promise<void> {
    const committed = await this.readStore.transaction(
      async (trx, generation) => {
        if (generation.number !== run.generation.number) throw new GenerationSwitchedError(run.generation.number, generation.number);
        // Locked, so a second runner of this projection (another process) waits here and then skips what this one applied.
        const stored = await readCheckpoint(trx, this.projection.name, { lock: true });
        const fresh = stored ? batch.filter((event) => isAfter(event.position, stored)) : batch;
        if (fresh.length === 0) return undefined;
        const quarantined = failure ? fresh.map((event) => ({ event, error: failure.error })) : fresh.filter(isUnreadable).map((event) => ({ event, error: event.unreadable }));
        const applicable = failure ? [] : fresh.filter((event): event is RecordedAllStreamEvent => !isUnreadable(event));
        const touched = applicable.length > 0 ? ((await this.projection.apply(trx, applicable)) ?? []) : [];
        for (const { event, error } of quarantined) await quarantineEvent(trx, this.projection.name, event, error, failure?.attempts);
        const position = fresh[fresh.length - 1].position;
        await storeCheckpoint(trx, this.projection.name, position);
        const result = { events: applicable.length, quarantined, position, touched: [...new Set(touched)], generation: generation.number };
        // Only the live projection tells the API: a rebuild's generation is nobody's to watch yet.
        if (this.readStore.kind === 'postgres' && this.options.generation === 'active' && result.touched.length > 0) {
          await notifyCommitted(trx, { projection: this.projection.name, touched: result.touched, generation: result.generation });
        }
        return result;
      },
      { generation: this.options.generation === 'active' ? 'active' : run.generation },
    );
    const last = batch[batch.length - 1].position;
    if (!this.checkpoint || isAfter(last, this.checkpoint)) this.checkpoint = committed?.position ?? last;
    if (!committed) return;
    // Only a batch that commits ends a run of failures; resubscribing alone does not.
    this.consecutiveFailures = 0;
    this.lastError = undefined;
    this.eventsApplied += committed.events;
    this.eventsQuarantined += committed.quarantined.length;
    if (committed.events > 0) this.unknownQuarantinesInARow = 0;
    for (const { event, error } of committed.quarantined) {
      this.logger.warn(
        `Quarantined ${printable(event.type)} ${event.id} of ${printable(event.streamName)} at ${event.position.commit}/${event.position.prepare}, ` +
          `moving on: ${failureCode(error)}: ${printable(failureMessage(error))}`,
      );
    }
    this.lastAppliedAt = new Date();
    if (committed.events === 0) return;
    this.notify({ projection: this.projection.name, generation: committed.generation, events: committed.events, checkpoint: committed.position, touched: committed.touched });
  }

  private notify(batch: CommittedBatch): void {
    for (const listener of this.listeners) {
      try {
        listener(batch);
      } catch (error) {
        this.logger.error(`A committed-batch listener failed: ${describe(error)}`);
      }
    }
  }

  private quarantineSummary(): Promise<QuarantineSummary | undefined> {
    return this.readStore
      .transaction((trx) => summarizeQuarantine(trx, this.projection.name), { generation: this.options.generation })
      .catch(() => undefined);
  }

  private storedCheckpoint(): Promise<LogPosition | undefined> {
    return this.readStore
      .transaction((trx) => readCheckpoint(trx, this.projection.name), { generation: this.options.generation })
      .catch(() => undefined);
  }
}

/**
 * Whether a failed batch may be the fault of one of its events: not when the database or the store
 * is away, nor when the generation changed; those are retried whole.
 */
function mayBlameAnEvent(error: unknown): boolean {
  if (error instanceof GenerationSwitchedError || error instanceof GenerationGoneError) return false;
  return classifyFailure(error) !== 'transient';
}

function stripUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
