/**
 * The production shape: the API does not run the projector; apps/projector's module does, in its
 * own Nest context, against the same event store and PostgreSQL. Live updates still reach the API's
 * subscribers, through PostgreSQL's NOTIFY. PGlite is one process by construction, so this needs
 * DATABASE_URL (CI sets it).
 */
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { customerKeyStoreFor } from '@hindsight/personal-data';
import { hindsightProjections } from '@hindsight/projections';
import { ProjectorModule } from '../../apps/projector/src/projector.module';
import { startApi, type RunningApi } from '../support/api';
import { recordEventsMutation } from '../support/facts';

const describeWithPostgres = process.env.DATABASE_URL ? describe : describe.skip;

if (!process.env.DATABASE_URL) {
  describe.skip('A separate projector feeding the API on PostgreSQL: SKIPPED because DATABASE_URL is not set', () => {
    it('runs only when DATABASE_URL points at a PostgreSQL server', () => undefined);
  });
}

describeWithPostgres('a projector in its own process', () => {
  let api: RunningApi;
  let projector: INestApplicationContext;

  beforeAll(async () => {
    api = await startApi({ HINDSIGHT_RUN_PROJECTOR: 'false' });
    const health = await api.graphql<{ health: { eventStore: { connectionString: string } } }>(
      '{ health { eventStore { connectionString } } }',
    );
    const keys = customerKeyStoreFor(api.config.keyStore);
    projector = await NestFactory.createApplicationContext(
      ProjectorModule.forRoot({
        eventStore: { mode: 'external', connectionString: health.data!.health.eventStore.connectionString },
        readStore: api.config.readStore,
        keys,
        projections: hindsightProjections(),
      }),
      { logger: false },
    );
    await projector.init();
  });

  afterAll(async () => {
    await projector?.close();
    await api?.stop();
  });

  it('pushes journey updates to the API subscribers once the other process commits', async () => {
    const client = createClient({
      url: `${(await api.app.getUrl()).replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${api.adminKey}` },
    });
    const received = new Promise<{ journeyUpdated: { id: string; metrics: { holds: { count: number } } } }>(
      (resolve, reject) => {
        client.subscribe<{ journeyUpdated: { id: string; metrics: { holds: { count: number } } } }>(
          { query: 'subscription { journeyUpdated(id: "contact-L-1") { id metrics { holds { count } } } }' },
          {
            // The two facts may be projected in one batch or two: wait for the update that has both.
            next: ({ data }) => {
              if (data!.journeyUpdated.metrics.holds.count === 1) resolve(data!);
            },
            error: reject,
            complete: () => undefined,
          },
        );
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 200));

    await api.graphql(recordEventsMutation, {
      facts: [
        {
          source: 'telephony',
          sourceEventId: 'live-1',
          occurredAt: '2026-03-05T10:00:00Z',
          stream: 'contact-L-1',
          event: { contactStarted: { channel: 'voice', direction: 'inbound', origin: 'inbound' } },
        },
        {
          source: 'telephony',
          sourceEventId: 'live-2',
          occurredAt: '2026-03-05T10:03:00Z',
          stream: 'contact-L-1',
          event: { holdStarted: { reason: 'Checking', customerConsent: 'yes' } },
        },
      ],
    });
    const update = await received;
    await client.dispose();

    expect(update.journeyUpdated).toEqual({ id: 'contact-L-1', metrics: { holds: { count: 1 } } });
  });
});
