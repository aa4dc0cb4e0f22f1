import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tenantSettings } from '../tenant-settings';
import { mapContactRecords } from './contact-record.mapping';

/** Records written from AWS's documented field names (ctr-data-model), one JSON per line as Firehose delivers them. */
const records: unknown[] = readFileSync(join(__dirname, 'fixtures', 'contact-records.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line));

const A = '5d0b8e21-6a7c-4f3e-b1d2-9c8a7e6f5d44';
const B = '9e2a7c1d-3f4b-4a6e-8d2c-5b1e0f9a7c33';
const C = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const D = '7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d';

const settings = tenantSettings({
  customerIdAttribute: 'crmCustomerId',
  dispositionAttribute: 'disposition',
  outcomeByDisposition: { resolved: 'resolved', transferred: 'unresolved' },
});

const onStream = (stream: string, mapping = mapContactRecords(records, settings)) =>
  mapping.facts.filter((fact) => fact.streamName === stream).map(({ type, occurredAt, data }) => ({ type, occurredAt, data }));

describe('Amazon Connect contact records', () => {
  it('given a cold transfer, when both legs are mapped, then the first leg holds the blind transfer to the second leg\'s queue, without context', () => {
    expect(onStream(`contact-${A}`)).toEqual([
      { type: 'ContactStarted', occurredAt: '2026-02-03T10:01:12Z', data: { channel: 'voice', direction: 'inbound', origin: 'inbound', customerId: 'CUST-77' } },
      { type: 'ContactQueued', occurredAt: '2026-02-03T10:02:00Z', data: { queueId: 'billing-l1' } },
      { type: 'ContactAnswered', occurredAt: '2026-02-03T10:04:30Z', data: { agentId: 'agent-c3d4' } },
      { type: 'TransferInitiated', occurredAt: '2026-02-03T10:09:58Z', data: { kind: 'blind', target: { type: 'queue', id: 'billing-l2' }, contextShared: false } },
      { type: 'TransferCompleted', occurredAt: '2026-02-03T10:12:40Z', data: { kind: 'blind', target: { type: 'queue', id: 'billing-l2' }, contextShared: false } },
      { type: 'ContactDisconnected', occurredAt: '2026-02-03T10:10:00Z', data: { by: 'agent', reason: 'AGENT_DISCONNECT' } },
      { type: 'ContactWrappedUp', occurredAt: '2026-02-03T10:10:40Z', data: { outcome: 'unresolved', disposition: 'transferred' } },
    ]);
  });

  it('given the second leg of a transfer, when it is mapped, then it starts as a transfer from the first leg, in the first leg\'s direction, from its newest copy', () => {
    expect(onStream(`contact-${B}`)).toEqual([
      {
        type: 'ContactStarted',
        occurredAt: '2026-02-03T10:09:58Z',
        data: { channel: 'voice', direction: 'inbound', origin: 'transfer', customerId: 'CUST-77', transferredFromContactId: A },
      },
      { type: 'ContactQueued', occurredAt: '2026-02-03T10:10:02Z', data: { queueId: 'billing-l2' } },
      { type: 'ContactAnswered', occurredAt: '2026-02-03T10:12:40Z', data: { agentId: 'agent-e5f6' } },
      { type: 'ContactDisconnected', occurredAt: '2026-02-03T10:24:01Z', data: { by: 'customer', reason: 'CUSTOMER_DISCONNECT' } },
      { type: 'ContactWrappedUp', occurredAt: '2026-02-03T10:25:10Z', data: { outcome: 'resolved', disposition: 'resolved' } },
    ]);
  });

  it('given a contact abandoned in the queue, with its keys in lower case and instants in milliseconds, when it is mapped, then the customer hung up while queued, at whole seconds', () => {
    expect(onStream(`contact-${C}`)).toEqual([
      { type: 'ContactStarted', occurredAt: '2026-02-04T08:00:00Z', data: { channel: 'voice', direction: 'inbound', origin: 'inbound', customerId: 'CUST-78' } },
      { type: 'ContactQueued', occurredAt: '2026-02-04T08:00:05Z', data: { queueId: 'general' } },
      { type: 'ContactDisconnected', occurredAt: '2026-02-04T08:09:00Z', data: { by: 'customer', reason: 'CUSTOMER_DISCONNECT' } },
    ]);
  });

  it('given a queued callback, when it is mapped, then the request is on its callback stream with the number to call, and the call that answered it completes it', () => {
    expect(onStream(`callback-${D}`)).toEqual([
      { type: 'CallbackRequested', occurredAt: '2026-02-04T08:08:30Z', data: { customerId: 'CUST-78', requestedBy: 'customer', contactId: C, phone: '+447700900456' } },
      { type: 'CallbackAttempted', occurredAt: '2026-02-04T09:40:00Z', data: { outcome: 'reached', agentId: 'agent-c3d4', contactId: D } },
      { type: 'CallbackCompleted', occurredAt: '2026-02-04T09:40:00Z', data: { contactId: D } },
    ]);
    expect(onStream(`contact-${D}`)[0]).toEqual({
      type: 'ContactStarted',
      occurredAt: '2026-02-04T08:08:30Z',
      data: { channel: 'voice', direction: 'outbound', origin: 'callback', customerId: 'CUST-78', answersCallbackId: D },
    });
  });

  it('given records that are not settled, not customer contacts or not records, when mapped, then none gives a fact and each says why', () => {
    const { facts, unmapped } = mapContactRecords(records, settings);

    expect(facts.map((fact) => fact.streamName)).not.toContainEqual(expect.stringMatching(/2b3c4d5e|3c4d5e6f|4d5e6f7a/));
    expect(unmapped).toEqual(
      expect.arrayContaining([
        { recordId: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e', kind: 'held', why: expect.stringContaining('not settled yet') },
        { recordId: '3c4d5e6f-7a8b-4c9d-8e0f-2a3b4c5d6e7f', kind: 'skipped', why: 'channel TASK is skipped by the tenant settings' },
        { recordId: '4d5e6f7a-8b9c-4d0e-9f1a-3b4c5d6e7f8a', kind: 'skipped', why: 'a MONITOR leg is not a customer contact' },
        { recordId: '#9', kind: 'skipped', why: 'not a contact record: it is not a JSON object' },
      ]),
    );
  });

  it('given holds known only as totals, when mapped, then no hold is invented and the totals are reported as lost', () => {
    const { facts, unmapped } = mapContactRecords(records, settings);

    expect(facts.filter((fact) => fact.type === 'HoldStarted')).toEqual([]);
    expect(unmapped).toContainEqual({ recordId: A, kind: 'lost', why: expect.stringContaining('1 hold(s), 74 s in all, the longest 74 s') });
  });

  it('given a wrap-up code with no outcome in the tenant settings, when mapped, then there is no wrap-up fact and the note says which setting to add', () => {
    const { facts, unmapped } = mapContactRecords(records, tenantSettings({ customerIdAttribute: 'crmCustomerId', dispositionAttribute: 'disposition' }));

    expect(facts.filter((fact) => fact.type === 'ContactWrappedUp')).toEqual([]);
    expect(unmapped).toContainEqual({ recordId: B, kind: 'lost', why: expect.stringContaining('no outcome for disposition resolved') });
  });

  it('given the same records in any order and any number of times, when mapped, then the facts are the same, each with its own deterministic source id', () => {
    const once = mapContactRecords(records, settings).facts;
    const reversedTwice = mapContactRecords([...records, ...records].reverse(), settings).facts;

    const ids = once.map((fact) => `${fact.source} ${fact.sourceEventId}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(once.every((fact) => fact.source === 'amazon-connect:4b1f0c2e-7d55-4e1a-9c3b-0a6e2d7f8c91')).toBe(true);
    const bySourceId = (facts: typeof once) => [...facts].sort((a, b) => a.sourceEventId.localeCompare(b.sourceEventId));
    expect(bySourceId(reversedTwice)).toEqual(bySourceId(once));
  });

  it('given a transfer whose next leg is not settled yet, when mapped, then the first leg\'s own facts go now and its transfer waits', () => {
    const unsettledNext = records.map((record) =>
      typeof record === 'object' && (record as { ContactId?: string }).ContactId === B
        ? { ...(record as object), Agent: { ConnectedToAgentTimestamp: '2026-02-03T10:12:40Z', AfterContactWorkStartTimestamp: '2026-02-03T10:24:01Z' } }
        : record,
    );

    const { facts, unmapped } = mapContactRecords(unsettledNext, settings);

    expect(facts.filter((fact) => fact.streamName === `contact-${A}`).map((fact) => fact.type)).not.toContain('TransferInitiated');
    expect(facts.filter((fact) => fact.streamName === `contact-${A}`).map((fact) => fact.type)).toContain('ContactWrappedUp');
    expect(unmapped).toContainEqual({ recordId: A, kind: 'held', why: `the transfer to ${B} waits until that leg is settled` });
  });
});
