/**
 * `cli projections rebuild` in-process, through the CLI's dispatcher, over an embedded event store
 * in a temporary data directory and a read store on PGlite (and on PostgreSQL when DATABASE_URL is
 * set, under a schema prefix of its own): the stories' facts, stored as the API stores them, are
 * rebuilt into a new generation that becomes the live one; progress is reported; an interrupted
 * rebuild leaves nothing behind; and a data directory held by another process (the API) is refused
 * with a message that says what to do.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Test } from '@nestjs/testing';
import { foldJourney, groupFactsIntoJourneys, stories, type JourneyFact, type Story } from '@hindsight/domain';
import { ANY, EventStore, EventStoreModule } from '@hindsight/event-store';
import { JourneyProjection, type Projection, type RebuildProgress } from '@hindsight/projections';
import { ReadStore, type ReadStoreConfig } from '@hindsight/read-store';
import { rebuildProjectionsCommand } from '../../apps/cli/src/projections-rebuild';
import { CapturedOutput, runCliCapturing, type CliRun } from '../support/cli';
import { compileForChild, runChild, type CompiledTree } from '../support/compile-for-child';
import { readStoreTargets, reportSkippedPostgres, type ReadStoreTarget } from '../support/read-store-targets';

const [ticketThatNobodyOwned, callbacksThatNeverCame] = stories;

function cli(argv: string[], env: NodeJS.ProcessEnv, options: { tty?: boolean; signal?: AbortSignal } = {}): Promise<CliRun> {
  return runCliCapturing(argv, { env, stderrTTY: options.tty, signal: options.signal });
}

/** The environment the CLI would see: the data directory, and for PostgreSQL its URL and the test's prefix. Nothing else. */
function environmentFor(config: ReadStoreConfig, dataDir: string): NodeJS.ProcessEnv {
  if (config.kind === 'pglite') return { HINDSIGHT_DATA_DIR: dataDir };
  return { HINDSIGHT_DATA_DIR: dataDir, DATABASE_URL: config.connectionString, HINDSIGHT_READ_SCHEMA_PREFIX: config.schemaPrefix };
}

/** Appends a story's facts one by one, in story order, with the metadata `recordEvents` writes. */
async function recordStory(eventsDir: string, story: Story): Promise<void> {
  const moduleRef = await Test.createTestingModule({
    imports: [EventStoreModule.forRoot({ connection: { mode: 'embedded', dataDir: eventsDir } })],
  }).compile();
  moduleRef.useLogger(false);
  try {
    const eventStore = moduleRef.get(EventStore);
    for (const fact of story.facts) {
      const correlationId = randomUUID();
      await eventStore.append(
        fact.streamName,
        [
          {
            type: fact.type,
            data: fact.data as Record<string, unknown>,
            metadata: {
              $correlationId: correlationId,
              $causationId: correlationId,
              occurredAt: fact.occurredAt,
              source: fact.source,
              sourceEventId: fact.sourceEventId,
              schemaVersion: 1,
            },
          },
        ],
        { expectedRevision: ANY },
      );
    }
  } finally {
    await moduleRef.close();
  }
}

interface JourneyCounts {
  readonly contacts: number;
  readonly holds: number;
  readonly transfers: number;
  readonly broken_promises: number;
}

/** What the pure fold says the stories' facts make, keyed by each journey's smallest stream name (its id). */
function expectedJourneys(told: readonly Story[]): Map<string, JourneyCounts> {
  const facts = told
    .flatMap((story) => story.facts)
    .map(
      (fact, index) =>
        ({
          type: fact.type,
          data: fact.data,
          eventId: `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`,
          streamName: fact.streamName,
          position: BigInt(index + 1) * 128n,
          occurredAt: fact.occurredAt,
          recordedAt: new Date(Date.parse(fact.occurredAt) + 1_000).toISOString(),
          source: fact.source,
        }) as JourneyFact,
    );
  return new Map(
    groupFactsIntoJourneys(facts).map((journeyFacts) => {
      const journey = foldJourney(journeyFacts);
      const { metrics } = journey;
      const counts = { contacts: metrics.contacts.count, holds: metrics.holds.count, transfers: metrics.transfers.count, broken_promises: metrics.promises.broken };
      return [[...journey.streams].sort()[0], counts];
    }),
  );
}

reportSkippedPostgres('cli projections rebuild');

