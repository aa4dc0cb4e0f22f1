import { Module, type DynamicModule } from '@nestjs/common';
import { JourneyFindingsResolver } from './journey-findings.resolver';
import { JourneyReadModelModule } from './journey-read-model.module';
import { JourneyUpdatesPublisher, LIVE_UPDATES_SOURCE, type LiveUpdatesSource } from './journey-updates.publisher';
import { JourneysResolver } from './journeys.resolver';

/** Journeys, contacts, cases and metric summaries from the read store, and their live updates. */
@Module({})
export class JourneysModule {
  static forRoot(source: LiveUpdatesSource): DynamicModule {
    return {
      module: JourneysModule,
      imports: [JourneyReadModelModule],
      providers: [JourneysResolver, JourneyFindingsResolver, JourneyUpdatesPublisher, { provide: LIVE_UPDATES_SOURCE, useValue: source }],
    };
  }
}
