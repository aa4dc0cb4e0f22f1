/**
 * RecordEventsHandler through the command bus, against the embedded store through the real client.
 */
import type { CommandBus } from '@nestjs/cqrs';
import { stories } from '@hindsight/domain';
import { eventStoreClient, type EventStore } from '@hindsight/event-store';
import { revealFacts } from '@hindsight/personal-data';
import { startCommandHandlers, type RunningHandlers } from '../support/command-handlers';
import { factInput } from '../support/facts';
import { RecordEventsCommand } from '../../apps/api/src/recording/record-events.command';
import { RecordEventsHandler } from '../../apps/api/src/recording/record-events.handler';
import { FactStatus, type RecordEventsResult } from '../../apps/api/src/recording/record-events.result';

describe(RecordEventsHandler.name, () => {
  let handlers: RunningHandlers;
  let commandBus: CommandBus;
  let eventStore: EventStore;
  let batch = 0;

  const record = (facts: readonly object[]): Promise<RecordEventsResult> =>
    commandBus.execute(new RecordEventsCommand(facts as never, `batch-${++batch}`, 'key:integration-under-test'));
  const typesOn = async (stream: string) =>
    (await eventStore.readStream(stream, (types: string[], event) => [...types, event.type], [])).state;
  const hold = (contactId: string, sourceEventId: string, reason = 'Checking') => ({
    source: 'telephony',
    sourceEventId,
    occurredAt: '2026-02-03T10:15:00Z',
    stream: `contact-${contactId}`,
    event: { holdStarted: { reason, customerConsent: 'unknown' } },
  });

  beforeAll(async () => {
    handlers = await startCommandHandlers([RecordEventsHandler]);
    ({ commandBus, eventStore } = handlers);
  });

  afterAll(async () => {
    await handlers?.stop();
  });

  it('records facts that arrive late and out of order, as they come', async () => {
    const [story] = stories;
    const hangUpFirst = [...story.facts].reverse().map(factInput);

    const result = await record(hangUpFirst);

    expect(result).toMatchObject({ recorded: story.facts.length, rejected: 0 });
    const c1 = story.facts.filter((fact) => fact.streamName === 'contact-C-1').map((fact) => fact.type);
    expect(await typesOn('contact-C-1')).toEqual([...c1].reverse());
  });

  it('appends the facts of one stream atomically: when the store refuses the append, none is stored', async () => {
    const tooLarge = Array.from({ length: 150 }, (_, index) => hold('BIG', `big-${index}`, 'x'.repeat(9_000)));

    const result = await record([hold('SMALL', 'small-1'), ...tooLarge]);

    expect(result.results[0].status).toBe(FactStatus.RECORDED);
    expect(new Set(result.results.slice(1).map((fact) => fact.error?.code))).toEqual(
      new Set(['EVENT_STORE.APPEND_TOO_LARGE']),
    );
    expect(await typesOn('contact-BIG')).toEqual([]);
    expect(await typesOn('contact-SMALL')).toEqual(['HoldStarted']);
  });

  describe('given a fact with personal data', () => {
    const identified = (phone: string, details: { name?: string; method?: string } = {}) => ({
      source: 'crm',
      sourceEventId: 'identified-1',
      occurredAt: '2026-02-03T10:01:00Z',
      stream: 'contact-PII',
      event: {
        customerIdentified: { customerId: 'cust-maple', method: details.method ?? 'agent', name: details.name ?? 'Maple Tanaka', phone, email: 'maple@example.com' },
      },
    });
    const storedData = async () =>
      (await eventStore.readStream('contact-PII', (data: object[], event) => [...data, event.data as object], [] as object[])).state;
    const revealedData = async () =>
      (await revealFacts(handlers.customerKeys, (await storedData()).map((data) => ({ type: 'CustomerIdentified', data })))).map((fact) => fact.data);

    beforeAll(async () => {
      await record([identified('+44 20 7946 0958')]);
    });

    it('stores every personal field sealed, and none in plain text', async () => {
      const [data] = await storedData();
      expect(data).toMatchObject({ customerId: 'cust-maple', method: 'agent', name: { $pii: 'v1' }, phone: { $pii: 'v1' }, email: { $pii: 'v1' } });
      expect(JSON.stringify(data)).not.toMatch(/Maple|7946|maple@/);
    });

    it('answers the same fact sent again as a duplicate and stores nothing more', async () => {
      const result = await record([identified('+44 20 7946 0958')]);

      expect(result).toMatchObject({ recorded: 0, duplicates: 1, rejected: 0 });
      expect(await storedData()).toHaveLength(1);
    });

    it('answers a known source id with guessed personal values as a duplicate, right or wrong, and keeps what it stored', async () => {
      const stored = await storedData();

      const [wrong, right] = [await record([identified('+44 20 7946 0000', { name: 'Maple Guess' })]), await record([identified('+44 20 7946 0958')])];

      expect(wrong).toEqual(right);
      expect(wrong).toMatchObject({ recorded: 0, duplicates: 1, rejected: 0 });
      expect(await storedData()).toEqual(stored);
      expect(await revealedData()).toMatchObject([{ name: 'Maple Tanaka', phone: '+44 20 7946 0958' }]);
    });

    it('still refuses the same source id with other non-personal content: a fact is never rewritten', async () => {
      const result = await record([identified('+44 20 7946 0958', { method: 'ivr' })]);

      expect(result.results[0]).toMatchObject({ status: FactStatus.REJECTED, error: { code: 'FACT.CONFLICTS_WITH_RECORDED' } });
      expect(await storedData()).toHaveLength(1);
    });
  });

  it('rejects the facts of a stream that was deleted for good, and records the others', async () => {
    await record([hold('GONE', 'gone-0')]);
    const client = eventStoreClient((await eventStore.checkHealth()).connectionString);
    await client.tombstoneStream('contact-GONE');
    await client.dispose();

    const result = await record([hold('GONE', 'gone-1'), hold('ALIVE', 'alive-1')]);

    expect(result.results.map((fact) => [fact.status, fact.error?.code])).toEqual([
      [FactStatus.REJECTED, 'EVENT_STORE.STREAM_DELETED'],
      [FactStatus.RECORDED, undefined],
    ]);
  });
});
