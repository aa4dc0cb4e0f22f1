/**
 * The secure store, as `npm run eventstore` starts it by default: TLS with its own certificate
 * authority, credentials checked on every call, and EventStoreDB's users, default ACLs and stream
 * ACLs, each refusal the AccessDeniedError the client raises against EventStoreDB.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AccessDeniedError, EventStoreDBClient, START, binaryEvent, jsonEvent } from '@eventstore/db-client';
import { EmbeddedEventStore } from '@hindsight/eventstore-embedded';
import { collect, numbersOf, testEvent, testEvents } from '../support/events';
import { startSecureStore, type RunningSecureStore } from '../support/embedded-store';

const OPS = { username: 'ops', password: 'changeit' };

describe(`${EmbeddedEventStore.name}, secure`, () => {
  let sut: RunningSecureStore;
  let ops: EventStoreDBClient;
  beforeAll(async () => {
    sut = await startSecureStore();
    ops = sut.clientAs(OPS);
  });
  afterAll(() => sut.stop());

  const userStream = () => `contact-${randomUUID()}`;

  describe('TLS', () => {
    it('serves a client that trusts its certificate authority', async () => {
      const stream = userStream();
      await sut.admin.appendToStream(stream, testEvents(2));

      expect(numbersOf(await collect(sut.admin.readStream(stream)))).toEqual([0, 1]);
    });

    it('is refused by a client that does not trust its certificate authority', async () => {
      const untrusting = EventStoreDBClient.connectionString(`esdb://admin:changeit@127.0.0.1:${sut.store.port}?tls=true`);
      try {
        await expect(untrusting.appendToStream(userStream(), [testEvent(0)])).rejects.toThrow();
      } finally {
        await untrusting.dispose();
      }
    });

    it('does not answer plaintext', async () => {
      const plaintext = EventStoreDBClient.connectionString(`esdb://127.0.0.1:${sut.store.port}?tls=false`);
      try {
        await expect(plaintext.appendToStream(userStream(), [testEvent(0)])).rejects.toThrow();
      } finally {
        await plaintext.dispose();
      }
    });

    it('keeps its certificates in an owner-only directory, the private keys readable by their owner alone', () => {
      const certs = join(sut.dataDir, 'certs');
      const mode = (file: string) => statSync(join(certs, file)).mode & 0o777;

      expect(mode('.')).toBe(0o700);
      expect(mode('ca.key')).toBe(0o600);
      expect(mode('node.key')).toBe(0o600);
      expect(sut.store.caFile).toBe(join(certs, 'ca.crt'));
    });
  });

  describe('authentication', () => {
    it('refuses anonymous reads and writes', async () => {
      const anonymous = sut.clientAs();

      await expect(anonymous.appendToStream(userStream(), [testEvent(0)])).rejects.toBeInstanceOf(AccessDeniedError);
      await expect(collect(anonymous.readStream(userStream()))).rejects.toBeInstanceOf(AccessDeniedError);
    });

    it('refuses a wrong password and an unknown user', async () => {
      const stream = userStream();
      await sut.admin.appendToStream(stream, [testEvent(0)]);

      for (const credentials of [
        { username: 'admin', password: 'wrong' },
        { username: 'AzureDiamond', password: 'hunter2' },
      ]) {
        await expect(sut.admin.appendToStream(stream, [testEvent(1)], { credentials })).rejects.toBeInstanceOf(AccessDeniedError);
        await expect(collect(sut.admin.readStream(stream, { credentials }))).rejects.toBeInstanceOf(AccessDeniedError);
        await expect(sut.admin.deleteStream(stream, { credentials })).rejects.toBeInstanceOf(AccessDeniedError);
      }
      expect(numbersOf(await collect(sut.admin.readStream(stream)))).toEqual([0]);
    });

    it('refuses a wrong password given as the connection default, which the client sends over BatchAppend', async () => {
      const wrong = sut.clientAs({ username: 'admin', password: 'wrong' });

      await expect(wrong.appendToStream(userStream(), [testEvent(0)])).rejects.toBeInstanceOf(AccessDeniedError);
    });
  });

  describe('default ACLs', () => {
    it('lets a user who is not an admin read, write and delete user streams', async () => {
      const stream = userStream();
      await ops.appendToStream(stream, testEvents(2));

      expect(numbersOf(await collect(ops.readStream(stream)))).toEqual([0, 1]);
      await ops.deleteStream(stream);
    });

    it('refuses such a user $all, system streams and their metadata', async () => {
      await expect(collect(ops.readAll({ fromPosition: START, maxCount: 1 }))).rejects.toBeInstanceOf(AccessDeniedError);
      await expect(collect(ops.readStream('$settings'))).rejects.toBeInstanceOf(AccessDeniedError);
      await expect(ops.appendToStream(`$system-${randomUUID()}`, [testEvent(0)])).rejects.toBeInstanceOf(AccessDeniedError);
      await expect(ops.appendToStream('$settings', [testEvent(0)])).rejects.toBeInstanceOf(AccessDeniedError);
      await expect(ops.setStreamMetadata('$all', { maxCount: 1 })).rejects.toBeInstanceOf(AccessDeniedError);
    });

    it('refuses such a user a subscription to $all', async () => {
      const subscription = ops.subscribeToAll({ fromPosition: START });
      const failed = new Promise<unknown>((resolve) => subscription.once('error', resolve));

      expect(await failed).toBeInstanceOf(AccessDeniedError);
    });

    it('lets admin read $all', async () => {
      const events = await collect(sut.admin.readAll({ fromPosition: START, maxCount: 1 }));

      expect(events.map((resolved) => resolved.event?.streamId)).toEqual(['$settings']);
    });

    it('does not resolve, for such a user, a link into a stream it may not read', async () => {
      const stream = userStream();
      await ops.appendToStream(stream, [binaryEvent({ type: '$>', data: Buffer.from('0@$settings') })]);

      const [link] = await collect(ops.readStream(stream, { resolveLinkTos: true }));

      expect(link.link?.streamId).toBe(stream);
      expect(link.event).toBeUndefined();
      const [asAdmin] = await collect(sut.admin.readStream(stream, { resolveLinkTos: true }));
      expect(asAdmin.event?.streamId).toBe('$settings');
    });
  });

  describe('$acl in stream metadata', () => {
    const adminsOnly = ['$admins'];

    it('decides who may write', async () => {
      const stream = userStream();
      await ops.appendToStream(stream, [testEvent(0)]);
      await sut.admin.setStreamMetadata(stream, { acl: { writeRoles: adminsOnly } });

      await expect(ops.appendToStream(stream, [testEvent(1)])).rejects.toBeInstanceOf(AccessDeniedError);
      expect(numbersOf(await collect(ops.readStream(stream)))).toEqual([0]);
    });

    it('decides who may read', async () => {
      const stream = userStream();
      await ops.appendToStream(stream, [testEvent(0)]);
      await sut.admin.setStreamMetadata(stream, { acl: { readRoles: adminsOnly } });

      await expect(collect(ops.readStream(stream))).rejects.toBeInstanceOf(AccessDeniedError);
      await ops.appendToStream(stream, [testEvent(1)]);
      expect(numbersOf(await collect(sut.admin.readStream(stream)))).toEqual([0, 1]);
    });

    it('decides who may delete', async () => {
      const stream = userStream();
      await ops.appendToStream(stream, [testEvent(0)]);
      await sut.admin.setStreamMetadata(stream, { acl: { deleteRoles: adminsOnly } });

      await expect(ops.deleteStream(stream)).rejects.toBeInstanceOf(AccessDeniedError);
      await expect(ops.tombstoneStream(stream)).rejects.toBeInstanceOf(AccessDeniedError);
      expect(numbersOf(await collect(ops.readStream(stream)))).toEqual([0]);
    });

    it('decides who may read and write the metadata itself', async () => {
      const stream = userStream();
      await ops.appendToStream(stream, [testEvent(0)]);
      await sut.admin.setStreamMetadata(stream, { acl: { metaReadRoles: adminsOnly, metaWriteRoles: adminsOnly } });

      await expect(ops.getStreamMetadata(stream)).rejects.toBeInstanceOf(AccessDeniedError);
      await expect(ops.setStreamMetadata(stream, { maxCount: 1 })).rejects.toBeInstanceOf(AccessDeniedError);
      expect((await sut.admin.getStreamMetadata(stream)).metadata?.acl?.metaWriteRoles).toEqual(adminsOnly);
    });

    it('grants by user name, beyond the default ACL of system streams', async () => {
      const stream = `$audit-${randomUUID()}`;
      await sut.admin.appendToStream(stream, [testEvent(0)]);
      await sut.admin.setStreamMetadata(stream, { acl: { readRoles: ['ops'] } });

      expect(numbersOf(await collect(ops.readStream(stream)))).toEqual([0]);
      await expect(ops.appendToStream(stream, [testEvent(1)])).rejects.toBeInstanceOf(AccessDeniedError);
    });
  });
});

describe(`${EmbeddedEventStore.name}, secure, with its own settings`, () => {
  it('takes the default ACL of user streams from $settings', async () => {
    const sut = await startSecureStore();
    try {
      const ops = sut.clientAs(OPS);
      const stream = `contact-${randomUUID()}`;
      await ops.appendToStream(stream, [testEvent(0)]);
      const userStreamAcl = { $r: '$all', $w: '$admins', $d: '$admins', $mr: '$all', $mw: '$admins' };
      await sut.admin.appendToStream('$settings', [jsonEvent({ type: '$settings', data: { $userStreamAcl: userStreamAcl, $systemStreamAcl: { $r: '$admins', $w: '$admins', $d: '$admins', $mr: '$admins', $mw: '$admins' } } })]);

      await expect(ops.appendToStream(stream, [testEvent(1)])).rejects.toBeInstanceOf(AccessDeniedError);
      expect(numbersOf(await collect(ops.readStream(stream)))).toEqual([0]);
    } finally {
      await sut.stop();
    }
  });

  it('checks the passwords it was given, not the default one', async () => {
    const sut = await startSecureStore({ security: { mode: 'secure', passwords: { admin: 'correct horse', ops: 'battery staple' } } });
    try {
      const stream = `contact-${randomUUID()}`;

      await expect(sut.admin.appendToStream(stream, [testEvent(0)])).rejects.toBeInstanceOf(AccessDeniedError);
      await sut.clientAs({ username: 'admin', password: 'correct horse' }).appendToStream(stream, [testEvent(0)]);
      expect(numbersOf(await collect(sut.clientAs({ username: 'ops', password: 'battery staple' }).readStream(stream)))).toEqual([0]);
    } finally {
      await sut.stop();
    }
  });

  it('keeps its certificate authority across restarts, so clients keep trusting it', async () => {
    const first = await startSecureStore();
    const authority = readFileSync(first.store.caFile);
    await first.store.stop();
    const second = await startSecureStore({}, first.dataDir);
    try {
      expect(readFileSync(second.store.caFile)).toEqual(authority);
      await second.admin.appendToStream(`contact-${randomUUID()}`, [testEvent(0)]);
    } finally {
      await Promise.all([first.admin.dispose()]);
      await second.stop();
    }
  });
});
