/**
 * The event store goes away under a running API that is taking `recordEvents` writes: stopped cleanly
 * once, killed with SIGKILL once, and started again each time on the same port and data. The API is
 * never restarted. Writes in flight either succeed or are answered with a retryable error, no
 * stream's append is stored in part, the API's client reconnects by itself, and re-sending every
 * batch afterwards leaves each fact stored exactly once.
 */
import { type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { startApi, type GraphQLResponse, type RunningApi } from '../support/api';
import { compileForChild, runChild, type CompiledTree } from '../support/compile-for-child';
import { temporaryDataDir } from '../support/embedded-store';
import { recordEventsMutation, storedFacts, type RecordEventsBody } from '../support/facts';

const WRITERS = 4;
const STREAMS_PER_BATCH = 4;
const FACTS_PER_STREAM = 5;
const RETRYABLE_CODES = ['EVENT_STORE.UNAVAILABLE', 'EVENT_STORE.TIMEOUT'];

interface Fact {
  readonly source: string;
  readonly sourceEventId: string;
  readonly occurredAt: string;
  readonly stream: string;
  readonly event: Record<string, object>;
}

/** What became of one fact in one call. */
type Answer = { status: 'RECORDED' | 'DUPLICATE' } | { status: 'FAILED'; code?: string; retryable?: unknown };

interface Sent {
  readonly batch: readonly Fact[];
  readonly answers: readonly Answer[];
}

/** A contact's first facts as telephony reports them, on streams no other batch uses. */
function batch(writer: number, sequence: number): Fact[] {
  return Array.from({ length: STREAMS_PER_BATCH }, (_, streamIndex) => {
    const contactId = `restart-${writer}-${sequence}-${streamIndex}`;
    const steps: Record<string, object>[] = [
      { contactStarted: { channel: 'voice', direction: 'inbound', origin: 'inbound', customerId: `cust-${writer}` } },
      { contactQueued: { queueId: 'billing' } },
      { contactAnswered: { agentId: `agent-${writer}` } },
      { holdStarted: { reason: 'Checking the order', customerConsent: 'yes' } },
      { holdEnded: { agentId: `agent-${writer}` } },
    ];
    return steps.slice(0, FACTS_PER_STREAM).map((event, step) => ({
      source: 'telephony',
      sourceEventId: `${contactId}-${step}`,
      occurredAt: new Date(Date.UTC(2026, 2, 5, 10, step)).toISOString(),
      stream: `contact-${contactId}`,
      event,
    }));
  }).flat();
}

function answersOf(response: GraphQLResponse<RecordEventsBody>, facts: readonly Fact[]): Answer[] {
  if (response.data?.recordEvents) {
    return response.data.recordEvents.results.map((result) =>
      result.status === 'REJECTED'
        ? { status: 'FAILED', code: result.error?.code, retryable: result.error?.retryable }
        : { status: result.status },
    );
  }
  // The whole call failed (the store was unreachable before any append): every fact failed alike.
  const [error] = response.errors ?? [];
  return facts.map(() => ({ status: 'FAILED', code: error?.extensions?.code, retryable: error?.extensions?.retryable }));
}

class StoreProcess {
  private child?: ChildProcess;

  constructor(
    private readonly compiled: CompiledTree,
    readonly dataDir: string,
    public port = 0,
  ) {}

  async start(): Promise<void> {
    const run = runChild(this.compiled.pathOf('test/faults/fixtures/event-store.child.ts'), [this.dataDir, String(this.port)]);
    this.port = Number(await run.ready);
    const { child } = run;
    this.child = child;
  }

  async stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const child = this.child!;
    this.child = undefined;
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }
}

