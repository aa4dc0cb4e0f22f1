/**
 * The production projector (in a child process) follows a store that keeps taking journey facts,
 * while PostgreSQL, on a throwaway cluster of the test's own, is restarted under it (cleanly, then as
 * a crash) and the projector itself is SIGKILLed, round after round. Once it has caught up, the read
 * models must equal what a fresh rebuild from the event store makes of the same facts.
 *
 * The API's own connection to PostgreSQL that hears the projector's commits survives a restart too.
 *
 * Runs when PostgreSQL's server binaries are installed (initdb, pg_ctl); says so when skipped. The
 * shared PostgreSQL other tests use is never restarted.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { jsonEvent, type EventStoreDBClient } from '@eventstore/db-client';
import { Client } from 'pg';
import { COMMITTED_CHANNEL, JOURNEY_PROJECTION, hindsightProjections, listenForCommits, rebuildProjections } from '@hindsight/projections';
import type { ReadStore, ReadStoreConfig } from '@hindsight/read-store';
import { compileForChild, runChild, type ChildRun, type CompiledTree } from '../support/compile-for-child';
import { startEmbeddedStore, type RunningStore } from '../support/embedded-store';
import { startHarness } from '../projections/support/projection-harness';
import { postgresBinaries, startThrowawayPostgres, type ThrowawayPostgres } from './support/throwaway-postgres';

const ROUNDS = Number(process.env.PROJECTOR_FAULT_ROUNDS ?? 4);
const CASES = 15;
const binaries = postgresBinaries();

/** One contact's facts, in two appends: the second names a case, which merges the contact's journey into the case's. */
function contactAppends(index: number) {
  const meta = (step: number) => ({
    $correlationId: randomUUID(),
    $causationId: randomUUID(),
    occurredAt: new Date(Date.UTC(2026, 2, 5, 9, index % 60, step)).toISOString(),
    source: 'fault-test',
    sourceEventId: `F-${index}-${step}`,
    schemaVersion: 1,
  });
  const event = (type: string, data: object, step: number) => jsonEvent({ id: randomUUID(), type, data: data as never, metadata: meta(step) });
  const caseId = `F${index % CASES}`;
  return {
    stream: `contact-F-${index}`,
    first: [
      event('ContactStarted', { channel: 'voice', direction: 'inbound', origin: 'inbound', customerId: `cust-${index % CASES}` }, 0),
      event('ContactQueued', { queueId: `queue-${index % 3}` }, 1),
      event('ContactAnswered', { agentId: `agent-${index % 4}` }, 2),
      event('HoldStarted', { reason: 'Checking the order', customerConsent: index % 2 ? 'yes' : 'no' }, 3),
    ],
    second: [
      event('HoldEnded', { agentId: `agent-${index % 4}` }, 4),
      event('ProblemExplained', { summary: 'The parcel never arrived', caseId }, 5),
      event('ContactDisconnected', { by: 'customer', reason: 'Done' }, 6),
    ],
    caseStream: `case-${caseId}`,
    caseOpened: event('CaseOpened', { customerId: `cust-${index % CASES}`, subject: 'Missing parcel', channel: 'voice' }, 7),
  };
}

/** Appends contacts (and their cases, the first time) until stopped; the second half of a contact comes a little later. */
function appendUntilStopped(client: EventStoreDBClient) {
  let stopping = false;
  let appended = 0;
  const done = (async () => {
    const openedCases = new Set<string>();
    const later: ReturnType<typeof contactAppends>[] = [];
    for (let index = 0; !stopping; index++) {
      const contact = contactAppends(index);
      await client.appendToStream(contact.stream, contact.first);
      later.push(contact);
      if (later.length > 3) {
        const earlier = later.shift()!;
        await client.appendToStream(earlier.stream, earlier.second);
        if (!openedCases.has(earlier.caseStream)) {
          openedCases.add(earlier.caseStream);
          await client.appendToStream(earlier.caseStream, [earlier.caseOpened]);
        }
      }
      appended = index + 1;
      await sleep(Math.random() * 5);
    }
  })();
  return {
    contacts: () => appended,
    stop: async () => {
      stopping = true;
      await done;
    },
  };
}

/** The read models as data to compare: every column that is the projection's, none that is a clock's. */
async function readModels(readStore: ReadStore) {
  return readStore.read(async (trx) => ({
    journeys: await trx
      .selectFrom('journeys')
      .select(['journey_id', 'customer_id', 'started_at', 'last_activity_at', 'outcome', 'channels', 'queues', 'agents', 'hold_total_ms', 'holds', 'transfers', 'broken_promises', 'contacts', 'document'])
      .orderBy('journey_id')
      .execute(),
    streams: await trx.selectFrom('journey_streams').selectAll().orderBy('stream_name').execute(),
    events: await trx.selectFrom('journey_events').select(['event_id', 'journey_id', 'stream_name', 'log_position', 'type']).orderBy('event_id').execute(),
  }));
}

