/** What survives a restart of the embedded store, and what a restart has to re-read to rebuild its index. */
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { NO_STREAM, StreamDeletedError, StreamNotFoundError, type ResolvedEvent } from '@eventstore/db-client';
import { EmbeddedEventStore } from '@hindsight/eventstore-embedded';
import { collect, numbersOf, testEvents } from '../support/events';
import { startEmbeddedStore, temporaryDataDir, type RunningStore } from '../support/embedded-store';

const idsAndPositions = (events: ResolvedEvent[]) => events.map((resolved) => `${resolved.event!.id}@${resolved.event!.position!.commit}`);

describe(`${EmbeddedEventStore.name} restart`, () => {
  let sut: RunningStore;
  afterEach(() => sut.stop());

  async function writeHistory(store: RunningStore): Promise<void> {
    for (let stream = 0; stream < 20; stream++) await store.client.appendToStream(`case-${stream}`, testEvents(50));
    await store.client.setStreamMetadata('case-1', { maxCount: 5 });
    await store.client.deleteStream('case-2');
    await store.client.tombstoneStream('case-3');
  }

  async function expectHistoryIntact(store: RunningStore, allBefore: ResolvedEvent[]): Promise<void> {
    expect(idsAndPositions(await collect(store.client.readAll()))).toEqual(idsAndPositions(allBefore));
    expect(numbersOf(await collect(store.client.readStream('case-0')))).toHaveLength(50);
    expect(numbersOf(await collect(store.client.readStream('case-1')))).toEqual([45, 46, 47, 48, 49]);
    await expect(collect(store.client.readStream('case-2'))).rejects.toBeInstanceOf(StreamNotFoundError);
    await expect(collect(store.client.readStream('case-3'))).rejects.toBeInstanceOf(StreamDeletedError);
    const next = await store.client.appendToStream('case-0', testEvents(1, 50), { expectedRevision: 49n });
    expect(next.nextExpectedRevision).toBe(50n);
    const recreated = await store.client.appendToStream('case-2', testEvents(1), { expectedRevision: NO_STREAM });
    expect(recreated.nextExpectedRevision).toBe(50n);
  }

  it('keeps every event, position, revision, deletion and metadata across a clean restart', async () => {
    sut = await startEmbeddedStore();
    await writeHistory(sut);
    const allBefore = await collect(sut.client.readAll());
    sut = await sut.restart();
    await expectHistoryIntact(sut, allBefore);
  });

  it('restarts from its index snapshot without re-reading the log after a clean stop', async () => {
    sut = await startEmbeddedStore();
    await writeHistory(sut);
    const count = (await collect(sut.client.readAll())).length;
    sut = await sut.restart();
    expect(sut.store.startupReport).toEqual({ eventsFromSnapshot: count, eventsReplayedFromLog: 0 });
  });

  it('rebuilds the same index from the log alone when the snapshot is missing', async () => {
    sut = await startEmbeddedStore();
    await writeHistory(sut);
    const allBefore = await collect(sut.client.readAll());
    await sut.client.dispose();
    await sut.store.stop();
    rmSync(join(sut.dataDir, 'index.snapshot'));
    sut = await startEmbeddedStore({}, sut.dataDir);
    expect(sut.store.startupReport).toEqual({ eventsFromSnapshot: 0, eventsReplayedFromLog: allBefore.length });
    await expectHistoryIntact(sut, allBefore);
  });

  it('discards a snapshot newer than its log (a log restored from an earlier copy) and rebuilds the index from the log', async () => {
    sut = await startEmbeddedStore();
    await writeHistory(sut);
    const allBefore = await collect(sut.client.readAll());
    await sut.client.dispose();
    await sut.store.stop();
    const earlierLog = join(temporaryDataDir(), 'events.log');
    copyFileSync(join(sut.dataDir, 'events.log'), earlierLog);
    sut = await startEmbeddedStore({}, sut.dataDir);
    await sut.client.appendToStream('case-0', testEvents(30, 50), { expectedRevision: 49n });
    await sut.client.dispose();
    await sut.store.stop(); // its snapshot now ends past the end of the earlier log
    copyFileSync(earlierLog, join(sut.dataDir, 'events.log'));
    rmSync(join(earlierLog, '..'), { recursive: true, force: true });

    const messages: string[] = [];
    sut = await startEmbeddedStore({ log: (message) => messages.push(message) }, sut.dataDir);
    expect(messages.join('\n')).toMatch(/index snapshot .* does not match the event log/);
    expect(sut.store.startupReport).toEqual({ eventsFromSnapshot: 0, eventsReplayedFromLog: allBefore.length });
    await expectHistoryIntact(sut, allBefore);
    // The discarded snapshot was replaced: the next restart starts from a good one.
    const allAfter = await collect(sut.client.readAll());
    sut = await sut.restart();
    expect(sut.store.startupReport).toEqual({ eventsFromSnapshot: allAfter.length, eventsReplayedFromLog: 0 });
  });

  it("discards another log's snapshot and rebuilds the index from its own log", async () => {
    const other = await startEmbeddedStore();
    await other.client.appendToStream('contact-1', testEvents(7));
    await other.client.appendToStream('contact-2', testEvents(3));
    await other.client.dispose();
    await other.store.stop();
    sut = await startEmbeddedStore();
    await writeHistory(sut);
    const allBefore = await collect(sut.client.readAll());
    await sut.client.dispose();
    await sut.store.stop();
    copyFileSync(join(other.dataDir, 'index.snapshot'), join(sut.dataDir, 'index.snapshot'));
    rmSync(other.dataDir, { recursive: true, force: true });

    sut = await startEmbeddedStore({}, sut.dataDir);
    expect(sut.store.startupReport).toEqual({ eventsFromSnapshot: 0, eventsReplayedFromLog: allBefore.length });
    await expectHistoryIntact(sut, allBefore);
  });
});
