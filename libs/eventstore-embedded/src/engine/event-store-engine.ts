/**
 * The store's rules, over the durable log and its in-memory index: EventStoreDB's semantics for
 * expected revisions, idempotent appends, soft delete, tombstones, stream metadata and reads.
 *
 * Invariants it must never break:
 * - an append resolves only after its transaction is fsynced, and readers never see anything that is not;
 * - decisions (expected revision, idempotency, deletion) are taken against everything already accepted,
 *   durable or still in flight, so two concurrent appends with the same expectation cannot both win;
 * - events enter the index, and reach subscribers, in log order.
 */
import { EventLog, type OpenedEventLog } from '../storage/event-log';
import { type IndexSnapshot, readIndexSnapshot, writeIndexSnapshot } from '../storage/index-snapshot';
import { type LogRecord, StorageError } from '../storage/log-record';
import {
  InvalidArgumentError,
  MaximumAppendSizeExceededError,
  RequiredMetadataPropertyMissingError,
  StoreUnavailableError,
  StreamDeletedError,
  WrongExpectedVersionError,
} from './engine-errors';
import type { EventFilter } from './event-filter';
import type { ExpectedRevision } from './expected-revision';
import {
  type AppendResult,
  LINK_EVENT_TYPE,
  METADATA_EVENT_TYPE,
  type ProposedEvent,
  type ReadDirection,
  type RecordedEvent,
  TOMBSTONE_EVENT_TYPE,
} from './recorded-event';
import { DEFAULT_SETTINGS, SETTINGS_STREAM } from './stream-access';
import { StreamIndex, TOMBSTONE_REVISION_MARKER, type StreamEntry } from './stream-index';
import {
  DELETED_STREAM_REVISION,
  EMPTY_METADATA,
  isMetadataStream,
  isSoftDeleted,
  metadataStreamOf,
  parseStreamMetadata,
  serializeStreamMetadata,
  streamOfMetadataStream,
  type StreamMetadata,
} from './stream-metadata';

export interface EngineOptions {
  dataDir: string;
  /** EventStoreDB's default is 1 MiB of data and metadata per append. */
  maxAppendSize?: number;
  /** Save the index after this many new events, so a restart only re-reads the log's tail. */
  snapshotEvery?: number;
  /** How many recent event ids are remembered for idempotent appends with `any` (EventStoreDB is best-effort here too). */
  recentEventIds?: number;
  now?: () => number;
  log?: (message: string) => void;
}

/** How the index was rebuilt at start-up: restart cost should track the log's tail, not its size. */
export interface StartupReport {
  eventsFromSnapshot: number;
  eventsReplayedFromLog: number;
}

export type StreamReadFrom = 'start' | 'end' | bigint;
export type AllReadFrom = 'start' | 'end' | bigint;

export type SystemEvent = Pick<LogRecord, 'streamName' | 'type' | 'contentType' | 'data' | 'metadata'>;

export type StreamRead = { found: false } | { found: true; events: Iterable<RecordedEvent> };

interface StreamWriteState {
  nextRevision: number;
  tombstoned: boolean;
}

interface RecentEventId {
  streamName: string;
  revision: number;
  position: bigint;
  /** Its slot in the ring of remembered ids: eviction removes it only if no later write of the same id took its place. */
  slot: number;
}

const TICKS_PER_MILLISECOND = 10_000n;
const JSON_CONTENT_TYPE = 'application/json';
const BINARY_CONTENT_TYPE = 'application/octet-stream';
const READ_BLOCK_RECORDS = 512;

