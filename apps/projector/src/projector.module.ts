/**
 * The projector on its own: the event store, the read store and the projection runners, and
 * nothing else (no HTTP). In production it runs apart from the API and scales apart from it.
 */
import { Module, type DynamicModule } from '@nestjs/common';
import { EventStoreModule, type EventStoreConfig } from '@hindsight/event-store';
import { PersonalDataModule, type CustomerKeyStore } from '@hindsight/personal-data';
import { ProjectionsModule, type Projection } from '@hindsight/projections';
import { ReadStoreModule, type ReadStoreConfig } from '@hindsight/read-store';

export interface ProjectorConfig {
  readonly eventStore: EventStoreConfig;
  readonly readStore: ReadStoreConfig;
  /** The customers' keys: the projections need none, but keys an older version left in the read store move into it at startup. */
  readonly keys: CustomerKeyStore;
  readonly projections: readonly Projection[];
}

@Module({})
export class ProjectorModule {
  static forRoot(config: ProjectorConfig): DynamicModule {
    return {
      module: ProjectorModule,
      imports: [
        EventStoreModule.forRoot({ connection: config.eventStore }),
        ReadStoreModule.forRoot(config.readStore),
        PersonalDataModule.forRoot(config.keys),
        ProjectionsModule.forRoot({ projections: config.projections }),
      ],
    };
  }
}
