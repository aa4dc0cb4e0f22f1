/** DecideHandler through the command bus, against the embedded store through the real client. */
import type { CommandBus } from '@nestjs/cqrs';
import type { ContactCommand } from '@hindsight/domain';
import type { EventStore, RecordedDomainEvent } from '@hindsight/event-store';
import { startCommandHandlers, type RunningHandlers } from '../support/command-handlers';
import { DecideCommand } from '../../apps/api/src/commands/decide.command';
import { DecideHandler } from '../../apps/api/src/commands/decide.handler';
import type { StreamWrite } from '../../apps/api/src/commands/stream-write.model';

describe(DecideHandler.name, () => {
  let handlers: RunningHandlers;
  let commandBus: CommandBus;
  let eventStore: EventStore;
  let contactNumber = 0;

  const now = '2026-03-05T10:08:00Z';
  const send = (command: ContactCommand): Promise<StreamWrite> =>
    commandBus.execute(new DecideCommand(command, 'correlation-1', 'key:frontend-under-test'));
  const started = (contactId: string) =>
    send({
      type: 'StartContact',
      contactId,
      data: { channel: 'voice', direction: 'inbound', origin: 'inbound' },
      metadata: { now },
    });
  const eventsOf = async (contactId: string) =>
    (await eventStore.readStream(`contact-${contactId}`, (all: RecordedDomainEvent[], event) => [...all, event], [])).state;

  beforeAll(async () => {
    handlers = await startCommandHandlers([DecideHandler]);
    ({ commandBus, eventStore } = handlers);
  });

  afterAll(async () => {
    await handlers?.stop();
  });

  it('appends what the decider decides, stamped with when, who and why', async () => {
    const contactId = `C-${++contactNumber}`;
    await started(contactId);

    const write = await send({
      type: 'PlaceOnHold',
      contactId,
      data: { reason: 'To confirm identity', customerConsent: 'no' },
      metadata: { now },
    });

    expect(write).toEqual({ stream: `contact-${contactId}`, revision: 1n, events: 1, attempts: 1 });
    const [, hold] = await eventsOf(contactId);
    expect(hold).toMatchObject({
      type: 'HoldStarted',
      data: { reason: 'To confirm identity', customerConsent: 'no' },
      metadata: { occurredAt: now, source: 'hindsight-api', $correlationId: 'correlation-1', schemaVersion: 1 },
    });
  });

  it('rejects a command the stream state does not allow, and appends nothing', async () => {
    const contactId = `C-${++contactNumber}`;

    const resume = send({ type: 'ResumeFromHold', contactId, data: {}, metadata: { now } });

    await expect(resume).rejects.toMatchObject({ code: 'CONTACT.NOT_STARTED', category: 'not_found' });
    expect(await eventsOf(contactId)).toEqual([]);
  });

  it('decides again on the newer state when another writer got in first', async () => {
    const contactId = `C-${++contactNumber}`;
    await started(contactId);

    const writes = await Promise.allSettled([
      send({ type: 'DisconnectContact', contactId, data: { by: 'customer', reason: 'Hung up' }, metadata: { now } }),
      send({ type: 'DisconnectContact', contactId, data: { by: 'agent', reason: 'Ended' }, metadata: { now } }),
    ]);

    expect(writes.map((write) => write.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(writes.find((write) => write.status === 'rejected')).toMatchObject({
      reason: { code: 'CONTACT.ALREADY_DISCONNECTED' },
    });
    expect((await eventsOf(contactId)).map((event) => event.type)).toEqual(['ContactStarted', 'ContactDisconnected']);
  });

  it('seals the number to call back before it is stored', async () => {
    await commandBus.execute(
      new DecideCommand(
        {
          type: 'RequestCallback',
          callbackId: 'CB-PII',
          data: { customerId: 'cust-maple', requestedBy: 'customer', phone: '+44 20 7946 0958' },
          metadata: { now },
        },
        'correlation-2',
        'key:frontend-under-test',
      ),
    );

    const { state: [requested] } = await eventStore.readStream('callback-CB-PII', (all: RecordedDomainEvent[], event) => [...all, event], []);
    expect(requested.data).toMatchObject({ customerId: 'cust-maple', phone: { $pii: 'v1' } });
    expect(JSON.stringify(requested.data)).not.toContain('7946');
  });
});
