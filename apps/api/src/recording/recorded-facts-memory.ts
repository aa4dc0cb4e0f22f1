/**
 * What `UnseenFactsAppender` remembers of the streams it wrote to recently: the revision it last saw and the
 * fingerprint of every event id in the stream up to that revision. It saves reading a stream again
 * for every batch. It can never make a wrong decision, only a wasted one: every append it informs is
 * made with the remembered revision as the expected revision, so a stale entry is caught by the store.
 */
import type { StreamRevision } from '@hindsight/event-store';

export interface StreamFacts {
  readonly revision: StreamRevision;
  /** Event id → fingerprint of what it recorded. */
  readonly fingerprints: ReadonlyMap<string, string>;
}

export class RecordedFactsMemory {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  private readonly streams = new Map<string, StreamFacts>();

  constructor(private readonly maxStreams: number) {}

  recall(streamName: string): StreamFacts | undefined {
    const facts = this.streams.get(streamName);
    if (facts) {
      this.streams.delete(streamName);
      this.streams.set(streamName, facts);
    }
    return facts;
  }

  remember(streamName: string, facts: StreamFacts): void {
    this.streams.delete(streamName);
    this.streams.set(streamName, facts);
    if (this.streams.size > this.maxStreams) {
      const leastRecentlyUsed = this.streams.keys().next().value as string;
      this.streams.delete(leastRecentlyUsed);
    }
  }

  forget(streamName: string): void {
    this.streams.delete(streamName);
  }
}
