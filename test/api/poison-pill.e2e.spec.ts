/**
 * One bad fact must not halt the read side. Events another writer appended straight to the API's own
 * store through `@eventstore/db-client` (NUL bytes in a customerId and in a stream id, no
 * `$correlationId`, data and metadata that are not JSON objects) come before a good fact recorded
 * through `recordEvents`: the bad ones are quarantined, the good one is projected and pushed to a
 * subscriber, health counts what was set aside, and the admin query lists it.
 */
import { randomUUID } from 'node:crypto';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { appendPoisonPills } from '../projections/support/poison-pills';
import { projected, startApi, type RunningApi } from '../support/api';
import { recordEventsMutation, type RecordEventsBody } from '../support/facts';

interface QuarantinedEventBody {
  readonly projection: string;
  readonly position: string;
  readonly streamName: string;
  readonly eventType: string;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly attempts: number;
  readonly quarantinedAt: string;
}

const quarantinedEventsQuery = `query Quarantined($projection: String) {
  quarantinedEvents(projection: $projection) { projection position streamName eventType errorCode errorMessage attempts quarantinedAt }
}`;

describe('a poison pill in the store', () => {
  let api: RunningApi;
  const prefix = randomUUID().slice(0, 8);
  const customerId = `cust-${prefix}`;
  const goodStream = `contact-${prefix}-good`;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('is quarantined, and the good fact after it is projected, pushed to subscribers and readable', async () => {
    const subscriber = createClient({
      url: `${(await api.app.getUrl()).replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${api.adminKey}` },
    });
    // From position 0: whatever was committed before the subscription started is replayed, so no wait is needed.
    const pushed = new Promise<string>((resolve, reject) => {
      subscriber.subscribe<{ journeysChanged: { id: string } }>(
        { query: 'subscription Changed($customerId: String) { journeysChanged(filter: { customerId: $customerId }, after: "0") { id } }', variables: { customerId } },
        { next: ({ data }) => resolve(data!.journeysChanged.id), error: reject, complete: () => undefined },
      );
    });

    await appendPoisonPills(api.storeClient, prefix);
    const { data: recorded } = await api.graphql<RecordEventsBody>(recordEventsMutation, {
      facts: [
        {
          source: 'telephony',
          sourceEventId: `good-${prefix}`,
          occurredAt: '2026-03-01T10:05:00Z',
          stream: goodStream,
          event: { contactStarted: { channel: 'voice', direction: 'inbound', origin: 'inbound', customerId } },
        },
      ],
    });
    expect(recorded?.recordEvents.recorded).toBe(1);

    expect(await pushed).toBe(goodStream);
    await subscriber.dispose();
    await projected(api);
    const { data } = await api.graphql<{ journey: { id: string; contacts: { contactId: string }[] } | null }>(
      'query Journey($id: ID!) { journey(id: $id) { id contacts { contactId } } }',
      { id: goodStream },
    );
    expect(data?.journey).toEqual({ id: goodStream, contacts: [{ contactId: `${prefix}-good` }] });
  });

  it('is counted in health, for anyone, with the latest error for admins only', async () => {
    const healthQuery = '{ health { status projector { running quarantined projections { projection state quarantined } } } }';
    const { data } = await api.as({ headers: {} }).graphql(healthQuery);

    expect(data).toEqual({
      health: {
        status: 'ok',
        projector: {
          running: true,
          quarantined: 8,
          projections: [
            { projection: 'journeys', state: 'running', quarantined: 5 },
            { projection: 'reviews', state: 'running', quarantined: 3 },
          ],
        },
      },
    });
    const details = '{ health { projector { projections { projection lastQuarantineError } } } }';
    expect((await api.as({ headers: {} }).graphql(details)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const { data: forAdmin } = await api.graphql<{ health: { projector: { projections: { lastQuarantineError: string }[] } } }>(details);
    expect(forAdmin?.health.projector.projections.every((projection) => projection.lastQuarantineError.length > 0)).toBe(true);
  });

  it('is listed, with its position, stream, type and error, to admins only', async () => {
    const { data, errors } = await api.graphql<{ quarantinedEvents: QuarantinedEventBody[] }>(quarantinedEventsQuery, { projection: 'journeys' });
    expect(errors).toBeUndefined();

    const listed = data!.quarantinedEvents;
    expect(listed.map((entry) => entry.streamName).sort()).toEqual(
      [
        `contact-${prefix}-nul-customer`,
        `contact-${prefix}-nul\\u0000stream`,
        `contact-${prefix}-no-correlation`,
        `contact-${prefix}-data-not-object`,
        `contact-${prefix}-metadata-not-json`,
      ].sort(),
    );
    expect(listed.find((entry) => entry.streamName.endsWith('-nul-customer'))).toMatchObject({
      projection: 'journeys',
      eventType: 'ContactStarted',
      errorCode: expect.stringMatching(/^22/),
      attempts: 1,
      quarantinedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(listed.find((entry) => entry.streamName.endsWith('-no-correlation'))).toMatchObject({
      errorCode: 'EVENT_STORE.UNREADABLE_EVENT',
      errorMessage: expect.stringContaining('$correlationId'),
    });
    // In $all order, positions as decimal strings.
    const positions = listed.map((entry) => BigInt(entry.position));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect((await api.graphql<{ quarantinedEvents: unknown[] }>(quarantinedEventsQuery)).data?.quarantinedEvents).toHaveLength(8);
    expect((await api.as({ headers: {} }).graphql(quarantinedEventsQuery)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