export class EventStoreEngine {
  private readonly writeStates = new Map<string, StreamWriteState>();
  private readonly metadataCache = new Map<string, StreamMetadata>();
  private readonly recentIds = new Map<string, RecentEventId>();
  readonly maxAppendSize: number;
  private readonly snapshotEvery: number;
  /**
   * Remembered ids, oldest first out, in a ring. Not the Map's own insertion order: deleting a Map's
   * first key leaves a hole that every later `keys().next()` walks over until the table is rebuilt,
   * which made each append past the capacity cost tens of microseconds per event.
   */
  private readonly recentIdRing: (string | undefined)[];
  private recentIdCursor = 0;
  private readonly now: () => number;
  /** End of the last transaction that is both durable and indexed: what readers may see. */
  private indexedEnd: bigint;
  private snapshotCount: number;
  private snapshotting: Promise<void> | undefined;
  private failure: Error | undefined;
  private closed = false;
  private commitSignal = createSignal();

  private constructor(
    private readonly options: EngineOptions,
    private readonly log: EventLog,
    private readonly index: StreamIndex,
    readonly startup: StartupReport,
  ) {
    this.maxAppendSize = options.maxAppendSize ?? 1024 * 1024;
    this.snapshotEvery = options.snapshotEvery ?? 100_000;
    this.recentIdRing = new Array<string | undefined>(Math.max(1, options.recentEventIds ?? 100_000)).fill(undefined);
    this.now = options.now ?? Date.now;
    this.indexedEnd = log.durablePosition;
    this.snapshotCount = index.count;
  }

  static async open(options: EngineOptions): Promise<EventStoreEngine> {
    const snapshot = readIndexSnapshot(options.dataDir, {
      onRejected: (reason) => options.log?.(`index snapshot not used (${reason}): rebuilding the index from the whole event log`),
    });
    const fromSnapshot = snapshot && (await openFromSnapshot(options, snapshot));
    const { log, recovered, index } = fromSnapshot ?? { index: new StreamIndex(), ...(await EventLog.open(options.dataDir, { log: options.log })) };
    const eventsFromSnapshot = index.count;
    for (const record of recovered) index.add(record.streamName, indexRevisionOf(record), Number(record.position));
    const engine = new EventStoreEngine(options, log, index, { eventsFromSnapshot, eventsReplayedFromLog: recovered.length });
    if (snapshot && !fromSnapshot) {
      options.log?.(`index rebuilt from the event log: ${index.count} events (the discarded snapshot listed ${snapshot.count})`);
      // Replace the discarded snapshot now: left in place, it could match a longer log by chance later.
      await writeIndexSnapshot(options.dataDir, index.toSnapshot(engine.indexedEnd)).then(
        () => (engine.snapshotCount = index.count),
        (error: Error) => options.log?.(`index snapshot failed, the discarded one stays until the next: ${error.message}`),
      );
    }
    if (index.count === 0) await engine.writeInitialSettings();
    return engine;
  }

  get headPosition(): bigint | undefined {
    return this.index.count === 0 ? undefined : BigInt(this.index.positionAt(this.index.count - 1));
  }

  get eventCount(): number {
    return this.index.count;
  }

