/** `cli keys create | list | revoke` on a read store of their own (PGlite in a temporary data directory). */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiKeyStore } from '@hindsight/access';
import { ReadStore, readStoreConfigFromEnv } from '@hindsight/read-store';
import { runCliCapturing } from '../support/cli';

describe('cli keys', () => {
  let dataDir: string;

  const cli = (...argv: string[]) => runCliCapturing(argv, { env: { HINDSIGHT_DATA_DIR: dataDir } });

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'hindsight-keys-'));
  });

  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates a key and prints its secret alone on stdout, the one the store knows by its hash', async () => {
    const created = await cli('keys', 'create', '--role', 'quality', '--name', 'qa team');

    expect(created.code).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^hsk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/Created key [0-9a-f]{16} \(qa team, quality\)/);
    const readStore = await ReadStore.open(readStoreConfigFromEnv({ HINDSIGHT_DATA_DIR: dataDir }));
    try {
      expect(await (await ApiKeyStore.open(readStore)).findActive(secret)).toMatchObject({ name: 'qa team', role: 'quality', createdBy: 'cli' });
    } finally {
      await readStore.close();
    }
  });

  it('lists keys without secrets, and revokes one by its id', async () => {
    const secret = (await cli('keys', 'create', '--role', 'integration', '--name', 'telephony')).stdout.trim();
    const id = secret.split('_')[1];

    const revoked = await cli('keys', 'revoke', id);
    const listed = await cli('keys', 'list');

    expect(revoked).toMatchObject({ code: 0, stdout: expect.stringContaining(`Revoked key ${id} (telephony, integration)`) });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^ID\s+ROLE\s+NAME\s+CREATED\s+REVOKED$/m);
    expect(listed.stdout).toMatch(new RegExp(`^${id}  integration  telephony\\s+\\S+Z  \\S+Z$`, 'm'));
    expect(listed.stdout).toMatch(/ quality {6}qa team\s+\S+Z {2}-$/m);
    expect(listed.stdout).not.toContain(secret);
  });

  it('says so when the key to revoke does not exist', async () => {
    const { code, stderr } = await cli('keys', 'revoke', '0000000000000000');

    expect(code).toBe(1);
    expect(stderr).toContain('no key has the id "0000000000000000"');
  });

  it('says to stop the API, or to use its mutations, when the API holds the read store', async () => {
    const lockedDir = mkdtempSync(join(tmpdir(), 'hindsight-keys-locked-'));
    // A live process that is not this one, standing in for the running API, holds PGlite's lock file.
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    writeFileSync(join(lockedDir, 'read-store.lock'), `${holder.pid}\n`);
    try {
      const { code, stderr } = await runCliCapturing(['keys', 'list'], { env: { HINDSIGHT_DATA_DIR: lockedDir } });

      expect(code).toBe(1);
      expect(stderr).toContain('is in use by another process, most likely the Hindsight API');
      expect(stderr).toContain('createApiKey, apiKeys, revokeApiKey');
    } finally {
      holder.kill('SIGKILL');
      rmSync(lockedDir, { recursive: true, force: true });
    }
  });

  it('refuses a role it does not know, naming the roles', async () => {
    const { code, stderr } = await cli('keys', 'create', '--role', 'root', '--name', 'x');

    expect(code).toBe(2);
    expect(stderr).toContain('--role must be one of integration, agent-app, reader, quality, admin, got "root"');
  });
});
