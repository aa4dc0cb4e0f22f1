/**
 * What the embedded defaults leave on disk, read as someone with a shell on the machine would: the
 * data directory (event log, index snapshot, locks, PGlite's read store, the customers' keys) is its
 * owner's alone, even under a umask of 0, and after a customer is forgotten no file under it, once
 * the API has stopped and closed them all, holds the customer's key or any of their personal values,
 * in any plausible encoding.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { CustomerKeyStore } from '@hindsight/personal-data';
import { ReadStore } from '@hindsight/read-store';
import { projected, startApi, type RunningApi } from '../support/api';
import { recordEventsMutation, type RecordEventsBody } from '../support/facts';
import { callbacks, northwind, vendorTicket } from '../support/personal-stories';
import { encodingsOfBytes, encodingsOfText, filesUnder, findSecrets } from '../support/secret-scan';

const modeOf = (path: string) => statSync(path).mode & 0o777;

/** Read while the API runs: an entry PGlite removes meanwhile (a temporary file) is simply not there. */
function directoriesUnder(directory: string): string[] {
  return [directory, ...readdirSync(directory, { recursive: true, encoding: 'utf8' }).map((name) => join(directory, name))].filter(
    (path) => statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false,
  );
}

describe('The data directory on embedded defaults', () => {
  const parent = mkdtempSync(join(tmpdir(), 'hindsight-data-dir-'));
  const dataDir = join(parent, 'data');
  let api: RunningApi | undefined;
  let northwindKey: Buffer;
  let umask: number;
  let directoriesWhileRunning: Record<string, string>;

  beforeAll(async () => {
    // Nothing may rely on the umask: with none at all, every file would be world-readable by default.
    umask = process.umask(0);
    // Embedded defaults even when the suite runs against PostgreSQL: everything in the data directory.
    api = await startApi({ HINDSIGHT_DATA_DIR: dataDir, DATABASE_URL: '' });
    // PostgreSQL compresses large values (a journey's document), which would hide a plain-text copy from
    // a byte scan without protecting it (pglz is no cipher). Stored uncompressed, every copy is visible.
    await api.app.get(ReadStore).transaction((trx) => sql`alter table journeys alter column document set storage external`.execute(trx));
    const recorded = await api.graphql<RecordEventsBody>(recordEventsMutation, { facts: [...vendorTicket, ...callbacks] });
    expect(recorded.data?.recordEvents).toMatchObject({ rejected: 0 });
    await projected(api);
    northwindKey = (await api.app.get(CustomerKeyStore).keysFor([northwind.id])).get(northwind.id)!.key;
    const forgetting = await api.graphql(`mutation { forgetCustomer(customerId: "${northwind.id}") { keyDestroyed } }`);
    expect(forgetting.data).toEqual({ forgetCustomer: { keyDestroyed: true } });
    await projected(api);
    directoriesWhileRunning = Object.fromEntries(directoriesUnder(dataDir).map((path) => [path, modeOf(path).toString(8)]));
    await api.stop();
    api = undefined;
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    process.umask(umask);
    rmSync(parent, { recursive: true, force: true });
  });

  it('is created owner-only, and so is every directory in it while the API runs', () => {
    expect(Object.keys(directoriesWhileRunning).length).toBeGreaterThan(3);
    expect(Object.entries(directoriesWhileRunning).filter(([, mode]) => mode !== '700')).toEqual([]);
  });

  it('holds only owner-only files once the API has stopped: the event log, its snapshot, PGlite\'s files and the keys', () => {
    const files = filesUnder(dataDir);
    expect(files.some((path) => path.endsWith('events.log'))).toBe(true);
    expect(files.some((path) => path.includes(join('data', 'read-store')))).toBe(true);

    expect(files.filter((path) => modeOf(path) !== 0o600).map((path) => `${path} ${modeOf(path).toString(8)}`)).toEqual([]);
  });

  it('keeps no copy of a forgotten customer\'s key anywhere in it', () => {
    expect(findSecrets(filesUnder(dataDir), { key: encodingsOfBytes(northwindKey) })).toEqual([]);
  });

  it('keeps none of a forgotten customer\'s personal values anywhere in it, in any encoding', () => {
    const values = { name: northwind.name, phone: northwind.phone, email: northwind.email };
    const secrets = Object.fromEntries(Object.entries(values).map(([field, value]) => [field, encodingsOfText(value)]));

    expect(findSecrets(filesUnder(dataDir), secrets)).toEqual([]);
  });

  it('still holds what it should: the scan can find a value that is there', () => {
    // Personal values are sealed at rest everywhere; a callback's reason (not personal) is in the read model as text.
    const reason = 'Website problem with a second business';
    expect(findSecrets(filesUnder(dataDir), { reason: encodingsOfText(reason) }).length).toBeGreaterThan(0);
  });
});
