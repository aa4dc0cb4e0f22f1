/**
 * EventStoreDB's system projections `$by_category` and `$by_event_type`, through the real client:
 * enabled through the Projections service, they link every event (earlier ones first, by catch-up,
 * then live) into `$ce-<category>` and `$et-<type>`, which read and subscribe with resolveLinkTos.
 */
import { randomUUID } from 'node:crypto';
import { AccessDeniedError, EventStoreDBClient, NotFoundError, START, StreamNotFoundError, binaryEvent, jsonEvent, type ResolvedEvent } from '@eventstore/db-client';
import { EmbeddedEventStore } from '@hindsight/eventstore-embedded';
import { collect } from '../support/events';
import { startEmbeddedStore, startSecureStore, type RunningSecureStore, type RunningStore } from '../support/embedded-store';

/** The first `count` events of a stream, by a subscription that waits for them (and for the stream to exist). */
async function firstOf(client: EventStoreDBClient, stream: string, count: number, resolveLinkTos = true): Promise<ResolvedEvent[]> {
  const subscription = client.subscribeToStream(stream, { fromRevision: START, resolveLinkTos });
  const events: ResolvedEvent[] = [];
  for await (const event of subscription) {
    events.push(event);
    if (events.length === count) break;
  }
  await subscription.unsubscribe();
  return events;
}

function originOf({ event }: ResolvedEvent): string {
  return `${(event!.data as { step: string }).step}@${event!.streamId}`;
}

const fact = (type: string, step: string) => jsonEvent({ type, data: { step } });

