/**
 * One owner per log directory, held by a listening local socket that the kernel closes the moment
 * its owner dies (SIGKILL included, zombie or not), so a supervisor may restart the store at once.
 * A pid in a file cannot do that: `kill(pid, 0)` succeeds on a zombie, and after a reboot or in a
 * new container the same pid can belong to any live process.
 *
 * The socket's name is derived from the directory's real path, so every path to the same directory
 * meets the same lock. Its owner answers each connection with its pid, so a refusal can say which
 * process holds the log. Per platform:
 * - Linux: an abstract-namespace socket (`\0hindsight-event-log-<hash>`): no file, nothing to clean.
 *   Limit: abstract names are per network namespace, so two containers that share the data volume
 *   but not a network namespace do not see each other's lock.
 * - Windows: a named pipe (`\\.\pipe\hindsight-event-log-<hash>`), released by the kernel the same way.
 * - Elsewhere (macOS, BSDs): a socket file `LOCK.sock` in the data directory. A file outlives its
 *   owner, but a dead owner's socket refuses connections, which marks it stale; two processes
 *   taking over the same stale file at the same instant could both succeed.
 * A process-wide set also refuses a second open in the same process (it lives on globalThis, shared
 * even by duplicate copies of this module).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { StorageError } from './log-record';

export type LockMechanism = 'abstract-socket' | 'named-pipe' | 'socket-file';

export interface DirectoryLockOptions {
  /** Which kind of socket holds the lock; the platform's own unless a test picks one. */
  mechanism?: LockMechanism;
}

const SOCKET_FILE_NAME = 'LOCK.sock';
/** How long an owner has to answer with its pid; a live one answers within a turn of its event loop. */
const OWNER_ANSWER_MS = 500;
/** A name held by a process that does not answer is likely one still dying: retry this often, for this long. */
const SILENT_OWNER_RETRY_MS = 50;
const SILENT_OWNER_PATIENCE_MS = 2_000;

const locksHeldInThisProcess: Set<string> = ((globalThis as { [key: symbol]: Set<string> | undefined })[
  Symbol.for('eventstore-embedded.storage.locks')
] ??= new Set());

export function lockMechanismFor(platform: NodeJS.Platform): LockMechanism {
  if (platform === 'linux') return 'abstract-socket';
  if (platform === 'win32') return 'named-pipe';
  return 'socket-file';
}

export class DirectoryLock {
  private constructor(
    private readonly key: string,
    private readonly server: net.Server,
    private readonly socketFile: string | undefined,
  ) {}

  /** Takes the lock of an existing directory, or throws STORAGE.LOCKED saying who holds it. */
  static async acquire(dir: string, options: DirectoryLockOptions = {}): Promise<DirectoryLock> {
    const mechanism = options.mechanism ?? lockMechanismFor(process.platform);
    const realDir = fs.realpathSync.native(dir);
    if (locksHeldInThisProcess.has(realDir)) {
      throw new StorageError('STORAGE.LOCKED', `The event log in ${dir} is already open in this process`);
    }
    locksHeldInThisProcess.add(realDir);
    try {
      const address = lockAddress(realDir, mechanism);
      const socketFile = mechanism === 'socket-file' ? address : undefined;
      const giveUpAt = Date.now() + SILENT_OWNER_PATIENCE_MS;
      do {
        const server = await listenExclusively(address);
        if (server) return new DirectoryLock(realDir, server, socketFile);
        const owner = await askOwner(address);
        if (typeof owner === 'number') throw new StorageError('STORAGE.LOCKED', `The event log in ${dir} is open in process ${owner}`);
        if (owner === 'refused') {
          if (socketFile) removeFile(socketFile); // its owner died and left the file behind
          continue;
        }
        await delay(SILENT_OWNER_RETRY_MS);
      } while (Date.now() < giveUpAt);
      throw new StorageError(
        'STORAGE.LOCKED',
        `The event log in ${dir} is held by a process that does not say who it is (still stopping?); try again once it has exited`,
      );
    } catch (error) {
      locksHeldInThisProcess.delete(realDir);
      throw error;
    }
  }

  async release(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    if (this.socketFile) removeFile(this.socketFile);
    locksHeldInThisProcess.delete(this.key);
  }
}

function lockAddress(realDir: string, mechanism: LockMechanism): string {
  const hash = createHash('sha256').update(realDir).digest('hex').slice(0, 32);
  switch (mechanism) {
    case 'abstract-socket':
      return `\0hindsight-event-log-${hash}`;
    case 'named-pipe':
      return `\\\\.\\pipe\\hindsight-event-log-${hash}`;
    case 'socket-file':
      return path.join(realDir, SOCKET_FILE_NAME);
    default:
      return assertNever(mechanism);
  }
}

/** The listening server, or undefined when another socket holds the address. */
function listenExclusively(address: string): Promise<net.Server | undefined> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((connection) => {
      connection.on('error', ignore);
      connection.end(String(process.pid));
    });
    server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(undefined) : reject(error)));
    server.listen(address, () => {
      server.removeAllListeners('error');
      server.on('error', ignore);
      server.unref(); // the lock never keeps the process alive by itself
      resolve(server);
    });
  });
}

/** The holder's pid; 'refused' when nothing listens (a stale socket file); 'silent' when it does not answer. */
function askOwner(address: string): Promise<number | 'refused' | 'silent'> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = net.connect(address);
    const settle = (result: number | 'refused' | 'silent') => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => settle('silent'), OWNER_ANSWER_MS);
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')));
    socket.on('end', () => {
      const pid = Number(answer);
      settle(Number.isSafeInteger(pid) && pid > 0 ? pid : 'silent');
    });
    socket.on('error', (error: NodeJS.ErrnoException) =>
      settle(error.code === 'ECONNREFUSED' || error.code === 'ENOENT' ? 'refused' : 'silent'),
    );
  });
}

function removeFile(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function ignore(): void {}

function assertNever(value: never): never {
  throw new Error(`Unexpected lock mechanism ${JSON.stringify(value)}`);
}
