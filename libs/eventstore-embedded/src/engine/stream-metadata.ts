/**
 * Stream metadata as EventStoreDB keeps it: the last `$metadata` event of `$$<stream>`.
 * Only the reserved keys that change what a read returns, or who may do what, are interpreted here.
 */

/** `$tb` of a soft-deleted stream: EventStoreDB's EventNumber.DeletedStream (long.MaxValue). */
export const DELETED_STREAM_REVISION = 9223372036854775807n;
const DELETED_STREAM_LITERAL = DELETED_STREAM_REVISION.toString();

export interface StreamMetadata {
  maxCount?: number;
  maxAgeSeconds?: number;
  truncateBefore?: bigint;
  /** `$acl`: who may do what to the stream; an operation it does not name falls back to `$settings`. */
  acl?: StreamAcl;
  /** The document as stored, so a soft delete can keep everything it does not change. */
  raw: Record<string, unknown>;
}

/** EventStoreDB's five permissions, each a list of user names and groups (`$all` is every user). */
export type StreamOperation = 'read' | 'write' | 'delete' | 'metadataRead' | 'metadataWrite';
export type StreamAcl = Partial<Record<StreamOperation, readonly string[]>>;

/** The keys of `$acl` in stream metadata and of `$userStreamAcl`/`$systemStreamAcl` in `$settings`. */
const ACL_KEYS: Record<StreamOperation, string> = { read: '$r', write: '$w', delete: '$d', metadataRead: '$mr', metadataWrite: '$mw' };

export const EMPTY_METADATA: StreamMetadata = { raw: {} };

export function metadataStreamOf(streamName: string): string {
  return `$$${streamName}`;
}

export function isMetadataStream(streamName: string): boolean {
  return streamName.startsWith('$$');
}

export function streamOfMetadataStream(metadataStream: string): string {
  return metadataStream.slice(2);
}

/** EventStoreDB ignores metadata it cannot parse, so do we. */
export function parseStreamMetadata(json: Uint8Array): StreamMetadata {
  let raw: unknown;
  const text = Buffer.from(json).toString('utf8');
  try {
    raw = JSON.parse(text);
  } catch {
    return EMPTY_METADATA;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return EMPTY_METADATA;
  const document = raw as Record<string, unknown>;
  return {
    maxCount: positiveInteger(document.$maxCount),
    maxAgeSeconds: positiveInteger(document.$maxAge),
    truncateBefore: truncateBeforeOf(text, document.$tb),
    acl: parseStreamAcl(document.$acl),
    raw: document,
  };
}

/**
 * A role is a string or a list of strings; anything else leaves the operation to the default ACL,
 * as EventStoreDB does with what it cannot read. An empty list grants the operation to nobody.
 */
export function parseStreamAcl(value: unknown): StreamAcl | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const document = value as Record<string, unknown>;
  const acl: { -readonly [K in StreamOperation]?: readonly string[] } = {};
  for (const [operation, key] of Object.entries(ACL_KEYS) as [StreamOperation, string][]) {
    const roles = document[key];
    if (typeof roles === 'string') acl[operation] = [roles];
    else if (Array.isArray(roles) && roles.every((role) => typeof role === 'string')) acl[operation] = roles;
  }
  return acl;
}

export function isSoftDeleted(metadata: StreamMetadata): boolean {
  return metadata.truncateBefore === DELETED_STREAM_REVISION;
}

/** Serialises metadata with an exact `$tb`: JSON numbers cannot carry long.MaxValue through a double. */
export function serializeStreamMetadata(raw: Record<string, unknown>, truncateBefore: bigint | undefined): Buffer {
  const withoutTruncate = { ...raw };
  delete withoutTruncate.$tb;
  const body = JSON.stringify(withoutTruncate);
  if (truncateBefore === undefined) return Buffer.from(body, 'utf8');
  const truncate = `"$tb":${truncateBefore.toString()}`;
  return Buffer.from(body === '{}' ? `{${truncate}}` : `{${truncate},${body.slice(1)}`, 'utf8');
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

function truncateBeforeOf(text: string, parsed: unknown): bigint | undefined {
  if (typeof parsed !== 'number' || !Number.isInteger(parsed) || parsed < 0) return undefined;
  if (Number.isSafeInteger(parsed)) return BigInt(parsed);
  // Past 2^53 the parsed double is inexact; recover the literal the writer meant.
  const literal = /"\$tb"\s*:\s*(\d+)/.exec(text)?.[1];
  return literal === DELETED_STREAM_LITERAL ? DELETED_STREAM_REVISION : BigInt(literal ?? Math.trunc(parsed));
}