describe('The API while its event store is stopped and restarted', () => {
  let compiled: CompiledTree;
  let store: StoreProcess;
  let api: RunningApi;
  const firstPass: Sent[] = [];
  let resent: Sent[];
  let afterRestart: Sent[];

  const record = async (facts: readonly Fact[]): Promise<Sent> => ({
    batch: facts,
    answers: answersOf(await api.graphql<RecordEventsBody>(recordEventsMutation, { facts }), facts),
  });

  beforeAll(async () => {
    compiled = compileForChild(['libs/eventstore-embedded/src', 'test/faults/fixtures']);
    store = new StoreProcess(compiled, temporaryDataDir());
    await store.start();
    api = await startApi({
      EVENTSTORE_CONNECTION_STRING: `esdb://127.0.0.1:${store.port}?tls=false`,
      HINDSIGHT_RUN_PROJECTOR: 'false',
      // A store that has gone quiet must not hold a request for long.
      EVENTSTORE_DEADLINE_MS: '3000',
    });

    // Writers keep sending until told to stop; the store is stopped twice under them.
    let writing = true;
    const writers = Array.from({ length: WRITERS }, async (_, writer) => {
      for (let sequence = 0; writing; sequence++) {
        const sent = await record(batch(writer, sequence));
        firstPass.push(sent);
        // After a failure, a pause like any client's backoff, so the outage is sampled, not flooded.
        if (sent.answers.some((answer) => answer.status === 'FAILED')) await sleep(50);
      }
    });
    const succeededSoFar = () => firstPass.filter((sent) => sent.answers.every((answer) => answer.status === 'RECORDED')).length;
    const waitForSuccesses = async (atLeast: number) => {
      const giveUpAt = Date.now() + 60_000;
      while (succeededSoFar() < atLeast) {
        if (Date.now() > giveUpAt) {
          writing = false;
          throw new Error(`No successful write for a minute: the API did not reconnect (last answers: ${JSON.stringify(firstPass.slice(-2))})`);
        }
        await sleep(20);
      }
    };
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      await waitForSuccesses(succeededSoFar() + 10);
      await store.stop(signal);
      await sleep(1_000);
      await store.start();
    }
    await waitForSuccesses(succeededSoFar() + 10);
    writing = false;
    await Promise.all(writers);

    afterRestart = firstPass.slice(-WRITERS);
    const answers = firstPass.flatMap((sent) => sent.answers);
    const failures = new Map<string, number>();
    for (const answer of answers) {
      if (answer.status === 'FAILED') failures.set(String(answer.code), (failures.get(String(answer.code)) ?? 0) + 1);
    }
    console.log(
      `store stopped (SIGTERM) and killed (SIGKILL) under ${WRITERS} writers: ${firstPass.length} calls, ${answers.length} facts, ` +
        `${answers.length - [...failures.values()].reduce((sum, count) => sum + count, 0)} acknowledged, failed: ${JSON.stringify(Object.fromEntries(failures))}`,
    );
    resent = [];
    for (const sent of firstPass) resent.push(await record(sent.batch));
  }, 180_000);

  afterAll(async () => {
    await api?.stop();
    await store?.stop('SIGTERM');
    rmSync(store?.dataDir ?? '', { recursive: true, force: true });
    compiled?.remove();
  });

  it('answered some writes with an error while the store was down: the outage was real', () => {
    const failed = firstPass.flatMap((sent) => sent.answers).filter((answer) => answer.status === 'FAILED');

    expect(failed.length).toBeGreaterThan(0);
  });

  it('answered every write it could not make with a retryable error code, never an internal error', () => {
    const failures = firstPass.flatMap((sent) => sent.answers).filter((answer) => answer.status === 'FAILED');
    const kinds = new Set(failures.map((answer) => answer.status === 'FAILED' && `${answer.code} retryable=${String(answer.retryable)}`));

    expect([...kinds].filter((kind) => !RETRYABLE_CODES.some((code) => kind === `${code} retryable=true`))).toEqual([]);
  });

  it('records again once the store is back, without the API being restarted', () => {
    for (const sent of afterRestart) expect(sent.answers.every((answer) => answer.status === 'RECORDED')).toBe(true);
  });

  it('stored every acknowledged fact, and no stream of a batch in part', async () => {
    const stored = await storedFacts(api.storeClient);
    const storedIds = new Set(stored.map((fact) => fact.metadata.sourceEventId));
    const acknowledged = firstPass.flatMap((sent) => sent.batch.filter((_, index) => sent.answers[index].status !== 'FAILED'));
    const partialStreams = firstPass.flatMap((sent) => {
      const streams = new Set(sent.batch.map((fact) => fact.stream));
      return [...streams].filter((stream) => {
        const present = sent.batch.filter((fact) => fact.stream === stream).map((fact) => storedIds.has(fact.sourceEventId));
        return present.some(Boolean) && !present.every(Boolean);
      });
    });

    expect(acknowledged.filter((fact) => !storedIds.has(fact.sourceEventId))).toEqual([]);
    expect(partialStreams).toEqual([]);
  });

  it('takes every batch sent again, and then holds each fact exactly once', async () => {
    const stored = await storedFacts(api.storeClient);
    const sentFacts = firstPass.flatMap((sent) => sent.batch);
    const copies = new Map<unknown, number>();
    for (const fact of stored) copies.set(fact.metadata.sourceEventId, (copies.get(fact.metadata.sourceEventId) ?? 0) + 1);

    expect(resent.flatMap((sent) => sent.answers).filter((answer) => answer.status === 'FAILED')).toEqual([]);
    expect(stored).toHaveLength(sentFacts.length);
    expect(sentFacts.filter((fact) => copies.get(fact.sourceEventId) !== 1)).toEqual([]);
  });
});
