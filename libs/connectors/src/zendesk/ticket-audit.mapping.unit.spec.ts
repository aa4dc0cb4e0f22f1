import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tenantSettings } from '../tenant-settings';
import { mapTicketAudits } from './ticket-audit.mapping';

/** Audits written from Zendesk's documented fields: one page of the API, then audits one per line, out of order. */
const exported: unknown[] = readFileSync(join(__dirname, 'fixtures', 'ticket-audits.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line));

const CONTACT = '5d0b8e21-6a7c-4f3e-b1d2-9c8a7e6f5d44';
const facts = () => mapTicketAudits(exported).facts.map(({ type, occurredAt, data, streamName }) => ({ streamName, type, occurredAt, data }));

describe('Zendesk ticket audits', () => {
  it('given a ticket opened on a call, when its audits are mapped in any order, then its story is told in order on case-<ticket id>', () => {
    expect(facts().map(({ type, occurredAt }) => `${occurredAt} ${type}`)).toEqual([
      '2026-02-03T10:26:40Z CaseOpened',
      '2026-02-03T10:26:40Z CaseAssigned',
      '2026-02-03T14:00:00Z CustomerUpdated',
      '2026-02-05T16:42:09Z CaseResolved',
      '2026-02-06T08:00:00Z FeedbackReceived',
      '2026-02-06T08:01:00Z CaseReopened',
      '2026-02-07T11:00:00Z CaseResolved',
      '2026-02-11T11:00:00Z CaseClosed',
    ]);
    expect(new Set(facts().map((fact) => fact.streamName))).toEqual(new Set(['case-48213']));
  });

  it('given the ticket field that holds the call, when opened, then the case names that contact, so the call and the ticket are one journey', () => {
    expect(facts()[0].data).toEqual({ customerId: '9124455301', subject: 'Refund not received after return', channel: 'voice', contactId: CONTACT });
  });

  it('given replies and comments, when mapped, then no comment text is copied: a reply is a reply, and the customer writing in is reported as lost', () => {
    const { facts: mapped, unmapped } = mapTicketAudits(exported);

    expect(JSON.stringify(mapped)).not.toMatch(/warehouse|Jane Roe|4242/);
    expect(mapped.find((fact) => fact.type === 'CustomerUpdated')?.data).toEqual({ channel: 'email', summary: 'a public reply (its text is not copied)' });
    expect(unmapped).toContainEqual({ recordId: '48213', kind: 'lost', why: 'audit 1003: the customer wrote in on the case, which the catalog cannot say yet' });
    expect(unmapped).toContainEqual({ recordId: '48213', kind: 'lost', why: 'audit 1002: the case waits on the customer, which the catalog cannot say yet' });
  });

  it('given statuses in any case, when mapped, then solved, reopened by the customer and closed after a resolution', () => {
    const byType = (type: string) => facts().filter((fact) => fact.type === type).map((fact) => fact.data);

    expect(byType('CaseResolved')).toEqual([
      { resolution: 'not reported by the platform', resolvedBy: '9123300412' },
      { resolution: 'not reported by the platform', resolvedBy: '9123300412' },
    ]);
    expect(byType('CaseReopened')).toEqual([{ reason: 'not reported by the platform', by: 'customer' }]);
    expect(byType('CaseClosed')).toEqual([{ reason: 'not reported by the platform', resolved: true }]);
    expect(byType('FeedbackReceived')).toEqual([{ score: 0, comment: 'Still no refund' }]);
  });

  it('given the same audits twice, when mapped, then each fact once, with Zendesk\'s own audit and event ids as its source id', () => {
    const once = mapTicketAudits(exported).facts;
    const twice = mapTicketAudits([...exported, ...exported]).facts;

    expect(twice).toEqual(once);
    expect(once.map((fact) => `${fact.source} ${fact.sourceEventId}`).slice(0, 3)).toEqual(['zendesk:acme 1001:opened', 'zendesk:acme 1001:2005', 'zendesk:acme 1002:2007']);
  });

  it('given a tenant whose tickets keep the call in a custom field, when opened, then that field links the contact', () => {
    const withCustomField = exported.map((line) => JSON.parse(JSON.stringify(line).replace('"external_id"', '"360011223344"')));

    const opened = mapTicketAudits(withCustomField, tenantSettings({ contactIdField: '360011223344' })).facts[0];

    expect(opened.data).toMatchObject({ contactId: CONTACT });
  });
});
