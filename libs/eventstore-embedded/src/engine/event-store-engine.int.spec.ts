/** The engine on its own, over a real log in a temporary directory: what the gRPC layer cannot show. */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreEngine } from './event-store-engine';
import type { ProposedEvent } from './recorded-event';

describe(EventStoreEngine.name, () => {
  let dataDir: string;
  let sut: EventStoreEngine;
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'engine-'));
    sut = await EventStoreEngine.open({ dataDir });
  });
  afterEach(async () => {
    await sut.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const anEvent = (contentType: string, data: string): ProposedEvent => ({
    id: randomUUID(),
    type: 'NoteAttached',
    contentType,
    data: Buffer.from(data),
    metadata: new Uint8Array(0),
  });

  const readBack = (streamName: string) => {
    const read = sut.readStream(streamName, 'start', 'forwards', 10);
    return read.found ? [...read.events].map((event) => ({ contentType: event.contentType, data: Buffer.from(event.data).toString() })) : [];
  };

  it('stores any content type other than application/json as application/octet-stream, keeping the data, across a restart', async () => {
    await sut.append('note-1', { kind: 'no_stream' }, [
      anEvent('text/plain', 'hello'),
      anEvent('application/json; charset=utf-8', '{"a":1}'),
      anEvent('application/json', '{"b":2}'),
      anEvent('application/octet-stream', 'bytes'),
    ]);
    const expected = [
      { contentType: 'application/octet-stream', data: 'hello' },
      { contentType: 'application/octet-stream', data: '{"a":1}' },
      { contentType: 'application/json', data: '{"b":2}' },
      { contentType: 'application/octet-stream', data: 'bytes' },
    ];
    expect(readBack('note-1')).toEqual(expected);
    await sut.close();
    sut = await EventStoreEngine.open({ dataDir });
    expect(readBack('note-1')).toEqual(expected);
  });
});

describe(`${EventStoreEngine.name} idempotency window`, () => {
  let dataDir: string;
  let sut: EventStoreEngine;
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'engine-'));
    sut = await EventStoreEngine.open({ dataDir, recentEventIds: 3 });
  });
  afterEach(async () => {
    await sut.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const anEvent = (id = randomUUID()): ProposedEvent => ({ id, type: 'Noted', contentType: 'application/json', data: Buffer.from('{}'), metadata: new Uint8Array(0) });
  const lastRevision = () => sut.lastStreamRevision('note-1');

  it('remembers the most recent ids, oldest first out, for retries with any', async () => {
    const events = Array.from({ length: 5 }, () => anEvent());
    for (const event of events) await sut.append('note-1', { kind: 'any' }, [event]);
    // The settings event and the first two notes were forgotten; the last three are still known.
    for (const event of events.slice(2)) await sut.append('note-1', { kind: 'any' }, [event]);
    expect(lastRevision()).toBe(4);
    await sut.append('note-1', { kind: 'any' }, [events[1]]);
    expect(lastRevision()).toBe(5);
  });

  it('keeps an id written again for as long as its latest write', async () => {
    const [first, second, third] = [anEvent(), anEvent(), anEvent()];
    await sut.append('note-1', { kind: 'any' }, [first]);
    await sut.append('note-2', { kind: 'any' }, [first]); // same id, another stream: written again
    await sut.append('note-1', { kind: 'any' }, [second]);
    await sut.append('note-1', { kind: 'any' }, [third]); // the first write's slot is reused here
    await sut.append('note-2', { kind: 'any' }, [first]);
    expect(sut.lastStreamRevision('note-2')).toBe(0);
  });
});
