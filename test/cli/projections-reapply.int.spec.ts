/**
 * `cli projections reapply-quarantined` in-process, over an embedded event store in a temporary data
 * directory and a read store on PGlite (and PostgreSQL when DATABASE_URL is set). Poison pills appended
 * straight to the store are quarantined by the live projections; re-applied before any fix they all
 * stay, each with one more attempt; once a fix ships (here an upcaster that replaces NUL bytes in
 * customer ids, the way a fix for stored events ships: a new version, never an edit of history) the one
 * it fixes is applied and released, and the others stay with their new error.
 */
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Upcaster } from '@hindsight/event-store';
import { ProjectionRunner, hindsightProjections, listQuarantined } from '@hindsight/projections';
import { ReadStore, type ReadStoreConfig } from '@hindsight/read-store';
import { reapplyQuarantinedCommand } from '../../apps/cli/src/projections-reapply';
import { CapturedOutput, runCliCapturing } from '../support/cli';
import { startEmbeddedStore } from '../support/embedded-store';
import { appendGoodContact, appendPoisonPills, type PoisonPills } from '../projections/support/poison-pills';
import { eventually, startHarness } from '../projections/support/projection-harness';
import { readStoreTargets, reportSkippedPostgres, type ReadStoreTarget } from '../support/read-store-targets';

/** The fix: ContactStarted version 2 is version 1 with NUL bytes in customerId replaced by U+FFFD. */
const nulFreeCustomerIds: Upcaster = {
  type: 'ContactStarted',
  fromSchemaVersion: 1,
  upcast: (event) => {
    const data = event.data as { customerId?: unknown };
    const customerId = typeof data.customerId === 'string' ? data.customerId.replaceAll('\u0000', '\ufffd') : data.customerId;
    return { ...event, schemaVersion: 2, data: { ...data, customerId } };
  },
};

function environmentFor(config: ReadStoreConfig, dataDir: string): NodeJS.ProcessEnv {
  if (config.kind === 'pglite') return { HINDSIGHT_DATA_DIR: dataDir };
  return { HINDSIGHT_DATA_DIR: dataDir, DATABASE_URL: config.connectionString, HINDSIGHT_READ_SCHEMA_PREFIX: config.schemaPrefix };
}

reportSkippedPostgres('cli projections reapply-quarantined');

describe.each(readStoreTargets())('cli projections reapply-quarantined on $name', (target: ReadStoreTarget) => {
  const dataDir = target.config.kind === 'pglite' ? dirname(target.config.dataDir) : mkdtempSync(join(tmpdir(), 'hindsight-cli-'));
  const env = environmentFor(target.config, dataDir);
  const prefix = randomUUID().slice(0, 8);
  let pills: PoisonPills;

  const quarantined = async () => {
    const readStore = await ReadStore.open(target.config);
    try {
      return await readStore.read((trx) => listQuarantined(trx));
    } finally {
      await readStore.close();
    }
  };
  const run = (argv: string[]) => runCliCapturing(['projections', 'reapply-quarantined', ...argv], { env });

  beforeAll(async () => {
    // The live projections, as the API runs them, over poison pills and a good fact after them.
    const store = await startEmbeddedStore({}, join(dataDir, 'events'));
    const harness = await startHarness(target.config, store);
    pills = await appendPoisonPills(store.client, prefix);
    await appendGoodContact(store.client, `contact-${prefix}-good`, `cust-${prefix}`);
    const runners = hindsightProjections().map((projection) => new ProjectionRunner(harness.eventStore, harness.readStore, projection));
    await Promise.all(runners.map((runner) => runner.start()));
    await eventually(() => Promise.all(runners.map((runner) => runner.status())), (statuses) => statuses.every((status) => status.caughtUp));

    // While a process holds the embedded store's directory (the API, in embedded mode), the command refuses and says why.
    const refused = await run([]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Cannot re-apply now: the event store');

    await Promise.all(runners.map((runner) => runner.stop()));
    await harness.close();
    await store.client.dispose();
    await store.store.stop();
  });
  afterAll(async () => {
    await target.cleanUp();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every event in quarantine, one more attempt each, while nothing is fixed', async () => {
    expect((await quarantined()).map((entry) => [entry.projection, entry.attempts])).toEqual(expect.arrayContaining([['journeys', 1], ['reviews', 1]]));

    const { code, stdout } = await run([]);

    expect(code).toBe(1);
    expect(stdout).toContain('Re-applied 0 of 8 quarantined events; 8 still fail and stay in quarantine.');
    expect(stdout).toMatch(/still fails {2}journeys \d+\/\d+ ContactStarted [0-9a-f-]+ \(contact-\w+-nul-customer\): .*(invalid byte sequence|unsupported Unicode escape)/);
    const after = await quarantined();
    expect(after).toHaveLength(8);
    expect(after.every((entry) => entry.attempts === 2)).toBe(true);
  });

  it('re-applies only the named projection’s quarantine', async () => {
    const { code, stdout } = await run(['--projection', 'reviews']);

    expect(code).toBe(1);
    expect(stdout).toContain('Re-applied 0 of 3 quarantined events');
    const after = await quarantined();
    expect(after.filter((entry) => entry.projection === 'reviews').every((entry) => entry.attempts === 3)).toBe(true);
    expect(after.filter((entry) => entry.projection === 'journeys').every((entry) => entry.attempts === 2)).toBe(true);
  });

  it('applies and releases the event a fix makes applicable, and keeps the rest with their new error', async () => {
    const stdout = new CapturedOutput();
    const stderr = new CapturedOutput();

    const code = await reapplyQuarantinedCommand({ env, stdout, stderr, signal: new AbortController().signal }, { upcasters: [nulFreeCustomerIds] });

    expect(code).toBe(1);
    expect(stdout.text).toMatch(new RegExp(`applied {6}journeys \\d+/\\d+ ContactStarted [0-9a-f-]+ \\(${pills.nulInCustomerId.stream}\\)`));
    expect(stdout.text).toContain('Re-applied 1 of 8 quarantined events; 7 still fail and stay in quarantine.');
    const left = await quarantined();
    expect(left.map((entry) => entry.streamName)).not.toContain(pills.nulInCustomerId.stream);
    expect(left.filter((entry) => entry.projection === 'journeys').map((entry) => entry.streamName).sort()).toEqual(
      [`contact-${prefix}-nul\\u0000stream`, pills.withoutCorrelationId.stream, pills.dataNotAnObject.stream, pills.metadataNotJson.stream].sort(),
    );
    const readStore = await ReadStore.open(target.config);
    try {
      const journey = await readStore.read((trx) =>
        trx.selectFrom('journeys').select(['journey_id', 'customer_id']).where('journey_id', '=', pills.nulInCustomerId.stream).executeTakeFirst(),
      );
      expect(journey).toEqual({ journey_id: pills.nulInCustomerId.stream, customer_id: `cust-${prefix}\ufffdx` });
    } finally {
      await readStore.close();
    }
  });

  it('refuses a projection nobody runs, naming the ones there are', async () => {
    const { code, stdout, stderr } = await run(['--projection', 'nobody']);

    expect(code).toBe(1);
    expect(stderr).toContain('No projection is named "nobody"; the projections are journeys, reviews');
    expect(stdout).toBe('');
  });
});
