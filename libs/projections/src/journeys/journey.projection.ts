/**
 * Stitches contacts, callbacks and cases into journeys by their explicit links, and keeps one read
 * model per journey: its facts (`journey_events`), its streams (`journey_streams`) and the pure
 * fold of those facts (`journeys.document`, with filter columns beside it).
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
import { sql } from 'kysely';
import {
  foldJourney,
  isJourneyEventType,
  isJourneyStreamCategory,
  linkedStreams,
  parseStreamName,
  type Journey,
  type JourneyEvent,
  type JourneyFact,
  type StreamName,
} from '@hindsight/domain';
import type { RecordedAllStreamEvent } from '@hindsight/event-store';
import type { CustomerKeyStore } from '@hindsight/personal-data';
import { jsonb, type JourneyEventRow, type NewJourney, type ReadModelTransaction } from '@hindsight/read-store';
import type { Projection, RebuildingProjection } from '../projection';

export const JOURNEY_PROJECTION = 'journeys';
/** Rows per INSERT, well under PostgreSQL's 65,535 parameters per statement. */
const ROWS_PER_INSERT = 1_000;
/** Journeys folded per transaction when a rebuild settles. */
const JOURNEYS_PER_SETTLE = 500;

/** A journey as stored: the fold, under the journey's id. */
export type StoredJourney = Journey & { readonly id: string };

export class JourneyProjection implements Projection {
  readonly name = JOURNEY_PROJECTION;

  /** `keys`: passed on to loadJourneyFacts (see there); folds read personal fields sealed. */
  constructor(protected readonly keys: CustomerKeyStore) {}

  async apply(trx: ReadModelTransaction, events: readonly RecordedAllStreamEvent[]): Promise<readonly string[]> {
    const facts = events.flatMap((event) => toJourneyFact(event) ?? []);
    const forgotten = await journeysOfForgottenCustomers(trx, events);
    if (facts.length === 0) {
      await this.foldTouched(trx, forgotten, []);
      return [...forgotten];
    }
    const membership = await Membership.load(trx, facts);
    for (const fact of facts) membership.join([fact.streamName, ...linkedStreams(fact)]);
    await membership.save(trx);
    await insertInChunks(facts, (chunk) =>
      trx
        .insertInto('journey_events')
        .values(chunk.map((fact) => journeyEventRow(fact, membership.journeyOf(fact.streamName))))
        .onConflict((conflict) => conflict.column('event_id').doNothing())
        .execute(),
    );
    const touched = new Set([...membership.touchedJourneys(), ...forgotten]);
    await this.foldTouched(trx, touched, membership.renamedJourneys());
    return [...touched, ...membership.renamedJourneys()];
  }

  /**
   * During a rebuild a journey is touched by about five batches; folding it each time is most of
   * the cost. The rebuild variant only records the facts and the membership, remembers which
   * journeys it touched, and folds each of them once when the rebuild settles.
   */
  forRebuild(): RebuildingProjection {
    return new RebuildingJourneyProjection(this.keys);
  }

  protected async foldTouched(trx: ReadModelTransaction, touched: ReadonlySet<string>, _renamed: readonly string[]) {
    await refold(trx, this.keys, touched);
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
      await transaction((trx) => refold(trx, this.keys, chunk));
    }
    this.unfolded.clear();
  }
}

/** Which journey each stream of a batch belongs to, and the merges and renames the batch causes. */
class Membership {
  private readonly renamed = new Map<string, string>();
  private readonly newStreams = new Set<StreamName>();
  private readonly touched = new Set<string>();

  /** Journeys that existed before this batch: only their renames reach the database. */
  private readonly stored: ReadonlySet<string>;

  private constructor(private readonly journeyByStream: Map<StreamName, string>) {
    this.stored = new Set(journeyByStream.values());
  }

  static async load(trx: ReadModelTransaction, facts: readonly JourneyFact[]): Promise<Membership> {
    const streams = [...new Set(facts.flatMap((fact) => [fact.streamName, ...linkedStreams(fact)]))];
    const rows = await trx
      .selectFrom('journey_streams')
      .select(['stream_name', 'journey_id'])
      .where('stream_name', 'in', streams)
      .execute();
    return new Membership(new Map(rows.map((row) => [row.stream_name as StreamName, row.journey_id])));
  }

