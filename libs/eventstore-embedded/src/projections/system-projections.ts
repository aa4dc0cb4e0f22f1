/**
 * EventStoreDB's two system projections that clients read through `resolveLinkTos`:
 * - `$by_category` links each event of `<category>-<id>` into `$ce-<category>` (the category is the
 *   part before the first `-`; a stream without one is in no category);
 * - `$by_event_type` links each event into `$et-<type>`.
 * A link is a `$>` event whose data is `<revision>@<stream>`; reading with resolveLinkTos returns the
 * event it points to, or the bare link when that is gone (deleted, tombstoned, truncated).
 *
 * Like on a fresh EventStoreDB (whose standard projections do not start by themselves), both exist
 * and are stopped until enabled through the Projections service. Enabled, one catches up from the
 * start of the log (or from its checkpoint), then follows every commit. Events of system streams
 * (`$`-prefixed: metadata, settings, the links themselves) are not linked.
 *
 * State lives in the log, so it survives restarts: `$projections-<name>` holds `$ProjectionUpdated`
 * events (enabled or not), and each batch of links is written in one transaction with a
 * `$ProjectionCheckpoint` (in `$projections-<name>-checkpoint`) saying how far the projection has
 * read, so a crash can neither lose a link nor write one twice. Skipped events move no checkpoint:
 * the projection's own writes would otherwise wake it forever; after a restart it re-reads them.
 */
import { InvalidArgumentError } from '../engine/engine-errors';
import type { EventStoreEngine, SystemEvent } from '../engine/event-store-engine';
import { LINK_EVENT_TYPE, TOMBSTONE_EVENT_TYPE, type RecordedEvent } from '../engine/recorded-event';

export const SYSTEM_PROJECTION_NAMES = ['$by_category', '$by_event_type'] as const;
export type SystemProjectionName = (typeof SYSTEM_PROJECTION_NAMES)[number];

export interface SystemProjectionStatus {
  name: SystemProjectionName;
  enabled: boolean;
  /** `$all` position of the last event it has read, or undefined before its first. */
  position: bigint | undefined;
  eventsProcessedAfterRestart: number;
  /** Why it stopped by itself, if it did (e.g. a link stream was tombstoned). */
  faultedReason: string | undefined;
}

const BLOCK_SIZE = 512;
const JSON_CONTENT_TYPE = 'application/json';
const BINARY_CONTENT_TYPE = 'application/octet-stream';
const UPDATED_EVENT_TYPE = '$ProjectionUpdated';
const CHECKPOINT_EVENT_TYPE = '$ProjectionCheckpoint';

export function isSystemProjectionName(name: string): name is SystemProjectionName {
  return (SYSTEM_PROJECTION_NAMES as readonly string[]).includes(name);
}

interface Link {
  stream: string;
  /** `<revision>@<stream>` of the event linked to. */
  target: string;
}

/**
 * As EventStoreDB's handlers (CategorizeEventsByStreamPath, IndexEventsByEventType) decide, except
 * that system streams are never read and deletion markers never linked (see the README).
 */
function linkOf(name: SystemProjectionName, event: RecordedEvent): Link | undefined {
  if (event.streamName.startsWith('$') || event.type === TOMBSTONE_EVENT_TYPE) return undefined;
  const isLink = event.type === LINK_EVENT_TYPE;
  switch (name) {
    case '$by_category': {
      const separator = event.streamName.indexOf('-');
      if (separator <= 0) return undefined;
      // A link in a user stream is categorised as the event it points to.
      const target = isLink ? Buffer.from(event.data).toString('utf8') : `${event.revision}@${event.streamName}`;
      return { stream: `$ce-${event.streamName.slice(0, separator)}`, target };
    }
    case '$by_event_type':
      return isLink ? undefined : { stream: `$et-${event.type}`, target: `${event.revision}@${event.streamName}` };
    default:
      return assertNever(name);
  }
}

export class SystemProjections {
  private readonly projections: Map<SystemProjectionName, SystemProjection>;

  private constructor(engine: EventStoreEngine) {
    this.projections = new Map(SYSTEM_PROJECTION_NAMES.map((name) => [name, new SystemProjection(engine, name)]));
  }

  /** Resumes the projections that were enabled when the store last ran. */
  static start(engine: EventStoreEngine): SystemProjections {
    const projections = new SystemProjections(engine);
    for (const projection of projections.projections.values()) projection.resume();
    return projections;
  }

  get(name: SystemProjectionName): SystemProjection {
    return this.projections.get(name)!;
  }

  all(): SystemProjection[] {
    return [...this.projections.values()];
  }

  /** Waits for the batch each running projection is writing; they end when the engine closes. */
  async stop(): Promise<void> {
    await Promise.all(this.all().map((projection) => projection.stop()));
  }
}

export class SystemProjection {
  private running: Promise<void> | undefined;
  private stopRequested = false;
  /** Wakes a projection waiting for the next commit when it is told to stop. */
  private wakeToStop: () => void = () => undefined;
  private after: bigint | undefined;
  private processed = 0;
  private faultedReason: string | undefined;
  /** Its state streams hold an event it cannot read (anyone may append to them): it stays faulted, and the store still starts. */
  private readonly unreadableState: string | undefined;

