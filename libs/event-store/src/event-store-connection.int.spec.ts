/**
 * The store the API embeds is reachable by the API alone: a Unix socket in an owner-only directory,
 * no TCP port, and a client that appends and reads through it.
 */
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { jsonEvent } from '@eventstore/db-client';
import { EventStoreConnection } from './event-store-connection';

/** The inodes of the TCP sockets this process listens on (Linux: /proc). */
function listeningTcpSockets(): Set<string> {
  const ours = new Set(
    readdirSync('/proc/self/fd').flatMap((fd) => {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`))?.[1];
        return inode ? [inode] : [];
      } catch {
        return []; // closed while we looked
      }
    }),
  );
  const LISTEN = '0A';
  const listening = ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((table) =>
    readFileSync(table, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((columns) => columns[3] === LISTEN)
      .map((columns) => columns[9]),
  );
  return new Set(listening.filter((inode) => ours.has(inode)));
}

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe(`${EventStoreConnection.name}, embedded`, () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'hindsight-connection-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('listens on a socket only its owner may open, in a directory only its owner may enter, and on no TCP port', async () => {
    const portsBefore = listeningTcpSockets();

    const sut = await EventStoreConnection.open({ mode: 'embedded', dataDir });
    try {
      const socketPath = sut.displayConnectionString.replace(/^unix:/, '');
      expect(socketPath).toBe(join(dataDir, 'socket', 'eventstore.sock'));
      expect(statSync(socketPath).isSocket()).toBe(true);
      expect(modeOf(socketPath)).toBe(0o600);
      expect(modeOf(dirname(socketPath))).toBe(0o700);
      expect(listeningTcpSockets()).toEqual(portsBefore);

      const stream = `contact-${randomUUID()}`;
      await sut.client.appendToStream(stream, jsonEvent({ type: 'Noted', data: { n: 1 } }));
      const events = [];
      for await (const resolved of sut.client.readStream(stream)) events.push(resolved.event?.data);
      expect(events).toEqual([{ n: 1 }]);
    } finally {
      await sut.close();
    }
  });

  it('falls back to an owner-only directory under the temporary directory when its own path is too long for a socket, and removes it at close', async () => {
    const deepDataDir = join(dataDir, 'd'.repeat(60), 'e'.repeat(60));

    const sut = await EventStoreConnection.open({ mode: 'embedded', dataDir: deepDataDir });
    let socketPath: string;
    try {
      socketPath = sut.displayConnectionString.replace(/^unix:/, '');
      expect(dirname(dirname(socketPath))).toBe(tmpdir());
      expect(modeOf(dirname(socketPath))).toBe(0o700);
      expect(modeOf(socketPath)).toBe(0o600);
      await sut.client.appendToStream(`contact-${randomUUID()}`, jsonEvent({ type: 'Noted', data: {} }));
    } finally {
      await sut.close();
    }
    expect(existsSync(dirname(socketPath))).toBe(false);
  });

  it('takes over the socket a process that died left behind', async () => {
    const socketPath = join(dataDir, 'socket', 'eventstore.sock');
    mkdirSync(dirname(socketPath), { mode: 0o700 });
    // A process killed while listening leaves its socket file, with nobody answering on it.
    spawnSync(process.execPath, ['-e', `require('node:net').createServer().listen(${JSON.stringify(socketPath)}, () => process.kill(process.pid, 'SIGKILL'))`]);
    expect(statSync(socketPath).isSocket()).toBe(true);

    const sut = await EventStoreConnection.open({ mode: 'embedded', dataDir });
    try {
      expect(sut.displayConnectionString).toBe(`unix:${socketPath}`);
      await sut.client.appendToStream(`contact-${randomUUID()}`, jsonEvent({ type: 'Noted', data: {} }));
    } finally {
      await sut.close();
    }
  });
});
