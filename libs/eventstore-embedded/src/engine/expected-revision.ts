/** What an appender believes about a stream before it writes, as EventStoreDB's protocol expresses it. */
export type ExpectedRevision =
  | { kind: 'any' }
  | { kind: 'no_stream' }
  | { kind: 'stream_exists' }
  | { kind: 'exact'; revision: bigint };
