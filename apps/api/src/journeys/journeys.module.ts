import { Module } from '@nestjs/common';
import { JourneyReader } from './journey.reader';
import { JourneyUpdatesPublisher } from './journey-updates.publisher';
import { JourneysResolver } from './journeys.resolver';

/** Journeys, contacts, cases and metric summaries from the read store, and their live updates. */
@Module({ providers: [JourneyReader, JourneysResolver, JourneyUpdatesPublisher] })
export class JourneysModule {}