describe(`${EmbeddedEventStore.name} system projections`, () => {
  let sut: RunningStore;
  let category: string;
  beforeEach(async () => {
    sut = await startEmbeddedStore();
    category = `contact${randomUUID().slice(0, 8)}`;
  });
  afterEach(() => sut.stop());

  it('are stopped on a fresh store, as EventStoreDB’s standard projections are, and link nothing', async () => {
    await sut.client.appendToStream(`${category}-1`, [fact('ContactStarted', 'a')]);

    const status = await sut.client.getProjectionStatus('$by_category');

    expect(status).toMatchObject({ name: '$by_category', projectionStatus: 'Stopped' });
    await expect(collect(sut.client.readStream(`$ce-${category}`))).rejects.toBeInstanceOf(StreamNotFoundError);
  });

  it('$by_category links the events written before it was enabled, then new ones live, by the part of the stream name before the first dash', async () => {
    await sut.client.appendToStream(`${category}-1`, [fact('ContactStarted', 'a'), fact('HoldStarted', 'b')]);
    await sut.client.appendToStream(`${category}-2-x`, [fact('ContactStarted', 'c')]);
    await sut.client.appendToStream(`other${category}-1`, [fact('ContactStarted', 'elsewhere')]);
    await sut.client.appendToStream(category, [fact('ContactStarted', 'no dash, no category')]);
    await sut.client.appendToStream(`-${category}`, [fact('ContactStarted', 'nothing before the dash, no category')]);

    await sut.client.enableProjection('$by_category');
    const caughtUp = await firstOf(sut.client, `$ce-${category}`, 3);
    await sut.client.appendToStream(`${category}-3`, [fact('ContactDisconnected', 'd')]);
    const [, , , live] = await firstOf(sut.client, `$ce-${category}`, 4);

    expect(caughtUp.map(originOf)).toEqual([`a@${category}-1`, `b@${category}-1`, `c@${category}-2-x`]);
    expect(originOf(live)).toBe(`d@${category}-3`);
    expect(live.link).toMatchObject({ type: '$>', streamId: `$ce-${category}`, revision: 3n });
    expect((await sut.client.getProjectionStatus('$by_category')).projectionStatus).toBe('Running');
  });

  it('reads $ce-<category> without resolveLinkTos as the links themselves: `$>` events whose data is <revision>@<stream>', async () => {
    await sut.client.appendToStream(`${category}-1`, [fact('ContactStarted', 'a'), fact('HoldStarted', 'b')]);
    await sut.client.enableProjection('$by_category');
    await firstOf(sut.client, `$ce-${category}`, 2);

    const links = await collect(sut.client.readStream(`$ce-${category}`, { resolveLinkTos: false }));

    expect(links.map(({ event, link }) => ({ type: event!.type, data: Buffer.from(event!.data as Uint8Array).toString(), link }))).toEqual([
      { type: '$>', data: `0@${category}-1`, link: undefined },
      { type: '$>', data: `1@${category}-1`, link: undefined },
    ]);
  });

  it('categorises a link a client wrote into a user stream as the event it points to, as EventStoreDB does', async () => {
    await sut.client.appendToStream(`${category}-1`, [fact('ContactStarted', 'a')]);
    await sut.client.appendToStream(`${category}-links`, [binaryEvent({ type: '$>', data: Buffer.from(`0@${category}-1`) })]);

    await sut.client.enableProjection('$by_category');
    const linked = await firstOf(sut.client, `$ce-${category}`, 2);

    expect(linked.map(originOf)).toEqual([`a@${category}-1`, `a@${category}-1`]);
  });

  it('$by_event_type links each event into $et-<type>', async () => {
    const type = `HoldStarted${randomUUID().slice(0, 8)}`;
    await sut.client.appendToStream(`${category}-1`, [fact(type, 'a'), fact('ContactStarted', 'other type')]);
    await sut.client.appendToStream(`${category}-2`, [fact(type, 'b')]);

    await sut.client.enableProjection('$by_event_type');
    const linked = await firstOf(sut.client, `$et-${type}`, 2);

    expect(linked.map(originOf)).toEqual([`a@${category}-1`, `b@${category}-2`]);
  });

  it.each([
    ['deleted', (stream: string) => sut.client.deleteStream(stream)],
    ['tombstoned', (stream: string) => sut.client.tombstoneStream(stream)],
  ])('keeps the links to a %s stream, which resolve to nothing but the link, as on EventStoreDB', async (_how, remove) => {
    await sut.client.appendToStream(`${category}-1`, [fact('ContactStarted', 'gone')]);
    await sut.client.appendToStream(`${category}-2`, [fact('ContactStarted', 'kept')]);
    await sut.client.enableProjection('$by_category');
    await firstOf(sut.client, `$ce-${category}`, 2);

    await remove(`${category}-1`);
    const read = await collect(sut.client.readStream(`$ce-${category}`, { resolveLinkTos: true }));

    expect(read.map(({ event, link }) => ({ event: event && originOf({ event }), link: link && Buffer.from(link.data as Uint8Array).toString() }))).toEqual([
      { event: undefined, link: `0@${category}-1` },
      { event: `kept@${category}-2`, link: `0@${category}-2` },
    ]);
  });

  it('stays enabled across a restart, and links every event exactly once', async () => {
    await sut.client.appendToStream(`${category}-1`, [fact('ContactStarted', 'a')]);
    await sut.client.enableProjection('$by_category');
    await firstOf(sut.client, `$ce-${category}`, 1);
    await sut.client.appendToStream(`${category}-1`, [fact('HoldStarted', 'b')]);

    sut = await sut.restart();
    await sut.client.appendToStream(`${category}-2`, [fact('ContactStarted', 'c')]);
    await firstOf(sut.client, `$ce-${category}`, 3);
    const all = await collect(sut.client.readStream(`$ce-${category}`, { resolveLinkTos: true }));

    expect(all.map(originOf)).toEqual([`a@${category}-1`, `b@${category}-1`, `c@${category}-2`]);
    expect((await sut.client.getProjectionStatus('$by_category')).projectionStatus).toBe('Running');
  });

  it('links nothing new once disabled, and resumes where it stopped when enabled again', async () => {
    await sut.client.enableProjection('$by_category');
    await sut.client.appendToStream(`${category}-1`, [fact('ContactStarted', 'a')]);
    await firstOf(sut.client, `$ce-${category}`, 1);

    await sut.client.disableProjection('$by_category');
    const type = `HoldStarted${randomUUID().slice(0, 8)}`;
    await sut.client.appendToStream(`${category}-1`, [fact(type, 'b')]);
    // The other projection runs on the same commits: once it has linked b, a running $by_category would have too.
    await sut.client.enableProjection('$by_event_type');
    await firstOf(sut.client, `$et-${type}`, 1);
    const disabledStatus = await sut.client.getProjectionStatus('$by_category');
    const whileDisabled = await collect(sut.client.readStream(`$ce-${category}`, { resolveLinkTos: true }));
    await sut.client.enableProjection('$by_category');
    const resumed = await firstOf(sut.client, `$ce-${category}`, 2);

    expect(disabledStatus.projectionStatus).toBe('Stopped');
    expect(whileDisabled.map(originOf)).toEqual([`a@${category}-1`]);
    expect(resumed.map(originOf)).toEqual([`a@${category}-1`, `b@${category}-1`]);
  });

  it('stops as Faulted, saying why, when a stream it links into was tombstoned', async () => {
    await sut.client.tombstoneStream(`$ce-${category}`);
    await sut.client.appendToStream(`${category}-1`, [fact('ContactStarted', 'a')]);

    await sut.client.enableProjection('$by_category');
    let status = await sut.client.getProjectionStatus('$by_category');
    while (status.projectionStatus === 'Running') {
      await new Promise((resolve) => setTimeout(resolve, 10));
      status = await sut.client.getProjectionStatus('$by_category');
    }

    expect(status).toMatchObject({ projectionStatus: 'Faulted', stateReason: `Event stream '$ce-${category}' is deleted.` });
  });

  it('still starts when a client wrote garbage into a projection’s checkpoint stream, and reports that projection Faulted', async () => {
    await sut.client.enableProjection('$by_category');
    await sut.client.appendToStream('$projections-$by_category-checkpoint', [binaryEvent({ type: '$ProjectionCheckpoint', data: Buffer.from('garbage') })]);

    sut = await sut.restart();
    const status = await sut.client.getProjectionStatus('$by_category');

    expect(status).toMatchObject({ projectionStatus: 'Faulted', stateReason: '$by_category: the last event of $projections-$by_category-checkpoint is not JSON.' });
    await expect(sut.client.enableProjection('$by_category')).rejects.toThrow('is not JSON');
    expect((await sut.client.getProjectionStatus('$by_event_type')).projectionStatus).toBe('Stopped');
  });

  it('answers NotFound for a projection it does not have', async () => {
    await expect(sut.client.enableProjection('my-projection')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe(`${EmbeddedEventStore.name} system projections, secure`, () => {
  let sut: RunningSecureStore;
  beforeAll(async () => {
    sut = await startSecureStore();
  });
  afterAll(() => sut.stop());

  it('are managed by operators only (admin, ops), as on EventStoreDB, and link with resolveLinkTos over TLS', async () => {
    const category = `contact${randomUUID().slice(0, 8)}`;
    const anonymous = sut.clientAs();
    const ops = sut.clientAs({ username: 'ops', password: 'changeit' });
    try {
      await expect(anonymous.enableProjection('$by_category')).rejects.toBeInstanceOf(AccessDeniedError);
      await sut.admin.appendToStream(`${category}-1`, [fact('ContactStarted', 'a')]);

      await ops.enableProjection('$by_category');
      const [first] = await firstOf(sut.admin, `$ce-${category}`, 1);

      expect(originOf(first)).toBe(`a@${category}-1`);
    } finally {
      await anonymous.dispose();
      await ops.dispose();
    }
  });
});