if ('missing' in binaries) {
  describe.skip(`The projector under PostgreSQL restarts and kill -9: SKIPPED because there are ${binaries.missing}`, () => {
    it('runs when PostgreSQL server binaries are installed', () => undefined);
  });
} else {
  describe('The projector under PostgreSQL restarts and kill -9', () => {
    let compiled: CompiledTree;
    let postgres: ThrowawayPostgres;
    let store: RunningStore;
    let readStoreConfig: ReadStoreConfig;

    const startProjector = (): ChildRun =>
      runChild(compiled.pathOf('test/faults/fixtures/journey-projector.child.ts'), [store.store.connectionString, JSON.stringify(readStoreConfig)]);

    beforeAll(async () => {
      compiled = compileForChild([
        'libs/domain/src',
        'libs/event-store/src',
        'libs/eventstore-embedded/src',
        'libs/read-store/src',
        'libs/personal-data/src',
        'libs/projections/src',
        'apps/projector/src',
        'test/faults/fixtures',
      ]);
      postgres = await startThrowawayPostgres(binaries.bin);
      readStoreConfig = { kind: 'postgres', connectionString: postgres.connectionString, schemaPrefix: 'faults' };
      store = await startEmbeddedStore();
    }, 60_000);

    afterAll(async () => {
      await store?.stop();
      await postgres?.stop();
      compiled?.remove();
    });

    it(`ends with read models equal to a fresh rebuild, after ${ROUNDS} rounds of PostgreSQL restarts and projector kills`, async () => {
      const appender = appendUntilStopped(store.client);
      const restarts: string[] = [];
      try {
        for (let round = 0; round < ROUNDS; round++) {
          const projector = startProjector();
          await projector.ready;
          await sleep(200 + Math.random() * 600);
          // PostgreSQL goes away under the running projector: cleanly, then as a crash.
          const mode = round % 2 === 0 ? 'fast' : 'immediate';
          await postgres.restart(mode);
          restarts.push(mode);
          // It reconnects and carries on; somewhere in that, it dies mid-batch.
          await sleep(300 + Math.random() * 1_500);
          projector.child.kill('SIGKILL');
          await projector.exited;
        }
      } finally {
        await appender.stop();
      }

      // A projector started once more catches up with everything appended.
      const harness = await startHarness(readStoreConfig, store);
      const projector = startProjector();
      try {
        await projector.ready;
        const head = await harness.eventStore.logHead();
        for (let waited = 0; ; waited += 100) {
          const checkpoint = await harness.readStore.read((trx) =>
            trx.selectFrom('checkpoint').select('commit_position').where('projection', '=', JOURNEY_PROJECTION).executeTakeFirst(),
          );
          if (checkpoint && checkpoint.commit_position >= head.commit) break;
          if (waited > 60_000) throw new Error('The projector did not catch up within a minute');
          await sleep(100);
        }
        projector.child.kill('SIGKILL');
        await projector.exited;

        const live = await readModels(harness.readStore);
        await rebuildProjections(harness.eventStore, harness.readStore, { projections: hindsightProjections() });
        const rebuilt = await readModels(harness.readStore);

        console.log(
          `${ROUNDS} rounds: PostgreSQL restarted (${restarts.join(', ')}) under the projector, which was then killed; ` +
            `${appender.contacts()} contacts appended; ${live.journeys.length} journeys, ${live.events.length} facts projected, equal to a fresh rebuild`,
        );
        expect(live.events.length).toBeGreaterThan(0);
        expect(live.journeys.length).toBeLessThanOrEqual(appender.contacts());
        expect(live).toEqual(rebuilt);
      } finally {
        projector.child.kill('SIGKILL');
        await harness.close();
      }
    }, 180_000);
  });
}

if ('missing' in binaries) {
  describe.skip(`${listenForCommits.name} across a PostgreSQL restart: SKIPPED because there are ${binaries.missing}`, () => {
    it('runs when PostgreSQL server binaries are installed', () => undefined);
  });
} else {
  describe(`${listenForCommits.name} across a PostgreSQL restart`, () => {
    let postgres: ThrowawayPostgres;

    beforeAll(async () => {
      postgres = await startThrowawayPostgres(binaries.bin);
    }, 60_000);

    afterAll(async () => {
      await postgres?.stop();
    });

    it('reconnects by itself and hears commits again', async () => {
      const heard: string[] = [];
      const lost: string[] = [];
      const stop = await listenForCommits(postgres.connectionString, (batch) => heard.push(...batch.touched), {
        retryDelayMs: 100,
        onError: (error) => lost.push(error.message),
      });
      const notify = async (touched: string) => {
        const client = new Client({ connectionString: postgres.connectionString });
        await client.connect();
        await client.query('select pg_notify($1, $2)', [COMMITTED_CHANNEL, JSON.stringify({ projection: JOURNEY_PROJECTION, generation: 1, touched: [touched] })]);
        await client.end();
      };
      try {
        await postgres.restart('immediate');
        for (let waited = 0; !heard.includes('after-restart'); waited += 100) {
          if (waited > 30_000) throw new Error(`Never heard a commit after the restart (errors: ${lost.join('; ')})`);
          await notify('after-restart').catch(() => undefined);
          await sleep(100);
        }
      } finally {
        await stop();
      }

      expect(lost.length).toBeGreaterThan(0);
      expect(heard).toContain('after-restart');
    });
  });
}
