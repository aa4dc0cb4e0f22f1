/**
 * What the file key store does beyond what every key store does (customer-key-store.int.spec.ts):
 * candidates left behind by a process that died while writing one.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodingsOfBytes, filesUnder, findSecrets } from '../support/secret-scan';
import { FileCustomerKeyStore } from '@hindsight/personal-data';

describe(FileCustomerKeyStore.name, () => {
  const directory = mkdtempSync(join(tmpdir(), 'hindsight-key-files-'));

  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('erases a candidate a crash left unused, and keeps a live key whose second name a crash left behind', async () => {
    const before = new FileCustomerKeyStore(directory, 'read');
    const live = (await before.keysFor(['cust-maple'])).get('cust-maple')!;
    const [keyFile] = filesUnder(directory).filter((path) => !path.startsWith(join(directory, 'tmp')));
    const unused = randomBytes(32);
    // Died after writing a candidate it never linked, and after linking one it never unlinked.
    writeFileSync(join(directory, 'tmp', 'unused.key'), JSON.stringify({ kid: 'kid-unused', key: unused.toString('base64url') }));
    linkSync(keyFile, join(directory, 'tmp', 'linked.key'));

    const after = new FileCustomerKeyStore(directory, 'read');
    const reopened = (await after.keysFor(['cust-maple'])).get('cust-maple')!;

    expect(reopened).toEqual(live);
    expect(readdirSync(join(directory, 'tmp'))).toEqual([]);
    expect(findSecrets(filesUnder(directory), { unused: encodingsOfBytes(unused) })).toEqual([]);
    expect(JSON.parse(readFileSync(keyFile, 'utf8'))).toMatchObject({ kid: live.kid });
  });
});
