import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DirectoryLock, type LockMechanism } from './directory-lock';
import { compileStorageTo } from './testing/compile-storage';

let workDir: string;
let compiledPathOf: (source: string) => string;
let holderScript: string;
let dir: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(tmpdir(), 'directory-lock-'));
  compiledPathOf = compileStorageTo(path.join(workDir, 'compiled'));
  holderScript = compiledPathOf('testing/lock-holder.child.ts');
});

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(workDir, 'data-'));
});

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

/** Runs `command args` and resolves with the pid the lock holder prints once it holds the lock. */
function startHolder(command: string, args: string[]): Promise<number> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /READY (\d+)/.exec(output);
      if (ready) resolve(Number(ready[1]));
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', () => reject(new Error(`the lock holder exited: ${output}`)));
  });
}

function holdInAnotherProcess(lockDir: string, mechanism: LockMechanism): Promise<number> {
  return startHolder(process.execPath, [holderScript, lockDir, mechanism]);
}

async function untilZombie(pid: number): Promise<void> {
  // Field 3 of /proc/<pid>/stat is the state; the command name before it is in parentheses.
  while (fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z') await new Promise((resolve) => setTimeout(resolve, 5));
}

describe(DirectoryLock.name, () => {
  describe.each<LockMechanism>(['abstract-socket', 'socket-file'])('held by a %s', (mechanism) => {
    const linuxOnly = mechanism === 'abstract-socket' && process.platform !== 'linux' ? it.skip : it;

    linuxOnly('refuses a directory another live process holds, naming that process', async () => {
      const holder = await holdInAnotherProcess(dir, mechanism);

      await expect(DirectoryLock.acquire(dir, { mechanism })).rejects.toMatchObject({
        code: 'STORAGE.LOCKED',
        message: `The event log in ${dir} is open in process ${holder}`,
      });
    });

    linuxOnly('meets the same lock through another path to the same directory', async () => {
      const link = path.join(workDir, `link-${path.basename(dir)}`);
      fs.symlinkSync(dir, link);
      const holder = await holdInAnotherProcess(link, mechanism);

      await expect(DirectoryLock.acquire(dir, { mechanism })).rejects.toMatchObject({ message: expect.stringContaining(`process ${holder}`) });
    });

    linuxOnly('is free again the moment its holder is killed, before anyone reaps it', async () => {
      // sh starts the holder in the background and becomes `sleep`, which never reaps it: killed, it stays a zombie.
      const holder = await startHolder('sh', ['-c', '"$0" "$1" "$2" "$3" & exec sleep 120', process.execPath, holderScript, dir, mechanism]);
      process.kill(holder, 'SIGKILL');
      await untilZombie(holder);
      expect(() => process.kill(holder, 0)).not.toThrow(); // what a pid file would have taken for a live owner

      const sut = await DirectoryLock.acquire(dir, { mechanism });

      await sut.release();
    });
  });

  it('refuses a directory whose holder is alive but does not answer (its event loop is stuck), saying so', async () => {
    const stuck = `require(process.argv[1]).DirectoryLock.acquire(process.argv[2]).then(() => { console.log('READY ' + process.pid); for (;;); })`;
    await startHolder(process.execPath, ['-e', stuck, compiledPathOf('directory-lock.ts'), dir]);

    await expect(DirectoryLock.acquire(dir)).rejects.toMatchObject({
      code: 'STORAGE.LOCKED',
      message: expect.stringContaining('held by a process that does not say who it is'),
    });
  });

  it('takes over a socket file whose holder died without removing it', async () => {
    const socketFile = path.join(dir, 'LOCK.sock');
    const listener = "require('node:net').createServer().listen(process.argv[1], () => console.log('READY ' + process.pid))";
    const holder = await startHolder(process.execPath, ['-e', listener, socketFile]);
    const exited = new Promise((resolve) => children[children.length - 1].once('exit', resolve));
    process.kill(holder, 'SIGKILL');
    await exited;
    expect(fs.existsSync(socketFile)).toBe(true);

    const sut = await DirectoryLock.acquire(dir, { mechanism: 'socket-file' });

    await sut.release();
    expect(fs.existsSync(socketFile)).toBe(false);
  });
});
