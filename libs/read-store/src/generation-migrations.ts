/**
 * The schema of one read-model generation, as Kysely migrations run by a Migrator whose
 * bookkeeping lives in the generation's own schema: running them twice changes nothing, and a new
 * migration appended here reaches the live generation at the next start and every generation a
 * rebuild creates. Plain SQL, the same text on PostgreSQL and PGlite.
 *
 * Never edit a migration that has shipped: append a new one.
 */
import { Migrator, sql, type Kysely, type Migration } from 'kysely';

const INITIAL_SCHEMA = [
  `create table checkpoint (
    projection text primary key,
    commit_position bigint not null,
    prepare_position bigint not null,
    updated_at timestamptz not null default now()
  )`,
  `create table journey_streams (
    stream_name text primary key,
    journey_id text not null
  )`,
  `create index journey_streams_journey_id on journey_streams (journey_id)`,
  `create table journey_events (
    event_id uuid primary key,
    journey_id text not null,
    stream_name text not null,
    log_position bigint not null,
    occurred_at timestamptz not null,
    recorded_at timestamptz not null,
    type text not null,
    data jsonb not null,
    metadata jsonb not null
  )`,
  `create index journey_events_journey_id on journey_events (journey_id, occurred_at, log_position)`,
  `create table journeys (
    journey_id text primary key,
    customer_id text,
    started_at timestamptz,
    last_activity_at timestamptz,
    outcome text,
    channels text[] not null default '{}',
    queues text[] not null default '{}',
    agents text[] not null default '{}',
    hold_total_ms bigint not null default 0,
    holds int not null default 0,
    transfers int not null default 0,
    broken_promises int not null default 0,
    contacts int not null default 0,
    document jsonb not null,
    updated_at timestamptz not null default now()
  )`,
  `create index journeys_customer_id on journeys (customer_id, started_at)`,
  `create index journeys_started_at on journeys (started_at, journey_id)`,
  `create index journeys_last_activity_at on journeys (last_activity_at)`,
  `create index journeys_channels on journeys using gin (channels)`,
  `create index journeys_queues on journeys using gin (queues)`,
  `create index journeys_agents on journeys using gin (agents)`,
  `create table journey_aliases (
    old_id text primary key,
    journey_id text not null
  )`,
  `create index journey_aliases_journey_id on journey_aliases (journey_id)`,
];

/**
 * Reviews of journeys (`review-…` streams): one row per review with its whole fold in `document`, and
 * its action items beside it so open ones can be found across reviews. `revision` is the last stream
 * revision applied, which makes a re-delivered event change nothing. `if not exists` throughout, so a
 * generation that somehow already has them migrates all the same.
 */
const REVIEWS = [
  `create table if not exists reviews (
    review_id text primary key,
    journey_id text not null,
    title text,
    state text not null check (state in ('open', 'closed')),
    opened_at timestamptz not null,
    closed_at timestamptz,
    root_cause text,
    revision bigint not null,
    document jsonb not null,
    updated_at timestamptz not null default now()
  )`,
  `create index if not exists reviews_journey_id on reviews (journey_id, opened_at)`,
  `create table if not exists review_action_items (
    review_id text not null,
    action_item_id text not null,
    description text not null,
    owner text not null,
    due_by timestamptz not null,
    completed_at timestamptz,
    primary key (review_id, action_item_id)
  )`,
  `create index if not exists review_action_items_open on review_action_items (owner, due_by) where completed_at is null`,
];

/** Facts by where they sit in `$all`: what a resuming subscriber missed is a range of this index. */
const EVENTS_BY_POSITION = [`create index if not exists journey_events_log_position on journey_events (log_position)`];

/**
 * Events a projection could not apply for a reason that will not go away (undecodable, refused by the
 * database), kept so the projection can move on and someone can apply them again after a fix. Keyed by
 * projection and `$all` position; texts are stored printable (control characters and lone surrogates
 * escaped), since what broke the projection may be a NUL the database cannot hold.
 */
const QUARANTINE = [
  `create table if not exists quarantined_events (
    projection text not null,
    commit_position bigint not null,
    prepare_position bigint not null,
    event_id text not null,
    stream_name text not null,
    event_type text not null,
    error_code text not null,
    error_message text not null,
    attempts int not null default 1,
    quarantined_at timestamptz not null default now(),
    last_failed_at timestamptz not null default now(),
    primary key (projection, commit_position, prepare_position)
  )`,
];

/**
 * Journey documents stored before they were sealed at rest held personal fields in plain text in
 * their timeline. Each entry's data becomes its fact's data as `journey_events` holds it (sealed,
 * as in the event store), whatever the event type: nothing else differs between the two, since the
 * fold copies a fact's data into its entry as it is. Row versions the update leaves behind stay on
 * disk until a vacuum.
 */
const SEALED_DOCUMENTS = [
  `update journeys set document = jsonb_set(document, '{timeline}', (
     select coalesce(jsonb_agg(case when fact.data is null then entry.value else jsonb_set(entry.value, '{data}', fact.data) end
                               order by entry.ordinality), '[]'::jsonb)
     from jsonb_array_elements(journeys.document->'timeline') with ordinality as entry(value, ordinality)
     left join journey_events as fact on fact.event_id = (entry.value->>'eventId')::uuid))
   where jsonb_typeof(document->'timeline') = 'array'`,
];

/** Statements run in the generation's schema: the migration sets `search_path` for its transaction. */
function statements(schema: string, ddl: readonly string[]): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`select set_config('search_path', ${schema}, true)`.execute(db);
      for (const statement of ddl) await sql.raw(statement).execute(db);
    },
  };
}

export function generationMigrations(schema: string): Record<string, Migration> {
  return {
    '0001-checkpoint-and-journeys': statements(schema, INITIAL_SCHEMA),
    '0002-reviews': statements(schema, REVIEWS),
    '0003-journey-events-by-position': statements(schema, EVENTS_BY_POSITION),
    '0004-quarantined-events': statements(schema, QUARANTINE),
    '0005-journey-documents-sealed': statements(schema, SEALED_DOCUMENTS),
  };
}

/** The DDL as text, for the docs and for anyone who wants to read what a generation holds. */
export const GENERATION_DDL: readonly string[] = [...INITIAL_SCHEMA, ...REVIEWS, ...EVENTS_BY_POSITION, ...QUARANTINE];

/** Brings a generation's schema up to date; safe to run any number of times, from any number of processes. */
export async function migrateGeneration<DB>(db: Kysely<DB>, schema: string): Promise<void> {
  const migrator = new Migrator({
    db: db as Kysely<unknown>,
    provider: { getMigrations: async () => generationMigrations(schema) },
    migrationTableSchema: schema,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new Error(`Migrating read-store schema ${schema} failed${failed ? ` at ${failed}` : ''}: ${describe(error)}`, { cause: error });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
