/**
 * Facts to the API's public `recordEvents`, in batches, with a progress line on stderr: what `demo`
 * and `import` send. The API answers fact by fact, so a batch with a refused fact still records the
 * rest; what was refused comes back with its code, for the caller to report or write down.
 */
import { factInput, type ConnectorFact } from '@hindsight/connectors';
import type { CommandContext } from './command';
import type { GraphQLClient } from './graphql-client';
import { StageProgress, count } from './progress';

/** The API takes up to 1,000 facts a call. */
export const MAX_BATCH = 1_000;

const recordEventsMutation = `
  mutation Record($facts: [FactInput!]!) {
    recordEvents(facts: $facts) {
      recorded duplicates rejected
      results { index status error { code field message } }
    }
  }`;

interface RecordEventsAnswer {
  readonly recordEvents: {
    readonly recorded: number;
    readonly duplicates: number;
    readonly rejected: number;
    readonly results: readonly { index: number; status: string; error: RefusalReason | null }[];
  };
}

export interface RefusalReason {
  readonly code: string;
  readonly field: string | null;
  readonly message: string;
}

export interface RecordedFacts {
  readonly recorded: number;
  readonly duplicates: number;
  readonly rejected: readonly { readonly fact: ConnectorFact; readonly error: RefusalReason }[];
}

export async function recordFacts(
  client: GraphQLClient,
  context: CommandContext,
  facts: readonly ConnectorFact[],
  { batchSize, label }: { readonly batchSize: number; readonly label: string },
): Promise<RecordedFacts> {
  const progress = new StageProgress(context.stderr, label, 'facts');
  let recorded = 0;
  let duplicates = 0;
  const rejected: { fact: ConnectorFact; error: RefusalReason }[] = [];
  progress.update(0, facts.length);
  for (let start = 0; start < facts.length; start += batchSize) {
    if (context.signal.aborted) break;
    const batch = facts.slice(start, start + batchSize);
    const { recordEvents } = await client.request<RecordEventsAnswer>(recordEventsMutation, { facts: batch.map(factInput) });
    recorded += recordEvents.recorded;
    duplicates += recordEvents.duplicates;
    for (const result of recordEvents.results) {
      if (result.status === 'REJECTED' && result.error) rejected.push({ fact: batch[result.index], error: result.error });
    }
    const done = Math.min(facts.length, start + batch.length);
    const refused = rejected.length ? `, ${count(rejected.length)} rejected` : '';
    progress.update(done, facts.length, done === facts.length, `${count(recorded)} new, ${count(duplicates)} already recorded${refused}`);
  }
  progress.end();
  return { recorded, duplicates, rejected };
}