  /** Puts `streams` in one journey, named after the smallest stream name it then holds. */
  join(streams: readonly StreamName[]): void {
    const journeys = new Set<string>();
    for (const stream of streams) {
      const journey = this.journeyByStream.get(stream);
      if (journey === undefined) this.newStreams.add(stream);
      else journeys.add(this.current(journey));
    }
    const target = [...journeys, ...streams.filter((stream) => !this.journeyByStream.has(stream))].sort()[0];
    for (const journey of journeys) if (journey !== target) this.renamed.set(journey, target);
    for (const stream of streams) if (!this.journeyByStream.has(stream)) this.journeyByStream.set(stream, target);
    this.touched.add(target);
  }

  journeyOf(stream: StreamName): string {
    return this.current(this.journeyByStream.get(stream)!);
  }

  touchedJourneys(): Set<string> {
    return new Set([...this.touched].map((journey) => this.current(journey)));
  }

  renamedJourneys(): string[] {
    return [...this.renamed.keys()].filter((journey) => this.stored.has(journey));
  }

  async save(trx: ReadModelTransaction): Promise<void> {
    await renameJourneys(
      trx,
      this.renamedJourneys().map((old) => [old, this.current(old)] as const),
    );
    const streams = [...this.newStreams];
    await insertInChunks(streams, (chunk) =>
      trx
        .insertInto('journey_streams')
        .values(chunk.map((stream) => ({ stream_name: stream, journey_id: this.journeyOf(stream) })))
        .execute(),
    );
  }

  private current(journey: string): string {
    let id = journey;
    for (let next = this.renamed.get(id); next !== undefined; next = this.renamed.get(id)) id = next;
    return id;
  }
}

/**
 * The facts of each journey, as the projection folded them: what replay folds too, so a replay and
 * the read model can never disagree. Personal fields come out sealed, as stored; `keys` is unused
 * since documents are sealed at rest, and kept only so callers need no change (remove it later).
 */
export async function loadJourneyFacts(
  trx: ReadModelTransaction,
  keys: CustomerKeyStore,
  journeyIds: readonly string[],
): Promise<Map<string, JourneyFact[]>> {
  const factsByJourney = new Map<string, JourneyFact[]>();
  if (journeyIds.length === 0) return factsByJourney;
  const rows = await trx.selectFrom('journey_events').selectAll().where('journey_id', 'in', [...journeyIds]).execute();
  for (const row of rows) {
    const facts = factsByJourney.get(row.journey_id) ?? [];
    facts.push(factFromRow(row));
    factsByJourney.set(row.journey_id, facts);
  }
  return factsByJourney;
}

/**
 * Moves everything of each old journey id to its new one and leaves an alias behind: a handful of
 * statements per batch, however many journeys it renames (a rebuild renames thousands).
 */
async function renameJourneys(trx: ReadModelTransaction, renames: readonly (readonly [string, string])[]) {
  for (let start = 0; start < renames.length; start += ROWS_PER_INSERT) {
    const chunk = renames.slice(start, start + ROWS_PER_INSERT);
    const mapping = sql`(values ${sql.join(chunk.map(([old, renamed]) => sql`(${old}, ${renamed})`))}) as renames(old_id, new_id)`;
    for (const table of ['journey_streams', 'journey_events', 'journey_aliases'] as const) {
      await sql`update ${sql.table(table)} set journey_id = renames.new_id from ${mapping}
                where ${sql.table(table)}.journey_id = renames.old_id`.execute(trx);
    }
    await trx
      .insertInto('journey_aliases')
      .values(chunk.map(([old, renamed]) => ({ old_id: old, journey_id: renamed })))
      .onConflict((conflict) => conflict.column('old_id').doUpdateSet((excluded) => ({ journey_id: excluded.ref('excluded.journey_id') })))
      .execute();
    await trx.deleteFrom('journeys').where('journey_id', 'in', chunk.map(([old]) => old)).execute();
  }
}

/**
 * Folds again, in the active generation, every journey with a fact about the customer: after the
 * customer's key was destroyed, this is what takes their personal data out of the stored journeys at
 * once, without waiting for the projector to reach the `CustomerForgotten` event. Returns the journeys.
 */
