import { Module } from '@nestjs/common';
import { JourneyQueries } from '@hindsight/projections';
import { ReadStore } from '@hindsight/read-store';
import { JourneyReader } from './journey.reader';

/** The journey read model's queries, and the API's glue over them, for every module that reads journeys. */
@Module({
  providers: [{ provide: JourneyQueries, inject: [ReadStore], useFactory: (readStore: ReadStore) => new JourneyQueries(readStore) }, JourneyReader],
  exports: [JourneyQueries, JourneyReader],
})
export class JourneyReadModelModule {}