  constructor(
    private readonly engine: EventStoreEngine,
    readonly name: SystemProjectionName,
  ) {
    try {
      this.after = this.lastCheckpoint();
    } catch (error) {
      this.unreadableState = this.faultedReason = (error as Error).message;
    }
  }

  get status(): SystemProjectionStatus {
    return {
      name: this.name,
      enabled: this.running !== undefined,
      position: this.after,
      eventsProcessedAfterRestart: this.processed,
      faultedReason: this.faultedReason,
    };
  }

  resume(): void {
    if (this.unreadableState) return;
    try {
      if (this.storedEnabled()) this.startRunning();
    } catch (error) {
      this.faultedReason = (error as Error).message;
    }
  }

  async enable(): Promise<void> {
    if (this.unreadableState) throw new InvalidArgumentError(this.unreadableState);
    if (!this.storedEnabled()) await this.storeEnabled(true);
    this.faultedReason = undefined;
    this.startRunning();
  }

  async disable(): Promise<void> {
    if (this.storedEnabled()) await this.storeEnabled(false);
    await this.stop();
  }

  async stop(): Promise<void> {
    this.stopRequested = true;
    this.wakeToStop();
    await this.running;
  }

  private startRunning(): void {
    if (this.running) return;
    this.stopRequested = false;
    this.running = this.run()
      .catch((error: Error) => {
        this.faultedReason = error.message;
      })
      .finally(() => {
        this.running = undefined;
      });
  }

  private async run(): Promise<void> {
    while (!this.stopRequested && !this.engine.isClosed) {
      const nextCommit = this.engine.nextCommit();
      const block = this.engine.readAllAfter(this.after, BLOCK_SIZE);
      if (block.length === 0) {
        await Promise.race([nextCommit, new Promise<void>((resolve) => (this.wakeToStop = resolve))]);
        continue;
      }
      const links: SystemEvent[] = [];
      for (const event of block) {
        const link = linkOf(this.name, event);
        if (link) links.push(linkEvent(event, link));
      }
      const last = block[block.length - 1].position;
      if (links.length > 0) {
        await this.engine.appendSystemTransaction([...links, this.checkpointEvent(last)]);
        this.processed += links.length;
      }
      this.after = last;
    }
  }

  private storedEnabled(): boolean {
    const stream = `$projections-${this.name}`;
    const state = this.lastJsonOf(stream);
    if (state === undefined) return false;
    const enabled = (state as { enabled?: unknown } | null)?.enabled;
    if (typeof enabled !== 'boolean') throw new InvalidArgumentError(`${this.name}: the last event of ${stream} says neither enabled nor disabled.`);
    return enabled;
  }

  private async storeEnabled(enabled: boolean): Promise<void> {
    await this.engine.appendSystemTransaction([jsonEvent(`$projections-${this.name}`, UPDATED_EVENT_TYPE, { enabled })]);
  }

  private lastCheckpoint(): bigint | undefined {
    const stream = `$projections-${this.name}-checkpoint`;
    const checkpoint = this.lastJsonOf(stream);
    if (checkpoint === undefined) return undefined;
    const position = (checkpoint as { position?: unknown } | null)?.position;
    if (typeof position !== 'string' || !/^\d+$/.test(position)) {
      throw new InvalidArgumentError(`${this.name}: the last event of ${stream} holds no position; it cannot tell what it has linked.`);
    }
    return BigInt(position);
  }

  private checkpointEvent(position: bigint): SystemEvent {
    return jsonEvent(`$projections-${this.name}-checkpoint`, CHECKPOINT_EVENT_TYPE, { position: position.toString() });
  }

  /** The last event of a state stream as JSON, undefined when there is none; throws when it is not JSON. */
  private lastJsonOf(streamName: string): unknown {
    const read = this.engine.readStream(streamName, 'end', 'backwards', 1);
    const last = read.found ? [...read.events][0] : undefined;
    if (!last) return undefined;
    try {
      return JSON.parse(Buffer.from(last.data).toString('utf8'));
    } catch {
      throw new InvalidArgumentError(`${this.name}: the last event of ${streamName} is not JSON.`);
    }
  }
}

/** A `$>` event, with the metadata EventStoreDB's projections put on theirs (the stream read, its position, the cause). */
function linkEvent(event: RecordedEvent, link: Link): SystemEvent {
  const position = event.position.toString();
  return {
    streamName: link.stream,
    type: LINK_EVENT_TYPE,
    contentType: BINARY_CONTENT_TYPE,
    data: Buffer.from(link.target, 'utf8'),
    metadata: Buffer.from(JSON.stringify({ $o: event.streamName, $c: position, $p: position, $causedBy: event.id }), 'utf8'),
  };
}

function jsonEvent(streamName: string, type: string, data: unknown): SystemEvent {
  return { streamName, type, contentType: JSON_CONTENT_TYPE, data: Buffer.from(JSON.stringify(data), 'utf8'), metadata: new Uint8Array(0) };
}

function assertNever(value: never): never {
  throw new Error(`Unexpected system projection ${JSON.stringify(value)}`);
}