  /** Resolves at the next commit (or when the engine closes); every waiter shares one promise. */
  nextCommit(): Promise<void> {
    return this.commitSignal.promise;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async append(streamName: string, expected: ExpectedRevision, events: ProposedEvent[]): Promise<AppendResult> {
    this.assertWritable();
    validateStreamName(streamName);
    events = events.map(validateProposedEvent);
    const size = events.reduce((total, event) => total + event.data.length + event.metadata.length, 0);
    if (size > this.maxAppendSize) throw new MaximumAppendSizeExceededError(this.maxAppendSize);

    const target = isMetadataStream(streamName) ? streamOfMetadataStream(streamName) : undefined;
    if (target !== undefined && this.writeState(target).tombstoned) throw new StreamDeletedError(target);
    const state = this.writeState(streamName);
    if (state.tombstoned) throw new StreamDeletedError(streamName);
    const metadata = this.metadataOf(streamName);
    const softDeleted = isSoftDeleted(metadata);

    const idempotent = this.checkExpected(streamName, state, softDeleted, expected, events);
    if (idempotent) return idempotent;
    if (events.length === 0) {
      const revision = state.nextRevision - 1;
      return { revision: revision < 0 ? undefined : BigInt(revision), position: undefined };
    }

    const created = this.createdTicks();
    const firstRevision = state.nextRevision;
    // Spelled out rather than spread: one object shape for every record keeps the hot path monomorphic.
    const records: LogRecord[] = events.map((event, offset) => ({
      id: event.id,
      streamName,
      revision: BigInt(firstRevision + offset),
      type: event.type,
      contentType: event.contentType,
      created,
      data: event.data,
      metadata: event.metadata,
    }));
    if (softDeleted) {
      // Writing to a soft-deleted stream brings it back: its history stays hidden behind $tb.
      records.push(this.metadataRecord(streamName, metadata, BigInt(firstRevision), created));
    }
    const positions = await this.commit(records);
    return { revision: BigInt(firstRevision + events.length - 1), position: positions[events.length - 1] };
  }

  /**
   * The store's own writes (system projections): one atomic transaction over any streams, each event
   * at its stream's next revision, without expectations. A tombstoned stream still refuses them.
   */
  async appendSystemTransaction(events: readonly SystemEvent[]): Promise<bigint[]> {
    this.assertWritable();
    const created = this.createdTicks();
    const nextRevisions = new Map<string, number>();
    const records: LogRecord[] = events.map((event) => {
      const state = this.writeState(event.streamName);
      if (state.tombstoned) throw new StreamDeletedError(event.streamName);
      const revision = nextRevisions.get(event.streamName) ?? state.nextRevision;
      nextRevisions.set(event.streamName, revision + 1);
      return { id: crypto.randomUUID(), revision: BigInt(revision), created, ...event };
    });
    return this.commit(records);
  }

  /** Soft delete: the stream reads as not found, and may be written again with its revisions continuing. */
  async deleteStream(streamName: string, expected: ExpectedRevision): Promise<bigint> {
    this.assertWritable();
    validateStreamName(streamName);
    const state = this.writeState(streamName);
    if (state.tombstoned) throw new StreamDeletedError(streamName);
    this.checkExpected(streamName, state, isSoftDeleted(this.metadataOf(streamName)), expected, []);
    const record = this.metadataRecord(streamName, this.metadataOf(streamName), DELETED_STREAM_REVISION, this.createdTicks());
    const [position] = await this.commit([record]);
    return position;
  }

  /** Hard delete: a `$streamDeleted` tombstone; every later write or read of the stream fails. */
  async tombstoneStream(streamName: string, expected: ExpectedRevision): Promise<bigint> {
    this.assertWritable();
    validateStreamName(streamName);
    const state = this.writeState(streamName);
    if (state.tombstoned) throw new StreamDeletedError(streamName);
    this.checkExpected(streamName, state, isSoftDeleted(this.metadataOf(streamName)), expected, []);
    state.tombstoned = true;
    const [position] = await this.commit([
      {
        id: crypto.randomUUID(),
        streamName,
        revision: DELETED_STREAM_REVISION,
        type: TOMBSTONE_EVENT_TYPE,
        contentType: BINARY_CONTENT_TYPE,
        created: this.createdTicks(),
        data: new Uint8Array(0),
        metadata: new Uint8Array(0),
      },
    ]);
    return position;
  }

  readStream(streamName: string, from: StreamReadFrom, direction: ReadDirection, maxCount: number): StreamRead {
    const entry = this.index.stream(streamName);
    if (entry?.tombstonePosition !== undefined) throw new StreamDeletedError(streamName);
    if (!entry || entry.positions.length === 0) return { found: false };
    const metadata = this.metadataOf(streamName);
    if (isSoftDeleted(metadata)) return { found: false };
    return { found: true, events: this.streamEvents(entry, metadata, from, direction, maxCount) };
  }

  /** Durable events of a stream after `afterRevision` (exclusive), honouring its metadata; for subscriptions. */
  readStreamAfter(streamName: string, afterRevision: number, limit: number): RecordedEvent[] {
    const entry = this.index.stream(streamName);
    if (entry?.tombstonePosition !== undefined) throw new StreamDeletedError(streamName);
    if (!entry) return [];
    const metadata = this.metadataOf(streamName);
    if (isSoftDeleted(metadata)) return [];
    return [...this.streamEvents(entry, metadata, BigInt(afterRevision + 1), 'forwards', limit)];
  }

  lastStreamRevision(streamName: string): number {
    return (this.index.stream(streamName)?.positions.length ?? 0) - 1;
  }

  *readAll(from: AllReadFrom, direction: ReadDirection, maxCount: number, filter?: EventFilter): Iterable<RecordedEvent> {
    let remaining = maxCount;
    if (direction === 'forwards') {
      let index = from === 'start' ? 0 : from === 'end' ? this.index.count : this.index.firstIndexAtOrAfter(Number(from));
      while (remaining > 0) {
        const block = this.readBlock(index, READ_BLOCK_RECORDS);
        if (block.length === 0) return;
        index += block.length;
        for (const record of block) {
          if (filter && !filter.matches(record.streamName, record.type)) continue;
          yield record;
          if (--remaining === 0) return;
        }
      }
      return;
    }
    let index = from === 'end' ? this.index.count : this.index.firstIndexAtOrAfter(from === 'start' ? 0 : Number(from));
    while (remaining > 0 && --index >= 0) {
      const record = this.log.readAt(BigInt(this.index.positionAt(index)));
      if (filter && !filter.matches(record.streamName, record.type)) continue;
      yield record;
      remaining--;
    }
  }

  /** Durable events of `$all` strictly after `afterPosition`, in blocks; for subscriptions. */
  readAllAfter(afterPosition: bigint | undefined, limit: number): RecordedEvent[] {
    return this.readBlock(afterPosition === undefined ? 0 : this.index.firstIndexAtOrAfter(Number(afterPosition) + 1), limit);
  }

  /** Up to `limit` indexed events of `$all` from the `index`-th on, read sequentially from the log. */
  private readBlock(index: number, limit: number): RecordedEvent[] {
    if (index >= this.index.count) return [];
    return this.log.readForward(BigInt(this.index.positionAt(index)), limit, this.indexedEnd);
  }

  /** The event a `$>` link points to, or undefined when it cannot be resolved (deleted, truncated, malformed). */
  resolveLink(link: RecordedEvent): RecordedEvent | undefined {
    if (link.type !== LINK_EVENT_TYPE) return undefined;
    const target = /^(\d+)@(.+)$/s.exec(Buffer.from(link.data).toString('utf8'));
    if (!target) return undefined;
    const revision = Number(target[1]);
    const entry = this.index.stream(target[2]);
    if (!entry || entry.tombstonePosition !== undefined) return undefined;
    const position = entry.positions[revision];
    if (position === undefined || revision < this.lowestReadableRevision(entry, this.metadataOf(entry.name))) return undefined;
    return this.log.readAt(BigInt(position));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.commitSignal.resolve();
    await this.snapshotting;
    await this.log.close();
    if (!this.failure) await writeIndexSnapshot(this.options.dataDir, this.index.toSnapshot(this.indexedEnd));
  }

  private streamEvents(
    entry: StreamEntry,
    metadata: StreamMetadata,
    from: StreamReadFrom,
    direction: ReadDirection,
    maxCount: number,
  ): Iterable<RecordedEvent> {
    const last = entry.lastRevision;
    const lowest = this.lowestReadableRevision(entry, metadata);
    const oldestCreated =
      metadata.maxAgeSeconds === undefined ? undefined : BigInt(this.now() - metadata.maxAgeSeconds * 1000) * TICKS_PER_MILLISECOND;
    const log = this.log;
    const start =
      direction === 'forwards'
        ? from === 'start' ? lowest : from === 'end' ? last + 1 : Math.max(lowest, clampRevision(from))
        : from === 'end' ? last : from === 'start' ? Math.min(lowest, last) : Math.min(last, clampRevision(from));
    const step = direction === 'forwards' ? 1 : -1;
    return (function* () {
      let remaining = maxCount;
      for (let revision = start; remaining > 0 && revision >= lowest && revision <= last; revision += step) {
        const record = log.readAt(BigInt(entry.positions[revision]));
        if (oldestCreated !== undefined && record.created < oldestCreated) continue;
        yield record;
        remaining--;
      }
    })();
  }

  private lowestReadableRevision(entry: StreamEntry, metadata: StreamMetadata): number {
    const byTruncate = metadata.truncateBefore === undefined ? 0 : Number(metadata.truncateBefore);
    const byCount = metadata.maxCount === undefined ? 0 : entry.positions.length - metadata.maxCount;
    return Math.max(0, byTruncate, byCount);
  }

  /**
   * EventStoreDB's expected-revision rules. Returns the original result when the same events were already
   * written (an idempotent retry), throws WrongExpectedVersion, or returns undefined to go ahead and write.
   */
  private checkExpected(
    streamName: string,
    state: StreamWriteState,
    softDeleted: boolean,
    expected: ExpectedRevision,
    events: ProposedEvent[],
  ): AppendResult | undefined {
    const last = state.nextRevision - 1;
    const current = last < 0 ? undefined : BigInt(last);
    const conflict = () => new WrongExpectedVersionError(streamName, expected, current);
    switch (expected.kind) {
      case 'any':
        return this.alreadyAppended(streamName, events, undefined, conflict);
      case 'stream_exists':
        if (last < 0 || softDeleted) throw conflict();
        return this.alreadyAppended(streamName, events, undefined, conflict);
      case 'no_stream':
        if (last < 0 || softDeleted) return undefined;
        return this.requireAlreadyAppended(streamName, events, 0, conflict);
      case 'exact': {
        const revision = Number(expected.revision);
        if (revision === last) return undefined;
        if (revision > last) throw conflict();
        return this.requireAlreadyAppended(streamName, events, revision + 1, conflict);
      }
      default:
        return assertNever(expected);
    }
  }

  private requireAlreadyAppended(
    streamName: string,
    events: ProposedEvent[],
    firstRevision: number,
    conflict: () => WrongExpectedVersionError,
  ): AppendResult {
    const result = this.alreadyAppended(streamName, events, firstRevision, conflict);
    if (!result) throw conflict();
    return result;
  }

  /**
   * Were exactly these events (same ids, same order) already written to this stream, starting at
   * `firstRevision` (or anywhere, when undefined)? Partly matching is corrupted idempotency: a conflict.
   */
  private alreadyAppended(
    streamName: string,
    events: ProposedEvent[],
    firstRevision: number | undefined,
    conflict: () => WrongExpectedVersionError,
  ): AppendResult | undefined {
    if (events.length === 0) return undefined;
    const first = this.recentIds.get(events[0].id);
    if (!first || first.streamName !== streamName) return undefined;
    if (firstRevision !== undefined && first.revision !== firstRevision) return undefined;
    let lastSeen = first;
    for (let offset = 1; offset < events.length; offset++) {
      const seen = this.recentIds.get(events[offset].id);
      if (!seen || seen.streamName !== streamName || seen.revision !== first.revision + offset) throw conflict();
      lastSeen = seen;
    }
    return { revision: BigInt(lastSeen.revision), position: lastSeen.position };
  }

  private async commit(records: LogRecord[]): Promise<bigint[]> {
    const { positions, durable } = this.log.append(records);
    const transactionEnd = this.log.writtenPosition;
    // An append's records come grouped by stream: look each stream's state up once, not per event.
    let state: StreamWriteState | undefined;
    let stateOf = '';
    let isMetadata = false;
    records.forEach((record, offset) => {
      if (record.revision === DELETED_STREAM_REVISION) return;
      if (record.streamName !== stateOf) {
        stateOf = record.streamName;
        state = this.writeState(stateOf);
        isMetadata = isMetadataStream(stateOf);
      }
      state!.nextRevision = Number(record.revision) + 1;
      if (isMetadata) this.metadataCache.set(streamOfMetadataStream(stateOf), parseStreamMetadata(record.data));
      this.rememberId(record, positions[offset]);
    });
    try {
      await durable;
    } catch (error) {
      this.failure = error as Error;
      this.commitSignal.resolve();
      throw new StoreUnavailableError(`The event log can no longer be written: ${(error as Error).message}`);
    }
    this.indexTransaction(records, positions, transactionEnd);
    return positions;
  }

  /** Runs in durable order: the log resolves transactions in the order they were appended. */
  private indexTransaction(records: LogRecord[], positions: bigint[], transactionEnd: bigint): void {
    records.forEach((record, offset) => this.index.add(record.streamName, indexRevisionOf(record), Number(positions[offset])));
    this.indexedEnd = transactionEnd;
    const signal = this.commitSignal;
    this.commitSignal = createSignal();
    signal.resolve();
    this.snapshotIfDue();
  }

  private snapshotIfDue(): void {
    if (this.snapshotting || this.index.count - this.snapshotCount < this.snapshotEvery) return;
    const count = this.index.count;
    this.snapshotting = writeIndexSnapshot(this.options.dataDir, this.index.toSnapshot(this.indexedEnd))
      .then(() => {
        this.snapshotCount = count;
      })
      .catch((error: Error) => this.options.log?.(`index snapshot failed, the next restart re-reads more of the log: ${error.message}`))
      .finally(() => {
        this.snapshotting = undefined;
      });
  }

  /** A bounded memory, oldest first out, like EventStoreDB's cache of recent commits. */
  private rememberId(record: LogRecord, position: bigint): void {
    const slot = this.recentIdCursor;
    const evicted = this.recentIdRing[slot];
    if (evicted !== undefined && this.recentIds.get(evicted)?.slot === slot) this.recentIds.delete(evicted);
    this.recentIdRing[slot] = record.id;
    this.recentIdCursor = (slot + 1) % this.recentIdRing.length;
    this.recentIds.set(record.id, { streamName: record.streamName, revision: Number(record.revision), position, slot });
  }

  private writeState(streamName: string): StreamWriteState {
    let state = this.writeStates.get(streamName);
    if (!state) {
      const entry = this.index.stream(streamName);
      state = { nextRevision: entry?.positions.length ?? 0, tombstoned: entry?.tombstonePosition !== undefined };
      this.writeStates.set(streamName, state);
    }
    return state;
  }

  /** The stream's metadata as it stands, durable or still in flight (what the next decision is taken against). */
  metadataOf(streamName: string): StreamMetadata {
    if (isMetadataStream(streamName)) return EMPTY_METADATA;
    let metadata = this.metadataCache.get(streamName);
    if (!metadata) {
      const entry = this.index.stream(metadataStreamOf(streamName));
      const last = entry?.positions[entry.positions.length - 1];
      metadata = last === undefined ? EMPTY_METADATA : parseStreamMetadata(this.log.readAt(BigInt(last)).data);
      this.metadataCache.set(streamName, metadata);
    }
    return metadata;
  }

  private metadataRecord(streamName: string, current: StreamMetadata, truncateBefore: bigint, created: bigint): LogRecord {
    const metadataStream = metadataStreamOf(streamName);
    return {
      id: crypto.randomUUID(),
      streamName: metadataStream,
      revision: BigInt(this.writeState(metadataStream).nextRevision),
      type: METADATA_EVENT_TYPE,
      contentType: JSON_CONTENT_TYPE,
      created,
      data: serializeStreamMetadata(current.raw, truncateBefore),
      metadata: new Uint8Array(0),
    };
  }

  private async writeInitialSettings(): Promise<void> {
    await this.append(SETTINGS_STREAM, { kind: 'no_stream' }, [
      {
        id: crypto.randomUUID(),
        type: '$settings',
        contentType: JSON_CONTENT_TYPE,
        data: Buffer.from(JSON.stringify(DEFAULT_SETTINGS)),
        metadata: new Uint8Array(0),
      },
    ]);
  }

  private createdTicks(): bigint {
    return BigInt(this.now()) * TICKS_PER_MILLISECOND;
  }

  private assertWritable(): void {
    if (this.failure) throw new StoreUnavailableError(`The event store failed and must be restarted: ${this.failure.message}`);
    if (this.closed) throw new StoreUnavailableError('The event store is shutting down.');
  }
}

/**
 * Opens the log after the snapshot's end, or returns undefined (with the log closed again) when the
 * snapshot does not belong to this log: it points past its end or into a record (a log restored
 * from an older backup, or truncated by hand), or its last event is not where it says. Damage to the
 * log itself (STORAGE.CORRUPTED) still stops the open.
 */
async function openFromSnapshot(options: EngineOptions, snapshot: IndexSnapshot): Promise<(OpenedEventLog & { index: StreamIndex }) | undefined> {
  const discard = (why: string) =>
    options.log?.(
      `index snapshot (${snapshot.count} events, log position ${snapshot.logPosition}) does not match the event log: ${why}. ` +
        'Discarding it and rebuilding the index from the whole log.',
    );
  let opened: OpenedEventLog;
  try {
    opened = await EventLog.open(options.dataDir, { fromPosition: snapshot.logPosition, log: options.log });
  } catch (error) {
    if (!(error instanceof StorageError && error.code === 'STORAGE.INVALID_POSITION')) throw error;
    discard(error.message);
    return undefined;
  }
  const index = StreamIndex.fromSnapshot(snapshot);
  const mismatch = lastEventMismatch(index, opened.log);
  if (mismatch) {
    discard(mismatch);
    await opened.log.close();
    return undefined;
  }
  return { ...opened, index };
}

/** One read: does the snapshot's last event sit in the log where the snapshot says, with its stream and revision? */
function lastEventMismatch(index: StreamIndex, log: EventLog): string | undefined {
  if (index.count === 0) return undefined;
  const last = index.count - 1;
  const position = index.positionAt(last);
  let record: LogRecord;
  try {
    record = log.readAt(BigInt(position));
  } catch (error) {
    return `no event reads back at its last event's position ${position} (${(error as Error).message})`;
  }
  const revision = index.revisionAt(last);
  if (record.streamName !== index.streamNameAt(last) || indexRevisionOf(record) !== revision) {
    return `its last event, ${revision}@${index.streamNameAt(last)} at position ${position}, is ${indexRevisionOf(record)}@${record.streamName} in the log`;
  }
  return undefined;
}

function indexRevisionOf(record: LogRecord): number {
  return record.revision === DELETED_STREAM_REVISION ? TOMBSTONE_REVISION_MARKER : Number(record.revision);
}

function clampRevision(revision: bigint): number {
  return revision > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(revision);
}

function validateStreamName(streamName: string): void {
  if (streamName.length === 0) throw new InvalidArgumentError('Stream name must not be empty.');
}

/**
 * Returns the event as the log stores it: its id in canonical (lower-case) form, and its content type
 * either JSON or binary. EventStoreDB keeps only an is-JSON flag: any content type other than exactly
 * `application/json` is stored, and read back, as `application/octet-stream`.
 */
function validateProposedEvent(event: ProposedEvent): ProposedEvent {
  if (!event.type) throw new RequiredMetadataPropertyMissingError('type');
  if (!event.contentType) throw new RequiredMetadataPropertyMissingError('content-type');
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(event.id)) {
    throw new InvalidArgumentError(`Event id '${event.id}' is not a UUID.`);
  }
  const contentType = event.contentType === JSON_CONTENT_TYPE ? JSON_CONTENT_TYPE : BINARY_CONTENT_TYPE;
  return { ...event, id: event.id.toLowerCase(), contentType };
}

function createSignal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

function assertNever(value: never): never {
  throw new Error(`Unexpected value ${JSON.stringify(value)}`);
}
