/**
 * Journeys judged as time passes: the live projector, on a controlled clock, judges a quiet journey
 * again when its verdict changes with no new fact (the callback nobody returned is found the moment
 * its window ends, and listeners hear of it), and a rebuild at one instant stores the verdicts the
 * live projector holds at that instant. The tests run in order and share one read store.
 */
import { stories, type StoryFact } from '@hindsight/domain';
import { JourneyProjection, JourneyQueries, ProjectionRunner, rebuildProjections, type CommittedBatch, type StoredJourney } from '@hindsight/projections';
import { appendFacts, eventually, startHarness, type Harness } from './support/projection-harness';
import { readStoreTargets, reportSkippedPostgres } from '../support/read-store-targets';

/** A clock the test sets; the runner reads it for every batch and every look for what fell due. */
class TestClock {
  private instant: Date;
  constructor(iso: string) {
    this.instant = new Date(iso);
  }
  set(iso: string): void {
    this.instant = new Date(iso);
  }
  readonly read = () => this.instant;
}

const allFacts = stories.flatMap((story) => story.facts);
const voicemailW1 = allFacts.filter((fact) => fact.streamName === 'contact-VM-1' || fact.streamName === 'callback-W-1');
const rest = allFacts.filter((fact) => !voicemailW1.includes(fact));

/** What the stored verdict says, leaving out what grows between two judgements (durations, judgedAt). */
function verdictOf(journey: StoredJourney) {
  return {
    id: journey.id,
    rulebook: journey.rulebook,
    findingCodes: journey.findingCodes,
    worstSeverity: journey.worstSeverity,
    nextChangeAt: journey.nextChangeAt,
    promises: [...journey.callbacks, ...journey.expectations].map((promise) => promise.status),
    outcome: journey.metrics.outcome,
    provisional: journey.metrics.outcomeProvisional,
  };
}

reportSkippedPostgres('Journeys judged as time passes');

describe.each(readStoreTargets())('Journeys judged as time passes, on $name', (target) => {
  let harness: Harness;
  let queries: JourneyQueries;
  const clock = new TestClock('2026-02-02T09:00:00Z');
  const heard: CommittedBatch[] = [];
  let runner: ProjectionRunner;

  beforeAll(async () => {
    harness = await startHarness(target.config);
    queries = new JourneyQueries(harness.readStore);
    runner = new ProjectionRunner(harness.eventStore, harness.readStore, new JourneyProjection(), { clock: clock.read, dueIntervalMs: 20 });
    runner.onCommitted((batch) => heard.push(batch));
    await runner.start();
  });
  afterAll(async () => {
    await runner?.stop();
    await harness?.close();
    await target.cleanUp();
  });

  const journey = async (id: string) => (await queries.byIds([id]))[0];
  const stored = (id: string) => eventually(() => journey(id), (found) => found !== null);
  const storedRow = (id: string) =>
    harness.readStore.read((trx) =>
      trx.selectFrom('journeys').select(['judged_at', 'next_change_at', 'finding_codes', 'finding_severity', 'rulebook']).where('journey_id', '=', id).executeTakeFirstOrThrow(),
    );

  it('judges the voicemail nobody returned as of now, and again, with no new fact, when its 24 hours to attempt it end', async () => {
    await appendFacts(harness.eventStore, voicemailW1);
    const left = await stored('callback-W-1');
    expect(left).toMatchObject({ judgedAt: '2026-02-02T09:00:00.000Z', findingCodes: [], nextChangeAt: '2026-02-03T09:00:00.000Z' });

    clock.set('2026-02-03T08:59:59.999Z');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await journey('callback-W-1'))?.judgedAt).toBe('2026-02-02T09:00:00.000Z');

    clock.set('2026-02-03T09:00:00.000Z');
    const due = await eventually(() => journey('callback-W-1'), (found) => found?.findingCodes.length === 1);
    expect(due).toMatchObject({ judgedAt: '2026-02-03T09:00:00.000Z', findingCodes: ['CALLBACK_NEVER_ATTEMPTED'], worstSeverity: 'high', nextChangeAt: null });
    expect(due?.metrics.promises.callbacksNeverAttempted).toBe(1);
    expect(await storedRow(due!.id)).toEqual({
      judged_at: new Date('2026-02-03T09:00:00.000Z'),
      next_change_at: null,
      finding_codes: ['CALLBACK_NEVER_ATTEMPTED'],
      finding_severity: 3,
      rulebook: '2026.1',
    });
    expect(heard.some((batch) => batch.events === 0 && batch.touched.includes(due!.id))).toBe(true);
    expect(runner.progress().dueApplied).toBeGreaterThanOrEqual(1);
  });

  it('stores, after a rebuild at an instant, the verdicts the live projector held at that instant', async () => {
    clock.set('2026-03-01T00:00:00Z');
    await appendFacts(harness.eventStore, rest as StoryFact[]);
    await eventually(() => runner.status(), (status) => status.caughtUp);
    // Months later: every promise, window and silence of the stories has fallen due.
    clock.set('2026-05-01T00:00:00Z');
    const overdue = () =>
      harness.readStore.read((trx) => trx.selectFrom('journeys').select('journey_id').where('next_change_at', '<=', clock.read()).execute());
    await eventually(overdue, (rows) => rows.length === 0);
    const ids = (await harness.readStore.read((trx) => trx.selectFrom('journeys').select('journey_id').orderBy('journey_id').execute())).map((row) => row.journey_id);
    const live = (await queries.byIds(ids)).map((found) => verdictOf(found!));
    await runner.stop();

    await rebuildProjections(harness.eventStore, harness.readStore, { projections: [new JourneyProjection()], clock: clock.read });
    const rebuilt = (await queries.byIds(ids)).map((found) => verdictOf(found!));
    expect(rebuilt).toEqual(live);
    expect(live.flatMap((verdict) => verdict.findingCodes)).toEqual(expect.arrayContaining(['CALLBACK_NEVER_ATTEMPTED', 'BROKEN_PROMISE', 'SILENCE']));
    for (const found of await queries.byIds(ids)) {
      expect(found!.judgedAt).toBe(new Date(Math.max(clock.read().getTime(), Date.parse(found!.lastActivityAt!))).toISOString());
    }
  });
});
