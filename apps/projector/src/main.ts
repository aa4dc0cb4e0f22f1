/**
 * Runs the projections alone, for production: reads EVENTSTORE_CONNECTION_STRING (required: a
 * standalone projector must not start an embedded store of its own) and DATABASE_URL (without it,
 * PGlite in HINDSIGHT_DATA_DIR, which allows this process only). Stops cleanly on SIGTERM/SIGINT.
 */
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { eventStoreConfigFromEnv } from '@hindsight/event-store';
import { customerKeyStoreFor, keyStoreConfigFromEnv } from '@hindsight/personal-data';
import { hindsightProjections, Projector } from '@hindsight/projections';
import { describeReadStore, readStoreConfigFromEnv } from '@hindsight/read-store';
import { ProjectorModule } from './projector.module';

async function main(): Promise<void> {
  const eventStore = eventStoreConfigFromEnv();
  if (eventStore.mode !== 'external') {
    throw new Error('EVENTSTORE_CONNECTION_STRING is required: in embedded mode the API process runs the projector');
  }
  const readStore = readStoreConfigFromEnv();
  const keys = customerKeyStoreFor(keyStoreConfigFromEnv(process.env, readStore));
  const projections = hindsightProjections();
  const app = await NestFactory.createApplicationContext(ProjectorModule.forRoot({ eventStore, readStore, keys, projections }), { abortOnError: false });
  app.enableShutdownHooks();
  const names = projections.map((projection) => projection.name).join(', ') || 'none';
  Logger.log(`Projecting into ${describeReadStore(readStore)} (projections: ${names})`, 'Projector');
  const projector = app.get(Projector);
  for (const status of await projector.status()) {
    Logger.log(`${status.projection}: ${status.eventsBehind} events, ${status.secondsBehind.toFixed(1)} s behind`, 'Projector');
  }
}

main().catch((error: unknown) => {
  Logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error), 'Projector');
  process.exit(1);
});
