/** Story facts as an integration service sends them to `recordEvents`, and as the store holds them. */
import { FORWARDS, START, type EventStoreDBClient } from '@eventstore/db-client';

export const recordEventsMutation = `
  mutation Record($facts: [FactInput!]!) {
    recordEvents(facts: $facts) {
      recorded duplicates rejected
      results { index status eventId stream error { code field message retryable } }
    }
  }`;

export interface FactResultBody {
  readonly index: number;
  readonly status: 'RECORDED' | 'DUPLICATE' | 'REJECTED';
  readonly eventId: string | null;
  readonly stream: string | null;
  readonly error: { code: string; field: string | null; message: string; retryable: boolean } | null;
}

export interface RecordEventsBody {
  readonly recordEvents: {
    readonly recorded: number;
    readonly duplicates: number;
    readonly rejected: number;
    readonly results: readonly FactResultBody[];
  };
}

export { factInput } from '@hindsight/connectors';

export interface StoredFact {
  readonly id: string;
  readonly stream: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Record<string, unknown>;
}

/** Every non-system event in the store, in `$all` order. */
export async function storedFacts(client: EventStoreDBClient): Promise<StoredFact[]> {
  const stored: StoredFact[] = [];
  for await (const { event } of client.readAll({ direction: FORWARDS, fromPosition: START })) {
    if (!event || event.type.startsWith('$') || event.streamId.startsWith('$')) continue;
    stored.push({
      id: event.id,
      stream: event.streamId,
      revision: event.revision,
      type: event.type,
      data: event.data,
      metadata: event.metadata as Record<string, unknown>,
    });
  }
  return stored;
}
