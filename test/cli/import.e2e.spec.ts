/**
 * `cli import` end to end: an Amazon Connect export (contact records, JSON lines, as Firehose
 * delivers them) mapped and sent through recordEvents with an integration key to the API on embedded
 * defaults; the journeys it gives; importing it again; and a record whose content changed under the
 * same ids, refused with its code into the file beside the input.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projected, startApi, type RunningApi } from '../support/api';
import { runCliCapturing } from '../support/cli';

const FIXTURE = join(__dirname, '..', '..', 'libs', 'connectors', 'src', 'amazon-connect', 'fixtures', 'contact-records.jsonl');
const FIRST_LEG = '5d0b8e21-6a7c-4f3e-b1d2-9c8a7e6f5d44';
const SETTINGS = { customerIdAttribute: 'crmCustomerId', dispositionAttribute: 'disposition', outcomeByDisposition: { resolved: 'resolved', transferred: 'unresolved' } };

describe('cli import amazon-connect', () => {
  let api: RunningApi;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let url: string;
  let records: string;
  let settings: string;
  const cliImport = (file = records) => runCliCapturing(['import', 'amazon-connect', file, '--settings', settings, '--url', url], { env });

  beforeAll(async () => {
    api = await startApi();
    url = `${await api.app.getUrl()}/graphql`;
    const { data } = await api.graphql<{ createApiKey: { secret: string } }>('mutation { createApiKey(name: "connect import", role: INTEGRATION) { secret } }');
    env = { HINDSIGHT_API_KEY: data!.createApiKey.secret };
    dir = mkdtempSync(join(tmpdir(), 'hindsight-import-'));
    records = join(dir, 'contact-records.jsonl');
    settings = join(dir, 'tenant.json');
    copyFileSync(FIXTURE, records);
    writeFileSync(settings, JSON.stringify(SETTINGS));
  }, 60_000);

  afterAll(async () => {
    await api?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('records the settled contacts, says what it left out, and the transferred call is one journey of two contacts', async () => {
    const run = await cliImport();

    expect(run.stdout).toBe('23 new, 0 already recorded, 0 rejected\n');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('9 records: 23 facts; 1 not settled yet, 3 skipped, 1 details the catalog cannot carry');
    const unmapped = readFileSync(`${records}.unmapped.jsonl`, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(unmapped).toContainEqual({ recordId: FIRST_LEG, kind: 'lost', why: expect.stringContaining('known only as totals') });

    await projected(api);
    const { data } = await api.graphql<{ journey: { customerId: string; contacts: { contactId: string; transfers: { kind: string }[] }[] } }>(
      `{ journey(id: "contact-${FIRST_LEG}") { customerId contacts { contactId transfers { kind } } } }`,
    );
    expect(data!.journey.customerId).toBe('CUST-77');
    expect(data!.journey.contacts).toEqual([
      { contactId: FIRST_LEG, transfers: [{ kind: 'blind' }] },
      { contactId: '9e2a7c1d-3f4b-4a6e-8d2c-5b1e0f9a7c33', transfers: [] },
    ]);
  }, 60_000);

  it('records nothing new when the same file is imported again', async () => {
    const run = await cliImport();

    expect(run.stdout).toBe('0 new, 23 already recorded, 0 rejected\n');
    expect(run.code).toBe(0);
  }, 60_000);

  it('refuses a record whose content changed under the same ids, writing each refused fact with its code beside the input', async () => {
    const changed = join(dir, 'changed.jsonl');
    const lines = readFileSync(records, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const first = lines.find((line) => line.ContactId === FIRST_LEG)!;
    writeFileSync(changed, `${JSON.stringify({ ...first, DisconnectReason: 'CUSTOMER_DISCONNECT', LastUpdateTimestamp: '2026-02-03T11:00:00Z' })}\n`);

    const run = await cliImport(changed);

    expect(run.stdout).toBe('0 new, 4 already recorded, 1 rejected\n');
    expect(run.code).toBe(1);
    const rejected = readFileSync(`${changed}.rejected.jsonl`, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(rejected).toEqual([expect.objectContaining({ code: 'FACT.CONFLICTS_WITH_RECORDED', fact: expect.objectContaining({ type: 'ContactDisconnected' }) })]);
  }, 60_000);
});

describe('cli import of a call and its ticket from two platforms', () => {
  const ZENDESK = join(__dirname, '..', '..', 'libs', 'connectors', 'src', 'zendesk', 'fixtures', 'ticket-audits.jsonl');
  const journeyQuery = `{ journey(id: "contact-${FIRST_LEG}") { id customerId streams contacts { contactId } cases { caseId status reopenings { by } } metrics { contacts { count } transfers { count } } findings { code } } }`;

  /** Imports both exports in the given order into a fresh API, then reads the call's journey. */
  async function importBoth(order: readonly ('amazon-connect' | 'zendesk')[]) {
    const api = await startApi();
    const dir = mkdtempSync(join(tmpdir(), 'hindsight-import-'));
    try {
      const url = `${await api.app.getUrl()}/graphql`;
      const settings = join(dir, 'tenant.json');
      writeFileSync(settings, JSON.stringify(SETTINGS));
      const outputs: string[] = [];
      for (const platform of order) {
        const file = join(dir, `${platform}.jsonl`);
        copyFileSync(platform === 'zendesk' ? ZENDESK : FIXTURE, file);
        const run = await runCliCapturing(['import', platform, file, '--settings', settings, '--url', url], { env: { HINDSIGHT_API_KEY: api.adminKey } });
        outputs.push(run.stdout);
      }
      await projected(api);
      return { outputs, journey: (await api.graphql<{ journey: Record<string, unknown> }>(journeyQuery)).data!.journey };
    } finally {
      await api.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('stitches the transferred call and the ticket opened on it into one journey, whichever is imported first', async () => {
    const callFirst = await importBoth(['amazon-connect', 'zendesk']);
    const ticketFirst = await importBoth(['zendesk', 'amazon-connect']);

    expect(callFirst.outputs).toEqual(['23 new, 0 already recorded, 0 rejected\n', '8 new, 0 already recorded, 0 rejected\n']);
    expect(callFirst.journey).toMatchObject({
      streams: expect.arrayContaining([`contact-${FIRST_LEG}`, 'case-48213']),
      contacts: [{ contactId: FIRST_LEG }, { contactId: '9e2a7c1d-3f4b-4a6e-8d2c-5b1e0f9a7c33' }],
      cases: [{ caseId: '48213', status: 'closed', reopenings: [{ by: 'customer' }] }],
      metrics: { contacts: { count: 2 }, transfers: { count: 1 } },
    });
    expect(ticketFirst.journey).toEqual(callFirst.journey);
  }, 120_000);
});
