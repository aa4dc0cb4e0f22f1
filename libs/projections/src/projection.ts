/**
 * What a projection is to the runner: a name (its checkpoint's key) and a function that applies an
 * ordered batch of events inside the read-store transaction that also stores the checkpoint.
 */
import type { LogPosition, RecordedAllStreamEvent } from '@hindsight/event-store';
import type { ReadModelTransaction } from '@hindsight/read-store';

export interface Projection {
  /** Stored as the checkpoint's key: renaming a projection makes it start again from the beginning. */
  readonly name: string;
  /**
   * Applies `events` (in `$all` order, none at or before the checkpoint) through `trx` only. It must
   * give the same read models whatever the batches' sizes. It may return the keys it touched
   * (journey ids, say): they are passed to `onCommitted` listeners once the transaction has committed.
   */
  apply(trx: ReadModelTransaction, events: readonly RecordedAllStreamEvent[]): Promise<readonly string[] | void>;
  /**
   * A variant for rebuilds, if the projection has a faster one: a rebuild's generation is invisible
   * until it is switched on, so work that only matters to readers may wait until `settle`.
   */
  forRebuild?(): RebuildingProjection;
}

/** A projection that defers work while a rebuild catches up, and finishes it before the switch. */
export interface RebuildingProjection extends Projection {
  /** Brings the read models up to date with everything applied; called, in chunks, before the switch. */
  settle(readStoreTransaction: (work: (trx: ReadModelTransaction) => Promise<void>) => Promise<void>): Promise<void>;
}

/** Told after a batch and its checkpoint have committed: live updates can be pushed from here. */
export interface CommittedBatch {
  readonly projection: string;
  /** The read-store generation written to. */
  readonly generation: number;
  readonly events: number;
  readonly checkpoint: LogPosition;
  /** What the projection said it touched, without duplicates. */
  readonly touched: readonly string[];
}

export type CommittedListener = (batch: CommittedBatch) => void;

/** `a` comes after `b` in `$all`. */
export function isAfter(a: LogPosition, b: LogPosition): boolean {
  return a.commit > b.commit || (a.commit === b.commit && a.prepare > b.prepare);
}
