/**
 * The customers' keys as files, one per customer, in an owner-only directory of their own (the
 * embedded defaults' `<HINDSIGHT_DATA_DIR>/keys`): outside PGlite, whose write-ahead log and old row
 * versions would keep a copy of a destroyed key, and outside every other journal.
 *
 *   keys/<aa>/<sha256(schema prefix, customer id)>.key   {"kid":…,"key":…}, mode 0600
 *   keys/tmp/                                            candidates being written
 *
 * A key is written to a fresh file in `tmp/`, fsynced, then hard-linked to its name: the link fails
 * if another writer got there first (everyone then reads the one linked), and the file is never
 * rewritten, so no other version of it ever exists. Destroying overwrites the file's bytes in place
 * and then unlinks it. What that does not cover (copy-on-write filesystems, SSD wear levelling,
 * snapshots and backups of the directory) is in the README's "Personal data".
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { link, lstat, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { CustomerKeyStore, type KeyReference } from './customer-key-store';
import type { CustomerKey } from './field-cipher';
import { fsyncDirectory, isErrno, overwriteAndUnlink, privateDirectory, writeNewPrivateFile } from './private-files';

const CANDIDATES = 'tmp';
/** A forget racing a first use can leave a customer keyless after a round; a few rounds always settle it. */
const CREATE_ROUNDS = 3;

export class FileCustomerKeyStore extends CustomerKeyStore {
  readonly description: string;
  private opened?: Promise<void>;

  constructor(
    private readonly directory: string,
    /** The read store's schema prefix: deployments sharing a directory keep their own keys. */
    private readonly schemaPrefix: string,
  ) {
    super();
    this.description = `files in ${directory}`;
  }

  async keysFor(customerIds: readonly string[]): Promise<Map<string, CustomerKey>> {
    await this.open();
    const wanted = [...new Set(customerIds)];
    const keys = await Promise.all(wanted.map((customerId) => this.liveKey(customerId)));
    return new Map(wanted.map((customerId, index) => [customerId, keys[index]]));
  }

  async find(references: readonly KeyReference[]): Promise<Map<string, Buffer>> {
    await this.open();
    const wanted = new Set(references.map(({ kid }) => kid));
    // A customer's file holds their live key only: any older kid of theirs was destroyed.
    const live = await Promise.all([...new Set(references.map(({ customerId }) => customerId))].map((customerId) => this.read(customerId)));
    return new Map(live.flatMap((key) => (key && wanted.has(key.kid) ? [[key.kid, key.key] as const] : [])));
  }

  async destroy(customerId: string): Promise<boolean> {
    await this.open();
    return overwriteAndUnlink(this.pathOf(customerId));
  }

  /** Takes over a key made elsewhere (an older version's read store), unless the customer has one here. */
  async adopt(customerId: string, key: CustomerKey): Promise<void> {
    await this.open();
    await this.create(customerId, key);
  }

  async close(): Promise<void> {
    await this.opened?.catch(() => undefined);
  }

  private open(): Promise<void> {
    this.opened ??= this.prepare();
    return this.opened;
  }

  /** The directories, owner-only; and no candidate left behind by a process that died while writing one. */
  private async prepare(): Promise<void> {
    await privateDirectory(join(this.directory, CANDIDATES));
    for (const name of await readdir(join(this.directory, CANDIDATES))) await discardCandidate(join(this.directory, CANDIDATES, name));
  }

  private async liveKey(customerId: string): Promise<CustomerKey> {
    for (let round = 0; round < CREATE_ROUNDS; round++) {
      const existing = await this.read(customerId);
      if (existing) return existing;
      const candidate: CustomerKey = { kid: randomUUID(), key: randomBytes(32) };
      if (await this.create(customerId, candidate)) return candidate;
    }
    throw new Error(`The key of customer ${customerId} kept being destroyed while it was being created`);
  }

  /** Says whether this key is now the customer's; false when they already had one. */
  private async create(customerId: string, key: CustomerKey): Promise<boolean> {
    const path = this.pathOf(customerId);
    const shard = join(path, '..');
    await privateDirectory(shard);
    const candidate = join(this.directory, CANDIDATES, `${randomUUID()}.key`);
    await writeNewPrivateFile(candidate, Buffer.from(JSON.stringify({ kid: key.kid, key: key.key.toString('base64url') })));
    let linked = false;
    try {
      await link(candidate, path);
      linked = true;
      await fsyncDirectory(shard);
      return true;
    } catch (error) {
      if (isErrno(error, 'EEXIST')) return false;
      throw error;
    } finally {
      // Linked, the candidate is the key's second name (same bytes, nothing to erase); otherwise a key nobody uses.
      if (linked) await unlink(candidate);
      else await overwriteAndUnlink(candidate);
    }
  }

  /** The customer's live key; absent when there is none, or while one is being destroyed (its bytes are zeros). */
  private async read(customerId: string): Promise<CustomerKey | undefined> {
    let text: string;
    try {
      text = await readFile(this.pathOf(customerId), 'utf8');
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return undefined;
      throw error;
    }
    let parsed: { kid?: unknown; key?: unknown };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      return undefined;
    }
    if (typeof parsed.kid !== 'string' || typeof parsed.key !== 'string') return undefined;
    return { kid: parsed.kid, key: Buffer.from(parsed.key, 'base64url') };
  }

  private pathOf(customerId: string): string {
    const name = createHash('sha256').update(`${this.schemaPrefix}\0${customerId}`, 'utf8').digest('hex');
    return join(this.directory, name.slice(0, 2), `${name}.key`);
  }
}

/** A candidate still linked to its name is a live key's second name: unlink only. Otherwise nobody uses it: erase it. */
async function discardCandidate(path: string): Promise<void> {
  const { nlink } = await lstat(path);
  if (nlink > 1) await unlink(path);
  else await overwriteAndUnlink(path);
}
