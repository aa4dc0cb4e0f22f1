/**
 * A full rebuild: the next read-store generation is built beside the live one, from the start of
 * `$all`, by a runner per projection; once every runner has caught up with the head of `$all`, the
 * generation becomes the active one and the old one is dropped. Queries answer from the old
 * generation until that moment, and from the complete new one after it. A live projector notices
 * the switch on its next batch and continues from the new generation's checkpoints.
 *
 * An event a projection cannot apply is quarantined in the new generation, as the live runner does,
 * and the rebuild carries on: the generation switches over with its quarantine, which replaces the
 * old generation's (the same events, unless a fix in between made some of them apply).
 *
 * Only one rebuild at a time per schema prefix: a new one discards any generation still building.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore, LogPosition } from '@hindsight/event-store';
import type { Generation, ReadStore } from '@hindsight/read-store';
import type { Projection, RebuildingProjection } from './projection';
import { ProjectionRunner } from './projection-runner';

/**
 * A rebuild gives up (and discards its generation) when a projection keeps failing: a transient
 * failure that does not pass. An event at fault is quarantined before this many failures (see
 * ProjectionRunnerOptions.maxAttemptsPerEvent), so it never ends a rebuild.
 */
const MAX_CONSECUTIVE_FAILURES = 5;
const MAX_ATTEMPTS_PER_EVENT = 3;

export interface RebuildProgress {
  readonly generation: number;
  /** Events applied so far by the slowest projection. */
  readonly eventsDone: number;
  /** The slowest projection's checkpoint (-1 before its first event). */
  readonly position: bigint;
  /** The end of `$all` when this progress was taken. */
  readonly head: bigint;
  /** position ÷ head, from 0 to 1: how far through the log, by bytes. */
  readonly fraction: number;
  readonly done: boolean;
}

export interface RebuildOptions {
  readonly projections: readonly Projection[];
  readonly onProgress?: (progress: RebuildProgress) => void;
  /** How often progress is reported and catch-up checked. Default 250 ms. */
  readonly progressIntervalMs?: number;
  readonly batchSize?: number;
  /** Aborting stops the rebuild and discards its generation; the live one is untouched. */
  readonly signal?: AbortSignal;
}

export interface RebuildResult {
  readonly generation: Generation;
  readonly events: number;
  /** Events quarantined in the new generation, over every projection. */
  readonly quarantined: number;
  readonly seconds: number;
}

export async function rebuildProjections(eventStore: EventStore, readStore: ReadStore, options: RebuildOptions): Promise<RebuildResult> {
  const startedAt = Date.now();
  for (const stale of await readStore.generations()) {
    if (stale.state === 'building') await readStore.discardGeneration(stale);
  }
  const generation = await readStore.createGeneration();
  const projections = options.projections.map((projection) => projection.forRebuild?.() ?? projection);
  const runners = projections.map(
    (projection) => new ProjectionRunner(eventStore, readStore, projection, { generation, batchSize: options.batchSize, retryDelayMs: 250, maxAttemptsPerEvent: MAX_ATTEMPTS_PER_EVENT }),
  );
  const report = (head: LogPosition, done: boolean) => options.onProgress?.(progressOf(generation, runners, head, done));
  try {
    await Promise.all(runners.map((runner) => runner.start()));
    for (;;) {
      options.signal?.throwIfAborted();
      const head = await eventStore.logHead();
      const positionsReached = runners.every((runner) => {
        const checkpoint = runner.progress().checkpoint;
        return head.commit < 0n || (checkpoint !== undefined && checkpoint.commit >= head.commit);
      });
      const failing = runners.find((runner) => runner.progress().consecutiveFailures >= MAX_CONSECUTIVE_FAILURES);
      if (failing) throw new Error(`Rebuilding ${failing.projection.name} failed ${MAX_CONSECUTIVE_FAILURES} times in a row: ${failing.progress().lastError}`);
      // Positions say "caught up" cheaply; when the log ends in system events only reading can say it.
      const caughtUp = positionsReached || (await Promise.all(runners.map((runner) => runner.isCaughtUp()))).every(Boolean);
      if (caughtUp) {
        await Promise.all(runners.map((runner) => runner.stop()));
        for (const projection of projections) {
          if (isRebuilding(projection)) {
            await projection.settle((work) => readStore.transaction((trx) => work(trx), { generation }));
          }
        }
        await readStore.activate(generation);
        report(head, true);
        break;
      }
      report(head, false);
      await sleep(options.progressIntervalMs ?? 250, undefined, { signal: options.signal }).catch(() => undefined);
    }
  } catch (error) {
    await Promise.all(runners.map((runner) => runner.stop()));
    await readStore.discardGeneration(generation).catch(() => undefined);
    throw error;
  }
  const events = Math.min(...runners.map((runner) => runner.progress().eventsApplied));
  const quarantined = runners.reduce((sum, runner) => sum + runner.progress().eventsQuarantined, 0);
  return { generation: { ...generation, state: 'active' }, events: Number.isFinite(events) ? events : 0, quarantined, seconds: (Date.now() - startedAt) / 1000 };
}

function isRebuilding(projection: Projection): projection is RebuildingProjection {
  return typeof (projection as Partial<RebuildingProjection>).settle === 'function';
}

function progressOf(generation: Generation, runners: readonly ProjectionRunner[], head: LogPosition, done: boolean): RebuildProgress {
  const progress = runners.map((runner) => runner.progress());
  const eventsDone = progress.length ? Math.min(...progress.map((entry) => entry.eventsApplied)) : 0;
  const position = progress.length ? progress.map((entry) => entry.checkpoint?.commit ?? -1n).reduce((a, b) => (b < a ? b : a)) : head.commit;
  const fraction = done || head.commit <= 0n ? 1 : Math.max(0, Math.min(1, Number((position * 10_000n) / head.commit) / 10_000));
  return { generation: generation.number, eventsDone, position, head: head.commit, fraction, done };
}
