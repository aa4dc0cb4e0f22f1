import { ANY, NO_STREAM, STREAM_EXISTS } from '@eventstore/db-client';

export { ANY, NO_STREAM, STREAM_EXISTS };

/** Where a stream stands: the revision of its last event, or `no_stream` when nothing was written yet. */
export type StreamRevision = bigint | typeof NO_STREAM;

/** What an append insists on; `any` skips the optimistic concurrency check. */
export type ExpectedRevision = StreamRevision | typeof ANY | typeof STREAM_EXISTS;
