import { Module } from '@nestjs/common';
import { JourneyReadModelModule } from '../journeys/journey-read-model.module';
import { ReplayResolver } from './replay.resolver';
import { ReplayReader } from './replay.reader';
import { WhatIfResolver } from './what-if.resolver';

/** Stored journeys folded and judged again (as of a moment, step by step, under another rulebook); nothing is written. */
@Module({
  imports: [JourneyReadModelModule],
  providers: [ReplayReader, ReplayResolver, WhatIfResolver],
})
export class ReplayModule {}