export async function refoldCustomerJourneys(trx: ReadModelTransaction, keys: CustomerKeyStore, customerId: string): Promise<string[]> {
  const journeys = await journeysNamingCustomers(trx, [customerId]);
  await refold(trx, keys, journeys);
  return [...journeys];
}

async function journeysOfForgottenCustomers(trx: ReadModelTransaction, events: readonly RecordedAllStreamEvent[]): Promise<Set<string>> {
  const customers = events.flatMap((event) =>
    event.type === 'CustomerForgotten' ? [(event.data as { customerId: string }).customerId] : [],
  );
  return customers.length === 0 ? new Set() : journeysNamingCustomers(trx, customers);
}

/** Only events that name a customer carry that customer's personal fields. */
async function journeysNamingCustomers(trx: ReadModelTransaction, customerIds: readonly string[]): Promise<Set<string>> {
  const rows = await trx
    .selectFrom('journey_events')
    .select('journey_id')
    .distinct()
    .where(sql<string>`data->>'customerId'`, 'in', [...customerIds])
    .execute();
  return new Set(rows.map((row) => row.journey_id));
}

/** Folds each journey again from all of its facts and stores the result. */
async function refold(trx: ReadModelTransaction, keys: CustomerKeyStore, journeyIds: ReadonlySet<string>): Promise<void> {
  const factsByJourney = await loadJourneyFacts(trx, keys, [...journeyIds]);
  const journeys = [...factsByJourney].map(([id, facts]) => journeyRow({ id, ...foldJourney(facts) }));
  await insertInChunks(journeys, (chunk) =>
    trx
      .insertInto('journeys')
      .values(chunk)
      .onConflict((conflict) =>
        conflict.column('journey_id').doUpdateSet((excluded) => ({
          customer_id: excluded.ref('excluded.customer_id'),
          started_at: excluded.ref('excluded.started_at'),
          last_activity_at: excluded.ref('excluded.last_activity_at'),
          outcome: excluded.ref('excluded.outcome'),
          channels: excluded.ref('excluded.channels'),
          queues: excluded.ref('excluded.queues'),
          agents: excluded.ref('excluded.agents'),
          hold_total_ms: excluded.ref('excluded.hold_total_ms'),
          holds: excluded.ref('excluded.holds'),
          transfers: excluded.ref('excluded.transfers'),
          broken_promises: excluded.ref('excluded.broken_promises'),
          contacts: excluded.ref('excluded.contacts'),
          document: excluded.ref('excluded.document'),
          updated_at: sql`now()`,
        })),
      )
      .execute(),
  );
}

function journeyRow(journey: StoredJourney): NewJourney {
  const { metrics } = journey;
  return {
    journey_id: journey.id,
    customer_id: journey.customerId,
    started_at: journey.startedAt,
    last_activity_at: journey.lastActivityAt,
    outcome: metrics.outcome,
    channels: [...metrics.contacts.channels],
    queues: [...new Set(journey.contacts.flatMap((contact) => contact.queueVisits.map((visit) => visit.queueId)))],
    agents: [...new Set(journey.contacts.flatMap((contact) => contact.agents))],
    hold_total_ms: Math.round(metrics.holds.totalMs),
    holds: metrics.holds.count,
    transfers: metrics.transfers.count,
    broken_promises: metrics.promises.broken,
    contacts: metrics.contacts.count,
    document: jsonb(journey),
  };
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

function journeyEventRow(fact: JourneyFact, journeyId: string) {
  return {
    event_id: fact.eventId,
    journey_id: journeyId,
    stream_name: fact.streamName,
    log_position: fact.position,
    occurred_at: fact.occurredAt,
    recorded_at: fact.recordedAt,
    type: fact.type,
    data: jsonb(fact.data),
    metadata: jsonb({ occurredAt: fact.occurredAt, source: fact.source }),
  };
}

function factFromRow(row: JourneyEventRow): JourneyFact {
  const { occurredAt, source } = row.metadata as { occurredAt: string; source: string };
  return {
    ...({ type: row.type, data: row.data } as JourneyEvent),
    eventId: row.event_id,
    streamName: row.stream_name as StreamName,
    position: row.log_position,
    occurredAt,
    recordedAt: row.recorded_at.toISOString(),
    source,
  };
}

async function insertInChunks<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    await insert(rows.slice(start, start + ROWS_PER_INSERT));
  }
}
