import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tenantSettings } from '../tenant-settings';
import { mapConversationDetails } from './conversation-detail.mapping';

/** Conversation detail records written from Genesys's documented models: one page of a details query, then one conversation. */
const exported: unknown[] = readFileSync(join(__dirname, 'fixtures', 'conversation-details.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line));

const CALL = 'c1e6a0f2-8b7d-4c5e-9a3f-2d1b0e9c8a77';
const settings = tenantSettings({ outcomeByDisposition: { resolved: 'resolved', transferred: 'unresolved' } });
const onStream = (stream: string) =>
  mapConversationDetails(exported, settings)
    .facts.filter((fact) => fact.streamName === stream)
    .map(({ type, occurredAt, data }) => ({ type, occurredAt, data }));

describe('Genesys Cloud conversation details', () => {
  it('given a call transferred blind from one queue to another, when mapped, then one contact tells it in order, holds and wrap-ups included', () => {
    expect(onStream(`contact-${CALL}`).map(({ type, occurredAt }) => `${occurredAt} ${type}`).sort()).toEqual(
      [
        '2026-02-03T10:00:00Z ContactStarted',
        '2026-02-03T10:01:00Z ContactQueued',
        '2026-02-03T10:03:20Z ContactAnswered',
        '2026-02-03T10:08:00Z HoldStarted',
        '2026-02-03T10:09:35Z HoldEnded',
        '2026-02-03T10:10:05Z TransferInitiated',
        '2026-02-03T10:10:05Z ContactQueued',
        '2026-02-03T10:11:00Z ContactWrappedUp',
        '2026-02-03T10:12:40Z ContactAnswered',
        '2026-02-03T10:12:40Z TransferCompleted',
        '2026-02-03T10:31:09Z ContactDisconnected',
        '2026-02-03T10:31:10Z ContactWrappedUp',
      ].sort(),
    );
  });

  it('given the transfer, the hold and the hang-up, when mapped, then each says what Genesys told: the next queue, an unknown consent, the customer hanging up', () => {
    const facts = onStream(`contact-${CALL}`);
    const data = (type: string) => facts.filter((fact) => fact.type === type).map((fact) => fact.data);

    expect(data('ContactStarted')).toEqual([{ channel: 'voice', direction: 'inbound', origin: 'inbound', customerId: 'CUST-90' }]);
    expect(data('TransferInitiated')).toEqual([{ kind: 'blind', target: { type: 'queue', id: '9f8e7d6c-5b4a-4392-8a1f-2e3d4c5b6a7f' }, contextShared: false }]);
    expect(data('HoldStarted')).toEqual([{ reason: 'not reported by the platform', customerConsent: 'unknown' }]);
    expect(data('ContactDisconnected')).toEqual([{ by: 'customer', reason: 'endpoint' }]);
    expect(data('ContactWrappedUp')).toEqual([
      { outcome: 'unresolved', disposition: 'transferred' },
      { outcome: 'resolved', disposition: 'resolved' },
    ]);
    expect(JSON.stringify(facts)).not.toMatch(/Jane Roe|447700900789/);
  });

  it('given a scheduled callback, when mapped, then the request (with the number, sealed later by the API) and its promise with a due time are on its callback stream', () => {
    expect(onStream('callback-s-cb')).toEqual([
      {
        type: 'CallbackRequested',
        occurredAt: '2026-02-04T08:00:00Z',
        data: { customerId: 'CUST-90', requestedBy: 'customer', contactId: 'd2f7b1a3-9c8e-4d6f-8b4a-3e2c1f0d9b88', phone: '+447700900789' },
      },
      { type: 'CallbackPromised', occurredAt: '2026-02-04T08:00:00Z', data: { promisedBy: '8e7d6c5b-4a39-4281-9f0e-1d2c3b4a5f6e', dueBy: '2026-02-04T09:00:00Z' } },
    ]);
  });

  it('given a conversation that has not ended, when mapped, then it is held, and the agent who ended a call from the UI is who disconnected', () => {
    const { unmapped } = mapConversationDetails(exported, settings);

    expect(unmapped).toContainEqual({ recordId: 'e3a8c2b4-0d9f-4e7a-9c5b-4f3d2a1e0c99', kind: 'held', why: expect.stringContaining('has not ended') });
    expect(onStream('contact-d2f7b1a3-9c8e-4d6f-8b4a-3e2c1f0d9b88').find((fact) => fact.type === 'ContactDisconnected')?.data).toEqual({ by: 'agent', reason: 'peer' });
  });

  it('given the same export twice, or the detail events\' UPPER_SNAKE spellings, when mapped, then the same facts', () => {
    const once = mapConversationDetails(exported, settings).facts;
    const upper = exported.map((line) => JSON.parse(JSON.stringify(line).replace(/"disconnectType":"transfer"/g, '"disconnectType":"TRANSFER"').replace(/"segmentType":"hold"/g, '"segmentType":"HOLD"')));

    expect(mapConversationDetails([...exported, ...exported], settings).facts).toEqual(once);
    expect(mapConversationDetails(upper, settings).facts).toEqual(once);
  });
});
