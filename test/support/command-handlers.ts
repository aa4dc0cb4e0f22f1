/**
 * Command handlers under test, through the real command bus, against an embedded store in a fresh
 * temporary directory reached through the real client: the integration tier's one setup. The
 * customers' keys (for personal fields) are files in the same directory, as on embedded defaults.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Type } from '@nestjs/common';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { EventStore, EventStoreModule } from '@hindsight/event-store';
import { CustomerKeyStore, FileCustomerKeyStore, PersonalDataModule } from '@hindsight/personal-data';
import { DEFAULT_SCHEMA_PREFIX, ReadStoreModule } from '@hindsight/read-store';

export interface RunningHandlers {
  readonly commandBus: CommandBus;
  readonly eventStore: EventStore;
  readonly customerKeys: CustomerKeyStore;
  stop(): Promise<void>;
}

export async function startCommandHandlers(handlers: readonly Type[]): Promise<RunningHandlers> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hindsight-handlers-'));
  const moduleRef = await Test.createTestingModule({
    imports: [
      CqrsModule.forRoot(),
      EventStoreModule.forRoot({ connection: { mode: 'embedded', dataDir } }),
      ReadStoreModule.forRoot({ kind: 'pglite', dataDir: join(dataDir, 'read-store') }),
      PersonalDataModule.forRoot(new FileCustomerKeyStore(join(dataDir, 'keys'), DEFAULT_SCHEMA_PREFIX)),
    ],
    providers: [...handlers],
  }).compile();
  await moduleRef.init();
  return {
    commandBus: moduleRef.get(CommandBus),
    eventStore: moduleRef.get(EventStore),
    customerKeys: moduleRef.get(CustomerKeyStore),
    stop: async () => {
      await moduleRef.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