describe.each(readStoreTargets())('cli projections rebuild on $name', (target: ReadStoreTarget) => {
  // PGlite's target lives in <dir>/read-store: that <dir> is the data directory, as HINDSIGHT_DATA_DIR would say.
  const dataDir = target.config.kind === 'pglite' ? dirname(target.config.dataDir) : mkdtempSync(join(tmpdir(), 'hindsight-cli-'));
  const env = environmentFor(target.config, dataDir);
  const eventsDir = join(dataDir, 'events');

  const inspect = async <T>(fn: (readStore: ReadStore) => Promise<T>): Promise<T> => {
    const readStore = await ReadStore.open(target.config);
    try {
      return await fn(readStore);
    } finally {
      await readStore.close();
    }
  };
  const storedJourneys = () =>
    inspect((readStore) =>
      readStore.read(async (trx) => {
        const rows = await trx.selectFrom('journeys').select(['journey_id', 'contacts', 'holds', 'transfers', 'broken_promises', 'outcome']).orderBy('journey_id').execute();
        const events = await trx.selectFrom('journey_events').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
        return { rows, events: Number(events.count) };
      }),
    );
  const countsOf = (rows: Awaited<ReturnType<typeof storedJourneys>>['rows']) =>
    new Map(rows.map((row) => [row.journey_id, { contacts: row.contacts, holds: row.holds, transfers: row.transfers, broken_promises: row.broken_promises }]));

  afterAll(async () => {
    await target.cleanUp();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('rebuilds a story into a new generation that becomes the live one, reporting progress as plain lines', async () => {
    await recordStory(eventsDir, ticketThatNobodyOwned);
    const before = await inspect((readStore) => readStore.generations());

    const run = await cli(['projections', 'rebuild'], env);

    expect(run.stderr).not.toMatch(/failed|error/i);
    expect(run.code).toBe(0);
    const generations = await inspect((readStore) => readStore.generations());
    const rebuilt = before[before.length - 1].number + 1;
    expect(generations).toEqual([{ number: rebuilt, schema: expect.stringMatching(new RegExp(`_g${rebuilt}$`)), state: 'active' }]);
    expect(run.stdout).toContain(`Rebuilt generation ${rebuilt}`);
    expect(run.stdout).toContain(`${ticketThatNobodyOwned.facts.length} events`);
    expect(run.stderr).toContain(`rebuild generation ${rebuilt}: 100.0%, ${ticketThatNobodyOwned.facts.length} of ${ticketThatNobodyOwned.facts.length} events`);

    const { rows, events } = await storedJourneys();
    expect(events).toBe(ticketThatNobodyOwned.facts.length);
    expect(countsOf(rows)).toEqual(expectedJourneys([ticketThatNobodyOwned]));
    // The vendor ticket as the issue tells it: one journey, four contacts, one hold, one broken promise, customer lost.
    expect(rows).toEqual([expect.objectContaining({ contacts: 4, holds: 1, broken_promises: 1, outcome: 'customer_lost' })]);
  });

  it('rebuilds again over more facts, switching from the live generation to the next, with a bar on a terminal', async () => {
    await recordStory(eventsDir, callbacksThatNeverCame);
    const [live] = await inspect((readStore) => readStore.generations());

    const run = await cli(['projections', 'rebuild', '--batch-size', '7'], env, { tty: true });

    expect(run.code).toBe(0);
    const total = ticketThatNobodyOwned.facts.length + callbacksThatNeverCame.facts.length;
    expect(await inspect((readStore) => readStore.generations())).toEqual([expect.objectContaining({ number: live.number + 1, state: 'active' })]);
    expect(run.stdout).toContain(`${total} events`);
    expect(run.stdout).toContain(`generation ${live.number} was dropped`);
    const redrawn = run.stderr.split('\r\x1b[2K');
    expect(redrawn.length).toBeGreaterThan(1);
    expect(redrawn.at(-1)).toMatch(/^rebuild g\d+ \[█+\] 100\.0% \| \d+\/\d+ events \| [\d,-]+ ev\/s \| done\n$/);
    expect(run.stderr).toContain(`${total}/${total} events`);

    const { rows, events } = await storedJourneys();
    expect(events).toBe(total);
    expect(countsOf(rows)).toEqual(expectedJourneys([ticketThatNobodyOwned, callbacksThatNeverCame]));
  });

  it('discards the half-built generation when interrupted mid-way, and leaves the live one as it was', async () => {
    const before = await inspect((readStore) => readStore.generations());
    const journeysBefore = await storedJourneys();
    const controller = new AbortController();
    const reports: RebuildProgress[] = [];
    // The journey projection, one event per batch and slowed down, so that the rebuild is surely under way when Ctrl-C comes.
    const journeys = new JourneyProjection();
    const slowJourneys: Projection = {
      name: journeys.name,
      apply: async (trx, events) => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        return journeys.apply(trx, events);
      },
    };
    const stderr = new CapturedOutput();

    const code = await rebuildProjectionsCommand(
      { env, stdout: new CapturedOutput(), stderr, signal: controller.signal },
      {
        projections: [slowJourneys],
        batchSize: 1,
        onProgress: (progress) => {
          reports.push(progress);
          if (!progress.done) controller.abort(new Error('Stopped by SIGINT'));
        },
      },
    );

    expect(reports[0]).toMatchObject({ done: false, generation: before[0].number + 1 });
    expect(code).toBe(130);
    expect(stderr.text).toContain(`Rebuild interrupted. Generation ${before[0].number + 1} was discarded. The live generation (${before[0].number}) is untouched.`);
    expect(await inspect((readStore) => readStore.generations())).toEqual(before);
    expect(await storedJourneys()).toEqual(journeysBefore);
  });

  it('exits 1 with the reason when a projection keeps failing, discarding its generation', async () => {
    const before = await inspect((readStore) => readStore.generations());
    const failing: Projection = {
      name: 'journeys',
      apply: async () => {
        throw new Error('the journeys table is not what this code expects');
      },
    };
    const stdout = new CapturedOutput();
    const stderr = new CapturedOutput();

    const code = await rebuildProjectionsCommand({ env, stdout, stderr, signal: new AbortController().signal }, { projections: [failing] });

    expect(code).toBe(1);
    expect(stdout.text).toBe('');
    expect(stderr.text).toContain('error: [Projection journeys] Failed, resubscribing from the checkpoint');
    expect(stderr.text).toMatch(
      new RegExp(`Rebuild failed: Rebuilding journeys failed \\d+ times in a row: .*the journeys table is not what this code expects.*\\. Generation ${before[0].number + 1} was discarded\\. The live generation \\(${before[0].number}\\) is untouched\\.`),
    );
    expect(await inspect((readStore) => readStore.generations())).toEqual(before);
  });

  it('changes nothing when interrupted before it starts', async () => {
    const before = await inspect((readStore) => readStore.generations());
    const controller = new AbortController();
    controller.abort(new Error('Stopped by SIGINT'));

    const run = await cli(['projections', 'rebuild'], env, { signal: controller.signal });

    expect(run.code).toBe(130);
    expect(run.stderr).toContain('Interrupted before the rebuild started: nothing changed.');
    expect(await inspect((readStore) => readStore.generations())).toEqual(before);
  });
});

describe('cli projections rebuild with the data directory in use', () => {
  let dataDir: string;
  let compiled: CompiledTree;
  let holder: ChildProcess | undefined;
  beforeAll(() => {
    compiled = compileForChild(['libs/eventstore-embedded/src', 'test/eventstore-embedded/fixtures']);
  });
  afterAll(() => compiled.remove());

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'hindsight-cli-locked-'));
  });
  afterEach(() => {
    holder?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  // What the API holds while it runs in embedded mode: the embedded store's lock, PGlite's <dir>.lock.
  const holdEventStore = async (): Promise<number> => {
    const run = runChild(compiled.pathOf('test/eventstore-embedded/fixtures/store-server.child.ts'), [join(dataDir, 'events'), '1000']);
    holder = run.child;
    await run.ready;
    return run.child.pid!;
  };
  const holdReadStore = async (): Promise<number> => {
    // A live process that is not this one, standing in for the running API.
    holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    writeFileSync(join(dataDir, 'read-store.lock'), `${holder.pid}\n`);
    return holder.pid!;
  };

  it.each([
    ['event store', holdEventStore, 'events'],
    ['read store', holdReadStore, 'read-store'],
  ] as const)('says plainly that the %s is in use, and to stop the API first', async (store, hold, directory) => {
    const holderPid = await hold();

    const run = await cli(['projections', 'rebuild'], { HINDSIGHT_DATA_DIR: dataDir });

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`Cannot rebuild now: the ${store} in ${join(dataDir, directory)} is in use by process ${holderPid}, most likely the Hindsight API.`);
    expect(run.stderr).toContain('stop the API');
    expect(run.stderr).toContain('admin route');
  });
});
