/** What appenders propose and what readers get back, independent of the wire protocol. */
import type { StoredRecord } from '../storage/log-record';

export type RecordedEvent = StoredRecord;

export interface ProposedEvent {
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  metadata: Uint8Array;
}

export interface AppendResult {
  /** Last revision of the stream after the append; undefined when the stream still has no events. */
  revision: bigint | undefined;
  /** `$all` position of the last event written; undefined when nothing was written. */
  position: bigint | undefined;
}

export type ReadDirection = 'forwards' | 'backwards';

export const LINK_EVENT_TYPE = '$>';
export const METADATA_EVENT_TYPE = '$metadata';
export const TOMBSTONE_EVENT_TYPE = '$streamDeleted';
