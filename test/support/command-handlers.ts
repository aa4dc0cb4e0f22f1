/**
 * Command handlers under test, through the real command bus, against an embedded store in a fresh
 * temporary directory reached through the real client: the integration tier's one setup.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Type } from '@nestjs/common';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { EventStore, EventStoreModule } from '@hindsight/event-store';

export interface RunningHandlers {
  readonly commandBus: CommandBus;
  readonly eventStore: EventStore;
  stop(): Promise<void>;
}

export async function startCommandHandlers(handlers: readonly Type[]): Promise<RunningHandlers> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hindsight-handlers-'));
  const moduleRef = await Test.createTestingModule({
    imports: [CqrsModule.forRoot(), EventStoreModule.forRoot({ connection: { mode: 'embedded', dataDir, port: 0 } })],
    providers: [...handlers],
  }).compile();
  await moduleRef.init();
  return {
    commandBus: moduleRef.get(CommandBus),
    eventStore: moduleRef.get(EventStore),
    stop: async () => {
      await moduleRef.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
