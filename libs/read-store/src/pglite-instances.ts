/**
 * PGlite allows one opener per data directory: a second one, in this process or another, can
 * corrupt it. So each process keeps one instance per directory, shared by every ReadStore opened
 * on it and closed when the last of them closes, and a lock file beside the directory keeps other
 * processes out. A lock left by a process that died (kill -9) is taken over once its pid is gone.
 *
 * PGlite in a directory does not fsync: commits survive a process crash, not a power cut. The read
 * models can always be rebuilt from the event store, and that is the recovery for a damaged one.
 *
 * PGlite writes its files with mode 0666 whatever the umask. Its directory is made owner-only (0700),
 * so nobody else can reach what is inside, and its files are made 0600 as it opens and as it closes.
 */
import { chmodSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';

interface SharedInstance {
  readonly pglite: Promise<PGlite>;
  users: number;
}

const instances = new Map<string, SharedInstance>();
const INT8_OID = 20;
const PRIVATE_DIRECTORY_MODE = 0o700;
const PRIVATE_FILE_MODE = 0o600;

export class ReadStoreLockedError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The read store in ${dataDir} is open in process ${pid}; PGlite allows one process per data directory. ` +
        'Stop that process, or share one PostgreSQL through DATABASE_URL.',
    );
    this.name = 'ReadStoreLockedError';
  }
}

export interface PGliteLease {
  readonly pglite: PGlite;
  /** Gives the instance back; the last lease closes it and releases the directory. */
  release(): Promise<void>;
}

export async function leasePGlite(dataDir: string): Promise<PGliteLease> {
  const directory = resolve(dataDir);
  let shared = instances.get(directory);
  if (!shared) {
    shared = { pglite: openExclusively(directory), users: 0 };
    instances.set(directory, shared);
    shared.pglite.catch(() => instances.delete(directory));
  }
  shared.users++;
  let pglite: PGlite;
  try {
    pglite = await shared.pglite;
  } catch (error) {
    shared.users--;
    throw error;
  }
  let released = false;
  const owner = shared;
  return {
    pglite,
    release: async () => {
      if (released) return;
      released = true;
      if (--owner.users > 0) return;
      instances.delete(directory);
      try {
        await pglite.close();
        restrictToOwner(directory);
      } finally {
        unlock(directory);
      }
    },
  };
}

async function openExclusively(directory: string): Promise<PGlite> {
  lock(directory);
  try {
    mkdirSync(directory, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
    const { PGlite } = loadPGlite();
    // int8 always as bigint (PGlite's default gives a number when it fits): positions never pass through a number.
    const pglite = await PGlite.create(directory, { parsers: { [INT8_OID]: (text: string) => BigInt(text) } });
    restrictToOwner(directory);
    return pglite;
  } catch (error) {
    unlock(directory);
    throw error;
  }
}

const lockPath = (directory: string) => `${directory}.lock`;

function lock(directory: string): void {
  mkdirSync(dirname(directory), { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath(directory), `${process.pid}\n`, { flag: 'wx', mode: PRIVATE_FILE_MODE });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(readFileSync(lockPath(directory), 'utf8'), 10);
    if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) throw new ReadStoreLockedError(directory, holder);
    // Left behind by a process that is gone (or by this one, which holds no instance now): take it over.
    unlinkSync(lockPath(directory));
  }
  throw new Error(`Could not lock the read store in ${directory}`);
}

function unlock(directory: string): void {
  try {
    const holder = Number.parseInt(readFileSync(lockPath(directory), 'utf8'), 10);
    if (holder === process.pid) unlinkSync(lockPath(directory));
  } catch {
    // already gone
  }
}

/** Every directory under `directory` (itself included) 0700, every file 0600. */
function restrictToOwner(directory: string): void {
  chmodSync(directory, PRIVATE_DIRECTORY_MODE);
  for (const entry of readdirSync(directory, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    try {
      if (entry.isDirectory()) chmodSync(path, PRIVATE_DIRECTORY_MODE);
      else if (entry.isFile()) chmodSync(path, PRIVATE_FILE_MODE);
    } catch (error) {
      // A temporary file PGlite removed meanwhile.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Loaded on first use only, so a process on PostgreSQL never loads PGlite's WebAssembly. Loaded by
 * Node's own module loader (`Module._load`, which is what `require` calls), not by whatever `require`
 * this file was given: PGlite's CommonJS build loads its parts with `import()`, which Jest's module
 * sandbox refuses. Outside Jest the two are the same loader.
 */
function loadPGlite(): typeof import('@electric-sql/pglite') {
  const path = createRequire(__filename).resolve('@electric-sql/pglite');
  const nodeLoader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
  return nodeLoader._load(path, null, false) as typeof import('@electric-sql/pglite');
}
