/**
 * Owner-only files and directories, made durable, and erased by overwriting before unlinking: what
 * the file key store needs so that a destroyed key leaves no readable copy behind it.
 */
import { chmod, mkdir, open, unlink } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

export const PRIVATE_DIRECTORY_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** mkdir -p with owner-only access (also for a directory that was already there), durably. */
export async function privateDirectory(directory: string): Promise<void> {
  const firstCreated = await mkdir(directory, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
  await chmod(directory, PRIVATE_DIRECTORY_MODE);
  if (firstCreated === undefined) return;
  const stopAt = dirname(resolve(firstCreated));
  for (let created = resolve(directory); created !== stopAt; created = dirname(created)) await fsyncDirectory(dirname(created));
}

export async function fsyncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A new owner-only file with these bytes, on disk before it returns; refused if the name exists. */
export async function writeNewPrivateFile(path: string, bytes: Buffer): Promise<void> {
  const handle = await open(path, 'wx', PRIVATE_FILE_MODE);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Overwrites the file's bytes in place with zeros (every name of the inode then reads zeros), makes
 * that durable, then unlinks it. Says whether there was a file.
 */
export async function overwriteAndUnlink(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    await handle.write(Buffer.alloc(size), 0, size, 0);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await unlink(path);
  await fsyncDirectory(dirname(path));
  return true;
}

export function isErrno(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code;
}
