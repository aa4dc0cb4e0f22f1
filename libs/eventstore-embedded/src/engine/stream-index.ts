/**
 * The in-memory index over the durable log: where every event of `$all` and of each stream lives.
 * It only ever holds what is on disk (fsynced); pending appends are tracked by the engine.
 */
import type { IndexSnapshot } from '../storage/index-snapshot';

const INITIAL_CAPACITY = 1024;
export const TOMBSTONE_REVISION_MARKER = -1;

export class StreamEntry {
  /** Durable log positions, indexed by revision (revisions are contiguous from 0). */
  readonly positions: number[] = [];
  tombstonePosition: number | undefined;
  constructor(
    readonly id: number,
    readonly name: string,
  ) {}

  get lastRevision(): number {
    return this.positions.length - 1;
  }
}

export class StreamIndex {
  private readonly streams = new Map<string, StreamEntry>();
  private readonly streamsById: StreamEntry[] = [];
  private allPositions = new Float64Array(INITIAL_CAPACITY);
  private allStreamIds = new Uint32Array(INITIAL_CAPACITY);
  private allRevisions = new Float64Array(INITIAL_CAPACITY);
  private size = 0;

  get count(): number {
    return this.size;
  }

  stream(name: string): StreamEntry | undefined {
    return this.streams.get(name);
  }

  streamOrCreate(name: string): StreamEntry {
    let entry = this.streams.get(name);
    if (!entry) {
      entry = new StreamEntry(this.streamsById.length, name);
      this.streams.set(name, entry);
      this.streamsById.push(entry);
    }
    return entry;
  }

  /** Records must be added in log order. `revision` is TOMBSTONE_REVISION_MARKER for a tombstone. */
  add(streamName: string, revision: number, position: number): void {
    const entry = this.streamOrCreate(streamName);
    if (revision === TOMBSTONE_REVISION_MARKER) entry.tombstonePosition = position;
    else entry.positions[revision] = position;
    this.ensureCapacity(this.size + 1);
    this.allPositions[this.size] = position;
    this.allStreamIds[this.size] = entry.id;
    this.allRevisions[this.size] = revision;
    this.size += 1;
  }

  positionAt(index: number): number {
    return this.allPositions[index];
  }

  /** The revision of the `index`-th event of `$all` (TOMBSTONE_REVISION_MARKER for a tombstone). */
  revisionAt(index: number): number {
    return this.allRevisions[index];
  }

  streamNameAt(index: number): string {
    return this.streamsById[this.allStreamIds[index]].name;
  }

  /** Index of the first event at or after `position` (== count when none). */
  firstIndexAtOrAfter(position: number): number {
    let low = 0;
    let high = this.size;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.allPositions[middle] < position) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  toSnapshot(logPosition: bigint): IndexSnapshot {
    return {
      logPosition,
      streamNames: this.streamsById.map((entry) => entry.name),
      count: this.size,
      positions: this.allPositions,
      streamIds: this.allStreamIds,
      revisions: this.allRevisions,
    };
  }

  static fromSnapshot(snapshot: IndexSnapshot): StreamIndex {
    const index = new StreamIndex();
    const entries = snapshot.streamNames.map((name) => index.streamOrCreate(name));
    index.ensureCapacity(snapshot.count);
    for (let i = 0; i < snapshot.count; i++) {
      const entry = entries[snapshot.streamIds[i]];
      const revision = snapshot.revisions[i];
      const position = snapshot.positions[i];
      if (revision === TOMBSTONE_REVISION_MARKER) entry.tombstonePosition = position;
      else entry.positions[revision] = position;
    }
    index.allPositions.set(snapshot.positions.subarray(0, snapshot.count));
    index.allStreamIds.set(snapshot.streamIds.subarray(0, snapshot.count));
    index.allRevisions.set(snapshot.revisions.subarray(0, snapshot.count));
    index.size = snapshot.count;
    return index;
  }

  private ensureCapacity(wanted: number): void {
    if (wanted <= this.allPositions.length) return;
    let capacity = this.allPositions.length;
    while (capacity < wanted) capacity *= 2;
    this.allPositions = grow(this.allPositions, new Float64Array(capacity));
    this.allStreamIds = grow(this.allStreamIds, new Uint32Array(capacity));
    this.allRevisions = grow(this.allRevisions, new Float64Array(capacity));
  }
}

function grow<T extends Float64Array | Uint32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
