/**
 * Takes a directory's lock and holds it until killed, printing `READY <pid>` once it holds it.
 *
 * Usage: node lock-holder.child.js <dir> [abstract-socket | named-pipe | socket-file]
 */
import { DirectoryLock, type LockMechanism } from '../directory-lock';

const [dir, mechanism] = process.argv.slice(2);
DirectoryLock.acquire(dir, { mechanism: mechanism as LockMechanism | undefined }).then(
  () => {
    process.stdout.write(`READY ${process.pid}\n`);
    setInterval(() => undefined, 1 << 30); // the lock alone does not keep a process alive
  },
  (error: Error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);
