/**
 * The journey read model's projection: what it handles (contact, callback and case events, and
 * `CustomerForgotten`) and how a batch of them changes the model. Stitches contacts, callbacks and
 * cases into journeys by their explicit links (the domain's `JourneyStitching`), and keeps one read
 * model per journey: its facts (`journey_events`), its streams (`journey_streams`) and the pure fold
 * of those facts (`journeys.document`, with filter columns beside it). Its rows are in
 * journey-rows.ts, its writes in journey-writes.ts, its reads in journey-queries.ts and
 * journey-filter.ts: the schema itself is the read store's (generation-migrations.ts).
 *
 * A journey's id is the smallest stream name among its streams, so the same facts give the same
 * ids whatever order they arrived in. When a late fact links two journeys, or brings in a stream
 * with a smaller name, the journey takes the smaller id; the old one stays findable through
 * `journey_aliases`. Each journey a batch touches is folded again from all of its facts, once per
 * batch: the fold is order-independent by construction, so batching changes nothing.
 *
 * Personal fields stay sealed everywhere this projection writes: in `journey_events` and in
 * `journeys.document` alike they are the envelopes the event store holds, never plain text (the fold
 * reads no personal field, so it folds them sealed). The API reveals them per request, for a caller
 * with the right, and they read as erased once the customer's key is destroyed. A `CustomerForgotten`
 * event folds the customer's journeys again all the same, so a document an older projector stored in
 * plain text loses it (the read store's migration 0005 rewrote those stored before the upgrade).
 */
import {
  isJourneyEventType,
  isJourneyStreamCategory,
  parseStreamName,
  type JourneyEvent,
  type JourneyFact,
  type StreamName,
} from '@hindsight/domain';
import type { RecordedAllStreamEvent } from '@hindsight/event-store';
import type { ReadModelTransaction } from '@hindsight/read-store';
import type { Projection, RebuildingProjection } from '../projection';
import { journeysNamingCustomers, refoldJourneys, storeJourneyFacts } from './journey-writes';

export const JOURNEY_PROJECTION = 'journeys';
/** Journeys folded per transaction when a rebuild settles. */
const JOURNEYS_PER_SETTLE = 500;

export class JourneyProjection implements Projection {
  readonly name = JOURNEY_PROJECTION;

  async apply(trx: ReadModelTransaction, events: readonly RecordedAllStreamEvent[]): Promise<readonly string[]> {
    const facts = events.flatMap((event) => toJourneyFact(event) ?? []);
    const forgotten = await journeysNamingCustomers(trx, forgottenCustomers(events));
    if (facts.length === 0) {
      await this.foldTouched(trx, forgotten, []);
      return [...forgotten];
    }
    const stitching = await storeJourneyFacts(trx, facts);
    const renamed = stitching.renamedJourneys().map(([old]) => old);
    const touched = new Set([...stitching.touchedJourneys(), ...forgotten]);
    await this.foldTouched(trx, touched, renamed);
    return [...touched, ...renamed];
  }

  /**
   * During a rebuild a journey is touched by about five batches; folding it each time is most of
   * the cost. The rebuild variant only records the facts and the membership, remembers which
   * journeys it touched, and folds each of them once when the rebuild settles.
   */
  forRebuild(): RebuildingProjection {
    return new RebuildingJourneyProjection();
  }

  protected async foldTouched(trx: ReadModelTransaction, touched: ReadonlySet<string>, _renamed: readonly string[]) {
    await refoldJourneys(trx, touched);
  }
}

class RebuildingJourneyProjection extends JourneyProjection implements RebuildingProjection {
  private readonly unfolded = new Set<string>();

  protected override async foldTouched(_trx: ReadModelTransaction, touched: ReadonlySet<string>, renamed: readonly string[]) {
    // A batch that rolls back is applied again, so this may over-count; folding a journey twice is harmless.
    for (const journey of renamed) this.unfolded.delete(journey);
    for (const journey of touched) this.unfolded.add(journey);
  }

  async settle(transaction: (work: (trx: ReadModelTransaction) => Promise<void>) => Promise<void>): Promise<void> {
    const journeys = [...this.unfolded];
    for (let start = 0; start < journeys.length; start += JOURNEYS_PER_SETTLE) {
      const chunk = new Set(journeys.slice(start, start + JOURNEYS_PER_SETTLE));
      await transaction((trx) => refoldJourneys(trx, chunk));
    }
    this.unfolded.clear();
  }
}

function forgottenCustomers(events: readonly RecordedAllStreamEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'CustomerForgotten' ? [(event.data as { customerId: string }).customerId] : []));
}

/**
 * Only contact, callback and case events on contact, callback and case streams make journeys; anything
 * else (a review, which is about a journey and never part of it; a stream of another system) passes by.
 */
function toJourneyFact(event: RecordedAllStreamEvent): JourneyFact | undefined {
  if (!isJourneyEventType(event.type)) return undefined;
  if (!isJourneyStreamCategory(event.streamName.slice(0, event.streamName.indexOf('-')))) return undefined;
  // A journey event in a journey category's stream whose id breaks the catalog (a NUL, a bidi override)
  // throws here, so the runner quarantines it rather than dropping it unseen.
  const { category, id } = parseStreamName(event.streamName);
  const streamName = `${category}-${id}` as StreamName;
  return {
    ...({ type: event.type, data: event.data } as JourneyEvent),
    eventId: event.id,
    streamName,
    position: event.position.commit,
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.recordedAt.toISOString(),
    source: event.metadata.source,
  };
}
