/**
 * Who may do what to a stream, by the rules EventStoreDB 23.10 applies with its default settings:
 * - an anonymous caller may do nothing to any stream (23.10 turned anonymous stream access off);
 * - a member of `$admins` may do everything;
 * - anyone else gets what the stream's `$acl` grants, operation by operation, and for an operation
 *   it does not name, what `$settings` grants: `$userStreamAcl` for user streams, `$systemStreamAcl`
 *   for system streams (a name starting with `$`, `$all` among them);
 * - a metadata stream `$$x` is read with x's `$mr` and written with x's `$mw`.
 * An ACL entry names a user, a group, or `$all` (every authenticated user).
 * It must never grant by default: what it cannot read falls back to EventStoreDB's own defaults.
 */
import { AccessDeniedError } from './engine-errors';
import {
  isMetadataStream,
  parseStreamAcl,
  streamOfMetadataStream,
  type StreamAcl,
  type StreamMetadata,
  type StreamOperation,
} from './stream-metadata';

/** What access decisions read from the store: the engine, seen from here without depending on it. */
export interface AccessFacts {
  metadataOf(streamName: string): StreamMetadata;
  lastStreamRevision(streamName: string): number;
  readStream(streamName: string, from: 'end', direction: 'backwards', maxCount: number): { found: false } | { found: true; events: Iterable<{ data: Uint8Array }> };
}

export interface Principal {
  readonly name: string;
  readonly groups: readonly string[];
}

/** What a call does to a stream; a metadata stream turns read and write into metadata read and write. */
export type StreamAction = 'read' | 'write' | 'delete';

export const SETTINGS_STREAM = '$settings';
export const ADMINS_GROUP = '$admins';
export const OPS_GROUP = '$ops';
const EVERY_USER = '$all';

interface DefaultAcls {
  readonly user: Required<StreamAcl>;
  readonly system: Required<StreamAcl>;
}

const EVERY_OPERATION: readonly StreamOperation[] = ['read', 'write', 'delete', 'metadataRead', 'metadataWrite'];
const grantAll = (roles: readonly string[]) => Object.fromEntries(EVERY_OPERATION.map((operation) => [operation, roles])) as Required<StreamAcl>;
const EVENTSTOREDB_DEFAULTS: DefaultAcls = { user: grantAll([EVERY_USER]), system: grantAll([ADMINS_GROUP]) };

/** The document a new store writes to `$settings`, as EventStoreDB does. */
export const DEFAULT_SETTINGS = {
  $userStreamAcl: { $r: EVERY_USER, $w: EVERY_USER, $d: EVERY_USER, $mr: EVERY_USER, $mw: EVERY_USER },
  $systemStreamAcl: { $r: ADMINS_GROUP, $w: ADMINS_GROUP, $d: ADMINS_GROUP, $mr: ADMINS_GROUP, $mw: ADMINS_GROUP },
};

export class StreamAccess {
  /** `$settings` parsed once per revision of it, not once per call. */
  private settings: { revision: number; acls: DefaultAcls } | undefined;

  constructor(private readonly engine: AccessFacts) {}

  /** Throws AccessDeniedError unless `principal` may do `action` to `streamName`. */
  check(principal: Principal | undefined, action: StreamAction, streamName: string): void {
    if (!this.allows(principal, action, streamName)) throw new AccessDeniedError();
  }

  allows(principal: Principal | undefined, action: StreamAction, streamName: string): boolean {
    if (!principal) return false;
    if (principal.groups.includes(ADMINS_GROUP)) return true;
    const metadataOf = isMetadataStream(streamName) ? streamOfMetadataStream(streamName) : undefined;
    const target = metadataOf ?? streamName;
    const operation: StreamOperation = metadataOf === undefined ? action : action === 'read' ? 'metadataRead' : 'metadataWrite';
    const roles = this.engine.metadataOf(target).acl?.[operation] ?? this.defaultAcls()[target.startsWith('$') ? 'system' : 'user'][operation];
    return roles.some((role) => role === EVERY_USER || role === principal.name || principal.groups.includes(role));
  }

  private defaultAcls(): DefaultAcls {
    const revision = this.engine.lastStreamRevision(SETTINGS_STREAM);
    if (this.settings?.revision !== revision) this.settings = { revision, acls: this.readSettings() };
    return this.settings.acls;
  }

  private readSettings(): DefaultAcls {
    const read = this.engine.readStream(SETTINGS_STREAM, 'end', 'backwards', 1);
    const [last] = read.found ? [...read.events] : [];
    let document: Record<string, unknown> = {};
    try {
      const parsed: unknown = last ? JSON.parse(Buffer.from(last.data).toString('utf8')) : {};
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) document = parsed as Record<string, unknown>;
    } catch {
      // Unreadable settings leave EventStoreDB's defaults in force, as on EventStoreDB.
    }
    return {
      user: { ...EVENTSTOREDB_DEFAULTS.user, ...parseStreamAcl(document.$userStreamAcl) },
      system: { ...EVENTSTOREDB_DEFAULTS.system, ...parseStreamAcl(document.$systemStreamAcl) },
    };
  }
}
